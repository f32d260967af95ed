package cn.yzt.ops.client.api;

import cn.yzt.ops.protocol.ledger.SignedTreeHead;

/**
 * The result of the login-time ledger check (ARCHITECTURE.md section 3): the server's current
 * signed tree head against the one this console stored at the previous login.
 *
 * @param state   what was found
 * @param message a sentence for the administrator (console language), empty when all is well
 * @param head    the server's head now (null when the ledger is empty or it could not be read)
 */
public record TreeHeadStatus(State state, String message, SignedTreeHead head) {

    public enum State {
        /** The new head is signed by the ledger key and extends the stored one. */
        CONSISTENT,
        /** No head stored for this server yet: this one is now stored (trust on first use). */
        FIRST_SEEN,
        /** The server's ledger is empty. */
        EMPTY,
        /** Signature or consistency proof failed, or the tree shrank: history may have been rewritten. */
        INCONSISTENT,
        /** Could not check (no ledger public key, or the proof could not be fetched). */
        UNCHECKED
    }

    /** True when the shell must show the prominent warning. */
    public boolean alarming() {
        return state == State.INCONSISTENT;
    }
}
