package cn.yzt.ops.protocol.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;

import org.bouncycastle.crypto.engines.SM2Engine;
import org.bouncycastle.crypto.engines.SM4Engine;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.util.BigIntegers;
import org.junit.jupiter.api.Test;

import cn.yzt.ops.protocol.crypto.Sm2;

class EnvelopedKeysTest {

    private static KeyPair sm2KeyPair() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC", new BouncyCastleProvider());
        g.initialize(new ECGenParameterSpec("sm2p256v1"));
        return g.generateKeyPair();
    }

    /** What a token does on import: SM2-decrypt the SM4 key with the sign key, SM4-ECB-decrypt d. */
    private static byte[] open(byte[] der, KeyPair recipient) throws Exception {
        Sm2EnvelopedKey env = Sm2EnvelopedKey.parse(der);
        SM2Engine sm2 = new SM2Engine(SM2Engine.Mode.C1C3C2);
        sm2.init(false, new ECPrivateKeyParameters(((ECPrivateKey) recipient.getPrivate()).getS(), Sm2.DOMAIN));
        byte[] raw = env.symEncryptedKey().toC1C3C2();
        byte[] sm4Key = sm2.processBlock(raw, 0, raw.length);
        SM4Engine sm4 = new SM4Engine();
        sm4.init(false, new KeyParameter(sm4Key));
        byte[] ct = env.encryptedPrivateKey();
        byte[] out = new byte[ct.length];
        for (int i = 0; i < ct.length; i += 16) {
            sm4.processBlock(ct, i, out, i);
        }
        return out;
    }

    @Test
    void sealedKeyOpensWithTheRecipientSignKey() throws Exception {
        KeyPair sign = sm2KeyPair();
        KeyPair enc = sm2KeyPair();
        byte[] der = EnvelopedKeys.seal(sign.getPublic(), enc);

        Sm2EnvelopedKey env = Sm2EnvelopedKey.parse(der);
        assertThat(env.symAlgId().getAlgorithm()).isEqualTo(EnvelopedKeys.SM4_OID);
        assertThat(env.symEncryptedKey().cipherText()).hasSize(16);
        byte[][] xy = Sm2.coordinates(enc.getPublic());
        assertThat(Arrays.copyOfRange(env.publicKey(), 1, 33)).isEqualTo(xy[0]);
        assertThat(Arrays.copyOfRange(env.publicKey(), 33, 65)).isEqualTo(xy[1]);
        assertThat(open(der, sign))
                .isEqualTo(BigIntegers.asUnsignedByteArray(32, ((ECPrivateKey) enc.getPrivate()).getS()));
        assertThat(env.getEncoded()).isEqualTo(der);
    }

    @Test
    void field64FormatEncryptsTheRightAlignedField() throws Exception {
        KeyPair sign = sm2KeyPair();
        KeyPair enc = sm2KeyPair();
        byte[] der = EnvelopedKeys.seal(sign.getPublic(), enc, EnvelopedKeys.PrivateKeyFormat.FIELD_64,
                new SecureRandom());
        byte[] field = open(der, sign);
        assertThat(field).hasSize(64);
        assertThat(Arrays.copyOfRange(field, 0, 32)).containsOnly(0);
        assertThat(Arrays.copyOfRange(field, 32, 64))
                .isEqualTo(BigIntegers.asUnsignedByteArray(32, ((ECPrivateKey) enc.getPrivate()).getS()));
    }

    @Test
    void parseRefusesOtherStructures() {
        assertThatThrownBy(() -> Sm2EnvelopedKey.parse(new byte[] {1, 2, 3}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("GM/T 0009");
        assertThatThrownBy(() -> Sm2EnvelopedKey.parse(new byte[] {0x30, 0x03, 0x02, 0x01, 0x01}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected 4 fields");
    }

    @Test
    void sm2CipherRoundTripsThroughRawForm() {
        byte[] raw = new byte[1 + 64 + 32 + 5];
        new SecureRandom().nextBytes(raw);
        raw[0] = 4;
        raw[1] = 0; // leading zero in x must survive the INTEGER encoding
        Sm2Cipher c = Sm2Cipher.fromAsn1(Sm2Cipher.fromC1C3C2(raw).toAsn1());
        assertThat(c.toC1C3C2()).isEqualTo(raw);
    }
}
