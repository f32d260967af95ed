package cn.yzt.ops.server.crypto;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Protected columns (ARCHITECTURE.md section 4): SM4-CBC with a random IV per value, then
 * HMAC-SM3 over (table, row id, column, header and ciphertext), so a value cannot be edited,
 * nor moved to another row or column, without detection.
 * <pre>blob = 0x01 | encKeyId u32 | macKeyId u32 | iv[16] | ciphertext | mac[32]</pre>
 */
public final class FieldProtector {

    private static final byte VERSION = 1;
    private static final int HEADER = 1 + 4 + 4 + Sm4Cbc.IV_LENGTH;

    private final KeyVault vault;

    public FieldProtector(KeyVault vault) {
        this.vault = vault;
    }

    public byte[] seal(String table, long rowId, String column, String plain) {
        return plain == null ? null : sealBytes(table, rowId, column, plain.getBytes(StandardCharsets.UTF_8));
    }

    /** Binary values (map geometry WKB); the caller's array is wiped. */
    public byte[] sealBytes(String table, long rowId, String column, byte[] p) {
        int encId = vault.currentId(KeyPurpose.DATA_SM4);
        int macId = vault.currentId(KeyPurpose.FIELD_MAC);
        byte[] encKey = vault.key(KeyPurpose.DATA_SM4, encId);
        byte[] macKey = vault.key(KeyPurpose.FIELD_MAC, macId);
        try {
            byte[] iv = Bytes.random(Sm4Cbc.IV_LENGTH);
            byte[] body = Bytes.concat(new byte[] {VERSION}, Bytes.intBytes(encId), Bytes.intBytes(macId), iv,
                    Sm4Cbc.encrypt(encKey, iv, p));
            return Bytes.concat(body, mac(macKey, table, rowId, column, body));
        } finally {
            Bytes.wipe(encKey);
            Bytes.wipe(macKey);
            Bytes.wipe(p);
        }
    }

    /** Checks the MAC, then decrypts. A changed byte anywhere gives {@link IntegrityException}. */
    public String open(String table, long rowId, String column, byte[] blob) {
        if (blob == null) {
            return null;
        }
        byte[] p = openBytes(table, rowId, column, blob);
        String s = new String(p, StandardCharsets.UTF_8);
        Bytes.wipe(p);
        return s;
    }

    /** Checks the MAC, then decrypts a binary value. */
    public byte[] openBytes(String table, long rowId, String column, byte[] blob) {
        String where = table + "." + column + " row " + rowId;
        if (blob.length < HEADER + 16 + Sm3Hmac.LENGTH || blob[0] != VERSION) {
            throw new IntegrityException(where);
        }
        byte[] body = Arrays.copyOf(blob, blob.length - Sm3Hmac.LENGTH);
        byte[] mac = Arrays.copyOfRange(blob, blob.length - Sm3Hmac.LENGTH, blob.length);
        int encId = Bytes.readInt(blob, 1);
        int macId = Bytes.readInt(blob, 5);
        byte[] macKey = vault.key(KeyPurpose.FIELD_MAC, macId);
        try {
            if (!Bytes.equal(mac(macKey, table, rowId, column, body), mac)) {
                throw new IntegrityException(where);
            }
        } finally {
            Bytes.wipe(macKey);
        }
        byte[] encKey = vault.key(KeyPurpose.DATA_SM4, encId);
        try {
            return Sm4Cbc.decrypt(encKey, Arrays.copyOfRange(blob, 1 + 8, HEADER), Arrays.copyOfRange(body, HEADER, body.length));
        } finally {
            Bytes.wipe(encKey);
        }
    }

    private static byte[] mac(byte[] key, String table, long rowId, String column, byte[] body) {
        return new Sm3Hmac(key).field(table).field(rowId).field(column).field(body).done();
    }
}
