package cn.yzt.ops.server.ledger;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.util.LinkedHashMap;
import java.util.Map;

import org.bouncycastle.jce.ECNamedCurveTable;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.jce.spec.ECNamedCurveParameterSpec;
import org.bouncycastle.jce.spec.ECPublicKeySpec;

import cn.yzt.ops.protocol.ledger.LedgerKeys;
import cn.yzt.ops.protocol.ledger.TreeHeadSigner;
import cn.yzt.ops.server.crypto.Bytes;
import cn.yzt.ops.server.crypto.KeyPurpose;
import cn.yzt.ops.server.crypto.KeyVault;

/** The server's SM2 ledger key pair(s) from the key vault ({@link KeyPurpose#LEDGER_SM2}). */
public final class LedgerKey {

    private static final BouncyCastleProvider BC = new BouncyCastleProvider();
    private static final ECNamedCurveParameterSpec SPEC = ECNamedCurveTable.getParameterSpec("sm2p256v1");

    private LedgerKey() {
    }

    /**
     * The public key of scalar d (named curve sm2p256v1). d must be in [1, n-2] (GB/T 32918.1: SM2
     * signing divides by 1+d): a vault value outside that range is refused, not used.
     */
    public static PublicKey publicKey(byte[] d) {
        BigInteger s = new BigInteger(1, d);
        if (s.signum() == 0 || s.compareTo(SPEC.getN().subtract(BigInteger.TWO)) > 0) {
            throw new cn.yzt.ops.server.crypto.IntegrityException("ledger key out of the SM2 range [1, n-2]");
        }
        try {
            return KeyFactory.getInstance("EC", BC).generatePublic(
                    new ECPublicKeySpec(SPEC.getG().multiply(s).normalize(), SPEC));
        } catch (GeneralSecurityException ex) {
            throw new IllegalStateException("SM2 key factory unavailable", ex);
        }
    }

    /** A signer for the current ledger key version. */
    public static TreeHeadSigner signer(KeyVault vault) {
        byte[] d = vault.currentKey(KeyPurpose.LEDGER_SM2);
        try {
            PublicKey pub = publicKey(d); // range-checks d first
            org.bouncycastle.crypto.params.ECPrivateKeyParameters key = Sm2LedgerSigner.keyOf(d);
            java.security.SecureRandom random = new java.security.SecureRandom();
            return new TreeHeadSigner(pub, () -> new Sm2LedgerSigner(key, random));
        } finally {
            Bytes.wipe(d);
        }
    }

    /** The current ledger public key (what clients and the offline verifier are given). */
    public static PublicKey current(KeyVault vault) {
        byte[] d = vault.currentKey(KeyPurpose.LEDGER_SM2);
        try {
            return publicKey(d);
        } finally {
            Bytes.wipe(d);
        }
    }

    /** Every ledger public key version, by hex key id (tree heads signed before a rotation). */
    public static Map<String, PublicKey> all(KeyVault vault) {
        Map<String, PublicKey> out = new LinkedHashMap<>();
        for (int id : vault.ids(KeyPurpose.LEDGER_SM2)) {
            byte[] d = vault.key(KeyPurpose.LEDGER_SM2, id);
            try {
                PublicKey p = publicKey(d);
                out.put(java.util.HexFormat.of().formatHex(LedgerKeys.keyId(p)), p);
            } finally {
                Bytes.wipe(d);
            }
        }
        return out;
    }
}
