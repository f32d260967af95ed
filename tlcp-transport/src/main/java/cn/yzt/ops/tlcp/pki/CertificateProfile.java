package cn.yzt.ops.tlcp.pki;

import org.bouncycastle.asn1.x509.KeyUsage;

/**
 * What a certificate is for, and the key usage that says so. TLCP peers pick the sign and the
 * enc certificate by these bits (bgmprovider: digitalSignature means sign; keyEncipherment,
 * dataEncipherment or keyAgreement means enc), so sign and enc usages must never overlap.
 */
public enum CertificateProfile {
    /** A CA: certificate and CRL signing only. */
    CA(KeyUsage.keyCertSign | KeyUsage.cRLSign),
    /** Signature certificate: digitalSignature + nonRepudiation (issue 8). */
    SIGN(KeyUsage.digitalSignature | KeyUsage.nonRepudiation),
    /** Encryption certificate: keyEncipherment + dataEncipherment + keyAgreement (issue 8). */
    ENC(KeyUsage.keyEncipherment | KeyUsage.dataEncipherment | KeyUsage.keyAgreement);

    private final int keyUsageBits;

    CertificateProfile(int keyUsageBits) {
        this.keyUsageBits = keyUsageBits;
    }

    public KeyUsage keyUsage() {
        return new KeyUsage(keyUsageBits);
    }
}
