package cn.yzt.ops.protocol.json;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Strict reading and canonical writing of the signed/ledger JSON formats: input must already be
 * RFC 8785 canonical (so the bytes hashed are the bytes meant), duplicate keys and trailing data
 * are refused, each object must have exactly the expected members. Errors are
 * {@link JsonFormatException} naming the member.
 */
public final class StrictJson {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private StrictJson() {
    }

    /** A new empty object node for building documents. */
    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** RFC 8785 bytes of a node. */
    public static byte[] canonical(JsonNode node) {
        try {
            return Jcs.canonicalize(MAPPER.writeValueAsString(node));
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("cannot serialize JSON", ex);
        }
    }

    /** Parses any JSON text leniently about form (not required canonical) but strictly about duplicates. */
    public static JsonNode parse(String text) {
        try {
            JsonNode n = MAPPER.readTree(text);
            if (n == null || n.isMissingNode()) {
                throw new JsonFormatException("", "empty input");
            }
            return n;
        } catch (JsonProcessingException ex) {
            throw new JsonFormatException("", "not valid JSON: " + ex.getOriginalMessage());
        }
    }

    /** Parses UTF-8 bytes that must be a canonical JSON object. */
    public static ObjectNode parseCanonicalObject(byte[] utf8) {
        String text = new String(utf8, StandardCharsets.UTF_8);
        if (!java.util.Arrays.equals(text.getBytes(StandardCharsets.UTF_8), utf8)) {
            throw new JsonFormatException("", "not valid UTF-8");
        }
        JsonNode n = parse(text);
        if (!n.isObject()) {
            throw new JsonFormatException("", "not a JSON object");
        }
        if (!Jcs.isCanonical(utf8)) {
            throw new JsonFormatException("", "not in RFC 8785 canonical form");
        }
        return (ObjectNode) n;
    }

    /** Requires exactly these member names (required ones present, nothing unknown). */
    public static void requireMembers(ObjectNode o, String context, Set<String> required, Set<String> optional) {
        Set<String> seen = new TreeSet<>();
        for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!required.contains(name) && !optional.contains(name)) {
                throw new JsonFormatException(context + name, "unknown member");
            }
            seen.add(name);
        }
        for (String r : new TreeSet<>(required)) {
            if (!seen.contains(r)) {
                throw new JsonFormatException(context + r, "missing");
            }
        }
    }

    public static String text(ObjectNode o, String name) {
        JsonNode n = o.get(name);
        if (n == null || !n.isTextual()) {
            throw new JsonFormatException(name, "must be a string");
        }
        return n.textValue();
    }

    public static ObjectNode objectMember(ObjectNode o, String name) {
        JsonNode n = o.get(name);
        if (n == null || !n.isObject()) {
            throw new JsonFormatException(name, "must be an object");
        }
        return (ObjectNode) n;
    }

    /** A non-negative integer that JSON numbers (IEEE doubles in JCS) carry exactly: at most 2^53. */
    public static long nonNegativeLong(ObjectNode o, String name) {
        JsonNode n = o.get(name);
        if (n == null || !n.isIntegralNumber() || !n.canConvertToLong() || n.longValue() < 0
                || n.longValue() > (1L << 53)) {
            throw new JsonFormatException(name, "must be an integer in 0..2^53");
        }
        return n.longValue();
    }

    /** Lower-case hex of exactly {@code bytes} bytes. */
    public static byte[] hex(ObjectNode o, String name, int bytes) {
        String s = text(o, name);
        if (s.length() != 2 * bytes || !s.matches("[0-9a-f]*")) {
            throw new JsonFormatException(name, "must be " + 2 * bytes + " lower-case hex digits");
        }
        return HexFormat.of().parseHex(s);
    }

    /** Standard base64 with padding, canonical (re-encoding gives the same text). */
    public static byte[] base64(ObjectNode o, String name) {
        return base64(text(o, name), name);
    }

    public static byte[] base64(String s, String name) {
        try {
            byte[] b = Base64.getDecoder().decode(s);
            if (!Base64.getEncoder().encodeToString(b).equals(s)) {
                throw new JsonFormatException(name, "base64 not in canonical form");
            }
            return b;
        } catch (IllegalArgumentException ex) {
            if (ex instanceof JsonFormatException j) {
                throw j;
            }
            throw new JsonFormatException(name, "not base64");
        }
    }

    /** ISO-8601 UTC instant in java.time's canonical form ("2026-11-27T10:00:00Z", optional fraction). */
    public static Instant instant(ObjectNode o, String name) {
        String s = text(o, name);
        try {
            Instant t = Instant.parse(s);
            if (!t.toString().equals(s)) {
                throw new JsonFormatException(name, "instant not in canonical form (expected " + t + ")");
            }
            return t;
        } catch (DateTimeParseException ex) {
            throw new JsonFormatException(name, "not an ISO-8601 UTC instant");
        }
    }
}
