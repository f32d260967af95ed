package cn.yzt.ops.client.login;

import cn.yzt.ops.skf.Application;
import cn.yzt.ops.skf.Container;
import cn.yzt.ops.skf.DeviceEvent;
import cn.yzt.ops.skf.DeviceWatcher;
import cn.yzt.ops.skf.PinType;
import cn.yzt.ops.skf.SkfException;
import cn.yzt.ops.skf.SkfLibrary;
import cn.yzt.ops.skf.UKey;
import cn.yzt.ops.skf.jca.SkfKeyStoreParameter;
import cn.yzt.ops.skf.jca.SkfProvider;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Blocking UKEY operations for the login screen over skf-binding. Never call on the FX thread.
 * Each call opens and closes its own device session (the key may be removed at any time).
 */
public class UkeyService {
    /** The application the ops system provisions; any other one is used only when it is alone. */
    public static final String PREFERRED_APPLICATION = "YZT-OPS";

    private final SkfLibrary library;

    public UkeyService(SkfLibrary library) {
        this.library = library;
    }

    public SkfLibrary library() {
        return library;
    }

    public List<String> devices() {
        return library.devices(true);
    }

    public DeviceWatcher watch(Consumer<DeviceEvent> listener) {
        return library.watch(listener);
    }

    /** Applications, containers, signing certificates and the user PIN state of {@code device}. */
    public KeyDetails read(String device) {
        try (UKey key = library.connect(device)) {
            List<String> apps = key.applications();
            if (apps.isEmpty()) {
                return new KeyDetails(device, null, List.of(), null);
            }
            String appName = apps.contains(PREFERRED_APPLICATION) ? PREFERRED_APPLICATION : apps.get(0);
            try (Application app = key.openApplication(appName)) {
                List<CertificateInfo> out = new ArrayList<>();
                for (String name : app.containers()) {
                    try (Container c = app.openContainer(name)) {
                        out.add(CertificateInfo.of(name, c.certificate(true).orElse(null)));
                    }
                }
                return new KeyDetails(device, appName, List.copyOf(out), app.pinInfo(PinType.USER));
            }
        }
    }

    /** Verifies the user PIN (PinIncorrectException / PinLockedException on failure). */
    public void verifyPin(String device, String application, char[] pin) {
        try (UKey key = library.connect(device); Application app = key.openApplication(application)) {
            app.verifyPin(PinType.USER, pin);
        }
    }

    /** The "SKF" KeyStore of the key, logged in with {@code pin} (the caller wipes it afterwards). */
    public KeyStore keyStore(String device, String application, char[] pin) throws GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("SKF", new SkfProvider());
        KeyStore.PasswordProtection protection = new KeyStore.PasswordProtection(pin);
        try {
            ks.load(SkfKeyStoreParameter.builder().library(library).device(device).application(application)
                    .pin(protection).build());
            return ks;
        } catch (IOException e) {
            if (e.getCause() instanceof SkfException s) {
                throw s;
            }
            throw new GeneralSecurityException(e.getMessage(), e);
        } finally {
            try {
                protection.destroy();
            } catch (javax.security.auth.DestroyFailedException ignored) {
                // PasswordProtection clears its copy; nothing else to do
            }
        }
    }
}
