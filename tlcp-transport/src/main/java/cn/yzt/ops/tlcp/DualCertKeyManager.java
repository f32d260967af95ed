package cn.yzt.ops.tlcp;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.util.Enumeration;
import java.util.Locale;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * The local TLCP identity: one sign and one enc key entry, found in any KeyStore (the UKEY's
 * "SKF" KeyStore, PKCS#12, in memory) by the key usage of their certificates, never by alias
 * order. bgmprovider asks for at least two aliases of key type "SM2" and sorts them by key
 * usage again; other key types get nothing, so this identity is never offered in plain TLS.
 * Keys are read once at construction (a token key is a handle; nothing secret is copied).
 */
public final class DualCertKeyManager extends X509ExtendedKeyManager {

    private static final String SIGN = "tlcp-sign";
    private static final String ENC = "tlcp-enc";

    private final PrivateKey signKey;
    private final X509Certificate[] signChain;
    private final PrivateKey encKey;
    private final X509Certificate[] encChain;

    public DualCertKeyManager(PrivateKey signKey, X509Certificate[] signChain,
                              PrivateKey encKey, X509Certificate[] encChain) {
        if (signChain.length == 0 || !CertificateRoles.isSign(signChain[0])) {
            throw new TlcpConfigurationException(TlcpFailure.BAD_KEY_USAGE, "sign certificate lacks digitalSignature");
        }
        if (encChain.length == 0 || !CertificateRoles.isEnc(encChain[0])) {
            throw new TlcpConfigurationException(TlcpFailure.BAD_KEY_USAGE, "enc certificate lacks key encipherment");
        }
        this.signKey = signKey;
        this.signChain = signChain.clone();
        this.encKey = encKey;
        this.encChain = encChain.clone();
    }

    /**
     * Finds the pair in a KeyStore. With {@code aliasPrefix} (a token container name), only
     * aliases equal to it or starting with it are considered.
     *
     * @param password the entry password (PKCS#12) or null (a token: the PIN was given at load)
     */
    public static DualCertKeyManager fromKeyStore(KeyStore ks, char[] password, String aliasPrefix) {
        PrivateKey sk = null;
        PrivateKey ek = null;
        X509Certificate[] sc = null;
        X509Certificate[] ec = null;
        try {
            for (Enumeration<String> e = ks.aliases(); e.hasMoreElements();) {
                String alias = e.nextElement();
                if ((aliasPrefix != null && !alias.startsWith(aliasPrefix)) || !ks.isKeyEntry(alias)) {
                    continue;
                }
                X509Certificate[] chain = x509(ks.getCertificateChain(alias));
                if (chain.length == 0) {
                    continue;
                }
                if (sc == null && CertificateRoles.isSign(chain[0])) {
                    sk = (PrivateKey) ks.getKey(alias, password);
                    sc = chain;
                } else if (ec == null && CertificateRoles.isEnc(chain[0])) {
                    ek = (PrivateKey) ks.getKey(alias, password);
                    ec = chain;
                }
            }
        } catch (GeneralSecurityException ex) {
            throw new TlcpConfigurationException(TlcpFailure.OTHER, "cannot read the key store: " + ex, ex);
        }
        if (sc == null || ec == null) {
            throw new TlcpConfigurationException(TlcpFailure.BAD_KEY_USAGE,
                    (sc == null ? "no sign" : "no enc") + " key entry" + (aliasPrefix == null ? "" : " in " + aliasPrefix));
        }
        return new DualCertKeyManager(sk, sc, ek, ec);
    }

    /** True when both private keys are ordinary software keys (not token handles). */
    public boolean keysExtractable() {
        return isSoftware(signKey) && isSoftware(encKey);
    }

    public X509Certificate signCertificate() {
        return signChain[0];
    }

    public X509Certificate encCertificate() {
        return encChain[0];
    }

    /** A token handle has no encoding and no readable scalar; a software key has both. */
    static boolean isSoftware(PrivateKey k) {
        return k instanceof ECPrivateKey && k.getEncoded() != null;
    }

    private static X509Certificate[] x509(Certificate[] chain) {
        if (chain == null) {
            return new X509Certificate[0];
        }
        X509Certificate[] out = new X509Certificate[chain.length];
        for (int i = 0; i < chain.length; i++) {
            if (!(chain[i] instanceof X509Certificate c)) {
                return new X509Certificate[0];
            }
            out[i] = c;
        }
        return out;
    }

    private static boolean tlcpKeyType(String keyType) {
        return keyType != null && (keyType.toUpperCase(Locale.ROOT).equals("SM2")
                || keyType.toUpperCase(Locale.ROOT).equals("EC"));
    }

    private String[] aliases(String keyType) {
        return tlcpKeyType(keyType) ? new String[] {SIGN, ENC} : null;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return aliases(keyType);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return aliases(keyType);
    }

    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
        if (keyTypes != null) {
            for (String t : keyTypes) {
                if (tlcpKeyType(t)) {
                    return SIGN;
                }
            }
        }
        return null;
    }

    @Override
    public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
        return chooseClientAlias(keyTypes, issuers, null);
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return tlcpKeyType(keyType) ? SIGN : null;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return chooseServerAlias(keyType, issuers, null);
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        if (SIGN.equals(alias)) {
            return signChain.clone();
        }
        return ENC.equals(alias) ? encChain.clone() : null;
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        if (SIGN.equals(alias)) {
            return signKey;
        }
        return ENC.equals(alias) ? encKey : null;
    }
}
