package cn.yzt.ops.client.login;

import java.security.KeyStore;
import java.util.function.Consumer;

import cn.yzt.ops.client.api.LoggedIn;

/**
 * The server side of a login: TLCP handshake with the token's keys, challenge, UKEY signature,
 * account + password. Blocking; always called off the FX thread. The real implementation is
 * {@link ServerLoginGateway} (OkHttp over TLCP against ops-server).
 */
public interface LoginGateway {

    /**
     * @param tokenStore the "SKF" KeyStore of the inserted UKEY, loaded with the verified user PIN
     * @param alias      the signing entry (the container name)
     * @param password   the account password; the caller wipes it after the call
     * @throws LoginException with a message for the administrator when the server refuses
     */
    LoginSession login(KeyStore tokenStore, String alias, String account, char[] password) throws LoginException;

    /** The same, telling {@code progress} a sentence for each step as it starts. */
    default LoginSession login(KeyStore tokenStore, String alias, String account, char[] password,
            Consumer<String> progress) throws LoginException {
        return login(tokenStore, alias, account, password);
    }

    /**
     * A logged-in session. {@code loggedIn} is the API client and ledger check (null for test
     * gateways); {@code device}/{@code application} name the UKEY used (filled in by the view model).
     */
    record LoginSession(String account, String sessionId, LoggedIn loggedIn, String device, String application) {
        public LoginSession(String account, String sessionId) {
            this(account, sessionId, null, null, null);
        }

        LoginSession onKey(String dev, String app) {
            return new LoginSession(account, sessionId, loggedIn, dev, app);
        }
    }

    /** A refusal or failure reported by the server side, with a message for the administrator. */
    class LoginException extends Exception {
        private static final long serialVersionUID = 1L;

        public LoginException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
