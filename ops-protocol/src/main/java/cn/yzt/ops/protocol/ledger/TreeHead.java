package cn.yzt.ops.protocol.ledger;

import java.time.Instant;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ObjectNode;

import cn.yzt.ops.protocol.json.JsonFormatException;
import cn.yzt.ops.protocol.json.StrictJson;

/**
 * What the ledger key signs: the log's size and root at a time. Canonical bytes:
 * <pre>{"keyId":"64 hex","purpose":"ledger-tree-head","rootHash":"64 hex","timestamp":"...Z","treeSize":42,"v":1}</pre>
 * "purpose" separates it from every other SM2-signed text of the system.
 *
 * @param keyId SM3 of the ledger public key's DER SubjectPublicKeyInfo
 */
public record TreeHead(long treeSize, byte[] rootHash, Instant timestamp, byte[] keyId) {

    public static final String PURPOSE = "ledger-tree-head";
    private static final Set<String> MEMBERS = Set.of("v", "purpose", "treeSize", "rootHash", "timestamp", "keyId");

    public TreeHead {
        if (treeSize < 0 || treeSize > (1L << 53)) {
            throw new JsonFormatException("treeSize", "must be in 0..2^53");
        }
        if (rootHash == null || rootHash.length != LedgerHash.SIZE) {
            throw new JsonFormatException("rootHash", "must be 32 bytes");
        }
        if (keyId == null || keyId.length != LedgerHash.SIZE) {
            throw new JsonFormatException("keyId", "must be 32 bytes");
        }
        if (timestamp == null) {
            throw new JsonFormatException("timestamp", "missing");
        }
        rootHash = rootHash.clone();
        keyId = keyId.clone();
    }

    @Override
    public byte[] rootHash() {
        return rootHash.clone();
    }

    @Override
    public byte[] keyId() {
        return keyId.clone();
    }

    ObjectNode toJson() {
        ObjectNode o = StrictJson.object();
        o.put("v", 1);
        o.put("purpose", PURPOSE);
        o.put("treeSize", treeSize);
        o.put("rootHash", Hashes.hex(rootHash));
        o.put("timestamp", timestamp.toString());
        o.put("keyId", Hashes.hex(keyId));
        return o;
    }

    /** The bytes signed. */
    public byte[] encode() {
        return StrictJson.canonical(toJson());
    }

    static TreeHead fromJson(ObjectNode o) {
        StrictJson.requireMembers(o, "treeHead.", MEMBERS, Set.of());
        if (!o.get("v").isInt() || o.get("v").intValue() != 1) {
            throw new JsonFormatException("treeHead.v", "unsupported version");
        }
        if (!PURPOSE.equals(StrictJson.text(o, "purpose"))) {
            throw new JsonFormatException("treeHead.purpose", "must be " + PURPOSE);
        }
        return new TreeHead(StrictJson.nonNegativeLong(o, "treeSize"), StrictJson.hex(o, "rootHash", 32),
                StrictJson.instant(o, "timestamp"), StrictJson.hex(o, "keyId", 32));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TreeHead t && java.util.Arrays.equals(encode(), t.encode());
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(encode());
    }

    @Override
    public String toString() {
        return new String(encode(), java.nio.charset.StandardCharsets.UTF_8);
    }
}
