package cn.yzt.ops.server.auth;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import cn.yzt.ops.server.crypto.Bytes;
import cn.yzt.ops.server.db.Tx;
import cn.yzt.ops.server.user.PersonalDataRules;

/**
 * Login challenges: 32 random bytes, at most 60 s, single use. A challenge is issued for any
 * well-formed username (whether the account exists is not revealed) and consumed with
 * DELETE ... RETURNING, so two concurrent logins with one challenge cannot both get it.
 */
public final class ChallengeService {

    public static final int NONCE_BYTES = 32;
    private static final Duration MAX_TTL = Duration.ofSeconds(60);

    private final DataSource ds;
    private final Duration ttl;
    private final Clock clock;

    public ChallengeService(DataSource ds, Duration ttl, Clock clock) {
        if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(MAX_TTL) > 0) {
            throw new IllegalArgumentException("challenge lifetime must be in (0, 60] seconds");
        }
        this.ds = ds;
        this.ttl = ttl;
        this.clock = clock;
    }

    public Challenge issue(String username) {
        String u = PersonalDataRules.username(username);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Challenge ch = new Challenge(UUID.randomUUID(), u, Bytes.random(NONCE_BYTES), now, now.plus(ttl));
        Tx.run(ds, c -> {
            // Expired challenges are useless; clear them as we go (indexed, cheap).
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM login_challenges WHERE expires_at < ?")) {
                ps.setObject(1, utc(now.minus(MAX_TTL)));
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO login_challenges (id, username, nonce, issued_at, expires_at) VALUES (?,?,?,?,?)")) {
                ps.setObject(1, ch.id());
                ps.setString(2, ch.username());
                ps.setBytes(3, ch.nonce());
                ps.setObject(4, utc(ch.issuedAt()));
                ps.setObject(5, utc(ch.expiresAt()));
                ps.executeUpdate();
            }
            return null;
        });
        return ch;
    }

    /** Removes and returns the challenge: whatever happens next, it can never be used again. */
    public Optional<Challenge> consume(UUID id) {
        return Tx.run(ds, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM login_challenges WHERE id = ? RETURNING username, nonce, issued_at, expires_at")) {
                ps.setObject(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.<Challenge>empty();
                    }
                    return Optional.of(new Challenge(id, rs.getString(1), rs.getBytes(2),
                            rs.getObject(3, OffsetDateTime.class).toInstant(), rs.getObject(4, OffsetDateTime.class).toInstant()));
                }
            }
        });
    }

    public boolean expired(Challenge ch) {
        return !clock.instant().isBefore(ch.expiresAt());
    }

    private static OffsetDateTime utc(Instant i) {
        return i.atOffset(ZoneOffset.UTC);
    }
}
