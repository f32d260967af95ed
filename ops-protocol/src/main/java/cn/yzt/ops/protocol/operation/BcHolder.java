package cn.yzt.ops.protocol.operation;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;

import org.bouncycastle.jce.provider.BouncyCastleProvider;

/** One BouncyCastle provider instance, used explicitly (never installed globally: a library must not). */
final class BcHolder {

    static final Provider BC = new BouncyCastleProvider();

    private BcHolder() {
    }

    /** Parsed certificates by their exact DER bytes; bounded (cleared when full). */
    private static final java.util.concurrent.ConcurrentHashMap<java.nio.ByteBuffer, X509Certificate> PARSED =
            new java.util.concurrent.ConcurrentHashMap<>();
    private static final int MAX_PARSED = 4096;

    /**
     * Re-reads a certificate through BouncyCastle so its public key is an SM2-capable BC key. The
     * same DER bytes give the same (immutable) instance: BouncyCastle keeps the precomputed point
     * multiples on the public key, so an SM2 verification with a key seen before costs ~0.15 ms
     * instead of ~0.5 ms (measured with ops-server's LedgerBenchmark#componentCosts).
     */
    static X509Certificate certificate(byte[] der) throws GeneralSecurityException {
        java.nio.ByteBuffer key = java.nio.ByteBuffer.wrap(der.clone());
        X509Certificate cached = PARSED.get(key);
        if (cached != null) {
            return cached;
        }
        CertificateFactory f = CertificateFactory.getInstance("X.509", BC);
        X509Certificate c = (X509Certificate) f.generateCertificate(new ByteArrayInputStream(der));
        if (PARSED.size() >= MAX_PARSED) {
            PARSED.clear();
        }
        PARSED.put(key, c);
        return c;
    }
}
