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
                List<LoginAttempt> attempts = new ArrayList<>();
                for (int i = 0; i < challenges.size(); i++) {
                    attempts.add(f.attempt(challenges.get(i), who.get(i)));
                }
                long t2 = System.nanoTime();
                List<Future<?>> done = new ArrayList<>();
                for (LoginAttempt a : attempts) {
                    done.add(pool.submit(() -> f.login.login(a)));
                }
                for (Future<?> d : done) {
                    d.get();
                }
                long t3 = System.nanoTime();
                pool.shutdown();
                double serverSeconds = ((t1 - t0) + (t3 - t2)) / 1e9;
                int n = attempts.size();
                System.out.printf("round %d: %d logins, %d threads: challenge %.0f/s, login verify %.0f/s, server side %.0f logins/s"
                        + " (%.2f ms wall per login)%n", round, n, threads, n / ((t1 - t0) / 1e9), n / ((t3 - t2) / 1e9),
                        n / serverSeconds, serverSeconds * 1000 / n);
            }
        }
    }
}
