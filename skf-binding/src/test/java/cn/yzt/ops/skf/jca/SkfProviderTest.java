package cn.yzt.ops.skf.jca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.lang.reflect.Method;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.InvalidKeyException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Security;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Collections;

import org.bouncycastle.jcajce.spec.SM2ParameterSpec;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCS10CertificationRequestBuilder;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import cn.yzt.ops.protocol.crypto.Sm2;
import cn.yzt.ops.protocol.pki.Sm2PublicKeyInfo;
import cn.yzt.ops.skf.EnvelopedKeys;
import cn.yzt.ops.skf.PinIncorrectException;
import cn.yzt.ops.skf.cli.CliProvisionedToken;
import cn.yzt.ops.skf.cli.CliRunner;
import cn.yzt.ops.skf.cli.TestCa;

/** The YZT-SKF provider on a soft UKEY provisioned with the CLI: KeyStore "SKF", SM3withSM2, ContentSigner. */
class SkfProviderTest {

    private static final String DEFAULT_ID = "1234567812345678";

    @TempDir
    static Path dir;

    static CliProvisionedToken token;
    static KeyStore store;
    static X509Certificate signCert;

    @BeforeAll
    static void provisionAndLoad() throws Exception {
        token = CliProvisionedToken.provision(dir, "UK-JCA", EnvelopedKeys.Placement.RIGHT_ALIGNED_32);
        store = KeyStore.getInstance("SKF", new SkfProvider());
        store.load(SkfKeyStoreParameter.builder().library(token.library).device(token.device)
                .application(CliProvisionedToken.APP)
                .pin(new KeyStore.PasswordProtection(CliRunner.USER_PIN.toCharArray())).build());
        signCert = TestCa.certificate(token.signCert);
    }

    @AfterAll
    static void unregister() {
        Security.removeProvider(SkfProvider.NAME);
    }

    private static SkfPrivateKey signKey() throws Exception {
        return (SkfPrivateKey) store.getKey(CliProvisionedToken.CONTAINER, null);
    }

    private static boolean bcVerify(byte[] message, byte[] sig, PublicKey key, String id) throws Exception {
        Signature v = Signature.getInstance("SM3withSM2", TestCa.BC);
        v.setParameter(new SM2ParameterSpec(id.getBytes(StandardCharsets.US_ASCII)));
        v.initVerify(key);
        v.update(message);
        return v.verify(sig);
    }

    @Test
    void keyStoreShowsSignAndEncEntries() throws Exception {
        assertThat(Collections.list(store.aliases()))
                .containsExactly(CliProvisionedToken.CONTAINER, CliProvisionedToken.CONTAINER + SkfKeyStore.ENC_SUFFIX);
        assertThat(store.isKeyEntry(CliProvisionedToken.CONTAINER)).isTrue();
        assertThat(store.getCertificateChain(CliProvisionedToken.CONTAINER)).containsExactly(signCert);
        assertThat(store.getCertificate(CliProvisionedToken.CONTAINER + "#enc"))
                .isEqualTo(TestCa.certificate(token.encCert));
        KeyStore.Entry e = store.getEntry(CliProvisionedToken.CONTAINER, null);
        assertThat(e).isInstanceOf(KeyStore.PrivateKeyEntry.class);
        assertThat(((KeyStore.PrivateKeyEntry) e).getPrivateKey()).isInstanceOf(SkfPrivateKey.class);
        assertThat(store.getCertificateAlias(signCert)).isEqualTo(CliProvisionedToken.CONTAINER);
    }

    @Test
    void keysAreHandlesThatNeverExposeTheScalar() throws Exception {
        SkfPrivateKey key = signKey();
        assertThat(key.getAlgorithm()).isEqualTo("EC");
        assertThat(key.getEncoded()).isNull();
        assertThat(key.getFormat()).isNull();
        assertThat(key.getParams().getOrder()).isEqualTo(Sm2.CURVE.getN());
        assertThat(key).isNotInstanceOf(java.security.interfaces.ECPrivateKey.class);
        for (Method m : SkfPrivateKey.class.getMethods()) {
            assertThat(m.getReturnType()).as(m.getName()).isNotEqualTo(BigInteger.class);
            assertThat(m.getName()).isNotEqualToIgnoringCase("getS");
        }
        assertThatThrownBy(() -> new ObjectOutputStream(new ByteArrayOutputStream()).writeObject(key))
                .isInstanceOf(NotSerializableException.class);
        assertThat(Sm2PublicKeyInfo.of(key.publicKey())).isEqualTo(Sm2PublicKeyInfo.of(signCert.getPublicKey()));
    }

