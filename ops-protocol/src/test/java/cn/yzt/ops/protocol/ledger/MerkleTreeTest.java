package cn.yzt.ops.protocol.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import cn.yzt.ops.protocol.crypto.Sm2;

class MerkleTreeTest {

    private static final int MAX = 70;
    private static final InMemoryLeafHashes LEAVES = new InMemoryLeafHashes();
    private static final MerkleTree TREE = new MerkleTree(LEAVES);
    private static final List<byte[]> ROOTS = new ArrayList<>();

    @BeforeAll
    static void fill() {
        ROOTS.add(LedgerHash.empty());
        for (int i = 0; i < MAX; i++) {
            LEAVES.appendEntry(("entry " + i).getBytes(StandardCharsets.UTF_8));
            ROOTS.add(TREE.rootHash(i + 1));
        }
    }

    /** The textbook definition, independent of MerkleTree's code path. */
    private static byte[] reference(List<byte[]> h) {
        if (h.size() == 1) {
            return h.get(0);
        }
        int k = 1;
        while (k * 2 < h.size()) {
            k *= 2;
        }
        byte[] l = reference(h.subList(0, k));
        byte[] r = reference(h.subList(k, h.size()));
        byte[] buf = new byte[65];
        buf[0] = 1;
        System.arraycopy(l, 0, buf, 1, 32);
        System.arraycopy(r, 0, buf, 33, 32);
        return Sm2.sm3(buf);
    }

    @Test
    void hashesAreDomainSeparatedSm3() {
        byte[] entry = "x".getBytes(StandardCharsets.UTF_8);
        assertThat(LedgerHash.leaf(entry)).isEqualTo(Sm2.sm3(new byte[] {0, 'x'}));
        assertThat(LedgerHash.empty()).isEqualTo(Sm2.sm3(new byte[0]));
        assertThat(TREE.rootHash(0)).isEqualTo(LedgerHash.empty());
        assertThat(TREE.rootHash(1)).isEqualTo(LEAVES.leafHashes(0, 1).get(0));
    }

    @Test
    void rootsMatchTheReferenceDefinition() {
        for (int n = 1; n <= MAX; n++) {
            assertThat(ROOTS.get(n)).as("size %d", n).isEqualTo(reference(LEAVES.leafHashes(0, n)));
        }
    }

    @Test
    void everyInclusionProofVerifiesAndWrongInputsFail() {
        int checked = 0;
        for (int n = 1; n <= MAX; n++) {
            byte[] root = ROOTS.get(n);
            List<byte[]> hashes = LEAVES.leafHashes(0, n);
            for (int i = 0; i < n; i++) {
                InclusionProof p = TREE.inclusionProof(i, n);
                byte[] leaf = hashes.get(i);
                assertThat(p.verify(leaf, root)).as("i=%d n=%d", i, n).isTrue();
                checked++;
                // wrong hash, wrong root
                assertThat(p.verify(hashes.get((i + 1) % n), root)).isEqualTo(n == 1);
                assertThat(MerkleVerifier.verifyInclusion(i, n, leaf, p.path(), ROOTS.get(n - 1))).isFalse();
                // wrong index
                if (n > 1) {
                    long j = (i + 1) % n;
                    assertThat(MerkleVerifier.verifyInclusion(j, n, leaf, p.path(), root)).as("j=%d n=%d", j, n).isFalse();
                }
                assertThat(MerkleVerifier.verifyInclusion(n, n, leaf, p.path(), root)).isFalse();
                assertThat(MerkleVerifier.verifyInclusion(-1, n, leaf, p.path(), root)).isFalse();
                // wrong size, checked against that size's root (a size is only ever trusted together with
                // its signed root; the bare path of 0 in 3 and of 0 in 4 have the same shape)
                for (int m = i + 1; m <= MAX; m++) {
                    if (m != n) {
                        assertThat(MerkleVerifier.verifyInclusion(i, m, leaf, p.path(), ROOTS.get(m)))
                                .as("i=%d n=%d as m=%d", i, n, m).isFalse();
                    }
                }
                // tampered path element, truncated and extended path
                List<byte[]> path = p.path();
                for (int k = 0; k < path.size(); k++) {
                    List<byte[]> bad = p.path();
                    bad.get(k)[k % 32] ^= 1;
                    assertThat(MerkleVerifier.verifyInclusion(i, n, leaf, bad, root)).isFalse();
                }
                if (!path.isEmpty()) {
                    assertThat(MerkleVerifier.verifyInclusion(i, n, leaf, path.subList(0, path.size() - 1), root)).isFalse();
                }
                List<byte[]> longer = new ArrayList<>(path);
                longer.add(root);
                assertThat(MerkleVerifier.verifyInclusion(i, n, leaf, longer, root)).isFalse();
            }
        }
        assertThat(checked).isEqualTo(MAX * (MAX + 1) / 2);
    }

