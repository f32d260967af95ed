package cn.yzt.ops.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

class CliTest {

    @Test
    void helpListsTheCommands() {
        String out = run("--help");
        assertThat(out).contains("ops-server", "keys", "audit", "config", "--config");
    }

    @Test
    void configPrintsDocumentedDefaults() {
        assertThat(run("config")).contains("server.id=", "db.url=", "db.user=yzt_app", "db.owner.user=", "db.owner.passwordEnv=",
                "auth.maxFailures=5", "# ");
    }

    private static String run(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            CommandLine cl = new CommandLine(new OpsServerCli());
            cl.setOut(new java.io.PrintWriter(System.out, true));
            assertThat(cl.execute(args)).isZero();
        } finally {
            System.setOut(old);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }
}
