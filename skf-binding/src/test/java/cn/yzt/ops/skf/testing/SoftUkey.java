package cn.yzt.ops.skf.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.jna.Function;
import com.sun.jna.Memory;
import com.sun.jna.NativeLibrary;

/**
 * Test access to the real native soft UKEY built by the soft-ukey module.
 * Each {@link #prepare} loads a private copy of the library (so quirks and the token directory are
 * per copy, as they would be per vendor library), configured before any SKF call.
 */
public final class SoftUkey {

    private static final AtomicInteger COPIES = new AtomicInteger();
    /**
     * Strong references to every configured copy. JNA dlcloses a NativeLibrary when it is garbage
     * collected; if that happened before anyone else loaded the copy, its configuration (token dir,
     * quirks) would be lost and the next load would see the default, empty token directory.
     */
    private static final List<NativeLibrary> KEEP_LOADED = new CopyOnWriteArrayList<>();

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
            NativeLibrary lib = NativeLibrary.getInstance(copy.toString());
            KEEP_LOADED.add(lib);
            int rc = lib.getFunction("SoftUKEY_Configure")
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

    /**
     * SoftUKEY_StructLayout of the library at {@code lib}: the C compiler's sizeof/offsetof as
     * {@code "STRUCT.size"} / {@code "STRUCT.Field"} to value.
     */
    public static Map<String, Integer> structLayout(Path lib) {
        Function f = NativeLibrary.getInstance(lib.toString()).getFunction("SoftUKEY_StructLayout");
        Memory len = new Memory(8);
        len.clear();
        int rc = f.invokeInt(new Object[] {null, len});
        if (rc != 0) {
            throw new IllegalStateException("SoftUKEY_StructLayout size query failed: 0x" + Integer.toHexString(rc));
        }
        int size = len.getInt(0) + 16;
        Memory buf = new Memory(size);
        buf.clear();
        len.setInt(0, size);
        rc = f.invokeInt(new Object[] {buf, len});
        if (rc != 0) {
            throw new IllegalStateException("SoftUKEY_StructLayout failed: 0x" + Integer.toHexString(rc));
        }
        String text = new String(buf.getByteArray(0, len.getInt(0)), StandardCharsets.US_ASCII);
        Map<String, Integer> out = new LinkedHashMap<>();
        for (String line : text.split("\\R")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                out.put(line.substring(0, eq).trim(), Integer.parseInt(line.substring(eq + 1).replace("\0", "").trim()));
            }
        }
        return out;
    }

    /** Removes the token file: the device is "unplugged". */
    public static void removeToken(Path tokenFile) {
        try {
            Files.delete(tokenFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The factory device authentication key of a token made by softukey-mktoken. */
    public static byte[] defaultAuthKey() {
        return "1234567812345678".getBytes(StandardCharsets.US_ASCII);
    }
}
