package cn.yzt.ops.server.crypto;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * PBKDF2 with HMAC-SM3 (RFC 8018 with SM3 as the PRF). The password bytes are wiped after use.
 * <p>
 * Why not BouncyCastle's PKCS5S2ParametersGenerator: the login's cost is dominated by this loop.
 * Here the HMAC key's inner and outer pad blocks are compressed once, and each iteration
 * U_j = HMAC(P, U_{j-1}) is exactly two SM3 compressions on pre-laid-out single blocks (a 32-byte
 * message after a 64-byte pad block always pads to one block of bit length 768). U_1 (arbitrary
 * salt length) still goes through BouncyCastle's HMac. Same output, checked against
 * PKCS5S2ParametersGenerator in Pbkdf2Sm3Test.
 */
public final class Pbkdf2Sm3 {

    private static final int BLOCK = 64;
    private static final int HLEN = 32;
    /** (64-byte pad block + 32-byte message) in bits: the length field of the single padded block. */
    private static final int PADDED_BITS = (BLOCK + HLEN) * 8;

    private Pbkdf2Sm3() {
    }

    public static byte[] derive(char[] password, byte[] salt, int iterations, int length) {
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be positive");
        }
        ByteBuffer bb = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
        byte[] pw = new byte[bb.remaining()];
        bb.get(pw);
        Arrays.fill(bb.array(), (byte) 0);
        byte[] key = null;
        int[] ipad = new int[8];
        int[] opad = new int[8];
        int[] scratch = new int[68];
        int[] block = new int[16];
        try {
            HMac first = new HMac(new SM3Digest());
            first.init(new KeyParameter(pw));
            key = hmacKeyBlock(pw);
            padState(key, (byte) 0x36, ipad, block, scratch);
            padState(key, (byte) 0x5c, opad, block, scratch);
            byte[] out = new byte[length];
            byte[] u1 = new byte[HLEN];
            int[] u = new int[8];
            int[] t = new int[8];
            int[] v = new int[8];
            for (int i = 1, off = 0; off < length; i++, off += HLEN) {
                first.update(salt, 0, salt.length);
                first.update(new byte[] {(byte) (i >>> 24), (byte) (i >>> 16), (byte) (i >>> 8), (byte) i}, 0, 4);
                first.doFinal(u1, 0);
                for (int k = 0; k < 8; k++) {
                    u[k] = Bytes.readInt(u1, 4 * k);
                    t[k] = u[k];
                }
                for (int it = 1; it < iterations; it++) {
                    hmacOfWords(ipad, opad, u, v, block, scratch);
                    for (int k = 0; k < 8; k++) {
                        t[k] ^= u[k];
                    }
                }
                for (int k = 0; k < 8 && off + 4 * k < length; k++) {
                    for (int b = 0; b < 4 && off + 4 * k + b < length; b++) {
                        out[off + 4 * k + b] = (byte) (t[k] >>> (24 - 8 * b));
                    }
                }
                Arrays.fill(u1, (byte) 0);
            }
            Arrays.fill(u, 0);
            Arrays.fill(t, 0);
            Arrays.fill(v, 0);
            return out;
        } finally {
            Arrays.fill(pw, (byte) 0);
            if (key != null) {
                Arrays.fill(key, (byte) 0);
            }
            Arrays.fill(ipad, 0);
            Arrays.fill(opad, 0);
            Arrays.fill(scratch, 0);
            Arrays.fill(block, 0);
        }
    }

    /** The HMAC key padded to one block (hashed first when longer than a block, RFC 2104). */
    private static byte[] hmacKeyBlock(byte[] pw) {
        byte[] k = new byte[BLOCK];
        if (pw.length > BLOCK) {
            SM3Digest d = new SM3Digest();
            d.update(pw, 0, pw.length);
            d.doFinal(k, 0);
        } else {
            System.arraycopy(pw, 0, k, 0, pw.length);
        }
        return k;
    }

    /** state = CF(IV, key XOR pad). */
    private static void padState(byte[] key, byte pad, int[] state, int[] block, int[] scratch) {
        for (int k = 0; k < 16; k++) {
            block[k] = ((key[4 * k] ^ pad) & 0xff) << 24 | ((key[4 * k + 1] ^ pad) & 0xff) << 16
                    | ((key[4 * k + 2] ^ pad) & 0xff) << 8 | ((key[4 * k + 3] ^ pad) & 0xff);
        }
        System.arraycopy(Sm3Compress.IV, 0, state, 0, 8);
        Sm3Compress.compress(state, block, scratch);
    }

    /** u = HMAC-SM3(key, u) for a 32-byte u: two compressions from the precomputed pad states. */
    private static void hmacOfWords(int[] ipad, int[] opad, int[] u, int[] v, int[] block, int[] scratch) {
        System.arraycopy(u, 0, block, 0, 8);
        block[8] = 0x80000000;
        Arrays.fill(block, 9, 15, 0);
        block[15] = PADDED_BITS;
        System.arraycopy(ipad, 0, v, 0, 8);
        Sm3Compress.compress(v, block, scratch);
        System.arraycopy(v, 0, block, 0, 8);
        System.arraycopy(opad, 0, u, 0, 8);
        Sm3Compress.compress(u, block, scratch);
    }
}
