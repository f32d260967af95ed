package cn.yzt.ops.protocol.ledger;

import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ObjectNode;

import cn.yzt.ops.protocol.json.JsonFormatException;
import cn.yzt.ops.protocol.json.StrictJson;

/**
 * What the server returns for an accepted entry: where it is, its leaf hash, the signed tree head
 * that contains it and the inclusion proof into that head's root:
 * <pre>{"inclusionPath":["64 hex",...],"leafHash":"64 hex","leafIndex":41,"signedTreeHead":{...},"v":1}</pre>
 */
public record Receipt(long leafIndex, byte[] leafHash, SignedTreeHead signedTreeHead, InclusionProof inclusionProof) {

    private static final Set<String> MEMBERS = Set.of("v", "leafIndex", "leafHash", "signedTreeHead", "inclusionPath");

    public Receipt {
        LedgerHash.requireHash(leafHash);
        if (signedTreeHead == null || inclusionProof == null) {
            throw new IllegalArgumentException("tree head and inclusion proof are required");
        }
        leafHash = leafHash.clone();
    }

    /** The receipt for leaf {@code index} under {@code sth}, proof taken from {@code tree} at the head's size. */
    public static Receipt issue(MerkleTree tree, long index, SignedTreeHead sth) {
        long size = sth.treeHead().treeSize();
        InclusionProof proof = tree.inclusionProof(index, size);
        byte[] leaf = tree.leafHash(index);
        return new Receipt(index, leaf, sth, proof);
    }

    @Override
    public byte[] leafHash() {
        return leafHash.clone();
    }

    ObjectNode toJson() {
        ObjectNode o = StrictJson.object();
        o.put("v", 1);
        o.put("leafIndex", leafIndex);
        o.put("leafHash", Hashes.hex(leafHash));
        o.set("signedTreeHead", signedTreeHead.toJson());
        o.set("inclusionPath", Hashes.toJsonArray(inclusionProof.path()));
        return o;
    }

    public byte[] encode() {
        return StrictJson.canonical(toJson());
    }

    /** The JSON tree (for embedding in an evidence bundle). */
    public ObjectNode toJsonNode() {
        return toJson();
    }

    public static Receipt decode(byte[] canonical) {
        return fromJson(StrictJson.parseCanonicalObject(canonical));
    }

    /**
     * Strict read. The proof's tree size is the signed head's: a receipt cannot claim one size for
     * its proof and another for its head.
     */
    public static Receipt fromJson(ObjectNode o) {
        StrictJson.requireMembers(o, "receipt.", MEMBERS, Set.of());
        if (!o.get("v").isInt() || o.get("v").intValue() != 1) {
            throw new JsonFormatException("receipt.v", "unsupported version");
        }
        long index = StrictJson.nonNegativeLong(o, "leafIndex");
        SignedTreeHead sth = SignedTreeHead.fromJson(StrictJson.objectMember(o, "signedTreeHead"));
        List<byte[]> path = Hashes.fromJsonArray(o.get("inclusionPath"), "receipt.inclusionPath");
        long size = sth.treeHead().treeSize();
        if (index >= size) {
            throw new JsonFormatException("receipt.leafIndex", "not inside the signed tree of size " + size);
        }
        return new Receipt(index, StrictJson.hex(o, "leafHash", 32), sth, new InclusionProof(index, size, path));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Receipt r && java.util.Arrays.equals(encode(), r.encode());
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(encode());
    }
}
