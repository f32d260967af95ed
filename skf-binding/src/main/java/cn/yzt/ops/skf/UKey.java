package cn.yzt.ops.skf;

import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;

import cn.yzt.ops.protocol.crypto.Sm2;
import cn.yzt.ops.skf.jna.BlockCipherParam;
import cn.yzt.ops.skf.jna.EccCipherBlob;
import cn.yzt.ops.skf.jna.EccPublicKeyBlob;
import cn.yzt.ops.skf.jna.EccSignatureBlob;
import cn.yzt.ops.skf.jna.OutUlong;

/** A connected device (DEVHANDLE). Closing disconnects. */
public final class UKey implements AutoCloseable {

    /** SECURE_ANYONE_ACCOUNT: who may create files in a new application. */
    private static final int SECURE_ANYONE_ACCOUNT = 0xFF;
    private static final int SGD_SM4_ECB = 0x401;

    private final DeviceSession session;
    /** Application names as the library spelt them, so Open uses the exact bytes. */
    private final Map<String, SkfName> appNames = new ConcurrentHashMap<>();

    UKey(DeviceSession session) {
        this.session = session;
    }

    public String name() {
        return session.deviceName.text();
    }

    /** SKF_GetDevInfo, with packed/natural layout detection. */
    public DeviceInfo info() {
        return session.readInfo();
    }

    public byte[] random(int length) {
        if (length <= 0 || length > 1024 * 1024) {
            throw new IllegalArgumentException("random length must be 1..1048576, got " + length);
        }
        return session.call("SKF_GenRandom", () -> {
            byte[] out = new byte[length];
            session.check("SKF_GenRandom", session.api().SKF_GenRandom(session.hDev, out, length));
            return out;
        });
    }

    public void lock(Duration timeout) {
        long ms = timeout == null ? 0 : Math.max(0, timeout.toMillis());
        int t = ms >= 0xFFFFFFFFL ? 0xFFFFFFFF : (int) ms; // 0xFFFFFFFF = wait forever in vendor headers
        session.call("SKF_LockDev", () -> {
            session.check("SKF_LockDev", session.api().SKF_LockDev(session.hDev, t));
            return null;
        });
    }

    public void unlock() {
        session.call("SKF_UnlockDev", () -> {
            session.check("SKF_UnlockDev", session.api().SKF_UnlockDev(session.hDev));
            return null;
        });
    }

    /** Device authentication (GenRandom, SM4-ECB under the device auth key, SKF_DevAuth). */
    public void deviceAuth(byte[] authKey) {
        if (authKey == null || authKey.length != 16) {
            throw new IllegalArgumentException("device authentication key must be 16 bytes");
        }
        int alg = info().devAuthAlgId();
        int authAlg = alg == 0 ? SGD_SM4_ECB : alg;
        session.call("SKF_DevAuth", () -> {
            byte[] key = authKey.clone();
            byte[] challenge = new byte[16];
            try {
                // 8 random bytes padded with zeros to one block, as most middleware does (SKF-SPEC §4.2)
                session.check("SKF_GenRandom", session.api().SKF_GenRandom(session.hDev, challenge, 8));
                PointerByReference hKey = new PointerByReference();
                session.check("SKF_SetSymmKey", session.api().SKF_SetSymmKey(session.hDev, key, authAlg, hKey));
                byte[] answer;
                try {
                    BlockCipherParam.ByValue p = new BlockCipherParam.ByValue();
                    p.IVLen = 0;
                    p.PaddingType = 0;
                    session.check("SKF_EncryptInit", session.api().SKF_EncryptInit(hKey.getValue(), p));
                    Memory out = new Memory(64);
                    out.clear();
                    OutUlong len = OutUlong.of(64);
                    session.check("SKF_Encrypt", session.api().SKF_Encrypt(hKey.getValue(), challenge, 16, out, len));
                    answer = out.getByteArray(0, Math.min(len.value(), 64));
                    out.clear();
                } finally {
                    session.api().SKF_CloseHandle(hKey.getValue());
                }
                session.check("SKF_DevAuth", session.api().SKF_DevAuth(session.hDev, answer, answer.length));
                return null;
            } finally {
                Pins.wipe(key, challenge);
            }
        });
    }

    public List<String> applications() {
        List<SkfName> names = session.call("SKF_EnumApplication", () -> {
            byte[] list = SizeProtocol.fetch("SKF_EnumApplication", session.state(), SizeProtocol.INITIAL_LIST,
                    (buf, len) -> session.api().SKF_EnumApplication(session.hDev, buf, len), session::check);
            return session.library.names(list);
        });
        List<String> out = new ArrayList<>();
        for (SkfName n : names) {
            appNames.put(n.text(), n);
            out.add(n.text());
        }
        return Collections.unmodifiableList(out);
    }

    public Application openApplication(String name) {
        SkfName app = resolveApp(name);
        return session.call("SKF_OpenApplication", () -> {
            PointerByReference h = new PointerByReference();
            session.check("SKF_OpenApplication", session.api().SKF_OpenApplication(session.hDev, app.cString(), h));
            return new Application(session, app, h.getValue());
        });
    }

