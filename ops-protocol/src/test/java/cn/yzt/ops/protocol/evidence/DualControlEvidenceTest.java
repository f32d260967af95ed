package cn.yzt.ops.protocol.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;

import org.junit.jupiter.api.Test;

import cn.yzt.ops.protocol.ledger.EntryKind;
import cn.yzt.ops.protocol.ledger.InMemoryLeafHashes;
import cn.yzt.ops.protocol.ledger.LedgerEntry;
import cn.yzt.ops.protocol.ledger.LedgerHash;
import cn.yzt.ops.protocol.ledger.MerkleTree;
import cn.yzt.ops.protocol.ledger.Receipt;
import cn.yzt.ops.protocol.ledger.SignedTreeHead;
import cn.yzt.ops.protocol.ledger.TreeHeadSigner;
import cn.yzt.ops.protocol.operation.ApprovalDocument;
import cn.yzt.ops.protocol.operation.OperationDocument;
import cn.yzt.ops.protocol.operation.OperationSigner;
import cn.yzt.ops.protocol.operation.SignedDocument;
import cn.yzt.ops.protocol.operation.SignedDocuments;
import cn.yzt.ops.protocol.operation.TestPki;

/** A dual-control request and its approval, both in the ledger, verified together offline. */
class DualControlEvidenceTest {

    private static final TestPki PKI = new TestPki("YZT Test CA");
    private static final TestPki.Person ALICE = PKI.person("alice");
    private static final TestPki.Person BOB = PKI.person("bob");
    private static final KeyPair LEDGER = TestPki.keyPair();
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final EvidenceVerifier VERIFIER = new EvidenceVerifier(Set.of(PKI.ca), LEDGER.getPublic());

    static byte[] entry(EntryKind kind, SignedDocument d, TestPki.Person p) {
        byte[] cms = OperationSigner.builder().signerCertificate(p.cert()).build().sign(d, p.signer());
        return new LedgerEntry(kind, cms, LedgerEntry.ACCEPTED, NOW).encode();
    }

    static byte[] request() {
        return entry(EntryKind.OPERATION, OperationDocument.builder().type("role.grant").parameter("role", "admin")
                .parameter("username", "carol").operator("alice")
                .signerCertSm3(SignedDocuments.certificateSm3(ALICE.cert())).nonce(new byte[16]).issuedAt(NOW)
                .serverId("yzt-ops-1").build(), ALICE);
    }

    static byte[] approval(TestPki.Person p, byte[] requestLeaf) {
        return entry(EntryKind.APPROVAL, ApprovalDocument.builder().requestLeafHash(requestLeaf).requestType("role.grant")
                .operator(p.name()).signerCertSm3(SignedDocuments.certificateSm3(p.cert())).nonce(new byte[16])
                .issuedAt(NOW).serverId("yzt-ops-1").build(), p);
    }

    /** Ledger: request at 2, approval at 6, fillers elsewhere; bundle = approval + related request. */
    static byte[] bundle(byte[] request, byte[] approval) {
        InMemoryLeafHashes leaves = new InMemoryLeafHashes();
        for (int i = 0; i < 9; i++) {
            leaves.appendEntry(i == 2 ? request : i == 6 ? approval
                    : new LedgerEntry(EntryKind.LOGIN, ("x" + i).getBytes(StandardCharsets.UTF_8), "accepted", NOW).encode());
        }
        MerkleTree tree = new MerkleTree(leaves);
        SignedTreeHead sth = TreeHeadSigner.software(LEDGER.getPublic(), LEDGER.getPrivate()).sign(tree, 9, NOW);
        Receipt rq = new Receipt(2, LedgerHash.leaf(request), sth, tree.inclusionProof(2, 9));
        Receipt ap = new Receipt(6, LedgerHash.leaf(approval), sth, tree.inclusionProof(6, 9));
        return EvidenceBundle.builder().entry(approval).receipt(ap).addRelated(request, rq).addCrl(PKI.crl()).build()
                .encode();
    }

    @Test
    void approvalOfTheRequestByAnotherPersonVerifies() {
        byte[] request = request();
        byte[] b = bundle(request, approval(BOB, LedgerHash.leaf(request)));
        EvidenceReport r = VERIFIER.verify(b);
        assertThat(r.isVerified()).as(r.toString()).isTrue();
        assertThat(r.operation().orElseThrow().document()).isInstanceOf(ApprovalDocument.class);
        assertThat(r.related()).hasSize(1);
        assertThat(r.related().get(0).document()).isInstanceOf(OperationDocument.class);
        assertThat(EvidenceBundle.decode(b).encode()).isEqualTo(b);
    }

    @Test
    void approvalNamingAnotherRequestIsRefused() {
        byte[] request = request();
        byte[] b = bundle(request, approval(BOB, LedgerHash.leaf(request())));
        assertThat(VERIFIER.verify(b).toString()).isEqualTo("DUAL_CONTROL APPROVAL_WRONG_REQUEST");
    }

    @Test
    void approvalByTheRequesterIsRefused() {
        byte[] request = request();
        byte[] b = bundle(request, approval(ALICE, LedgerHash.leaf(request)));
        assertThat(VERIFIER.verify(b).toString()).isEqualTo("DUAL_CONTROL APPROVAL_BY_REQUESTER");
    }
}
