package cn.yzt.ops.tlcp.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.util.List;

import javax.security.auth.x500.X500Principal;

import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.crypto.engines.SM2Engine;
import org.bouncycastle.crypto.engines.SM4Engine;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.Test;

import cn.yzt.ops.protocol.crypto.Sm2;
import cn.yzt.ops.protocol.pki.Sm2EnvelopedKey;

class CertificateAuthorityTest {

    static final Validity YEAR = Validity.fromNow(Duration.ofDays(365));
    final CertificateAuthority ca = CertificateAuthority.createRoot("CN=测试根CA,O=YZT,C=CN", Validity.fromNow(Duration.ofDays(3650)));

    @Test
    void rootIsAnSelfSignedSm2CaForCertsAndCrls() throws Exception {
        X509Certificate root = ca.certificate();
        root.verify(root.getPublicKey(), Bc.PROVIDER);
        assertThat(root.getSigAlgOID()).isEqualTo("1.2.156.10197.1.501");
        assertThat(root.getBasicConstraints()).isGreaterThanOrEqualTo(0);
        assertThat(root.getKeyUsage()).containsExactly(false, false, false, false, false, true, true, false, false);
        assertThat(root.getSubjectX500Principal().getName(X500Principal.RFC2253)).contains("测试根CA");
    }

    @Test
    void serverSignAndEncCertificatesCarryTheIssueKeyUsages() throws Exception {
        KeyPair s = Sm2KeyPairs.generate();
        KeyPair e = Sm2KeyPairs.generate();
        X509Certificate sign = ca.issue("CN=ops.example", s.getPublic(), CertificateProfile.SIGN, YEAR,
                List.of("ops.example", "10.0.0.5"));
        X509Certificate enc = ca.issue("CN=ops.example", e.getPublic(), CertificateProfile.ENC, YEAR, List.of("ops.example"));
        sign.verify(ca.certificate().getPublicKey(), Bc.PROVIDER);
        // digitalSignature + nonRepudiation
        assertThat(sign.getKeyUsage()).startsWith(true, true, false, false, false, false, false);
        // keyEncipherment + dataEncipherment + keyAgreement
        assertThat(enc.getKeyUsage()).startsWith(false, false, true, true, true, false, false);
        assertThat(sign.getBasicConstraints()).isEqualTo(-1);
        assertThat(sign.getCriticalExtensionOIDs()).contains(Extension.keyUsage.getId());
        assertThat(sign.getSubjectAlternativeNames().stream().map(l -> String.valueOf(l.get(1))).toList())
                .contains("ops.example", "10.0.0.5");
    }

    @Test
    void signCertificateFromCsrCopiesTheRequestKeyAndSubject() throws Exception {
        KeyPair token = Sm2KeyPairs.generate();
        byte[] csr = new JcaPKCS10CertificationRequestBuilder(new X500Principal("CN=李四,O=YZT,C=CN"), token.getPublic())
                .build(new JcaContentSignerBuilder("SM3withSM2").setProvider(Bc.PROVIDER).build(token.getPrivate()))
                .getEncoded();
        X509Certificate cert = ca.issueSignFromCsr(csr, YEAR, List.of());
        assertThat(cert.getPublicKey().getEncoded()).isEqualTo(token.getPublic().getEncoded());
        assertThat(cert.getSubjectX500Principal()).isEqualTo(new X500Principal("CN=李四,O=YZT,C=CN"));
        assertThat(cert.getKeyUsage()[0]).isTrue();

        byte[] tampered = csr.clone();
        tampered[tampered.length - 5] ^= 1;
        assertThatThrownBy(() -> ca.issueSignFromCsr(tampered, YEAR, List.of()))
                .isInstanceOf(PkiException.class)
                .satisfies(ex -> assertThat(((PkiException) ex).key()).startsWith("pki.csr."));
    }

    @Test
    void encKeyPairIsDeliveredAsAnEnvelopeOnlyTheSignKeyHolderOpens() throws Exception {
        KeyPair tokenSign = Sm2KeyPairs.generate();
        IssuedEncKey issued = ca.issueEncKey("CN=李四,O=YZT,C=CN", tokenSign.getPublic(), YEAR);
        assertThat(issued.certificate().getKeyUsage()).startsWith(false, false, true, true, true);

        Sm2EnvelopedKey env = Sm2EnvelopedKey.parse(issued.envelope());
        byte[][] xy = Sm2.coordinates(issued.certificate().getPublicKey());
        assertThat(env.publicKey()).containsSequence(xy[0]).containsSequence(xy[1]);

        // Open it as the token would: SM2-decrypt the SM4 key with the sign key, then SM4-ECB.
        SM2Engine sm2 = new SM2Engine(SM2Engine.Mode.C1C3C2);
        sm2.init(false, new ECPrivateKeyParameters(((ECPrivateKey) tokenSign.getPrivate()).getS(), Sm2.DOMAIN));
        byte[] c = env.symEncryptedKey().toC1C3C2();
        byte[] sm4Key = sm2.processBlock(c, 0, c.length);
        byte[] encD = env.encryptedPrivateKey();
        byte[] d = new byte[encD.length];
        SM4Engine sm4 = new SM4Engine();
        sm4.init(false, new KeyParameter(sm4Key));
        for (int i = 0; i < encD.length; i += 16) {
            sm4.processBlock(encD, i, d, i);
        }
        ECPoint q = Sm2.DOMAIN.getG().multiply(new BigInteger(1, d)).normalize();
        ECPublicKey certKey = (ECPublicKey) issued.certificate().getPublicKey();
        assertThat(q.getAffineXCoord().toBigInteger()).isEqualTo(certKey.getW().getAffineX());
        assertThat(q.getAffineYCoord().toBigInteger()).isEqualTo(certKey.getW().getAffineY());
    }

    @Test
    void revocationsArePublishedInSignedNumberedCrls() throws Exception {
        KeyPair k = Sm2KeyPairs.generate();
        X509Certificate victim = ca.issue("CN=victim", k.getPublic(), CertificateProfile.SIGN, YEAR, List.of());
        X509Certificate other = ca.issue("CN=other", k.getPublic(), CertificateProfile.SIGN, YEAR, List.of());
        X509CRL before = ca.crl();
        assertThat(before.isRevoked(victim)).isFalse();
        ca.revoke(victim.getSerialNumber(), CRLReason.keyCompromise);
        X509CRL after = ca.crl();
        after.verify(ca.certificate().getPublicKey(), Bc.PROVIDER);
        assertThat(after.isRevoked(victim)).isTrue();
        assertThat(after.isRevoked(other)).isFalse();
        assertThat(after.getNextUpdate()).isAfter(after.getThisUpdate());
        BigInteger n1 = new BigInteger(1, org.bouncycastle.asn1.ASN1OctetString.getInstance(
                before.getExtensionValue(Extension.cRLNumber.getId())).getOctets());
        BigInteger n2 = new BigInteger(1, org.bouncycastle.asn1.ASN1OctetString.getInstance(
                after.getExtensionValue(Extension.cRLNumber.getId())).getOctets());
        assertThat(n2).isGreaterThan(n1);
    }
}
