package cn.yzt.ops.server.crypto;

/**
 * The SM3 compression function (GB/T 32905 §5.3) on int words, for PBKDF2's inner loop, where
 * every message is one fixed-layout block: no buffering, padding or state copies per call, which
 * is what the general digest spends most of a 32-byte HMAC on. Checked against BouncyCastle's SM3
 * through PBKDF2 test vectors (Pbkdf2Sm3Test).
 */
final class Sm3Compress {

    static final int[] IV = {0x7380166f, 0x4914b2b9, 0x172442d7, 0xda8a0600, 0xa96f30bc, 0x163138aa, 0xe38dee4d, 0xb0fb0e4e};

    private static final int[] T_ROT = new int[64];

    static {
        for (int j = 0; j < 64; j++) {
            T_ROT[j] = Integer.rotateLeft(j < 16 ? 0x79cc4519 : 0x7a879d8a, j % 32);
        }
    }

    private Sm3Compress() {
    }

    /** v = CF(v, block); {@code block} is 16 big-endian words, {@code w} a 68-word scratch array. */
    static void compress(int[] v, int[] block, int[] w) {
        System.arraycopy(block, 0, w, 0, 16);
        for (int j = 16; j < 68; j++) {
            int x = w[j - 16] ^ w[j - 9] ^ Integer.rotateLeft(w[j - 3], 15);
            w[j] = (x ^ Integer.rotateLeft(x, 15) ^ Integer.rotateLeft(x, 23)) ^ Integer.rotateLeft(w[j - 13], 7) ^ w[j - 6];
        }
        int a = v[0];
        int b = v[1];
        int c = v[2];
        int d = v[3];
        int e = v[4];
        int f = v[5];
        int g = v[6];
        int h = v[7];
        for (int j = 0; j < 64; j++) {
            int a12 = Integer.rotateLeft(a, 12);
            int ss1 = Integer.rotateLeft(a12 + e + T_ROT[j], 7);
            int ss2 = ss1 ^ a12;
            int ff;
            int gg;
            if (j < 16) {
                ff = a ^ b ^ c;
                gg = e ^ f ^ g;
            } else {
                ff = (a & b) | (a & c) | (b & c);
                gg = (e & f) | (~e & g);
            }
            int tt1 = ff + d + ss2 + (w[j] ^ w[j + 4]);
            int tt2 = gg + h + ss1 + w[j];
            d = c;
            c = Integer.rotateLeft(b, 9);
            b = a;
            a = tt1;
            h = g;
            g = Integer.rotateLeft(f, 19);
            f = e;
            e = tt2 ^ Integer.rotateLeft(tt2, 9) ^ Integer.rotateLeft(tt2, 17);
        }
        v[0] ^= a;
        v[1] ^= b;
        v[2] ^= c;
        v[3] ^= d;
        v[4] ^= e;
        v[5] ^= f;
        v[6] ^= g;
        v[7] ^= h;
    }
}
