package cn.yzt.ops.skf.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.util.encoders.Hex;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import cn.yzt.ops.protocol.pki.Sm2PublicKeyInfo;
import cn.yzt.ops.skf.Application;
import cn.yzt.ops.skf.Container;
import cn.yzt.ops.skf.EnvelopedKeys;
import cn.yzt.ops.skf.SkfLibrary;
import cn.yzt.ops.skf.UKey;
import cn.yzt.ops.skf.jca.OpenSsl;

/** The ukey CLI against the real native soft UKEY, in-process, PINs from an env map. */
class UkeyCliTest {

    @TempDir
    static Path shared;

    static CliProvisionedToken token;

    @BeforeAll
    static void provisionWithTheCli() {
        token = CliProvisionedToken.provision(shared, "UK-CLI", EnvelopedKeys.Placement.RIGHT_ALIGNED_32);
    }

    private static String[] withContainer(String... args) {
        List<String> all = new ArrayList<>(List.of("--container", CliProvisionedToken.CONTAINER));
        all.addAll(List.of(args));
        return all.toArray(String[]::new);
    }

    @Test
    void listsWhatWasProvisioned() {
        CliRunner.Result devices = CliProvisionedToken.ok(token.cli.run("devices"));
        assertThat(devices.out().trim()).isEqualTo("UK-CLI");

        CliRunner.Result apps = CliProvisionedToken.ok(token.cli.run("apps"));
        assertThat(apps.out()).contains(CliProvisionedToken.APP).contains("用户口令剩余 6/6 次");

        CliRunner.Result containers = CliProvisionedToken.ok(token.cli.run("containers"));
        assertThat(containers.out()).contains(CliProvisionedToken.CONTAINER)
                .contains("签名密钥 有").contains("签名证书 有").contains("加密密钥 有").contains("加密证书 有");

        CliRunner.Result certs = CliProvisionedToken.ok(token.cli.run("certs"));
        assertThat(certs.out()).contains("签名证书").contains("加密证书").contains("CN=张三")
                .contains("SM3 指纹");

        CliRunner.Result info = CliProvisionedToken.ok(token.cli.run("--lang", "en", "info"));
        assertThat(info.out()).contains("Device: UK-CLI").contains("SM2 supported: yes");
    }

    @Test
    void csrMadeOnTheTokenVerifiesAndCarriesTheTokenSignKey() throws Exception {
        PKCS10CertificationRequest csr = token.csr;
        assertThat(csr.isSignatureValid(new JcaContentVerifierProviderBuilder().setProvider(TestCa.BC)
                .build(csr.getSubjectPublicKeyInfo()))).isTrue();
        assertThat(csr.getSignatureAlgorithm().getAlgorithm().getId()).isEqualTo("1.2.156.10197.1.501");
        assertThat(csr.getSubject().toString()).contains("CN=张三").contains("C=CN");
        try (SessionForTest s = SessionForTest.open(token)) {
            PublicKey onToken = s.container.publicKey(true).orElseThrow();
            assertThat(csr.getSubjectPublicKeyInfo()).isEqualTo(Sm2PublicKeyInfo.of(onToken));
        }
    }

    @Test
    void csrWithTheGmt0010OidAndDerOutput() throws Exception {
        Path der = shared.resolve("request-0010.der");
        CliProvisionedToken.ok(token.cli.run(withContainer("csr", "--subject", "CN=李四,O=YZT,C=CN",
                "--out", der.toString(), "--gmt0010", "--pin-env", CliRunner.USER_PIN_VAR)));
        PKCS10CertificationRequest csr = new PKCS10CertificationRequest(Files.readAllBytes(der));
        assertThat(csr.getSignatureAlgorithm().getAlgorithm().getId()).isEqualTo("1.2.156.10197.1.301.1");
        // BouncyCastle has no verifier name for sm2-1: check the SM3withSM2 signature over the request info.
        Signature v = Signature.getInstance("SM3withSM2", TestCa.BC);
        v.initVerify(TestCa.publicKey(csr.getSubjectPublicKeyInfo()));
        v.update(csr.toASN1Structure().getCertificationRequestInfo().getEncoded("DER"));
        assertThat(v.verify(csr.getSignature())).isTrue();
    }

    @Test
    void exportCertReturnsWhatWasImported() throws Exception {
        CliRunner.Result pem = CliProvisionedToken.ok(token.cli.run("export-cert", "--sign"));
        assertThat(pem.out()).startsWith("-----BEGIN CERTIFICATE-----");
        Path encOut = shared.resolve("exported-enc.der");
        CliProvisionedToken.ok(token.cli.run("export-cert", "--enc", "--out", encOut.toString()));
        assertThat(new X509CertificateHolder(Files.readAllBytes(encOut))).isEqualTo(token.encCert);
        Path signOut = shared.resolve("exported-sign.pem");
        CliProvisionedToken.ok(token.cli.run("export-cert", "--sign", "--out", signOut.toString()));
        assertThat(CliProvisionedToken.readPem(signOut)).isEqualTo(token.signCert);
    }

