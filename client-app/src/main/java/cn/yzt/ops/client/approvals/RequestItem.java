package cn.yzt.ops.client.approvals;

import cn.yzt.ops.client.api.PendingRequest;
import cn.yzt.ops.protocol.ledger.LedgerEntry;
import cn.yzt.ops.protocol.operation.OperationDocument;
import cn.yzt.ops.protocol.operation.OperationTypes;
import cn.yzt.ops.protocol.operation.OperationVerification;
import cn.yzt.ops.protocol.operation.OperationVerifier;
import cn.yzt.ops.protocol.operation.PersonalData;
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
 * @param personalProblem null when every personal-data opening the server sent verifies against the signed
 *                     commitment; else the error shown instead of the values (the request cannot be approved)
 */
public record RequestItem(PendingRequest request, String requester, String signer, String description,
        String document, boolean own, boolean readable, String personalProblem) {

    public RequestItem(PendingRequest request, String requester, String signer, String description, String document,
            boolean own, boolean readable) {
        this(request, requester, signer, description, document, own, readable, null);
    }

    private static final OperationVerifier SIGNATURE = OperationVerifier.builder()
            .certificateValidator(SignerCertificateValidator.signatureOnly()).build();

    /** Decodes {@code p}; never throws for a bad entry (the item is then marked unreadable). */
    public static RequestItem of(PendingRequest p, long myUserId, Locale locale, Messages m) {
        boolean own = p.requesterId() == myUserId;
        try {
            LedgerEntry e = LedgerEntry.decode(p.entry());
            OperationVerification v = SIGNATURE.verify(e.payload());
            if (v.isAccepted() && v.operation().document() instanceof OperationDocument d) {
                // personal values are shown only once their openings verify against the signed commitments
                String problem = null;
                try {
                    PersonalData.opened(d.type(), d.parameters(), p.personal());
                } catch (PersonalData.Mismatch ex) {
                    problem = m.get("request.personalMismatch", ex.field());
                }
                String what = OperationTypes.describe(d.type(), d.parameters(), problem == null ? p.personal()
                        : java.util.Map.of(), locale);
                return new RequestItem(p, d.operator(), v.operation().signer().getSubjectX500Principal().getName(),
                        problem == null ? what : what + " — " + problem,
                        new String(d.toCanonicalJson(), StandardCharsets.UTF_8), own, true, problem);
            }
        } catch (RuntimeException ex) {
            // fall through: shown as unreadable
        }
        return new RequestItem(p, "#" + p.requesterId(), "", m.get("request.unreadable", p.type()), "", own, false);
    }

    public boolean decidable() {
        return readable && !own;
    }

    /** Decidable, and any personal data in it checked: a request whose openings do not verify may only be rejected. */
    public boolean approvable() {
        return decidable() && personalProblem == null;
    }
}
