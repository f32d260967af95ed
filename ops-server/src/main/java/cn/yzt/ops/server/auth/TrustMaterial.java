package cn.yzt.ops.server.auth;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CRLException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * Trust anchors for UKEY certificates and the CRLs that go with them. Immutable: a CRL refresh
 * builds a new instance and swaps it in ({@link CertificateChecker#update}).
 */
public record TrustMaterial(List<X509Certificate> anchors, List<X509CRL> crls) {

    public TrustMaterial {
        anchors = List.copyOf(anchors);
        crls = List.copyOf(crls);
    }

    /** Loads anchors (PEM, several certificates) and CRL files (PEM or DER). */
    public static TrustMaterial load(Path anchorsPem, List<Path> crlFiles) throws IOException {
        try {
            // BouncyCastle: the JDK cannot parse SM2 public keys.
            CertificateFactory cf = CertificateFactory.getInstance("X.509", new org.bouncycastle.jce.provider.BouncyCastleProvider());
            List<X509Certificate> anchors = new ArrayList<>();
            try (InputStream in = Files.newInputStream(anchorsPem)) {
                for (java.security.cert.Certificate c : cf.generateCertificates(in)) {
                    anchors.add((X509Certificate) c);
                }
            }
            List<X509CRL> crls = new ArrayList<>();
            for (Path p : crlFiles) {
                if (Files.exists(p)) {
                    try (InputStream in = Files.newInputStream(p)) {
                        crls.add((X509CRL) cf.generateCRL(in));
                    }
                }
            }
            return new TrustMaterial(anchors, crls);
        } catch (CertificateException | CRLException ex) {
            throw new IOException("cannot read trust anchors or CRLs", ex);
        }
    }
}
