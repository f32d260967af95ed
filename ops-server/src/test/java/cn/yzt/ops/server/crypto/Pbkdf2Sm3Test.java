package cn.yzt.ops.server.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Test;

/** The fast PBKDF2-HMAC-SM3 gives exactly BouncyCastle's PKCS5S2(SM3) output. */
class Pbkdf2Sm3Test {

    private static byte[] reference(String pw, byte[] salt, int it, int len) {
        PKCS5S2ParametersGenerator g = new PKCS5S2ParametersGenerator(new SM3Digest());
        g.init(pw.getBytes(StandardCharsets.UTF_8), salt, it);
        return ((KeyParameter) g.generateDerivedMacParameters(len * 8)).getKey();
    }

    @Test
    void matchesBouncyCastleForPasswordsSaltsIterationsAndLengths() {
        Random r = new Random(42);
        String[] passwords = {"", "p", "Correct-Horse-1", "口令：安全管理员-2026", "x".repeat(64), "y".repeat(65), "z".repeat(200)};
        int[] saltLengths = {0, 1, 16, 55, 64, 100};
        int[] iterations = {1, 2, 3, 17, 1000};
        int[] lengths = {1, 16, 32, 33, 48, 64, 100};
        for (String pw : passwords) {
            for (int sl : saltLengths) {
                byte[] salt = new byte[sl];
                r.nextBytes(salt);
                for (int it : iterations) {
                    for (int len : lengths) {
                        assertThat(Pbkdf2Sm3.derive(pw.toCharArray(), salt, it, len))
                                .as("pw=%d chars salt=%d it=%d len=%d", pw.length(), sl, it, len)
                                .isEqualTo(reference(pw, salt, it, len));
                    }
                }
            }
        }
    }

    @Test
    void wipesNothingOfTheCallersButRejectsZeroIterations() {
        char[] pw = "secret".toCharArray();
        Pbkdf2Sm3.derive(pw, new byte[16], 5, 32);
        assertThat(new String(pw)).isEqualTo("secret");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Pbkdf2Sm3.derive(pw, new byte[16], 0, 32))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
