package cn.yzt.ops.server.crypto;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.params.KeyParameter;

/** PBKDF2 with HMAC-SM3 (RFC 8018 with SM3 as the PRF). The password bytes are wiped after use. */
public final class Pbkdf2Sm3 {

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
        try {
            PKCS5S2ParametersGenerator g = new PKCS5S2ParametersGenerator(new SM3Digest());
            g.init(pw, salt, iterations);
            return ((KeyParameter) g.generateDerivedMacParameters(length * 8)).getKey();
        } finally {
            Arrays.fill(pw, (byte) 0);
        }
    }
}
