package cn.yzt.ops.skf.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.util.Arrays;

import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.crypto.engines.SM2Engine;
import org.bouncycastle.crypto.engines.SM4Engine;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import cn.yzt.ops.protocol.crypto.Sm2;
import cn.yzt.ops.protocol.pki.EnvelopedKeys;
import cn.yzt.ops.protocol.pki.Sm2EnvelopedKey;

/**
 * GM/T 0009 SM2EnvelopedKey → GM/T 0016 ENVELOPEDKEYBLOB (SKF-SPEC §3.9): offsets, alignment, and
 * that a token following the spec's decoding recipe recovers d from every placement.
 */
class EnvelopedKeysBlobTest {

    private final KeyPair sign = TestCa.newKeyPair();
    private final KeyPair enc = TestCa.newKeyPair();

    private byte[] seal(EnvelopedKeys.PrivateKeyFormat format) {
        return EnvelopedKeys.seal(sign.getPublic(), enc, format, new SecureRandom());
    }

    @ParameterizedTest
    @EnumSource(cn.yzt.ops.skf.EnvelopedKeys.Placement.class)
    void blobHasTheSkfLayoutAndOpensLikeAToken(cn.yzt.ops.skf.EnvelopedKeys.Placement placement) throws Exception {
        EnvelopedKeys.PrivateKeyFormat format = placement == cn.yzt.ops.skf.EnvelopedKeys.Placement.FULL_64
                ? EnvelopedKeys.PrivateKeyFormat.FIELD_64 : EnvelopedKeys.PrivateKeyFormat.D_32;
        byte[] der = seal(format);
        byte[] blob = cn.yzt.ops.skf.EnvelopedKeys.toBlob(der, placement);
        ByteBuffer b = ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN);

        assertThat(blob).hasSize(372 + 16);
        assertThat(b.getInt(0)).isEqualTo(1);          // Version
        assertThat(b.getInt(4)).isEqualTo(0x401);      // SGD_SM4_ECB
        assertThat(b.getInt(8)).isEqualTo(256);        // ulBits
        assertThat(b.getInt(76)).isEqualTo(256);       // PubKey.BitLen
        byte[][] xy = Sm2.coordinates(enc.getPublic());
        assertThat(Arrays.copyOfRange(blob, 80, 112)).containsOnly(0);
        assertThat(Arrays.copyOfRange(blob, 112, 144)).isEqualTo(xy[0]);
        assertThat(Arrays.copyOfRange(blob, 144, 176)).containsOnly(0);
        assertThat(Arrays.copyOfRange(blob, 176, 208)).isEqualTo(xy[1]);
        assertThat(Arrays.copyOfRange(blob, 208, 240)).containsOnly(0); // C1.x right-aligned
        assertThat(Arrays.copyOfRange(blob, 272, 304)).containsOnly(0); // C1.y right-aligned
        assertThat(b.getInt(208 + 160)).isEqualTo(16);  // CipherLen

