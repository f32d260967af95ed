package cn.yzt.ops.server.crypto;

import java.util.Arrays;

/**
 * HMAC-SM3 over a row's fields for one purpose (access-control rows, user records):
 * keyId u32 | HMAC(kind, fields...). Verification is constant time and names only the kind.
 */
public final class RowMac {

    private final KeyVault vault;
    private final KeyPurpose purpose;

    public RowMac(KeyVault vault, KeyPurpose purpose) {
        this.vault = vault;
        this.purpose = purpose;
    }

    public byte[] of(String kind, Object... fields) {
        return under(vault.currentId(purpose), kind, fields);
    }

    public boolean matches(byte[] stored, String kind, Object... fields) {
        if (stored == null || stored.length != 4 + Sm3Hmac.LENGTH) {
            return false;
        }
        int id = Bytes.readInt(stored, 0);
        if (!vault.ids(purpose).contains(id)) {
            return false;
        }
        return Bytes.equal(stored, under(id, kind, fields));
    }

    public void check(byte[] stored, String kind, Object... fields) {
        if (!matches(stored, kind, fields)) {
            throw new IntegrityException(kind + " " + Arrays.toString(Arrays.copyOf(fields, Math.min(2, fields.length))));
        }
    }

    private byte[] under(int id, String kind, Object... fields) {
        byte[] key = vault.key(purpose, id);
        try {
            Sm3Hmac m = new Sm3Hmac(key).field(kind);
            for (Object f : fields) {
                if (f instanceof byte[]) {
                    m.field((byte[]) f);
                } else if (f instanceof Number) {
                    m.field(((Number) f).longValue());
                } else {
                    m.field(f == null ? null : f.toString());
                }
            }
            return Bytes.concat(Bytes.intBytes(id), m.done());
        } finally {
            Bytes.wipe(key);
        }
    }
}
