package cn.yzt.ops.server.crypto;

import java.util.ArrayList;
import java.util.List;

/**
 * HMAC-SM3 blind index for exact lookup on an encrypted column: keyId u32 | HMAC(column, value).
 * The column name is inside the MAC so equal values in two columns do not link. Values are
 * normalized by the caller (e.g. upper-case ID-card check letter, digits-only phone).
 */
public final class BlindIndex {

    private final KeyVault vault;

    public BlindIndex(KeyVault vault) {
        this.vault = vault;
    }

    public byte[] of(String column, String normalizedValue) {
        if (normalizedValue == null) {
            return null;
        }
        return under(vault.currentId(KeyPurpose.BLIND_INDEX), column, normalizedValue);
    }

    /** The index under every key version, for lookups that must also find rows not yet re-indexed. */
    public List<byte[]> candidates(String column, String normalizedValue) {
        List<byte[]> out = new ArrayList<>();
        for (int id : vault.ids(KeyPurpose.BLIND_INDEX)) {
            out.add(under(id, column, normalizedValue));
        }
        return out;
    }

    private byte[] under(int id, String column, String value) {
        byte[] key = vault.key(KeyPurpose.BLIND_INDEX, id);
        try {
            return Bytes.concat(Bytes.intBytes(id), new Sm3Hmac(key).field(column).field(value).done());
        } finally {
            Bytes.wipe(key);
        }
    }
}
