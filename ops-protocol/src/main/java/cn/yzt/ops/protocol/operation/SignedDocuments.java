package cn.yzt.ops.protocol.operation;

import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;

import com.fasterxml.jackson.databind.node.ObjectNode;

import cn.yzt.ops.protocol.crypto.Sm2;
import cn.yzt.ops.protocol.json.JsonFormatException;
import cn.yzt.ops.protocol.json.StrictJson;

/** Reading signed documents back, and the certificate fingerprint they carry. */
public final class SignedDocuments {

    private SignedDocuments() {
    }

    /**
     * Strict parse of CMS content: canonical JSON, no duplicate or unknown members, every member
     * valid. {@link JsonFormatException} names the first problem.
     */
    public static SignedDocument parse(byte[] canonicalJson) {
        ObjectNode o = StrictJson.parseCanonicalObject(canonicalJson);
        String purpose = StrictJson.text(o, DocumentFields.PURPOSE);
        return switch (purpose) {
            case OperationDocument.PURPOSE -> OperationDocument.read(o);
            case ApprovalDocument.PURPOSE -> ApprovalDocument.read(o);
            default -> throw new JsonFormatException(DocumentFields.PURPOSE, "must be \"operation\" or \"approval\"");
        };
    }

    /** SM3 of the DER certificate: the value of {@code signerCertSm3}. */
    public static byte[] certificateSm3(X509Certificate cert) {
        try {
            return Sm2.sm3(cert.getEncoded());
        } catch (CertificateEncodingException ex) {
            throw new IllegalArgumentException("cannot encode certificate", ex);
        }
    }
}
