package cn.yzt.ops.tlcp;

import java.security.KeyPair;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import cn.yzt.ops.tlcp.pki.CertificateAuthority;
import cn.yzt.ops.tlcp.pki.CertificateProfile;
import cn.yzt.ops.tlcp.pki.Sm2KeyPairs;
import cn.yzt.ops.tlcp.pki.Validity;

/** A CA with a server and some clients, made once per test JVM (SM2 keygen is cheap, but why repeat). */
final class TestPki {

    /** A sign + enc identity with its chains. */
    record Identity(KeyPair sign, X509Certificate signCert, KeyPair enc, X509Certificate encCert,
                    X509Certificate ca) {
        X509Certificate[] signChain() {
            return new X509Certificate[] {signCert, ca};
        }

        X509Certificate[] encChain() {
            return new X509Certificate[] {encCert, ca};
        }
    }

    static final TestPki INSTANCE = new TestPki();

    final CertificateAuthority ca = CertificateAuthority.createRoot("CN=YZT Test Root CA,O=YZT,C=CN",
            Validity.fromNow(Duration.ofDays(3650)));
    final CertificateAuthority otherCa = CertificateAuthority.createRoot("CN=Other Root CA,O=Evil,C=CN",
            Validity.fromNow(Duration.ofDays(3650)));
    final Identity server = identity(ca, "CN=localhost,O=YZT,C=CN", Validity.fromNow(Duration.ofDays(365)),
            List.of("localhost", "127.0.0.1"));
    final Identity wrongNameServer = identity(ca, "CN=elsewhere.example,O=YZT,C=CN",
            Validity.fromNow(Duration.ofDays(365)), List.of("elsewhere.example"));
    final Identity client = identity(ca, "CN=运维管理员张三,O=YZT,C=CN", Validity.fromNow(Duration.ofDays(365)), List.of());
    final Identity revokedClient = identity(ca, "CN=revoked,O=YZT,C=CN", Validity.fromNow(Duration.ofDays(365)),
            List.of());
    final Identity expiredClient = identity(ca, "CN=expired,O=YZT,C=CN",
            new Validity(Instant.now().minus(Duration.ofDays(30)), Instant.now().minus(Duration.ofDays(1))), List.of());
    final Identity foreignClient = identity(otherCa, "CN=foreign,O=Evil,C=CN", Validity.fromNow(Duration.ofDays(365)),
            List.of());
    final X509CRL crl;

    private TestPki() {
        ca.revoke(revokedClient.signCert());
        crl = ca.crl();
    }

    static Identity identity(CertificateAuthority ca, String dn, Validity validity, List<String> sans) {
        KeyPair s = Sm2KeyPairs.generate();
        KeyPair e = Sm2KeyPairs.generate();
        X509Certificate sc = ca.issue(dn, s.getPublic(), CertificateProfile.SIGN, validity, sans);
        X509Certificate ec = ca.issue(dn, e.getPublic(), CertificateProfile.ENC, validity, sans);
        return new Identity(s, sc, e, ec, ca.certificate());
    }

    TlcpContexts.ServerBuilder serverBuilder(Identity id) {
        return TlcpContexts.server().keys(id.sign().getPrivate(), id.signChain(), id.enc().getPrivate(), id.encChain())
                .trustAnchor(ca.certificate()).crls(List.of(crl));
    }

    TlcpContexts.ClientBuilder clientBuilder(Identity id) {
        TlcpContexts.ClientBuilder b = TlcpContexts.client().trustAnchor(ca.certificate()).crls(List.of(crl));
        return id == null ? b
                : b.keys(id.sign().getPrivate(), id.signChain(), id.enc().getPrivate(), id.encChain());
    }
}
