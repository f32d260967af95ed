package cn.yzt.ops.server.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import cn.yzt.ops.server.auth.Challenge;
import cn.yzt.ops.server.auth.LoginAttempt;
import cn.yzt.ops.server.testing.LoginFixture;
import cn.yzt.ops.server.testing.TestPki;

/**
 * Server-side cost of a login (figures, not a test): issue challenges, then verify signed logins
 * (statement, certificate + CRL, binding, PBKDF2-HMAC-SM3 password, SM2 signature, session,
 * audit append). Client signing happens between the two timed phases and is not counted.
 * Prints wall-clock rates (which depend on what else runs on the machine) and the server's CPU
 * per login including PostgreSQL (which does not).
 * Run: mvn -pl ops-server test -Dtest=LoginBenchmark -Dops.excludedGroups=none
 */
@Tag("bench")
class LoginBenchmark {

    @Test
    void loginsPerSecond() throws Exception {
        int users = 20;
        int perUser = Integer.getInteger("bench.logins", 100);
        int threads = Integer.getInteger("bench.threads", 4);
        try (LoginFixture f = new LoginFixture()) {
            List<TestPki.Identity> ids = new ArrayList<>();
            for (int i = 0; i < users; i++) {
                ids.add(f.account("bench" + i));
            }
            for (int round = 0; round < 2; round++) { // first round warms up the JIT
                List<String> names = new ArrayList<>();
                List<TestPki.Identity> who = new ArrayList<>();
                for (int i = 0; i < users * perUser; i++) {
                    names.add("bench" + (i % users));
                    who.add(ids.get(i % users));
                }
                ExecutorService pool = Executors.newFixedThreadPool(threads);
                double c0 = CpuMeter.seconds();
                long t0 = System.nanoTime();
                List<Future<Challenge>> chs = new ArrayList<>();
                for (String n : names) {
                    chs.add(pool.submit(() -> f.t.services.challenges().issue(n)));
                }
                List<Challenge> challenges = new ArrayList<>();
                for (Future<Challenge> c : chs) {
                    challenges.add(c.get());
                }
                long t1 = System.nanoTime();
                double c1 = CpuMeter.seconds();
                List<LoginAttempt> attempts = new ArrayList<>();
                for (int i = 0; i < challenges.size(); i++) {
                    attempts.add(f.attempt(challenges.get(i), who.get(i)));
                }
                long t2 = System.nanoTime();
                double c2 = CpuMeter.seconds();
                List<Future<?>> done = new ArrayList<>();
                for (LoginAttempt a : attempts) {
                    done.add(pool.submit(() -> f.login.login(a)));
                }
                for (Future<?> d : done) {
                    d.get();
                }
                long t3 = System.nanoTime();
                double c3 = CpuMeter.seconds();
                pool.shutdown();
                double serverSeconds = ((t1 - t0) + (t3 - t2)) / 1e9;
                int n = attempts.size();
                System.out.printf("round %d: %d logins, %d threads: challenge %.0f/s, login verify %.0f/s, server side %.0f logins/s"
                        + " (%.2f ms wall per login)%n", round, n, threads, n / ((t1 - t0) / 1e9), n / ((t3 - t2) / 1e9),
                        n / serverSeconds, serverSeconds * 1000 / n);
                // server CPU (JVM + PostgreSQL) per login: what an idle machine's cores can do
                double cpuMs = ((c1 - c0) + (c3 - c2)) * 1000 / n;
                int cores = Runtime.getRuntime().availableProcessors();
                System.out.printf("round %d: server CPU %.2f ms per login (challenge %.2f + login %.2f), capacity on %d idle cores"
                        + " %.0f logins/s; load average %.1f; %d processes metered%n", round, cpuMs, (c1 - c0) * 1000 / n, (c3 - c2) * 1000 / n, cores,
                        cores * 1000 / cpuMs, java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), CpuMeter.processes());
            }
        }
    }

    /** PBKDF2-HMAC-SM3 cost per password hash by iteration count, single thread (what auth.passwordIterations buys). */
    @Test
    void passwordHashCost() {
        char[] pw = "Correct-Horse-1".toCharArray();
        byte[] salt = new byte[16];
        for (int it : new int[] {1000, 250, 500, 1000, 2000, 5000, 10000}) { // the first 1000 warms up
            int reps = Math.max(20, 200_000 / it);
            long t0 = System.nanoTime();
            for (int r = 0; r < reps; r++) {
                cn.yzt.ops.server.crypto.Pbkdf2Sm3.derive(pw, salt, it, 32);
            }
            double ms = (System.nanoTime() - t0) / 1e6 / reps;
            System.out.printf("PBKDF2-HMAC-SM3 %6d iterations: %.2f ms per hash (%.0f hashes/s per core)%n", it, ms, 1000 / ms);
        }
    }
}
