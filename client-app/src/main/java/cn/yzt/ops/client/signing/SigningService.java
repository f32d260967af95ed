package cn.yzt.ops.client.signing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

import org.bouncycastle.cms.CMSSignedData;

import com.fasterxml.jackson.databind.node.ObjectNode;

import cn.yzt.ops.client.api.LedgerCheck;
import cn.yzt.ops.client.api.OperationNonce;
import cn.yzt.ops.client.api.OpsApi;
import cn.yzt.ops.client.api.OpsApiException;
import cn.yzt.ops.client.api.PendingRequest;
import cn.yzt.ops.client.api.SessionInfo;
import cn.yzt.ops.client.api.Submitted;
import cn.yzt.ops.client.api.TokenIdentity;
import cn.yzt.ops.protocol.crypto.Sm2;
import cn.yzt.ops.protocol.ledger.LedgerEntry;
import cn.yzt.ops.protocol.ledger.LedgerProblem;
import cn.yzt.ops.protocol.operation.ApprovalDocument;
import cn.yzt.ops.protocol.operation.OperationDocument;
import cn.yzt.ops.protocol.operation.OperationSigner;
import cn.yzt.ops.protocol.operation.OperationTypes;
import cn.yzt.ops.protocol.operation.PersonalData;
import cn.yzt.ops.protocol.operation.SignedDocument;
import cn.yzt.ops.protocol.operation.SignedDocuments;
import cn.yzt.ops.skf.jca.SkfContentSigner;
import cn.yzt.ops.skf.jca.SkfPrivateKey;

/**
 * The non-visual half of signing: builds the document (server nonce, operator, certificate
 * fingerprint, time), signs it on the UKEY as CMS, submits it, and checks the receipt before
 * anyone is told it is recorded: the ledger entry must hold exactly our CMS, its leaf hash must be
 * the receipt's, the inclusion proof must reach the signed root and the root's signature must
 * verify with the ledger key. Then the receipt is stored. Blocking: off the FX thread.
 */
public final class SigningService {
    private final OpsApi api;
    private final Supplier<TokenIdentity> identity;
    private final LedgerCheck ledger;
    private final ReceiptStore receipts;
    private final SigningText text;
    private final Locale locale;

    /** @param identity the current UKEY identity (replaced after an unlock) */
    public SigningService(OpsApi api, Supplier<TokenIdentity> identity, LedgerCheck ledger, ReceiptStore receipts,
            Locale locale) {
        this.api = api;
        this.identity = identity;
        this.ledger = ledger;
        this.receipts = receipts;
        this.locale = locale;
        this.text = new SigningText(locale);
    }

    /** Fetches a nonce and builds the operation document with its presentation. */
    public PreparedSignature prepare(OperationRequest r) {
        OperationTypes.validatePlain(r.type(), r.parameters()); // refuse before the person is asked to sign
        // personal data is signed as salted SM3 commitments; the openings go beside the CMS, never into the ledger
        PersonalData.Committed committed = PersonalData.commitAll(r.type(), r.parameters());
        TokenIdentity id = identity.get();
        SessionInfo s = api.session();
        OperationNonce nonce = api.nonce();
        OperationDocument doc = OperationDocument.builder().type(r.type()).parameters(committed.parameters())
                .operator(s.username()).signerCertSm3(SignedDocuments.certificateSm3(id.signCertificate()))
                .nonce(nonce.value()).issuedAt(Instant.now()).serverId(s.serverId()).build();
        String headline = r.description() != null && !r.description().isBlank() ? r.description()
                : OperationTypes.describe(r.type(), committed.parameters(), committed.openings(), locale);
        List<PreparedSignature.Row> rows = new ArrayList<>();
        rows.add(new PreparedSignature.Row(text.get("row.what"), OperationTypes.describe(r.type(), committed.parameters(),
                committed.openings(), locale)));
        rows.add(new PreparedSignature.Row(text.get("row.type"), r.type()));
        personalRows(rows, committed.openings());
        common(rows, s, id);
        for (OperationRequest.Change c : r.changes()) {
            rows.add(new PreparedSignature.Row(c.label(), text.get("row.change", c.before(), c.after())));
        }
        return prepared(r.type(), false, headline, rows, doc, committed.openings());
    }

    /** The plain personal values the signer commits to, and the note that the ledger keeps only commitments. */
    private void personalRows(List<PreparedSignature.Row> rows, java.util.Map<String, PersonalData.Opening> openings) {
        if (openings.isEmpty()) {
            return;
        }
        for (String field : List.of("displayName", "idCard", "phone", "email")) {
            PersonalData.Opening o = openings.get(field);
            if (o != null) {
                rows.add(new PreparedSignature.Row(text.getOrDefault("personal." + field, field), o.value()));
            }
        }
        rows.add(new PreparedSignature.Row(text.get("row.personal"), text.get("personal.note")));
    }

