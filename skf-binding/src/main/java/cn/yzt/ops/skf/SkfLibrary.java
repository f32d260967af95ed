package cn.yzt.ops.skf;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import com.sun.jna.Function;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.ptr.PointerByReference;
import com.sun.jna.win32.StdCallFunctionMapper;
import com.sun.jna.win32.StdCallLibrary;

import cn.yzt.ops.skf.jna.NameList;
import cn.yzt.ops.skf.jna.SkfFunctions;
import cn.yzt.ops.skf.jna.SkfNative;

/**
 * One loaded vendor SKF library. Every native call goes through this library's single
 * serialising executor (vendor libraries are not thread-safe), except SKF_WaitForDevEvent,
 * which the {@link DeviceWatcher} runs on its own thread. A library is never unloaded.
 * Instances are cached per canonical path: loading the same path twice gives the same object.
 */
public final class SkfLibrary {

    private static final Map<Path, SkfLibrary> LOADED = new ConcurrentHashMap<>();

    private final Path path;
    private final SkfNative api;
    private final SkfFunctions optional;
    private final SerialExecutor executor;
    private final LibraryState state = new LibraryState();

    private SkfLibrary(Path path, SkfNative api, SkfFunctions optional) {
        this.path = path;
        this.api = api;
        this.optional = optional;
        this.executor = new SerialExecutor("skf-" + path.getFileName());
    }

    /** Loads the library at {@code path}: checks the ELF/PE machine against the JVM first. */
    public static SkfLibrary load(Path path) {
        if (path == null) {
            throw new IllegalArgumentException("library path must not be null");
        }
        Path canonical = canonical(path);
        SkfLibrary existing = LOADED.get(canonical);
        if (existing != null) {
            return existing;
        }
        synchronized (LOADED) {
            return LOADED.computeIfAbsent(canonical, SkfLibrary::open);
        }
    }

    private static Path canonical(Path path) {
        if (!Files.exists(path)) {
            throw new LibraryLoadException(LibraryLoadException.Reason.MISSING, path, null, null);
        }
        try {
            return path.toRealPath();
        } catch (IOException e) {
            throw new LibraryLoadException(LibraryLoadException.Reason.LOAD_FAILED, path, e.getMessage(), e);
        }
    }

    private static SkfLibrary open(Path canonical) {
        NativeBinaryCheck.verify(canonical);
        try {
            // JNA keeps the library loaded for the life of the JVM: vendors' threads and CA
            // "NoUnload" settings make unloading unsafe (SKF-SPEC §8), so it is never disposed.
            boolean stdcall = Platform.isWindows() && !Platform.is64Bit();
            Map<String, Object> options = new HashMap<>();
            if (stdcall) {
                // Win32 DEVAPI is __stdcall; exports may be plain or decorated (_SKF_EnumDev@12)
                options.put(Library.OPTION_CALLING_CONVENTION, StdCallLibrary.STDCALL_CONVENTION);
                options.put(Library.OPTION_FUNCTION_MAPPER, new StdCallFunctionMapper());
            }
            SkfNative api = Native.load(canonical.toString(), SkfNative.class, options);
            NativeLibrary lib = NativeLibrary.getInstance(canonical.toString(), options);
            int convention = stdcall ? StdCallLibrary.STDCALL_CONVENTION : Function.C_CONVENTION;
            return new SkfLibrary(canonical, api, new SkfFunctions(lib, convention, stdcall));
        } catch (UnsatisfiedLinkError e) {
            throw new LibraryLoadException(LibraryLoadException.Reason.LOAD_FAILED, canonical, e.getMessage(), e);
        }
    }

    public Path path() {
        return path;
    }

    /** What was detected about this library (DEVINFO packing, sign semantics, SM2 alg id...). */
    public LibraryProfile profile() {
        return state.snapshot();
    }

