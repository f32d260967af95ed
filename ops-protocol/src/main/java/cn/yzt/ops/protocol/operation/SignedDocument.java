package cn.yzt.ops.protocol.operation;

import java.time.Instant;

/**
 * What a person signs on the UKEY: an {@link OperationDocument} (a privileged operation or a
 * dual-control request) or an {@link ApprovalDocument} (the second person's decision). Both carry
 * who signs, with which certificate, for which server and server-issued nonce, and when.
 */
public sealed interface SignedDocument permits OperationDocument, ApprovalDocument {

    /** Format version written as {@code "v"}. */
    int VERSION = 1;

    /** "operation" or "approval". */
    String purpose();

    /** Account name of the signer. */
    String operator();

    /** SM3 of the DER signer certificate (binds the text to one certificate). */
    byte[] signerCertSm3();

    /** Server-issued single-use nonce (16..64 bytes). */
    byte[] nonce();

    Instant issuedAt();

    String serverId();

    /** RFC 8785 canonical UTF-8 JSON: the CMS content. */
    byte[] toCanonicalJson();

    /** SM3 of {@link #toCanonicalJson()}, shown to the person before signing. */
    default byte[] digest() {
        return cn.yzt.ops.protocol.crypto.Sm2.sm3(toCanonicalJson());
    }
}
