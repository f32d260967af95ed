package cn.yzt.ops.protocol.ledger;

import java.util.List;

/**
 * RFC 9162 section 2.1.3 inclusion proof: the audit path of leaf {@code leafIndex} in the tree of
 * {@code treeSize} leaves, ordered from the leaf's sibling up to the root's child.
 */
public record InclusionProof(long leafIndex, long treeSize, List<byte[]> path) {

    public InclusionProof {
        if (leafIndex < 0 || treeSize < 1 || leafIndex >= treeSize) {
            throw new IllegalArgumentException("leaf index " + leafIndex + " not in a tree of size " + treeSize);
        }
        path = Hashes.copy(path);
    }

    /** A copy of the path (records would otherwise hand out the internal arrays). */
    @Override
    public List<byte[]> path() {
        return Hashes.copyOut(path);
    }

    /** Canonical JSON for the proof API: {"leafIndex":3,"path":["64 hex",...],"treeSize":7}. */
    public byte[] encode() {
        return Hashes.encodeProof("leafIndex", leafIndex, "treeSize", treeSize, path);
    }

    /** Strict inverse of {@link #encode()}. */
    public static InclusionProof decode(byte[] canonical) {
        Hashes.ProofFields f = Hashes.decodeProof(canonical, "leafIndex", "treeSize");
        if (f.a() >= f.b()) {
            throw new cn.yzt.ops.protocol.json.JsonFormatException("leafIndex", "not inside a tree of size " + f.b());
        }
        return new InclusionProof(f.a(), f.b(), f.path());
    }

    /** RFC 9162 section 2.1.3.2 against a leaf hash and the root of a tree of {@link #treeSize()}. */
    public boolean verify(byte[] leafHash, byte[] rootHash) {
        return MerkleVerifier.verifyInclusion(leafIndex, treeSize, leafHash, path, rootHash);
    }
}
