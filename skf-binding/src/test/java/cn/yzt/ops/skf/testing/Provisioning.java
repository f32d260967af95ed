package cn.yzt.ops.skf.testing;

import java.nio.file.Path;
import java.security.PublicKey;

import cn.yzt.ops.skf.Application;
import cn.yzt.ops.skf.Container;
import cn.yzt.ops.skf.PinType;
import cn.yzt.ops.skf.SkfLibrary;
import cn.yzt.ops.skf.UKey;

/**
 * Shared test set-up on the real soft UKEY: a private library copy with the given quirks, a blank
 * token, then DevAuth, an application with admin/user PINs, a container and a sign key pair.
 * <pre>
 * Provisioning.Token t = Provisioning.token(tempDir, "KEY1", "hash-inside");
 * try (Provisioning.Provisioned p = t.provision()) { p.container().sign(m, null); }
 * </pre>
 */
public final class Provisioning {

    public static final String APP = "YZT-OPS";
    public static final String CONTAINER = "sign-container";
    public static final int USER_RETRIES = 5;
    public static final int ADMIN_RETRIES = 10;

    private Provisioning() {
    }

    /** Fresh copies (callers may wipe them). Test-only PINs. */
    public static char[] adminPin() {
        return "admin-pin-8".toCharArray();
    }

    public static char[] userPin() {
        return "user-pin-66".toCharArray();
    }

    /** A library copy configured for {@code baseDir}/tokens with {@code quirks}, and one blank token. */
    public static Token token(Path baseDir, String deviceName, String... quirks) {
        Path tokens = baseDir.resolve("tokens");
        Path lib = SoftUkey.prepare(tokens, quirks);
        Path file = SoftUkey.createToken(tokens, deviceName);
        return new Token(SkfLibrary.load(lib), lib, tokens, file, deviceName);
    }

    /** A loaded library copy and one token file in its token directory. */
    public record Token(SkfLibrary library, Path libraryPath, Path tokenDir, Path tokenFile, String device) {

        /** Application + container + sign key, user PIN verified. */
        public Provisioned provision() {
            return provision(APP, CONTAINER);
        }

        public Provisioned provision(String appName, String containerName) {
            UKey key = library.connect(device);
            try {
                key.deviceAuth(SoftUkey.defaultAuthKey());
                Application app = key.createApplication(appName, adminPin(), ADMIN_RETRIES, userPin(), USER_RETRIES);
                app.verifyPin(PinType.USER, userPin());
                Container c = app.createContainer(containerName);
                PublicKey pub = c.generateSignKeyPair();
                return new Provisioned(key, app, c, pub);
            } catch (RuntimeException e) {
                key.close();
                throw e;
            }
        }
    }

    /** An open device, application and container; closing closes all three. */
    public record Provisioned(UKey key, Application app, Container container, PublicKey signKey)
            implements AutoCloseable {

        @Override
        public void close() {
            container.close();
            app.close();
            key.close();
        }
    }
}
