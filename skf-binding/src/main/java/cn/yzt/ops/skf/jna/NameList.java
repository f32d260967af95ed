package cn.yzt.ops.skf.jna;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Parses the double-NUL name lists of EnumDev/EnumApplication/EnumContainer/EnumFiles into raw
 * byte names. Libraries answer an empty list as "" (size 0), "\0" (size 1) or "\0\0"; parsing stops
 * at the first empty name or at {@code size} (SKF-SPEC §8 "Empty lists").
 */
public final class NameList {

    private NameList() {
    }

    public static List<byte[]> parse(byte[] buf, int size) {
        int end = Math.min(Math.max(size, 0), buf.length);
        List<byte[]> names = new ArrayList<>();
        int start = 0;
        while (start < end) {
            int nul = start;
            while (nul < end && buf[nul] != 0) {
                nul++;
            }
            if (nul == start) {
                break; // empty name: end of list
            }
            names.add(Arrays.copyOfRange(buf, start, nul));
            start = nul + 1;
        }
        return names;
    }

    /** Whether {@code buf[0..len)} ends like a complete list (a NUL at the end, or empty). */
    public static boolean looksComplete(byte[] buf, int len) {
        return len == 0 || buf[len - 1] == 0;
    }
}
