package cn.yzt.ops.server.bench;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import cn.yzt.ops.protocol.operation.OperationDocument;
import cn.yzt.ops.protocol.operation.OperationSigner;
import cn.yzt.ops.protocol.operation.SignedDocuments;
import cn.yzt.ops.server.Services;
import cn.yzt.ops.server.auth.CertificateChecker;
import cn.yzt.ops.server.auth.ServerIdentity;
import cn.yzt.ops.server.auth.Session;
import cn.yzt.ops.server.auth.TrustMaterial;
import cn.yzt.ops.server.config.ServerConfig;
import cn.yzt.ops.server.crypto.Bytes;
import cn.yzt.ops.server.db.Database;
import cn.yzt.ops.server.rbac.Role;
import cn.yzt.ops.server.testing.TestPki;
import cn.yzt.ops.server.testing.TestPostgres;
import cn.yzt.ops.server.testing.TestVault;
import cn.yzt.ops.server.user.NewUser;

/**
 * Signed operations per second through the server's own path (figures, not a test):
 * {@code OperationService.submit} = full CMS verification (SM3 digest, SM2 signature, signer
 * certificate chain/validity/CRL/key usage, binding, TLCP-cert match), nonce consumption,
 * permission, execution of a real operation type (role.grant / role.revoke of OPERATOR on the
 * client's own target accounts (-Dbench.targets per client, default 32: toggling one role on one
 * account thousands of times only measures PostgreSQL's dead index entries until autovacuum), alternating) and the durable ledger append (embedded PostgreSQL,
 * synchronous_commit=on, fsync=on), plus the audit entries it writes. 16 concurrent clients.
 * Nonces are fetched and documents signed BEFORE the timed phase (client work, not the server's);
 * no HTTP/TLCP in the loop. Compared: group commit (ledger.maxBatch=256) vs one commit per entry
 * (ledger.maxBatch=1). Prints per round ops/s, p50/p99 latency, server CPU per op (JVM + PostgreSQL),
 * the JVM's CPU split (callers = verification and checks; the serial ledger writer thread; the rest,
 * i.e. JIT and GC), PostgreSQL's by process kind, and the load average. The JIT needs several rounds
 * of 4,800 operations before C2 is done with the hot paths: read the steady state from the last rounds
 * (-Dbench.rounds, default 6; -Dbench.ops per client per round, default 200; -Dbench.batches).
 * Run: mvn -pl ops-server -am verify -Dtest=LedgerBenchmark#signedOperationsPerSecond -Dops.excludedGroups=none
 *      -Dsurefire.failIfNoSpecifiedTests=false -Dbench.ops=300 -Dbench.rounds=12 -Dbench.batches=256,1
 */
@Tag("bench")
class LedgerBenchmark {

    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    private record Client(String name, TestPki.Identity key, Session session, String target) {
    }

    @Test
    void signedOperationsPerSecond() throws Exception {
        int clients = Integer.getInteger("bench.clients", 16);
        int perClient = Integer.getInteger("bench.ops", 200);
        int targets = Integer.getInteger("bench.targets", 32);
        for (String maxBatch : System.getProperty("bench.batches", "256,1,256").split(",")) {
            run(clients, perClient, targets, Integer.parseInt(maxBatch));
        }
    }