    @Test
    void signatureWithoutProviderNameReachesTheTokenWhenRegisteredFirst() throws Exception {
        Security.insertProviderAt(new SkfProvider(), 1);
        if (Security.getProvider(BouncyCastleProvider.PROVIDER_NAME) == null) {
            Security.addProvider(new BouncyCastleProvider());
        }
        try {
            // What bgmprovider does for CertificateVerify: no provider, no setParameter, the 32-byte hash as message.
            byte[] transcriptHash = Sm2.sm3("handshake messages".getBytes(StandardCharsets.US_ASCII));
            Signature s = Signature.getInstance("SM3WithSM2");
            s.initSign(signKey());
            s.update(transcriptHash);
            byte[] sig = s.sign();
            assertThat(s.getProvider().getName()).isEqualTo(SkfProvider.NAME);
            assertThat(bcVerify(transcriptHash, sig, signCert.getPublicKey(), DEFAULT_ID)).isTrue();
            OpenSsl.Verification v = OpenSsl.verify(dir, transcriptHash, sig, signCert.getPublicKey(), DEFAULT_ID);
            assertThat(v.ok()).as(v.output()).isTrue();

            // A software key with the same call goes to a software provider (delayed selection moves on).
            java.security.KeyPair soft = TestCa.newKeyPair();
            Signature sw = Signature.getInstance("SM3WithSM2");
            sw.initSign(soft.getPrivate());
            sw.update(transcriptHash);
            assertThat(sw.getProvider().getName()).isNotEqualTo(SkfProvider.NAME);
            assertThat(bcVerify(transcriptHash, sw.sign(), soft.getPublic(), DEFAULT_ID)).isTrue();

            // setParameter() before initSign makes JCA bind the first provider (us): software keys still work.
            Signature early = Signature.getInstance("SM3withSM2");
            early.setParameter(new SM2ParameterSpec("early@yzt".getBytes(StandardCharsets.US_ASCII)));
            early.initSign(soft.getPrivate());
            early.update(transcriptHash);
            assertThat(bcVerify(transcriptHash, early.sign(), soft.getPublic(), "early@yzt")).isTrue();

            // KeyStore by type alone, loaded with load(null, pin) and the yzt.skf.* properties.
            System.setProperty(TokenSelection.LIBRARY_PROPERTY, token.library.toString());
            System.setProperty(TokenSelection.DEVICE_PROPERTY, token.device);
            try {
                KeyStore ks = KeyStore.getInstance("SKF");
                ks.load(null, CliRunner.USER_PIN.toCharArray());
                assertThat(ks.getKey(CliProvisionedToken.CONTAINER, null)).isInstanceOf(SkfPrivateKey.class);
            } finally {
                System.clearProperty(TokenSelection.LIBRARY_PROPERTY);
                System.clearProperty(TokenSelection.DEVICE_PROPERTY);
            }
        } finally {
            Security.removeProvider(SkfProvider.NAME);
        }
    }

    @Test
    void signatureWithExplicitProviderVerifiesWithBouncyCastleAndOpenSsl() throws Exception {
        byte[] message = "{\"op\":\"grant-role\",\"role\":\"审批员\"}".repeat(500).getBytes(StandardCharsets.UTF_8);
        Signature s = Signature.getInstance("SM3withSM2", new SkfProvider());
        s.initSign(signKey());
        for (int off = 0; off < message.length; off += 1000) {
            s.update(message, off, Math.min(1000, message.length - off));
        }
        byte[] sig = s.sign();
        assertThat(bcVerify(message, sig, signCert.getPublicKey(), DEFAULT_ID)).isTrue();
        OpenSsl.Verification v = OpenSsl.verify(dir, message, sig, signCert.getPublicKey(), DEFAULT_ID);
        assertThat(v.ok()).as(v.output()).isTrue();

        // The Signature object is reusable after sign(), as JCA requires.
        s.update(message);
        assertThat(bcVerify(message, s.sign(), signCert.getPublicKey(), DEFAULT_ID)).isTrue();

        // Verification through the provider delegates to BouncyCastle.
        Signature v2 = Signature.getInstance("SM3withSM2", new SkfProvider());
        v2.initVerify(signCert.getPublicKey());
        v2.update(message);
        assertThat(v2.verify(sig)).isTrue();
    }

