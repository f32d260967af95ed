package cn.yzt.ops.server;

import java.io.IOException;
import java.time.Clock;

import cn.yzt.ops.server.audit.AuditLog;
import cn.yzt.ops.server.audit.AuditVerifier;
import cn.yzt.ops.server.config.ServerConfig;
import cn.yzt.ops.server.crypto.KeyVault;
import cn.yzt.ops.server.crypto.SealedKeyFile;
import cn.yzt.ops.server.db.Database;
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

    /** Opens the database of CONFIG and the key file (passphrase from keys.passphraseEnv or the console). */
    public static ServerRuntime open(ServerConfig config, char[] keyPassphrase) throws IOException {
        KeyVault vault = SealedKeyFile.open(config.path("keys.file"), keyPassphrase);
        EmbeddedDatabase embedded = null;
        String url = config.jdbcUrl();
        String user = config.string("db.user");
        char[] password = null;
        if (config.embeddedDatabase()) {
            embedded = EmbeddedDatabase.start(config.path("db.embedded.dataDir"),
                    config.integer("db.embedded.port", 0, 65535));
            url = embedded.jdbcUrl("postgres");
            user = null;
        } else {
            String env = System.getenv(config.string("db.passwordEnv"));
            password = env == null ? null : env.toCharArray();
        }
        try {
            Database db = Database.open(url, user, password, config.integer("db.poolSize", 2, 200));
            return new ServerRuntime(config, embedded, db, vault, Clock.systemUTC());
        } catch (RuntimeException ex) {
            if (embedded != null) {
                embedded.close();
            }
            throw ex;
        }
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
