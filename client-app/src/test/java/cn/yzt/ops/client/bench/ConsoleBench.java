package cn.yzt.ops.client.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import cn.yzt.ops.client.api.ConsoleLogin;
import cn.yzt.ops.client.api.LoggedIn;
import cn.yzt.ops.client.login.UkeyService;
import cn.yzt.ops.client.testing.ConsoleTestServer;
import cn.yzt.ops.server.testing.ConsoleServerFixture;
import cn.yzt.ops.skf.testing.Provisioning;
import cn.yzt.ops.skf.testing.SoftUkey;

/**
 * Figures, not a test (no assertion; not in the default run: the name does not match the
 * surefire includes). Run:
 * <pre>mvn -o -pl client-app -am verify -Dtest=ConsoleBench -Dsurefire.failIfNoSpecifiedTests=false
 *     [-Dbench.logins=20] [-Dbench.starts=5]</pre>
 * 1. Cold start to the login screen: a fresh JVM (headless Monocle, soft UKEY library, the real
 *    ConsoleApp) until the login screen is laid out, wall time from process start; p50 of N.
 * 2. Login end to end with the soft UKEY against a real ops-server in this JVM: PIN check, token
 *    KeyStore, TLCP handshake (token signs CertificateVerify), challenge, statement signed on the
 *    token, login, tree head + consistency proof; a fresh client each time (full handshake); p50 of N.
 */
class ConsoleBench {

    @Test
    void figures() throws Exception {
        Path dir = Files.createTempDirectory("console-bench");
        int starts = Integer.getInteger("bench.starts", 5);
        int logins = Integer.getInteger("bench.logins", 20);
        List<Long> startup = coldStarts(dir, starts);
        List<Long> tokenPart = new ArrayList<>();
        List<Long> login = logins(dir, logins, tokenPart);
        System.out.printf("%nCONSOLE BENCH (%d cores, %s %s)%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name"), System.getProperty("java.version"));
        System.out.printf("cold start to login screen: p50 %d ms (n=%d, all %s)%n", p50(startup), starts, startup);
        System.out.printf("login end to end (soft UKEY, TLCP, ledger check): p50 %d ms, min %d, max %d (n=%d)%n%n",
                p50(login), login.stream().mapToLong(Long::longValue).min().orElse(0),
                login.stream().mapToLong(Long::longValue).max().orElse(0), logins);
        System.out.printf("  of which PIN check + token KeyStore: p50 %d ms; server part (TLCP, challenge, signature, "
                + "login, ledger check): p50 %d ms%n%n", p50(tokenPart),
                p50(java.util.stream.IntStream.range(0, login.size()).mapToObj(i -> login.get(i) - tokenPart.get(i)).toList()));
    }

    private static List<Long> coldStarts(Path dir, int n) throws Exception {
        Path tokens = dir.resolve("start-tokens");
        Files.createDirectories(tokens);
        SoftUkey.createToken(tokens, "UK-BENCH");
        String javaCmd = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // The packaged console (its manifest Class-Path brings lib/), as bin/console starts it, plus
        // headless Monocle (a test dependency) so no display is needed.
        String testCp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String monocle = Arrays.stream(testCp.split(java.io.File.pathSeparator))
                .filter(e -> e.contains("openjfx-monocle")).findFirst().orElseThrow();
        Path jar = Path.of(System.getProperty("yzt.client.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " missing: run with verify (the jar is packaged first)");
        }
        String cp = jar + java.io.File.pathSeparator + monocle;
        Path argsFile = Path.of(System.getProperty("yzt.tlcp.args.file"));
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<String> cmd = new ArrayList<>(List.of(javaCmd, "@" + argsFile, "-Dfile.encoding=UTF-8",
                    "-Dglass.platform=Monocle", "-Dmonocle.platform=Headless", "-Dprism.order=sw",
                    "-Djava.awt.headless=true", "-Dyzt.bench.exitOnLoginScreen=true",
                    "-cp", cp, "cn.yzt.ops.client.login.ConsoleApp",
                    "--skf-lib", SoftUkey.library().toString()));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            pb.environment().put("SOFTUKEY_DIR", tokens.toString());
            long t0 = System.nanoTime();
            Process p = pb.start();
            long shown = -1;
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null;) {
                    if (line.startsWith("YZT_LOGIN_SCREEN ")) {
                        shown = (System.nanoTime() - t0) / 1_000_000;
                    }
                }
            }
            p.waitFor(30, TimeUnit.SECONDS);
            if (shown < 0) {
                throw new IllegalStateException("the console did not report its login screen (exit " + p.exitValue() + ")");
            }
            out.add(shown);
        }
        return out;
    }

    private static List<Long> logins(Path dir, int n, List<Long> tokenPart) throws Exception {
        List<Long> out = new ArrayList<>();
        try (ConsoleTestServer server = ConsoleTestServer.start(dir.resolve("server"))) {
            ConsoleTestServer.User u = server.user("bench", "AUDITOR");
            UkeyService ukeys = server.ukeys(); // as the login screen: opening the KeyStore checks the PIN
            ConsoleLogin login = new ConsoleLogin(server.config());
            for (int i = 0; i < n + 3; i++) {
                char[] pin = Provisioning.userPin();
                long t0 = System.nanoTime();
                KeyStore ks = ukeys.keyStore(u.device(), Provisioning.APP, pin);
                long tokenMs = (System.nanoTime() - t0) / 1_000_000;
                LoggedIn li = login.login(ks, Provisioning.CONTAINER, u.username(),
                        ConsoleServerFixture.PASSWORD.toCharArray(), null);
                long ms = (System.nanoTime() - t0) / 1_000_000;
                Arrays.fill(pin, '\0');
                li.api().logout();
                li.api().close();
                if (i >= 3) {
                    out.add(ms); // the first three warm the JIT and the server
                    tokenPart.add(tokenMs);
                }
            }
        }
        return out;
    }

    private static long p50(List<Long> xs) {
        List<Long> s = new ArrayList<>(xs);
        s.sort(Long::compare);
        return s.isEmpty() ? 0 : s.get(s.size() / 2);
    }
}
