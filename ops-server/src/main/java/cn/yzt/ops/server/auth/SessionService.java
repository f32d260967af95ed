package cn.yzt.ops.server.auth;

import java.security.cert.X509Certificate;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import javax.sql.DataSource;

import cn.yzt.ops.protocol.crypto.Sm2;
import cn.yzt.ops.server.audit.AuditEvent;
import cn.yzt.ops.server.audit.AuditLog;
import cn.yzt.ops.server.crypto.Bytes;
import cn.yzt.ops.server.db.Tx;
import cn.yzt.ops.server.rbac.Permission;
import cn.yzt.ops.server.rbac.Rbac;
import cn.yzt.ops.server.user.CertificateIdentity;

/**
 * Sessions: a 256-bit random token given to the client once; the database keeps only SM3(token),
 * so a database reader cannot hijack sessions. Each session is bound to the SM3 of the TLCP client
 * certificate it was created over; a request over a connection with another certificate is
 * refused. Idle and absolute timeouts are enforced on every use.
 */
public final class SessionService {

    /** A new session and the token (returned to the client, never stored). */
    public record Issued(String token, Session session) {
    }

    private final DataSource ds;
    private final Duration idle;
    private final Duration absolute;
    private final Rbac rbac;
    private final AuditLog audit;
    private final Clock clock;

    public SessionService(DataSource ds, Duration idle, Duration absolute, Rbac rbac, AuditLog audit, Clock clock) {
        this.ds = ds;
        this.idle = idle;
        this.absolute = absolute;
        this.rbac = rbac;
        this.audit = audit;
        this.clock = clock;
    }

    public Duration idleTimeout() {
        return idle;
    }

    /** Creates a session in its own transaction. */
    public Issued create(long userId, String username, X509Certificate clientCert) {
        return Tx.run(ds, c -> create(c, userId, username, clientCert));
    }

