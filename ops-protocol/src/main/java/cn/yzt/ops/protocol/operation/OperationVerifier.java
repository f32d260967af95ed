package cn.yzt.ops.protocol.operation;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Set;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.IssuerAndSerialNumber;
import org.bouncycastle.asn1.cms.SignedData;
import org.bouncycastle.asn1.cms.SignerIdentifier;
import org.bouncycastle.asn1.cms.SignerInfo;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;

import cn.yzt.ops.protocol.crypto.Sm2;
import cn.yzt.ops.protocol.json.JsonFormatException;

/**
 * Verifies a CMS produced by {@link OperationSigner} (or any GM/T 0010 / PKCS#7 SM2 signer):
 * structure, SM3 digest, SM2 signature with the default ID over the DER signed attributes,
 * content = a valid {@link SignedDocument} naming the signing certificate, then the pluggable
 * certificate policy. Refusals carry a {@link RejectionReason}; nothing throws on bad input.
 * Immutable and thread-safe.
 */
public final class OperationVerifier {

    private final SignerCertificateValidator certificates;
    private final String expectedServerId;
    private final Clock clock;
    private final Duration maxSkew;

    private OperationVerifier(Builder b) {
        this.certificates = Objects.requireNonNull(b.certificates,
                "certificate validator (use SignerCertificateValidator.signatureOnly() to skip deliberately)");
        this.expectedServerId = b.expectedServerId;
        this.clock = b.clock;
        this.maxSkew = b.maxSkew;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Never throws for bad input: every problem is a rejection with a reason. */
    public OperationVerification verify(byte[] cms) {
        try {
            return verifyOrThrow(cms);
        } catch (Rejected r) {
            return OperationVerification.rejected(r.reason, r.getMessage());
        }
    }

    private OperationVerification verifyOrThrow(byte[] cms) throws Rejected {
        Parsed p = parse(cms);
        X509Certificate signer = certificate(p.signerCert);
        checkSm2Key(p.signerCert);
        checkSignature(p, signer);
        SignedDocument doc;
        try {
            doc = SignedDocuments.parse(p.content);
        } catch (JsonFormatException ex) {
            throw new Rejected(RejectionReason.INVALID_DOCUMENT, ex.getMessage());
        }
        if (!MessageDigest.isEqual(doc.signerCertSm3(), Sm2.sm3(encoded(p.signerCert)))) {
            throw new Rejected(RejectionReason.CERT_FINGERPRINT_MISMATCH, "signerCertSm3 is not the signing certificate");
        }
        if (expectedServerId != null && !expectedServerId.equals(doc.serverId())) {
            throw new Rejected(RejectionReason.WRONG_SERVER, "serverId " + doc.serverId());
        }
        if (maxSkew != null) {
            Instant now = clock.instant();
            if (Duration.between(p.signingTime, now).abs().compareTo(maxSkew) > 0) {
                throw new Rejected(RejectionReason.CLOCK_SKEW, "signingTime " + p.signingTime + ", now " + now);
            }
        }
        List<X509Certificate> others = new ArrayList<>();
        for (X509CertificateHolder h : p.otherCerts) {
            others.add(certificate(h));
        }
        Optional<RejectionReason> certProblem = certificates.check(signer, others, p.signingTime);
        if (certProblem.isPresent()) {
            throw new Rejected(certProblem.get(), "signer " + signer.getSubjectX500Principal().getName());
        }
        return OperationVerification.accepted(new VerifiedOperation(doc, signer, others, p.signingTime, p.profile));
    }

    /** The structural checks, in order; each failure names what was wrong. */
    private static Parsed parse(byte[] cms) throws Rejected {
        ContentInfo ci;
        SignedData sd;
        SignerInfo si;
        try {
            ci = ContentInfo.getInstance(ASN1Primitive.fromByteArray(cms));
            // DER only: one signature, one byte string (a BER variant would be a second ledger entry
            // for the same signature, and unsigned bytes could change unnoticed).
            if (!java.util.Arrays.equals(ci.getEncoded(ASN1Encoding.DER), cms)) {
                throw new Rejected(RejectionReason.MALFORMED_CMS, "not DER encoded");
            }
        } catch (IOException | RuntimeException ex) {
            throw new Rejected(RejectionReason.MALFORMED_CMS, String.valueOf(ex.getMessage()));
        }
        CmsProfile profile = CmsProfile.bySignedDataType(ci.getContentType());
        if (profile == null) {
            throw new Rejected(RejectionReason.NOT_SIGNED_DATA, "content type " + ci.getContentType());
        }
        try {
            sd = SignedData.getInstance(ci.getContent());
            if (sd.getSignerInfos().size() != 1) {
                throw new Rejected(RejectionReason.SIGNER_COUNT, sd.getSignerInfos().size() + " signers");
            }
            si = SignerInfo.getInstance(sd.getSignerInfos().getObjectAt(0));
            if (sd.getDigestAlgorithms().size() != 1 || !CmsProfile.SM3.equals(
                    org.bouncycastle.asn1.x509.AlgorithmIdentifier.getInstance(sd.getDigestAlgorithms().getObjectAt(0))
                            .getAlgorithm())) {
                throw new Rejected(RejectionReason.UNSUPPORTED_DIGEST, "SignedData digestAlgorithms is not {SM3}");
            }
            checkVersions(sd, si);
        } catch (RuntimeException ex) {
            throw new Rejected(RejectionReason.MALFORMED_CMS, String.valueOf(ex.getMessage()));
        }
        ASN1ObjectIdentifier eType = sd.getEncapContentInfo().getContentType();
        if (!profile.dataType().equals(eType)) {
            throw new Rejected(RejectionReason.UNSUPPORTED_CONTENT_TYPE, "encapsulated type " + eType + " in " + profile);
        }
        if (sd.getEncapContentInfo().getContent() == null) {
            throw new Rejected(RejectionReason.DETACHED_CONTENT, "no encapsulated content");
        }
        byte[] content;
        List<X509CertificateHolder> certs = new ArrayList<>();
        try {
            content = ASN1OctetString.getInstance(sd.getEncapContentInfo().getContent()).getOctets();
            if (sd.getCertificates() != null) {
                for (ASN1Encodable c : sd.getCertificates()) {
                    certs.add(new X509CertificateHolder(Certificate.getInstance(c)));
                }
            }
        } catch (RuntimeException ex) {
            throw new Rejected(RejectionReason.MALFORMED_CMS, String.valueOf(ex.getMessage()));
        }
        if (!CmsProfile.SM3.equals(si.getDigestAlgorithm().getAlgorithm())) {
            throw new Rejected(RejectionReason.UNSUPPORTED_DIGEST, "digest " + si.getDigestAlgorithm().getAlgorithm());
        }
        if (!CmsProfile.isSm2Signature(si.getDigestEncryptionAlgorithm().getAlgorithm())) {
            throw new Rejected(RejectionReason.UNSUPPORTED_SIGNATURE_ALGORITHM,
                    "signature " + si.getDigestEncryptionAlgorithm().getAlgorithm());
        }
        ASN1Set attrs = si.getAuthenticatedAttributes();
        if (attrs == null) {
            throw new Rejected(RejectionReason.SIGNED_ATTRIBUTES, "no signed attributes");
        }
        Instant signingTime;
        byte[] signedAttrsDer;
        try {
            AttributeTable table = new AttributeTable(attrs);
            ASN1ObjectIdentifier typeAttr = ASN1ObjectIdentifier.getInstance(single(table, CMSAttributes.contentType));
            if (!typeAttr.equals(eType)) {
                throw new Rejected(RejectionReason.CONTENT_TYPE_MISMATCH, "contentType attribute " + typeAttr);
            }
            byte[] digest = ASN1OctetString.getInstance(single(table, CMSAttributes.messageDigest)).getOctets();
            if (!MessageDigest.isEqual(digest, Sm2.sm3(content))) {
                throw new Rejected(RejectionReason.DIGEST_MISMATCH, "messageDigest is not SM3(content)");
            }
            signingTime = Time.getInstance(single(table, CMSAttributes.signingTime)).getDate().toInstant();
            // The signature covers the DER SET OF, whatever order the sender wrote (RFC 5652 section 5.4).
            signedAttrsDer = attrs.getEncoded(ASN1Encoding.DER);
        } catch (IOException | RuntimeException ex) {
            throw new Rejected(RejectionReason.SIGNED_ATTRIBUTES, String.valueOf(ex.getMessage()));
        }
        X509CertificateHolder signer = null;
        List<X509CertificateHolder> others = new ArrayList<>();
        for (X509CertificateHolder h : certs) {
            if (signer == null && identifies(si.getSID(), h)) {
                signer = h;
            } else {
                others.add(h);
            }
        }
        if (signer == null) {
            throw new Rejected(RejectionReason.SIGNER_CERT_MISSING, "no certificate matches the signer identifier");
        }
        return new Parsed(profile, content, signedAttrsDer, si.getEncryptedDigest().getOctets(), signingTime,
                signer, others);
    }

    private static ASN1Encodable single(AttributeTable table, ASN1ObjectIdentifier oid) throws Rejected {
        ASN1EncodableVector all = table.getAll(oid);
        if (all.size() != 1) {
            throw new Rejected(RejectionReason.SIGNED_ATTRIBUTES, oid + " appears " + all.size() + " times");
        }
        ASN1Set values = Attribute.getInstance(all.get(0)).getAttrValues();
        if (values.size() != 1) {
            throw new Rejected(RejectionReason.SIGNED_ATTRIBUTES, oid + " has " + values.size() + " values");
        }
        return values.getObjectAt(0);
    }

    /**
     * Byte-exact match of the unsigned signer identifier (BouncyCastle's SignerId compares names
     * case-insensitively, which would let "CN=CA" be rewritten to "CN=cA" unnoticed).
     */
    private static boolean identifies(SignerIdentifier sid, X509CertificateHolder h) {
        try {
            ASN1Encodable id = sid.getId();
            if (id instanceof ASN1OctetString ski) {
                org.bouncycastle.asn1.x509.Extension ext =
                        h.getExtension(org.bouncycastle.asn1.x509.Extension.subjectKeyIdentifier);
                return ext != null && java.util.Arrays.equals(
                        ASN1OctetString.getInstance(ext.getParsedValue()).getOctets(), ski.getOctets());
            }
            IssuerAndSerialNumber iasn = IssuerAndSerialNumber.getInstance(id);
            return java.util.Arrays.equals(iasn.getName().getEncoded(ASN1Encoding.DER),
                    h.toASN1Structure().getIssuer().getEncoded(ASN1Encoding.DER))
                    && iasn.getSerialNumber().getValue().equals(h.getSerialNumber());
        } catch (IOException | RuntimeException ex) {
            return false;
        }
    }

    /** RFC 5652 sections 5.1 and 5.3: the versions follow from the content type and identifier kind. */
    private static void checkVersions(SignedData sd, SignerInfo si) throws Rejected {
        boolean ski = si.getSID().getId() instanceof ASN1OctetString;
        int expectedSigner = ski ? 3 : 1;
        boolean otherType = !org.bouncycastle.asn1.cms.CMSObjectIdentifiers.data.equals(
                sd.getEncapContentInfo().getContentType());
        int expectedSignedData = ski || otherType ? 3 : 1;
        if (si.getVersion().intValueExact() != expectedSigner || sd.getVersion().intValueExact() != expectedSignedData) {
            throw new Rejected(RejectionReason.MALFORMED_CMS, "SignedData/SignerInfo version "
                    + sd.getVersion() + "/" + si.getVersion() + ", expected " + expectedSignedData + "/" + expectedSigner);
        }
    }

    /** The subject key must be id-ecPublicKey on sm2p256v1: anything else is refused before any maths. */
    private static void checkSm2Key(X509CertificateHolder cert) throws Rejected {
        SubjectPublicKeyInfo spki = cert.getSubjectPublicKeyInfo();
        if (!X9ObjectIdentifiers.id_ecPublicKey.equals(spki.getAlgorithm().getAlgorithm())
                || !GMObjectIdentifiers.sm2p256v1.equals(spki.getAlgorithm().getParameters())) {
            throw new Rejected(RejectionReason.SIGNER_KEY_UNSUPPORTED, "key " + spki.getAlgorithm().getAlgorithm());
        }
    }

    private static void checkSignature(Parsed p, X509Certificate signer) throws Rejected {
        try {
            // BouncyCastle's SM3withSM2 uses the GM/T 0009 default ID 1234567812345678.
            Signature s = Signature.getInstance("SM3withSM2", BcHolder.BC);
            s.initVerify(signer.getPublicKey());
            s.update(p.signedAttrsDer);
            if (!s.verify(p.signature)) {
                throw new Rejected(RejectionReason.BAD_SIGNATURE, "SM2 signature does not verify");
            }
        } catch (GeneralSecurityException | RuntimeException ex) {
            throw new Rejected(RejectionReason.BAD_SIGNATURE, String.valueOf(ex.getMessage()));
        }
    }

    private static X509Certificate certificate(X509CertificateHolder h) throws Rejected {
        try {
            return BcHolder.certificate(h.getEncoded());
        } catch (IOException | GeneralSecurityException ex) {
            throw new Rejected(RejectionReason.MALFORMED_CMS, "certificate: " + ex.getMessage());
        }
    }

    private static byte[] encoded(X509CertificateHolder h) throws Rejected {
        try {
            return h.getEncoded();
        } catch (IOException ex) {
            throw new Rejected(RejectionReason.MALFORMED_CMS, "certificate: " + ex.getMessage());
        }
    }

    private record Parsed(CmsProfile profile, byte[] content, byte[] signedAttrsDer, byte[] signature,
            Instant signingTime, X509CertificateHolder signerCert, List<X509CertificateHolder> otherCerts) {
    }

    /** Internal control flow only: turned into a rejection by {@link #verify(byte[])}. */
    private static final class Rejected extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient RejectionReason reason;

        Rejected(RejectionReason reason, String detail) {
            super(detail, null, false, false);
            this.reason = reason;
        }
    }

    /** Options; only the certificate validator is required. */
    public static final class Builder {
        private SignerCertificateValidator certificates;
        private String expectedServerId;
        private Clock clock = Clock.systemUTC();
        private Duration maxSkew;

        private Builder() {
        }

        /** Certificate policy (required; the server's trust store, or the offline one). */
        public Builder certificateValidator(SignerCertificateValidator value) {
            this.certificates = value;
            return this;
        }

        /** Refuse documents addressed to another server (WRONG_SERVER). */
        public Builder expectedServerId(String value) {
            this.expectedServerId = value;
            return this;
        }

        /** Refuse a signingTime further than {@code skew} from the clock (CLOCK_SKEW); off by default (offline use). */
        public Builder maxClockSkew(Duration skew, Clock now) {
            this.maxSkew = Objects.requireNonNull(skew);
            this.clock = Objects.requireNonNull(now);
            return this;
        }

        public OperationVerifier build() {
            return new OperationVerifier(this);
        }
    }
}
