package cn.yzt.ops.skf.jna;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Decodes DEVINFO by hand from a zeroed 512-byte buffer, because its size depends on how the vendor
 * compiled it: 294 bytes with pack(1), 296 with natural alignment (2 bytes of padding before the
 * ULONGs). SKF-SPEC §3.2 gives the recipe: read the 8 ULONGs at offset 198 and at 200 and keep the
 * layout whose values are plausible.
 */
public final class DevInfoDecoder {

    /** Bytes to hand to SKF_GetDevInfo: more than either layout needs. */
    public static final int BUFFER_SIZE = 512;
    public static final int PACKED_SIZE = 294;
    public static final int NATURAL_SIZE = 296;

    /** VERSION Version; BYTE major, minor */
    public static final int VERSION = 0;
    /** CHAR Manufacturer[64]; */
    public static final int MANUFACTURER = 2;
    /** CHAR Issuer[64]; */
    public static final int ISSUER = 66;
    /** CHAR Label[32]; */
    public static final int LABEL = 130;
    /** CHAR SerialNumber[32]; */
    public static final int SERIAL_NUMBER = 162;
    /** VERSION HWVersion; */
    public static final int HW_VERSION = 194;
    /** VERSION FirmwareVersion; */
    public static final int FIRMWARE_VERSION = 196;
    /** ULONG AlgSymCap; (packed; natural adds 2) then AlgAsymCap, AlgHashCap, DevAuthAlgId,
     *  TotalSpace, FreeSpace, MaxECCBufferSize, MaxBufferSize, then BYTE Reserved[64] */
    public static final int ULONGS_PACKED = 198;
    public static final int ULONGS_NATURAL = 200;

    private static final int[] AUTH_ALGS = {0x101, 0x102, 0x201, 0x401, 0x402, 0};
    private static final long MAX_BUFFER_LIMIT = 16L * 1024 * 1024;

    private DevInfoDecoder() {
    }

    /** The eight ULONGs (unsigned) that follow FirmwareVersion in the chosen layout. */
    public static long[] ulongs(byte[] buf, boolean packed) {
        ByteBuffer b = ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN);
        int base = packed ? ULONGS_PACKED : ULONGS_NATURAL;
        long[] v = new long[8];
        for (int i = 0; i < 8; i++) {
            v[i] = Integer.toUnsignedLong(b.getInt(base + 4 * i));
        }
        return v;
    }

    /** Whether the ULONGs read with this layout look like a real DEVINFO. */
    public static boolean plausible(byte[] buf, boolean packed) {
        long[] v = ulongs(buf, packed);
        long authAlg = v[3];
        long total = v[4];
        long free = v[5];
        long maxBuffer = v[7];
        boolean authOk = false;
        for (int a : AUTH_ALGS) {
            authOk |= authAlg == a;
        }
        return authOk && total >= free && maxBuffer < MAX_BUFFER_LIMIT;
    }

    /**
     * TRUE = packed, FALSE = natural, null = undecidable (callers then use packed, the standard
     * header's choice, without caching the decision). When both layouts pass the checks (zero
     * bytes can make a shifted read look valid), the one with more positive evidence wins:
     * a non-zero DevAuthAlgId, the SM2 bit in AlgAsymCap, SM3 in AlgHashCap, non-zero sizes.
     */
    public static Boolean detectPacked(byte[] buf) {
        boolean packed = plausible(buf, true);
        boolean natural = plausible(buf, false);
        if (packed != natural) {
            return packed;
        }
        if (!packed) {
            return null;
        }
        int p = evidence(buf, true);
        int n = evidence(buf, false);
        return p == n ? null : p > n;
    }

    private static int evidence(byte[] buf, boolean packed) {
        long[] v = ulongs(buf, packed);
        int score = 0;
        score += v[3] != 0 ? 1 : 0;                      // DevAuthAlgId
        score += (v[1] & 0x00020000L) != 0 ? 1 : 0;      // SM2 in AlgAsymCap
        score += (v[2] & 0x1L) != 0 ? 1 : 0;             // SM3 in AlgHashCap
        score += v[4] != 0 ? 1 : 0;                      // TotalSpace
        score += v[6] != 0 && v[6] < MAX_BUFFER_LIMIT ? 1 : 0; // MaxECCBufferSize
        score += v[7] != 0 ? 1 : 0;                      // MaxBufferSize
        return score;
    }
}