    @Test
    void customIdVerifiesOnlyWithThatId() throws Exception {
        String id = "zhangsan@yzt.example";
        byte[] message = "operation".getBytes(StandardCharsets.US_ASCII);
        Signature s = Signature.getInstance("SM3withSM2", new SkfProvider());
        s.initSign(signKey());
        s.setParameter(new SM2ParameterSpec(id.getBytes(StandardCharsets.US_ASCII)));
        s.update(message);
        byte[] sig = s.sign();
        assertThat(bcVerify(message, sig, signCert.getPublicKey(), id)).isTrue();
        assertThat(bcVerify(message, sig, signCert.getPublicKey(), DEFAULT_ID)).isFalse();

        Signature v = Signature.getInstance("SM3withSM2", new SkfProvider());
        v.setParameter(new SM2ParameterSpec(id.getBytes(StandardCharsets.US_ASCII)));
        v.initVerify(signCert.getPublicKey());
        v.update(message);
        assertThat(v.verify(sig)).isTrue();
    }

    @Test
    void encKeyAndSoftwareKeysAreRefused() throws Exception {
        PrivateKey enc = (PrivateKey) store.getKey(CliProvisionedToken.CONTAINER + "#enc", null);
        assertThat(enc).isInstanceOf(SkfPrivateKey.class);
        assertThat(((SkfPrivateKey) enc).isSignKey()).isFalse();
        Signature s = Signature.getInstance("SM3withSM2", new SkfProvider());
        assertThatThrownBy(() -> s.initSign(enc)).isInstanceOf(InvalidKeyException.class)
                .hasMessageContaining("cannot sign");
        assertThatThrownBy(() -> s.initSign(TestCa.newKeyPair().getPrivate()))
                .isInstanceOf(InvalidKeyException.class);
    }

    @Test
    void hashInsideLibrariesSignThroughTheSameApi(@TempDir Path other) throws Exception {
        CliProvisionedToken t = CliProvisionedToken.provision(other, "UK-HASH-INSIDE",
                EnvelopedKeys.Placement.RIGHT_ALIGNED_32, "hash-inside");
        KeyStore ks = KeyStore.getInstance("SKF", new SkfProvider());
        ks.load(SkfKeyStoreParameter.builder().library(t.library)
                .pin(new KeyStore.PasswordProtection(CliRunner.USER_PIN.toCharArray())).build());
        byte[] message = "login statement".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < 2; i++) { // before and after the binding has probed the library
            Signature s = Signature.getInstance("SM3withSM2", new SkfProvider());
            s.initSign((PrivateKey) ks.getKey(CliProvisionedToken.CONTAINER, null));
            s.update(message);
            assertThat(bcVerify(message, s.sign(), TestCa.certificate(t.signCert).getPublicKey(), DEFAULT_ID))
                    .isTrue();
        }
    }

    @Test
    void keyStoreIsReadOnly() {
        assertThatThrownBy(() -> store.deleteEntry(CliProvisionedToken.CONTAINER))
                .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("read-only");
        assertThatThrownBy(() -> store.setCertificateEntry("x", signCert))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void wrongPinFailsTheLoadWithTheTokenError() throws Exception {
        KeyStore ks = KeyStore.getInstance("SKF", new SkfProvider());
        assertThatThrownBy(() -> ks.load(SkfKeyStoreParameter.builder().library(token.library)
                .pin(new KeyStore.PasswordProtection("wrong-pin".toCharArray())).build()))
                .isInstanceOf(IOException.class)
                .hasCauseInstanceOf(PinIncorrectException.class);
        // Restore the retry counter for the other tests.
        ks.load(SkfKeyStoreParameter.builder().library(token.library)
                .pin(new KeyStore.PasswordProtection(CliRunner.USER_PIN.toCharArray())).build());
        assertThat(ks.size()).isEqualTo(2);
    }

    @Test
    void contentSignerMakesVerifiableRequestsWithEitherOid() throws Exception {
        SkfPrivateKey key = signKey();
        PKCS10CertificationRequest csr = new PKCS10CertificationRequestBuilder(new X500Name("CN=test,C=CN"),
                Sm2PublicKeyInfo.of(key.publicKey())).build(new SkfContentSigner(key));
        assertThat(csr.isSignatureValid(new JcaContentVerifierProviderBuilder().setProvider(TestCa.BC)
                .build(csr.getSubjectPublicKeyInfo()))).isTrue();

        SkfContentSigner gm = new SkfContentSigner(key, SkfContentSigner.GMT0010_SM2_1, Sm2.DEFAULT_ID);
        assertThat(gm.getAlgorithmIdentifier().getAlgorithm().getId()).isEqualTo("1.2.156.10197.1.301.1");
        gm.getOutputStream().write("content".getBytes(StandardCharsets.US_ASCII));
        assertThat(bcVerify("content".getBytes(StandardCharsets.US_ASCII), gm.getSignature(),
                signCert.getPublicKey(), DEFAULT_ID)).isTrue();
    }
}
