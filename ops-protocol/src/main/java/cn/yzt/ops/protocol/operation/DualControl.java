package cn.yzt.ops.protocol.operation;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Optional;

/**
 * The protocol half of the four-eyes rule: an approval must name the request's ledger leaf hash,
 * repeat its type and server, and come from another person with another certificate and key.
 * (Whether the approver holds the approver permission is the server's policy check.)
 */
public final class DualControl {

    private DualControl() {
    }

    /** Empty when {@code approval} may decide on the request stored at {@code requestLeafHash}. */
    public static Optional<RejectionReason> check(VerifiedOperation request, byte[] requestLeafHash,
            VerifiedOperation approval) {
        if (!(request.document() instanceof OperationDocument op)
                || !(approval.document() instanceof ApprovalDocument ap)) {
            return Optional.of(RejectionReason.WRONG_PURPOSE);
        }
        if (!ap.names(requestLeafHash)) {
            return Optional.of(RejectionReason.APPROVAL_WRONG_REQUEST);
        }
        if (!ap.requestType().equals(op.type()) || !ap.serverId().equals(op.serverId())) {
            return Optional.of(RejectionReason.APPROVAL_MISMATCH);
        }
        boolean samePerson = ap.operator().equals(op.operator());
        boolean sameCert = MessageDigest.isEqual(ap.signerCertSm3(), op.signerCertSm3());
        boolean sameKey = Arrays.equals(approval.signer().getPublicKey().getEncoded(),
                request.signer().getPublicKey().getEncoded());
        if (samePerson || sameCert || sameKey) {
            return Optional.of(RejectionReason.APPROVAL_BY_REQUESTER);
        }
        return Optional.empty();
    }
}
