package cn.yzt.ops.skf;

import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.Optional;

/** An opened container (HCONTAINER) with up to two SM2 key pairs: sign and enc. */
public final class Container implements AutoCloseable {

    public String name() { throw new UnsupportedOperationException("TODO"); }

    public ContainerType type() { throw new UnsupportedOperationException("TODO"); }

    /** SKF_GenECCKeyPair (both SGD_SM2_1 numberings tried); returns the new sign public key. */
    public PublicKey generateSignKeyPair() { throw new UnsupportedOperationException("TODO"); }

    /** SKF_ExportPublicKey; empty when the container has no such key. */
    public Optional<PublicKey> publicKey(boolean sign) { throw new UnsupportedOperationException("TODO"); }

    /** SKF_ImportECCKeyPair with a GM/T 0016 ENVELOPEDKEYBLOB (see {@link EnvelopedKeys}). */
    public void importEncKeyPair(byte[] envelopedKeyBlob) { throw new UnsupportedOperationException("TODO"); }

    public void importCertificate(boolean sign, byte[] der) { throw new UnsupportedOperationException("TODO"); }

    /** SKF_ExportCertificate; empty when there is none (whatever code the vendor uses for that). */
    public Optional<X509Certificate> certificate(boolean sign) { throw new UnsupportedOperationException("TODO"); }

    /** SKF_ECCSignData on e (32 bytes); returns raw r||s (64 bytes). Standard (prehashed) semantics only. */
    public byte[] signDigest(byte[] e) { throw new UnsupportedOperationException("TODO"); }

    /**
     * SM3withSM2 over {@code message} with signer {@code id}: Z and e computed on the host from
     * the sign public key, signed on the token, returned as GM/T 0009 DER. Copes with
     * hash-inside libraries (per {@link LibraryProfile}).
     */
    public byte[] sign(byte[] message, byte[] id) { throw new UnsupportedOperationException("TODO"); }

    @Override
    public void close() { throw new UnsupportedOperationException("TODO"); }
}
