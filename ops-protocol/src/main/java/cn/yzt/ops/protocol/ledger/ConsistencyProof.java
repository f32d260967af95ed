package cn.yzt.ops.protocol.ledger;

import java.util.List;

/**
 * RFC 9162 section 2.1.4 consistency proof: that the tree of {@code firstSize} leaves is a prefix
 * of the tree of {@code secondSize} leaves. Empty when the sizes are equal or the first is 0.
 */
public record ConsistencyProof(long firstSize, long secondSize, List<byte[]> path) {

    public ConsistencyProof {
        if (firstSize < 0 || secondSize < firstSize) {
            throw new IllegalArgumentException("no consistency proof from size " + firstSize + " to " + secondSize);
        }
        path = Hashes.copy(path);
    }

    @Override
    public List<byte[]> path() {
        return Hashes.copyOut(path);
    }

    /** Canonical JSON for the proof API: {"firstSize":3,"path":["64 hex",...],"secondSize":7}. */
    public byte[] encode() {
        com.fasterxml.jackson.databind.node.ObjectNode o = cn.yzt.ops.protocol.json.StrictJson.object();
        o.put("firstSize", firstSize);
        o.put("secondSize", secondSize);
        o.set("path", Hashes.toJsonArray(path));
        return cn.yzt.ops.protocol.json.StrictJson.canonical(o);
    }

    /** Strict inverse of {@link #encode()}. */
    public static ConsistencyProof decode(byte[] canonical) {
        var o = cn.yzt.ops.protocol.json.StrictJson.parseCanonicalObject(canonical);
        cn.yzt.ops.protocol.json.StrictJson.requireMembers(o, "", java.util.Set.of("firstSize", "secondSize", "path"),
                java.util.Set.of());
        long first = cn.yzt.ops.protocol.json.StrictJson.nonNegativeLong(o, "firstSize");
        long second = cn.yzt.ops.protocol.json.StrictJson.nonNegativeLong(o, "secondSize");
        if (second < first) {
            throw new cn.yzt.ops.protocol.json.JsonFormatException("secondSize", "smaller than firstSize");
        }
        return new ConsistencyProof(first, second, Hashes.fromJsonArray(o.get("path"), "path"));
    }

    /** RFC 9162 section 2.1.4.2 between the two roots. */
    public boolean verify(byte[] firstRoot, byte[] secondRoot) {
        return MerkleVerifier.verifyConsistency(firstSize, secondSize, firstRoot, secondRoot, path);
    }
}
