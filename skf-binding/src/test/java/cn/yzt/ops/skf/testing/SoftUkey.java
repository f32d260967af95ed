package cn.yzt.ops.skf.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.jna.NativeLibrary;

/**
 * Test access to the real native soft UKEY built by the soft-ukey module.
 * Each {@link #prepare} loads a private copy of the library (so quirks and the token directory are
 * per copy, as they would be per vendor library), configured before any SKF call.
 */
public final class SoftUkey {

    private static final AtomicInteger COPIES = new AtomicInteger();

    private SoftUkey() {
    }

    public static Path nativeDir() {
        String dir = System.getProperty("yzt.softukey.native.dir");
        if (dir == null) {
            throw new IllegalStateException("yzt.softukey.native.dir not set: run the tests through Maven");
        }
        return Paths.get(dir);
    }

    public static Path library() {
        return nativeDir().resolve("libsoftukey.so");
    }

    /**
     * Copies libsoftukey.so into {@code tokenDir}'s parent-independent temp place, calls
     * SoftUKEY_Configure(tokenDir, quirks) on the copy and returns the copy's path, ready for
     * {@code SkfLibrary.load}.
     */
    public static Path prepare(Path tokenDir, String... quirks) {
        try {
            Files.createDirectories(tokenDir);
            Path copy = Files.createTempDirectory("softukey-lib")
                    .resolve("libsoftukey-" + COPIES.incrementAndGet() + ".so");
            Files.copy(library(), copy, StandardCopyOption.REPLACE_EXISTING);
            copy.toFile().deleteOnExit();
            int rc = NativeLibrary.getInstance(copy.toString())
                    .getFunction("SoftUKEY_Configure")
                    .invokeInt(new Object[] {tokenDir.toString(), String.join(",", quirks)});
            if (rc != 0) {
                throw new IllegalStateException("SoftUKEY_Configure failed: 0x" + Integer.toHexString(rc));
            }
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Creates a blank token file DIR/NAME.token with softukey-mktoken (a device "insertion"). */
    public static Path createToken(Path tokenDir, String name, String... extraArgs) {
        List<String> cmd = new ArrayList<>(List.of(
                nativeDir().resolve("softukey-mktoken").toString(),
                "--dir", tokenDir.toString(), "--name", name));
        cmd.addAll(List.of(extraArgs));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("softukey-mktoken failed: " + out);
            }
            return tokenDir.resolve(name + ".token");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The factory device authentication key of a token made by softukey-mktoken. */
    public static byte[] defaultAuthKey() {
        return "1234567812345678".getBytes(StandardCharsets.US_ASCII);
    }
}
