package cn.yzt.ops.client.api;

import java.security.KeyStore;
import java.util.function.Consumer;

/**
 * Logs a console into one ops-server (ARCHITECTURE.md section 1): TLCP handshake with the
 * UKEY's sign/enc keys, challenge, login statement signed on the UKEY (SM3withSM2, default ID),
 * password, then the ledger tree-head check. Blocking: call off the FX thread.
 */
public final class ConsoleLogin {

    private final ConsoleConfig config;

    public ConsoleLogin(ConsoleConfig config) {
        this.config = config;
    }

    public ConsoleConfig config() {
        return config;
    }

    /**
     * @param tokenStore the UKEY's "SKF" KeyStore, loaded with the verified user PIN
     * @param alias      the container holding the sign/enc pair
     * @param password   wiped by this method
     * @param progress   told each step as it starts (on the calling thread); may be null
     * @throws OpsApiException with a message saying what to do (LOGIN_REFUSED, UNREACHABLE, TLCP_REFUSED,
     *                         CERT_EXPIRED, CLOCK_SKEW, TOKEN, TIMEOUT, CONFIG, ...)
     */
    public LoggedIn login(KeyStore tokenStore, String alias, String username, char[] password,
            Consumer<LoginStep> progress) {
        return new LoginFlow(config, tokenStore, alias, username, progress).run(password);
    }
}
