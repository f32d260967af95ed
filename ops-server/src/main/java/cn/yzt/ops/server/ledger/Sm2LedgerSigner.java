package cn.yzt.ops.server.ledger;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.security.SecureRandom;

import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.crypto.CryptoException;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.SM2Signer;
import org.bouncycastle.operator.ContentSigner;

import cn.yzt.ops.protocol.crypto.Sm2;

/**
 * SM3withSM2 (default signer ID 1234567812345678, DER signature: what TreeHeadVerifier checks) with
 * BouncyCastle's lightweight SM2Signer on the optimised sm2p256v1 curve. One tree head is signed
 * per group-commit batch; building a JCA signer each time (provider lookup, key conversion) cost
 * about as much as the signature itself. A fresh instance per signature (ContentSigner is stateful).
 */
final class Sm2LedgerSigner implements ContentSigner {

    private static final AlgorithmIdentifier ALGORITHM = new AlgorithmIdentifier(GMObjectIdentifiers.sm2sign_with_sm3);

    private final ECPrivateKeyParameters key;
    private final SecureRandom random;
    private final ByteArrayOutputStream data = new ByteArrayOutputStream(256);

    /** Range-checked key parameters for d (the caller wipes d). */
    static ECPrivateKeyParameters keyOf(byte[] d) {
        return new ECPrivateKeyParameters(new BigInteger(1, d), Sm2.DOMAIN);
    }

    Sm2LedgerSigner(ECPrivateKeyParameters key, SecureRandom random) {
        this.key = key;
        this.random = random;
    }

    @Override
    public AlgorithmIdentifier getAlgorithmIdentifier() {
        return ALGORITHM;
    }

    @Override
    public OutputStream getOutputStream() {
        return data;
    }

    @Override
    public byte[] getSignature() {
        SM2Signer s = new SM2Signer();
        s.init(true, new ParametersWithRandom(key, random));
        byte[] m = data.toByteArray();
        s.update(m, 0, m.length);
        try {
            return s.generateSignature();
        } catch (CryptoException ex) {
            throw new IllegalStateException("SM2 signature failed", ex);
        }
    }
}
