package cn.yzt.ops.client.records;

import cn.yzt.ops.client.settings.TestCerts;
import cn.yzt.ops.protocol.evidence.EvidenceBundle;
import cn.yzt.ops.protocol.ledger.EntryKind;
import cn.yzt.ops.protocol.ledger.InMemoryLeafHashes;
import cn.yzt.ops.protocol.ledger.LedgerEntry;
import cn.yzt.ops.protocol.ledger.MerkleTree;
import cn.yzt.ops.protocol.ledger.Receipt;
import cn.yzt.ops.protocol.ledger.SignedTreeHead;
import cn.yzt.ops.protocol.ledger.TreeHeadSigner;
import cn.yzt.ops.protocol.operation.OperationDocument;
import cn.yzt.ops.protocol.operation.OperationSigner;
import cn.yzt.ops.protocol.operation.SignedDocuments;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/** A small in-memory ledger with really signed operations (BouncyCastle SM2), as the server would keep it. */
final class LedgerFixture {
    final TestCerts pki = new TestCerts("CN=YZT 测试 CA,O=云南省自然资源厅,C=CN");
    final TestCerts.Person alice = pki.person("CN=张三,OU=运维,O=云南省自然资源厅,C=CN");
    final KeyPair ledgerKey = TestCerts.keyPair();
    private final InMemoryLeafHashes leaves = new InMemoryLeafHashes();
    private final List<byte[]> entries = new ArrayList<>();
    private final SecureRandom random = new SecureRandom();

    LedgerFixture() {
        for (int i = 0; i < 3; i++) {
            append(new LedgerEntry(EntryKind.LOGIN, ("login " + i).getBytes(StandardCharsets.UTF_8),
                    LedgerEntry.ACCEPTED, Instant.now()).encode());
        }
    }

    /** Appends a signed {@code type} operation; returns its index. */
    long operation(String type, String username) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        byte[] nonce = new byte[32];
        random.nextBytes(nonce);
        OperationDocument doc = OperationDocument.builder().type(type).parameter("username", username)
                .operator("zhangsan").signerCertSm3(SignedDocuments.certificateSm3(alice.cert())).nonce(nonce)
                .issuedAt(now).serverId("yzt-ops-test").build();
        byte[] cms = OperationSigner.builder().signerCertificate(alice.cert()).build().sign(doc, alice.signer());
        return append(new LedgerEntry(EntryKind.OPERATION, cms, LedgerEntry.ACCEPTED, now.plusMillis(5)).encode());
    }

    private long append(byte[] entry) {
        entries.add(entry);
        return leaves.appendEntry(entry);
    }

    byte[] entry(long index) {
        return entries.get((int) index).clone();
    }

    /** The receipt of {@code index} under a head of the current size signed with {@code key}. */
    Receipt receipt(long index, KeyPair key) {
        MerkleTree tree = new MerkleTree(leaves);
        long size = leaves.size();
        SignedTreeHead sth = TreeHeadSigner.software(key.getPublic(), key.getPrivate()).sign(tree, size, Instant.now());
        return Receipt.issue(tree, index, sth);
    }

    Receipt receipt(long index) {
        return receipt(index, ledgerKey);
    }

    /** What GET /api/v1/ledger/evidence/{index} answers: entry, receipt, the CA's CRL. */
    byte[] bundle(long index, KeyPair key) {
        return EvidenceBundle.builder().entry(entry(index)).receipt(receipt(index, key)).addCrl(pki.crl()).build().encode();
    }
}
