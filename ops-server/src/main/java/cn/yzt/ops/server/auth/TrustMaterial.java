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
 * Trust anchors for UKEY certificates, intermediate CA certificates between them and the UKEY
 * certificates (from the configuration: the login request carries only the end-entity
 * certificate), and the CRLs of all those CAs. Immutable: a CRL refresh builds a new instance and
 * swaps it in ({@link CertificateChecker#update}).
 */
public record TrustMaterial(List<X509Certificate> anchors, List<X509CRL> crls, List<X509Certificate> intermediates) {

    public TrustMaterial {
        anchors = List.copyOf(anchors);
        crls = List.copyOf(crls);
        intermediates = List.copyOf(intermediates);
    }

    /** Anchors issue the UKEY certificates directly. */
    public TrustMaterial(List<X509Certificate> anchors, List<X509CRL> crls) {
        this(anchors, crls, List.of());
    }

    /** Loads anchors (PEM, several certificates) and CRL files (PEM or DER). */
    public static TrustMaterial load(Path anchorsPem, List<Path> crlFiles) throws IOException {
        return load(anchorsPem, null, crlFiles);
    }

    /** As {@link #load(Path, List)}, plus intermediate CA certificates (PEM; null or a missing file = none). */
    public static TrustMaterial load(Path anchorsPem, Path intermediatesPem, List<Path> crlFiles) throws IOException {
        try {
            // BouncyCastle: the JDK cannot parse SM2 public keys.
            CertificateFactory cf = CertificateFactory.getInstance("X.509", new org.bouncycastle.jce.provider.BouncyCastleProvider());
            List<X509Certificate> anchors = certificates(cf, anchorsPem);
            List<X509Certificate> intermediates = intermediatesPem == null || !Files.exists(intermediatesPem)
                    ? List.of() : certificates(cf, intermediatesPem);
            List<X509CRL> crls = new ArrayList<>();
            for (Path p : crlFiles) {
                if (Files.exists(p)) {
                    try (InputStream in = Files.newInputStream(p)) {
                        crls.add((X509CRL) cf.generateCRL(in));
                    }
                }
            }
            return new TrustMaterial(anchors, crls, intermediates);
        } catch (CertificateException | CRLException ex) {
            throw new IOException("cannot read trust anchors, intermediates or CRLs", ex);
        }
    }

    private static List<X509Certificate> certificates(CertificateFactory cf, Path pem) throws IOException, CertificateException {
        List<X509Certificate> out = new ArrayList<>();
        try (InputStream in = Files.newInputStream(pem)) {
            for (java.security.cert.Certificate c : cf.generateCertificates(in)) {
                out.add((X509Certificate) c);
            }
        }
        return out;
    }
}
