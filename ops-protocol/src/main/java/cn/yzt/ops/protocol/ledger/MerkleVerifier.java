package cn.yzt.ops.protocol.ledger;

import java.security.MessageDigest;
import java.util.List;

/**
 * The client side of RFC 9162: the verification algorithms of sections 2.1.3.2 and 2.1.4.2,
 * step by step, needing nothing but hashes. Malformed input (wrong hash length, sizes) is a
 * failed verification, never an exception, because the input comes from an untrusted server.
 */
public final class MerkleVerifier {

    private MerkleVerifier() {
    }

    public static boolean verifyInclusion(long leafIndex, long treeSize, byte[] leafHash, List<byte[]> path,
            byte[] rootHash) {
        if (leafIndex < 0 || leafIndex >= treeSize || !isHash(leafHash) || !isHash(rootHash) || path == null) {
            return false;
        }
        long fn = leafIndex;
        long sn = treeSize - 1;
        byte[] r = leafHash;
        for (byte[] p : path) {
            if (!isHash(p) || sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = LedgerHash.node(p, r);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            } else {
                r = LedgerHash.node(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && MessageDigest.isEqual(r, rootHash);
    }

    /**
     * Section 2.1.4.2, plus the two cases the RFC leaves to the caller: equal sizes (empty proof,
     * equal roots) and an empty first tree (empty proof; every tree extends it).
     */
    public static boolean verifyConsistency(long firstSize, long secondSize, byte[] firstRoot, byte[] secondRoot,
            List<byte[]> path) {
        if (firstSize < 0 || secondSize < firstSize || !isHash(firstRoot) || !isHash(secondRoot) || path == null) {
            return false;
        }
        if (firstSize == 0) {
            return path.isEmpty();
        }
        if (firstSize == secondSize) {
            return path.isEmpty() && MessageDigest.isEqual(firstRoot, secondRoot);
        }
        if (path.isEmpty()) {
            return false;
        }
        for (byte[] c : path) {
            if (!isHash(c)) {
                return false;
            }
        }
        java.util.ArrayList<byte[]> proof = new java.util.ArrayList<>(path);
        if (Long.bitCount(firstSize) == 1) {
            proof.add(0, firstRoot);
        }
        long fn = firstSize - 1;
        long sn = secondSize - 1;
        while ((fn & 1) == 1) {
            fn >>= 1;
            sn >>= 1;
        }
        byte[] fr = proof.get(0);
        byte[] sr = proof.get(0);
        for (int i = 1; i < proof.size(); i++) {
            byte[] c = proof.get(i);
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                fr = LedgerHash.node(c, fr);
                sr = LedgerHash.node(c, sr);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            } else {
                sr = LedgerHash.node(sr, c);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && MessageDigest.isEqual(fr, firstRoot) && MessageDigest.isEqual(sr, secondRoot);
    }

    private static boolean isHash(byte[] h) {
        return h != null && h.length == LedgerHash.SIZE;
    }
}
