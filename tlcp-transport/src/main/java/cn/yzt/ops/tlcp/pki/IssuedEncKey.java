package cn.yzt.ops.tlcp.pki;

import java.security.cert.X509Certificate;

/**
 * A user encryption key made at the CA: its certificate and the GM/T 0009 SM2EnvelopedKey (DER)
 * that only the holder of the token's sign key can open (input of SKF_ImportECCKeyPair).
 * The CA keeps no copy of the private key.
 */
public record IssuedEncKey(X509Certificate certificate, byte[] envelope) {

    public IssuedEncKey {
        envelope = envelope.clone();
    }

    @Override
    public byte[] envelope() {
        return envelope.clone();
    }
}
