package cn.yzt.ops.server.cli;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

import org.bouncycastle.jce.provider.BouncyCastleProvider;

/** PEM certificates, parsed with BouncyCastle (the JDK does not know the SM2 curve). */
final class Pem {

    private Pem() {
    }

    static List<X509Certificate> certificates(String pem) throws CertificateException {
        CertificateFactory cf = CertificateFactory.getInstance("X.509", new BouncyCastleProvider());
        List<X509Certificate> out = new ArrayList<>();
        for (java.security.cert.Certificate c : cf.generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
            out.add((X509Certificate) c);
        }
        return out;
    }
}
