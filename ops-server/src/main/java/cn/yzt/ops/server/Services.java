package cn.yzt.ops.server;

import java.time.Clock;

import javax.sql.DataSource;

import cn.yzt.ops.server.audit.AuditLog;
import cn.yzt.ops.server.audit.AuditQuery;
import cn.yzt.ops.server.audit.AuditVerifier;
import cn.yzt.ops.server.config.ServerConfig;
import cn.yzt.ops.server.crypto.KeyVault;
import cn.yzt.ops.server.map.MapService;
import cn.yzt.ops.server.auth.CertificateChecker;
import cn.yzt.ops.server.auth.ChallengeService;
import cn.yzt.ops.server.auth.LoginService;
import cn.yzt.ops.server.auth.ServerIdentity;
import cn.yzt.ops.server.auth.SessionService;
import cn.yzt.ops.server.rbac.Rbac;
import cn.yzt.ops.server.user.CertificateBindings;
import cn.yzt.ops.server.user.PasswordHasher;
import cn.yzt.ops.server.user.UserService;

/** The application services wired on one data source and one vault (no framework, no statics). */
public final class Services {

    private final AuditLog auditLog;
    private final AuditVerifier auditVerifier;
    private final Rbac rbac;
    private final UserService users;
    private final CertificateBindings certificates;
    private final ChallengeService challenges;
    private final AuditQuery auditQuery;
    private final SessionService sessions;
    private final ServerConfig config;
    private final Clock clock;
    private final DataSource ds;
    private final MapService maps;
    private final cn.yzt.ops.server.ledger.LedgerService ledger;
    private volatile cn.yzt.ops.server.ops.OperationService operations;
    private final KeyVault vault;
    private volatile CertificateChecker checker;

    public Services(ServerConfig config, DataSource ds, KeyVault vault, Clock clock) {
        this.auditLog = new AuditLog(ds, vault, clock);
        this.auditVerifier = new AuditVerifier(ds, vault);
        this.rbac = new Rbac(ds, vault, auditLog, clock);
        PasswordHasher hasher = new PasswordHasher(vault, config.integer("auth.passwordIterations", 1000, 10_000_000));
        this.users = new UserService(ds, vault, hasher, rbac, auditLog, clock);
        this.certificates = new CertificateBindings(ds, vault, rbac, auditLog, clock);
        this.challenges = new ChallengeService(ds, config.seconds("auth.challengeTtlSeconds", 1, 60), clock);
        this.sessions = new SessionService(ds, config.seconds("session.idleSeconds", 60, 86_400),
                config.seconds("session.absoluteSeconds", 60, 7 * 86_400), rbac, auditLog, clock);
        this.auditQuery = new AuditQuery(ds, rbac, auditLog);
        this.config = config;
        this.clock = clock;
        this.ds = ds;
        this.maps = new MapService(ds, vault, auditLog);
        this.vault = vault;
        this.ledger = new cn.yzt.ops.server.ledger.LedgerService(ds, vault, clock,
                config.integer("ledger.maxBatch", 1, 10_000), config.integer("ledger.queueCapacity", 1, 1_000_000));
        // the audit records of a ledger batch go out with its rows and head
        ledger.writeAlong(auditLog.batchSink());
    }

    /** The configuration the services were built from (e.g. the HTTP layer's rate limits). */
    public ServerConfig config() {
        return config;
    }

    public AuditQuery auditQuery() {
        return auditQuery;
    }

    /** Login needs what only the transport knows (its certificate) and the PKI trust material. */
    public LoginService login(ServerIdentity server, CertificateChecker checker) {
        this.checker = checker;
        this.operations = new cn.yzt.ops.server.ops.OperationService(new cn.yzt.ops.server.ops.OperationCatalog.Deps(ds,
                users, rbac, certificates, sessions, auditQuery, maps, null), vault, auditLog, ledger, checker, server.serverId(), config.seconds("ops.nonceTtlSeconds", 10, 3600),
                config.seconds("auth.clockSkewSeconds", 0, 3600), clock);
        return new LoginService(ds, challenges, server, config.seconds("auth.clockSkewSeconds", 0, 3600), checker, users,
                certificates, sessions, auditLog, config.integer("auth.maxFailures", 1, 100), ledger, clock);
    }

    public String serverId() {
        return config.serverId();
    }

    public ChallengeService challenges() {
        return challenges;
    }

    public SessionService sessions() {
        return sessions;
    }

    public Rbac rbac() {
        return rbac;
    }

    public UserService users() {
        return users;
    }

    public CertificateBindings certificates() {
        return certificates;
    }

    public AuditLog auditLog() {
        return auditLog;
    }

    public AuditVerifier auditVerifier() {
        return auditVerifier;
    }

    /** Map layers (issue 5); loaded lazily, so building Services stays cheap. */
    public MapService maps() {
        return maps;
    }

    /** The UKEY certificate checker (trust anchors, CRLs) given to {@link #login}. */
    public CertificateChecker checker() {
        if (checker == null) {
            throw new IllegalStateException("the certificate checker comes with login(server, checker)");
        }
        return checker;
    }

    /** The SM3 Merkle ledger (issue 4). */
    public cn.yzt.ops.server.ledger.LedgerService ledger() {
        return ledger;
    }

    /** Signed operations (issue 4); available once {@link #login} has supplied the trust material. */
    public cn.yzt.ops.server.ops.OperationService operations() {
        if (operations == null) {
            throw new IllegalStateException("signed operations need login(server, checker) first");
        }
        return operations;
    }
}
