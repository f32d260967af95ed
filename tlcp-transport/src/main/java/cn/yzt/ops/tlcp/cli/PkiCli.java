package cn.yzt.ops.tlcp.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.bouncycastle.util.io.pem.PemReader;

import cn.yzt.ops.tlcp.Messages;
import cn.yzt.ops.tlcp.pki.CaStore;
import cn.yzt.ops.tlcp.pki.CertificateAuthority;
import cn.yzt.ops.tlcp.pki.CertificateProfile;
import cn.yzt.ops.tlcp.pki.IssuedEncKey;
import cn.yzt.ops.tlcp.pki.PemFiles;
import cn.yzt.ops.tlcp.pki.Sm2KeyPairs;
import cn.yzt.ops.tlcp.pki.Validity;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code pki}: the SM2 CA for deployments without a third-party CA and for the demo. The CA lives
 * in a directory (see {@link CaStore}); its key password comes from --ca-password-env or the console.
 */
@Command(name = "pki", mixinStandardHelpOptions = true, resourceBundle = "cn.yzt.ops.tlcp.cli.pki",
        subcommands = {PkiCli.InitCa.class, PkiCli.Server.class, PkiCli.Client.class, PkiCli.SignCsr.class,
            PkiCli.EncKey.class, PkiCli.Revoke.class, PkiCli.Crl.class})
