package cn.yzt.ops.client.api;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;

/**
 * What the status bar shows about the connection and the session.
 *
 * @param server            the base URL
 * @param cipherSuite       the TLCP suite negotiated, e.g. ECC_SM4_GCM_SM3
 * @param protocol          the protocol reported by bgmprovider (e.g. TLCP / GMTLS)
 * @param serverSignSubject subject of the server's TLCP SIGN certificate
 * @param serverId          the server's id from the login challenge
 * @param username          the logged-in account
 * @param userCertSubject   subject of the UKEY signing certificate used
 * @param expiresAt         absolute expiry of the session
 * @param idleTimeout       the server's idle timeout (the session also ends after this much inactivity)
 */
public record SessionInfo(URI server, String cipherSuite, String protocol, String serverSignSubject, String serverId,
        String username, String userCertSubject, Instant expiresAt, Duration idleTimeout) {

    /** Time left before the absolute expiry (never negative). */
    public Duration timeLeft(Instant now) {
        Duration d = Duration.between(now, expiresAt);
        return d.isNegative() ? Duration.ZERO : d;
    }
}
