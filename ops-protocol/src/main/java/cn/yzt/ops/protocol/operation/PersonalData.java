package cn.yzt.ops.protocol.operation;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import cn.yzt.ops.protocol.crypto.Sm2;
import cn.yzt.ops.protocol.json.JsonFormatException;
import cn.yzt.ops.protocol.json.StrictJson;

/**
 * Salted SM3 commitments to personal data (PERSONAL parameters, e.g. user.create's idCard): the
 * signed document, kept in the append-only ledger forever, carries only
 * {@code "sm3c:" + base64url(SM3("yzt-ops/personal/v1" 0x00 field 0x00 salt value))}; the opening
 * (salt, value) travels beside the CMS and is kept sealed outside the ledger, so the data can be
 * erased while the signer's statement stays provable. The 16-byte random salt makes the commitment
 * hiding (an 18-digit ID number or a phone number cannot be found by trying them all), SM3 makes it
 * binding, and the field name in the input stops a commitment from being replayed as another field.
 */
public final class PersonalData {

    /** What every commitment string starts with. */
    public static final String PREFIX = "sm3c:";
    /** Salt length in bytes. */
    public static final int SALT_BYTES = 16;
    private static final byte[] DOMAIN = "yzt-ops/personal/v1".getBytes(StandardCharsets.US_ASCII);
    private static final int COMMITMENT_LENGTH = PREFIX.length() + 43; // base64url of 32 bytes, no padding
    private static final SecureRandom RANDOM = new SecureRandom();

    private PersonalData() {
    }

    /** The secret half of a commitment: the salt and the plain value. */
    public record Opening(byte[] salt, String value) {

        public Opening {
            Objects.requireNonNull(value, "value");
            if (salt == null || salt.length != SALT_BYTES) {
                throw new IllegalArgumentException("salt must be " + SALT_BYTES + " bytes");
            }
            salt = salt.clone();
        }

        @Override
        public byte[] salt() {
            return salt.clone();
        }

        /** A fresh random salt for VALUE. */
        public static Opening fresh(String value) {
            byte[] salt = new byte[SALT_BYTES];
            RANDOM.nextBytes(salt);
            return new Opening(salt, value);
        }

        /** {"salt": base64url, "value": ...} */
        public ObjectNode toJson() {
            ObjectNode o = StrictJson.object();
            o.put("salt", Base64.getUrlEncoder().withoutPadding().encodeToString(salt));
            o.put("value", value);
            return o;
        }

        /** Parses {"salt","value"} strictly (exactly these two string members, a 16-byte salt). */
        public static Opening fromJson(String member, JsonNode n) {
            if (n == null || !n.isObject() || n.size() != 2 || !n.path("salt").isTextual() || !n.path("value").isTextual()) {
                throw new JsonFormatException(member, "must be {\"salt\": base64url, \"value\": string}");
            }
            try {
                byte[] salt = Base64.getUrlDecoder().decode(n.get("salt").textValue());
                return new Opening(salt, n.get("value").textValue());
            } catch (IllegalArgumentException ex) {
                throw new JsonFormatException(member + ".salt", "must be base64url of " + SALT_BYTES + " bytes");
            }
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Opening x && MessageDigest.isEqual(salt, x.salt) && value.equals(x.value);
        }

        @Override
        public int hashCode() {
            return value.hashCode();
        }

        /** Never prints the value (personal data must not reach logs). */
        @Override
        public String toString() {
            return "Opening[***]";
        }
    }

    /** Parameters with their PERSONAL values replaced by commitments, and the openings by field name. */
    public record Committed(ObjectNode parameters, Map<String, Opening> openings) {

        public Committed {
            parameters = parameters.deepCopy();
            openings = java.util.Collections.unmodifiableMap(new TreeMap<>(openings));
        }

        @Override
        public ObjectNode parameters() {
            return parameters.deepCopy();
        }

        /** The openings as the wire carries them: {"field": {"salt","value"}, ...}. */
        public ObjectNode openingsJson() {
            return PersonalData.toJson(openings);
        }
    }

    /** The commitment to OPENING as FIELD. */
    public static String commit(String field, Opening opening) {
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(digest(field, opening));
    }

