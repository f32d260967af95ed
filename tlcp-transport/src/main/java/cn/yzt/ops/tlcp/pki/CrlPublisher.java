package cn.yzt.ops.tlcp.pki;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;

import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v2CRLBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The revocation list of one CA: records revocations and signs a fresh CRL on demand, with an
 * increasing CRL number so relying parties can tell the newest list.
 */
public final class CrlPublisher {

    /** A revoked serial with when and why (RFC 5280 CRLReason code). */
    public record Revocation(BigInteger serial, Instant date, int reason) {
    }

    private final X509Certificate caCertificate;
    private final PrivateKey caKey;
    private final Duration nextUpdate;
    private final Map<BigInteger, Revocation> revoked = new LinkedHashMap<>();
    private long crlNumber;

    CrlPublisher(X509Certificate caCertificate, PrivateKey caKey, Duration nextUpdate) {
        this.caCertificate = caCertificate;
        this.caKey = caKey;
        this.nextUpdate = nextUpdate;
    }

    synchronized void revoke(Revocation revocation) {
        revoked.putIfAbsent(revocation.serial(), revocation);
    }

    public synchronized Map<BigInteger, Revocation> revoked() {
        return Map.copyOf(revoked);
    }

    /** The number of the last CRL signed (0 before the first). */
    public synchronized long lastCrlNumber() {
        return crlNumber;
    }

    /** For a CA restored from disk: CRL numbers must keep increasing across runs. */
    synchronized void continueNumberingAfter(long last) {
        crlNumber = Math.max(crlNumber, last);
    }

    /** Signs and returns a new CRL holding every revocation so far. */
    public synchronized X509CRL publish() {
        Instant now = Instant.now();
        try {
            X509v2CRLBuilder b = new JcaX509v2CRLBuilder(caCertificate, Date.from(now));
            b.setNextUpdate(Date.from(now.plus(nextUpdate)));
            for (Revocation r : revoked.values()) {
                b.addCRLEntry(r.serial(), Date.from(r.date()), r.reason());
            }
            b.addExtension(Extension.cRLNumber, false, new CRLNumber(BigInteger.valueOf(++crlNumber)));
            b.addExtension(Extension.authorityKeyIdentifier, false,
                    new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(caCertificate));
            return new JcaX509CRLConverter().setProvider(Bc.PROVIDER).getCRL(
                    b.build(new JcaContentSignerBuilder("SM3withSM2").setProvider(Bc.PROVIDER).build(caKey)));
        } catch (GeneralSecurityException | OperatorCreationException | java.io.IOException ex) {
            throw new PkiException("pki.crl.failed", ex);
        }
    }
}
