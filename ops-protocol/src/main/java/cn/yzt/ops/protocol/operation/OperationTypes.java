package cn.yzt.ops.protocol.operation;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.Optional;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import cn.yzt.ops.protocol.crypto.Sm2;
import cn.yzt.ops.protocol.json.JsonFormatException;

/**
 * The catalogue of privileged operation types shared by the console and the server: each type's
 * name, its parameters (name, kind, required or optional) and a one-line Chinese and English
 * description template ("禁用用户 {username}") that the console's signing dialog fills in, so the
 * person sees in plain words what the document they sign does. The rules are strict because the
 * parameters are signed and kept in the ledger forever: an unknown or missing parameter is refused,
 * and so is an integer beyond ±2^53 (RFC 8785 writes numbers as IEEE doubles, so a larger one
 * would not mean what was signed). The server checks every document with {@link #validate} before
 * executing it.
 */
public final class OperationTypes {

    /** Largest integer magnitude that JSON (JCS, IEEE double) carries exactly. */
    public static final long MAX_SAFE_INTEGER = 1L << 53;
    /** At most this many items in a list parameter. */
    public static final int MAX_LIST = 16;

    public static final String USER_CREATE = "user.create";
    public static final String USER_DISABLE = "user.disable";
    public static final String USER_ENABLE = "user.enable";
    public static final String USER_UNLOCK = "user.unlock";
    public static final String USER_PASSWORD_RESET = "user.password.reset";
    public static final String USER_REVEAL = "user.reveal";
    public static final String CERT_BIND = "cert.bind";
    public static final String CERT_UNBIND = "cert.unbind";
    public static final String ROLE_GRANT = "role.grant";
    public static final String ROLE_REVOKE = "role.revoke";
    public static final String ROLE_PERMISSION_GRANT = "role.permission.grant";
    public static final String ROLE_PERMISSION_REVOKE = "role.permission.revoke";
    public static final String KEY_ROTATE = "key.rotate";
    public static final String AUDIT_EXPORT = "audit.export";
    public static final String SESSION_REVOKE = "session.revoke";
    public static final String POLICY_SET = "policy.set";
    public static final String MAP_LAYER_PUBLISH = "map.layer.publish";
    public static final String MAP_PARCEL_STATUS = "map.parcel.status";

    /** What a parameter holds. */
    public enum Kind {
        /** A string of printable characters (no control characters), 1..maxLength long. */
        TEXT,
        /** An integer in -2^53..2^53. */
        INTEGER,
        /** true or false. */
        BOOLEAN,
        /** An array of 0..{@value #MAX_LIST} TEXT values. */
        TEXT_LIST,
        /** Standard base64 of one DER X.509 certificate (described by subject and SM3 fingerprint). */
        CERTIFICATE,
        /**
         * Personal data: in the signed document a salted SM3 commitment ({@link PersonalData}, "sm3c:…"),
         * never the value; the opened value follows the TEXT rules with the parameter's maxLength.
         */
        PERSONAL
    }

    /** One parameter of a type. */
    public record Param(String name, Kind kind, boolean required, int maxLength) {
    }

    /**
     * One operation type. {@code policyQualifier} names the parameter whose value refines the
     * dual-control policy key ("role.grant:SECURITY_ADMIN"), or null.
     */
    public record Type(String name, List<Param> params, String policyQualifier) {

        public Optional<Param> param(String n) {
            return params.stream().filter(p -> p.name().equals(n)).findFirst();
        }
    }

    private static final Map<String, Type> TYPES = new LinkedHashMap<>();

    static {
        Param username = req("username", Kind.TEXT, 32);
        Param role = req("role", Kind.TEXT, 32);
        add(USER_CREATE, null, username, req("displayName", Kind.PERSONAL, 64), opt("idCard", Kind.PERSONAL, 18),
                opt("phone", Kind.PERSONAL, 20), opt("email", Kind.PERSONAL, 254), opt("certificate", Kind.CERTIFICATE, 8192),
                opt("roles", Kind.TEXT_LIST, 32));
        add(USER_DISABLE, null, username);
        add(USER_ENABLE, null, username);
        add(USER_UNLOCK, null, username);
        add(USER_PASSWORD_RESET, null, username);
        add(USER_REVEAL, null, username);
        add(CERT_BIND, null, username, req("certificate", Kind.CERTIFICATE, 8192));
        add(CERT_UNBIND, null, username, req("bindingId", Kind.INTEGER, 0));
        add(ROLE_GRANT, "role", username, role);
        add(ROLE_REVOKE, null, username, role);
        add(ROLE_PERMISSION_GRANT, null, role, req("permission", Kind.TEXT, 40));
        add(ROLE_PERMISSION_REVOKE, null, role, req("permission", Kind.TEXT, 40));
        add(KEY_ROTATE, null, req("purpose", Kind.TEXT, 32));
        add(AUDIT_EXPORT, null, opt("username", Kind.TEXT, 32), opt("eventType", Kind.TEXT, 40),
                opt("from", Kind.TEXT, 40), opt("to", Kind.TEXT, 40), req("limit", Kind.INTEGER, 0));
        add(SESSION_REVOKE, null, req("sessionId", Kind.TEXT, 16));
        add(POLICY_SET, null, req("type", Kind.TEXT, 100), req("dualControl", Kind.BOOLEAN, 0));
        add(MAP_LAYER_PUBLISH, null, req("layerId", Kind.TEXT, 40));
        add(MAP_PARCEL_STATUS, null, req("code", Kind.TEXT, 64), req("from", Kind.TEXT, 32), req("to", Kind.TEXT, 32));
    }

