package cn.yzt.ops.skf.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;

import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

import cn.yzt.ops.skf.EnvelopedKeys;
import cn.yzt.ops.skf.testing.SoftUkey;

/**
 * A soft UKEY provisioned entirely through the ukey CLI, as an operator would do it:
 * init-app, gen-key, csr; the test CA issues the sign certificate and the KMC seals an enc key
 * pair; then import-cert --sign/--enc and import-enc-keypair.
 */
public final class CliProvisionedToken {

    public static final String APP = "YZT-OPS";
    /** Deliberately also a subcommand name ("sign"), as vendor tools name containers: it must still parse as a value. */
    public static final String CONTAINER = "sign";
    public static final String SUBJECT = "CN=张三,OU=运维,O=一张图监管系统,C=CN";

    public final Path dir;
    public final Path library;
    public final String device;
    public final CliRunner cli;
    public final TestCa ca = new TestCa();
    public PKCS10CertificationRequest csr;
    public X509CertificateHolder signCert;
    public X509CertificateHolder encCert;
    public KeyPair encKeyPair;
    public Path signCertFile;
    public Path encCertFile;
    public Path envelopeFile;

    private CliProvisionedToken(Path dir, String device, String... quirks) {
        this.dir = dir;
        this.device = device;
        this.library = SoftUkey.prepare(dir.resolve("tokens"), quirks);
        SoftUkey.createToken(dir.resolve("tokens"), device);
        this.cli = new CliRunner(library);
    }

    /** A blank token with its own library copy and nothing on it. */
    public static CliProvisionedToken blank(Path dir, String device) {
        return new CliProvisionedToken(dir, device);
    }

    /** Fully provisioned (sign key + cert, enc key pair + cert) with the enc key placed as {@code placement}. */
    public static CliProvisionedToken provision(Path dir, String device, EnvelopedKeys.Placement placement,
                                                String... quirks) {
        CliProvisionedToken t = new CliProvisionedToken(dir, device, quirks);
        t.initApp().genKeyAndCsr().importCertificatesAndEncKey(placement);
        return t;
    }

    public CliProvisionedToken initApp() {
        ok(cli.run("--app", APP, "init-app", "--admin-pin-env", CliRunner.ADMIN_PIN_VAR,
                "--pin-env", CliRunner.USER_PIN_VAR));
        return this;
    }

    public CliProvisionedToken genKeyAndCsr() {
        ok(cli.run("--container", CONTAINER, "gen-key", "--pin-env", CliRunner.USER_PIN_VAR));
        Path csrFile = dir.resolve("request.pem");
        ok(cli.run("--container", CONTAINER, "csr", "--subject", SUBJECT, "--out", csrFile.toString(),
                "--pin-env", CliRunner.USER_PIN_VAR));
        csr = (PKCS10CertificationRequest) readPem(csrFile);
        return this;
    }

    public CliProvisionedToken importCertificatesAndEncKey(EnvelopedKeys.Placement placement) {
        try {
            signCert = ca.issueSign(csr);
            signCertFile = dir.resolve("sign.pem");
            Files.writeString(signCertFile, CliFiles.pem("CERTIFICATE", signCert.getEncoded()));
            encKeyPair = TestCa.newKeyPair();
            encCert = ca.issueEnc(csr.getSubject(), encKeyPair.getPublic());
            encCertFile = dir.resolve("enc.der");
            Files.write(encCertFile, encCert.getEncoded());
            cn.yzt.ops.protocol.pki.EnvelopedKeys.PrivateKeyFormat format = placement == EnvelopedKeys.Placement.FULL_64
                    ? cn.yzt.ops.protocol.pki.EnvelopedKeys.PrivateKeyFormat.FIELD_64 : cn.yzt.ops.protocol.pki.EnvelopedKeys.PrivateKeyFormat.D_32;
            byte[] envelope = ca.seal(TestCa.publicKey(csr.getSubjectPublicKeyInfo()), encKeyPair, format);
            envelopeFile = dir.resolve("enc-key.pem");
            Files.writeString(envelopeFile, CliFiles.pem("SM2 ENVELOPED KEY", envelope));
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        ok(cli.run("--container", CONTAINER, "import-cert", "--sign", signCertFile.toString(),
                "--pin-env", CliRunner.USER_PIN_VAR));
        ok(cli.run("--container", CONTAINER, "import-enc-keypair", envelopeFile.toString(),
                "--placement", placementOption(placement),
                "--pin-env", CliRunner.USER_PIN_VAR));
        ok(cli.run("--container", CONTAINER, "import-cert", "--enc", encCertFile.toString(),
                "--pin-env", CliRunner.USER_PIN_VAR));
        return this;
    }

    private static String placementOption(EnvelopedKeys.Placement p) {
        switch (p) {
            case FULL_64: return "full";
            case LEFT_ALIGNED_32: return "left";
            default: return "right";
        }
    }

    public static Object readPem(Path file) {
        try (PEMParser p = new PEMParser(new StringReader(Files.readString(file, StandardCharsets.US_ASCII)))) {
            return p.readObject();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    static CliRunner.Result ok(CliRunner.Result r) {
        assertThat(r.code()).as(r.toString()).isZero();
        return r;
    }
}
