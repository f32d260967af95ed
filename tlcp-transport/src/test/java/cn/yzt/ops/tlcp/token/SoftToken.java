package cn.yzt.ops.tlcp.token;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

import com.sun.jna.NativeLibrary;

import cn.yzt.ops.skf.cli.UkeyCli;
import cn.yzt.ops.skf.jca.SkfKeyStoreParameter;
import cn.yzt.ops.tlcp.pki.CertificateAuthority;
import cn.yzt.ops.tlcp.pki.IssuedEncKey;
import cn.yzt.ops.tlcp.pki.PemFiles;
import cn.yzt.ops.tlcp.pki.Validity;

/**
 * A soft UKEY provisioned the way an operator would, with this module's CA: the ukey CLI makes
 * the sign key and a CSR on the token, our CA certifies it, makes the enc key pair and seals it
 * (GM/T 0009) to the token's sign key, and the CLI imports both certificates and the envelope.
 */
public final class SoftToken {

    static final String APP = "YZT-OPS";
    public static final String CONTAINER = "admin-01";
    static final String SUBJECT = "CN=运维管理员王五,OU=运维,O=YZT,C=CN";
    static final String PIN = "user-pin-1234";
    private static final Map<String, String> ENV = Map.of("UKEY_PIN", PIN, "UKEY_ADMIN_PIN", "admin-pin-5678");
    private static final List<NativeLibrary> KEEP_LOADED = new ArrayList<>();

    final Path library;
    final Path tokenFile;
    final String device = "UK-TLCP";
    PKCS10CertificationRequest csr;
    X509Certificate signCert;
    IssuedEncKey enc;

    /** Null unless the soft UKEY was built (mvn -pl ops-protocol,soft-ukey,skf-binding,tlcp-transport). */
    static Path nativeDir() {
        String d = System.getProperty("yzt.softukey.native.dir");
        return d == null ? null : Paths.get(d);
    }

    public static boolean available() {
        Path d = nativeDir();
        return d != null && Files.isRegularFile(d.resolve("libsoftukey.so"))
                && Files.isRegularFile(d.resolve("softukey-mktoken"));
    }

    public SoftToken(Path dir, CertificateAuthority ca) throws Exception {
        Path tokens = Files.createDirectories(dir.resolve("tokens"));
        tokenFile = tokens.resolve(device + ".token");
        library = dir.resolve("libsoftukey-tlcp.so");
        Files.copy(nativeDir().resolve("libsoftukey.so"), library, StandardCopyOption.REPLACE_EXISTING);
        NativeLibrary lib = NativeLibrary.getInstance(library.toString());
        KEEP_LOADED.add(lib);
        int rc = lib.getFunction("SoftUKEY_Configure").invokeInt(new Object[] {tokens.toString(), ""});
        if (rc != 0) {
            throw new IllegalStateException("SoftUKEY_Configure failed: 0x" + Integer.toHexString(rc));
        }
        Process p = new ProcessBuilder(nativeDir().resolve("softukey-mktoken").toString(), "--dir", tokens.toString(),
                "--name", device).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("softukey-mktoken: " + out);
        }
        ukey("--app", APP, "init-app", "--admin-pin-env", "UKEY_ADMIN_PIN", "--pin-env", "UKEY_PIN");
        ukey("--app", APP, "--container", CONTAINER, "gen-key", "--pin-env", "UKEY_PIN");
        Path csrFile = dir.resolve("request.pem");
        ukey("--app", APP, "--container", CONTAINER, "csr", "--subject", SUBJECT, "--out", csrFile.toString(),
                "--pin-env", "UKEY_PIN");
        try (PEMParser r = new PEMParser(new StringReader(Files.readString(csrFile)))) {
            csr = (PKCS10CertificationRequest) r.readObject();
        }
        Validity year = Validity.fromNow(Duration.ofDays(365));
        signCert = ca.issueSignFromCsr(csr.getEncoded(), year, List.of());
        Path signFile = dir.resolve("sign.pem");
        PemFiles.writeCertificates(signFile, List.of(signCert));
        enc = ca.issueEncKey(SUBJECT, signCert.getPublicKey(), year);
        Path encFile = dir.resolve("enc.pem");
        PemFiles.writeCertificates(encFile, List.of(enc.certificate()));
        Path envelope = dir.resolve("enc-key.der");
        PemFiles.writeDer(envelope, enc.envelope());
        ukey("--app", APP, "--container", CONTAINER, "import-cert", "--sign", signFile.toString(), "--pin-env", "UKEY_PIN");
        ukey("--app", APP, "--container", CONTAINER, "import-enc-keypair", envelope.toString(), "--pin-env", "UKEY_PIN");
        ukey("--app", APP, "--container", CONTAINER, "import-cert", "--enc", encFile.toString(), "--pin-env", "UKEY_PIN");
    }

    /** The token's sign certificate (issued by the CA from the token's CSR). */
    public X509Certificate signCertificate() {
        return signCert;
    }

    /** The token's enc certificate (its key pair was imported sealed to the sign key). */
    public X509Certificate encCertificate() {
        return enc.certificate();
    }

    /** Unplugs the token: the soft UKEY notices that its file is gone. */
    void remove() throws IOException {
        Files.delete(tokenFile);
    }

    public KeyStore keyStore() throws Exception {
        KeyStore ks = KeyStore.getInstance("SKF", new cn.yzt.ops.skf.jca.SkfProvider());
        char[] pin = PIN.toCharArray();
        ks.load(SkfKeyStoreParameter.builder().library(library).device(device).application(APP)
                .pin(new KeyStore.PasswordProtection(pin)).build());
        java.util.Arrays.fill(pin, '\0');
        return ks;
    }

    private void ukey(String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of("--lib", library.toString()));
        all.addAll(List.of(args));
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int code = UkeyCli.run(all.toArray(new String[0]), ENV, new PrintStream(o, true, StandardCharsets.UTF_8),
                new PrintStream(e, true, StandardCharsets.UTF_8));
        if (code != 0) {
            throw new IllegalStateException("ukey " + all + " -> " + code + "\n" + o.toString(StandardCharsets.UTF_8)
                    + e.toString(StandardCharsets.UTF_8));
        }
    }
}
