package cn.yzt.ops.protocol.evidence;

import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.bouncycastle.jce.provider.BouncyCastleProvider;

import cn.yzt.ops.protocol.operation.RejectionReason;
import cn.yzt.ops.protocol.operation.SignerCertificateValidator;

/**
 * Certificate policy for offline verification: a path from the signer through supplied CA
 * certificates to a trust anchor, every certificate valid at the validation time, not revoked by
 * then according to a CRL signed by its issuer and current at that time or issued after it (none
 * = revocation unknown = refused), and the
 * signer's key usage allowing digitalSignature or nonRepudiation. The validation time is the
 * server's receive time when known (attested by the signed tree head), else the signing time.
 */
public final class OfflineCertificateValidator implements SignerCertificateValidator {

    private static final Provider BC = new BouncyCastleProvider();
    private static final int MAX_PATH = 5;

    private final Set<X509Certificate> anchors;
    private final List<X509Certificate> intermediates;
    private final List<X509CRL> crls;
    private final Instant validationTime;

    /** @param validationTime null to use each signature's signingTime */
    public OfflineCertificateValidator(Set<X509Certificate> anchors, List<X509Certificate> intermediates,
            List<X509CRL> crls, Instant validationTime) {
        this.anchors = Set.copyOf(Certificates.viaBouncyCastle(anchors));
        this.intermediates = Certificates.viaBouncyCastle(intermediates);
        this.crls = List.copyOf(crls);
        this.validationTime = validationTime;
    }

    @Override
    public Optional<RejectionReason> check(X509Certificate signer, List<X509Certificate> supplied, Instant signingTime) {
        Date at = Date.from(validationTime != null ? validationTime : signingTime);
        List<X509Certificate> pool = new ArrayList<>(intermediates);
        pool.addAll(Certificates.viaBouncyCastle(supplied));
        List<X509Certificate> path = new ArrayList<>();
        X509Certificate current = signer;
        X509Certificate anchor = null;
        while (anchor == null) {
            path.add(current);
            if (path.size() > MAX_PATH) {
                return Optional.of(RejectionReason.CERT_UNTRUSTED);
            }
            anchor = issuerIn(current, anchors, false);
            if (anchor == null) {
                X509Certificate next = issuerIn(current, pool, true);
                if (next == null || path.contains(next)) {
                    return Optional.of(RejectionReason.CERT_UNTRUSTED);
                }
                current = next;
            }
        }
        List<X509Certificate> all = new ArrayList<>(path);
        all.add(anchor);
        for (X509Certificate c : all) {
            if (at.before(c.getNotBefore())) {
                return Optional.of(RejectionReason.CERT_NOT_YET_VALID);
            }
            if (at.after(c.getNotAfter())) {
                return Optional.of(RejectionReason.CERT_EXPIRED);
            }
        }
        for (int i = 0; i < path.size(); i++) {
            X509Certificate issuer = i + 1 < path.size() ? path.get(i + 1) : anchor;
            Optional<RejectionReason> r = revocation(path.get(i), issuer, at);
            if (r.isPresent()) {
                return r;
            }
        }
        boolean[] ku = signer.getKeyUsage();
        if (ku == null || ku.length < 2 || !(ku[0] || ku[1])) {
            return Optional.of(RejectionReason.CERT_KEY_USAGE);
        }
        return Optional.empty();
    }

    private Optional<RejectionReason> revocation(X509Certificate cert, X509Certificate issuer, Date at) {
        X509CRL crl = null;
        for (X509CRL c : crls) {
            if (c.getIssuerX500Principal().equals(issuer.getSubjectX500Principal()) && covers(c, at) && signedBy(c, issuer)
                    && (crl == null || c.getThisUpdate().after(crl.getThisUpdate()))) {
                crl = c;
            }
        }
        if (crl == null) {
            return Optional.of(RejectionReason.CERT_REVOCATION_UNKNOWN);
        }
        X509CRLEntry e = crl.getRevokedCertificate(cert.getSerialNumber());
        // Revoked only after the validation time: the signature predates the revocation and stands.
        if (e != null && !e.getRevocationDate().after(at)) {
            return Optional.of(RejectionReason.CERT_REVOKED);
        }
        return Optional.empty();
    }

    /**
     * A CRL speaks for the validation time if it was still current then (nextUpdate not passed)
     * or was issued later (newer knowledge). A CRL that had expired by then proves nothing.
     */
    private static boolean covers(X509CRL crl, Date at) {
        return !crl.getThisUpdate().before(at) || (crl.getNextUpdate() != null && !crl.getNextUpdate().before(at));
    }

    private static X509Certificate issuerIn(X509Certificate cert, Iterable<X509Certificate> candidates, boolean mustBeCa) {
        for (X509Certificate c : candidates) {
            if (c.getSubjectX500Principal().equals(cert.getIssuerX500Principal()) && (!mustBeCa || c.getBasicConstraints() >= 0)
                    && signedBy(cert, c)) {
                return c;
            }
        }
        return null;
    }

    private static boolean signedBy(X509Certificate cert, X509Certificate issuer) {
        try {
            cert.verify(issuer.getPublicKey(), BC);
            return true;
        } catch (GeneralSecurityException | RuntimeException ex) {
            return false;
        }
    }

    private static boolean signedBy(X509CRL crl, X509Certificate issuer) {
        try {
            crl.verify(issuer.getPublicKey(), BC);
            return true;
        } catch (GeneralSecurityException | RuntimeException ex) {
            return false;
        }
    }
}
