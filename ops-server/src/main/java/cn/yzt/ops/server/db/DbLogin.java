package cn.yzt.ops.server.db;

/**
 * Who connects: a PostgreSQL user and its password. A null user means the one in the JDBC URL (the
 * embedded admin, postgres); a null password means none (trust, or a password in the URL). The
 * caller owns {@code password} and wipes it after {@link Database} has used it.
 */
public record DbLogin(String user, char[] password) {

    /** The URL's own user (embedded: the cluster admin over local trust authentication). */
    public static DbLogin fromUrl() {
        return new DbLogin(null, null);
    }

    @Override
    public String toString() {
        return "DbLogin[" + (user == null ? "(url)" : user) + "]"; // never the password
    }
}