    /** Creates a session within the caller's transaction (the login commits session and audit together). */
    public Issued create(java.sql.Connection c, long userId, String username, X509Certificate clientCert)
            throws java.sql.SQLException {
        byte[] raw = Bytes.random(32);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        byte[] hash = Sm2.sm3(raw);
        Bytes.wipe(raw);
        Instant now = now();
        Instant expires = now.plus(absolute);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO sessions (token_hash, user_id, cert_sm3, created_at,"
                + " last_seen_at, expires_at) VALUES (?,?,?,?,?,?)")) {
            ps.setBytes(1, hash);
            ps.setLong(2, userId);
            ps.setBytes(3, CertificateIdentity.of(clientCert).certSm3());
            ps.setObject(4, utc(now));
            ps.setObject(5, utc(now));
            ps.setObject(6, utc(expires));
            ps.executeUpdate();
        }
        return new Issued(token, new Session(idOf(hash), userId, username, now, now, expires));
    }

    /** The live session for TOKEN over a connection authenticated with CLIENTCERT; touches last-seen. */
    public Session authenticate(String token, X509Certificate clientCert) {
        byte[] hash = hashOf(token);
        if (hash == null) {
            throw new SessionException("SESSION_TOKEN_MALFORMED");
        }
        if (clientCert == null) {
            throw new SessionException("TLCP_CLIENT_CERT_MISSING");
        }
        byte[] certSm3 = CertificateIdentity.of(clientCert).certSm3();
        Instant now = now();
        Session s;
        try {
            s = lookup(hash, certSm3, now);
        } catch (SessionException ex) {
            if (ex.reason().equals("SESSION_CERT_MISMATCH")) {
                audit.record(AuditEvent.failure("SESSION", null, null, ex.reason(), "session " + idOf(hash)));
            }
            throw ex;
        }
        if (s == null) {
            throw new SessionException("SESSION_TIMEOUT");
        }
        return s;
    }

    private Session lookup(byte[] hash, byte[] certSm3, Instant now) {
        return Tx.run(ds, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT s.user_id, u.username, s.cert_sm3, s.created_at,"
                    + " s.last_seen_at, s.expires_at, s.ended_at FROM sessions s JOIN users u ON u.id = s.user_id"
                    + " WHERE s.token_hash = ? FOR UPDATE OF s")) {
                ps.setBytes(1, hash);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new SessionException("SESSION_UNKNOWN");
                    }
                    if (rs.getObject(7) != null) {
                        throw new SessionException("SESSION_ENDED");
                    }
                    Instant lastSeen = rs.getObject(5, OffsetDateTime.class).toInstant();
                    Instant expires = rs.getObject(6, OffsetDateTime.class).toInstant();
                    if (!now.isBefore(expires)) {
                        end(c, hash, "ABSOLUTE_TIMEOUT");
                        return null;
                    }
                    if (!now.isBefore(lastSeen.plus(idle))) {
                        end(c, hash, "IDLE_TIMEOUT");
                        return null;
                    }
                    if (!Bytes.equal(rs.getBytes(3), certSm3)) {
                        throw new SessionException("SESSION_CERT_MISMATCH");
                    }
                    try (PreparedStatement up = c.prepareStatement("UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?")) {
                        up.setObject(1, utc(now));
                        up.setBytes(2, hash);
                        up.executeUpdate();
                    }
                    return new Session(idOf(hash), rs.getLong(1), rs.getString(2),
                            rs.getObject(4, OffsetDateTime.class).toInstant(), now, expires);
                }
            }
        });
    }

    /** Ends the session of TOKEN, already authenticated as S (idempotent). */
    public void logout(String token, Session s) {
        byte[] hash = hashOf(token);
        if (hash == null) {
            throw new SessionException("SESSION_TOKEN_MALFORMED");
        }
        Tx.run(ds, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE sessions SET ended_at = ?, end_reason = 'LOGOUT' WHERE token_hash = ? AND ended_at IS NULL")) {
                ps.setObject(1, utc(now()));
                ps.setBytes(2, hash);
                ps.executeUpdate();
            }
            audit.append(c, new AuditEvent("LOGOUT", AuditEvent.Outcome.SUCCESS, s.username(), s.userId(), null, null, null));
            return null;
        });
    }

    /** An administrator ends someone's session by its public id (16 hex digits). Returns whether one was ended. */
    public boolean revoke(long actorId, String sessionId) {
        rbac.require(actorId, Permission.SESSION_REVOKE);
        if (sessionId == null || !sessionId.matches("^[0-9a-f]{16}$")) {
            throw new java.util.NoSuchElementException("session");
        }
        return Tx.run(ds, c -> {
            int n;
            try (PreparedStatement ps = c.prepareStatement("UPDATE sessions SET ended_at = ?, end_reason = 'REVOKED'"
                    + " WHERE substring(encode(token_hash, 'hex') from 1 for 16) = ? AND ended_at IS NULL")) {
                ps.setObject(1, utc(now()));
                ps.setString(2, sessionId);
                n = ps.executeUpdate();
            }
            if (n > 0) {
                audit.append(c, new AuditEvent("SESSION_REVOKE", AuditEvent.Outcome.SUCCESS, null, actorId, null,
                        "session " + sessionId, null));
            }
            return n > 0;
        });
    }

    /** Active sessions, for holders of SESSION_LIST. */
    public List<Session> active(long actorId) {
        rbac.require(actorId, Permission.SESSION_LIST);
        Instant now = now();
        return Tx.run(ds, c -> {
            List<Session> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT s.token_hash, s.user_id, u.username, s.created_at,"
                    + " s.last_seen_at, s.expires_at FROM sessions s JOIN users u ON u.id = s.user_id"
                    + " WHERE s.ended_at IS NULL AND s.expires_at > ? AND s.last_seen_at > ? ORDER BY s.created_at")) {
                ps.setObject(1, utc(now));
                ps.setObject(2, utc(now.minus(idle)));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Session(idOf(rs.getBytes(1)), rs.getLong(2), rs.getString(3),
                                rs.getObject(4, OffsetDateTime.class).toInstant(),
                                rs.getObject(5, OffsetDateTime.class).toInstant(),
                                rs.getObject(6, OffsetDateTime.class).toInstant()));
                    }
                }
            }
            return out;
        });
    }

    private static void end(java.sql.Connection c, byte[] hash, String reason) throws java.sql.SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE sessions SET ended_at = now(), end_reason = ? WHERE token_hash = ?")) {
            ps.setString(1, reason);
            ps.setBytes(2, hash);
            ps.executeUpdate();
        }
    }

    /** A public session id: the first 16 hex digits of SM3(token) (enough to name, useless to use). */
    private static String idOf(byte[] hash) {
        return HexFormat.of().formatHex(hash, 0, 8);
    }

    private static byte[] hashOf(String token) {
        if (token == null || token.length() != 43) {
            return null;
        }
        try {
            byte[] raw = Base64.getUrlDecoder().decode(token);
            if (raw.length != 32) {
                return null;
            }
            byte[] h = Sm2.sm3(raw);
            Bytes.wipe(raw);
            return h;
        } catch (IllegalArgumentException ex) {
            return null;
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static OffsetDateTime utc(Instant i) {
        return i.atOffset(ZoneOffset.UTC);
    }
}
