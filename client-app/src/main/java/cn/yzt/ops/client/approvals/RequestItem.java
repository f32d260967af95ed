package cn.yzt.ops.client.approvals;

import cn.yzt.ops.client.api.PendingRequest;
import cn.yzt.ops.protocol.ledger.LedgerEntry;
import cn.yzt.ops.protocol.operation.OperationDocument;
import cn.yzt.ops.protocol.operation.OperationTypes;
import cn.yzt.ops.protocol.operation.OperationVerification;
import cn.yzt.ops.protocol.operation.OperationVerifier;
import cn.yzt.ops.protocol.operation.SignerCertificateValidator;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A dual-control request as the inbox shows it. Who asked and what for are read from the signed
 * document inside the request's ledger entry (its CMS is verified here, signature only; the
 * server checked the certificate when it accepted it), so the approver sees exactly what the
 * requester signed, not a server-side summary of it.
 *
 * @param requester    the operator named in the signed document (the requester's account)
 * @param description  the plain-language sentence (ops-protocol OperationTypes.describe)
 * @param document     the canonical JSON the requester signed
 * @param own          the logged-in user is the requester: cannot decide it
 * @param readable     false when the entry could not be read as a signed operation (shown, not decidable)
 */
public record RequestItem(PendingRequest request, String requester, String signer, String description,
        String document, boolean own, boolean readable) {

    private static final OperationVerifier SIGNATURE = OperationVerifier.builder()
            .certificateValidator(SignerCertificateValidator.signatureOnly()).build();

    /** Decodes {@code p}; never throws for a bad entry (the item is then marked unreadable). */
    public static RequestItem of(PendingRequest p, long myUserId, Locale locale, Messages m) {
        boolean own = p.requesterId() == myUserId;
        try {
            LedgerEntry e = LedgerEntry.decode(p.entry());
            OperationVerification v = SIGNATURE.verify(e.payload());
            if (v.isAccepted() && v.operation().document() instanceof OperationDocument d) {
                return new RequestItem(p, d.operator(), v.operation().signer().getSubjectX500Principal().getName(),
                        OperationTypes.describe(d.type(), d.parameters(), locale),
                        new String(d.toCanonicalJson(), StandardCharsets.UTF_8), own, true);
            }
        } catch (RuntimeException ex) {
            // fall through: shown as unreadable
        }
        return new RequestItem(p, "#" + p.requesterId(), "", m.get("request.unreadable", p.type()), "", own, false);
    }

    public boolean decidable() {
        return readable && !own;
    }
}
