package cn.yzt.ops.skf.jca;

import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.SignatureException;

import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.jcajce.io.OutputStreamFactory;
import org.bouncycastle.jcajce.spec.SM2ParameterSpec;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.RuntimeOperatorException;

import cn.yzt.ops.protocol.crypto.Sm2;

/**
 * A BouncyCastle {@link ContentSigner} whose SM2 key is on the token, for PKCS#10 requests and CMS.
 * The content streams into {@link SkfSm2Signature} (Z-primed SM3, e signed on the token).
 * One signer per signature, as BouncyCastle's builders expect.
 */
public final class SkfContentSigner implements ContentSigner {

    /** SM3withSM2, 1.2.156.10197.1.501: what BouncyCastle and OpenSSL write. */
    public static final AlgorithmIdentifier SM3_WITH_SM2 = new AlgorithmIdentifier(GMObjectIdentifiers.sm2sign_with_sm3);
    /** GM/T 0010 sm2-1, 1.2.156.10197.1.301.1: what some Chinese verifiers expect in CMS. */
    public static final AlgorithmIdentifier GMT0010_SM2_1 = new AlgorithmIdentifier(GMObjectIdentifiers.sm2sign);

    private final AlgorithmIdentifier algorithm;
    private final Signature signature;
    private final OutputStream out;

    /** SM3withSM2 (1.2.156.10197.1.501) with the default signer ID. */
    public SkfContentSigner(SkfPrivateKey key) {
        this(key, SM3_WITH_SM2, Sm2.DEFAULT_ID);
    }

    /**
     * @param algorithm {@link #SM3_WITH_SM2} or {@link #GMT0010_SM2_1}: only the OID written differs
     * @param id        signer ID (GM/T 0009 default {@code 1234567812345678})
     */
    public SkfContentSigner(SkfPrivateKey key, AlgorithmIdentifier algorithm, byte[] id) {
        if (!algorithm.equals(SM3_WITH_SM2) && !algorithm.equals(GMT0010_SM2_1)) {
            throw new IllegalArgumentException("unsupported signature algorithm " + algorithm.getAlgorithm()
                    + ": use SM3withSM2 (1.2.156.10197.1.501) or GM/T 0010 sm2-1 (1.2.156.10197.1.301.1)");
        }
        this.algorithm = algorithm;
        try {
            Signature s = Signature.getInstance("SM3withSM2", SkfProviderHolder.PROVIDER);
            s.setParameter(new SM2ParameterSpec(id));
            s.initSign(key);
            this.signature = s;
        } catch (GeneralSecurityException ex) {
            throw new IllegalArgumentException("cannot sign with " + key + ": " + ex.getMessage(), ex);
        }
        this.out = OutputStreamFactory.createStream(signature);
    }

    @Override
    public AlgorithmIdentifier getAlgorithmIdentifier() {
        return algorithm;
    }

    @Override
    public OutputStream getOutputStream() {
        return out;
    }

    @Override
    public byte[] getSignature() {
        try {
            return signature.sign();
        } catch (SignatureException ex) {
            throw new RuntimeOperatorException("UKEY signature failed: " + ex.getMessage(), ex);
        }
    }
}
