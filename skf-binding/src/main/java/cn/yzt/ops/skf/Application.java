package cn.yzt.ops.skf;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;

import cn.yzt.ops.skf.jna.OutUlong;

/** An opened application (HAPPLICATION): PIN state and containers. */
public final class Application implements AutoCloseable {

    private final DeviceSession session;
    private final SkfName name;
    private final Pointer hApp;
    private volatile boolean closed;
    /** Container names as the library spelt them (exact bytes reused in Open/Delete). */
    private final Map<String, SkfName> containerNames = new ConcurrentHashMap<>();

    Application(DeviceSession session, SkfName name, Pointer hApp) {
        this.session = session;
        this.name = name;
        this.hApp = hApp;
    }

    public String name() {
        return name.text();
    }

    public PinInfo pinInfo(PinType type) {
        requireType(type);
        return call("SKF_GetPINInfo", () -> {
            OutUlong max = new OutUlong();
            OutUlong remain = new OutUlong();
            OutUlong isDefault = new OutUlong();
            session.check("SKF_GetPINInfo", session.api().SKF_GetPINInfo(hApp, type.code(), max, remain, isDefault));
            return new PinInfo(max.value(), remain.value(), isDefault.value() != 0);
        });
    }

    /**
     * SKF_VerifyPIN. Throws {@link PinIncorrectException} with the tries left, or
     * {@link PinLockedException}. Does not wipe {@code pin}: the caller owns it.
     */
    public void verifyPin(PinType type, char[] pin) {
        requireType(type);
        byte[] p = Pins.toCString("PIN", pin);
        try {
            call("SKF_VerifyPIN", () -> {
                OutUlong retries = new OutUlong();
                int rc = session.api().SKF_VerifyPIN(hApp, type.code(), p, retries);
                Pins.wipe(p);
                session.check("SKF_VerifyPIN", rc, retries.value());
                return null;
            });
        } finally {
            Pins.wipe(p);
        }
    }

    public void changePin(PinType type, char[] oldPin, char[] newPin) {
        requireType(type);
        byte[] o = Pins.toCString("old PIN", oldPin);
        byte[] n = null;
        try {
            n = Pins.toCString("new PIN", newPin);
            byte[] nn = n;
            call("SKF_ChangePIN", () -> {
                OutUlong retries = new OutUlong();
                int rc = session.api().SKF_ChangePIN(hApp, type.code(), o, nn, retries);
                Pins.wipe(o, nn);
                session.check("SKF_ChangePIN", rc, retries.value());
                return null;
            });
        } finally {
            Pins.wipe(o, n);
        }
    }

    /** SKF_UnblockPIN: admin PIN resets the user PIN and its retry counter. */
    public void unblockPin(char[] adminPin, char[] newUserPin) {
        byte[] a = Pins.toCString("admin PIN", adminPin);
        byte[] u = null;
        try {
            u = Pins.toCString("new user PIN", newUserPin);
            byte[] uu = u;
            call("SKF_UnblockPIN", () -> {
                OutUlong retries = new OutUlong();
                int rc = session.api().SKF_UnblockPIN(hApp, a, uu, retries);
                Pins.wipe(a, uu);
                session.check("SKF_UnblockPIN", rc, retries.value());
                return null;
            });
        } finally {
            Pins.wipe(a, u);
        }
    }

    /** SKF_ClearSecureState. */
    public void logout() {
        call("SKF_ClearSecureState", () -> {
            session.check("SKF_ClearSecureState", session.api().SKF_ClearSecureState(hApp));
            return null;
        });
    }

    public List<String> containers() {
        List<SkfName> names = call("SKF_EnumContainer", () -> {
            byte[] list = SizeProtocol.fetch("SKF_EnumContainer", session.state(), SizeProtocol.INITIAL_LIST,
                    (buf, len) -> session.api().SKF_EnumContainer(hApp, buf, len), session::check);
            return session.library.names(list);
        });
        List<String> out = new ArrayList<>();
        for (SkfName n : names) {
            containerNames.put(n.text(), n);
            out.add(n.text());
        }
        return Collections.unmodifiableList(out);
    }

    public Container openContainer(String name) {
        SkfName c = resolve(name);
        return call("SKF_OpenContainer", () -> {
            PointerByReference h = new PointerByReference();
            session.check("SKF_OpenContainer", session.api().SKF_OpenContainer(hApp, c.cString(), h));
            return new Container(session, c, h.getValue());
        });
    }

    public Container createContainer(String name) {
        SkfName c = SkfName.encode("container", name, session.state().encodeCharset());
        Container created = call("SKF_CreateContainer", () -> {
            PointerByReference h = new PointerByReference();
            session.check("SKF_CreateContainer", session.api().SKF_CreateContainer(hApp, c.cString(), h));
            return new Container(session, c, h.getValue());
        });
        containerNames.put(c.text(), c);
        return created;
    }

    public void deleteContainer(String name) {
        SkfName c = resolve(name);
        call("SKF_DeleteContainer", () -> {
            session.check("SKF_DeleteContainer", session.api().SKF_DeleteContainer(hApp, c.cString()));
            return null;
        });
        containerNames.remove(c.text());
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        if (session.removed() || session.closed()) {
            return; // the handle went with the device or the connection
        }
        session.library.executor().run(() -> session.api().SKF_CloseApplication(hApp));
    }

    private <T> T call(String function, java.util.concurrent.Callable<T> task) {
        if (closed) {
            throw new IllegalStateException("application " + name + " is closed");
        }
        return session.call(function, task);
    }

    private SkfName resolve(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("container name must not be empty");
        }
        SkfName known = containerNames.get(name);
        if (known == null) {
            containers();
            known = containerNames.get(name);
        }
        return known != null ? known : SkfName.encode("container", name, session.state().encodeCharset());
    }

    private static void requireType(PinType type) {
        if (type == null) {
            throw new IllegalArgumentException("PIN type must not be null");
        }
    }
}
