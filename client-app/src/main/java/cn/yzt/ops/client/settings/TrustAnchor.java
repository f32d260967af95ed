package cn.yzt.ops.client.settings;

import cn.yzt.ops.protocol.crypto.Sm2;
import cn.yzt.ops.protocol.evidence.Certificates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * One trust anchor as the settings screen shows it: subject, validity and the SM3 fingerprint of
 * its DER encoding, which the administrator compares with the one the security officer published
 * (a PEM file from an e-mail is only as good as that comparison).
 */
public record TrustAnchor(String subject, String issuer, Instant notBefore, Instant notAfter, String sm3Fingerprint,
        boolean selfSigned) {

    private static final long MAX_FILE = 1L << 20;

    public static TrustAnchor of(X509Certificate c) {
        try {
            return new TrustAnchor(c.getSubjectX500Principal().getName(), c.getIssuerX500Principal().getName(),
                    c.getNotBefore().toInstant(), c.getNotAfter().toInstant(), fingerprint(c.getEncoded()),
                    c.getSubjectX500Principal().equals(c.getIssuerX500Principal()));
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("unencodable certificate", e);
        }
    }

    /** SM3 over the DER bytes, upper-case hex in colon-separated pairs. */
    public static String fingerprint(byte[] der) {
        String hex = HexFormat.of().withUpperCase().formatHex(Sm2.sm3(der));
        StringBuilder b = new StringBuilder(hex.length() * 3 / 2);
        for (int i = 0; i < hex.length(); i += 2) {
            if (i > 0) {
                b.append(':');
            }
            b.append(hex, i, i + 2);
        }
        return b.toString();
    }

    public boolean expiredAt(Instant t) {
        return t.isAfter(notAfter) || t.isBefore(notBefore);
    }

    /** The certificates of a PEM (or DER) file; {@link SettingsProblem} with a message key when unusable. */
    public static List<X509Certificate> readCertificates(Path file) throws SettingsProblem {
        byte[] bytes = readSmall(file, SettingKey.TRUST, "trust");
        List<X509Certificate> certs;
        try {
            certs = Certificates.parse(bytes);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new SettingsProblem(SettingKey.TRUST, "trust.noCertificates", file);
        }
        if (certs.isEmpty()) {
            throw new SettingsProblem(SettingKey.TRUST, "trust.noCertificates", file);
        }
        return certs;
    }

    public static List<TrustAnchor> describe(List<X509Certificate> certs) {
        List<TrustAnchor> out = new ArrayList<>();
        certs.forEach(c -> out.add(of(c)));
        return out;
    }

    /** A bounded read with a clear problem for missing/unreadable/too large. */
    static byte[] readSmall(Path file, SettingKey key, String prefix) throws SettingsProblem {
        if (!Files.exists(file)) {
            throw new SettingsProblem(key, prefix + ".missing", file);
        }
        try {
            if (!Files.isRegularFile(file) || Files.size(file) > MAX_FILE) {
                throw new SettingsProblem(key, prefix + ".unreadable", file);
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new SettingsProblem(key, prefix + ".unreadable", file);
        }
    }
}
