package cn.yzt.ops.protocol.operation;

import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ObjectNode;

import cn.yzt.ops.protocol.json.JsonFormatException;
import cn.yzt.ops.protocol.json.StrictJson;

/**
 * The second person's signed decision on a dual-control request, naming the request by its ledger
 * leaf hash (which covers the request's CMS, so the approver signs exactly that request):
 * <pre>{"decision":"approve","issuedAt":"...Z","nonce":"base64url","operator":"bob","purpose":"approval",
 *  "requestLeafHash":"64 hex","requestType":"role.grant","serverId":"yzt-ops-1","signerCertSm3":"64 hex","v":1}</pre>
 */
public final class ApprovalDocument implements SignedDocument {

    public static final String PURPOSE = "approval";
    static final String DECISION = "decision";
    static final String REQUEST_LEAF_HASH = "requestLeafHash";
    static final String REQUEST_TYPE = "requestType";

    /** What the approver decided. */
    public enum Decision {
        APPROVE, REJECT;

        String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Decision fromWire(String s) {
            for (Decision d : values()) {
                if (d.wire().equals(s)) {
                    return d;
                }
            }
            throw new JsonFormatException(DECISION, "must be \"approve\" or \"reject\"");
        }
    }

    private final Decision decision;
    private final byte[] requestLeafHash;
    private final String requestType;
    private final DocumentFields.Header header;
    private final byte[] canonical;

    private ApprovalDocument(Decision decision, byte[] requestLeafHash, String requestType,
            DocumentFields.Header header) {
        if (decision == null) {
            throw new JsonFormatException(DECISION, "missing");
        }
        if (requestLeafHash == null || requestLeafHash.length != 32) {
            throw new JsonFormatException(REQUEST_LEAF_HASH, "must be the 32-byte ledger leaf hash of the request");
        }
        // The request's type is repeated so the approver's screen and signature say what is approved.
        this.requestType = DocumentFields.type(REQUEST_TYPE, requestType);
        this.decision = decision;
        this.requestLeafHash = requestLeafHash.clone();
        this.header = header;
        ObjectNode o = StrictJson.object();
        header.write(o, PURPOSE);
        o.put(DECISION, decision.wire());
        o.put(REQUEST_LEAF_HASH, HexFormat.of().formatHex(requestLeafHash));
        o.put(REQUEST_TYPE, requestType);
        this.canonical = StrictJson.canonical(o);
    }

    static ApprovalDocument read(ObjectNode o) {
        StrictJson.requireMembers(o, "",
                DocumentFields.with(Set.of(DECISION, REQUEST_LEAF_HASH, REQUEST_TYPE)),
                Set.of());
        return new ApprovalDocument(Decision.fromWire(StrictJson.text(o, DECISION)),
                StrictJson.hex(o, REQUEST_LEAF_HASH, 32), StrictJson.text(o, REQUEST_TYPE),
                DocumentFields.Header.read(o));
    }

    public static Builder builder() {
        return new Builder();
    }

    public Decision decision() {
        return decision;
    }

    public byte[] requestLeafHash() {
        return requestLeafHash.clone();
    }

    public String requestType() {
        return requestType;
    }

    /** Whether this approval names exactly the request with that leaf hash (constant time). */
    public boolean names(byte[] leafHash) {
        return leafHash != null && MessageDigest.isEqual(requestLeafHash, leafHash);
    }

    @Override
    public String purpose() {
        return PURPOSE;
    }

    @Override
    public String operator() {
        return header.operator();
    }

    @Override
    public byte[] signerCertSm3() {
        return header.signerCertSm3();
    }

    @Override
    public byte[] nonce() {
        return header.nonce();
    }

    @Override
    public Instant issuedAt() {
        return header.issuedAt();
    }

    @Override
    public String serverId() {
        return header.serverId();
    }

    @Override
    public byte[] toCanonicalJson() {
        return canonical.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ApprovalDocument d && java.util.Arrays.equals(canonical, d.canonical);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(canonical);
    }

    @Override
    public String toString() {
        return new String(canonical, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Collects the members; {@link #build()} validates them all. */
    public static final class Builder {
        private Decision decision = Decision.APPROVE;
        private byte[] requestLeafHash;
        private String requestType;
        private String operator;
        private byte[] signerCertSm3;
        private byte[] nonce;
        private Instant issuedAt;
        private String serverId;

        private Builder() {
        }

        public Builder decision(Decision value) {
            this.decision = value;
            return this;
        }

        public Builder requestLeafHash(byte[] value) {
            this.requestLeafHash = value;
            return this;
        }

        public Builder requestType(String value) {
            this.requestType = value;
            return this;
        }

        public Builder operator(String value) {
            this.operator = value;
            return this;
        }

        public Builder signerCertSm3(byte[] value) {
            this.signerCertSm3 = value;
            return this;
        }

        public Builder nonce(byte[] value) {
            this.nonce = value;
            return this;
        }

        public Builder issuedAt(Instant value) {
            this.issuedAt = value;
            return this;
        }

        public Builder serverId(String value) {
            this.serverId = value;
            return this;
        }

        public ApprovalDocument build() {
            return new ApprovalDocument(decision, requestLeafHash, requestType,
                    new DocumentFields.Header(operator, signerCertSm3, nonce, issuedAt, serverId));
        }
    }
}
