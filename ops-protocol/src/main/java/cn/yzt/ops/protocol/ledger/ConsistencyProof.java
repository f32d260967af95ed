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
        return Hashes.encodeProof("firstSize", firstSize, "secondSize", secondSize, path);
    }

    /** Strict inverse of {@link #encode()}. */
    public static ConsistencyProof decode(byte[] canonical) {
        Hashes.ProofFields f = Hashes.decodeProof(canonical, "firstSize", "secondSize");
        if (f.b() < f.a()) {
            throw new cn.yzt.ops.protocol.json.JsonFormatException("secondSize", "smaller than firstSize");
        }
        return new ConsistencyProof(f.a(), f.b(), f.path());
    }

    /** RFC 9162 section 2.1.4.2 between the two roots. */
    public boolean verify(byte[] firstRoot, byte[] secondRoot) {
        return MerkleVerifier.verifyConsistency(firstSize, secondSize, firstRoot, secondRoot, path);
    }
}
