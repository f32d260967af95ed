package cn.yzt.ops.server.user;

import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import cn.yzt.ops.server.audit.AuditEvent;
import cn.yzt.ops.server.audit.AuditLog;
import cn.yzt.ops.server.crypto.Bytes;
import cn.yzt.ops.server.crypto.IntegrityException;
import cn.yzt.ops.server.crypto.KeyPurpose;
import cn.yzt.ops.server.crypto.KeyVault;
import cn.yzt.ops.server.crypto.RowMac;
import cn.yzt.ops.server.db.Reads;
import cn.yzt.ops.server.db.Tx;
import cn.yzt.ops.server.rbac.Permission;
import cn.yzt.ops.server.rbac.Rbac;

/**
 * Certificates bound to accounts (several per user; unbinding keeps the row for the record).
 * Binding rows are access-control data: each carries an HMAC-SM3 checked whenever it is used.
 */
public final class CertificateBindings {

    public record Binding(long id, long userId, String issuerDn, String serialHex, byte[] spkiSm3, byte[] certSm3,
            OffsetDateTime boundAt, OffsetDateTime unboundAt) {
    }

    private final DataSource ds;
    private final RowMac mac;
    private final Rbac rbac;
    private final AuditLog audit;
    private final Clock clock;

    public CertificateBindings(DataSource ds, KeyVault vault, Rbac rbac, AuditLog audit, Clock clock) {
        this.ds = ds;
        this.mac = new RowMac(vault, KeyPurpose.ACL_MAC);
        this.rbac = rbac;
        this.audit = audit;
        this.clock = clock;
    }

    /** Binds CERT to USER; actorId null is bootstrap only. Returns the binding id. */
    public long bind(Long actorId, long userId, X509Certificate cert) {
        if (actorId != null) {
            rbac.require(actorId, Permission.CERT_BIND);
        }
        CertificateIdentity ci = CertificateIdentity.of(cert);
        OffsetDateTime at = now();
        return Tx.run(ds, c -> {
            rbac.acl().userChanged(userId);
            long id;
            try (PreparedStatement ps = c.prepareStatement("SELECT nextval('user_certs_id_seq')"); ResultSet rs = ps.executeQuery()) {
                rs.next();
                id = rs.getLong(1);
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO user_certs (id, user_id, issuer_dn, serial_hex,"
                    + " spki_sm3, cert_sm3, bound_at, mac) VALUES (?,?,?,?,?,?,?,?) ON CONFLICT (issuer_dn, serial_hex) DO NOTHING")) {
                ps.setLong(1, id);
                ps.setLong(2, userId);
                ps.setString(3, ci.issuerDn());
                ps.setString(4, ci.serialHex());
                ps.setBytes(5, ci.spkiSm3());
                ps.setBytes(6, ci.certSm3());
                ps.setObject(7, at);
                ps.setBytes(8, rowMac(id, userId, ci.issuerDn(), ci.serialHex(), ci.spkiSm3(), ci.certSm3(), at, null));
                if (ps.executeUpdate() == 0) {
                    throw new InvalidInputException("cert.alreadyBound");
                }
            }
            audit.append(c, new AuditEvent("CERT_BIND", AuditEvent.Outcome.SUCCESS, null, actorId, null,
                    "user " + userId + " cert sm3 " + ci.fingerprintHex(), null));
            return id;
        });
    }

    public void unbind(long actorId, long bindingId) {
        rbac.require(actorId, Permission.CERT_BIND);
        Tx.run(ds, c -> {
            Binding b = byId(c, bindingId);
            if (b.unboundAt() != null) {
                return null;
            }
            rbac.acl().userChanged(b.userId());
            OffsetDateTime at = now();
            try (PreparedStatement ps = c.prepareStatement("UPDATE user_certs SET unbound_at = ?, mac = ? WHERE id = ?")) {
                ps.setObject(1, at);
                ps.setBytes(2, rowMac(b.id(), b.userId(), b.issuerDn(), b.serialHex(), b.spkiSm3(), b.certSm3(), b.boundAt(), at));
                ps.setLong(3, bindingId);
                ps.executeUpdate();
            }
            audit.append(c, new AuditEvent("CERT_UNBIND", AuditEvent.Outcome.SUCCESS, null, actorId, null,
                    "user " + b.userId() + " binding " + bindingId, null));
            return null;
        });
    }

    /** Whether CERT is currently bound to USER (issuer, serial and key fingerprint all match; MAC checked). */
    public boolean isBound(long userId, X509Certificate cert) {
        return isBound(forUser(userId), cert);
    }

    /** Whether CERT is among the active BINDINGS (as read by {@link #forUserRead}). */
    public static boolean isBound(List<Binding> bindings, X509Certificate cert) {
        CertificateIdentity ci = CertificateIdentity.of(cert);
        for (Binding b : bindings) {
            if (b.unboundAt() == null && b.issuerDn().equals(ci.issuerDn()) && b.serialHex().equals(ci.serialHex())
                    && Bytes.equal(b.spkiSm3(), ci.spkiSm3())) {
                return true;
            }
        }
        return false;
    }

    public List<Binding> forUser(long userId) {
        return Tx.run(ds, c -> Reads.one(c, forUserRead(userId)));
    }

    /** {@link #forUser} as a read to send with others ({@link cn.yzt.ops.server.db.Reads#all}); rows MAC-checked. */
    public Reads.Read<List<Binding>> forUserRead(long userId) {
        return Reads.of("SELECT id, user_id, issuer_dn, serial_hex, spki_sm3, cert_sm3, bound_at, unbound_at, mac"
                + " FROM user_certs WHERE user_id = ? ORDER BY id",
                (ps, first) -> {
                    ps.setLong(first, userId);
                    return first + 1;
                }, rs -> {
                    List<Binding> out = new ArrayList<>();
                    while (rs.next()) {
                        out.add(CertificateBindings.this.read(rs));
                    }
                    return out;
                });
    }

    private Binding byId(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, user_id, issuer_dn, serial_hex, spki_sm3, cert_sm3,"
                + " bound_at, unbound_at, mac FROM user_certs WHERE id = ? FOR UPDATE")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new java.util.NoSuchElementException("binding");
                }
                return read(rs);
            }
        }
    }

    private Binding read(ResultSet rs) throws SQLException {
        Binding b = new Binding(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getBytes(5),
                rs.getBytes(6), rs.getObject(7, OffsetDateTime.class), rs.getObject(8, OffsetDateTime.class));
        byte[] expected = rs.getBytes(9);
        if (!mac.matches(expected, "user_certs", b.id(), b.userId(), b.issuerDn(), b.serialHex(), b.spkiSm3(),
                b.certSm3(), micros(b.boundAt()), b.unboundAt() == null ? null : Long.toString(micros(b.unboundAt())))) {
            audit.record(AuditEvent.alert("CERT_BINDING_MAC_MISMATCH", "binding " + b.id()));
            throw new IntegrityException("user_certs " + b.id());
        }
        return b;
    }

    private byte[] rowMac(long id, long userId, String issuer, String serial, byte[] spki, byte[] certSm3,
            OffsetDateTime boundAt, OffsetDateTime unboundAt) {
        return mac.of("user_certs", id, userId, issuer, serial, spki, certSm3, micros(boundAt),
                unboundAt == null ? null : Long.toString(micros(unboundAt)));
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }

    private static long micros(OffsetDateTime t) {
        return t.toEpochSecond() * 1_000_000L + t.getNano() / 1_000;
    }
}
