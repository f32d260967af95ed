package cn.yzt.ops.installer.pkg;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a command to completion with a time limit; the output (stdout + stderr) is returned. */
final class Proc {

    record Result(int exit, String output) {
    }

    private Proc() {
    }

    static Result run(List<String> cmd, Map<String, String> env, Path dir, long timeoutSeconds)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        if (env != null) {
            pb.environment().putAll(env);
        }
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        Process p = pb.start();
        byte[][] out = new byte[1][];
        Thread reader = new Thread(() -> {
            try {
                out[0] = p.getInputStream().readAllBytes();
            } catch (IOException ex) {
                out[0] = new byte[0];
            }
        });
        reader.start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            reader.join(5_000);
            throw new IllegalStateException(cmd + " did not finish within " + timeoutSeconds + " s");
        }
        reader.join(5_000);
        return new Result(p.exitValue(), new String(out[0] == null ? new byte[0] : out[0], StandardCharsets.UTF_8));
    }

    static Result run(String... cmd) throws IOException, InterruptedException {
        return run(List.of(cmd), null, null, 300);
    }

    static boolean onPath(String tool) {
        try {
            return run("sh", "-c", "command -v " + tool).exit() == 0;
        } catch (IOException | InterruptedException ex) {
            return false;
        }
    }
}
