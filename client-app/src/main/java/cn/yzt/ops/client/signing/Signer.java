package cn.yzt.ops.client.signing;

import java.util.concurrent.CompletableFuture;

import cn.yzt.ops.client.api.PendingRequest;

/**
 * The one way a screen changes anything: shows the what-you-see-is-what-you-sign dialog
 * (operation in plain Chinese, canonical JSON on demand, SM3 digest), signs on the UKEY, submits,
 * verifies the receipt locally (inclusion proof + tree-head signature), stores it for the records
 * screen and only then reports success ("已签名并记录").
 *
 * <p><b>Threading:</b> call on the JavaFX thread (it opens a modal dialog); the returned future
 * completes on the JavaFX thread. Network and UKEY work run in the background.
 *
 * <p>Outcomes: completes normally with the verified {@link SignedResult}; completes exceptionally
 * with {@link java.util.concurrent.CancellationException} when the person closes the dialog
 * without signing, or with {@link SigningException} (message in the UI language) when the server
 * refuses, the UKEY fails, or the receipt does not verify (the dialog has shown the error already).
 */
public interface Signer {

    /** Sign and submit a privileged operation. */
    CompletableFuture<SignedResult> sign(OperationRequest request);

    /**
     * Sign an approval or rejection of a dual-control request (the ApprovalDocument names the
     * request's leaf hash and type). The server refuses the requester's own request.
     */
    CompletableFuture<SignedResult> decide(PendingRequest request, boolean approve);
}
