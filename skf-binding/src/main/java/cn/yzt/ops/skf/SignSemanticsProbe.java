package cn.yzt.ops.skf;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;

import org.bouncycastle.jce.provider.BouncyCastleProvider;

import cn.yzt.ops.protocol.crypto.Sm2;

/**
 * Finds out once per device model what SKF_ECCSignData signs (SKF-SPEC §7.1): sign e of a random
 * M, then verify with BouncyCastle as SM3withSM2 over M (standard, "prehashed"), else over e itself
 * (the library hashed Z || input: "hash-inside"), else the library is unusable for signing.
 */
final class SignSemanticsProbe {

    static final BouncyCastleProvider BC = new BouncyCastleProvider();
    private static final SecureRandom RANDOM = new SecureRandom();

    private SignSemanticsProbe() {
    }

    static LibraryProfile.SignSemantics probe(Container container) {
        byte[][] xy = container.signPoint();
        PublicKey pub = Sm2.publicKey(xy[0], xy[1]);
        byte[] m = new byte[32];
        RANDOM.nextBytes(m);
        byte[] e = Sm2.e(Sm2.DEFAULT_ID, xy[0], xy[1], m);
        byte[] der = Sm2.rawToDer(container.rawSign(e));
        if (verifies(pub, m, der)) {
            return LibraryProfile.SignSemantics.PREHASHED;
        }
        if (verifies(pub, e, der)) {
            return LibraryProfile.SignSemantics.HASH_INSIDE;
        }
        return LibraryProfile.SignSemantics.UNSUPPORTED;
    }

    /** SM3withSM2 with BouncyCastle's default ID 1234567812345678. */
    static boolean verifies(PublicKey pub, byte[] message, byte[] der) {
        try {
            Signature v = Signature.getInstance("SM3withSM2", BC);
            v.initVerify(pub);
            v.update(message);
            return v.verify(der);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }
}
