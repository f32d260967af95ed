package cn.yzt.ops.client.api;

import java.time.Instant;
import java.util.HexFormat;

/**
 * A dual-control request (GET /api/v1/ops/pending, /mine, /requests/{leafHash}).
 *
 * @param leafHash      the request's ledger leaf hash (what an approval names)
 * @param ledgerIndex   where the request is in the ledger
 * @param requesterId   the requesting user's id
 * @param type          the operation type, e.g. role.grant
 * @param createdAt     when it was requested
 * @param expiresAt     when it lapses undecided
 * @param entry         the request's ledger entry bytes (LedgerEntry.decode: the CMS and the signed document inside)
 * @param requester     the requester's account name (null if the server did not say)
 * @param descriptionZh the server's plain description, Chinese (null if absent)
 * @param descriptionEn the same in English (null if absent)
 * @param status        pending / executed / rejected / expired (as the server says; null if absent)
 * @param decidedBy     who decided (null while pending)
 * @param decidedAt     when (null while pending)
 * @param documentJson  the signed document's canonical JSON text (null if absent)
 * @param resultWaiting true when an executed request has a result for its requester to collect once
 * @param personal      the openings of the signed document's personal-data commitments (field name to salt
 *                      and value) as the server sent them: to be verified (PersonalData) before they are shown
 */
public record PendingRequest(byte[] leafHash, long ledgerIndex, long requesterId, String type, Instant createdAt,
        Instant expiresAt, byte[] entry, String requester, String descriptionZh, String descriptionEn, String status,
        String decidedBy, Instant decidedAt, String documentJson, boolean resultWaiting,
        java.util.Map<String, cn.yzt.ops.protocol.operation.PersonalData.Opening> personal) {
    public PendingRequest {
        leafHash = leafHash.clone();
        entry = entry.clone();
        personal = personal == null ? java.util.Map.of() : java.util.Map.copyOf(personal);
    }

    public PendingRequest(byte[] leafHash, long ledgerIndex, long requesterId, String type, Instant createdAt,
            Instant expiresAt, byte[] entry, String requester, String descriptionZh, String descriptionEn, String status,
            String decidedBy, Instant decidedAt, String documentJson, boolean resultWaiting) {
        this(leafHash, ledgerIndex, requesterId, type, createdAt, expiresAt, entry, requester, descriptionZh, descriptionEn,
                status, decidedBy, decidedAt, documentJson, resultWaiting, null);
    }

    public PendingRequest(byte[] leafHash, long ledgerIndex, long requesterId, String type, Instant createdAt,
            Instant expiresAt, byte[] entry) {
        this(leafHash, ledgerIndex, requesterId, type, createdAt, expiresAt, entry, null, null, null, null, null, null,
                null, false, null);
    }

    @Override
    public byte[] leafHash() {
        return leafHash.clone();
    }

    @Override
    public byte[] entry() {
        return entry.clone();
    }

    public String leafHashHex() {
        return HexFormat.of().formatHex(leafHash);
    }

    /** The description in {@code locale}'s language (English only for en), or null. */
    public String description(java.util.Locale locale) {
        return "en".equals(locale.getLanguage()) && descriptionEn != null ? descriptionEn : descriptionZh;
    }
}
