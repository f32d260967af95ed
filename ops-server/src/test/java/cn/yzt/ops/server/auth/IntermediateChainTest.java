package cn.yzt.ops.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import cn.yzt.ops.server.testing.TestPki;

/** Root (anchor) → intermediate CA (from the configuration) → UKEY certificate, revocation at every level. */
class IntermediateChainTest {

    private final TestPki root = new TestPki("YZT Root");
    private final TestPki inter = root.subCa("YZT UKEY Sub CA");
    private final TestPki.Identity user = inter.issue("运维员");

    /** The failure for the user's certificate, null when accepted. */
    private LoginFailure check(TrustMaterial t) {
        return new CertificateChecker(t, Duration.ZERO, Clock.systemUTC()).check(user.cert()).orElse(null);
    }

    private TrustMaterial withIntermediate(List<java.security.cert.X509CRL> crls) {
        return new TrustMaterial(List.of(root.caCert()), crls, List.of(inter.caCert()));
    }

    @Test
    void acceptedThroughAConfiguredIntermediateOnly() {
        assertThat(check(withIntermediate(List.of(root.currentCrl(), inter.currentCrl())))).isNull();
        assertThat(check(new TrustMaterial(List.of(root.caCert()), List.of(root.currentCrl(), inter.currentCrl()))))
                .as("without the intermediate there is no path").isEqualTo(LoginFailure.CERT_UNTRUSTED);
        assertThat(check(new TrustMaterial(List.of(inter.caCert()), List.of(inter.currentCrl()))))
                .as("the intermediate configured as an anchor (the operator's choice)").isNull();
    }

    @Test
    void everyLevelNeedsItsCrlAndIsCheckedForRevocation() {
        assertThat(check(withIntermediate(List.of(root.currentCrl())))).as("intermediate's CRL missing")
                .isEqualTo(LoginFailure.CRL_MISSING);
        assertThat(check(withIntermediate(List.of(inter.currentCrl())))).as("root's CRL missing")
                .isEqualTo(LoginFailure.CRL_MISSING);
        root.revoke(inter.caCert());
        assertThat(check(withIntermediate(List.of(root.currentCrl(), inter.currentCrl()))))
                .as("intermediate revoked by the root").isEqualTo(LoginFailure.CERT_REVOKED);
    }

    @Test
    void userRevokedByTheIntermediate() {
        inter.revoke(user.cert());
        assertThat(check(withIntermediate(List.of(root.currentCrl(), inter.currentCrl())))).isEqualTo(LoginFailure.CERT_REVOKED);
    }

    @Test
    void aUserCertificateCannotActAsAnIntermediate() {
        // a leaf of the root presented as "intermediate": not a CA, so no path through it
        TestPki.Identity leaf = root.issue("not-a-ca");
        TrustMaterial t = new TrustMaterial(List.of(root.caCert()), List.of(root.currentCrl(), inter.currentCrl()),
                List.of(leaf.cert()));
        assertThat(check(t)).isEqualTo(LoginFailure.CERT_UNTRUSTED);
    }
}
