package cn.yzt.ops.client.shell;

import java.time.Duration;

/** Formatting helpers of the status bar. */
final class ShellText {
    private ShellText() {
    }

    /** H:MM:SS (or M:SS under an hour). */
    static String duration(Duration d) {
        long s = Math.max(0, d.getSeconds());
        long h = s / 3600;
        long m = (s % 3600) / 60;
        long sec = s % 60;
        return h > 0 ? String.format("%d:%02d:%02d", h, m, sec) : String.format("%d:%02d", m, sec);
    }

    /** The CN of a distinguished name, else the whole name. */
    static String commonName(String dn) {
        if (dn == null) {
            return "";
        }
        for (String part : dn.split(",")) {
            String p = part.trim();
            if (p.regionMatches(true, 0, "CN=", 0, 3)) {
                return p.substring(3);
            }
        }
        return dn;
    }
}
