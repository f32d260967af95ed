package cn.yzt.ops.skf.jna;

import com.sun.jna.Memory;

/**
 * A ULONG* or BOOL* out- or in/out-parameter backed by 8 zeroed bytes: libraries built with
 * {@code BOOL} or {@code ULONG} as a 64-bit C {@code long} write 8 bytes through it (SKF-SPEC §0),
 * and 4 bytes of JNA memory would let them overwrite the heap. The value is the low 32 bits
 * (offset 0 on the little-endian targets we support).
 */
public final class OutUlong extends Memory {

    public OutUlong() {
        super(8);
        clear();
    }

    /** An in/out parameter that carries {@code value} in (e.g. a buffer size). */
    public static OutUlong of(int value) {
        OutUlong m = new OutUlong();
        m.setInt(0, value);
        return m;
    }

    /** The low 32 bits as written by the library. */
    public int value() {
        return getInt(0);
    }

    /** The value as an unsigned length. */
    public long unsigned() {
        return Integer.toUnsignedLong(getInt(0));
    }

    public void set(int value) {
        clear();
        setInt(0, value);
    }
}
