package cn.yzt.ops.tlcp.pki;

import java.security.KeyPair;
import java.security.PublicKey;

import cn.yzt.ops.protocol.pki.EnvelopedKeys;

/**
 * Seals an encryption key pair to a token's sign public key. The default is ops-protocol's
 * GM/T 0009 implementation; the interface lets a real KMC take its place.
 */
@FunctionalInterface
public interface EncKeySealer {

    EncKeySealer GM_T_0009 = EnvelopedKeys::seal;

    /** DER of the enveloped key pair. */
    byte[] seal(PublicKey recipientSignPublicKey, KeyPair encKeyPair);
}
