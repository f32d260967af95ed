package cn.yzt.ops.protocol.evidence;

import java.nio.charset.StandardCharsets;
import java.security.cert.CRLException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import cn.yzt.ops.protocol.json.JsonFormatException;
import cn.yzt.ops.protocol.json.StrictJson;
import cn.yzt.ops.protocol.ledger.Receipt;

/**
 * Everything needed to re-check one ledger entry offline, in one RFC 8785 canonical JSON file:
 * <pre>{"certificates":["base64 DER",...],"crls":["base64 DER",...],"entry":"base64 ledger entry bytes",
 *  "format":"yzt-ops-evidence","receipt":{...},"related":[...optional...],"v":1}</pre>
 * The entry holds the CMS; the receipt holds leaf hash, signed tree head and inclusion proof;
 * certificates are the CA chain above the signer (the signer's own is in the CMS) and crls the
 * revocation lists the server used. JSON rather than a zip: one text a person can read, one
 * parser already trusted for the other formats, no archive ambiguities (duplicate names, paths).
 * The entry is kept as its exact bytes (base64), because its leaf hash covers those bytes.
 */
public final class EvidenceBundle {

    public static final String FORMAT = "yzt-ops-evidence";
    private static final Set<String> MEMBERS = Set.of("v", "format", "entry", "receipt", "certificates", "crls");
    private static final int MAX_ITEMS = 16;
    private static final int MAX_RELATED = 4;

    /**
     * Another ledger entry the main one depends on, with its own receipt: for dual control, the
     * request of an approval or the approvals of a request ({@code "related":[{"entry":..,"receipt":..}]},
     * the member is absent when there are none).
     */
    public record Related(byte[] entry, Receipt receipt) {
        public Related {
            if (entry == null || entry.length == 0 || receipt == null) {
                throw new JsonFormatException("related", "entry and receipt are required");
            }
            entry = entry.clone();
        }

        @Override
        public byte[] entry() {
            return entry.clone();
        }
    }

    private final byte[] entry;
    private final Receipt receipt;
    private final List<byte[]> certificates;
    private final List<byte[]> crls;
    private final List<Related> related;

    private EvidenceBundle(byte[] entry, Receipt receipt, List<byte[]> certificates, List<byte[]> crls,
            List<Related> related) {
        if (entry == null || entry.length == 0) {
            throw new JsonFormatException("entry", "missing");
        }
        if (receipt == null) {
            throw new JsonFormatException("receipt", "missing");
        }
        if (certificates.size() > MAX_ITEMS || crls.size() > MAX_ITEMS) {
            throw new JsonFormatException("certificates", "at most " + MAX_ITEMS + " certificates and CRLs");
        }
        this.entry = entry.clone();
        this.receipt = receipt;
        this.certificates = copy(certificates);
        this.crls = copy(crls);
        if (related.size() > MAX_RELATED) {
            throw new JsonFormatException("related", "at most " + MAX_RELATED + " related entries");
        }
        this.related = List.copyOf(related);
    }

