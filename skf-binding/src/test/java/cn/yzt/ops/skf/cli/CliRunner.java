package cn.yzt.ops.skf.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Runs the ukey CLI in-process against one library copy, with PINs in an env map; records every output. */
public final class CliRunner {

    public static final String USER_PIN_VAR = "UKEY_TEST_PIN";
    public static final String ADMIN_PIN_VAR = "UKEY_TEST_ADMIN_PIN";
    public static final String USER_PIN = "user-pin-1234";
    public static final String ADMIN_PIN = "admin-pin-5678";

    /** One run: exit code, stdout, stderr. */
    public record Result(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private final Path library;
    private final Map<String, String> env = new HashMap<>();
    private final List<Result> history = new ArrayList<>();

    public CliRunner(Path library) {
        this.library = library;
        env.put(USER_PIN_VAR, USER_PIN);
        env.put(ADMIN_PIN_VAR, ADMIN_PIN);
    }

    public Map<String, String> env() {
        return env;
    }

    /** Runs {@code ukey --lib LIBRARY args...}. */
    public Result run(String... args) {
        List<String> all = new ArrayList<>(List.of("--lib", library.toString()));
        all.addAll(List.of(args));
        return runRaw(all.toArray(String[]::new));
    }

    /** Runs with exactly these arguments. */
    public Result runRaw(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = UkeyCli.run(args, env, o, e);
        }
        Result r = new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        history.add(r);
        return r;
    }

    /** Everything the CLI printed so far. */
    public List<Result> history() {
        return history;
    }
}
