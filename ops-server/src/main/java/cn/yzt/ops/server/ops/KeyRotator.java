package cn.yzt.ops.server.ops;

import cn.yzt.ops.server.crypto.KeyPurpose;

/**
 * Adds a new current version of one server key for the signed key.rotate. The sealed key file needs
 * its passphrase to re-seal: {@code serve} keeps it for its lifetime (cli.VaultKeyRotator, wiped at
 * shutdown). Without a rotator key.rotate is refused (KEY_ROTATION_UNAVAILABLE).
 */
@FunctionalInterface
public interface KeyRotator {

    /** The new version's id. */
    int rotate(KeyPurpose purpose);
}