    @Test
    void ukeySignOutputVerifiesWithOpenSslAndBouncyCastle() throws Exception {
        Path in = Files.writeString(shared.resolve("statement.json"), "{\"purpose\":\"login\",\"user\":\"张三\"}");
        Path sig = shared.resolve("statement.sig");
        CliProvisionedToken.ok(token.cli.run("sign", "--in", in.toString(), "--out", sig.toString(),
                "--pin-env", CliRunner.USER_PIN_VAR));

        Signature bc = Signature.getInstance("SM3withSM2", TestCa.BC);
        bc.initVerify(TestCa.certificate(token.signCert).getPublicKey());
        bc.update(Files.readAllBytes(in));
        assertThat(bc.verify(Files.readAllBytes(sig))).isTrue();

        // OpenSSL reads the public key from the certificate file itself.
        String pub = OpenSsl.publicKeyOfCertificate(token.signCertFile);
        OpenSsl.Verification v = OpenSsl.verifyWithPem(shared, in, sig, pub, "1234567812345678");
        assertThat(v.ok()).as(v.output()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(EnvelopedKeys.Placement.class)
    void importEncKeyPairAcceptsEveryPlacement(EnvelopedKeys.Placement placement, @TempDir Path dir)
            throws Exception {
        CliProvisionedToken t = CliProvisionedToken.provision(dir, "UK-" + placement, placement);
        try (SessionForTest s = SessionForTest.open(t)) {
            PublicKey enc = s.container.publicKey(false).orElseThrow();
            assertThat(Sm2PublicKeyInfo.of(enc)).isEqualTo(Sm2PublicKeyInfo.of(t.encKeyPair.getPublic()));
        }
    }

    @Test
    void noCommandEverOutputsTheEncPrivateKey() throws Exception {
        byte[] d = TestCa.scalar(token.encKeyPair);
        List<String> forbidden = List.of(Hex.toHexString(d), Hex.toHexString(d).toUpperCase(Locale.ROOT),
                Base64.getEncoder().encodeToString(d), Base64.getMimeEncoder().encodeToString(d));
        // Exercise the read-only commands once more so their output is in the history too.
        token.cli.run("certs");
        token.cli.run("containers");
        token.cli.run("export-cert", "--enc");
        token.cli.run("info");
        StringBuilder all = new StringBuilder();
        for (CliRunner.Result r : token.cli.history()) {
            all.append(r.out()).append(r.err());
        }
        try (var files = Files.list(shared)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                byte[] content = Files.readAllBytes(f);
                all.append(new String(content, StandardCharsets.ISO_8859_1));
                all.append(Hex.toHexString(content));
            }
        }
        for (String s : forbidden) {
            assertThat(all.toString()).doesNotContain(s);
        }
        assertThat(all.toString()).doesNotContain(new String(d, StandardCharsets.ISO_8859_1));
    }

    @Test
    void wrongPinExits3WithTriesLeft(@TempDir Path dir) {
        CliProvisionedToken t = CliProvisionedToken.blank(dir, "UK-PIN").initApp();
        t.cli.env().put("WRONG", "not-the-pin");
        CliRunner.Result r = t.cli.run("verify-pin", "--pin-env", "WRONG");
        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.PIN);
        assertThat(r.err()).contains("口令错误，还可尝试 5 次");

        CliRunner.Result en = t.cli.run("--lang", "en", "verify-pin", "--pin-env", "WRONG");
        assertThat(en.code()).isEqualTo(ExitCodes.PIN);
        assertThat(en.err()).contains("Wrong PIN, 4 tries left");
        assertThat(r.err() + en.err()).doesNotContain("not-the-pin");

        CliRunner.Result good = t.cli.run("verify-pin", "--pin-env", CliRunner.USER_PIN_VAR);
        assertThat(good.code()).as(good.toString()).isZero();
    }

    @Test
    void pinChangeUnblockAndLock(@TempDir Path dir) {
        CliProvisionedToken t = CliProvisionedToken.blank(dir, "UK-PIN2").initApp();
        t.cli.env().put("NEW", "new-user-pin-99");
        t.cli.env().put("WRONG", "wrong");
        CliProvisionedToken.ok(t.cli.run("change-pin", "--pin-env", CliRunner.USER_PIN_VAR, "--new-pin-env", "NEW"));
        CliProvisionedToken.ok(t.cli.run("verify-pin", "--pin-env", "NEW"));
        for (int i = 0; i < 6; i++) {
            t.cli.run("verify-pin", "--pin-env", "WRONG");
        }
        CliRunner.Result locked = t.cli.run("verify-pin", "--pin-env", "NEW");
        assertThat(locked.code()).isEqualTo(ExitCodes.PIN);
        assertThat(locked.err()).contains("口令已锁定");
        CliProvisionedToken.ok(t.cli.run("unblock", "--admin-pin-env", CliRunner.ADMIN_PIN_VAR,
                "--new-pin-env", CliRunner.USER_PIN_VAR));
        CliProvisionedToken.ok(t.cli.run("verify-pin", "--pin-env", CliRunner.USER_PIN_VAR));
        CliProvisionedToken.ok(t.cli.run("verify-pin", "--admin", "--admin-pin-env", CliRunner.ADMIN_PIN_VAR));
    }

