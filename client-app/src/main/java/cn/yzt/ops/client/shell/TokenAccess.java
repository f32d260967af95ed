package cn.yzt.ops.client.shell;

import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.function.Consumer;

import cn.yzt.ops.skf.DeviceEvent;
import cn.yzt.ops.skf.DeviceWatcher;

/**
 * What the shell needs from the UKEY layer (the login package's UkeyService provides it): watch
 * insertions/removals, read a container's signing certificate, re-open the token with the PIN.
 * All blocking except {@link #watch}; never on the FX thread.
 */
public interface TokenAccess {
    /** Device events on a watcher thread; close the watcher to stop. */
    DeviceWatcher watch(Consumer<DeviceEvent> listener);

    /** The signing certificate in {@code container} of the key {@code device} (empty if none / no such container). */
    Optional<X509Certificate> certificate(String device, String application, String container);

    /** Verifies the user PIN and returns the token's "SKF" KeyStore (PinIncorrectException etc. on failure). */
    KeyStore open(String device, String application, char[] pin) throws Exception;
}
