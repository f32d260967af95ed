package cn.yzt.ops.skf.jca;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.List;
import java.util.concurrent.TimeUnit;

import cn.yzt.ops.protocol.pki.Sm2PublicKeyInfo;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * The OpenSSL 3 command line as an independent SM2 verifier. Missing openssl FAILS the test (CI
 * installs it): a skipped interoperability check would hide exactly the bugs it exists for.
 */
public final class OpenSsl {

    private OpenSsl() {
    }

    /** Result of {@code openssl pkeyutl -verify ... -pkeyopt distid:ID}: exit code and output. */
    public record Verification(int exitCode, String output) {
        public boolean ok() {
            return exitCode == 0 && output.contains("Signature Verified Successfully");
        }
    }

    public static Verification verify(Path dir, byte[] message, byte[] derSignature, PublicKey key, String id)
            throws IOException, InterruptedException {
        Path msg = Files.write(Files.createTempFile(dir, "msg", ".bin"), message);
        Path sig = Files.write(Files.createTempFile(dir, "sig", ".der"), derSignature);
        Path pub = Files.writeString(Files.createTempFile(dir, "pub", ".pem"),
                pem("PUBLIC KEY", Sm2PublicKeyInfo.encoded(key)));
        return run(List.of("openssl", "pkeyutl", "-verify", "-in", msg.toString(), "-rawin", "-digest", "sm3",
                "-pubin", "-inkey", pub.toString(), "-pkeyopt", "distid:" + id, "-sigfile", sig.toString()));
    }

    /** {@code openssl x509 -pubkey -noout}: the PEM public key OpenSSL reads from a certificate file. */
    public static String publicKeyOfCertificate(Path certFile) throws IOException, InterruptedException {
        Verification v = run(List.of("openssl", "x509", "-in", certFile.toString(), "-inform",
                certFile.toString().endsWith(".der") ? "DER" : "PEM", "-pubkey", "-noout"));
        if (v.exitCode() != 0) {
            fail("openssl x509 failed: " + v.output());
        }
        return v.output();
    }

    /** Verification with a PEM public key file made by OpenSSL itself. */
    public static Verification verifyWithPem(Path dir, Path msgFile, Path sigFile, String pubPem, String id)
            throws IOException, InterruptedException {
        Path pub = Files.writeString(Files.createTempFile(dir, "pub", ".pem"), pubPem);
        return run(List.of("openssl", "pkeyutl", "-verify", "-in", msgFile.toString(), "-rawin", "-digest", "sm3",
                "-pubin", "-inkey", pub.toString(), "-pkeyopt", "distid:" + id, "-sigfile", sigFile.toString()));
    }

    public static String pem(String type, byte[] der) {
        java.io.StringWriter sw = new java.io.StringWriter();
        try (PemWriter w = new PemWriter(sw)) {
            w.writeObject(new PemObject(type, der));
        } catch (IOException ex) {
            throw new java.io.UncheckedIOException(ex);
        }
        return sw.toString();
    }

    private static Verification run(List<String> cmd) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException ex) {
            fail("openssl not found on PATH: install OpenSSL 3 (the CI image does); " + ex.getMessage());
            throw ex;
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("openssl did not finish: " + cmd);
        }
        return new Verification(p.exitValue(), out);
    }
}
