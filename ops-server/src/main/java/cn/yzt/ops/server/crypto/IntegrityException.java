package cn.yzt.ops.server.crypto;

/**
 * Stored data failed its MAC check: it was changed outside the application. Callers refuse the
 * request and raise an integrity alert; the message names the place, never the data.
 */
public final class IntegrityException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public IntegrityException(String where) {
        super("integrity check failed: " + where);
    }
}
