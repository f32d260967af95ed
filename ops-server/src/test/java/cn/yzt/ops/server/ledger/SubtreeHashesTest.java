package cn.yzt.ops.server.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import cn.yzt.ops.protocol.ledger.InMemoryLeafHashes;
import cn.yzt.ops.protocol.ledger.InclusionProof;
import cn.yzt.ops.protocol.ledger.LedgerHash;
import cn.yzt.ops.protocol.ledger.MerkleTree;

/**
 * The cached complete-subtree hashes give exactly the RFC 9162 roots and proofs of the plain
 * recomputation (ops-protocol's MerkleTree over all leaves), for every size 1..70, every index and
 * every pair of sizes, with and without uncommitted leaves in a view.
 */
class SubtreeHashesTest {

    private static byte[] leaf(int i) {
        return LedgerHash.leaf(("entry " + i).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void rootsAndProofsEqualTheFullRecomputation() {
        SubtreeHashes cache = new SubtreeHashes();
        InMemoryLeafHashes plain = new InMemoryLeafHashes();
        for (int n = 1; n <= 70; n++) {
            byte[] l = leaf(n);
            assertThat(cache.append(n - 1, List.of(l))).isTrue();
            plain.append(l);
            MerkleTree fast = new MerkleTree(cache.view(n, List.of()));
            MerkleTree ref = new MerkleTree(plain);
            for (int size = 1; size <= n; size++) {
                assertThat(fast.rootHash(size)).isEqualTo(ref.rootHash(size));
            }
            for (int i = 0; i < n; i++) {
                InclusionProof p = fast.inclusionProof(i, n);
                assertThat(p.path()).usingElementComparator(SubtreeHashesTest::compare).isEqualTo(ref.inclusionProof(i, n).path());
                assertThat(p.verify(plain.leafHashes(i, i + 1).get(0), ref.rootHash(n))).isTrue();
                // a wrong leaf or a wrong index does not verify (index i holds leaf(i + 1))
                assertThat(p.verify(leaf(1000), ref.rootHash(n))).isFalse();
                if (n > 1) {
                    assertThat(new InclusionProof((i + 1) % n, n, p.path()).verify(leaf(i + 1), ref.rootHash(n))).isFalse();
                }
            }
            for (int m = 0; m <= n; m++) {
                assertThat(fast.consistencyProof(m, n).path()).usingElementComparator(SubtreeHashesTest::compare)
                        .isEqualTo(ref.consistencyProof(m, n).path());
            }
        }
    }

    @Test
    void pendingLeavesInAViewMatchAndLeaveTheCacheUnchanged() {
        SubtreeHashes cache = new SubtreeHashes();
        InMemoryLeafHashes plain = new InMemoryLeafHashes();
        List<byte[]> committed = new ArrayList<>();
        for (int i = 0; i < 37; i++) {
            committed.add(leaf(i));
            plain.append(leaf(i));
        }
        cache.append(0, committed);
        List<byte[]> pending = new ArrayList<>();
        for (int i = 37; i < 64 + 7; i++) {
            pending.add(leaf(i));
            plain.append(leaf(i));
        }
        MerkleTree view = new MerkleTree(cache.view(37, pending));
        MerkleTree ref = new MerkleTree(plain);
        long n = plain.size();
        assertThat(view.rootHash(n)).isEqualTo(ref.rootHash(n));
        for (long i = 0; i < n; i++) {
            assertThat(view.inclusionProof(i, n).verify(plain.leafHashes(i, i + 1).get(0), ref.rootHash(n))).isTrue();
        }
        // the view was dropped (a rolled-back batch): the cache still holds the 37 committed leaves only
        assertThat(cache.size()).isEqualTo(37);
        assertThat(cache.hash(0, 37)).isEqualTo(ref.rootHash(37));
        // a view of fewer committed leaves than known is a consistent prefix as well
        assertThat(new MerkleTree(cache.view(20, List.of())).rootHash(20)).isEqualTo(ref.rootHash(20));
    }

    @Test
    void appendOutOfStepIsRefusedAndChangesNothing() {
        SubtreeHashes cache = new SubtreeHashes();
        cache.append(0, List.of(leaf(0), leaf(1)));
        assertThat(cache.append(1, List.of(leaf(9)))).isFalse();
        assertThat(cache.append(3, List.of(leaf(9)))).isFalse();
        assertThat(cache.size()).isEqualTo(2);
        assertThatThrownBy(() -> cache.view(3, List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> cache.hash(0, 3)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void largeLogsAreBuiltIncrementally() {
        SubtreeHashes cache = new SubtreeHashes();
        InMemoryLeafHashes plain = new InMemoryLeafHashes();
        int n = 5000; // more than a chunk of 1024 hashes on the lower levels
        List<byte[]> batch = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            batch.add(leaf(i));
            plain.append(leaf(i));
            if (batch.size() == 333 || i == n - 1) {
                assertThat(cache.append(i + 1 - batch.size(), batch)).isTrue();
                batch = new ArrayList<>();
            }
        }
        MerkleTree ref = new MerkleTree(plain);
        MerkleTree fast = new MerkleTree(cache.view(n, List.of()));
        for (int size : new int[] {1, 1023, 1024, 1025, 4096, 4999, 5000}) {
            assertThat(fast.rootHash(size)).isEqualTo(ref.rootHash(size));
        }
        assertThat(fast.consistencyProof(1234, 5000).verify(ref.rootHash(1234), ref.rootHash(5000))).isTrue();
    }

    private static int compare(byte[] a, byte[] b) {
        return java.util.Arrays.compare(a, b);
    }
}
