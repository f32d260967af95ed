package cn.yzt.ops.skf;

import java.util.Arrays;

/**
 * 32-byte SM2 values (x, y, r, s, d) in the standard's 64-byte fields. The standard right-aligns
 * them (first 32 bytes zero); some libraries left-align them (SKF-SPEC §7.4 reason 4). Reading
 * detects the placement per field and teaches the library state; writing uses what was learnt.
 */
final class Coordinates {

    private Coordinates() {
    }

    /** The 32-byte value in {@code field[off..off+64)}; records a left-aligned library in {@code state}. */
    static byte[] read(byte[] field, int off, LibraryState state) {
        boolean highZero = allZero(field, off, 32);
        boolean lowZero = allZero(field, off + 32, 32);
        if (highZero) {
            return Arrays.copyOfRange(field, off + 32, off + 64); // standard: right-aligned
        }
        if (lowZero) {
            state.leftAligned = Boolean.TRUE;
            return Arrays.copyOfRange(field, off, off + 32);
        }
        throw new SkfException("blob", 0, "binding.badOutput", null);
    }

    /** Writes a 32-byte value into a 64-byte field, placed as this library expects. */
    static void write(byte[] value32, byte[] field, int off, LibraryState state) {
        if (value32.length != 32) {
            throw new IllegalArgumentException("SM2 value must be 32 bytes, got " + value32.length);
        }
        Arrays.fill(field, off, off + 64, (byte) 0);
        int at = Boolean.TRUE.equals(state.leftAligned) ? off : off + 32;
        System.arraycopy(value32, 0, field, at, 32);
    }

    static boolean allZero(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
