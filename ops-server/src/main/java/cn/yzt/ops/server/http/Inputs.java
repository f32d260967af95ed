package cn.yzt.ops.server.http;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.UUID;

/** Decoding of request fields at the boundary; every failure is a 400 with a precise code. */
final class Inputs {

    // SM2 certificates: the JDK's SunEC does not know the SM2 curve; BouncyCastle does.
    private static final java.security.Provider BC = new org.bouncycastle.jce.provider.BouncyCastleProvider();

    private Inputs() {
    }

    static String required(String s, int maxLength) {
        if (s == null || s.isEmpty() || s.length() > maxLength) {
            throw ApiException.badRequest();
        }
        return s;
    }

    static byte[] base64(String s, int maxDecoded) {
        required(s, maxDecoded * 4 / 3 + 4);
        try {
            byte[] b = Base64.getDecoder().decode(s);
            if (b.length == 0 || b.length > maxDecoded) {
                throw ApiException.badRequest();
            }
            return b;
        } catch (IllegalArgumentException ex) {
            throw ApiException.badRequest();
        }
    }

    static UUID uuid(String s) {
        required(s, 36);
        try {
            UUID u = UUID.fromString(s);
            if (!u.toString().equals(s.toLowerCase(java.util.Locale.ROOT))) {
                throw ApiException.badRequest();
            }
            return u;
        } catch (IllegalArgumentException ex) {
            throw ApiException.badRequest();
        }
    }

    static X509Certificate certificate(String b64) {
        byte[] der = base64(b64, 8192);
        try {
            X509Certificate c = (X509Certificate) CertificateFactory.getInstance("X.509", BC)
                    .generateCertificate(new ByteArrayInputStream(der));
            if (c == null || !java.util.Arrays.equals(c.getEncoded(), der)) {
                throw new ApiException(400, "invalid.certificate");
            }
            return c;
        } catch (CertificateException | RuntimeException ex) {
            if (ex instanceof ApiException a) {
                throw a;
            }
            throw new ApiException(400, "invalid.certificate");
        }
    }

    static long id(String pathParam) {
        if (pathParam == null || pathParam.isEmpty() || pathParam.length() > 18 || !pathParam.chars().allMatch(Character::isDigit)) {
            throw new ApiException(404, "NOT_FOUND");
        }
        return Long.parseLong(pathParam);
    }
}
