package cn.yzt.ops.protocol.ledger;

import org.bouncycastle.crypto.digests.SM3Digest;

/**
 * RFC 9162 section 2.1.1 hashing with SM3: domain-separated leaf and node hashes, so a leaf can
 * never be passed off as an interior node (second-preimage attack on plain Merkle trees).
 */
public final class LedgerHash {

    /** SM3 output length. */
    public static final int SIZE = 32;
    private static final byte LEAF_PREFIX = 0x00;
    private static final byte NODE_PREFIX = 0x01;

    private LedgerHash() {
    }

    /** SM3(0x00 || entry). */
    public static byte[] leaf(byte[] entry) {
        SM3Digest d = new SM3Digest();
        d.update(LEAF_PREFIX);
        d.update(entry, 0, entry.length);
        return done(d);
    }

    /** SM3(0x01 || left || right). */
    public static byte[] node(byte[] left, byte[] right) {
        requireHash(left);
        requireHash(right);
        SM3Digest d = new SM3Digest();
        d.update(NODE_PREFIX);
        d.update(left, 0, SIZE);
        d.update(right, 0, SIZE);
        return done(d);
    }

    /** Root of the empty tree: SM3 of the empty string (RFC 9162 MTH({})). */
    public static byte[] empty() {
        return done(new SM3Digest());
    }

    static void requireHash(byte[] h) {
        if (h == null || h.length != SIZE) {
            throw new IllegalArgumentException("a ledger hash is " + SIZE + " bytes, got "
                    + (h == null ? "null" : h.length));
        }
    }

    private static byte[] done(SM3Digest d) {
        byte[] out = new byte[SIZE];
        d.doFinal(out, 0);
        return out;
    }
}
