package cn.yzt.ops.server.audit;

import java.time.OffsetDateTime;

import cn.yzt.ops.server.crypto.Bytes;
import cn.yzt.ops.server.crypto.KeyPurpose;
import cn.yzt.ops.server.crypto.KeyVault;
import cn.yzt.ops.server.crypto.Sm3Hmac;

/** The MAC formulas of the audit chain, shared by the writer and the verifier. */
final class AuditChain {

    static final byte[] GENESIS = new byte[Sm3Hmac.LENGTH];

    private final KeyVault vault;

    AuditChain(KeyVault vault) {
        this.vault = vault;
    }

    int currentKeyId() {
        return vault.currentId(KeyPurpose.AUDIT_MAC);
    }

    byte[] entryMac(int keyId, byte[] prevMac, long seq, OffsetDateTime at, AuditEvent e) {
        byte[] key = vault.key(KeyPurpose.AUDIT_MAC, keyId);
        try {
            return new Sm3Hmac(key).field("audit_log").field(prevMac).field(seq).field(micros(at))
                    .field(e.type()).field(e.outcome().name()).field(e.username())
                    .field(e.userId() == null ? null : e.userId().toString()).field(e.reason()).field(e.detail())
                    .field(e.remote()).field(keyId).done();
        } finally {
            Bytes.wipe(key);
        }
    }

    byte[] headMac(int keyId, long lastSeq, byte[] lastMac) {
        byte[] key = vault.key(KeyPurpose.AUDIT_MAC, keyId);
        try {
            return new Sm3Hmac(key).field("audit_head").field(lastSeq).field(lastMac).field(keyId).done();
        } finally {
            Bytes.wipe(key);
        }
    }

    static long micros(OffsetDateTime t) {
        return t.toEpochSecond() * 1_000_000L + t.getNano() / 1_000;
    }
}
