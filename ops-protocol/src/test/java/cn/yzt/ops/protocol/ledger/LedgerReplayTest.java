package cn.yzt.ops.protocol.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import cn.yzt.ops.protocol.operation.TestPki;

class LedgerReplayTest {

    private static final KeyPair KEY = TestPki.keyPair();
    private static final TreeHeadSigner SIGNER = TreeHeadSigner.software(KEY.getPublic(), KEY.getPrivate());
    private static final TreeHeadVerifier HEADS = new TreeHeadVerifier(KEY.getPublic());
    private static final Instant T = Instant.parse("2026-11-27T10:00:00Z");

    static byte[] entry(int i, String text) {
        return new LedgerEntry(EntryKind.ADMIN_EVENT, text.getBytes(StandardCharsets.UTF_8), "accepted", T.plusSeconds(i))
                .encode();
    }

    @Test
    void replayFindsTheEditedRowAndTheRootMismatch() {
        InMemoryLeafHashes stored = new InMemoryLeafHashes();
        for (int i = 0; i < 40; i++) {
            stored.appendEntry(entry(i, "event " + i));
        }
        MerkleTree storedTree = new MerkleTree(stored);
        SignedTreeHead sth = SIGNER.sign(storedTree, 40, T);
        Receipt r = Receipt.issue(storedTree, 17, sth);
        assertThat(new ReceiptVerifier(KEY.getPublic()).verify(r, entry(17, "event 17"))).isEmpty();

        LedgerReplay honest = new LedgerReplay();
        for (int i = 0; i < 40; i++) {
            honest.add(entry(i, "event " + i));
        }
        assertThat(honest.firstMismatch(stored)).isEmpty();
        assertThat(honest.check(sth, HEADS)).isEmpty();

        // Row 23's entry was edited in the database (its stored leaf hash was not).
        LedgerReplay edited = new LedgerReplay();
        for (int i = 0; i < 40; i++) {
            edited.add(entry(i, i == 23 ? "event 23 (edited)" : "event " + i));
        }
        assertThat(edited.firstMismatch(stored)).hasValue(23);
        assertThat(edited.check(sth, HEADS)).contains(LedgerProblem.ROOT_MISMATCH);
        // A deleted last row is found too.
        LedgerReplay shorter = new LedgerReplay();
        for (int i = 0; i < 39; i++) {
            shorter.add(entry(i, "event " + i));
        }
        assertThat(shorter.firstMismatch(stored)).hasValue(39);
        assertThat(shorter.check(sth, HEADS)).contains(LedgerProblem.PROOF_MISMATCH);
    }
}
