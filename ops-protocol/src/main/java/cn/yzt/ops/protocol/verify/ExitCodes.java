package cn.yzt.ops.protocol.verify;

/** ops-verify exit codes. */
final class ExitCodes {

    /** The evidence verified. */
    static final int VERIFIED = 0;
    /** The evidence did not verify. */
    static final int NOT_VERIFIED = 1;
    /** Usage error or unreadable input (file, trust anchors, ledger key). */
    static final int USAGE = 2;

    private ExitCodes() {
    }
}
