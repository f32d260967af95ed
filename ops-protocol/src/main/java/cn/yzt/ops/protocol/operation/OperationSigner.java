package cn.yzt.ops.protocol.operation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.Hashtable;
import java.util.List;
import java.util.Objects;

import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSAttributeTableGenerator;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.SignerInfoGeneratorBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * Signs a {@link SignedDocument} as DER CMS SignedData (SKF-SPEC.md section 7.4): attached canonical
 * JSON, SM3 digest, signed attributes contentType + messageDigest (plain SM3 of the content) +
 * signingTime, SM2 signature by any {@link ContentSigner} (the UKEY one in the console, a software
 * one in tests and tools), signer certificate included. Immutable and thread-safe; the
 * ContentSigner is single-use, so one is passed per signature.
 */
public final class OperationSigner {

    private final X509Certificate certificate;
    private final byte[] certificateSm3;
    private final List<X509Certificate> extraCertificates;
    private final CmsProfile profile;
    private final Clock clock;
    private final DigestCalculatorProvider digests;

    private OperationSigner(Builder b) {
        this.certificate = Objects.requireNonNull(b.certificate, "signer certificate");
        this.certificateSm3 = SignedDocuments.certificateSm3(certificate);
        this.extraCertificates = List.copyOf(b.extraCertificates);
        this.profile = b.profile;
        this.clock = b.clock;
        try {
            this.digests = new JcaDigestCalculatorProviderBuilder().setProvider(BcHolder.BC).build();
        } catch (OperatorCreationException ex) {
            throw new IllegalStateException("BouncyCastle digests unavailable", ex);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public CmsProfile profile() {
        return profile;
    }

    /**
     * The DER CMS. The document must name this signer's certificate; the ContentSigner must be
     * SM2 with SM3 (either OID: the profile decides what is written).
     */
    public byte[] sign(SignedDocument document, ContentSigner contentSigner) {
        if (!MessageDigest.isEqual(document.signerCertSm3(), certificateSm3)) {
            throw new IllegalArgumentException("the document names another certificate (signerCertSm3) than the signer's");
        }
        if (!CmsProfile.isSm2Signature(contentSigner.getAlgorithmIdentifier().getAlgorithm())) {
            throw new IllegalArgumentException("not an SM2-with-SM3 signer: " + contentSigner.getAlgorithmIdentifier().getAlgorithm());
        }
        try {
            Date signingTime = Date.from(clock.instant());
            CMSSignedDataGenerator gen = new CMSSignedDataGenerator();
            gen.addSignerInfoGenerator(new SignerInfoGeneratorBuilder(digests,
                    alg -> new AlgorithmIdentifier(profile.signatureAlgorithm()))
                    .setContentDigest(new AlgorithmIdentifier(CmsProfile.SM3))
                    .setSignedAttributeGenerator(signedAttributes(signingTime))
                    .build(contentSigner, new X509CertificateHolder(certificate.getEncoded())));
            List<X509Certificate> certs = new ArrayList<>();
            certs.add(certificate);
            certs.addAll(extraCertificates);
            gen.addCertificates(new JcaCertStore(certs));
            CMSSignedData signed = gen.generate(
                    new CMSProcessableByteArray(profile.dataType(), document.toCanonicalJson()), true);
            // BouncyCastle always labels the outer ContentInfo PKCS#7; relabel for GM/T 0010.
            return new ContentInfo(profile.signedDataType(), signed.toASN1Structure().getContent())
                    .getEncoded(ASN1Encoding.DER);
        } catch (CMSException | OperatorCreationException | GeneralSecurityException ex) {
            throw new IllegalStateException("CMS signing failed: " + ex.getMessage(), ex);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** Exactly contentType, messageDigest and signingTime, as GM/T 0010 lists them (no other attributes). */
    private static CMSAttributeTableGenerator signedAttributes(Date signingTime) {
        return params -> {
            Hashtable<ASN1ObjectIdentifier, Attribute> t = new Hashtable<>();
            ASN1ObjectIdentifier type = (ASN1ObjectIdentifier) params.get(CMSAttributeTableGenerator.CONTENT_TYPE);
            byte[] digest = (byte[]) params.get(CMSAttributeTableGenerator.DIGEST);
            t.put(CMSAttributes.contentType, new Attribute(CMSAttributes.contentType, new DERSet(type)));
            t.put(CMSAttributes.messageDigest,
                    new Attribute(CMSAttributes.messageDigest, new DERSet(new DEROctetString(digest))));
            t.put(CMSAttributes.signingTime, new Attribute(CMSAttributes.signingTime, new DERSet(new Time(signingTime))));
            return new AttributeTable(t);
        };
    }

    /** Collects the signer's certificate and options. */
    public static final class Builder {
        private X509Certificate certificate;
        private final List<X509Certificate> extraCertificates = new ArrayList<>();
        private CmsProfile profile = CmsProfile.PKCS7;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** The certificate of the key behind the ContentSigner (required). */
        public Builder signerCertificate(X509Certificate value) {
            this.certificate = value;
            return this;
        }

        /** Intermediate CA certificates to carry too (optional). */
        public Builder addCertificate(X509Certificate value) {
            extraCertificates.add(Objects.requireNonNull(value));
            return this;
        }

        /** OID labels; {@link CmsProfile#PKCS7} by default. */
        public Builder profile(CmsProfile value) {
            this.profile = Objects.requireNonNull(value);
            return this;
        }

        /** Source of the signingTime attribute (UTCTime, whole seconds). */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value);
            return this;
        }

        public OperationSigner build() {
            return new OperationSigner(this);
        }
    }
}