    /** Needs {@link #deviceAuth} first. PINs are not wiped here: the caller owns them. */
    public Application createApplication(String name, char[] adminPin, int adminRetries,
                                         char[] userPin, int userRetries) {
        SkfName app = SkfName.encode("application", name, session.state().encodeCharset());
        checkRetries("admin", adminRetries);
        checkRetries("user", userRetries);
        byte[] admin = Pins.toCString("admin PIN", adminPin);
        byte[] user = null;
        try {
            user = Pins.toCString("user PIN", userPin);
            byte[] u = user;
            Application created = session.call("SKF_CreateApplication", () -> {
                PointerByReference h = new PointerByReference();
                int rc = session.api().SKF_CreateApplication(session.hDev, app.cString(), admin, adminRetries,
                        u, userRetries, SECURE_ANYONE_ACCOUNT, h);
                Pins.wipe(admin, u); // as soon as the library has them
                session.check("SKF_CreateApplication", rc);
                return new Application(session, app, h.getValue());
            });
            appNames.put(app.text(), app);
            return created;
        } finally {
            Pins.wipe(admin, user);
        }
    }

    public void deleteApplication(String name) {
        SkfName app = resolveApp(name);
        session.call("SKF_DeleteApplication", () -> {
            session.check("SKF_DeleteApplication", session.api().SKF_DeleteApplication(session.hDev, app.cString()));
            return null;
        });
        appNames.remove(app.text());
    }

    /** SKF_ECCVerify / SKF_ExtECCVerify on e (32 bytes) and a raw 64-byte r||s signature. */
    public boolean verifyDigest(PublicKey key, byte[] e, byte[] rawSignature) {
        if (e == null || e.length != 32) {
            throw new IllegalArgumentException("e must be 32 bytes (SM3(Z||M))");
        }
        if (rawSignature == null || rawSignature.length != 64) {
            throw new IllegalArgumentException("raw signature must be 64 bytes (r||s)");
        }
        EccPublicKeyBlob pub = Blobs.publicKeyBlob(key, session.state());
        EccSignatureBlob sig = new EccSignatureBlob();
        Coordinates.write(Arrays.copyOfRange(rawSignature, 0, 32), sig.r, 0, session.state());
        Coordinates.write(Arrays.copyOfRange(rawSignature, 32, 64), sig.s, 0, session.state());
        return session.call("SKF_ECCVerify", () -> {
            int rc = session.api().SKF_ECCVerify(session.hDev, pub, e.clone(), 32, sig);
            if (rc == SarCode.SAR_HASHNOTEQUALERR.code()) {
                return false; // the standard's "signature does not match"
            }
            session.check("SKF_ECCVerify", rc);
            return true;
        });
    }

    /** SKF_ExtECCEncrypt: GM/T 0003 C1||C3||C2 ciphertext for {@code key}. */
    public byte[] encrypt(PublicKey key, byte[] plaintext) {
        if (plaintext == null || plaintext.length == 0) {
            throw new IllegalArgumentException("plaintext must not be empty");
        }
        if (plaintext.length > 64 * 1024) {
            throw new IllegalArgumentException("plaintext too long for SM2 on a UKEY: " + plaintext.length + " bytes");
        }
        EccPublicKeyBlob pub = Blobs.publicKeyBlob(key, session.state());
        int n = plaintext.length;
        byte[] blob = session.call("SKF_ExtECCEncrypt", () -> {
            int size = EccCipherBlob.FIXED + Math.max(n, EccCipherBlob.VENDOR_FIXED_TAIL) + 16;
            Memory out = new Memory(size);
            out.clear();
            session.check("SKF_ExtECCEncrypt",
                    session.api().SKF_ExtECCEncrypt(session.hDev, pub, plaintext.clone(), n, out));
            return out.getByteArray(0, size);
        });
        return Blobs.cipherBlobToC1C3C2(blob, n, session.state());
    }

    @Override
    public void close() {
        if (!session.markClosed() || session.removed()) {
            return; // nothing to disconnect: the handle died with the device
        }
        session.library.executor().run(() -> session.api().SKF_DisConnectDev(session.hDev));
    }

    private SkfName resolveApp(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("application name must not be empty");
        }
        SkfName known = appNames.get(name);
        if (known == null) {
            applications();
            known = appNames.get(name);
        }
        return known != null ? known : SkfName.encode("application", name, session.state().encodeCharset());
    }

    private static void checkRetries(String which, int retries) {
        if (retries < 1 || retries > 255) {
            throw new IllegalArgumentException(which + " PIN retry count must be 1..255, got " + retries);
        }
    }

    /** The point (x, y) of an SM2 public key, validated on the curve. */
    static byte[][] point(PublicKey key) {
        if (key == null) {
            throw new IllegalArgumentException("public key must not be null");
        }
        byte[][] xy = Sm2.coordinates(key);
        Sm2.publicKey(xy[0], xy[1]); // throws if not on the SM2 curve
        return xy;
    }

    Pointer handle() {
        return session.hDev;
    }
}