    /**
     * Whether 32-byte values come back left-aligned in their 64-byte fields (null = not seen yet).
     * Handled transparently; exposed for diagnostics.
     */
    public Boolean leftAlignedCoordinates() {
        return state.leftAligned;
    }

    /**
     * The charset used to encode NEW names (create, or a name never seen in a listing): learnt from
     * the first non-ASCII name the library returns, else UTF-8 as the standard says.
     */
    public Charset nameCharset() {
        return state.encodeCharset();
    }

    /**
     * Configures the name charset for a library known to use another one (many Windows vendor DLLs
     * use GBK). Names the library lists are always reused as its own bytes, whatever this says.
     */
    public void nameCharset(Charset charset) {
        if (charset == null) {
            throw new IllegalArgumentException("charset must not be null");
        }
        state.nameCharset = charset;
    }

    /** SKF_EnumDev; names decoded UTF-8 then GBK. */
    public List<String> devices(boolean presentOnly) {
        List<String> out = new ArrayList<>();
        for (SkfName n : deviceNames(presentOnly)) {
            out.add(n.text());
        }
        return Collections.unmodifiableList(out);
    }

    /** SKF_ConnectDev. */
    public UKey connect(String deviceName) {
        SkfName name = resolveDevice(deviceName);
        return executor.call(() -> {
            PointerByReference h = new PointerByReference();
            int rc = api.SKF_ConnectDev(name.cString(), h);
            if (rc != 0) {
                throw SkfErrors.of("SKF_ConnectDev", rc, -1);
            }
            return new UKey(new DeviceSession(this, name, h.getValue()));
        });
    }

    /** Starts a watcher that reports insertions and removals within 2 s. */
    public DeviceWatcher watch(Consumer<DeviceEvent> listener) {
        if (listener == null) {
            throw new IllegalArgumentException("listener must not be null");
        }
        DualSourceWatcher w = new DualSourceWatcher(this, listener);
        w.start();
        return w;
    }

    // ---- package internals

    SkfNative api() {
        return api;
    }

    SkfFunctions optional() {
        return optional;
    }

    SerialExecutor executor() {
        return executor;
    }

    LibraryState state() {
        return state;
    }

    List<SkfName> deviceNames(boolean presentOnly) {
        return executor.call(() -> {
            byte[] list = SizeProtocol.fetch("SKF_EnumDev", state, SizeProtocol.INITIAL_LIST,
                    (buf, len) -> api.SKF_EnumDev(presentOnly ? 1 : 0, buf, len),
                    (fn, rc) -> {
                        throw SkfErrors.of(fn, rc, -1);
                    });
            return names(list);
        });
    }

    /** Decodes a name list and learns the library's name charset from any non-ASCII name. */
    List<SkfName> names(byte[] list) {
        List<SkfName> out = new ArrayList<>();
        for (byte[] raw : NameList.parse(list, list.length)) {
            SkfName n = SkfName.decode(raw);
            learnCharset(n);
            out.add(n);
        }
        return out;
    }

    void learnCharset(SkfName n) {
        if (!n.ascii() && state.nameCharset == null) {
            state.nameCharset = n.charset();
        }
    }

    /** True unless EnumDev(TRUE) answers without {@code name}; an enumeration error says "present". */
    boolean isPresent(SkfName name) {
        try {
            for (SkfName n : deviceNames(true)) {
                if (n.sameBytes(name)) {
                    return true;
                }
            }
            return false;
        } catch (SkfException e) {
            return true;
        }
    }

    private SkfName resolveDevice(String deviceName) {
        if (deviceName == null || deviceName.isEmpty()) {
            throw new IllegalArgumentException("device name must not be empty");
        }
        for (SkfName n : deviceNames(true)) {
            if (n.text().equals(deviceName)) {
                return n; // the library's own bytes, whatever their encoding
            }
        }
        return SkfName.encode("device", deviceName, state.encodeCharset());
    }

    @Override
    public String toString() {
        return "SkfLibrary[" + path + "]";
    }
}
