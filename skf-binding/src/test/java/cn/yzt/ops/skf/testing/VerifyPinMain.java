package cn.yzt.ops.skf.testing;

import java.nio.file.Path;
import java.nio.file.Paths;

import cn.yzt.ops.skf.Application;
import cn.yzt.ops.skf.PinIncorrectException;
import cn.yzt.ops.skf.PinLockedException;
import cn.yzt.ops.skf.PinType;
import cn.yzt.ops.skf.SkfLibrary;
import cn.yzt.ops.skf.UKey;

/**
 * Run in a NEW JVM by the PIN tests: tries the user PIN once and prints OK, LOCKED, INCORRECT n
 * or ERROR. Args: tokenDir device app. The (test) PIN is {@link Provisioning#userPin()}.
 */
public final class VerifyPinMain {

    private VerifyPinMain() {
    }

    public static void main(String[] args) {
        Path tokenDir = Paths.get(args[0]);
        SkfLibrary lib = SkfLibrary.load(SoftUkey.prepare(tokenDir));
        try (UKey key = lib.connect(args[1]); Application app = key.openApplication(args[2])) {
            app.verifyPin(PinType.USER, Provisioning.userPin());
            System.out.println("OK");
        } catch (PinLockedException e) {
            System.out.println("LOCKED");
        } catch (PinIncorrectException e) {
            System.out.println("INCORRECT " + e.retriesLeft());
        } catch (RuntimeException e) {
            System.out.println("ERROR " + e);
        }
    }
}
