package cn.yzt.ops.server.ledger;

import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import cn.yzt.ops.protocol.json.JsonFormatException;
import cn.yzt.ops.protocol.json.StrictJson;

/**
 * Payloads of the ledger entries that are not signed operations (RFC 8785 canonical JSON, so the
 * leaf hash covers exactly these bytes):
 * <ul>
 * <li>login: {@code {"certificate":"b64 DER","purpose":"login","signature":"b64 DER SM3withSM2",
 * "statement":"b64 canonical login statement","username":..}}. The statement holds the server's
 * challenge nonce, server id and TLCP certificate fingerprint, signed on the person's UKEY: with the
 * certificate anyone can re-check later that this key holder logged in to this server.</li>
 * <li>admin event: {@code {"actor":..,"details":{..},"purpose":"admin-event","type":..}}.</li>
 * </ul>
 */
public final class LedgerPayloads {

    private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9_.-]{0,63}");
    private static final int MAX_DETAILS = 8192;

    private LedgerPayloads() {
    }

    /** The non-repudiable record of a successful UKEY login. */
    public static byte[] login(String username, byte[] statement, byte[] signature, X509Certificate signer) {
        ObjectNode o = StrictJson.object();
        o.put("purpose", "login");
        o.put("username", username);
        o.put("statement", Base64.getEncoder().encodeToString(statement));
        o.put("signature", Base64.getEncoder().encodeToString(signature));
        try {
            o.put("certificate", Base64.getEncoder().encodeToString(signer.getEncoded()));
        } catch (CertificateEncodingException ex) {
            throw new IllegalArgumentException("signer certificate cannot be encoded", ex);
        }
        return StrictJson.canonical(o);
    }

    /** An administrative event; {@code details} must be a JSON object (may be null = empty). */
    public static byte[] adminEvent(String type, String actor, JsonNode details) {
        if (type == null || !TYPE.matcher(type).matches()) {
            throw new IllegalArgumentException("admin event type must match " + TYPE);
        }
        if (details != null && !details.isObject()) {
            throw new IllegalArgumentException("admin event details must be a JSON object");
        }
        ObjectNode o = StrictJson.object();
        o.put("purpose", "admin-event");
        o.put("type", type);
        o.put("actor", actor == null || actor.isBlank() ? "system" : actor);
        o.set("details", details == null ? StrictJson.object() : details.deepCopy());
        byte[] out = StrictJson.canonical(o);
        if (out.length > MAX_DETAILS) {
            throw new IllegalArgumentException("admin event larger than " + MAX_DETAILS + " bytes");
        }
        return out;
    }

    /** The parsed payload of a login or admin-event entry (for the evidence export's access check). */
    static ObjectNode parse(byte[] payload) {
        ObjectNode o = StrictJson.parseCanonicalObject(payload);
        if (!o.path("purpose").isTextual()) {
            throw new JsonFormatException("purpose", "missing");
        }
        return o;
    }

    /** Who a login entry is about (null for other payloads). */
    static String loginUsername(byte[] payload) {
        ObjectNode o = parse(payload);
        StrictJson.requireMembers(o, "login.", Set.of("purpose", "username", "statement", "signature", "certificate"),
                Set.of());
        return "login".equals(o.get("purpose").asText()) ? StrictJson.text(o, "username") : null;
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
