package cn.yzt.ops.tlcp;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Picks certificates by key usage, never by position: peers order dual-certificate chains
 * differently (a bgmprovider client session even drops the server's sign certificate).
 */
public final class CertificateRoles {

    private static final int DIGITAL_SIGNATURE = 0;
    private static final int KEY_ENCIPHERMENT = 2;
    private static final int DATA_ENCIPHERMENT = 3;
    private static final int KEY_AGREEMENT = 4;

    private CertificateRoles() {
    }

    public static boolean isCa(X509Certificate c) {
        return c.getBasicConstraints() >= 0;
    }

    /** End-entity certificate whose key usage has digitalSignature. */
    public static boolean isSign(X509Certificate c) {
        boolean[] ku = c.getKeyUsage();
        return !isCa(c) && ku != null && ku[DIGITAL_SIGNATURE];
    }

    /** End-entity certificate for key exchange, with no digitalSignature (so never taken for sign). */
    public static boolean isEnc(X509Certificate c) {
        boolean[] ku = c.getKeyUsage();
        return !isCa(c) && ku != null && !ku[DIGITAL_SIGNATURE]
                && (ku[KEY_ENCIPHERMENT] || ku[DATA_ENCIPHERMENT] || ku[KEY_AGREEMENT]);
    }

    public static Optional<X509Certificate> sign(X509Certificate[] chain) {
        if (chain == null) {
            return Optional.empty();
        }
        for (X509Certificate c : chain) {
            if (isSign(c)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    public static Optional<X509Certificate> enc(X509Certificate[] chain) {
        if (chain == null) {
            return Optional.empty();
        }
        for (X509Certificate c : chain) {
            if (isEnc(c)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** CA certificates a peer sent along, usable as intermediates (never as anchors). */
    public static List<X509Certificate> cas(X509Certificate[] chain) {
        List<X509Certificate> out = new ArrayList<>();
        if (chain != null) {
            for (X509Certificate c : chain) {
                if (isCa(c)) {
                    out.add(c);
                }
            }
        }
        return out;
    }
}
