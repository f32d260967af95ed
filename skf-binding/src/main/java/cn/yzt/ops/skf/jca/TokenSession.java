package cn.yzt.ops.skf.jca;

import java.util.ArrayList;
import java.util.List;

import cn.yzt.ops.skf.Application;
import cn.yzt.ops.skf.Container;
import cn.yzt.ops.skf.PinType;
import cn.yzt.ops.skf.SkfLibrary;
import cn.yzt.ops.skf.UKey;

/** The handles a loaded KeyStore keeps open: device, application (logged in), containers. */
final class TokenSession implements AutoCloseable {

    final SkfLibrary library;
    final UKey ukey;
    final Application application;
    private final List<Container> containers = new ArrayList<>();

    private TokenSession(SkfLibrary library, UKey ukey, Application application) {
        this.library = library;
        this.ukey = ukey;
        this.application = application;
    }

    /** Connects, opens the application and, when {@code pin} is not null, verifies the user PIN. */
    static TokenSession open(SkfLibrary library, String device, String application, char[] pin) {
        UKey key = library.connect(TokenSelection.device(library, device));
        Application app = null;
        try {
            app = key.openApplication(TokenSelection.application(key, application));
            if (pin != null) {
                app.verifyPin(PinType.USER, pin);
            }
            return new TokenSession(library, key, app);
        } catch (RuntimeException ex) {
            closeQuietly(app);
            closeQuietly(key);
            throw ex;
        }
    }

    Container openContainer(String name) {
        Container c = application.openContainer(name);
        containers.add(c);
        return c;
    }

    @Override
    public void close() {
        containers.forEach(TokenSession::closeQuietly);
        containers.clear();
        closeQuietly(application);
        closeQuietly(ukey);
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception ignored) {
            // Closing after an unplug fails; the handles are gone either way.
        }
    }
}
