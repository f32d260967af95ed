package cn.yzt.ops.client.api;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/**
 * The UKEY identity of a logged-in console: the token's "SKF" KeyStore (logged in with the PIN),
 * the container alias and its signing certificate. The private key is a handle: signatures happen
 * on the token (JCA provider YZT-SKF).
 */
public record TokenIdentity(KeyStore store, String alias, X509Certificate signCertificate) {

    /** The signing key handle (an SkfPrivateKey). */
    public PrivateKey signKey() {
        try {
            return (PrivateKey) store.getKey(alias, null);
        } catch (GeneralSecurityException ex) {
            throw new IllegalStateException("UKEY signing key unavailable: " + ex.getMessage(), ex);
        }
    }

    /** Reads the sign certificate of {@code alias} from the token store. */
    public static TokenIdentity of(KeyStore store, String alias) {
        try {
            java.security.cert.Certificate c = store.getCertificate(alias);
            if (!(c instanceof X509Certificate x)) {
                throw new IllegalArgumentException("no signing certificate in container " + alias);
            }
            return new TokenIdentity(store, alias, x);
        } catch (java.security.KeyStoreException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
