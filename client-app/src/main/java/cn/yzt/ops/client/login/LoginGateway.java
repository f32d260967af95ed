package cn.yzt.ops.client.login;

import java.security.KeyStore;

/**
 * The server side of a login: TLCP handshake with the token's keys, challenge, UKEY signature,
 * account + password. Blocking; always called off the FX thread. The real implementation
 * (OkHttp over TLCP against ops-server) is not written yet.
 */
public interface LoginGateway {

    /**
     * @param tokenStore the "SKF" KeyStore of the inserted UKEY, loaded with the verified user PIN
     * @param alias      the signing entry (the container name)
     * @param password   the account password; the caller wipes it after the call
     * @throws LoginException with a message for the administrator when the server refuses
     */
    LoginSession login(KeyStore tokenStore, String alias, String account, char[] password) throws LoginException;

    /** A logged-in session. */
    record LoginSession(String account, String sessionId) {
    }

    /** A refusal or failure reported by the server side, with a message for the administrator. */
    class LoginException extends Exception {
        private static final long serialVersionUID = 1L;

        public LoginException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
