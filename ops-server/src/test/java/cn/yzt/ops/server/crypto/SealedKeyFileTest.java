package cn.yzt.ops.server.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SealedKeyFileTest {

    @TempDir
    Path tmp;

    private static char[] pass() {
        return "correct horse battery".toCharArray();
    }

    @Test
    void createOpenRotateAndOldVersionsStayReadable() throws Exception {
        Path f = tmp.resolve("keys.sealed");
        SealedKeyFile v = SealedKeyFile.create(f, pass(), SealedKeyFile.MIN_ITERATIONS);
        FieldProtector fp = new FieldProtector(v);
        byte[] old = fp.seal("users", 7, "phone_enc", "13800001111");

        assertThat(v.rotate(KeyPurpose.DATA_SM4, pass())).isEqualTo(2);
        assertThat(v.rotate(KeyPurpose.FIELD_MAC, pass())).isEqualTo(2);

        SealedKeyFile reopened = SealedKeyFile.open(f, pass());
        assertThat(reopened.currentId(KeyPurpose.DATA_SM4)).isEqualTo(2);
        assertThat(reopened.ids(KeyPurpose.DATA_SM4)).containsExactlyInAnyOrder(1, 2);
        FieldProtector fp2 = new FieldProtector(reopened);
        assertThat(fp2.open("users", 7, "phone_enc", old)).isEqualTo("13800001111");
        byte[] fresh = fp2.seal("users", 7, "phone_enc", "13800001111");
        assertThat(Bytes.readInt(fresh, 1)).isEqualTo(2);
        assertThat(reopened.key(KeyPurpose.LEDGER_SM2, 1)).hasSize(32);
    }

    @Test
    void tlcpKeysAreImportedWithVersionsAndRoundTripAsSm2Keys() throws Exception {
        Path f = tmp.resolve("keys.sealed");
        SealedKeyFile v = SealedKeyFile.create(f, pass(), SealedKeyFile.MIN_ITERATIONS);
        assertThat(v.ids(KeyPurpose.TLCP_SIGN)).isEmpty();
        assertThatThrownBy(() -> v.currentId(KeyPurpose.TLCP_SIGN)).hasMessageContaining("import-tlcp");
        assertThatThrownBy(() -> v.rotate(KeyPurpose.TLCP_SIGN, pass())).hasMessageContaining("imported");

        java.security.KeyPair first = cn.yzt.ops.tlcp.pki.Sm2KeyPairs.generate();
        java.security.KeyPair second = cn.yzt.ops.tlcp.pki.Sm2KeyPairs.generate();
        assertThat(v.importKey(KeyPurpose.TLCP_SIGN, Sm2PrivateKeys.scalar(first.getPrivate()), pass())).isEqualTo(1);
        assertThat(v.importKey(KeyPurpose.TLCP_SIGN, Sm2PrivateKeys.scalar(second.getPrivate()), pass())).isEqualTo(2);

        SealedKeyFile reopened = SealedKeyFile.open(f, pass());
        byte[] d = reopened.currentKey(KeyPurpose.TLCP_SIGN);
        assertThat(Sm2PrivateKeys.matches(d, second.getPublic())).isTrue();
        assertThat(Sm2PrivateKeys.matches(d, first.getPublic())).isFalse();
        assertThat(Sm2PrivateKeys.matches(reopened.key(KeyPurpose.TLCP_SIGN, 1), first.getPublic())).isTrue();
        // the rebuilt key signs what the certificate's public key verifies
        java.security.Signature s = java.security.Signature.getInstance("SM3withSM2", new org.bouncycastle.jce.provider.BouncyCastleProvider());
        s.initSign(Sm2PrivateKeys.fromScalar(d));
        s.update(new byte[] {1, 2, 3});
        byte[] sig = s.sign();
        s.initVerify(second.getPublic());
        s.update(new byte[] {1, 2, 3});
        assertThat(s.verify(sig)).isTrue();
    }

    @Test
    void wrongPassphraseAndDamagedFileAreRefused() throws Exception {
        Path f = tmp.resolve("keys.sealed");
        SealedKeyFile.create(f, pass(), SealedKeyFile.MIN_ITERATIONS);
        assertThatThrownBy(() -> SealedKeyFile.open(f, "wrong passphrase!!".toCharArray()))
                .hasMessageContaining("wrong passphrase");
        byte[] all = Files.readAllBytes(f);
        all[all.length / 2] ^= 1;
        Files.write(f, all);
        assertThatThrownBy(() -> SealedKeyFile.open(f, pass())).hasMessageContaining("wrong passphrase or damaged");
    }

    @Test
    void weakSettingsAndOverwriteAreRefused() throws Exception {
        Path f = tmp.resolve("keys.sealed");
        assertThatThrownBy(() -> SealedKeyFile.create(f, pass(), 1000)).hasMessageContaining("100000");
        assertThatThrownBy(() -> SealedKeyFile.create(f, "short".toCharArray(), 100_000)).hasMessageContaining("12");
        SealedKeyFile.create(f, pass(), SealedKeyFile.MIN_ITERATIONS);
        assertThatThrownBy(() -> SealedKeyFile.create(f, pass(), SealedKeyFile.MIN_ITERATIONS))
                .hasMessageContaining("already exists");
    }
}