    @Test
    void usageErrorsExit2WithAClearMessage() throws Exception {
        CliRunner.Result missing = token.cli.run("csr");
        assertThat(missing.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(missing.err()).contains("用法错误").contains("--subject");

        assertThat(token.cli.run("frobnicate").code()).isEqualTo(ExitCodes.USAGE);
        assertThat(token.cli.run("import-cert", "--sign", "--enc", "x").code()).isEqualTo(ExitCodes.USAGE);

        CliRunner.Result badDn = token.cli.run(withContainer("csr", "--subject", "this is not a DN",
                "--out", shared.resolve("x.pem").toString(), "--pin-env", CliRunner.USER_PIN_VAR));
        assertThat(badDn.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(badDn.err()).contains("证书主题格式错误");

        CliRunner.Result noFile = token.cli.run("import-enc-keypair", shared.resolve("nope.der").toString(),
                "--pin-env", CliRunner.USER_PIN_VAR);
        assertThat(noFile.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(noFile.err()).contains("文件不存在");

        Path notEnvelope = Files.write(shared.resolve("not-envelope.der"), token.signCert.getEncoded());
        CliRunner.Result bad = token.cli.run("--lang", "en", "import-enc-keypair", notEnvelope.toString(),
                "--pin-env", CliRunner.USER_PIN_VAR);
        assertThat(bad.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err()).contains("is not an importable GM/T 0009 envelope");

        CliRunner.Result noEnv = token.cli.run("verify-pin", "--pin-env", "NO_SUCH_VARIABLE");
        assertThat(noEnv.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(noEnv.err()).contains("NO_SUCH_VARIABLE");

        CliRunner.Result mismatch = token.cli.run(withContainer("import-cert", "--sign",
                token.encCertFile.toString(), "--pin-env", CliRunner.USER_PIN_VAR));
        assertThat(mismatch.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(mismatch.err()).contains("不一致");
    }

    @Test
    void noDeviceExits4(@TempDir Path dir) throws Exception {
        Path lib = cn.yzt.ops.skf.testing.SoftUkey.prepare(dir.resolve("empty-tokens"));
        CliRunner cli = new CliRunner(lib);
        CliRunner.Result info = cli.run("info");
        assertThat(info.code()).as(info.toString()).isEqualTo(ExitCodes.DEVICE);
        assertThat(info.err()).contains("未发现 UKEY");
        assertThat(cli.run("devices").code()).isEqualTo(ExitCodes.DEVICE);
        CliRunner.Result sign = cli.run("--lang", "en", "sign", "--in", lib.toString(), "--out",
                dir.resolve("s").toString(), "--pin-env", CliRunner.USER_PIN_VAR);
        assertThat(sign.code()).isEqualTo(ExitCodes.DEVICE);
        assertThat(sign.err()).contains("No UKEY found");
    }

    @Test
    void unusableLibraryExits4AndSaysWhy(@TempDir Path dir) throws Exception {
        Path notALibrary = Files.writeString(dir.resolve("libfake.so"), "not an ELF file");
        CliRunner cli = new CliRunner(notALibrary);
        CliRunner.Result r = cli.run("--lang", "en", "devices");
        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.DEVICE);
        assertThat(r.err()).contains("SKF library unusable").contains("libfake.so").contains("NOT_A_LIBRARY");
        CliRunner.Result missing = cli.runRaw("--lib", dir.resolve("nope.so").toString(), "info");
        assertThat(missing.code()).isEqualTo(ExitCodes.DEVICE);
        assertThat(missing.err()).contains("SKF 驱动库不可用").contains("nope.so");
    }

    @Test
    void watchReportsInsertionAndStopsAfterCount(@TempDir Path dir) throws Exception {
        Path tokens = dir.resolve("watch-tokens");
        Path lib = cn.yzt.ops.skf.testing.SoftUkey.prepare(tokens);
        CliRunner cli = new CliRunner(lib);
        Thread inserter = new Thread(() -> {
            try {
                Thread.sleep(500);
                cn.yzt.ops.skf.testing.SoftUkey.createToken(tokens, "UK-HOTPLUG");
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        });
        inserter.start();
        CliRunner.Result r = cli.run("watch", "--count", "1", "--seconds", "20");
        inserter.join();
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("插入：UK-HOTPLUG");
    }

    /** Opens the provisioned container through the binding to look at it independently of the CLI. */
    static final class SessionForTest implements AutoCloseable {
        final UKey key;
        final Application app;
        final Container container;

        private SessionForTest(UKey key, Application app, Container container) {
            this.key = key;
            this.app = app;
            this.container = container;
        }

        static SessionForTest open(CliProvisionedToken t) {
            UKey key = SkfLibrary.load(t.library).connect(t.device);
            Application app = key.openApplication(CliProvisionedToken.APP);
            return new SessionForTest(key, app, app.openContainer(CliProvisionedToken.CONTAINER));
        }

        @Override
        public void close() {
            container.close();
            app.close();
            key.close();
        }
    }
}
