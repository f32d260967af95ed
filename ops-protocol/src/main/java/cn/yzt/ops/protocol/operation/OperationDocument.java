package cn.yzt.ops.protocol.operation;

import java.time.Instant;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import cn.yzt.ops.protocol.json.JsonFormatException;
import cn.yzt.ops.protocol.json.StrictJson;

/**
 * A privileged operation as signed by its operator (ARCHITECTURE.md section 2), RFC 8785 canonical:
 * <pre>{"issuedAt":"2026-11-27T10:00:00Z","nonce":"base64url","operator":"alice",
 *  "parameters":{"role":"auditor","username":"bob"},"purpose":"operation","serverId":"yzt-ops-1",
 *  "signerCertSm3":"64 hex","type":"role.grant","v":1}</pre>
 * Immutable; build with {@link #builder()}, read with {@link SignedDocuments#parse(byte[])}.
 */
public final class OperationDocument implements SignedDocument {

    public static final String PURPOSE = "operation";
    static final String TYPE = "type";
    static final String PARAMETERS = "parameters";

    private final String type;
    private final ObjectNode parameters;
    private final DocumentFields.Header header;
    private final byte[] canonical;

    private OperationDocument(String type, ObjectNode parameters, DocumentFields.Header header) {
        DocumentFields.type(TYPE, type);
        if (parameters == null) {
            throw new JsonFormatException(PARAMETERS, "must be an object");
        }
        this.type = type;
        this.parameters = parameters.deepCopy();
        this.header = header;
        ObjectNode o = StrictJson.object();
        header.write(o, PURPOSE);
        o.put(TYPE, type);
        o.set(PARAMETERS, this.parameters.deepCopy());
        this.canonical = StrictJson.canonical(o);
    }

    static OperationDocument read(ObjectNode o) {
        StrictJson.requireMembers(o, "", DocumentFields.with(Set.of(TYPE, PARAMETERS)), Set.of());
        return new OperationDocument(StrictJson.text(o, TYPE), StrictJson.objectMember(o, PARAMETERS),
                DocumentFields.Header.read(o));
    }

    public static Builder builder() {
        return new Builder();
    }

    public String type() {
        return type;
    }

    /** A copy of the parameters object. */
    public ObjectNode parameters() {
        return parameters.deepCopy();
    }

    /** The parameters in canonical JSON text. */
    public String parametersJson() {
        return new String(StrictJson.canonical(parameters), java.nio.charset.StandardCharsets.UTF_8);
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
        return other instanceof OperationDocument d && java.util.Arrays.equals(canonical, d.canonical);
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
        private String type;
        private ObjectNode parameters = StrictJson.object();
        private String operator;
        private byte[] signerCertSm3;
        private byte[] nonce;
        private Instant issuedAt;
        private String serverId;

        private Builder() {
        }

        public Builder type(String value) {
            this.type = value;
            return this;
        }

        /** Parameters as a JSON object text. */
        public Builder parametersJson(String json) {
            JsonNode n = StrictJson.parse(json);
            if (!n.isObject()) {
                throw new JsonFormatException(PARAMETERS, "must be an object");
            }
            this.parameters = (ObjectNode) n;
            return this;
        }

        public Builder parameters(ObjectNode value) {
            this.parameters = value == null ? null : value.deepCopy();
            return this;
        }

        public Builder parameter(String name, String value) {
            parameters.put(name, value);
            return this;
        }

        public Builder parameter(String name, long value) {
            parameters.put(name, value);
            return this;
        }

        public Builder parameter(String name, boolean value) {
            parameters.put(name, value);
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

        public OperationDocument build() {
            return new OperationDocument(type, parameters,
                    new DocumentFields.Header(operator, signerCertSm3, nonce, issuedAt, serverId));
        }
    }
}
