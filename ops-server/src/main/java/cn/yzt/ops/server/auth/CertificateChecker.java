package cn.yzt.ops.server.auth;

import java.security.GeneralSecurityException;
import java.security.Security;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * Checks a UKEY certificate against the configured trust anchors: issued (and signed) by an
 * anchor, within validity, not revoked by that anchor's CRL, digitalSignature key usage.
 * Revocation fails closed: no CRL from the issuer, a CRL with a bad signature, or one past its
 * nextUpdate (plus the configured grace) refuses the certificate.
 * The chain is anchor → [intermediate CAs from the configuration, at most 4] → end entity; every
 * CA certificate on it must be a CA (basicConstraints), within validity, and not revoked by its
 * issuer's CRL, which is required (fail closed) for every level, as for the end entity.
 */
public final class CertificateChecker {

    static {
        if (Security.getProvider(BouncyCastleProvider.PROVIDER_NAME) == null) {
            Security.addProvider(new BouncyCastleProvider());
        }
    }

    /** Trust material plus what can be checked once per refresh: each issuer's newest valid CRL. */
    private record Snapshot(TrustMaterial trust, java.util.Map<javax.security.auth.x500.X500Principal, X509CRL> crls) {
    }

    static final int MAX_INTERMEDIATES = 4;

    // cert SM3 -> its issuers up to the anchor (signatures verified); SM2 verifies per login are
    // saved (cleared on every trust update)
    private final java.util.concurrent.ConcurrentHashMap<String, java.util.List<X509Certificate>> issuedBy =
            new java.util.concurrent.ConcurrentHashMap<>();
    private volatile Snapshot snapshot;
    private final Duration crlGrace;
    private final Clock clock;

    public CertificateChecker(TrustMaterial trust, Duration crlGrace, Clock clock) {
        this.snapshot = snapshot(trust);
        this.crlGrace = crlGrace;
        this.clock = clock;
    }

    /** The anchors, intermediates and CRLs in force now (what an evidence bundle carries). */
    public TrustMaterial trustMaterial() {
        return snapshot.trust();
    }

    /** Swaps in refreshed anchors/CRLs (e.g. after a CRL download). */
    public void update(TrustMaterial fresh) {
        this.snapshot = snapshot(fresh);
        issuedBy.clear();
    }

    private static Snapshot snapshot(TrustMaterial t) {
        // each CA's newest CRL that verifies under that CA's key (anchors and intermediates alike)
        java.util.Map<javax.security.auth.x500.X500Principal, X509CRL> best = new java.util.HashMap<>();
        java.util.List<X509Certificate> cas = new java.util.ArrayList<>(t.anchors());
        cas.addAll(t.intermediates());
        for (X509Certificate a : cas) {
            for (X509CRL c : t.crls()) {
                if (c.getIssuerX500Principal().equals(a.getSubjectX500Principal()) && verifies(c, a)) {
                    X509CRL prev = best.get(a.getSubjectX500Principal());
                    if (prev == null || c.getThisUpdate().after(prev.getThisUpdate())) {
                        best.put(a.getSubjectX500Principal(), c);
                    }
                }
            }
        }
        return new Snapshot(t, java.util.Map.copyOf(best));
    }

    /** Empty when the certificate is acceptable, else the first failed check. */
    public Optional<LoginFailure> check(X509Certificate cert) {
        Snapshot snap = snapshot;
        String key;
        try {
            key = java.util.HexFormat.of().formatHex(cn.yzt.ops.protocol.crypto.Sm2.sm3(cert.getEncoded()));
        } catch (java.security.cert.CertificateEncodingException ex) {
            return Optional.of(LoginFailure.CERT_UNTRUSTED);
        }
        java.util.List<X509Certificate> issuers = issuedBy.get(key);
        if (issuers == null) {
            issuers = path(snap.trust(), cert);
            if (issuers == null) {
                return Optional.of(LoginFailure.CERT_UNTRUSTED);
            }
            if (issuedBy.size() > 10_000) {
                issuedBy.clear();
            }
            issuedBy.put(key, issuers);
        }
        Instant now = clock.instant();
        if (now.isBefore(cert.getNotBefore().toInstant())) {
            return Optional.of(LoginFailure.CERT_NOT_YET_VALID);
        }
        if (now.isAfter(cert.getNotAfter().toInstant())) {
            return Optional.of(LoginFailure.CERT_EXPIRED);
        }
        X509Certificate subject = cert;
        for (X509Certificate issuer : issuers) {
            if (now.isBefore(issuer.getNotBefore().toInstant()) || now.isAfter(issuer.getNotAfter().toInstant())) {
                return Optional.of(LoginFailure.CERT_EXPIRED);
            }
            X509CRL crl = snap.crls().get(issuer.getSubjectX500Principal());
            if (crl == null) {
                return Optional.of(LoginFailure.CRL_MISSING);
            }
            if (crl.getNextUpdate() == null || now.isAfter(crl.getNextUpdate().toInstant().plus(crlGrace))) {
                return Optional.of(LoginFailure.CRL_STALE);
            }
            if (crl.getRevokedCertificate(subject.getSerialNumber()) != null) {
                return Optional.of(LoginFailure.CERT_REVOKED);
            }
            subject = issuer;
        }
        boolean[] ku = cert.getKeyUsage();
        if (ku == null || ku.length == 0 || !ku[0]) {
            return Optional.of(LoginFailure.CERT_KEY_USAGE);
        }
        return Optional.empty();
    }

    /**
     * The issuers of {@code cert} from its direct issuer up to and including a trust anchor, each
     * signature verified and each intermediate a CA; null when there is no such path.
     */
    private static java.util.List<X509Certificate> path(TrustMaterial trust, X509Certificate cert) {
        java.util.List<X509Certificate> out = new java.util.ArrayList<>();
        X509Certificate current = cert;
        for (int depth = 0; depth <= MAX_INTERMEDIATES; depth++) {
            for (X509Certificate a : trust.anchors()) {
                if (a.getSubjectX500Principal().equals(current.getIssuerX500Principal()) && verifies(current, a)) {
                    out.add(a);
                    return java.util.List.copyOf(out);
                }
            }
            X509Certificate next = null;
            for (X509Certificate i : trust.intermediates()) {
                if (i.getSubjectX500Principal().equals(current.getIssuerX500Principal()) && i.getBasicConstraints() >= 0
                        && !out.contains(i) && verifies(current, i)) {
                    next = i;
                    break;
                }
            }
            if (next == null) {
                return null;
            }
            out.add(next);
            current = next;
        }
        return null;
    }

    private static boolean verifies(X509Certificate cert, X509Certificate issuer) {
        try {
            cert.verify(issuer.getPublicKey(), BouncyCastleProvider.PROVIDER_NAME);
            return true;
        } catch (GeneralSecurityException ex) {
            return false;
        }
    }

    private static boolean verifies(X509CRL crl, X509Certificate issuer) {
        try {
            crl.verify(issuer.getPublicKey(), BouncyCastleProvider.PROVIDER_NAME);
            return true;
        } catch (GeneralSecurityException ex) {
            return false;
        }
    }
}