    private void run(int clients, int perClient, int targets, int maxBatch) throws Exception {
        // a production-sized pool (db.poolSize default 8 is per server; 16 callers here)
        try (Database db = TestPostgres.freshDatabase(20)) {
            Clock clock = Clock.systemUTC();
            ServerConfig config = ServerConfig.defaults().with("ledger.maxBatch", Integer.toString(maxBatch));
            Services services = new Services(config, db.dataSource(), new TestVault(), clock);
            services.rbac().seedBuiltInRoles();
            TestPki ca = new TestPki("YZT Bench CA");
            CertificateChecker checker = new CertificateChecker(new TrustMaterial(List.of(ca.caCert()), List.of(ca.currentCrl())),
                    Duration.ZERO, clock);
            ServerIdentity server = new ServerIdentity(services.serverId(), Bytes.random(32));
            services.login(server, checker);
            long root = services.users().create(null, new NewUser("secroot", "根", null, null, null), "Bench-Only-Pw-1".toCharArray());
            services.rbac().grant(null, root, Role.SECURITY_ADMIN);
            List<Client> cs = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                String name = "admin" + i;
                long id = services.users().create(null, new NewUser(name, "管理员", null, null, null), "Bench-Only-Pw-1".toCharArray());
                services.rbac().grant(null, id, Role.SECURITY_ADMIN);
                TestPki.Identity key = ca.issue(name);
                services.certificates().bind(root, id, key.cert());
                for (int k = 0; k < targets; k++) {
                    services.users().create(null, new NewUser("target" + i + "x" + k, "目标", null, null, null),
                            "Bench-Only-Pw-1".toCharArray());
                }
                cs.add(new Client(name, key, services.sessions().create(id, name, key.cert()).session(), "target" + i + "x"));
            }
            // the first rounds warm up the JIT (C2 still compiles through a second round of 4,800 ops) and the caches
            int rounds = Integer.getInteger("bench.rounds", 6);
            for (int round = 0; round < rounds; round++) {
                int n = perClient;
                List<List<byte[]>> docs = new ArrayList<>();
                for (Client c : cs) {
                    List<byte[]> mine = new ArrayList<>();
                    ContentSigner[] signer = {null};
                    for (int k = 0; k < n; k++) {
                        byte[] nonce = services.operations().issueNonce(c.session()).value();
                        // round 1 starts with a grant (round 0 ends balanced when n is even)
                        OperationDocument d = OperationDocument.builder().type(k % 2 == 0 ? "role.grant" : "role.revoke")
                                .operator(c.name()).signerCertSm3(SignedDocuments.certificateSm3(c.key().cert())).nonce(nonce)
                                .issuedAt(Instant.now()).serverId(services.serverId()).parameter("username", c.target() + (k / 2) % targets)
                                .parameter("role", "OPERATOR").build();
                        signer[0] = new JcaContentSignerBuilder("SM3withSM2").setProvider(BC).build(c.key().key());
                        mine.add(OperationSigner.builder().signerCertificate(c.key().cert()).clock(clock).build().sign(d, signer[0]));
                    }
                    if (n % 2 == 1) {
                        throw new IllegalStateException("even count keeps the grant/revoke alternation across rounds");
                    }
                    docs.add(mine);
                }
                long[][] latencies = new long[clients][n];
                long[] clientCpu = new long[clients];
                CountDownLatch start = new CountDownLatch(1);
                AtomicReference<Throwable> failed = new AtomicReference<>();
                List<Thread> threads = new ArrayList<>();
                for (int i = 0; i < clients; i++) {
                    int ci = i;
                    Thread t = new Thread(() -> {
                        Client c = cs.get(ci);
                        X509Certificate tlcp = c.key().cert();
                        try {
                            start.await();
                            long cpuStart = THREADS.getCurrentThreadCpuTime();
                            for (int k = 0; k < n; k++) {
                                long t0 = System.nanoTime();
                                services.operations().submit(c.session(), tlcp, docs.get(ci).get(k));
                                latencies[ci][k] = System.nanoTime() - t0;
                            }
                            clientCpu[ci] = THREADS.getCurrentThreadCpuTime() - cpuStart;
                        } catch (Throwable ex) {
                            failed.compareAndSet(null, ex);
                        }
                    });
                    t.start();
                    threads.add(t);
                }
                double cpu0 = CpuMeter.seconds();
                long jvm0 = jvmCpuNanos();
                long writer0 = threadCpu("ledger-group-commit");
                java.util.Map<String, Long> tasks0 = taskTicks();
                java.util.Map<String, Long> pg0 = CpuMeter.postgresTicksByKind();
                long w0 = System.nanoTime();
                start.countDown();
                for (Thread t : threads) {
                    t.join();
                }
                long wall = System.nanoTime() - w0;
                double cpu = CpuMeter.seconds() - cpu0;
                double jvmCpu = (jvmCpuNanos() - jvm0) / 1e9;
                double writerCpu = (threadCpu("ledger-group-commit") - writer0) / 1e9;
                double callersCpu = Arrays.stream(clientCpu).sum() / 1e9;
                if (failed.get() != null) {
                    throw new AssertionError("an operation failed", failed.get());
                }
                long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
                int total = all.length;
                long heads = count(db, "SELECT count(*) FROM tree_heads");
                long entries = count(db, "SELECT count(*) FROM ledger_entries");
                System.out.printf("ledger bench maxBatch=%d round %d: %d clients x %d ops = %d signed ops in %.2f s: %.0f ops/s,"
                        + " p50 %.1f ms, p99 %.1f ms, max %.1f ms; server CPU %.2f ms/op (JVM %.2f, PostgreSQL %.2f; %d cores -> %.0f ops/s if idle);"
                        + " avg %.1f entries per tree head so far; load average %.1f%n",
                        maxBatch, round, clients, n, total, wall / 1e9, total / (wall / 1e9), all[total / 2] / 1e6,
                        all[(int) Math.ceil(total * 0.99) - 1] / 1e6, all[total - 1] / 1e6, cpu * 1000 / total, jvmCpu * 1000 / total, (cpu - jvmCpu) * 1000 / total,
                        Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().availableProcessors() * total / cpu,
                        (double) entries / heads,
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
                java.util.Map<String, Long> tasks1 = taskTicks();
                StringBuilder busy = new StringBuilder();
                tasks1.entrySet().stream().map(e -> java.util.Map.entry(e.getKey(), e.getValue() - tasks0.getOrDefault(e.getKey(), 0L)))
                        .filter(e -> !e.getKey().startsWith("Thread-")).sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).limit(8)
                        .forEach(e -> busy.append(String.format(" %s %.3f;", e.getKey(), e.getValue() * 10.0 / total)));
                System.out.println("  other JVM threads, ms per op:" + busy);
                StringBuilder pgBusy = new StringBuilder();
                CpuMeter.postgresTicksByKind().forEach((k, v) -> {
                    long d = v - pg0.getOrDefault(k, 0L);
                    if (d > 0) {
                        pgBusy.append(String.format(" %s %.3f;", k, d * 10.0 / total));
                    }
                });
                System.out.println("  PostgreSQL processes, ms per op:" + pgBusy);
                System.out.printf("  JVM CPU per op: callers (verify, checks, wait) %.3f ms, ledger writer thread %.3f ms, rest (GC, JIT, audit writer) %.3f ms%n",
                        callersCpu * 1000 / total, writerCpu * 1000 / total, (jvmCpu - callersCpu - writerCpu) * 1000 / total);
            }
            if (!services.ledger().verify().ok()) {
                throw new AssertionError("ledger does not verify after the benchmark");
            }
            services.ledger().close();
            services.auditLog().close();
        }
    }

    /**
     * Single-thread CPU cost of the parts (per call, best of 3 after warm-up): the full CMS check of
     * a signed operation (OperationVerifier with the server's certificate policy), a bare SM2
     * verification, one tree head signature (lightweight signer vs a JCA signer built per call), and
     * a root over a 100,000-leaf ledger from the subtree cache vs recomputed from all leaves.
     */
    @Test
    void componentCosts() throws Exception {
        TestPki ca = new TestPki("YZT Bench CA");
        TestPki.Identity id = ca.issue("admin0");
        Clock clock = Clock.systemUTC();
        CertificateChecker checker = new CertificateChecker(new TrustMaterial(List.of(ca.caCert()), List.of(ca.currentCrl())),
                Duration.ZERO, clock);
        cn.yzt.ops.protocol.operation.OperationVerifier full = cn.yzt.ops.protocol.operation.OperationVerifier.builder()
                .certificateValidator(new cn.yzt.ops.server.ops.CheckerValidator(checker)).expectedServerId("yzt-ops-1")
                .maxClockSkew(Duration.ofMinutes(5), clock).build();
        byte[] cms = OperationSigner.builder().signerCertificate(id.cert()).clock(clock).build().sign(
                OperationDocument.builder().type("role.grant").operator("admin0")
                        .signerCertSm3(SignedDocuments.certificateSm3(id.cert())).nonce(Bytes.random(32)).issuedAt(Instant.now())
                        .serverId("yzt-ops-1").parameter("username", "target0").parameter("role", "OPERATOR").build(),
                new JcaContentSignerBuilder("SM3withSM2").setProvider(BC).build(id.key()));
        time("OperationVerifier.verify (CMS + certificate policy)", 2000, () -> {
            if (!full.verify(cms).isAccepted()) {
                throw new AssertionError("not accepted");
            }
        });
        byte[] msg = new byte[300];
        java.security.Signature signer = java.security.Signature.getInstance("SM3withSM2", BC);
        signer.initSign(id.key());
        signer.update(msg);
        byte[] sig = signer.sign();
        time("bare SM3withSM2 verify (BouncyCastle JCA)", 2000, () -> {
            java.security.Signature v = java.security.Signature.getInstance("SM3withSM2", BC);
            v.initVerify(id.cert().getPublicKey());
            v.update(msg);
            if (!v.verify(sig)) {
                throw new AssertionError();
            }
        });
        // the same verification with the key of the certificate as BouncyCastle parses it from a CMS
        java.security.PublicKey parsed = cn.yzt.ops.protocol.evidence.Certificates.certificate(id.cert().getEncoded()).getPublicKey();
        time("bare SM3withSM2 verify, key from a BC-parsed certificate", 2000, () -> {
            java.security.Signature v = java.security.Signature.getInstance("SM3withSM2", BC);
            v.initVerify(parsed);
            v.update(msg);
            if (!v.verify(sig)) {
                throw new AssertionError();
            }
        });
        byte[][] xy = cn.yzt.ops.protocol.crypto.Sm2.coordinates(parsed);
        java.security.PublicKey custom = cn.yzt.ops.protocol.crypto.Sm2.publicKey(xy[0], xy[1]);
        time("bare SM3withSM2 verify, same key rebuilt on Sm2 (CustomNamedCurves)", 2000, () -> {
            java.security.Signature v = java.security.Signature.getInstance("SM3withSM2", BC);
            v.initVerify(custom);
            v.update(msg);
            if (!v.verify(sig)) {
                throw new AssertionError();
            }
        });
        TestVault vault = new TestVault();
        cn.yzt.ops.protocol.ledger.TreeHeadSigner fast = cn.yzt.ops.server.ledger.LedgerKey.signer(vault);
        byte[] d = vault.currentKey(cn.yzt.ops.server.crypto.KeyPurpose.LEDGER_SM2);
        java.security.PrivateKey jcaKey = cn.yzt.ops.server.crypto.Sm2PrivateKeys.fromScalar(d);
        cn.yzt.ops.protocol.ledger.TreeHeadSigner jca = cn.yzt.ops.protocol.ledger.TreeHeadSigner.software(
                cn.yzt.ops.server.ledger.LedgerKey.publicKey(d), jcaKey);
        byte[] root = Bytes.random(32);
        time("tree head signature, lightweight SM2Signer", 2000, () -> fast.sign(1, root, Instant.now()));
        time("tree head signature, JCA signer per call", 2000, () -> jca.sign(1, root, Instant.now()));
        cn.yzt.ops.protocol.ledger.InMemoryLeafHashes leaves = new cn.yzt.ops.protocol.ledger.InMemoryLeafHashes();
        for (int i = 0; i < 100_000; i++) {
            leaves.append(cn.yzt.ops.protocol.ledger.LedgerHash.leaf(Integer.toString(i).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
        cn.yzt.ops.protocol.ledger.MerkleTree plain = new cn.yzt.ops.protocol.ledger.MerkleTree(leaves);
        time("root of 100,000 leaves recomputed from all leaves (before)", 5, () -> plain.rootHash(100_000));
    }

    @FunctionalInterface
    private interface Work {
        void run() throws Exception;
    }

    private static void time(String what, int reps, Work r) throws Exception {
        for (int i = 0; i < Math.min(reps, 200); i++) {
            r.run(); // warm-up
        }
        double best = Double.MAX_VALUE;
        var bean = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int round = 0; round < 3; round++) {
            long c0 = bean.getCurrentThreadCpuTime();
            for (int i = 0; i < reps; i++) {
                r.run();
            }
            best = Math.min(best, (bean.getCurrentThreadCpuTime() - c0) / 1e6 / reps);
        }
        System.out.printf("component: %-62s %8.3f ms CPU per call%n", what, best);
    }

    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    /** CPU time of the live thread called NAME (0 if none: the writer starts on demand and idles out). */
    private static long threadCpu(String name) {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals(name)) {
                return Math.max(0, THREADS.getThreadCpuTime(t.getId()));
            }
        }
        return 0;
    }

    /** CPU ticks (1/100 s) per thread name of this process, from /proc (Linux), including GC and JIT threads. */
    private static java.util.Map<String, Long> taskTicks() {
        java.util.Map<String, Long> out = new java.util.HashMap<>();
        java.io.File[] tasks = new java.io.File("/proc/self/task").listFiles();
        if (tasks == null) {
            return out;
        }
        for (java.io.File t : tasks) {
            try {
                String stat = java.nio.file.Files.readString(t.toPath().resolve("stat"));
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[0-9]+$", "N");
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                out.merge(name, Long.parseLong(f[11]) + Long.parseLong(f[12]), Long::sum);
            } catch (java.io.IOException | RuntimeException ignored) {
                // the thread ended meanwhile
            }
        }
        return out;
    }

    private static long jvmCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static long count(Database db, String sql) throws Exception {
        try (var c = db.connection(); var st = c.createStatement(); var rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
