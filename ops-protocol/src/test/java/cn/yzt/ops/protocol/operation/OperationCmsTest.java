package cn.yzt.ops.protocol.operation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.SignedData;
import org.bouncycastle.asn1.cms.SignerInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import cn.yzt.ops.protocol.ledger.LedgerHash;

class OperationCmsTest {

    private static final TestPki PKI = new TestPki("Test CA");
    private static final TestPki.Person ALICE = PKI.person("alice");
    private static final TestPki.Person BOB = PKI.person("bob");
    private static final Instant T = Instant.parse("2026-11-27T10:00:00Z");
    private static final OperationVerifier VERIFIER = OperationVerifier.builder()
            .certificateValidator(SignerCertificateValidator.signatureOnly()).build();

    static OperationDocument grant(TestPki.Person p) {
        return OperationDocument.builder().type("role.grant").parameter("username", "carol").parameter("role", "auditor")
                .operator(p.name()).signerCertSm3(SignedDocuments.certificateSm3(p.cert()))
                .nonce(new byte[24]).issuedAt(T).serverId("yzt-ops-1").build();
    }

    static byte[] sign(SignedDocument d, TestPki.Person p, CmsProfile profile) {
        return OperationSigner.builder().signerCertificate(p.cert()).profile(profile)
                .clock(Clock.fixed(T.plusSeconds(3), ZoneOffset.UTC)).build().sign(d, p.signer());
    }

