package cn.yzt.ops.tlcp.pki;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.List;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * PEM files of the PKI tooling and the probe: certificates, CRLs, and SM2 private keys as
 * PKCS#8 encrypted with a password (PBES2, AES-256-CBC). Keys are rebuilt through KeyFactory
 * "EC": a key labelled "ECDSA" by BouncyCastle's PEM converter made one TLCP stack silently
 * send no client certificate.
 */
public final class PemFiles {

    private PemFiles() {
    }

    public static void writeCertificates(Path file, List<X509Certificate> certs) throws IOException {
        write(file, certs, false);
    }

    public static void writeCrl(Path file, X509CRL crl) throws IOException {
        write(file, List.of(crl), false);
    }

    /** Writes the key encrypted with the password (owner-only file mode where supported). */
    public static void writePrivateKey(Path file, PrivateKey key, char[] password) throws IOException {
        try {
            PKCS8Generator gen = new PKCS8Generator(PrivateKeyInfo.getInstance(key.getEncoded()),
                    new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC).setProvider(Bc.PROVIDER)
                            .setPassword(password).build());
            PemObject pem = gen.generate();
            write(file, List.of(pem), true);
        } catch (OperatorCreationException ex) {
            throw new IOException("cannot encrypt the private key", ex);
        }
    }

    public static void writeDer(Path file, byte[] der) throws IOException {
        Files.write(file, der);
    }

    public static List<X509Certificate> readCertificates(Path file) throws IOException {
        List<X509Certificate> out = new ArrayList<>();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser p = new PEMParser(r)) {
            for (Object o = p.readObject(); o != null; o = p.readObject()) {
                if (o instanceof X509CertificateHolder h) {
                    out.add(Bc.certificate(h.getEncoded()));
                }
            }
        } catch (GeneralSecurityException ex) {
            throw new PkiException("pki.file.unreadable", ex, file, ex.getMessage());
        }
        if (out.isEmpty()) {
            throw new PkiException("pki.file.unreadable", null, file, "no certificate");
        }
        return out;
    }

    public static X509CRL readCrl(Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser p = new PEMParser(r)) {
            Object o = p.readObject();
            if (o instanceof X509CRLHolder h) {
                return Bc.crl(h.getEncoded());
            }
        } catch (GeneralSecurityException ex) {
            throw new PkiException("pki.file.unreadable", ex, file, ex.getMessage());
        }
        throw new PkiException("pki.file.unreadable", null, file, "no CRL");
    }

    /** Reads an encrypted (or, if the password is null, a plain) PKCS#8 SM2 key. */
    public static PrivateKey readPrivateKey(Path file, char[] password) throws IOException {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser p = new PEMParser(r)) {
            Object o = p.readObject();
            PrivateKeyInfo info;
            if (o instanceof PKCS8EncryptedPrivateKeyInfo enc) {
                if (password == null) {
                    throw new PkiException("pki.password.wrong", null, file);
                }
                info = enc.decryptPrivateKeyInfo(new JceOpenSSLPKCS8DecryptorProviderBuilder()
                        .setProvider(Bc.PROVIDER).build(password));
            } else if (o instanceof PrivateKeyInfo plain) {
                info = plain;
            } else {
                throw new PkiException("pki.file.unreadable", null, file, "no private key");
            }
            return KeyFactory.getInstance("EC", Bc.PROVIDER).generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded()));
        } catch (PKCSException | OperatorCreationException ex) {
            throw new PkiException("pki.password.wrong", ex, file);
        } catch (GeneralSecurityException ex) {
            throw new PkiException("pki.file.unreadable", ex, file, ex.getMessage());
        }
    }

    /** PEM text of certificates, for printing. */
    public static String toPem(X509Certificate cert) throws IOException {
        StringWriter sw = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(sw)) {
            w.writeObject(cert);
        }
        return sw.toString();
    }

    private static void write(Path file, List<?> objects, boolean secret) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (secret) {
            Files.deleteIfExists(file);
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException ex) {
                Files.createFile(file);
            }
        }
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
             JcaPEMWriter w = new JcaPEMWriter(out)) {
            for (Object o : objects) {
                w.writeObject(o);
            }
        }
    }
}
