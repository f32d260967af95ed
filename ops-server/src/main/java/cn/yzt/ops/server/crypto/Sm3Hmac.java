package cn.yzt.ops.server.crypto;

import java.nio.charset.StandardCharsets;

import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * HMAC-SM3 over a sequence of fields. Each field is length-prefixed so ("ab","c") and ("a","bc")
 * never collide, which matters when the fields are table, row id, column and ciphertext.
 */
public final class Sm3Hmac {

    public static final int LENGTH = 32;

    private final HMac mac = new HMac(new SM3Digest());

    public Sm3Hmac(byte[] key) {
        mac.init(new KeyParameter(key));
    }

    public Sm3Hmac field(byte[] value) {
        int n = value.length;
        mac.update((byte) (n >>> 24));
        mac.update((byte) (n >>> 16));
        mac.update((byte) (n >>> 8));
        mac.update((byte) n);
        mac.update(value, 0, n);
        return this;
    }

    public Sm3Hmac field(String value) {
        return field(value == null ? new byte[] {(byte) 0xFF} : value.getBytes(StandardCharsets.UTF_8));
    }

    public Sm3Hmac field(long value) {
        return field(Long.toString(value));
    }

    public byte[] done() {
        byte[] out = new byte[LENGTH];
        mac.doFinal(out, 0);
        return out;
    }
}
