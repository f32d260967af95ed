package cn.yzt.ops.protocol.operation;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;

/**
 * Which object identifiers a CMS SignedData carries (SKF-SPEC.md section 7.4). The bytes signed and
 * the SM2 maths are the same; only the labels differ.
 */
public enum CmsProfile {

    /** RFC 5652 content types, SM3withSM2 1.2.156.10197.1.501 (what BouncyCastle writes). */
    PKCS7(CMSObjectIdentifiers.signedData, CMSObjectIdentifiers.data, GMObjectIdentifiers.sm2sign_with_sm3),

    /** GM/T 0010 content types 1.2.156.10197.6.1.4.2.2/.1 and sm2-1 1.2.156.10197.1.301.1. */
    GMT_0010(new ASN1ObjectIdentifier("1.2.156.10197.6.1.4.2.2"), new ASN1ObjectIdentifier("1.2.156.10197.6.1.4.2.1"),
            GMObjectIdentifiers.sm2sign);

    /** SM3, 1.2.156.10197.1.401: the only digest accepted. */
    public static final ASN1ObjectIdentifier SM3 = GMObjectIdentifiers.sm3;

    private final ASN1ObjectIdentifier signedDataType;
    private final ASN1ObjectIdentifier dataType;
    private final ASN1ObjectIdentifier signatureAlgorithm;

    CmsProfile(ASN1ObjectIdentifier signedDataType, ASN1ObjectIdentifier dataType, ASN1ObjectIdentifier signatureAlgorithm) {
        this.signedDataType = signedDataType;
        this.dataType = dataType;
        this.signatureAlgorithm = signatureAlgorithm;
    }

    public ASN1ObjectIdentifier signedDataType() {
        return signedDataType;
    }

    public ASN1ObjectIdentifier dataType() {
        return dataType;
    }

    public ASN1ObjectIdentifier signatureAlgorithm() {
        return signatureAlgorithm;
    }

    /** Whether an OID names SM2 signing with SM3 in either profile (both are accepted when verifying). */
    static boolean isSm2Signature(ASN1ObjectIdentifier oid) {
        return PKCS7.signatureAlgorithm.equals(oid) || GMT_0010.signatureAlgorithm.equals(oid);
    }

    /** The profile whose outer content type this is, or null. */
    static CmsProfile bySignedDataType(ASN1ObjectIdentifier oid) {
        for (CmsProfile p : values()) {
            if (p.signedDataType.equals(oid)) {
                return p;
            }
        }
        return null;
    }
}
