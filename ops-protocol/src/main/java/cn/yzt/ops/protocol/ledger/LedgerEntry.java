package cn.yzt.ops.protocol.ledger;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.node.ObjectNode;

import cn.yzt.ops.protocol.json.JsonFormatException;
import cn.yzt.ops.protocol.json.StrictJson;

/**
 * One ledger record; its canonical bytes are what the leaf hash covers:
 * <pre>{"kind":"operation","payload":"base64 DER CMS","receivedAt":"2026-11-27T10:00:03.123456Z",
 *  "result":"accepted","v":1}</pre>
 * payload: the CMS SignedData for operations and approvals; for logins and admin events the
 * signed or canonical bytes the server records. result: "accepted" or the refusal reason code.
 */
public record LedgerEntry(EntryKind kind, byte[] payload, String result, Instant receivedAt) {

    public static final int VERSION = 1;
    public static final String ACCEPTED = "accepted";
    private static final Pattern RESULT = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final Set<String> MEMBERS = Set.of("v", "kind", "payload", "result", "receivedAt");

    public LedgerEntry {
        Objects.requireNonNull(kind, "kind");
        if (payload == null || payload.length == 0) {
            throw new JsonFormatException("payload", "must not be empty");
        }
        if (result == null || !RESULT.matcher(result).matches()) {
            throw new JsonFormatException("result", "must be 1..64 of [A-Za-z0-9_.-]");
        }
        if (receivedAt == null) {
            throw new JsonFormatException("receivedAt", "missing");
        }
        payload = payload.clone();
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    public boolean accepted() {
        return ACCEPTED.equals(result);
    }

    /** The canonical bytes (RFC 8785). */
    public byte[] encode() {
        ObjectNode o = StrictJson.object();
        o.put("v", VERSION);
        o.put("kind", kind.wire());
        o.put("payload", Base64.getEncoder().encodeToString(payload));
        o.put("result", result);
        o.put("receivedAt", receivedAt.toString());
        return StrictJson.canonical(o);
    }

    /** SM3(0x00 || encode()). */
    public byte[] leafHash() {
        return LedgerHash.leaf(encode());
    }

    /** Strict inverse of {@link #encode()}: anything else is a {@link JsonFormatException}. */
    public static LedgerEntry decode(byte[] canonical) {
        ObjectNode o = StrictJson.parseCanonicalObject(canonical);
        StrictJson.requireMembers(o, "", MEMBERS, Set.of());
        if (!o.get("v").isInt() || o.get("v").intValue() != VERSION) {
            throw new JsonFormatException("v", "unsupported version");
        }
        return new LedgerEntry(EntryKind.fromWire(StrictJson.text(o, "kind")), StrictJson.base64(o, "payload"),
                StrictJson.text(o, "result"), StrictJson.instant(o, "receivedAt"));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LedgerEntry e && java.util.Arrays.equals(encode(), e.encode());
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(encode());
    }

    @Override
    public String toString() {
        return "LedgerEntry" + new String(encode(), StandardCharsets.UTF_8);
    }
}
