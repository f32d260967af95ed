package cn.yzt.ops.skf.jca;

import java.io.ByteArrayOutputStream;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import java.security.InvalidParameterException;
import java.security.Key;
import java.security.PrivateKey;
import java.security.ProviderException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.SignatureSpi;
import java.security.spec.AlgorithmParameterSpec;

import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.jcajce.spec.SM2ParameterSpec;

import cn.yzt.ops.protocol.crypto.Sm2;
import cn.yzt.ops.skf.LibraryProfile.SignSemantics;
import cn.yzt.ops.skf.SkfException;

/**
 * SM3withSM2 with the private key on the token. Signing streams the message into an SM3 primed
 * with Z (computed on the host from the token's public key and the signer ID), then signs e on
 * the token; with libraries that hash inside (or not yet probed), the message is buffered and
 * handed to {@code Container.sign}. Verification is BouncyCastle's SM3withSM2 with the same ID.
 * Software keys are refused at initSign (JCA then tries the next provider), except after a
 * setParameter() that came before init, when JCA has already bound this provider.
 */
public final class SkfSm2Signature extends SignatureSpi {

    private byte[] id = Sm2.DEFAULT_ID.clone();

    private SkfPrivateKey key;
    /** SM3 state after Z for (key, id): copied per message, so Z is hashed once, not per signature. */
    private SM3Digest primed;
    private SM3Digest digest;
    private ByteArrayOutputStream buffer;

    /** BouncyCastle doing the work for verification, or for a software key once JCA has fixed us (below). */
    private Key delegateKey;
    private Signature delegate;
    private boolean initialised;
    private boolean parameterBeforeInit;

    public SkfSm2Signature() {
    }

    @Override
    protected void engineInitSign(PrivateKey privateKey) throws InvalidKeyException {
        if (!(privateKey instanceof SkfPrivateKey)) {
            if (parameterBeforeInit) {
                // setParameter() before init makes JCA fix the FIRST provider (no delayed selection
                // is left to move on), so refusing would break software-key callers: sign in BC.
                startDelegate(privateKey);
                return;
            }
            // Lets JCA's delayed provider selection move on to a software provider.
            throw new InvalidKeyException("YZT-SKF signs only with token keys (SkfPrivateKey), got "
                    + (privateKey == null ? "null" : privateKey.getClass().getName()));
        }
        SkfPrivateKey k = (SkfPrivateKey) privateKey;
        if (!k.isSignKey()) {
            throw new InvalidKeyException("the encryption key of container " + k.containerName()
                    + " cannot sign: use the container's sign key");
        }
        initialised = true;
        key = k;
        primed = null;
        delegate = null;
        delegateKey = null;
        restartSigning();
    }

    @Override
    protected void engineInitVerify(PublicKey publicKey) throws InvalidKeyException {
        startDelegate(publicKey);
    }

    private void startDelegate(Key k) throws InvalidKeyException {
        delegate = newDelegate(k);
        delegateKey = k;
        initialised = true;
        key = null;
        digest = null;
        buffer = null;
    }

    private Signature newDelegate(Key k) throws InvalidKeyException {
        try {
            Signature v = Signature.getInstance("SM3withSM2", BouncyCastleHolder.BC);
            v.setParameter(new SM2ParameterSpec(id)); // BC applies the ID at init time
            if (k instanceof PublicKey) {
                v.initVerify((PublicKey) k);
            } else {
                v.initSign((PrivateKey) k);
            }
            return v;
        } catch (InvalidKeyException ex) {
            throw ex;
        } catch (GeneralSecurityException ex) {
            throw new ProviderException("BouncyCastle SM3withSM2 unavailable", ex);
        }
    }

    /** Fresh state for the next message: Z-primed SM3, or a buffer when the library hashes itself. */
    private void restartSigning() {
        if (key.signSemantics() == SignSemantics.PREHASHED) {
            if (primed == null) {
                byte[][] xy = Sm2.coordinates(key.publicKey());
                primed = Sm2.digestWithZ(id, xy[0], xy[1]);
            }
            digest = new SM3Digest(primed);
            buffer = null;
        } else {
            digest = null;
            buffer = new ByteArrayOutputStream();
        }
    }

    @Override
    protected void engineUpdate(byte b) throws SignatureException {
        engineUpdate(new byte[] {b}, 0, 1);
    }

    @Override
    protected void engineUpdate(byte[] b, int off, int len) throws SignatureException {
        if (delegate != null) {
            delegate.update(b, off, len);
        } else if (digest != null) {
            digest.update(b, off, len);
        } else if (buffer != null) {
            buffer.write(b, off, len);
        } else {
            throw new SignatureException("not initialised");
        }
    }

    @Override
    protected byte[] engineSign() throws SignatureException {
        if (delegate != null && delegateKey instanceof PrivateKey) {
            return delegate.sign();
        }
        if (key == null) {
            throw new SignatureException("not initialised for signing");
        }
        try {
            if (digest != null) {
                byte[] e = new byte[32];
                digest.doFinal(e, 0);
                return Sm2.rawToDer(key.container().signDigest(e));
            }
            return key.container().sign(buffer.toByteArray(), id.clone());
        } catch (SkfException ex) {
            throw new SignatureException("UKEY signing failed: " + ex.getMessage(), ex);
        } finally {
            restartSigning();
        }
    }

    @Override
    protected boolean engineVerify(byte[] sigBytes) throws SignatureException {
        if (delegate == null || !(delegateKey instanceof PublicKey)) {
            throw new SignatureException("not initialised for verification");
        }
        return delegate.verify(sigBytes);
    }

    /** Accepts BouncyCastle's SM2ParameterSpec (signer ID); call it before update. */
    @Override
    protected void engineSetParameter(AlgorithmParameterSpec params) throws InvalidAlgorithmParameterException {
        if (!(params instanceof SM2ParameterSpec)) {
            throw new InvalidAlgorithmParameterException("only SM2ParameterSpec (signer ID) is supported, got "
                    + (params == null ? "null" : params.getClass().getName()));
        }
        id = ((SM2ParameterSpec) params).getID();
        primed = null;
        parameterBeforeInit |= !initialised;
        if (key != null) {
            restartSigning();
        } else if (delegate != null) {
            try {
                delegate = newDelegate(delegateKey);
            } catch (InvalidKeyException ex) {
                throw new InvalidAlgorithmParameterException(ex);
            }
        }
    }

    @Override
    protected AlgorithmParameters engineGetParameters() {
        return null;
    }

    @Override
    @Deprecated
    protected void engineSetParameter(String param, Object value) {
        throw new InvalidParameterException("use setParameter(SM2ParameterSpec)");
    }

    @Override
    @Deprecated
    protected Object engineGetParameter(String param) {
        throw new InvalidParameterException("no named parameters");
    }
}
