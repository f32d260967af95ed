package cn.yzt.ops.tlcp.pki;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;

/**
 * Software SM2 key pairs. BouncyCastle labels them "EC", which is what bgmprovider's key
 * selection and the JCA delayed provider selection expect ("SM2" or "ECDSA" labels are refused).
 */
public final class Sm2KeyPairs {

    private Sm2KeyPairs() {
    }

    public static KeyPair generate() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC", Bc.PROVIDER);
            g.initialize(new ECGenParameterSpec("sm2p256v1"), new SecureRandom());
            return g.generateKeyPair();
        } catch (GeneralSecurityException ex) {
            throw new IllegalStateException("SM2 key generation unavailable", ex);
        }
    }
}