    /** Fetches a nonce and builds the approval (or rejection) of {@code p}. */
    public PreparedSignature prepareDecision(PendingRequest p, boolean approve) {
        TokenIdentity id = identity.get();
        SessionInfo s = api.session();
        OperationNonce nonce = api.nonce();
        ApprovalDocument doc = ApprovalDocument.builder()
                .decision(approve ? ApprovalDocument.Decision.APPROVE : ApprovalDocument.Decision.REJECT)
                .requestLeafHash(p.leafHash()).requestType(p.type()).operator(s.username())
                .signerCertSm3(SignedDocuments.certificateSm3(id.signCertificate())).nonce(nonce.value())
                .issuedAt(Instant.now()).serverId(s.serverId()).build();
        Optional<OperationDocument> request = requestDocument(p);
        // personal values appear only where their opening verifies against the signed commitment
        String what = request.map(d -> OperationTypes.describe(d.type(), d.parameters(), p.personal(), locale))
                .orElse(p.type());
        String requester = request.map(OperationDocument::operator).orElse("#" + p.requesterId());
        String headline = text.get(approve ? "decision.approve" : "decision.reject", requester, what);
        List<PreparedSignature.Row> rows = new ArrayList<>();
        rows.add(new PreparedSignature.Row(text.get("row.decision"), text.get(approve ? "decision.approve.short"
                : "decision.reject.short")));
        rows.add(new PreparedSignature.Row(text.get("row.request"), what));
        rows.add(new PreparedSignature.Row(text.get("row.requester"), requester));
        rows.add(new PreparedSignature.Row(text.get("row.requestLeaf"), p.leafHashHex()));
        common(rows, s, id);
        return prepared((approve ? "approval:" : "rejection:") + p.type(), true, headline, rows, doc);
    }

    private void common(List<PreparedSignature.Row> rows, SessionInfo s, TokenIdentity id) {
        rows.add(new PreparedSignature.Row(text.get("row.operator"), s.username()));
        rows.add(new PreparedSignature.Row(text.get("row.certificate"), id.signCertificate().getSubjectX500Principal().getName()));
        rows.add(new PreparedSignature.Row(text.get("row.server"), s.serverId() + " (" + s.server() + ")"));
    }

    private static PreparedSignature prepared(String recordType, boolean approval, String headline,
            List<PreparedSignature.Row> rows, SignedDocument doc) {
        return prepared(recordType, approval, headline, rows, doc, java.util.Map.of());
    }

    private static PreparedSignature prepared(String recordType, boolean approval, String headline,
            List<PreparedSignature.Row> rows, SignedDocument doc, java.util.Map<String, PersonalData.Opening> personal) {
        byte[] canonical = doc.toCanonicalJson();
        return new PreparedSignature(recordType, approval, headline, rows, doc, canonical, Sm2.sm3(canonical), personal);
    }

    /** The request's own signed document, read from its ledger entry (empty if it cannot be read). */
    static Optional<OperationDocument> requestDocument(PendingRequest p) {
        try {
            byte[] cms = LedgerEntry.decode(p.entry()).payload();
            byte[] content = (byte[]) new CMSSignedData(cms).getSignedContent().getContent();
            SignedDocument d = SignedDocuments.parse(content);
            return d instanceof OperationDocument o ? Optional.of(o) : Optional.empty();
        } catch (Exception ex) {
            return Optional.empty();
        }
    }

    /** Signs on the UKEY, submits, verifies and stores. Throws SigningException with a sentence for the person. */
    public SignedResult signAndSubmit(PreparedSignature p) {
        TokenIdentity id = identity.get();
        byte[] cms;
        try {
            PrivateKey key = id.signKey();
            if (!(key instanceof SkfPrivateKey token)) {
                throw new IllegalStateException("the signing key is not on a UKEY");
            }
            cms = OperationSigner.builder().signerCertificate(id.signCertificate()).build()
                    .sign(p.document(), new SkfContentSigner(token));
        } catch (RuntimeException ex) {
            throw new SigningException(text.get("error.token"), ex);
        }
        Submitted s;
        try {
            s = p.approval() ? api.decide(cms) : api.submit(cms, p.personal());
        } catch (OpsApiException ex) {
            throw new SigningException(text.get("error.refused", ex.getMessage()), ex);
        }
        Optional<LedgerProblem> problem = check(s, cms);
        if (problem.isPresent()) {
            System.getLogger(SigningService.class.getName()).log(System.Logger.Level.ERROR,
                    "receipt for " + p.recordType() + " did not verify: " + problem.get());
            throw new SigningException(text.get("error.receipt", text.get("problem." + problem.get().name())), null);
        }
        // the local record keeps no personal data either: its sentence names the values as committed
        String kept = !p.personal().isEmpty() && p.document() instanceof OperationDocument d
                ? OperationTypes.describe(d.type(), d.parameters(), locale) : p.headline();
        java.nio.file.Path file = receipts.save(api.session().server().toString(), p.recordType(), kept,
                s.receipt(), s.entry());
        return new SignedResult(p.recordType(), s.receipt(), s.entry(), file, s.status(), s.result());
    }

    /** The entry must carry our CMS; then the receipt checks (leaf hash, inclusion, head signature). */
    private Optional<LedgerProblem> check(Submitted s, byte[] cms) {
        try {
            if (!MessageDigest.isEqual(LedgerEntry.decode(s.entry()).payload(), cms)) {
                return Optional.of(LedgerProblem.LEAF_HASH_MISMATCH);
            }
        } catch (RuntimeException ex) {
            return Optional.of(LedgerProblem.LEAF_HASH_MISMATCH);
        }
        return ledger.verifyReceipt(s);
    }

    /** The canonical JSON as text (what "显示规范 JSON" shows). */
    public static String canonicalText(PreparedSignature p) {
        return new String(p.canonical(), StandardCharsets.UTF_8);
    }

    static ObjectNode copy(ObjectNode o) {
        return o.deepCopy();
    }
}
