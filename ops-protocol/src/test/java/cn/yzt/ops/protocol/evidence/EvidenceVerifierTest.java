package cn.yzt.ops.protocol.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import cn.yzt.ops.protocol.ledger.LedgerEntry;
import cn.yzt.ops.protocol.ledger.LedgerHash;
import cn.yzt.ops.protocol.ledger.Receipt;
import cn.yzt.ops.protocol.operation.CmsProfile;
import cn.yzt.ops.protocol.operation.OperationDocument;
import cn.yzt.ops.protocol.operation.TestPki;

class EvidenceVerifierTest {

    private static final EvidenceFixture F = new EvidenceFixture();
    private static final EvidenceVerifier VERIFIER = new EvidenceVerifier(Set.of(F.pki.ca), F.ledgerKey.getPublic());

    @ParameterizedTest
    @EnumSource(CmsProfile.class)
    void bundleVerifiesOffline(CmsProfile profile) {
        EvidenceFixture f = profile == CmsProfile.PKCS7 ? F : new EvidenceFixture(profile);
        byte[] bundle = f.bundle();
        EvidenceReport r = new EvidenceVerifier(Set.of(f.pki.ca), f.ledgerKey.getPublic()).verify(bundle);
        assertThat(r.isVerified()).as(r.toString()).isTrue();
        assertThat(r.operation().orElseThrow().document()).isInstanceOf(OperationDocument.class);
        assertThat(r.receipt().orElseThrow().leafIndex()).isEqualTo(5);
        assertThat(r.entry().orElseThrow()).isEqualTo(f.entry);
        assertThat(EvidenceBundle.decode(bundle).encode()).isEqualTo(bundle);
    }

    @Test
    void oneChangedByteAtTheNamedPlacesFails() {
        byte[] bundle = F.bundle();
        String text = new String(bundle, StandardCharsets.UTF_8);
        // inside the CMS (within the base64 of the entry), inside the inclusion proof, inside the tree head signature
        String entryB64 = Base64.getEncoder().encodeToString(F.entry.encode());
        int cmsAt = text.indexOf(entryB64) + entryB64.length() / 2;
        int proofAt = text.indexOf("\"inclusionPath\":[\"") + 20;
        // near the END of the signature's base64: inside s's value bytes. Near the start the flip can hit
        // the DER lengths (they vary with the random r, s), which is refused earlier as malformed.
        int sigStart = text.indexOf("\"signature\":\"") + 13;
        int sigAt = text.indexOf('"', sigStart) - 10;
        int rootAt = text.indexOf("\"rootHash\":\"") + 15;
        int leafAt = text.indexOf("\"leafHash\":\"") + 15;
        assertThat(failureOf(flip(bundle, cmsAt))).isIn("LEDGER LEAF_HASH_MISMATCH", "BUNDLE_MALFORMED entry");
        assertThat(failureOf(flip(bundle, proofAt))).isEqualTo("LEDGER INCLUSION_FAILED");
        assertThat(failureOf(flip(bundle, sigAt))).isEqualTo("LEDGER TREE_HEAD_SIGNATURE");
        assertThat(failureOf(flip(bundle, rootAt))).isEqualTo("LEDGER TREE_HEAD_SIGNATURE");
        assertThat(failureOf(flip(bundle, leafAt))).isEqualTo("LEDGER LEAF_HASH_MISMATCH");
    }

    @Test
    void noSingleByteChangeAnywhereVerifies() {
        byte[] bundle = F.bundle();
        for (int i = 0; i < bundle.length; i += 3) {
            EvidenceReport r = VERIFIER.verify(flip(bundle, i));
            assertThat(r.isVerified()).as("byte %d", i).isFalse();
        }
    }

    @Test
    void aChangedCmsWithRecomputedLeafHashFailsInclusion() {
        byte[] cms = F.cms.clone();
        cms[cms.length - 10] ^= 1;
        LedgerEntry altered = new LedgerEntry(F.entry.kind(), cms, F.entry.result(), F.entry.receivedAt());
        Receipt r = F.receipt;
        Receipt forged = new Receipt(r.leafIndex(), LedgerHash.leaf(altered.encode()), r.signedTreeHead(), r.inclusionProof());
        byte[] bundle = EvidenceBundle.builder().entry(altered.encode()).receipt(forged).addCrl(F.pki.crl()).build().encode();
        assertThat(failureOf(bundle)).isEqualTo("LEDGER INCLUSION_FAILED");
        // a ledger that really holds the altered CMS: the signature check catches it
        byte[] logged = EvidenceBundle.builder().entry(altered.encode()).receipt(F.receiptFor(altered.encode()))
                .addCrl(F.pki.crl()).build().encode();
        assertThat(failureOf(logged)).isEqualTo("SIGNATURE BAD_SIGNATURE");
    }

    @Test
    void certificatePolicyOffline() {
        assertThat(failureOf(F.bundle(F.pki.crl(F.alice.cert())))).isEqualTo("SIGNATURE CERT_REVOKED");
        assertThat(failureOf(F.bundle(null))).isEqualTo("SIGNATURE CERT_REVOCATION_UNKNOWN");
        TestPki other = new TestPki("Other CA");
        assertThat(new EvidenceVerifier(Set.of(other.ca), F.ledgerKey.getPublic()).verify(F.bundle()).toString())
                .isEqualTo("SIGNATURE CERT_UNTRUSTED");
        // a CRL that had expired before the server received the operation proves nothing
        java.time.Instant t = F.entry.receivedAt();
        assertThat(failureOf(F.bundle(F.pki.crl(t.minusSeconds(7200), t.minusSeconds(60))))).isEqualTo(
                "SIGNATURE CERT_REVOCATION_UNKNOWN");
        // a CRL issued after the receive time is newer knowledge: usable
        assertThat(VERIFIER.verify(F.bundle(F.pki.crl(t.plusSeconds(60), t.plusSeconds(7200)))).isVerified()).isTrue();
        // a CRL signed by another CA is not used
        assertThat(failureOf(F.bundle(other.crl()))).isEqualTo("SIGNATURE CERT_REVOCATION_UNKNOWN");
        assertThat(new EvidenceVerifier(Set.of(F.pki.ca), TestPki.keyPair().getPublic()).verify(F.bundle()).toString())
                .isEqualTo("LEDGER TREE_HEAD_WRONG_KEY");
    }

    private static String failureOf(byte[] bundle) {
        EvidenceReport r = VERIFIER.verify(bundle);
        assertThat(r.isVerified()).isFalse();
        return r.toString();
    }

    /**
     * Changes one byte. At an alphanumeric position the replacement stays valid hex and base64, so
     * the change reaches the cryptographic checks instead of stopping at the parser.
     */
    static byte[] flip(byte[] b, int i) {
        byte[] c = b.clone();
        char ch = (char) c[i];
        if (Character.isLetterOrDigit(ch) && ch < 128) {
            c[i] = (byte) (ch == 'f' || ch == 'z' || ch == 'Z' || ch == '9' ? ch - 1 : ch + 1);
        } else {
            c[i] = (byte) (ch ^ 0x01);
        }
        return c;
    }
}
