package cn.yzt.ops.skf.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;

import org.bouncycastle.crypto.CryptoException;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithID;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.SM2Signer;

import cn.yzt.ops.protocol.crypto.Sm2;
import cn.yzt.ops.skf.Application;
import cn.yzt.ops.skf.Container;
import cn.yzt.ops.skf.EnvelopedKeys;
import cn.yzt.ops.skf.PinType;
import cn.yzt.ops.skf.SkfLibrary;
import cn.yzt.ops.skf.UKey;
import cn.yzt.ops.skf.cli.CliProvisionedToken;
import cn.yzt.ops.skf.cli.CliRunner;
import cn.yzt.ops.skf.cli.TestCa;
import cn.yzt.ops.skf.jca.SkfKeyStoreParameter;
import cn.yzt.ops.skf.jca.SkfProvider;

/**
 * SM3withSM2 signatures per second, one thread: the token path (JCA provider → JNA → native soft
 * UKEY, which re-reads and re-decrypts its token file per call) against BouncyCastle in-process
 * (JCA and the lightweight SM2Signer). Warm-up, then {@code bench.seconds} per variant.
 * Run: {@code mvn -Pbench -pl skf-binding -am verify -DskipTests}.
 */
public final class SignBenchmark {

    /** One thing to time. */
    @FunctionalInterface
    interface Op {
        void run() throws Exception;
    }

    private static final com.sun.management.OperatingSystemMXBean PROCESS =
            (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();

    private SignBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        double seconds = Double.parseDouble(System.getProperty("bench.seconds", "3"));
        byte[] message = "{\"purpose\":\"login\",\"username\":\"zhangsan\",\"nonce\":\"q83vEjRWeJA=\"}"
                .repeat(4).getBytes(StandardCharsets.UTF_8);
        Path dir = Files.createTempDirectory("sign-bench");
        try {
            CliProvisionedToken token = CliProvisionedToken.provision(dir, "UK-BENCH",
                    EnvelopedKeys.Placement.RIGHT_ALIGNED_32);
            SkfProvider provider = new SkfProvider();
            KeyStore ks = KeyStore.getInstance("SKF", provider);
            ks.load(SkfKeyStoreParameter.builder().library(token.library)
                    .pin(new KeyStore.PasswordProtection(CliRunner.USER_PIN.toCharArray())).build());
            PrivateKey tokenKey = (PrivateKey) ks.getKey(CliProvisionedToken.CONTAINER, null);
            Signature tokenSig = Signature.getInstance("SM3withSM2", provider);
            tokenSig.initSign(tokenKey);

            KeyPair soft = TestCa.newKeyPair();
            Signature bcSig = Signature.getInstance("SM3withSM2", TestCa.BC);
            bcSig.initSign(soft.getPrivate());

            // CustomNamedCurves: BouncyCastle's optimised SM2 field arithmetic (what its JCA provider uses);
            // GMNamedCurves gives the generic Fp curve, an order of magnitude slower.
            SM2Signer light = new SM2Signer();
            light.init(true, new ParametersWithID(new ParametersWithRandom(
                    new ECPrivateKeyParameters(((ECPrivateKey) soft.getPrivate()).getS(),
                            new ECDomainParameters(CustomNamedCurves.getByName("sm2p256v1"))),
                    new SecureRandom()), Sm2.DEFAULT_ID));

            System.out.printf(Locale.ROOT, "SM3withSM2 sign, %d-byte message, 1 thread, best of %d x %.1f s per variant (%s %s, %d CPUs, load %.1f)%n",
                    message.length, Integer.getInteger("bench.rounds", 2), seconds, System.getProperty("java.vm.name"), System.getProperty("java.version"),
                    Runtime.getRuntime().availableProcessors(), PROCESS.getSystemLoadAverage());
            double token1 = measure("token: JCA YZT-SKF -> JNA -> soft UKEY", seconds, () -> {
                tokenSig.update(message);
                tokenSig.sign();
            });
            // The same token call without the provider: what the JCA layer (Z, SM3, DER) adds.
            UKey ukey = SkfLibrary.load(token.library).connect(token.device);
            Application app = ukey.openApplication(CliProvisionedToken.APP);
            char[] pin = CliRunner.USER_PIN.toCharArray();
            app.verifyPin(PinType.USER, pin);
            java.util.Arrays.fill(pin, '\0');
            Container container = app.openContainer(CliProvisionedToken.CONTAINER);
            byte[] e = Sm2.sm3(message);
            measure("token: Container.signDigest (binding only)", seconds, () -> container.signDigest(e));
            container.close();
            app.close();
            ukey.close();
            double bcJca = measure("BouncyCastle JCA SM3withSM2", seconds, () -> {
                bcSig.update(message);
                bcSig.sign();
            });
            double bcLight = measure("BouncyCastle lightweight SM2Signer", seconds, () -> {
                light.update(message, 0, message.length);
                try {
                    light.generateSignature();
                } catch (CryptoException ex) {
                    throw new IllegalStateException(ex);
                }
            });
            System.out.printf(Locale.ROOT, "ratio: BC JCA / token = %.1fx, BC lightweight / token = %.1fx%n",
                    bcJca / token1, bcLight / token1);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Best of {@code bench.rounds}; the token's native work runs on the binding's executor thread, so CPU is process-wide. */
    private static double measure(String name, double seconds, Op op) throws Exception {
        int rounds = Integer.getInteger("bench.rounds", 2);
        long warmEnd = System.nanoTime() + 1_000_000_000L;
        while (System.nanoTime() < warmEnd) {
            op.run();
        }
        double best = 0;
        double bestPerCpuSecond = 0;
        long bestN = 0;
        for (int r = 0; r < rounds; r++) {
            long n = 0;
            long cpuStart = PROCESS.getProcessCpuTime();
            long start = System.nanoTime();
            long end = start + (long) (seconds * 1e9);
            long now;
            do {
                op.run();
                n++;
                now = System.nanoTime();
            } while (now < end);
            double perSecond = n / ((now - start) / 1e9);
            double perCpuSecond = n / ((PROCESS.getProcessCpuTime() - cpuStart) / 1e9);
            if (perSecond > best) {
                best = perSecond;
                bestPerCpuSecond = perCpuSecond;
                bestN = n;
            }
        }
        System.out.printf(Locale.ROOT, "%-42s %8.0f sig/s wall (%7.1f us/sig)  %8.0f sig/CPU-s  n=%d%n", name, best,
                1e6 / best, bestPerCpuSecond, bestN);
        return best;
    }
}