    /** Related entries (dual control), possibly none. */
    public List<Related> related() {
        return related;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The exact ledger entry bytes. */
    public byte[] entry() {
        return entry.clone();
    }

    public Receipt receipt() {
        return receipt;
    }

    /** DER certificates (CA chain). */
    public List<byte[]> certificates() {
        return copy(certificates);
    }

    /** DER CRLs. */
    public List<byte[]> crls() {
        return copy(crls);
    }

    public byte[] encode() {
        ObjectNode o = StrictJson.object();
        o.put("v", 1);
        o.put("format", FORMAT);
        o.put("entry", Base64.getEncoder().encodeToString(entry));
        o.set("receipt", receipt.toJsonNode());
        ArrayNode c = o.putArray("certificates");
        certificates.forEach(b -> c.add(Base64.getEncoder().encodeToString(b)));
        ArrayNode r = o.putArray("crls");
        crls.forEach(b -> r.add(Base64.getEncoder().encodeToString(b)));
        if (!related.isEmpty()) {
            ArrayNode rel = o.putArray("related");
            for (Related x : related) {
                ObjectNode item = rel.addObject();
                item.put("entry", Base64.getEncoder().encodeToString(x.entry()));
                item.set("receipt", x.receipt().toJsonNode());
            }
        }
        return StrictJson.canonical(o);
    }

    /** Strict parse; {@link JsonFormatException} names the first bad member. */
    public static EvidenceBundle decode(byte[] canonical) {
        ObjectNode o = StrictJson.parseCanonicalObject(canonical);
        StrictJson.requireMembers(o, "", MEMBERS, Set.of("related"));
        if (!FORMAT.equals(StrictJson.text(o, "format"))) {
            throw new JsonFormatException("format", "must be " + FORMAT);
        }
        if (!o.get("v").isInt() || o.get("v").intValue() != 1) {
            throw new JsonFormatException("v", "unsupported version");
        }
        return new EvidenceBundle(StrictJson.base64(o, "entry"), Receipt.fromJson(StrictJson.objectMember(o, "receipt")),
                binaries(o, "certificates"), binaries(o, "crls"), related(o));
    }

    private static List<Related> related(ObjectNode o) {
        JsonNode a = o.get("related");
        if (a == null) {
            return List.of();
        }
        if (!a.isArray() || a.isEmpty() || a.size() > MAX_RELATED) {
            throw new JsonFormatException("related", "must be a non-empty array of at most " + MAX_RELATED + " items");
        }
        List<Related> out = new ArrayList<>();
        for (JsonNode n : a) {
            if (!n.isObject()) {
                throw new JsonFormatException("related", "must hold objects");
            }
            ObjectNode item = (ObjectNode) n;
            StrictJson.requireMembers(item, "related.", Set.of("entry", "receipt"), Set.of());
            out.add(new Related(StrictJson.base64(item, "entry"), Receipt.fromJson(StrictJson.objectMember(item, "receipt"))));
        }
        return out;
    }

    private static List<byte[]> binaries(ObjectNode o, String name) {
        JsonNode a = o.get(name);
        if (!a.isArray() || a.size() > MAX_ITEMS) {
            throw new JsonFormatException(name, "must be an array of at most " + MAX_ITEMS + " base64 strings");
        }
        List<byte[]> out = new ArrayList<>();
        for (JsonNode n : a) {
            if (!n.isTextual()) {
                throw new JsonFormatException(name, "must hold base64 strings");
            }
            out.add(StrictJson.base64(n.textValue(), name));
        }
        return out;
    }

    private static List<byte[]> copy(List<byte[]> in) {
        List<byte[]> out = new ArrayList<>();
        in.forEach(b -> out.add(b.clone()));
        return out;
    }

    @Override
    public String toString() {
        return new String(encode(), StandardCharsets.UTF_8);
    }

    /** Collects the parts; the server fills it from its ledger row, receipt and trust store. */
    public static final class Builder {
        private byte[] entry;
        private Receipt receipt;
        private final List<byte[]> certificates = new ArrayList<>();
        private final List<byte[]> crls = new ArrayList<>();
        private final List<Related> related = new ArrayList<>();

        private Builder() {
        }

        /** A related ledger entry with its receipt (dual control: request or approval). */
        public Builder addRelated(byte[] entryBytes, Receipt entryReceipt) {
            related.add(new Related(entryBytes, entryReceipt));
            return this;
        }

        public Builder entry(byte[] value) {
            this.entry = value;
            return this;
        }

        public Builder receipt(Receipt value) {
            this.receipt = value;
            return this;
        }

        public Builder addCertificate(X509Certificate value) {
            try {
                certificates.add(value.getEncoded());
            } catch (CertificateEncodingException ex) {
                throw new IllegalArgumentException("cannot encode certificate", ex);
            }
            return this;
        }

        public Builder addCrl(X509CRL value) {
            try {
                crls.add(value.getEncoded());
            } catch (CRLException ex) {
                throw new IllegalArgumentException("cannot encode CRL", ex);
            }
            return this;
        }

        public EvidenceBundle build() {
            return new EvidenceBundle(entry, receipt, certificates, crls, related);
        }
    }
}
