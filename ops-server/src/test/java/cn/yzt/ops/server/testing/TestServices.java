package cn.yzt.ops.server.testing;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;

import cn.yzt.ops.server.Services;
import cn.yzt.ops.server.config.ServerConfig;
import cn.yzt.ops.server.db.Database;

/** Services on a fresh database and an in-memory vault, plus SQL helpers for tamper tests. */
public final class TestServices implements AutoCloseable {

    public final Database db = TestPostgres.freshDatabase();
    public final TestVault vault = new TestVault();
    public final Services services;

    public TestServices() {
        this(ServerConfig.defaults().with("auth.passwordIterations", "1000"), Clock.systemUTC());
    }

    public TestServices(ServerConfig config, Clock clock) {
        services = new Services(config, db.dataSource(), vault, clock);
        services.rbac().seedBuiltInRoles();
    }

    /** Runs SQL with the schema owner's rights (a DBA's direct edit): tamper tests and fixture tweaks. */
    public void sql(String s) {
        try (Connection c = TestPostgres.ownerConnection(db); Statement st = c.createStatement()) {
            st.execute(s);
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    public long count(String sql) {
        try (Connection c = db.connection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    @Override
    public void close() {
        services.auditLog().close();
        db.close();
    }
}