    @ParameterizedTest
    @EnumSource(CmsProfile.class)
    void softwareSignedOperationVerifies(CmsProfile profile) throws Exception {
        OperationDocument doc = grant(ALICE);
        byte[] cms = sign(doc, ALICE, profile);
        OperationVerification v = VERIFIER.verify(cms);
        assertThat(v.isAccepted()).as(v.toString()).isTrue();
        VerifiedOperation op = v.operation();
        assertThat(op.document()).isEqualTo(doc);
        assertThat(op.signer()).isEqualTo(ALICE.cert());
        assertThat(op.signingTime()).isEqualTo(T.plusSeconds(3));
        assertThat(op.profile()).isEqualTo(profile);

        ContentInfo ci = ContentInfo.getInstance(ASN1Primitive.fromByteArray(cms));
        SignedData sd = SignedData.getInstance(ci.getContent());
        SignerInfo si = SignerInfo.getInstance(sd.getSignerInfos().getObjectAt(0));
        assertThat(ci.getContentType()).isEqualTo(profile.signedDataType());
        assertThat(sd.getEncapContentInfo().getContentType()).isEqualTo(profile.dataType());
        assertThat(si.getDigestEncryptionAlgorithm().getAlgorithm()).isEqualTo(profile.signatureAlgorithm());
        assertThat(si.getDigestAlgorithm().getAlgorithm().getId()).isEqualTo("1.2.156.10197.1.401");
        if (profile == CmsProfile.PKCS7) {
            // interoperability: BouncyCastle's own CMS verifier accepts the PKCS#7 variant as is
            SignerInformation s = new CMSSignedData(cms).getSignerInfos().getSigners().iterator().next();
            assertThat(s.verify(new JcaSimpleSignerInfoVerifierBuilder().setProvider(TestPki.BC).build(ALICE.cert())))
                    .isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(CmsProfile.class)
    void anyModifiedByteIsRefused(CmsProfile profile) {
        byte[] cms = sign(grant(ALICE), ALICE, profile);
        byte[] content = grant(ALICE).toCanonicalJson();
        int contentAt = indexOf(cms, content);
        assertThat(contentAt).isPositive();
        // one byte inside the content (a parameter value), and the last byte (inside the signature)
        byte[] c1 = cms.clone();
        c1[contentAt + content.length - 5] ^= 0x01;
        assertThat(VERIFIER.verify(c1).reason()).contains(RejectionReason.DIGEST_MISMATCH);
        byte[] c2 = cms.clone();
        c2[c2.length - 3] ^= 0x01;
        assertThat(VERIFIER.verify(c2).isAccepted()).isFalse();
        // every single byte flipped, all over the structure: never accepted
        for (int i = 0; i < cms.length; i += 7) {
            byte[] c = cms.clone();
            c[i] ^= 0x20;
            OperationVerification v = VERIFIER.verify(c);
            assertThat(v.isAccepted()).as("byte %d", i).isFalse();
            assertThat(v.reason()).isPresent();
        }
        assertThat(VERIFIER.verify(java.util.Arrays.copyOf(cms, cms.length + 1)).reason())
                .contains(RejectionReason.MALFORMED_CMS);
        assertThat(VERIFIER.verify(new byte[0]).reason()).contains(RejectionReason.MALFORMED_CMS);
    }

    @Test
    void signatureOverTheSignedAttributesIsChecked() {
        // A valid CMS whose signature comes from another key but carries alice's certificate.
        ContentSigner wrongKey = BOB.signer();
        byte[] cms = OperationSigner.builder().signerCertificate(ALICE.cert()).build().sign(grant(ALICE), wrongKey);
        OperationVerification v = VERIFIER.verify(cms);
        assertThat(v.reason()).contains(RejectionReason.BAD_SIGNATURE);
    }

    @Test
    void documentMustNameTheSigningCertificate() {
        assertThatThrownBy(() -> OperationSigner.builder().signerCertificate(BOB.cert()).build().sign(grant(ALICE),
                BOB.signer())).isInstanceOf(IllegalArgumentException.class);
        // bypass the signer's own check with plain BouncyCastle: alice's document, bob's key and certificate
        byte[] cms = bcSign(grant(ALICE).toCanonicalJson(), BOB);
        assertThat(VERIFIER.verify(cms).reason()).contains(RejectionReason.CERT_FINGERPRINT_MISMATCH);
        // the same route with a matching document verifies: a standard BouncyCastle CMS is accepted
        assertThat(VERIFIER.verify(bcSign(grant(BOB).toCanonicalJson(), BOB)).isAccepted()).isTrue();
        // content that is not a canonical operation document
        assertThat(VERIFIER.verify(bcSign("{\"a\":1}".getBytes(StandardCharsets.UTF_8), BOB)).reason())
                .contains(RejectionReason.INVALID_DOCUMENT);
        String spaced = new String(grant(BOB).toCanonicalJson(), StandardCharsets.UTF_8).replace(",", ", ");
        assertThat(VERIFIER.verify(bcSign(spaced.getBytes(StandardCharsets.UTF_8), BOB)).reason())
                .contains(RejectionReason.INVALID_DOCUMENT);
    }

    /** BouncyCastle's stock generator (its default signed attributes, PKCS#7 OIDs). */
    static byte[] bcSign(byte[] content, TestPki.Person p) {
        try {
            org.bouncycastle.cms.CMSSignedDataGenerator g = new org.bouncycastle.cms.CMSSignedDataGenerator();
            g.addSignerInfoGenerator(new org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder(
                    new org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder().setProvider(TestPki.BC)
                            .build()).build(p.signer(), p.cert()));
            g.addCertificates(new org.bouncycastle.cert.jcajce.JcaCertStore(java.util.List.of(p.cert())));
            return g.generate(new org.bouncycastle.cms.CMSProcessableByteArray(content), true).getEncoded("DER");
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    @Test
    void nonSm2SignerIsRefusedAtSigning() {
        ContentSigner rsa = new ContentSigner() {
            @Override
            public AlgorithmIdentifier getAlgorithmIdentifier() {
                return new AlgorithmIdentifier(new ASN1ObjectIdentifier("1.2.840.113549.1.1.11"));
            }

            @Override
            public OutputStream getOutputStream() {
                return new ByteArrayOutputStream();
            }

            @Override
            public byte[] getSignature() {
                return new byte[64];
            }
        };
        assertThatThrownBy(() -> OperationSigner.builder().signerCertificate(ALICE.cert()).build().sign(grant(ALICE), rsa))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void certificatePolicyIsPluggableAndServerAndSkewAreChecked() {
        byte[] cms = sign(grant(ALICE), ALICE, CmsProfile.PKCS7);
        OperationVerifier revoked = OperationVerifier.builder()
                .certificateValidator((c, others, t) -> Optional.of(RejectionReason.CERT_REVOKED)).build();
        assertThat(revoked.verify(cms).reason()).contains(RejectionReason.CERT_REVOKED);
        OperationVerifier otherServer = OperationVerifier.builder()
                .certificateValidator(SignerCertificateValidator.signatureOnly()).expectedServerId("other").build();
        assertThat(otherServer.verify(cms).reason()).contains(RejectionReason.WRONG_SERVER);
        OperationVerifier skew = OperationVerifier.builder()
                .certificateValidator(SignerCertificateValidator.signatureOnly())
                .maxClockSkew(Duration.ofMinutes(5), Clock.fixed(T.plusSeconds(3600), ZoneOffset.UTC)).build();
        assertThat(skew.verify(cms).reason()).contains(RejectionReason.CLOCK_SKEW);
        OperationVerifier inTime = OperationVerifier.builder()
                .certificateValidator(SignerCertificateValidator.signatureOnly())
                .maxClockSkew(Duration.ofMinutes(5), Clock.fixed(T.plusSeconds(60), ZoneOffset.UTC)).build();
        assertThat(inTime.verify(cms).isAccepted()).isTrue();
    }

    @Test
    void approvalNamingAnotherRequestIsDetected() {
        byte[] requestCms = sign(grant(ALICE), ALICE, CmsProfile.PKCS7);
        byte[] requestLeaf = LedgerHash.leaf(requestCms);
        byte[] otherLeaf = LedgerHash.leaf("another request".getBytes(StandardCharsets.UTF_8));
        VerifiedOperation request = VERIFIER.verify(requestCms).operation();

        VerifiedOperation good = VERIFIER.verify(sign(approval(BOB, requestLeaf, "role.grant"), BOB, CmsProfile.PKCS7))
                .operation();
        assertThat(DualControl.check(request, requestLeaf, good)).isEmpty();

        VerifiedOperation wrong = VERIFIER.verify(sign(approval(BOB, otherLeaf, "role.grant"), BOB, CmsProfile.PKCS7))
                .operation();
        assertThat(DualControl.check(request, requestLeaf, wrong)).contains(RejectionReason.APPROVAL_WRONG_REQUEST);

        VerifiedOperation self = VERIFIER.verify(sign(approval(ALICE, requestLeaf, "role.grant"), ALICE,
                CmsProfile.GMT_0010)).operation();
        assertThat(DualControl.check(request, requestLeaf, self)).contains(RejectionReason.APPROVAL_BY_REQUESTER);

        VerifiedOperation mismatch = VERIFIER.verify(sign(approval(BOB, requestLeaf, "user.create"), BOB,
                CmsProfile.PKCS7)).operation();
        assertThat(DualControl.check(request, requestLeaf, mismatch)).contains(RejectionReason.APPROVAL_MISMATCH);
        assertThat(DualControl.check(good, requestLeaf, request)).contains(RejectionReason.WRONG_PURPOSE);
    }

    static ApprovalDocument approval(TestPki.Person p, byte[] leaf, String type) {
        return ApprovalDocument.builder().requestLeafHash(leaf).requestType(type).operator(p.name())
                .signerCertSm3(SignedDocuments.certificateSm3(p.cert())).nonce(new byte[16]).issuedAt(T)
                .serverId("yzt-ops-1").build();
    }

    static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