    @Test
    void everyConsistencyProofVerifiesAndWrongInputsFail() {
        int checked = 0;
        for (int n = 1; n <= MAX; n++) {
            for (int m = 0; m <= n; m++) {
                ConsistencyProof p = TREE.consistencyProof(m, n);
                assertThat(p.verify(ROOTS.get(m), ROOTS.get(n))).as("m=%d n=%d", m, n).isTrue();
                checked++;
                if (m == 0) {
                    continue;
                }
                // wrong old root, wrong new root
                byte[] otherOld = LedgerHash.leaf(new byte[] {(byte) m});
                assertThat(p.verify(otherOld, ROOTS.get(n))).isFalse();
                if (m < n) {
                    assertThat(p.verify(ROOTS.get(m), ROOTS.get(n - 1))).isFalse();
                    assertThat(p.verify(ROOTS.get(m - 1), ROOTS.get(n))).isFalse();
                    // wrong sizes
                    if (n < MAX) {
                        assertThat(MerkleVerifier.verifyConsistency(m, n + 1, ROOTS.get(m), ROOTS.get(n + 1), p.path()))
                                .isFalse();
                    }
                    if (m > 1) {
                        assertThat(MerkleVerifier.verifyConsistency(m - 1, n, ROOTS.get(m - 1), ROOTS.get(n), p.path()))
                                .isFalse();
                    }
                    for (int k = 0; k < p.path().size(); k++) {
                        List<byte[]> bad = p.path();
                        bad.get(k)[0] ^= (byte) 0x80;
                        assertThat(MerkleVerifier.verifyConsistency(m, n, ROOTS.get(m), ROOTS.get(n), bad)).isFalse();
                    }
                    assertThat(MerkleVerifier.verifyConsistency(m, n, ROOTS.get(m), ROOTS.get(n), List.of())).isFalse();
                } else {
                    assertThat(p.path()).isEmpty();
                    assertThat(p.verify(ROOTS.get(m), ROOTS.get(m - 1))).isFalse();
                }
            }
        }
        assertThat(checked).isEqualTo((MAX + 1) * (MAX + 2) / 2 - 1);
    }

    @Test
    void proofsRoundTripThroughTheirJsonForm() {
        for (int n = 1; n <= 20; n++) {
            for (int m = 0; m <= n; m++) {
                ConsistencyProof c = TREE.consistencyProof(m, n);
                ConsistencyProof back = ConsistencyProof.decode(c.encode());
                assertThat(back.verify(ROOTS.get(m), ROOTS.get(n))).isTrue();
                assertThat(back.encode()).isEqualTo(c.encode());
            }
            for (int i = 0; i < n; i++) {
                InclusionProof p = InclusionProof.decode(TREE.inclusionProof(i, n).encode());
                assertThat(p.verify(LEAVES.leafHashes(i, i + 1).get(0), ROOTS.get(n))).isTrue();
            }
        }
        String json = new String(TREE.inclusionProof(3, 7).encode(), StandardCharsets.UTF_8);
        assertThat(json).startsWith("{\"leafIndex\":3,\"path\":[\"");
        assertThatThrownBy(() -> InclusionProof.decode(json.replace("\"leafIndex\":3", "\"leafIndex\":7")
                .getBytes(StandardCharsets.UTF_8))).isInstanceOf(cn.yzt.ops.protocol.json.JsonFormatException.class);
        assertThatThrownBy(() -> ConsistencyProof.decode("{\"firstSize\":3,\"path\":[\"00\"],\"secondSize\":7}"
                .getBytes(StandardCharsets.UTF_8))).isInstanceOf(cn.yzt.ops.protocol.json.JsonFormatException.class);
    }

    @Test
    void rfcShapesForSmallTrees() {
        // RFC 9162 section 2.1.5 example tree of 7 leaves: consistency 3->7 has 4 elements, 4->7 one, 6->7 three.
        assertThat(TREE.consistencyProof(3, 7).path()).hasSize(4);
        assertThat(TREE.consistencyProof(4, 7).path()).hasSize(1);
        assertThat(TREE.consistencyProof(6, 7).path()).hasSize(3);
        // inclusion of d (index 3) in the 7-tree: [c, g, l] = 3 elements; of leaf 6: [k, i] = 2.
        assertThat(TREE.inclusionProof(3, 7).path()).hasSize(3);
        assertThat(TREE.inclusionProof(6, 7).path()).hasSize(2);
    }

    @Test
    void rejectsOutOfRangeRequestsAndBadHashes() {
        assertThatThrownBy(() -> TREE.inclusionProof(5, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TREE.rootHash(MAX + 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TREE.consistencyProof(6, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LedgerHash.node(new byte[31], new byte[32])).isInstanceOf(IllegalArgumentException.class);
        assertThat(MerkleVerifier.verifyInclusion(0, 1, new byte[31], List.of(), new byte[32])).isFalse();
    }
}
