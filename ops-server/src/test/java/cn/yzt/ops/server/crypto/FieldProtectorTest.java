package cn.yzt.ops.server.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import cn.yzt.ops.server.testing.TestVault;

class FieldProtectorTest {

    private final TestVault vault = new TestVault();
    private final FieldProtector fp = new FieldProtector(vault);

    @Test
    void roundTripWithRandomIv() {
        byte[] a = fp.seal("users", 1, "email_enc", "张三@example.cn");
        byte[] b = fp.seal("users", 1, "email_enc", "张三@example.cn");
        assertThat(a).isNotEqualTo(b);
        assertThat(fp.open("users", 1, "email_enc", a)).isEqualTo("张三@example.cn");
    }

    @Test
    void everyFlippedByteIsDetected() {
        byte[] blob = fp.seal("users", 1, "id_card_enc", "53090219800101123X");
        for (int i = 0; i < blob.length; i++) {
            byte[] t = blob.clone();
            t[i] ^= 0x01;
            assertThatThrownBy(() -> fp.open("users", 1, "id_card_enc", t)).isInstanceOf(IntegrityException.class);
        }
    }

    @Test
    void valueMovedToAnotherRowOrColumnIsDetected() {
        byte[] blob = fp.seal("users", 1, "phone_enc", "13800001111");
        assertThatThrownBy(() -> fp.open("users", 2, "phone_enc", blob)).isInstanceOf(IntegrityException.class);
        assertThatThrownBy(() -> fp.open("users", 1, "email_enc", blob)).isInstanceOf(IntegrityException.class);
    }

    @Test
    void blindIndexIsStablePerColumnAndFollowsRotation() {
        BlindIndex bi = new BlindIndex(vault);
        assertThat(bi.of("phone", "13800001111")).isEqualTo(bi.of("phone", "13800001111"));
        assertThat(bi.of("phone", "13800001111")).isNotEqualTo(bi.of("email", "13800001111"));
        byte[] before = bi.of("phone", "13800001111");
        vault.rotate(KeyPurpose.BLIND_INDEX);
        assertThat(bi.candidates("phone", "13800001111")).anySatisfy(c -> assertThat(c).isEqualTo(before));
    }

    @Test
    void rowMacDetectsChangedFieldAndKeepsOldKeys() {
        RowMac m = new RowMac(vault, KeyPurpose.ACL_MAC);
        byte[] mac = m.of("user_roles", 5L, "AUDITOR");
        assertThat(m.matches(mac, "user_roles", 5L, "AUDITOR")).isTrue();
        assertThat(m.matches(mac, "user_roles", 5L, "KEY_ADMIN")).isFalse();
        vault.rotate(KeyPurpose.ACL_MAC);
        assertThat(m.matches(mac, "user_roles", 5L, "AUDITOR")).isTrue();
    }
}
