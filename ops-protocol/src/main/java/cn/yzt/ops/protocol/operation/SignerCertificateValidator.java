package cn.yzt.ops.protocol.operation;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Certificate path, validity, revocation and key-usage policy, pluggable because it differs by
 * place: the server checks against its trust store and current CRLs (cached), the offline
 * evidence verifier against trust anchors and the CRL saved in the bundle.
 */
@FunctionalInterface
public interface SignerCertificateValidator {

    /**
     * @param signer      the certificate whose key verified the signature
     * @param supplied    other certificates carried in the CMS (possible intermediates)
     * @param signingTime the signed signingTime attribute
     * @return empty if acceptable, else one of the {@code CERT_*} reasons
     */
    Optional<RejectionReason> check(X509Certificate signer, List<X509Certificate> supplied, Instant signingTime);

    /** Checks nothing: for tests and for callers that validate the certificate separately. */
    static SignerCertificateValidator signatureOnly() {
        return (signer, supplied, time) -> Optional.empty();
    }
}
