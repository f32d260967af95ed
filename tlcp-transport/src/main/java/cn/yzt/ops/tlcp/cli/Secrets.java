package cn.yzt.ops.tlcp.cli;

import java.io.Console;

import cn.yzt.ops.tlcp.Messages;

/** Passwords and PINs for the CLIs: from a named environment variable or the console, as char[]. */
final class Secrets {

    private Secrets() {
    }

    /**
     * @param envName variable holding the secret, or null to ask on the console
     * @param promptKey bundle key of the console prompt
     */
    static char[] read(String envName, String promptKey) {
        if (envName != null) {
            String v = System.getenv(envName);
            if (v == null) {
                throw new IllegalArgumentException(Messages.get("cli.env.missing", envName));
            }
            return v.toCharArray();
        }
        Console c = System.console();
        if (c == null) {
            throw new IllegalArgumentException(Messages.get("cli.console.missing"));
        }
        char[] p = c.readPassword("%s", Messages.get(promptKey));
        return p == null ? new char[0] : p;
    }

    static void wipe(char[] secret) {
        if (secret != null) {
            java.util.Arrays.fill(secret, '\0');
        }
    }
}
