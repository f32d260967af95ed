package cn.yzt.ops.server.user;

import cn.yzt.ops.server.crypto.Bytes;
import cn.yzt.ops.server.crypto.KeyPurpose;
import cn.yzt.ops.server.crypto.KeyVault;
import cn.yzt.ops.server.crypto.Pbkdf2Sm3;
import cn.yzt.ops.server.crypto.Sm3Hmac;

/**
 * hash = HMAC-SM3(pepper, PBKDF2-HMAC-SM3(password, salt, iterations)). The pepper lives in the
 * key vault, not the database, so a stolen database alone does not allow offline guessing.
 * Iterations and pepper version are stored per hash, so both can be raised or rotated.
 */
public final class PasswordHasher {

    public record Hash(byte[] salt, int iterations, int pepperKeyId, byte[] hash) {
    }

    private final KeyVault vault;
    private final int iterations;

    public PasswordHasher(KeyVault vault, int iterations) {
        this.vault = vault;
        this.iterations = iterations;
    }

    public Hash hash(char[] password) {
        byte[] salt = Bytes.random(16);
        int pepperId = vault.currentId(KeyPurpose.PASSWORD_PEPPER);
        return new Hash(salt, iterations, pepperId, compute(password, salt, iterations, pepperId));
    }

    public boolean matches(char[] password, Hash stored) {
        return Bytes.equal(compute(password, stored.salt(), stored.iterations(), stored.pepperKeyId()), stored.hash());
    }

    private byte[] compute(char[] password, byte[] salt, int it, int pepperId) {
        byte[] inner = Pbkdf2Sm3.derive(password, salt, it, 32);
        byte[] pepper = vault.key(KeyPurpose.PASSWORD_PEPPER, pepperId);
        try {
            return new Sm3Hmac(pepper).field(inner).done();
        } finally {
            Bytes.wipe(inner);
            Bytes.wipe(pepper);
        }
    }
}