    private static byte[] digest(String field, Opening o) {
        byte[] f = field.getBytes(StandardCharsets.UTF_8);
        byte[] v = o.value().getBytes(StandardCharsets.UTF_8);
        byte[] salt = o.salt();
        byte[] in = new byte[DOMAIN.length + 1 + f.length + 1 + salt.length + v.length];
        int i = 0;
        System.arraycopy(DOMAIN, 0, in, i, DOMAIN.length);
        i += DOMAIN.length + 1; // 0x00
        System.arraycopy(f, 0, in, i, f.length);
        i += f.length + 1; // 0x00
        System.arraycopy(salt, 0, in, i, salt.length);
        i += salt.length;
        System.arraycopy(v, 0, in, i, v.length);
        return Sm2.sm3(in);
    }

    /** Whether S has the form of a commitment ("sm3c:" and 43 base64url characters of 32 bytes). */
    public static boolean isCommitment(String s) {
        return s != null && s.length() == COMMITMENT_LENGTH && s.startsWith(PREFIX) && decoded(s) != null;
    }

    private static byte[] decoded(String commitment) {
        try {
            byte[] d = Base64.getUrlDecoder().decode(commitment.substring(PREFIX.length()));
            return d.length == 32 ? d : null;
        } catch (IllegalArgumentException ex) {
            return null;
        }
    }

    /** Whether OPENING opens COMMITMENT for FIELD (constant-time comparison of the digests). */
    public static boolean verify(String field, String commitment, Opening opening) {
        if (field == null || opening == null || !isCommitment(commitment)) {
            return false;
        }
        return MessageDigest.isEqual(decoded(commitment), digest(field, opening));
    }

    /**
     * Commits every PERSONAL parameter of TYPE present in PLAIN (a fresh salt each); other parameters
     * are copied unchanged. A type without PERSONAL parameters comes back as it was, with no openings.
     */
    public static Committed commitAll(String type, ObjectNode plain) {
        ObjectNode out = plain.deepCopy();
        Map<String, Opening> openings = new TreeMap<>();
        OperationTypes.find(type).ifPresent(t -> t.params().stream()
                .filter(p -> p.kind() == OperationTypes.Kind.PERSONAL && plain.path(p.name()).isTextual())
                .forEach(p -> {
                    Opening o = Opening.fresh(plain.get(p.name()).textValue());
                    openings.put(p.name(), o);
                    out.put(p.name(), commit(p.name(), o));
                }));
        return new Committed(out, openings);
    }

    /**
     * The parameters with each PERSONAL commitment replaced by its opened value. Every PERSONAL
     * parameter present needs an opening that verifies, and there may be no other opening; a
     * {@link Mismatch} names the first field that fails.
     */
    public static ObjectNode opened(String type, ObjectNode committed, Map<String, Opening> openings) {
        ObjectNode out = committed.deepCopy();
        Map<String, Opening> left = new TreeMap<>(openings == null ? Map.of() : openings);
        OperationTypes.Type t = OperationTypes.find(type).orElse(null);
        if (t != null) {
            for (OperationTypes.Param p : t.params()) {
                if (p.kind() != OperationTypes.Kind.PERSONAL || !committed.has(p.name())) {
                    continue;
                }
                Opening o = left.remove(p.name());
                if (o == null || !verify(p.name(), committed.path(p.name()).asText(null), o)) {
                    throw new Mismatch(p.name());
                }
                out.put(p.name(), o.value());
            }
        }
        if (!left.isEmpty()) {
            throw new Mismatch(left.keySet().iterator().next());
        }
        return out;
    }

    /** Parses the wire form {"field": {"salt","value"}, ...} (null or absent = none). */
    public static Map<String, Opening> fromJson(JsonNode n) {
        Map<String, Opening> out = new TreeMap<>();
        if (n == null || n.isNull()) {
            return out;
        }
        if (!n.isObject()) {
            throw new JsonFormatException("personal", "must be an object");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), Opening.fromJson("personal." + e.getKey(), e.getValue()));
        }
        return out;
    }

    /** The wire form of OPENINGS. */
    public static ObjectNode toJson(Map<String, Opening> openings) {
        ObjectNode o = StrictJson.object();
        new TreeMap<>(openings).forEach((k, v) -> o.set(k, v.toJson()));
        return o;
    }

    /** An opening is missing, does not verify, or is not asked for; carries the field name only. */
    public static final class Mismatch extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String field;

        public Mismatch(String field) {
            super("personal data opening does not match: " + field);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }
}
