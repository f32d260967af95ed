package cn.yzt.ops.protocol.ledger;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Defensive copying and hex for the immutable proof/tree-head records. */
final class Hashes {

    private Hashes() {
    }

    static List<byte[]> copy(List<byte[]> in) {
        List<byte[]> out = new ArrayList<>(in.size());
        for (byte[] h : in) {
            LedgerHash.requireHash(h);
            out.add(h.clone());
        }
        return java.util.Collections.unmodifiableList(out);
    }

    static List<byte[]> copyOut(List<byte[]> in) {
        List<byte[]> out = new ArrayList<>(in.size());
        for (byte[] h : in) {
            out.add(h.clone());
        }
        return out;
    }

    static com.fasterxml.jackson.databind.node.ArrayNode toJsonArray(List<byte[]> hashes) {
        com.fasterxml.jackson.databind.node.ArrayNode a = cn.yzt.ops.protocol.json.StrictJson.object().arrayNode();
        for (byte[] h : hashes) {
            a.add(hex(h));
        }
        return a;
    }

    /** At most 64 hex hashes (a proof in a tree of up to 2^64 leaves never needs more). */
    static List<byte[]> fromJsonArray(com.fasterxml.jackson.databind.JsonNode a, String member) {
        if (a == null || !a.isArray() || a.size() > 64) {
            throw new cn.yzt.ops.protocol.json.JsonFormatException(member, "must be an array of at most 64 hashes");
        }
        List<byte[]> out = new ArrayList<>();
        for (com.fasterxml.jackson.databind.JsonNode h : a) {
            if (!h.isTextual()) {
                throw new cn.yzt.ops.protocol.json.JsonFormatException(member, "must hold hex strings");
            }
            out.add(parseHexOrFail(h.textValue(), member));
        }
        return out;
    }

    /** The two numbers and the path of a proof's canonical JSON (see {@link #encodeProof}). */
    record ProofFields(long a, long b, List<byte[]> path) {
    }

    /** Canonical JSON {aName: a, bName: b, "path": ["64 hex", ...]} shared by both proof kinds. */
    static byte[] encodeProof(String aName, long a, String bName, long b, List<byte[]> path) {
        com.fasterxml.jackson.databind.node.ObjectNode o = cn.yzt.ops.protocol.json.StrictJson.object();
        o.put(aName, a);
        o.put(bName, b);
        o.set("path", toJsonArray(path));
        return cn.yzt.ops.protocol.json.StrictJson.canonical(o);
    }

    /** Strict inverse of {@link #encodeProof}: exactly those members, non-negative numbers, 32-byte hashes. */
    static ProofFields decodeProof(byte[] canonical, String aName, String bName) {
        var o = cn.yzt.ops.protocol.json.StrictJson.parseCanonicalObject(canonical);
        cn.yzt.ops.protocol.json.StrictJson.requireMembers(o, "", java.util.Set.of(aName, bName, "path"),
                java.util.Set.of());
        return new ProofFields(cn.yzt.ops.protocol.json.StrictJson.nonNegativeLong(o, aName),
                cn.yzt.ops.protocol.json.StrictJson.nonNegativeLong(o, bName), fromJsonArray(o.get("path"), "path"));
    }

    static String hex(byte[] h) {
        return HexFormat.of().formatHex(h);
    }

    static byte[] parseHexOrFail(String s, String member) {
        try {
            return parseHex(s);
        } catch (IllegalArgumentException ex) {
            throw new cn.yzt.ops.protocol.json.JsonFormatException(member, ex.getMessage());
        }
    }

    /** Lower-case hex of exactly one hash; IllegalArgumentException otherwise. */
    static byte[] parseHex(String s) {
        if (s == null || s.length() != 2 * LedgerHash.SIZE || !s.equals(s.toLowerCase(java.util.Locale.ROOT))) {
            throw new IllegalArgumentException("expected " + 2 * LedgerHash.SIZE + " lower-case hex digits");
        }
        return HexFormat.of().parseHex(s);
    }
}
