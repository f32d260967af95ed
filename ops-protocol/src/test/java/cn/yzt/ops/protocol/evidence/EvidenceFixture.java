package cn.yzt.ops.protocol.evidence;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509CRL;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

import cn.yzt.ops.protocol.ledger.EntryKind;
import cn.yzt.ops.protocol.ledger.InMemoryLeafHashes;
import cn.yzt.ops.protocol.ledger.LedgerEntry;
import cn.yzt.ops.protocol.ledger.MerkleTree;
import cn.yzt.ops.protocol.ledger.Receipt;
import cn.yzt.ops.protocol.ledger.SignedTreeHead;
import cn.yzt.ops.protocol.ledger.TreeHeadSigner;
import cn.yzt.ops.protocol.operation.CmsProfile;
import cn.yzt.ops.protocol.operation.OperationDocument;
import cn.yzt.ops.protocol.operation.OperationSigner;
import cn.yzt.ops.protocol.operation.SignedDocuments;
import cn.yzt.ops.protocol.operation.TestPki;

/** A small ledger with one signed operation at index 5 of 11, and its evidence bundle (test helper). */
public final class EvidenceFixture {

    public final TestPki pki = new TestPki("YZT Test CA");
    public final TestPki.Person alice = pki.person("alice");
    public final KeyPair ledgerKey = TestPki.keyPair();
    public final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    public final byte[] cms;
    public final LedgerEntry entry;
    public final Receipt receipt;

    public EvidenceFixture() {
        this(CmsProfile.PKCS7);
    }

    public EvidenceFixture(CmsProfile profile) {
        OperationDocument doc = OperationDocument.builder().type("user.disable").parameter("username", "mallory")
                .operator("alice").signerCertSm3(SignedDocuments.certificateSm3(alice.cert())).nonce(new byte[32])
                .issuedAt(now).serverId("yzt-ops-1").build();
        cms = OperationSigner.builder().signerCertificate(alice.cert()).profile(profile)
                .clock(Clock.fixed(now, ZoneOffset.UTC)).build().sign(doc, alice.signer());
        entry = new LedgerEntry(EntryKind.OPERATION, cms, LedgerEntry.ACCEPTED, now.plusMillis(20));
        receipt = receiptFor(entry.encode());
    }

    /** Ten filler entries around {@code entryBytes} at index 5, signed by the ledger key. */
    public Receipt receiptFor(byte[] entryBytes) {
        InMemoryLeafHashes leaves = new InMemoryLeafHashes();
        for (int i = 0; i < 11; i++) {
            leaves.appendEntry(i == 5 ? entryBytes : new LedgerEntry(EntryKind.LOGIN,
                    ("login " + i).getBytes(StandardCharsets.UTF_8), LedgerEntry.ACCEPTED, now).encode());
        }
        MerkleTree tree = new MerkleTree(leaves);
        SignedTreeHead sth = TreeHeadSigner.software(ledgerKey.getPublic(), ledgerKey.getPrivate())
                .sign(tree, 11, now.plusSeconds(1));
        return new Receipt(5, leaves.leafHashes(5, 6).get(0), sth, tree.inclusionProof(5, 11));
    }

    public byte[] bundle(X509CRL crl) {
        EvidenceBundle.Builder b = EvidenceBundle.builder().entry(entry.encode()).receipt(receipt);
        if (crl != null) {
            b.addCrl(crl);
        }
        return b.build().encode();
    }

    public byte[] bundle() {
        return bundle(pki.crl());
    }
}
