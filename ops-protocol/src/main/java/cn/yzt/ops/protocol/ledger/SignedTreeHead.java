package cn.yzt.ops.protocol.ledger;

import java.util.Base64;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ObjectNode;

import cn.yzt.ops.protocol.json.JsonFormatException;
import cn.yzt.ops.protocol.json.StrictJson;

/**
 * A tree head and its SM3withSM2 signature (DER, default ID) over {@link TreeHead#encode()}:
 * <pre>{"signature":"base64 DER","treeHead":{...}}</pre>
 */
public record SignedTreeHead(TreeHead treeHead, byte[] signature) {

    private static final Set<String> MEMBERS = Set.of("treeHead", "signature");

    public SignedTreeHead {
        if (treeHead == null) {
            throw new JsonFormatException("treeHead", "missing");
        }
        if (signature == null || signature.length == 0 || signature.length > 80) {
            throw new JsonFormatException("signature", "must be a DER SM2 signature");
        }
        signature = signature.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    ObjectNode toJson() {
        ObjectNode o = StrictJson.object();
        o.set("treeHead", treeHead.toJson());
        o.put("signature", Base64.getEncoder().encodeToString(signature));
        return o;
    }

    public byte[] encode() {
        return StrictJson.canonical(toJson());
    }

    public static SignedTreeHead decode(byte[] canonical) {
        return fromJson(StrictJson.parseCanonicalObject(canonical));
    }

    static SignedTreeHead fromJson(ObjectNode o) {
        StrictJson.requireMembers(o, "", MEMBERS, Set.of());
        return new SignedTreeHead(TreeHead.fromJson(StrictJson.objectMember(o, "treeHead")),
                StrictJson.base64(o, "signature"));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SignedTreeHead s && java.util.Arrays.equals(encode(), s.encode());
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(encode());
    }
}
