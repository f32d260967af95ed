package cn.yzt.ops.server.crypto;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;

/** Small byte helpers with security-relevant behaviour in one place. */
public final class Bytes {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Bytes() {
    }

    /** Constant-time comparison (MessageDigest.isEqual does not exit early since JDK 6u17). */
    public static boolean equal(byte[] a, byte[] b) {
        if (a == null || b == null) {
            return false;
        }
        return MessageDigest.isEqual(a, b);
    }

    public static byte[] random(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    public static void wipe(byte[] b) {
        if (b != null) {
            Arrays.fill(b, (byte) 0);
        }
    }

    public static void wipe(char[] c) {
        if (c != null) {
            Arrays.fill(c, '\0');
        }
    }

    public static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int o = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, o, p.length);
            o += p.length;
        }
        return out;
    }

    public static int readInt(byte[] b, int off) {
        return ((b[off] & 0xFF) << 24) | ((b[off + 1] & 0xFF) << 16) | ((b[off + 2] & 0xFF) << 8) | (b[off + 3] & 0xFF);
    }

    public static byte[] intBytes(int v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }
}
