package cn.yzt.ops.tlcp;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/**
 * Builders for TLCP contexts on bgmprovider. Builders are throw-away and single-threaded; what
 * they build is immutable.
 */
public final class TlcpContexts {

    private TlcpContexts() {
    }

    public static ClientBuilder client() {
        return new ClientBuilder();
    }

    public static ServerBuilder server() {
        return new ServerBuilder();
    }

    /** Shared by both builders: trust anchors and CRLs. */
    private abstract static class TrustBuilder<B extends TrustBuilder<B>> {
        private final List<X509Certificate> anchors = new ArrayList<>();
        private final List<X509CRL> crls = new ArrayList<>();
        private TrustPolicy policy;

        abstract B self();

        public B trustAnchors(Collection<X509Certificate> certs) {
            anchors.addAll(certs);
            return self();
        }

        public B trustAnchor(X509Certificate cert) {
            anchors.add(cert);
            return self();
        }

        /** With CRLs, every peer certificate is checked for revocation. */
        public B crls(Collection<X509CRL> list) {
            crls.addAll(list);
            return self();
        }

        /** A prepared policy (shares its validation cache across contexts). */
        public B trustPolicy(TrustPolicy p) {
            this.policy = p;
            return self();
        }

        TrustPolicy policy() {
            return policy != null ? policy : TrustPolicy.of(anchors, crls);
        }
    }

    public static final class ClientBuilder extends TrustBuilder<ClientBuilder> {
        private DualCertKeyManager identity;
        private List<String> suites = TlcpSuites.TOKEN_SAFE;
        private boolean verifyHostname = true;
        private byte[] pin;

        @Override
        ClientBuilder self() {
            return this;
        }

        /**
         * The client's sign and enc entries from a KeyStore (the UKEY's "SKF" KeyStore or a
         * software one). The password is used here and not kept; the caller wipes its array.
         */
        public ClientBuilder keyStore(KeyStore ks, char[] password, String aliasPrefix) {
            this.identity = DualCertKeyManager.fromKeyStore(ks, password, aliasPrefix);
            return this;
        }

        public ClientBuilder keys(PrivateKey signKey, X509Certificate[] signChain,
                                  PrivateKey encKey, X509Certificate[] encChain) {
            this.identity = new DualCertKeyManager(signKey, signChain, encKey, encChain);
            return this;
        }

        /** Default: ECC_SM4_GCM_SM3, ECC_SM4_CBC_SM3 (the ones a token key can do). */
        public ClientBuilder suites(List<String> list) {
            this.suites = List.copyOf(list);
            return this;
        }

        /** Default true: the server's SIGN certificate must name the host connected to. */
        public ClientBuilder verifyHostname(boolean v) {
            this.verifyHostname = v;
            return this;
        }

        /** Pins the server's sign certificate by the SM3 of its DER encoding. */
        public ClientBuilder pinServerSignCertificate(byte[] sm3) {
            this.pin = sm3.clone();
            return this;
        }

        public TlcpClientContext build() {
            if (suites.isEmpty()) {
                throw new IllegalArgumentException("no cipher suite");
            }
            if (identity != null && !identity.keysExtractable()) {
                for (String s : suites) {
                    if (TlcpSuites.isEcdhe(s)) {
                        // An SKF token cannot hand the enc private key to Java for SM2 key
                        // agreement; refusing here beats "Unsupported handshake message".
                        throw new TlcpConfigurationException(TlcpFailure.ECDHE_WITH_TOKEN_KEY, s);
                    }
                }
            }
            SignCertCapturingTrustManager tm = new SignCertCapturingTrustManager(policy(), verifyHostname, pin);
            SSLContext ctx = newContext(identity == null ? null : new KeyManager[] {identity}, tm);
            return new TlcpClientContext(ctx, tm, suites, identity);
        }
    }

    public static final class ServerBuilder extends TrustBuilder<ServerBuilder> {
        private DualCertKeyManager identity;
        private List<String> suites = TlcpSuites.ALL;

        @Override
        ServerBuilder self() {
            return this;
        }

        public ServerBuilder keyStore(KeyStore ks, char[] password, String aliasPrefix) {
            this.identity = DualCertKeyManager.fromKeyStore(ks, password, aliasPrefix);
            return this;
        }

        /** Keys from a KeyVault or key files. */
        public ServerBuilder keys(PrivateKey signKey, X509Certificate[] signChain,
                                  PrivateKey encKey, X509Certificate[] encChain) {
            this.identity = new DualCertKeyManager(signKey, signChain, encKey, encChain);
            return this;
        }

        /** Default: all four suites. */
        public ServerBuilder suites(List<String> list) {
            this.suites = List.copyOf(list);
            return this;
        }

        public TlcpServerContext build() {
            Objects.requireNonNull(identity, "the server needs its sign and enc keys");
            if (suites.isEmpty()) {
                throw new IllegalArgumentException("no cipher suite");
            }
            // Clients are validated by path, not by hostname; the sign cert is captured for handlers.
            SignCertCapturingTrustManager tm = new SignCertCapturingTrustManager(policy(), false, null);
            return new TlcpServerContext(newContext(new KeyManager[] {identity}, tm), suites, identity);
        }
    }

    static SSLContext newContext(KeyManager[] kms, TrustManager tm) {
        try {
            SSLContext ctx = SSLContext.getInstance(TlcpSuites.PROTOCOL, TlcpProviders.jsse());
            ctx.init(kms, new TrustManager[] {tm}, new SecureRandom());
            return ctx;
        } catch (GeneralSecurityException ex) {
            throw new TlcpConfigurationException(TlcpFailure.OTHER, "GMTLS context: " + ex, ex);
        }
    }
}
