package cn.yzt.ops.tlcp;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.CertPathValidator;
import java.security.cert.CertStore;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import cn.yzt.ops.protocol.crypto.Sm2;
import cn.yzt.ops.tlcp.pki.Bc;

/**
 * Trust anchors plus CRLs, and BouncyCastle PKIX path validation against them (the JDK's
 * validator cannot parse SM2 keys). Revocation is checked whenever CRLs are configured.
 *
 * <p>Successful validations are remembered per certificate (SM3 of its encoding): a warm PKIX
 * run with a CRL costs about 5 ms and a mutual TLCP handshake would need four of them. Anchors
 * and CRLs never change for one policy, so a cached success stays true; the validity dates are
 * still checked on every call.
 */
public final class TrustPolicy {

    private static final int CACHE_LIMIT = 4096;

    private final Set<TrustAnchor> anchors;
    private final List<X509Certificate> anchorCerts;
    private final List<X509CRL> crls;
    private final Map<String, Boolean> validated = new ConcurrentHashMap<>();

    private TrustPolicy(List<X509Certificate> anchorCerts, List<X509CRL> crls) {
        if (anchorCerts.isEmpty()) {
            throw new IllegalArgumentException("at least one trust anchor is required");
        }
        this.anchorCerts = List.copyOf(anchorCerts);
        this.crls = List.copyOf(crls);
        Set<TrustAnchor> a = new HashSet<>();
        for (X509Certificate c : this.anchorCerts) {
            a.add(new TrustAnchor(c, null));
        }
        this.anchors = Set.copyOf(a);
    }

    /** Anchors and CRLs are re-parsed with BouncyCastle so SM2 keys and signatures work. */
    public static TrustPolicy of(Collection<X509Certificate> anchors, Collection<X509CRL> crls) {
        try {
            List<X509Certificate> bcAnchors = new ArrayList<>();
            for (X509Certificate c : anchors) {
                bcAnchors.add(Bc.certificate(c));
            }
            List<X509CRL> bcCrls = new ArrayList<>();
            for (X509CRL crl : crls) {
                bcCrls.add(Bc.crl(crl.getEncoded()));
            }
            return new TrustPolicy(bcAnchors, bcCrls);
        } catch (GeneralSecurityException ex) {
            throw new IllegalArgumentException("unreadable trust anchor or CRL", ex);
        }
    }

    public List<X509Certificate> anchors() {
        return anchorCerts;
    }

    public List<X509CRL> crls() {
        return crls;
    }

    /**
     * Validates an end-entity certificate, with CA certificates the peer sent as possible
     * intermediates. Throws with the reason a person can act on.
     */
    public void validate(X509Certificate endEntity, List<X509Certificate> intermediates)
            throws TlcpCertificateException {
        X509Certificate leaf;
        List<X509Certificate> inter = new ArrayList<>();
        try {
            leaf = Bc.certificate(endEntity);
            for (X509Certificate c : intermediates) {
                inter.add(Bc.certificate(c));
            }
        } catch (GeneralSecurityException ex) {
            throw new TlcpCertificateException(TlcpFailure.OTHER, "unparsable certificate", ex);
        }
        checkDates(leaf);
        String key = fingerprint(leaf);
        if (validated.containsKey(key)) {
            return;
        }
        try {
            List<X509Certificate> path = new ArrayList<>();
            path.add(leaf);
            PKIXParameters params = new PKIXParameters(anchors);
            params.setRevocationEnabled(!crls.isEmpty());
            List<Object> store = new ArrayList<>(inter);
            store.addAll(crls);
            params.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(store),
                    Bc.PROVIDER));
            // Build leaf -> intermediates in issuer order; a peer-sent CA that is itself an
            // anchor must not be in the path.
            path.addAll(orderIntermediates(leaf, inter));
            CertPathValidator.getInstance("PKIX", Bc.PROVIDER).validate(
                    Bc.factory().generateCertPath(path), params);
        } catch (GeneralSecurityException ex) {
            throw classify(leaf, ex);
        }
        if (validated.size() >= CACHE_LIMIT) {
            validated.clear();
        }
        validated.put(key, Boolean.TRUE);
    }

    private List<X509Certificate> orderIntermediates(X509Certificate leaf, List<X509Certificate> inter) {
        List<X509Certificate> out = new ArrayList<>();
        X509Certificate current = leaf;
        for (int guard = 0; guard < 8; guard++) {
            if (issuedByAnchor(current)) {
                break;
            }
            X509Certificate next = null;
            for (X509Certificate c : inter) {
                if (c.getSubjectX500Principal().equals(current.getIssuerX500Principal()) && !out.contains(c)) {
                    next = c;
                    break;
                }
            }
            if (next == null) {
                break;
            }
            out.add(next);
            current = next;
        }
        return out;
    }

    private boolean issuedByAnchor(X509Certificate c) {
        for (X509Certificate a : anchorCerts) {
            if (a.getSubjectX500Principal().equals(c.getIssuerX500Principal())) {
                return true;
            }
        }
        return false;
    }

    private static void checkDates(X509Certificate leaf) throws TlcpCertificateException {
        try {
            leaf.checkValidity();
        } catch (CertificateExpiredException ex) {
            throw new TlcpCertificateException(TlcpFailure.EXPIRED,
                    leaf.getSubjectX500Principal() + " expired " + leaf.getNotAfter().toInstant(), ex);
        } catch (CertificateNotYetValidException ex) {
            throw new TlcpCertificateException(TlcpFailure.NOT_YET_VALID,
                    leaf.getSubjectX500Principal() + " valid from " + leaf.getNotBefore().toInstant(), ex);
        }
    }

    /** Finds the reason explicitly instead of reading BouncyCastle's message texts. */
    private TlcpCertificateException classify(X509Certificate leaf, GeneralSecurityException ex) {
        for (X509CRL crl : crls) {
            if (crl.getIssuerX500Principal().equals(leaf.getIssuerX500Principal()) && signedByKnownCa(crl)
                    && crl.isRevoked(leaf)) {
                return new TlcpCertificateException(TlcpFailure.REVOKED,
                        leaf.getSubjectX500Principal() + " serial " + leaf.getSerialNumber().toString(16), ex);
            }
        }
        return new TlcpCertificateException(TlcpFailure.UNTRUSTED_ISSUER,
                leaf.getSubjectX500Principal() + " issued by " + leaf.getIssuerX500Principal() + ": "
                        + ex.getMessage(), ex);
    }

    private boolean signedByKnownCa(X509CRL crl) {
        for (X509Certificate a : anchorCerts) {
            PublicKey k = a.getPublicKey();
            try {
                crl.verify(k, Bc.PROVIDER);
                return true;
            } catch (GeneralSecurityException ignored) {
                // not this anchor's CRL
            }
        }
        return false;
    }

    static String fingerprint(X509Certificate c) {
        try {
            return java.util.HexFormat.of().formatHex(Sm2.sm3(c.getEncoded()));
        } catch (java.security.cert.CertificateEncodingException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
