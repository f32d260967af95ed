package cn.yzt.ops.server.cli;

import java.io.Console;

/** Reads secrets from a named environment variable or the console, never from the command line. */
final class Secrets {

    private Secrets() {
    }

    static char[] read(String envName, String prompt, boolean confirm) {
        String env = System.getenv(envName);
        if (env != null && !env.isEmpty()) {
            return env.toCharArray();
        }
        Console c = System.console();
        if (c == null) {
            throw new IllegalStateException("no console to ask for the " + prompt + "; set " + envName);
        }
        char[] first = c.readPassword("%s: ", prompt);
        if (confirm) {
            char[] again = c.readPassword("%s (again): ", prompt);
            boolean same = java.util.Arrays.equals(first, again);
            java.util.Arrays.fill(again, '\0');
            if (!same) {
                java.util.Arrays.fill(first, '\0');
                throw new IllegalArgumentException("the two entries differ");
            }
        }
        return first;
    }
}
