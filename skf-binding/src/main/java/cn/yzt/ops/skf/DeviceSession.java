package cn.yzt.ops.skf;

import java.util.concurrent.Callable;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

import cn.yzt.ops.skf.jna.DevInfoDecoder;
import cn.yzt.ops.skf.jna.SkfNative;

/**
 * The state shared by one connected device and the applications and containers opened through it:
 * the device handle, its name, and whether the device has gone. After a removal every handle is
 * dropped: calls fail fast with {@link DeviceRemovedException} without touching the library.
 */
final class DeviceSession {

    final SkfLibrary library;
    final SkfName deviceName;
    final Pointer hDev;
    private volatile boolean removed;
    private volatile boolean closed;
    /** Manufacturer + firmware, the key of the cached sign semantics; set at the first info(). */
    volatile String model;

    DeviceSession(SkfLibrary library, SkfName deviceName, Pointer hDev) {
        this.library = library;
        this.deviceName = deviceName;
        this.hDev = hDev;
    }

    SkfNative api() {
        return library.api();
    }

    LibraryState state() {
        return library.state();
    }

    /** Runs {@code task} on the library's executor, unless the device is known to be gone. */
    <T> T call(String function, Callable<T> task) {
        ensureUsable(function);
        return library.executor().call(task);
    }

    void ensureUsable(String function) {
        if (removed) {
            throw new DeviceRemovedException(function, SarCode.SAR_DEVICE_REMOVED.code());
        }
        if (closed) {
            throw new IllegalStateException("UKEY " + deviceName + " is closed");
        }
    }

    /** Throws the exception for {@code rc} (nothing for SAR_OK), detecting a removed device. */
    void check(String function, int rc) {
        check(function, rc, -1);
    }

    void check(String function, int rc, int retriesLeft) {
        if (rc == 0) {
            return;
        }
        if (rc == SarCode.SAR_DEVICE_REMOVED.code()
                || (SkfErrors.mayMeanRemoved(rc) && !library.isPresent(deviceName))) {
            removed = true;
            throw new DeviceRemovedException(function, rc);
        }
        throw SkfErrors.of(function, rc, retriesLeft);
    }

    /** SKF_GetDevInfo, decoded with the library's layout; remembers the device model. */
    DeviceInfo readInfo() {
        DeviceInfo info = call("SKF_GetDevInfo", () -> {
            Memory buf = new Memory(DevInfoDecoder.BUFFER_SIZE);
            buf.clear();
            check("SKF_GetDevInfo", api().SKF_GetDevInfo(hDev, buf));
            return DevInfoReader.read(buf.getByteArray(0, DevInfoDecoder.BUFFER_SIZE), state());
        });
        model = DevInfoReader.model(info);
        return info;
    }

    /** Manufacturer + firmware of the device (reads DEVINFO once). */
    String model() {
        String m = model;
        return m != null ? m : DevInfoReader.model(readInfo());
    }

    boolean removed() {
        return removed;
    }

    /** Marks the session closed; returns false if it already was (so close() runs once). */
    boolean markClosed() {
        synchronized (this) {
            if (closed) {
                return false;
            }
            closed = true;
            return true;
        }
    }

    boolean closed() {
        return closed;
    }
}
