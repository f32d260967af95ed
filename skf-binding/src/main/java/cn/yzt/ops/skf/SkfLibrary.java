package cn.yzt.ops.skf;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * One loaded vendor SKF library. Every native call goes through this library's single
 * serialising executor (vendor libraries are not thread-safe), except SKF_WaitForDevEvent,
 * which the {@link DeviceWatcher} runs on its own thread. A library is never unloaded.
 * Instances are cached per canonical path: loading the same path twice gives the same object.
 */
public final class SkfLibrary {

    /** Loads the library at {@code path}: checks the ELF/PE machine against the JVM first. */
    public static SkfLibrary load(Path path) {
        throw new UnsupportedOperationException("TODO");
    }

    public Path path() {
        throw new UnsupportedOperationException("TODO");
    }

    /** What was detected about this library (DEVINFO packing, sign semantics, SM2 alg id...). */
    public LibraryProfile profile() {
        throw new UnsupportedOperationException("TODO");
    }

    /** SKF_EnumDev; names decoded UTF-8 then GBK. */
    public List<String> devices(boolean presentOnly) {
        throw new UnsupportedOperationException("TODO");
    }

    /** SKF_ConnectDev. */
    public UKey connect(String deviceName) {
        throw new UnsupportedOperationException("TODO");
    }

    /** Starts a watcher that reports insertions and removals within 2 s. */
    public DeviceWatcher watch(Consumer<DeviceEvent> listener) {
        throw new UnsupportedOperationException("TODO");
    }
}
