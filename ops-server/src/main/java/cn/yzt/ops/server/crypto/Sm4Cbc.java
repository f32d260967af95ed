package cn.yzt.ops.server.crypto;

import org.bouncycastle.crypto.BufferedBlockCipher;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.SM4Engine;
import org.bouncycastle.crypto.modes.CBCBlockCipher;
import org.bouncycastle.crypto.paddings.PKCS7Padding;
import org.bouncycastle.crypto.paddings.PaddedBufferedBlockCipher;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;

/** SM4-CBC with PKCS#7 padding. Always used encrypt-then-MAC: never decrypt before the MAC checks. */
public final class Sm4Cbc {

    public static final int KEY_LENGTH = 16;
    public static final int IV_LENGTH = 16;

    private Sm4Cbc() {
    }

    public static byte[] encrypt(byte[] key, byte[] iv, byte[] plain) {
        return run(true, key, iv, plain);
    }

    public static byte[] decrypt(byte[] key, byte[] iv, byte[] cipherText) {
        return run(false, key, iv, cipherText);
    }

    private static byte[] run(boolean encrypt, byte[] key, byte[] iv, byte[] in) {
        BufferedBlockCipher c = new PaddedBufferedBlockCipher(CBCBlockCipher.newInstance(new SM4Engine()), new PKCS7Padding());
        c.init(encrypt, new ParametersWithIV(new KeyParameter(key), iv));
        byte[] out = new byte[c.getOutputSize(in.length)];
        int n = c.processBytes(in, 0, in.length, out, 0);
        try {
            n += c.doFinal(out, n);
        } catch (InvalidCipherTextException ex) {
            // Only reachable after a MAC passed, i.e. with a wrong key: treat as tampering.
            throw new IntegrityException("SM4 padding");
        }
        return n == out.length ? out : java.util.Arrays.copyOf(out, n);
    }
}
