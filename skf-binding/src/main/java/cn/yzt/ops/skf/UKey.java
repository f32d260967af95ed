package cn.yzt.ops.skf;

import java.security.PublicKey;
import java.time.Duration;
import java.util.List;

/** A connected device (DEVHANDLE). Closing disconnects. */
public final class UKey implements AutoCloseable {

    public String name() { throw new UnsupportedOperationException("TODO"); }

    /** SKF_GetDevInfo, with packed/natural layout detection. */
    public DeviceInfo info() { throw new UnsupportedOperationException("TODO"); }

    public byte[] random(int length) { throw new UnsupportedOperationException("TODO"); }

    public void lock(Duration timeout) { throw new UnsupportedOperationException("TODO"); }

    public void unlock() { throw new UnsupportedOperationException("TODO"); }

    /** Device authentication (GenRandom, SM4-ECB under the device auth key, SKF_DevAuth). */
    public void deviceAuth(byte[] authKey) { throw new UnsupportedOperationException("TODO"); }

    public List<String> applications() { throw new UnsupportedOperationException("TODO"); }

    public Application openApplication(String name) { throw new UnsupportedOperationException("TODO"); }

    /** Needs {@link #deviceAuth} first. PINs are not wiped here: the caller owns them. */
    public Application createApplication(String name, char[] adminPin, int adminRetries,
                                         char[] userPin, int userRetries) {
        throw new UnsupportedOperationException("TODO");
    }

    public void deleteApplication(String name) { throw new UnsupportedOperationException("TODO"); }

    /** SKF_ECCVerify / SKF_ExtECCVerify on e (32 bytes) and a raw 64-byte r||s signature. */
    public boolean verifyDigest(PublicKey key, byte[] e, byte[] rawSignature) {
        throw new UnsupportedOperationException("TODO");
    }

    /** SKF_ExtECCEncrypt: GM/T 0003 C1||C3||C2 ciphertext for {@code key}. */
    public byte[] encrypt(PublicKey key, byte[] plaintext) { throw new UnsupportedOperationException("TODO"); }

    @Override
    public void close() { throw new UnsupportedOperationException("TODO"); }
}
