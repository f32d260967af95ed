package cn.yzt.ops.skf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.SecureRandom;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import cn.yzt.ops.protocol.crypto.Sm2;
import cn.yzt.ops.protocol.pki.EnvelopedKeys.PrivateKeyFormat;
import cn.yzt.ops.skf.testing.Provisioning;

/** The standard (quirk-free) soft UKEY through the safe API: info, keys, signing, verify, encrypt. */
class SigningTest {

    @TempDir
    static Path dir;
    static Provisioning.Token token;
    static Provisioning.Provisioned p;

    @BeforeAll
    static void provision() {
        token = Provisioning.token(dir, "STD-KEY");
        p = token.provision();
    }

    @AfterAll
    static void close() {
        p.close();
    }

    @Test
    void libraryIsCachedPerCanonicalPath() {
        Path viaDots = token.libraryPath().getParent().resolve(".").resolve(token.libraryPath().getFileName());
        assertThat(SkfLibrary.load(viaDots)).isSameAs(token.library());
    }

    @Test
    void devicesAndInfo() {
        assertThat(token.library().devices(true)).containsExactly("STD-KEY");
        DeviceInfo info = p.key().info();
        assertThat(info.packedLayout()).isTrue();
        assertThat(info.hasSm2()).isTrue();
        assertThat(info.devAuthAlgId()).isEqualTo(0x401);
        assertThat(info.totalSpace()).isGreaterThanOrEqualTo(info.freeSpace());
        assertThat(info.manufacturer()).isNotBlank();
        assertThat(token.library().profile().devInfoPacked()).isTrue();
    }

    @Test
    void namesListedAndContainerIsEcc() {
        assertThat(p.key().applications()).containsExactly(Provisioning.APP);
        assertThat(p.app().containers()).containsExactly(Provisioning.CONTAINER);
        assertThat(p.container().type()).isEqualTo(ContainerType.ECC);
        assertThat(p.container().publicKey(true)).contains(p.signKey());
        assertThat(p.container().publicKey(false)).isEmpty();
        assertThat(p.container().certificate(true)).isEmpty();
        assertThat(token.library().profile().sm2AlgId()).isEqualTo(0x00020100);
    }

    @Test
    void signVerifiesWithBouncyCastleForDefaultAndCustomId() {
        byte[] m = "审批：发布规划修订 2026-11".getBytes(StandardCharsets.UTF_8);
        byte[] der = p.container().sign(m, null);
        assertThat(TestCrypto.verifies(p.signKey(), m, der)).isTrue();
        assertThat(token.library().profile().signSemantics()).isEqualTo(LibraryProfile.SignSemantics.PREHASHED);

        byte[] id = "ops-admin@yzt".getBytes(StandardCharsets.US_ASCII);
        byte[] der2 = p.container().sign(m, id);
        assertThat(TestCrypto.verifies(p.signKey(), m, id, der2)).isTrue();
        assertThat(TestCrypto.verifies(p.signKey(), m, der2)).isFalse();
    }

    @Test
    void signDigestAndDeviceVerify() {
        byte[][] xy = Sm2.coordinates(p.signKey());
        byte[] e = Sm2.e(Sm2.DEFAULT_ID, xy[0], xy[1], new byte[] {1, 2, 3});
        byte[] raw = p.container().signDigest(e);
        assertThat(raw).hasSize(64);
        assertThat(TestCrypto.verifies(p.signKey(), new byte[] {1, 2, 3}, Sm2.rawToDer(raw))).isTrue();
        assertThat(p.key().verifyDigest(p.signKey(), e, raw)).isTrue();
        e[0] ^= 1;
        assertThat(p.key().verifyDigest(p.signKey(), e, raw)).isFalse();
    }

    @Test
    void extEccEncryptDecryptsWithBouncyCastle() throws Exception {
        KeyPair kp = TestCrypto.sm2KeyPair();
        byte[] plain = "session key material".getBytes(StandardCharsets.US_ASCII);
        byte[] c = p.key().encrypt(kp.getPublic(), plain);
        assertThat(c[0]).isEqualTo((byte) 0x04);
        assertThat(TestCrypto.decrypt(kp, c)).isEqualTo(plain);
    }

    @Test
    void importEncKeyPairEveryPlacement() {
        for (EnvelopedKeys.Placement placement : EnvelopedKeys.Placement.values()) {
            try (Container c = p.app().createContainer("enc-" + placement)) {
                PublicKey sign = c.generateSignKeyPair();
                KeyPair enc = TestCrypto.sm2KeyPair();
                PrivateKeyFormat format = placement == EnvelopedKeys.Placement.FULL_64
                        ? PrivateKeyFormat.FIELD_64 : PrivateKeyFormat.D_32;
                // the KMC side (ops-protocol) seals; the binding's EnvelopedKeys converts to the blob
                byte[] der = cn.yzt.ops.protocol.pki.EnvelopedKeys.seal(sign, enc, format, new SecureRandom());
                c.importEncKeyPair(EnvelopedKeys.toBlob(der, placement));
                assertThat(c.publicKey(false)).as(placement.name()).contains(enc.getPublic());
            } finally {
                p.app().deleteContainer("enc-" + placement);
            }
        }
        assertThatThrownBy(() -> p.container().importEncKeyPair(new byte[10]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void randomAndInputValidation() {
        assertThat(p.key().random(32)).hasSize(32);
        assertThatThrownBy(() -> p.container().signDigest(new byte[31])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> p.app().createContainer("x".repeat(65))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("too long");
        assertThatThrownBy(() -> p.app().verifyPin(PinType.USER, new char[0])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void missingContainerGivesSkfError() {
        assertThatThrownBy(() -> p.app().openContainer("no-such-container"))
                .isInstanceOf(SkfException.class)
                .isNotInstanceOf(DeviceRemovedException.class);
    }
}
