package cn.yzt.ops.server;

import java.io.IOException;
import java.time.Clock;

import cn.yzt.ops.server.audit.AuditLog;
import cn.yzt.ops.server.audit.AuditVerifier;
import cn.yzt.ops.server.config.ServerConfig;
import cn.yzt.ops.server.crypto.Bytes;
import cn.yzt.ops.server.crypto.KeyPurpose;
import cn.yzt.ops.server.crypto.KeyVault;
import cn.yzt.ops.server.crypto.SealedKeyFile;
import cn.yzt.ops.server.db.Database;
import cn.yzt.ops.server.db.DbLogin;
import cn.yzt.ops.server.db.EmbeddedDatabase;

/**
 * Everything the server runs on, opened in dependency order and closed in reverse: the database
 * (embedded or external), the key vault, and the services built on them.
 */
public final class ServerRuntime implements AutoCloseable {

    @FunctionalInterface
    public interface Body<T> {
        T run(ServerRuntime rt) throws Exception;
    }

    private final ServerConfig config;
    private final EmbeddedDatabase embedded;
    private final Database database;
    private final KeyVault vault;
    private final Services services;

    public ServerRuntime(ServerConfig config, EmbeddedDatabase embedded, Database database, KeyVault vault, Clock clock) {
        this.config = config;
        this.embedded = embedded;
        this.database = database;
        this.vault = vault;
        this.services = new Services(config, database.dataSource(), vault, clock);
    }

    /**
     * Opens the key file (passphrase from keys.passphraseEnv or the console) and the database of
     * CONFIG: migrated by the admin/owner login, the pool as the app role (see db.DbRoles).
     */
    public static ServerRuntime open(ServerConfig config, char[] keyPassphrase) throws IOException {
        SealedKeyFile vault = SealedKeyFile.open(config.path("keys.file"), keyPassphrase);
        int poolSize = config.integer("db.poolSize", 2, 200);
        if (!config.embeddedDatabase()) {
            char[] owner = env(config.string("db.owner.passwordEnv"));
            char[] app = env(config.string("db.passwordEnv"));
            try {
                String ownerUser = config.string("db.owner.user");
                Database db = Database.open(config.jdbcUrl(), new DbLogin(ownerUser.isEmpty() ? null : ownerUser, owner), null,
                        new DbLogin(config.string("db.user"), app), poolSize);
                return new ServerRuntime(config, null, db, vault, Clock.systemUTC());
            } finally {
                Bytes.wipe(owner);
                Bytes.wipe(app);
            }
        }
        EmbeddedDatabase embedded = EmbeddedDatabase.start(config.path("db.embedded.dataDir"),
                config.integer("db.embedded.port", 0, 65535));
        char[] app = null;
        try {
            app = embeddedAppPassword(vault, keyPassphrase);
            Database db = embedded.open("postgres", app, poolSize);
            return new ServerRuntime(config, embedded, db, vault, Clock.systemUTC());
        } catch (IOException | RuntimeException ex) {
            embedded.close();
            throw ex;
        } finally {
            Bytes.wipe(app);
        }
    }

    /**
     * The embedded app role's password, kept sealed with the server's keys: made and sealed on the
     * first start with a key file that has none (an installation from before the roles), then the
     * same at every start. 48 hex characters of 24 random bytes.
     */
    static char[] embeddedAppPassword(SealedKeyFile vault, char[] keyPassphrase) throws IOException {
        if (vault.ids(KeyPurpose.DB_APP_PASSWORD).isEmpty()) {
            byte[] fresh = Bytes.random(KeyPurpose.DB_APP_PASSWORD.length());
            try {
                vault.importKey(KeyPurpose.DB_APP_PASSWORD, fresh, keyPassphrase);
            } finally {
                Bytes.wipe(fresh);
            }
        }
        byte[] k = vault.currentKey(KeyPurpose.DB_APP_PASSWORD);
        try {
            char[] pw = new char[k.length * 2];
            for (int i = 0; i < k.length; i++) {
                pw[2 * i] = Character.forDigit((k[i] >> 4) & 0xf, 16);
                pw[2 * i + 1] = Character.forDigit(k[i] & 0xf, 16);
            }
            return pw;
        } finally {
            Bytes.wipe(k);
        }
    }

    private static char[] env(String name) {
        String v = name.isEmpty() ? null : System.getenv(name);
        return v == null ? null : v.toCharArray();
    }

    /** The embedded PostgreSQL, when the configuration uses one (maintenance and tests). */
    public java.util.Optional<EmbeddedDatabase> embedded() {
        return java.util.Optional.ofNullable(embedded);
    }

    public ServerConfig config() {
        return config;
    }

    public Database database() {
        return database;
    }

    public KeyVault vault() {
        return vault;
    }

    public Services services() {
        return services;
    }

    public AuditLog auditLog() {
        return services.auditLog();
    }

    public AuditVerifier auditVerifier() {
        return services.auditVerifier();
    }

    @Override
    public void close() throws IOException {
        services.ledger().close(); // queued ledger appends first (they may write audit entries)
        services.auditLog().close(); // queued audit entries first, while the pool is still open
        database.close();
        if (embedded != null) {
            embedded.close();
        }
    }
}
