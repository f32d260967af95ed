package cn.yzt.ops.protocol.operation;

import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.node.ObjectNode;

import cn.yzt.ops.protocol.json.JsonFormatException;
import cn.yzt.ops.protocol.json.StrictJson;

/** The members both document kinds share: names, validation rules, reading and writing. */
final class DocumentFields {

    static final String V = "v";
    static final String PURPOSE = "purpose";
    static final String OPERATOR = "operator";
    static final String SIGNER_CERT_SM3 = "signerCertSm3";
    static final String NONCE = "nonce";
    static final String ISSUED_AT = "issuedAt";
    static final String SERVER_ID = "serverId";
    static final Set<String> COMMON = Set.of(V, PURPOSE, OPERATOR, SIGNER_CERT_SM3, NONCE, ISSUED_AT, SERVER_ID);

    static final int MIN_NONCE = 16;
    static final int MAX_NONCE = 64;
    private static final int MAX_NAME = 128;
    private static final Pattern URL_B64 = Pattern.compile("[A-Za-z0-9_-]+");

    private DocumentFields() {
    }

    /** The signed header, validated at construction. */
    record Header(String operator, byte[] signerCertSm3, byte[] nonce, Instant issuedAt, String serverId) {

        Header {
            operator = name(OPERATOR, operator);
            serverId = name(SERVER_ID, serverId);
            if (signerCertSm3 == null || signerCertSm3.length != 32) {
                throw new JsonFormatException(SIGNER_CERT_SM3, "must be the 32-byte SM3 of the signer certificate");
            }
            if (nonce == null || nonce.length < MIN_NONCE || nonce.length > MAX_NONCE) {
                throw new JsonFormatException(NONCE, "must be " + MIN_NONCE + ".." + MAX_NONCE + " bytes");
            }
            if (issuedAt == null) {
                throw new JsonFormatException(ISSUED_AT, "missing");
            }
            signerCertSm3 = signerCertSm3.clone();
            nonce = nonce.clone();
        }

        void write(ObjectNode o, String purpose) {
            o.put(V, SignedDocument.VERSION);
            o.put(PURPOSE, purpose);
            o.put(OPERATOR, operator);
            o.put(SIGNER_CERT_SM3, HexFormat.of().formatHex(signerCertSm3));
            o.put(NONCE, Base64.getUrlEncoder().withoutPadding().encodeToString(nonce));
            o.put(ISSUED_AT, issuedAt.toString());
            o.put(SERVER_ID, serverId);
        }

        static Header read(ObjectNode o) {
            if (!o.path(V).isInt() || o.get(V).intValue() != SignedDocument.VERSION) {
                throw new JsonFormatException(V, "unsupported version (expected " + SignedDocument.VERSION + ")");
            }
            String nonce = StrictJson.text(o, NONCE);
            if (!URL_B64.matcher(nonce).matches()) {
                throw new JsonFormatException(NONCE, "must be unpadded base64url");
            }
            byte[] nonceBytes;
            try {
                nonceBytes = Base64.getUrlDecoder().decode(nonce);
            } catch (IllegalArgumentException ex) {
                throw new JsonFormatException(NONCE, "must be unpadded base64url");
            }
            if (!Base64.getUrlEncoder().withoutPadding().encodeToString(nonceBytes).equals(nonce)) {
                throw new JsonFormatException(NONCE, "base64url not in canonical form");
            }
            return new Header(StrictJson.text(o, OPERATOR), StrictJson.hex(o, SIGNER_CERT_SM3, 32), nonceBytes,
                    StrictJson.instant(o, ISSUED_AT), StrictJson.text(o, SERVER_ID));
        }
    }

    /** Dotted lower-case words, e.g. "user.create", "map.layer-publish". */
    private static final Pattern TYPE_PATTERN = Pattern.compile("[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)*");

    /** An operation type: dotted lower-case words, at most 64 characters. */
    static String type(String member, String value) {
        if (value == null || value.length() > 64 || !TYPE_PATTERN.matcher(value).matches()) {
            throw new JsonFormatException(member, "must be dotted lower-case words, at most 64 characters");
        }
        return value;
    }

    static Set<String> with(Set<String> extra) {
        java.util.HashSet<String> s = new java.util.HashSet<>(COMMON);
        s.addAll(extra);
        return s;
    }

    /** A short printable identifier: non-blank, at most 128 chars, no control characters, no outer spaces. */
    static String name(String member, String value) {
        if (value == null || value.isBlank() || value.length() > MAX_NAME || !value.strip().equals(value)
                || value.chars().anyMatch(Character::isISOControl)) {
            throw new JsonFormatException(member, "must be 1.." + MAX_NAME + " printable characters without outer spaces");
        }
        return value;
    }
}
