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
        com.fasterxml.jackson.databind.node.ObjectNode o = cn.yzt.ops.protocol.json.StrictJson.object();
        o.put("leafIndex", leafIndex);
        o.put("treeSize", treeSize);
        o.set("path", Hashes.toJsonArray(path));
        return cn.yzt.ops.protocol.json.StrictJson.canonical(o);
    }

    /** Strict inverse of {@link #encode()}. */
    public static InclusionProof decode(byte[] canonical) {
        var o = cn.yzt.ops.protocol.json.StrictJson.parseCanonicalObject(canonical);
        cn.yzt.ops.protocol.json.StrictJson.requireMembers(o, "", java.util.Set.of("leafIndex", "treeSize", "path"),
                java.util.Set.of());
        long index = cn.yzt.ops.protocol.json.StrictJson.nonNegativeLong(o, "leafIndex");
        long size = cn.yzt.ops.protocol.json.StrictJson.nonNegativeLong(o, "treeSize");
        if (index >= size) {
            throw new cn.yzt.ops.protocol.json.JsonFormatException("leafIndex", "not inside a tree of size " + size);
        }
        return new InclusionProof(index, size, Hashes.fromJsonArray(o.get("path"), "path"));
    }

    /** RFC 9162 section 2.1.3.2 against a leaf hash and the root of a tree of {@link #treeSize()}. */
    public boolean verify(byte[] leafHash, byte[] rootHash) {
        return MerkleVerifier.verifyInclusion(leafIndex, treeSize, leafHash, path, rootHash);
    }
}