        assertThat(openLikeAToken(blob)).isEqualTo(TestCa.scalar(enc));
    }

    /** SKF-SPEC §3.9: unwrap the SM4 key with the sign key, decrypt all 64 bytes, then tell the placements apart. */
    private byte[] openLikeAToken(byte[] blob) throws Exception {
        byte[] c1c3c2 = new byte[1 + 64 + 32 + 16];
        c1c3c2[0] = 4;
        System.arraycopy(blob, 208 + 32, c1c3c2, 1, 32);
        System.arraycopy(blob, 208 + 96, c1c3c2, 33, 32);
        System.arraycopy(blob, 208 + 128, c1c3c2, 65, 32);
        System.arraycopy(blob, 208 + 164, c1c3c2, 97, 16);
        SM2Engine sm2 = new SM2Engine(SM2Engine.Mode.C1C3C2);
        sm2.init(false, new ECPrivateKeyParameters(((ECPrivateKey) sign.getPrivate()).getS(), Sm2.DOMAIN));
        byte[] key = sm2.processBlock(c1c3c2, 0, c1c3c2.length);
        byte[] ct = Arrays.copyOfRange(blob, 12, 76);
        SM4Engine sm4 = new SM4Engine();
        sm4.init(false, new KeyParameter(key));
        byte[] plain = new byte[64];
        for (int i = 0; i < 64; i += 16) {
            sm4.processBlock(ct, i, plain, i);
        }
        if (Arrays.equals(Arrays.copyOfRange(plain, 0, 32), new byte[32])) {
            return Arrays.copyOfRange(plain, 32, 64);                 // (b) full 64-byte field
        }
        if (Arrays.equals(Arrays.copyOfRange(ct, 0, 32), new byte[32])) {
            return Arrays.copyOfRange(plain, 32, 64);                 // (a) right-aligned 32
        }
        return Arrays.copyOfRange(plain, 0, 32);                      // (c) left-aligned 32
    }

    @Test
    void aFullFieldEnvelopeAlsoServesThe32BytePlacements() throws Exception {
        byte[] der = seal(EnvelopedKeys.PrivateKeyFormat.FIELD_64);
        byte[] blob = cn.yzt.ops.skf.EnvelopedKeys.toBlob(der, cn.yzt.ops.skf.EnvelopedKeys.Placement.RIGHT_ALIGNED_32);
        assertThat(openLikeAToken(blob)).isEqualTo(TestCa.scalar(enc));
    }

    @Test
    void aPaddedEnvelopeServesThe32BytePlacements() throws Exception {
        // Some KMCs pad d with PKCS#7 before SM4-ECB: 48 bytes, the first 32 being ECB(d).
        byte[] key = new byte[16];
        new SecureRandom().nextBytes(key);
        byte[] padded = Arrays.copyOf(TestCa.scalar(enc), 48);
        Arrays.fill(padded, 32, 48, (byte) 16);
        SM4Engine sm4 = new SM4Engine();
        sm4.init(true, new KeyParameter(key));
        byte[] ct = new byte[48];
        for (int i = 0; i < 48; i += 16) {
            sm4.processBlock(padded, i, ct, i);
        }
        SM2Engine sm2 = new SM2Engine(SM2Engine.Mode.C1C3C2);
        byte[][] xy = Sm2.coordinates(sign.getPublic());
        sm2.init(true, new org.bouncycastle.crypto.params.ParametersWithRandom(
                new org.bouncycastle.crypto.params.ECPublicKeyParameters(Sm2.CURVE.getCurve().createPoint(
                        new java.math.BigInteger(1, xy[0]), new java.math.BigInteger(1, xy[1])), Sm2.DOMAIN),
                new SecureRandom()));
        Sm2EnvelopedKey template = Sm2EnvelopedKey.parse(seal(EnvelopedKeys.PrivateKeyFormat.D_32));
        byte[] der = new Sm2EnvelopedKey(template.symAlgId(),
                cn.yzt.ops.protocol.pki.Sm2Cipher.fromC1C3C2(sm2.processBlock(key, 0, 16)),
                template.publicKey(), ct).getEncoded();
        for (cn.yzt.ops.skf.EnvelopedKeys.Placement p : new cn.yzt.ops.skf.EnvelopedKeys.Placement[] {
            cn.yzt.ops.skf.EnvelopedKeys.Placement.RIGHT_ALIGNED_32, cn.yzt.ops.skf.EnvelopedKeys.Placement.LEFT_ALIGNED_32}) {
            assertThat(openLikeAToken(cn.yzt.ops.skf.EnvelopedKeys.toBlob(der, p))).isEqualTo(TestCa.scalar(enc));
        }
    }

    @Test
    void refusesWhatCannotBeImported() {
        byte[] d32 = seal(EnvelopedKeys.PrivateKeyFormat.D_32);
        assertThatThrownBy(() -> cn.yzt.ops.skf.EnvelopedKeys.toBlob(d32, cn.yzt.ops.skf.EnvelopedKeys.Placement.FULL_64))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("FULL_64");
        assertThatThrownBy(() -> cn.yzt.ops.skf.EnvelopedKeys.toBlob(new byte[] {0x30, 0}, 
                cn.yzt.ops.skf.EnvelopedKeys.Placement.RIGHT_ALIGNED_32))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("GM/T 0009");

        Sm2EnvelopedKey env = Sm2EnvelopedKey.parse(d32);
        byte[] cbc = new Sm2EnvelopedKey(new AlgorithmIdentifier(GMObjectIdentifiers.sms4_cbc), env.symEncryptedKey(),
                env.publicKey(), env.encryptedPrivateKey()).getEncoded();
        assertThatThrownBy(() -> cn.yzt.ops.skf.EnvelopedKeys.toBlob(cbc, cn.yzt.ops.skf.EnvelopedKeys.Placement.RIGHT_ALIGNED_32))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unsupported symAlgID");

        byte[] sm1 = new Sm2EnvelopedKey(new AlgorithmIdentifier(GMObjectIdentifiers.sm1_ecb), env.symEncryptedKey(),
                env.publicKey(), env.encryptedPrivateKey()).getEncoded();
        byte[] blob = cn.yzt.ops.skf.EnvelopedKeys.toBlob(sm1, cn.yzt.ops.skf.EnvelopedKeys.Placement.RIGHT_ALIGNED_32);
        assertThat(ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN).getInt(4)).isEqualTo(0x101);
    }
}
