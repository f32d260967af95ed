package cn.yzt.ops.server.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Optional;

import cn.yzt.ops.server.ServerRuntime;
import cn.yzt.ops.server.crypto.KeyPurpose;
import cn.yzt.ops.server.crypto.SealedKeyFile;
import cn.yzt.ops.server.ops.KeyRotator;

/**
 * The running server's key.rotate: re-seals the key file with the passphrase {@code serve} read at
 * start. Keeping the passphrase for the server's lifetime adds little exposure: every key it protects
 * is already unsealed in this process's memory. It is held here as one char[] copy and wiped by
 * {@link #close()} (at shutdown); after that key.rotate fails instead of using a wiped passphrase.
 */
final class VaultKeyRotator implements KeyRotator, AutoCloseable {

    private final SealedKeyFile file;
    private char[] passphrase;

    VaultKeyRotator(SealedKeyFile file, char[] passphrase) {
        this.file = file;
        this.passphrase = passphrase.clone();
    }

    /**
     * Installs a rotator on the runtime's signed operations when its vault is a sealed key file (after
     * {@code services().login(...)}, which creates them); empty for any other vault.
     */
    static Optional<VaultKeyRotator> install(ServerRuntime rt, char[] passphrase) {
        if (!(rt.vault() instanceof SealedKeyFile sealed)) {
            return Optional.empty();
        }
        VaultKeyRotator r = new VaultKeyRotator(sealed, passphrase);
        rt.services().operations().keyRotator(r);
        return Optional.of(r);
    }

    @Override
    public synchronized int rotate(KeyPurpose purpose) {
        if (passphrase == null) {
            throw new IllegalStateException("server is stopping: key rotation closed");
        }
        try {
            return file.rotate(purpose, passphrase);
        } catch (IOException ex) {
            throw new UncheckedIOException("key file not re-sealed", ex);
        }
    }

    @Override
    public synchronized void close() {
        if (passphrase != null) {
            Arrays.fill(passphrase, '\0');
            passphrase = null;
        }
    }
}