public final class PkiCli {

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine cl = new CommandLine(new PkiCli());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        cl.setExecutionExceptionHandler((ex, line, parse) -> {
            line.getErr().println(Messages.get("pki.cli.failed", ex.getLocalizedMessage()));
            return 1;
        });
        return cl.execute(args);
    }

    /** Options every subcommand shares: the CA directory and its password. */
    static final class CaOptions {
        @Option(names = "--dir", required = true, paramLabel = "DIR")
        Path dir;

        @Option(names = "--ca-password-env", paramLabel = "VAR")
        String caPasswordEnv;

        @Option(names = "--days", defaultValue = "365")
        int days;

        CertificateAuthority load() throws Exception {
            char[] pw = Secrets.read(caPasswordEnv, "prompt.caPassword");
            try {
                return new CaStore(dir).load(pw);
            } finally {
                Secrets.wipe(pw);
            }
        }

        Validity validity() {
            return Validity.fromNow(Duration.ofDays(days));
        }
    }

    @Command(name = "init-ca")
    static final class InitCa implements Callable<Integer> {
        @Mixin
        CaOptions ca;

        @Spec
        CommandSpec spec;

        @Option(names = "--subject", required = true)
        String subject;

        @Option(names = "--ca-days", defaultValue = "3650")
        int caDays;

        @Override
        public Integer call() throws Exception {
            CaStore store = new CaStore(ca.dir);
            if (store.exists()) {
                throw new IllegalStateException(Messages.get("pki.cli.exists", ca.dir));
            }
            CertificateAuthority root = CertificateAuthority.createRoot(subject,
                    Validity.fromNow(Duration.ofDays(caDays)));
            char[] pw = Secrets.read(ca.caPasswordEnv, "prompt.caPassword");
            try {
                store.save(root, pw);
            } finally {
                Secrets.wipe(pw);
            }
            spec.commandLine().getOut().println(Messages.get("pki.cli.wrote", store.certificateFile()));
            return 0;
        }
    }

    /** Writes sign/enc key pairs and certificates for a server or a software client. */
    abstract static class IdentityCommand implements Callable<Integer> {
        @Mixin
        CaOptions ca;

        @Spec
        CommandSpec spec;

        @Option(names = "--subject", required = true)
        String subject;

        @Option(names = "--san")
        List<String> sans = new ArrayList<>();

        @Option(names = "--out-dir", required = true)
        Path outDir;

        @Option(names = "--key-password-env", required = true, paramLabel = "VAR")
        String keyPasswordEnv;

        @Override
        public Integer call() throws Exception {
            CertificateAuthority authority = ca.load();
            KeyPair sign = Sm2KeyPairs.generate();
            KeyPair enc = Sm2KeyPairs.generate();
            X509Certificate sc = authority.issue(subject, sign.getPublic(), CertificateProfile.SIGN, ca.validity(), sans);
            X509Certificate ec = authority.issue(subject, enc.getPublic(), CertificateProfile.ENC, ca.validity(), sans);
            char[] pw = Secrets.read(keyPasswordEnv, "prompt.keyPassword");
            try {
                PemFiles.writeCertificates(outDir.resolve("sign.pem"), List.of(sc, authority.certificate()));
                PemFiles.writeCertificates(outDir.resolve("enc.pem"), List.of(ec, authority.certificate()));
                PemFiles.writePrivateKey(outDir.resolve("sign.key.pem"), sign.getPrivate(), pw);
                PemFiles.writePrivateKey(outDir.resolve("enc.key.pem"), enc.getPrivate(), pw);
            } finally {
                Secrets.wipe(pw);
            }
            spec.commandLine().getOut().println(Messages.get("pki.cli.wrote", outDir));
            return 0;
        }
    }

    @Command(name = "server")
    static final class Server extends IdentityCommand {
    }

    @Command(name = "client")
    static final class Client extends IdentityCommand {
    }

    @Command(name = "sign-csr")
    static final class SignCsr implements Callable<Integer> {
        @Mixin
        CaOptions ca;

        @Spec
        CommandSpec spec;

        @Option(names = "--csr", required = true)
        Path csr;

        @Option(names = "--out", required = true)
        Path out;

        @Override
        public Integer call() throws Exception {
            CertificateAuthority authority = ca.load();
            X509Certificate c = authority.issueSignFromCsr(readDerOrPem(csr), ca.validity(), List.of());
            PemFiles.writeCertificates(out, List.of(c, authority.certificate()));
            spec.commandLine().getOut().println(Messages.get("pki.cli.wrote", out));
            return 0;
        }
    }

    @Command(name = "enc-key")
    static final class EncKey implements Callable<Integer> {
        @Mixin
        CaOptions ca;

        @Spec
        CommandSpec spec;

        @Option(names = "--subject", required = true)
        String subject;

        @Option(names = "--recipient-cert", required = true)
        Path recipientCert;

        @Option(names = "--out-cert", required = true)
        Path outCert;

        @Option(names = "--out-envelope", required = true)
        Path outEnvelope;

        @Override
        public Integer call() throws Exception {
            CertificateAuthority authority = ca.load();
            PublicKey recipient = PemFiles.readCertificates(recipientCert).get(0).getPublicKey();
            IssuedEncKey issued = authority.issueEncKey(subject, recipient, ca.validity());
            PemFiles.writeCertificates(outCert, List.of(issued.certificate(), authority.certificate()));
            PemFiles.writeDer(outEnvelope, issued.envelope());
            spec.commandLine().getOut().println(Messages.get("pki.cli.wrote", outCert + ", " + outEnvelope));
            return 0;
        }
    }

    @Command(name = "revoke")
    static final class Revoke implements Callable<Integer> {
        @Mixin
        CaOptions ca;

        @Spec
        CommandSpec spec;

        @Option(names = "--cert")
        Path cert;

        @Option(names = "--serial", paramLabel = "HEX")
        String serial;

        @Option(names = "--reason", defaultValue = "0")
        int reason;

        @Override
        public Integer call() throws Exception {
            CertificateAuthority authority = ca.load();
            BigInteger s = cert != null ? PemFiles.readCertificates(cert).get(0).getSerialNumber()
                    : new BigInteger(serial, 16);
            authority.revoke(s, reason);
            new CaStore(ca.dir).saveState(authority);
            spec.commandLine().getOut().println(Messages.get("pki.cli.revoked", s.toString(16)));
            return 0;
        }
    }

    @Command(name = "crl")
    static final class Crl implements Callable<Integer> {
        @Mixin
        CaOptions ca;

        @Spec
        CommandSpec spec;

        @Option(names = "--out", required = true)
        Path out;

        @Override
        public Integer call() throws Exception {
            CertificateAuthority authority = ca.load();
            PemFiles.writeCrl(out, authority.crl());
            new CaStore(ca.dir).saveState(authority);
            spec.commandLine().getOut().println(Messages.get("pki.cli.wrote", out));
            return 0;
        }
    }

    static byte[] readDerOrPem(Path file) throws java.io.IOException {
        byte[] raw = Files.readAllBytes(file);
        if (raw.length > 0 && raw[0] == '-') {
            try (PemReader r = new PemReader(Files.newBufferedReader(file))) {
                return r.readPemObject().getContent();
            }
        }
        return raw;
    }
}
