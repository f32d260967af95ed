package cn.yzt.ops.client.api;

import java.util.List;
import java.util.Optional;

import cn.yzt.ops.protocol.api.AuditEntryDto;
import cn.yzt.ops.protocol.api.SessionDto;
import cn.yzt.ops.protocol.api.UserDto;
import cn.yzt.ops.protocol.ledger.ConsistencyProof;
import cn.yzt.ops.protocol.ledger.InclusionProof;
import cn.yzt.ops.protocol.ledger.SignedTreeHead;
import cn.yzt.ops.protocol.map.Extent;
import cn.yzt.ops.protocol.map.Feature;
import cn.yzt.ops.protocol.map.LayerDescriptor;

/**
 * The logged-in console's view of one ops-server (REST over TLCP, the UKEY's keys in the
 * handshake, the session token on every call). Obtain one from {@link ConsoleLogin#login}.
 *
 * <p><b>Threading:</b> every method blocks on the network: call it off the JavaFX thread (a
 * {@code javafx.concurrent.Task} or an executor), never on it. Implementations are thread-safe.
 *
 * <p><b>Errors:</b> every method throws {@link OpsApiException} (unchecked) whose
 * {@link OpsApiException#getMessage()} is a sentence for the administrator in the console's
 * language (server refusals use the server's message_zh / message_en; connection problems say
 * what to do). {@link OpsApiException#kind()} tells the screen what happened.
 *
 * <p>Nothing here changes server state without a signature except {@link #logout()}: changes (ending
 * another session too: the signed session.revoke) go through {@code cn.yzt.ops.client.signing.Signer}.
 */
public interface OpsApi extends AutoCloseable {

    /** The channel and the account: TLCP suite, server certificate, user, session expiry. No I/O. */
    SessionInfo session();

    /** GET /api/v1/me: the account and its roles, fresh from the server. */
    Me me();

    /** POST /api/v1/auth/logout; the session token is dead afterwards. Idempotent. */
    void logout();

    // ---- administration (read) ----

    /** GET /api/v1/users: all users, personal data masked. */
    List<UserDto> users();

    /** GET /api/v1/users/{id}: one user with roles. */
    UserDto user(long id);

    /** GET /api/v1/sessions: the caller's active sessions. */
    List<SessionDto> sessions();

    /** GET /api/v1/audit with filters (null members = no filter). Needs AUDIT_READ. */
    List<AuditEntryDto> audit(AuditFilter filter);

    /** GET /api/v1/audit/export: the same search as CSV (UTF-8 bytes). */
    byte[] auditExportCsv(AuditFilter filter);

    // ---- signed operations ----

    /** POST /api/v1/ops/nonce: a fresh single-use operation nonce (what the next signature must carry). */
    OperationNonce nonce();

    /** POST /api/v1/ops: a CMS-signed OperationDocument; the receipt is returned (not yet verified: see LedgerCheck). */
    Submitted submit(byte[] cms);

    /**
     * POST /api/v1/ops with the openings of the document's personal-data commitments beside the CMS
     * ({"cms": …, "personal": {"idCard": {"salt", "value"}, …}}; ops-protocol PersonalData). They never
     * enter the ledger: the server checks them against the signed commitments and keeps them sealed apart.
     */
    default Submitted submit(byte[] cms, java.util.Map<String, cn.yzt.ops.protocol.operation.PersonalData.Opening> personal) {
        if (personal != null && !personal.isEmpty()) {
            throw new UnsupportedOperationException("this API client cannot send personal data");
        }
        return submit(cms);
    }

    /** POST /api/v1/ops/approvals: a CMS-signed ApprovalDocument (approve or reject). */
    Submitted decide(byte[] cms);

    /** GET /api/v1/ops/pending: dual-control requests this user may decide (not the user's own). */
    List<PendingRequest> pending();

    /**
     * The caller's own requests with their status (GET /api/v1/ops/mine; an empty list from a
     * server that does not offer it).
     */
    List<PendingRequest> mine();

    /** GET /api/v1/ops/requests/{leafHash}: one request as the caller may see it. */
    PendingRequest request(byte[] leafHash);

    /**
     * GET /api/v1/ops/requests/{leafHash}/result: the result of the caller's executed dual-control
     * request (e.g. a one-time password), handed out once; empty when there is none.
     */
    Optional<com.fasterxml.jackson.databind.JsonNode> takeResult(byte[] leafHash);

    // ---- ledger ----

    /** GET /api/v1/ledger/tree-head (empty when the ledger has no entry yet). */
    Optional<SignedTreeHead> treeHead();

    /** GET /api/v1/ledger/proof/consistency?from&to. */
    ConsistencyProof consistencyProof(long fromSize, long toSize);

    /** GET /api/v1/ledger/proof/inclusion?index&size. */
    InclusionProof inclusionProof(long index, long treeSize);

    /** GET /api/v1/ledger/evidence/{index}: the evidence bundle (canonical JSON bytes, EvidenceBundle.decode). */
    byte[] evidenceBundle(long index);

    // ---- maps ----

    /** GET /api/v1/map/layers: the layer catalog, drawing order. */
    List<LayerDescriptor> mapLayers();

    /**
     * GET /api/v1/map/layers/{id}/features?bbox&zoom (zoom null = unsimplified). A call whose
     * {@link Cancellable} is cancelled meanwhile fails with kind CANCELLED.
     */
    List<Feature> mapFeatures(String layerId, Extent bbox, Integer zoom, Cancellable cancel);

    /** GET /api/v1/map/parcels/{code}: empty when there is no such parcel. */
    Optional<Feature> parcel(String code);

    /**
     * After the UKEY was removed and re-inserted (console unlocked with the same certificate): new
     * TLCP connections use the re-opened token. The session token is kept (the server bound it to
     * the certificate, which is the same). No I/O.
     */
    void rebind(TokenIdentity identity);

    /**
     * {@code listener} runs (once, on the calling thread of the failed request) when the server
     * answers that the session is over (expired, idle, revoked) while the console believed it was
     * logged in. The shell returns to the login screen.
     */
    void onSessionEnded(Runnable listener);

    /** Closes the connection pool (does not log out). */
    @Override
    void close();
}
