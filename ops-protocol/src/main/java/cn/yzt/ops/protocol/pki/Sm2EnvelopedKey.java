package cn.yzt.ops.protocol.pki;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.bouncycastle.asn1.ASN1BitString;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;

/**
 * GM/T 0009 {@code SM2EnvelopedKey ::= SEQUENCE { symAlgID AlgorithmIdentifier,
 * symEncryptedKey SM2Cipher, sm2PublicKey BIT STRING (04||x||y), sm2EncryptedPrivateKey BIT STRING }}:
 * how a KMC delivers an escrowed SM2 encryption key pair to the holder of a signature key.
 * A pure data holder: parsing checks the shape, not the cryptography.
 */
public final class Sm2EnvelopedKey {

    private final AlgorithmIdentifier symAlgId;
    private final Sm2Cipher symEncryptedKey;
    private final byte[] publicKey;
    private final byte[] encryptedPrivateKey;

    public Sm2EnvelopedKey(AlgorithmIdentifier symAlgId, Sm2Cipher symEncryptedKey,
                           byte[] publicKey, byte[] encryptedPrivateKey) {
        if (publicKey.length != 65 || publicKey[0] != 0x04) {
            throw new IllegalArgumentException("sm2PublicKey must be an uncompressed point 04||x||y (65 bytes), found "
                    + publicKey.length + " bytes");
        }
        int n = encryptedPrivateKey.length;
        if (n != 32 && n != 48 && n != 64) {
            throw new IllegalArgumentException("sm2EncryptedPrivateKey must be 32, 48 (padded) or 64 bytes, found " + n);
        }
        this.symAlgId = symAlgId;
        this.symEncryptedKey = symEncryptedKey;
        this.publicKey = publicKey.clone();
        this.encryptedPrivateKey = encryptedPrivateKey.clone();
    }

    /** Parses DER; IllegalArgumentException says what is wrong when the bytes are not this structure. */
    public static Sm2EnvelopedKey parse(byte[] der) {
        ASN1Sequence seq;
        try {
            ASN1Primitive p = ASN1Primitive.fromByteArray(der);
            seq = ASN1Sequence.getInstance(p);
        } catch (IOException | IllegalArgumentException | ClassCastException ex) {
            throw new IllegalArgumentException("not a GM/T 0009 SM2EnvelopedKey: not a DER SEQUENCE", ex);
        }
        if (seq.size() != 4) {
            throw new IllegalArgumentException("not a GM/T 0009 SM2EnvelopedKey: expected 4 fields, found " + seq.size());
        }
        try {
            AlgorithmIdentifier alg = AlgorithmIdentifier.getInstance(seq.getObjectAt(0));
            Sm2Cipher cipher = Sm2Cipher.fromAsn1(seq.getObjectAt(1));
            byte[] pub = ASN1BitString.getInstance(seq.getObjectAt(2)).getOctets();
            byte[] enc = ASN1BitString.getInstance(seq.getObjectAt(3)).getOctets();
            return new Sm2EnvelopedKey(alg, cipher, pub, enc);
        } catch (IllegalArgumentException | IllegalStateException ex) {
            throw new IllegalArgumentException("not a GM/T 0009 SM2EnvelopedKey: " + ex.getMessage(), ex);
        }
    }

    public byte[] getEncoded() {
        ASN1EncodableVector v = new ASN1EncodableVector();
        v.add(symAlgId);
        v.add(symEncryptedKey.toAsn1());
        v.add(new DERBitString(publicKey));
        v.add(new DERBitString(encryptedPrivateKey));
        try {
            return new DERSequence(v).getEncoded("DER");
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    public AlgorithmIdentifier symAlgId() {
        return symAlgId;
    }

    public Sm2Cipher symEncryptedKey() {
        return symEncryptedKey;
    }

    /** 04 || x || y of the protected (encryption) key pair. */
    public byte[] publicKey() {
        return publicKey.clone();
    }

    /** SM4-ECB of d (32 bytes; 48 when the KMC added a PKCS#7 block) or of the right-aligned 64-byte field. */
    public byte[] encryptedPrivateKey() {
        return encryptedPrivateKey.clone();
    }

    @Override
    public String toString() {
        return "Sm2EnvelopedKey[" + symAlgId.getAlgorithm() + "]";
    }
}
