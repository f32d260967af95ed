package cn.yzt.ops.protocol.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import cn.yzt.ops.protocol.json.JsonFormatException;
import cn.yzt.ops.protocol.operation.TestPki;

class SignedLedgerTest {

    private static final KeyPair LEDGER_KEY = TestPki.keyPair();
    private static final TreeHeadSigner SIGNER = TreeHeadSigner.software(LEDGER_KEY.getPublic(), LEDGER_KEY.getPrivate());
    private static final TreeHeadVerifier HEADS = new TreeHeadVerifier(LEDGER_KEY.getPublic());
    private static final Instant T = Instant.parse("2026-11-27T10:00:00Z");

    static LedgerEntry entry(int i) {
        return new LedgerEntry(EntryKind.OPERATION, ("cms " + i).getBytes(StandardCharsets.UTF_8), LedgerEntry.ACCEPTED,
                T.plusMillis(i));
    }

    @Test
    void entryHasOneCanonicalFormAndStrictDecoding() {
        LedgerEntry e = new LedgerEntry(EntryKind.ADMIN_EVENT, new byte[] {1, 2, 3}, "CERT_REVOKED",
                Instant.parse("2026-11-27T10:00:03.123456Z"));
        String json = new String(e.encode(), StandardCharsets.UTF_8);
        assertThat(json).isEqualTo("{\"kind\":\"admin-event\",\"payload\":\"AQID\",\"receivedAt\":"
                + "\"2026-11-27T10:00:03.123456Z\",\"result\":\"CERT_REVOKED\",\"v\":1}");
        assertThat(LedgerEntry.decode(e.encode())).isEqualTo(e);
        assertThat(e.leafHash()).isEqualTo(LedgerHash.leaf(e.encode()));
        assertThatThrownBy(() -> LedgerEntry.decode(json.replace("AQID", "AQJ=").getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(JsonFormatException.class);
        assertThatThrownBy(() -> LedgerEntry.decode(json.replace("admin-event", "deletion").getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(JsonFormatException.class);
        assertThatThrownBy(() -> LedgerEntry.decode(json.replace("{", "{ ").getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(JsonFormatException.class);
        assertThatThrownBy(() -> new LedgerEntry(EntryKind.LOGIN, new byte[0], "accepted", T))
                .isInstanceOf(JsonFormatException.class);
    }

    @Test
    void signedTreeHeadVerifiesAndAnyChangeFails() {
        SignedTreeHead sth = SIGNER.sign(5, LedgerHash.leaf(new byte[] {5}), T);
        assertThat(HEADS.verify(sth)).isEmpty();
        assertThat(SignedTreeHead.decode(sth.encode())).isEqualTo(sth);
        assertThat(sth.treeHead().keyId()).isEqualTo(LedgerKeys.keyId(LEDGER_KEY.getPublic()));

        TreeHead h = sth.treeHead();
        SignedTreeHead bigger = new SignedTreeHead(new TreeHead(6, h.rootHash(), h.timestamp(), h.keyId()), sth.signature());
        assertThat(HEADS.verify(bigger)).contains(LedgerProblem.TREE_HEAD_SIGNATURE);
        SignedTreeHead later = new SignedTreeHead(new TreeHead(5, h.rootHash(), T.plusSeconds(1), h.keyId()), sth.signature());
        assertThat(HEADS.verify(later)).contains(LedgerProblem.TREE_HEAD_SIGNATURE);

        KeyPair other = TestPki.keyPair();
        SignedTreeHead foreign = TreeHeadSigner.software(other.getPublic(), other.getPrivate()).sign(5, h.rootHash(), T);
        assertThat(HEADS.verify(foreign)).contains(LedgerProblem.TREE_HEAD_WRONG_KEY);
        // a foreign signature under our key id
        SignedTreeHead spoofed = new SignedTreeHead(h, foreign.signature());
        assertThat(HEADS.verify(spoofed)).contains(LedgerProblem.TREE_HEAD_SIGNATURE);
    }

    @Test
    void rewrittenHistoryResignedWithTheSameKeyIsCaughtByAnOlderTreeHead() {
        InMemoryLeafHashes honest = new InMemoryLeafHashes();
        for (int i = 0; i < 20; i++) {
            honest.appendEntry(entry(i).encode());
        }
        MerkleTree honestTree = new MerkleTree(honest);
        SignedTreeHead seenByClient = SIGNER.sign(honestTree, 13, T);

        // The server rewrites entry 7 and everything after it, then signs the new history with its own key.
        InMemoryLeafHashes forged = new InMemoryLeafHashes();
        for (int i = 0; i < 25; i++) {
            LedgerEntry e = i == 7 ? new LedgerEntry(EntryKind.OPERATION, "altered".getBytes(StandardCharsets.UTF_8),
                    LedgerEntry.ACCEPTED, T) : entry(i);
            forged.appendEntry(e.encode());
        }
        MerkleTree forgedTree = new MerkleTree(forged);
        SignedTreeHead forgedHead = SIGNER.sign(forgedTree, 25, T.plusSeconds(60));
        assertThat(HEADS.verify(forgedHead)).as("the forged head is validly signed").isEmpty();

        // Whatever proof the server offers, the client's older head does not fit.
        assertThat(HEADS.verifyConsistency(seenByClient, forgedHead, forgedTree.consistencyProof(13, 25)))
                .contains(LedgerProblem.CONSISTENCY_FAILED);
        // The honest extension is accepted.
        for (int i = 20; i < 25; i++) {
            honest.appendEntry(entry(i).encode());
        }
        SignedTreeHead honestHead = SIGNER.sign(honestTree, 25, T.plusSeconds(60));
        assertThat(HEADS.verifyConsistency(seenByClient, honestHead, honestTree.consistencyProof(13, 25))).isEmpty();
        // Size games are refused too.
        assertThat(HEADS.verifyConsistency(honestHead, seenByClient, honestTree.consistencyProof(13, 25)))
                .contains(LedgerProblem.TREE_SHRANK);
        assertThat(HEADS.verifyConsistency(seenByClient, honestHead, honestTree.consistencyProof(12, 25)))
                .contains(LedgerProblem.PROOF_MISMATCH);
    }

    @Test
    void receiptsVerifyForEveryLeafAndCatchTampering() {
        InMemoryLeafHashes leaves = new InMemoryLeafHashes();
        MerkleTree tree = new MerkleTree(leaves);
        ReceiptVerifier verifier = new ReceiptVerifier(LEDGER_KEY.getPublic());
        for (int i = 0; i < 9; i++) {
            leaves.appendEntry(entry(i).encode());
        }
        SignedTreeHead sth = SIGNER.sign(tree, 9, T);
        for (int i = 0; i < 9; i++) {
            byte[] entry = entry(i).encode();
            Receipt r = new Receipt(i, LedgerHash.leaf(entry), sth, tree.inclusionProof(i, 9));
            assertThat(verifier.verify(r, entry)).as("leaf %d", i).isEmpty();
            Receipt back = Receipt.decode(r.encode());
            assertThat(back).isEqualTo(r);
            assertThat(verifier.verify(back, entry)).isEmpty();
            assertThat(verifier.verify(r, entry(i + 1).encode())).contains(LedgerProblem.LEAF_HASH_MISMATCH);
        }
        byte[] e3 = entry(3).encode();
        Receipt r3 = new Receipt(3, LedgerHash.leaf(e3), sth, tree.inclusionProof(3, 9));
        Receipt wrongIndex = new Receipt(4, LedgerHash.leaf(e3), sth, tree.inclusionProof(4, 9));
        assertThat(verifier.verify(wrongIndex, e3)).contains(LedgerProblem.INCLUSION_FAILED);
        Receipt proofForOtherIndex = new Receipt(3, LedgerHash.leaf(e3), sth, tree.inclusionProof(4, 9));
        assertThat(verifier.verify(proofForOtherIndex, e3)).contains(LedgerProblem.PROOF_MISMATCH);
        Receipt oldProof = new Receipt(3, LedgerHash.leaf(e3), sth, tree.inclusionProof(3, 8));
        assertThat(verifier.verify(oldProof, e3)).contains(LedgerProblem.PROOF_MISMATCH);
        assertThat(verifier.verify(r3, e3)).isEmpty();
        // leaf index beyond the signed size cannot even be decoded
        String json = new String(r3.encode(), StandardCharsets.UTF_8).replace("\"leafIndex\":3", "\"leafIndex\":9");
        assertThatThrownBy(() -> Receipt.decode(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(JsonFormatException.class);
    }
}