    private OperationTypes() {
    }

    private static Param req(String name, Kind kind, int maxLength) {
        return new Param(name, kind, true, maxLength);
    }

    private static Param opt(String name, Kind kind, int maxLength) {
        return new Param(name, kind, false, maxLength);
    }

    private static void add(String name, String qualifier, Param... params) {
        TYPES.put(name, new Type(name, List.of(params), qualifier));
    }

    public static Optional<Type> find(String name) {
        return Optional.ofNullable(TYPES.get(name));
    }

    /** Every type, in catalogue order. */
    public static Collection<Type> all() {
        return List.copyOf(TYPES.values());
    }

    /**
     * Checks PARAMETERS against TYPE's rules; a {@link JsonFormatException} naming the member
     * ("parameters.bindingId") for the first problem: unknown type, unknown or missing parameter,
     * wrong kind, integer beyond ±2^53, text too long or with control characters, bad certificate.
     */
    public static void validate(String type, ObjectNode parameters) {
        validate(type, parameters, false);
    }

    /**
     * As {@link #validate}, for the parameters with PERSONAL values in plain (before they are committed,
     * or once opened): those follow the TEXT rules with their maxLength.
     */
    public static void validatePlain(String type, ObjectNode parameters) {
        validate(type, parameters, true);
    }

    private static void validate(String type, ObjectNode parameters, boolean plain) {
        Type t = find(type).orElseThrow(() -> new JsonFormatException("type", "unknown operation type"));
        if (parameters == null) {
            throw new JsonFormatException("parameters", "must be an object");
        }
        Set<String> seen = new TreeSet<>();
        for (Iterator<String> it = parameters.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            Param p = t.param(name).orElseThrow(() -> new JsonFormatException("parameters." + name, "unknown parameter"));
            check(p, parameters.get(name), plain);
            seen.add(name);
        }
        for (Param p : t.params()) {
            if (p.required() && !seen.contains(p.name())) {
                throw new JsonFormatException("parameters." + p.name(), "missing");
            }
        }
    }

    private static void check(Param p, JsonNode v, boolean plain) {
        String member = "parameters." + p.name();
        switch (p.kind()) {
            case PERSONAL -> {
                if (plain) {
                    text(member, v, p.maxLength());
                } else if (v == null || !v.isTextual() || !PersonalData.isCommitment(v.textValue())) {
                    throw new JsonFormatException(member, "must be a personal-data commitment (sm3c:...)");
                }
            }
            case TEXT -> text(member, v, p.maxLength());
            case INTEGER -> {
                if (v == null || !v.isIntegralNumber() || !v.canConvertToLong()
                        || Math.abs(v.longValue()) > MAX_SAFE_INTEGER) {
                    throw new JsonFormatException(member, "must be an integer in -2^53..2^53");
                }
            }
            case BOOLEAN -> {
                if (v == null || !v.isBoolean()) {
                    throw new JsonFormatException(member, "must be true or false");
                }
            }
            case TEXT_LIST -> {
                if (v == null || !v.isArray() || v.size() > MAX_LIST) {
                    throw new JsonFormatException(member, "must be an array of at most " + MAX_LIST + " strings");
                }
                for (JsonNode item : v) {
                    text(member, item, p.maxLength());
                }
            }
            case CERTIFICATE -> {
                text(member, v, p.maxLength());
                certificate(member, v.textValue());
            }
            default -> throw new IllegalStateException(p.kind().name());
        }
    }

    private static void text(String member, JsonNode v, int max) {
        if (v == null || !v.isTextual()) {
            throw new JsonFormatException(member, "must be a string");
        }
        String s = v.textValue();
        if (s.isEmpty() || s.length() > max || s.chars().anyMatch(Character::isISOControl)) {
            throw new JsonFormatException(member, "must be 1.." + max + " characters without control characters");
        }
    }

