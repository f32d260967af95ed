package cn.yzt.ops.skf.jca;

import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECKey;
import java.security.spec.ECParameterSpec;

import org.bouncycastle.jcajce.provider.asymmetric.util.EC5Util;

import cn.yzt.ops.protocol.crypto.Sm2;
import cn.yzt.ops.skf.Container;
import cn.yzt.ops.skf.LibraryProfile;
import cn.yzt.ops.skf.SkfLibrary;

/**
 * A handle to an SM2 private key that stays on the UKEY. Algorithm "EC" (what TLCP stacks ask
 * for), no encoding, no scalar: software providers that need the scalar give up on it and JCA's
 * delayed provider selection hands it to {@link SkfProvider}. Only usable while its token session
 * (the KeyStore load or the caller's {@link Container}) is open.
 */
public final class SkfPrivateKey implements PrivateKey, ECKey {

    private static final long serialVersionUID = 1L;
    private static final ECParameterSpec SM2_PARAMS = EC5Util.convertToSpec(Sm2.CURVE);

    private final transient SkfLibrary library;
    private final transient Container container;
    private final transient PublicKey publicKey;
    private final boolean sign;

    private SkfPrivateKey(SkfLibrary library, Container container, PublicKey publicKey, boolean sign) {
        this.library = library;
        this.container = container;
        this.publicKey = publicKey;
        this.sign = sign;
    }

    /**
     * The sign ({@code sign == true}) or encryption key of an open container.
     *
     * @throws IllegalArgumentException when the container has no such key pair
     */
    public static SkfPrivateKey of(SkfLibrary library, Container container, boolean sign) {
        PublicKey pub = container.publicKey(sign).orElseThrow(() -> new IllegalArgumentException(
                "container " + container.name() + " has no " + (sign ? "sign" : "encryption") + " key pair"));
        return new SkfPrivateKey(library, container, pub, sign);
    }

    @Override
    public String getAlgorithm() {
        return "EC";
    }

    /** Null: the key cannot leave the token. */
    @Override
    public String getFormat() {
        return null;
    }

    /** Null: the key cannot leave the token. */
    @Override
    public byte[] getEncoded() {
        return null;
    }

    @Override
    public ECParameterSpec getParams() {
        return SM2_PARAMS;
    }

    /** True for the container's signature key, false for its encryption key (which never signs here). */
    public boolean isSignKey() {
        return sign;
    }

    public String containerName() {
        return container.name();
    }

    /** The matching public key (as the token exports it): Z is computed from it. */
    public PublicKey publicKey() {
        return publicKey;
    }

    Container container() {
        return container;
    }

    LibraryProfile.SignSemantics signSemantics() {
        LibraryProfile profile = library == null ? null : library.profile();
        return profile == null || profile.signSemantics() == null
                ? LibraryProfile.SignSemantics.UNKNOWN : profile.signSemantics();
    }

    @Override
    public String toString() {
        return "SkfPrivateKey[" + container.name() + (sign ? ", sign" : ", enc") + "]";
    }

    /** A handle is meaningless outside this process: refuse to serialise it. */
    private void writeObject(ObjectOutputStream out) throws NotSerializableException {
        throw new NotSerializableException("SkfPrivateKey is a token handle and cannot be serialised");
    }
}
