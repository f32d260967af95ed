package cn.yzt.ops.skf.cli;

import java.io.Console;
import java.util.Arrays;
import java.util.Map;

/**
 * Reads PINs from an environment variable whose NAME the user gives (never the PIN itself on the
 * command line, where ps and shell history would see it) or from the console without echo.
 * The caller wipes the returned array.
 */
final class PinReader {

    private final Map<String, String> env;
    private final CliMessages messages;

    PinReader(Map<String, String> env, CliMessages messages) {
        this.env = env;
        this.messages = messages;
    }

    /** @param envName variable to read, or null to prompt on the console */
    char[] read(String envName, String promptKey) {
        if (envName != null) {
            String v = env.get(envName);
            if (v == null || v.isEmpty()) {
                throw CliException.usage("msg.pin.env.missing", envName);
            }
            return v.toCharArray();
        }
        Console console = System.console();
        if (console == null) {
            throw CliException.usage("msg.pin.noconsole");
        }
        char[] pin = console.readPassword("%s", messages.get(promptKey));
        if (pin == null || pin.length == 0) {
            throw CliException.usage("msg.pin.empty");
        }
        return pin;
    }

    /** A new PIN: from the variable, or typed twice on the console. */
    char[] readNew(String envName, String promptKey) {
        char[] pin = read(envName, promptKey);
        if (envName != null) {
            return pin;
        }
        char[] again = read(null, "prompt.pin.repeat");
        try {
            if (!Arrays.equals(pin, again)) {
                wipe(pin);
                throw CliException.usage("msg.pin.mismatch");
            }
            return pin;
        } finally {
            wipe(again);
        }
    }

    static void wipe(char[]... pins) {
        for (char[] p : pins) {
            if (p != null) {
                Arrays.fill(p, '\0');
            }
        }
    }
}
