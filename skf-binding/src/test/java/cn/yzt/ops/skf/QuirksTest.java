package cn.yzt.ops.skf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import cn.yzt.ops.protocol.crypto.Sm2;
import cn.yzt.ops.skf.testing.Provisioning;

/**
 * Every vendor deviation the soft UKEY can imitate (its README, SKF-SPEC §9), each through the
 * safe API with the observable result asserted. The wait-* quirks are in DeviceWatcherTest.
 */
class QuirksTest {

    @TempDir
    Path dir;

    private static final byte[] MESSAGE = "运维操作：授予管理员角色".getBytes(StandardCharsets.UTF_8);

    @Test
    void devinfoNatural() {
        Provisioning.Token t = Provisioning.token(dir, "NAT", "devinfo-natural");
        try (Provisioning.Provisioned p = t.provision()) { // DevAuth needs the right DevAuthAlgId
            DeviceInfo info = p.key().info();
            assertThat(info.packedLayout()).isFalse();
            assertThat(info.devAuthAlgId()).isEqualTo(0x401);
            assertThat(info.hasSm2()).isTrue();
            assertThat(info.totalSpace()).isGreaterThanOrEqualTo(info.freeSpace()).isGreaterThan(0);
            assertThat(info.maxBufferSize()).isBetween(1L, 16L * 1024 * 1024);
            assertThat(t.library().profile().devInfoPacked()).isFalse();
        }
    }

    @Test
    void hashInside() {
        Provisioning.Token t = Provisioning.token(dir, "HASH", "hash-inside");
        try (Provisioning.Provisioned p = t.provision()) {
            byte[] der = p.container().sign(MESSAGE, null);
            assertThat(TestCrypto.verifies(p.signKey(), MESSAGE, der)).isTrue();
            assertThat(t.library().profile().signSemantics()).isEqualTo(LibraryProfile.SignSemantics.HASH_INSIDE);
            // a digest cannot be signed as such, and only the default ID works: clear errors
            assertThatThrownBy(() -> p.container().signDigest(new byte[32]))
                    .isInstanceOf(SkfException.class)
                    .satisfies(e -> assertThat(((SkfException) e).userMessage(Locale.SIMPLIFIED_CHINESE)).contains("消息签名"));
            assertThatThrownBy(() -> p.container().sign(MESSAGE, "other-id".getBytes(StandardCharsets.US_ASCII)))
                    .isInstanceOf(SkfException.class)
                    .satisfies(e -> assertThat(((SkfException) e).userMessage(Locale.SIMPLIFIED_CHINESE)).contains("默认"));
            assertThatThrownBy(() -> p.container().sign(new byte[Container.HASH_INSIDE_MAX + 1], null))
                    .isInstanceOf(SkfException.class)
                    .satisfies(e -> assertThat(((SkfException) e).userMessage(Locale.ENGLISH)).contains("8192"));
        }
    }

    @Test
    void leftAligned() throws Exception {
        Provisioning.Token t = Provisioning.token(dir, "LEFT", "left-aligned");
        try (Provisioning.Provisioned p = t.provision()) {
            assertThat(t.library().leftAlignedCoordinates()).isTrue();
            assertThat(p.container().publicKey(true)).contains(p.signKey());
            byte[] der = p.container().sign(MESSAGE, null);
            assertThat(TestCrypto.verifies(p.signKey(), MESSAGE, der)).isTrue();
            byte[] raw = Sm2.derToRaw(der);
            byte[][] xy = Sm2.coordinates(p.signKey());
            assertThat(p.key().verifyDigest(p.signKey(), Sm2.e(Sm2.DEFAULT_ID, xy[0], xy[1], MESSAGE), raw)).isTrue();
            KeyPair kp = TestCrypto.sm2KeyPair();
            assertThat(TestCrypto.decrypt(kp, p.key().encrypt(kp.getPublic(), MESSAGE))).isEqualTo(MESSAGE);
            // the standard-layout ENVELOPEDKEYBLOB is re-placed for this library on import
            KeyPair enc = TestCrypto.sm2KeyPair();
            byte[] sealed = cn.yzt.ops.protocol.pki.EnvelopedKeys.seal(p.signKey(), enc);
            p.container().importEncKeyPair(EnvelopedKeys.toBlob(sealed, EnvelopedKeys.Placement.RIGHT_ALIGNED_32));
            assertThat(p.container().publicKey(false)).contains(enc.getPublic());
        }
    }

    /** Every size-protocol deviation, alone and combined with a low size answer (which forces a retry). */
    @ParameterizedTest
    @ValueSource(strings = {"size-null-rejected", "size-query-low", "size-query-low,small-indatalen",
        "size-query-low,small-indataerr", "size-query-low,small-truncate", "small-indatalen", "small-indataerr",
        "small-truncate", "size-null-rejected,small-truncate"})
    void sizeProtocol(String quirks) throws Exception {
        Provisioning.Token t = Provisioning.token(dir, "SIZE", quirks.split(","));
        try (Provisioning.Provisioned p = t.provision("APP-WITH-A-LONGER-NAME", "container-with-a-long-name-0001")) {
            p.app().createContainer("second-container-with-a-long-name");
            assertThat(t.library().devices(true)).containsExactly("SIZE");
            assertThat(p.key().applications()).containsExactly("APP-WITH-A-LONGER-NAME");
            assertThat(p.app().containers()).containsExactlyInAnyOrder(
                    "container-with-a-long-name-0001", "second-container-with-a-long-name");
            assertThat(p.container().publicKey(true)).contains(p.signKey());

            KeyPair kp = TestCrypto.sm2KeyPair();
            byte[] cert = TestCrypto.selfSignedCertificate(kp, "运维管理员 张三");
            p.container().importCertificate(true, cert);
            X509Certificate back = p.container().certificate(true).orElseThrow();
            assertThat(back.getEncoded()).isEqualTo(cert);
            assertThat(p.container().certificate(false)).isEmpty();
        }
        assertThat(t.library().state().nullQueryRejected).isEqualTo(quirks.contains("size-null-rejected"));
    }

