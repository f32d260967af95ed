package cn.yzt.ops.server.ops;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Base64;
import java.util.Collection;

import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import cn.yzt.ops.protocol.json.StrictJson;
import cn.yzt.ops.protocol.operation.ApprovalDocument;
import cn.yzt.ops.protocol.operation.OperationDocument;
import cn.yzt.ops.protocol.operation.OperationSigner;
import cn.yzt.ops.protocol.operation.SignedDocument;
import cn.yzt.ops.protocol.operation.SignedDocuments;
import cn.yzt.ops.server.testing.TestPki;

/**
 * Builds and signs operation and approval documents with software SM2 keys, as the console does
 * on the UKEY: the tests' way onto the signed path (there is no other way to change state).
 */
public final class SignedOps {

    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    private SignedOps() {
    }

    /** Parameters from name/value pairs: String, Long/Integer, Boolean, or a Collection of Strings. */
    public static ObjectNode params(Object... nameValue) {
        ObjectNode o = StrictJson.object();
        for (int i = 0; i < nameValue.length; i += 2) {
            String n = (String) nameValue[i];
            Object v = nameValue[i + 1];
            if (v instanceof String s) {
                o.put(n, s);
            } else if (v instanceof Number x) {
                o.put(n, x.longValue());
            } else if (v instanceof Boolean b) {
                o.put(n, b);
            } else if (v instanceof Collection<?> c) {
                ArrayNode a = o.putArray(n);
                c.forEach(x -> a.add((String) x));
            } else {
                throw new IllegalArgumentException(n);
            }
        }
        return o;
    }

    /** Standard base64 of a certificate's DER, as CERTIFICATE parameters carry it. */
    public static String certificate(X509Certificate c) {
        try {
            return Base64.getEncoder().encodeToString(c.getEncoded());
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    public static byte[] operation(TestPki.Identity id, String operator, byte[] nonce, String serverId, Clock clock,
            String type, ObjectNode params) {
        return sign(id, clock, OperationDocument.builder().type(type).parameters(params).operator(operator)
                .signerCertSm3(SignedDocuments.certificateSm3(id.cert())).nonce(nonce).issuedAt(clock.instant())
                .serverId(serverId).build());
    }

    public static byte[] approval(TestPki.Identity id, String operator, byte[] nonce, String serverId, Clock clock,
            byte[] requestLeafHash, String requestType, ApprovalDocument.Decision decision) {
        return sign(id, clock, ApprovalDocument.builder().decision(decision).requestLeafHash(requestLeafHash)
                .requestType(requestType).operator(operator).signerCertSm3(SignedDocuments.certificateSm3(id.cert()))
                .nonce(nonce).issuedAt(clock.instant()).serverId(serverId).build());
    }

    public static byte[] sign(TestPki.Identity id, Clock clock, SignedDocument doc) {
        return OperationSigner.builder().signerCertificate(id.cert()).clock(clock).build().sign(doc, signer(id));
    }

    private static ContentSigner signer(TestPki.Identity id) {
        try {
            return new JcaContentSignerBuilder("SM3withSM2").setProvider(BC).build(id.key());
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }
}