    /** The certificate in a CERTIFICATE parameter (standard base64 of DER). */
    public static X509Certificate certificate(String member, String base64) {
        try {
            byte[] der = Base64.getDecoder().decode(base64);
            X509Certificate c = BcHolder.certificate(der);
            if (!java.util.Arrays.equals(c.getEncoded(), der)) {
                throw new JsonFormatException(member, "must be exactly one DER certificate");
            }
            return c;
        } catch (IllegalArgumentException | java.security.GeneralSecurityException | ClassCastException ex) {
            if (ex instanceof JsonFormatException j) {
                throw j;
            }
            throw new JsonFormatException(member, "must be base64 of a DER X.509 certificate");
        }
    }

    /**
     * The dual-control policy keys (op_policy.type) an operation is looked up by: its type, type:qualifier
     * when the type has one ("role.grant:KEY_ADMIN"), and for user.create with roles the role.grant
     * keys of each role. Dual control applies when any of them is marked.
     */
    public static List<String> policyKeys(String type, ObjectNode parameters) {
        List<String> keys = new ArrayList<>();
        keys.add(type);
        find(type).map(Type::policyQualifier).ifPresent(q -> {
            JsonNode v = parameters == null ? null : parameters.get(q);
            if (v != null && v.isTextual()) {
                keys.add(type + ":" + v.textValue());
            }
        });
        // an account created with roles is granted them: the role.grant policy applies to each
        JsonNode roles = USER_CREATE.equals(type) && parameters != null ? parameters.get("roles") : null;
        if (roles != null && roles.isArray() && !roles.isEmpty()) {
            keys.add(ROLE_GRANT);
            roles.forEach(r -> keys.add(ROLE_GRANT + ":" + r.asText()));
        }
        return keys;
    }

    /**
     * The one-line description of an operation in LOCALE (Chinese unless English is asked for),
     * e.g. "禁用用户 bob". Parameters are inserted as given (certificates as subject and SM3
     * fingerprint, lists joined); an absent optional parameter reads "无"/"none". An unknown type
     * is described by its name and canonical parameters, so nothing is ever hidden from the signer.
     */
    public static String describe(String type, ObjectNode parameters, Locale locale) {
        return describe(type, parameters, Map.of(), locale);
    }

    /**
     * As above, with the OPENINGS of the document's PERSONAL parameters: a value is shown in plain only
     * when its opening verifies against the signed commitment; without one it reads "（已加密承诺）", with
     * one that does not verify "（承诺不符）".
     */
    public static String describe(String type, ObjectNode parameters, Map<String, PersonalData.Opening> openings,
            Locale locale) {
        ResourceBundle b = bundle(locale);
        String template;
        try {
            template = b.getString(type);
        } catch (MissingResourceException ex) {
            return type + " " + parameters;
        }
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            int open = template.indexOf('{', i);
            int close = open < 0 ? -1 : template.indexOf('}', open);
            if (open < 0 || close < 0) {
                out.append(template, i, template.length());
                break;
            }
            out.append(template, i, open);
            out.append(value(type, template.substring(open + 1, close), parameters, openings, b));
            i = close + 1;
        }
        return out.toString();
    }

    private static String value(String type, String name, ObjectNode parameters,
            Map<String, PersonalData.Opening> openings, ResourceBundle b) {
        JsonNode v = parameters == null ? null : parameters.get(name);
        if (v == null || v.isNull()) {
            return b.getString("value.none");
        }
        Kind kind = find(type).flatMap(t -> t.param(name)).map(Param::kind).orElse(Kind.TEXT);
        if (kind == Kind.PERSONAL && v.isTextual() && PersonalData.isCommitment(v.textValue())) {
            PersonalData.Opening o = openings == null ? null : openings.get(name);
            if (o == null) {
                return b.getString("value.committed");
            }
            return PersonalData.verify(name, v.textValue(), o) ? o.value() : b.getString("value.commitmentMismatch");
        }
        if (kind == Kind.CERTIFICATE && v.isTextual()) {
            try {
                X509Certificate c = certificate(name, v.textValue());
                return c.getSubjectX500Principal().getName() + " (SM3 "
                        + HexFormat.of().formatHex(Sm2.sm3(c.getEncoded()), 0, 8) + "…)";
            } catch (RuntimeException | java.security.cert.CertificateEncodingException ex) {
                return b.getString("value.badCertificate");
            }
        }
        if (v.isBoolean()) {
            return b.getString(v.booleanValue() ? "value.true" : "value.false");
        }
        if (v.isArray()) {
            if (v.isEmpty()) {
                return b.getString("value.none");
            }
            List<String> items = new ArrayList<>();
            v.forEach(x -> items.add(x.isTextual() ? x.textValue() : x.toString()));
            return String.join(b.getString("value.separator"), items);
        }
        return v.isTextual() ? v.textValue() : v.toString();
    }

    private static ResourceBundle bundle(Locale locale) {
        Locale l = locale != null && "en".equals(locale.getLanguage()) ? Locale.ENGLISH : Locale.SIMPLIFIED_CHINESE;
        return ResourceBundle.getBundle("cn.yzt.ops.protocol.operation.types", l,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }
}
