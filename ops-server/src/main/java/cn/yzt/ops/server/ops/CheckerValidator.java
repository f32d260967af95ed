package cn.yzt.ops.server.ops;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import cn.yzt.ops.protocol.operation.RejectionReason;
import cn.yzt.ops.protocol.operation.SignerCertificateValidator;
import cn.yzt.ops.server.auth.CertificateChecker;
import cn.yzt.ops.server.auth.LoginFailure;

/**
 * The server's certificate policy for signed operations: the login's {@link CertificateChecker}
 * (chain to a trust anchor, validity now, current CRL, digitalSignature key usage), plus validity
 * at the signing time.
 */
public final class CheckerValidator implements SignerCertificateValidator {

    private final CertificateChecker checker;

    public CheckerValidator(CertificateChecker checker) {
        this.checker = checker;
    }

    @Override
    public Optional<RejectionReason> check(X509Certificate signer, List<X509Certificate> supplied, Instant signingTime) {
        if (signingTime.isBefore(signer.getNotBefore().toInstant())) {
            return Optional.of(RejectionReason.CERT_NOT_YET_VALID);
        }
        if (signingTime.isAfter(signer.getNotAfter().toInstant())) {
            return Optional.of(RejectionReason.CERT_EXPIRED);
        }
        boolean[] ku = signer.getKeyUsage();
        if (ku == null || ku.length == 0 || !(ku[0] || (ku.length > 1 && ku[1]))) {
            return Optional.of(RejectionReason.CERT_KEY_USAGE);
        }
        return checker.check(signer).map(CheckerValidator::map);
    }

    static RejectionReason map(LoginFailure f) {
        return switch (f) {
            case CERT_EXPIRED -> RejectionReason.CERT_EXPIRED;
            case CERT_NOT_YET_VALID -> RejectionReason.CERT_NOT_YET_VALID;
            case CERT_REVOKED -> RejectionReason.CERT_REVOKED;
            case CRL_MISSING, CRL_STALE -> RejectionReason.CERT_REVOCATION_UNKNOWN;
            case CERT_KEY_USAGE -> RejectionReason.CERT_KEY_USAGE;
            default -> RejectionReason.CERT_UNTRUSTED;
        };
    }
}