    @Test
    void namesGbk() {
        Provisioning.Token t = Provisioning.token(dir, "测试钥匙", "names-gbk");
        assertThat(t.library().devices(true)).containsExactly("测试钥匙");
        assertThat(t.library().state().nameCharset).isEqualTo(SkfName.GBK); // learnt from the device name
        try (Provisioning.Provisioned p = t.provision("国土规划应用", "签名容器")) {
            assertThat(p.key().applications()).containsExactly("国土规划应用");
            assertThat(p.app().containers()).containsExactly("签名容器");
        }
        // a new session opens both by their Chinese names and signs
        try (UKey key = t.library().connect("测试钥匙");
             Application app = key.openApplication("国土规划应用")) {
            app.verifyPin(PinType.USER, Provisioning.userPin());
            try (Container c = app.openContainer("签名容器")) {
                byte[] der = c.sign(MESSAGE, null);
                assertThat(TestCrypto.verifies(c.publicKey(true).orElseThrow(), MESSAGE, der)).isTrue();
            }
        }
    }

    /** ASCII device name: nothing to learn from, so the charset is configured; another copy still opens it. */
    @Test
    void namesGbkConfiguredCharsetAndRawNamesAcrossLibraries() {
        Provisioning.Token t = Provisioning.token(dir, "GBK-ASCII", "names-gbk");
        assertThat(t.library().nameCharset()).isEqualTo(StandardCharsets.UTF_8);
        t.library().nameCharset(SkfName.GBK);
        try (Provisioning.Provisioned p = t.provision("应用", "容器甲")) {
            assertThat(p.app().containers()).containsExactly("容器甲");
        }
        // a second library instance (fresh state) learns GBK from the listing and reuses the raw bytes
        SkfLibrary other = SkfLibrary.load(cn.yzt.ops.skf.testing.SoftUkey.prepare(t.tokenDir(), "names-gbk"));
        assertThat(other).isNotSameAs(t.library());
        try (UKey key = other.connect("GBK-ASCII"); Application app = key.openApplication("应用")) {
            assertThat(app.containers()).containsExactly("容器甲");
            assertThat(other.nameCharset()).isEqualTo(SkfName.GBK);
            app.verifyPin(PinType.USER, Provisioning.userPin());
            try (Container c = app.openContainer("容器甲")) {
                assertThat(TestCrypto.verifies(c.publicKey(true).orElseThrow(), MESSAGE, c.sign(MESSAGE, null))).isTrue();
            }
        }
    }

    @Test
    void sm2StdOnly() {
        Provisioning.Token t = Provisioning.token(dir, "STDALG", "sm2-std-only");
        try (Provisioning.Provisioned p = t.provision()) {
            assertThat(t.library().profile().sm2AlgId()).isEqualTo(0x00020200);
            // the winner is remembered: a second container goes straight to it
            try (Container c2 = p.app().createContainer("second")) {
                assertThat(c2.generateSignKeyPair()).isNotNull();
            }
            assertThat(TestCrypto.verifies(p.signKey(), MESSAGE, p.container().sign(MESSAGE, null))).isTrue();
        }
    }

    @Test
    void bool8() {
        Provisioning.Token t = Provisioning.token(dir, "BOOL8", "bool8");
        try (Provisioning.Provisioned p = t.provision()) {
            assertThat(p.app().pinInfo(PinType.USER)).isEqualTo(new PinInfo(Provisioning.USER_RETRIES, Provisioning.USER_RETRIES, true));
            assertThat(p.app().pinInfo(PinType.ADMIN)).isEqualTo(new PinInfo(Provisioning.ADMIN_RETRIES, Provisioning.ADMIN_RETRIES, true));
            assertThatThrownBy(() -> p.app().verifyPin(PinType.USER, "wrong-pin".toCharArray()))
                    .isInstanceOfSatisfying(PinIncorrectException.class,
                            e -> assertThat(e.retriesLeft()).isEqualTo(Provisioning.USER_RETRIES - 1));
            assertThat(p.app().pinInfo(PinType.USER)).isEqualTo(new PinInfo(Provisioning.USER_RETRIES, Provisioning.USER_RETRIES - 1, true));
            p.app().changePin(PinType.USER, Provisioning.userPin(), "new-user-pin".toCharArray());
            assertThat(p.app().pinInfo(PinType.USER)).isEqualTo(new PinInfo(Provisioning.USER_RETRIES, Provisioning.USER_RETRIES, false));
            assertThat(t.library().devices(true)).containsExactly("BOOL8");
        }
    }
}
