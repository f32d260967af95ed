package cn.yzt.ops.protocol.pki;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.Arrays;

import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.util.BigIntegers;

/**
 * GM/T 0009 {@code SM2Cipher ::= SEQUENCE { XCoordinate INTEGER, YCoordinate INTEGER,
 * HASH OCTET STRING (32), CipherText OCTET STRING }}: an SM2 ciphertext C1 (x, y), C3 (hash), C2.
 * The same encoding OpenSSL 3 emits. Immutable; accessors return copies.
 */
public final class Sm2Cipher {

    private final byte[] x;
    private final byte[] y;
    private final byte[] hash;
    private final byte[] cipherText;

    private Sm2Cipher(byte[] x, byte[] y, byte[] hash, byte[] cipherText) {
        this.x = x;
        this.y = y;
        this.hash = hash;
        this.cipherText = cipherText;
    }

    /** From GM/T 0003 raw {@code 04 || x || y || C3 || C2} (BouncyCastle SM2Engine Mode.C1C3C2). */
    public static Sm2Cipher fromC1C3C2(byte[] raw) {
        if (raw.length < 65 + 32 || raw[0] != 0x04) {
            throw new IllegalArgumentException("not an uncompressed C1||C3||C2 SM2 ciphertext");
        }
        return new Sm2Cipher(
                Arrays.copyOfRange(raw, 1, 33),
                Arrays.copyOfRange(raw, 33, 65),
                Arrays.copyOfRange(raw, 65, 97),
                Arrays.copyOfRange(raw, 97, raw.length));
    }

    /** Parses the ASN.1 structure; throws IllegalArgumentException with the reason when it is not one. */
    public static Sm2Cipher fromAsn1(Object asn1) {
        ASN1Sequence seq;
        try {
            seq = ASN1Sequence.getInstance(asn1);
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException("SM2Cipher is not a SEQUENCE", ex);
        }
        if (seq.size() != 4) {
            throw new IllegalArgumentException("SM2Cipher must have 4 fields, found " + seq.size());
        }
        try {
            BigInteger x = ASN1Integer.getInstance(seq.getObjectAt(0)).getPositiveValue();
            BigInteger y = ASN1Integer.getInstance(seq.getObjectAt(1)).getPositiveValue();
            byte[] hash = ASN1OctetString.getInstance(seq.getObjectAt(2)).getOctets();
            byte[] c2 = ASN1OctetString.getInstance(seq.getObjectAt(3)).getOctets();
            if (hash.length != 32) {
                throw new IllegalArgumentException("SM2Cipher HASH must be 32 bytes, found " + hash.length);
            }
            if (x.bitLength() > 256 || y.bitLength() > 256) {
                throw new IllegalArgumentException("SM2Cipher coordinates longer than 256 bits");
            }
            return new Sm2Cipher(BigIntegers.asUnsignedByteArray(32, x),
                    BigIntegers.asUnsignedByteArray(32, y), hash, c2);
        } catch (IllegalStateException ex) {
            throw new IllegalArgumentException("SM2Cipher field has the wrong type", ex);
        }
    }

    public ASN1Sequence toAsn1() {
        ASN1EncodableVector v = new ASN1EncodableVector();
        v.add(new ASN1Integer(new BigInteger(1, x)));
        v.add(new ASN1Integer(new BigInteger(1, y)));
        v.add(new DEROctetString(hash));
        v.add(new DEROctetString(cipherText));
        return new DERSequence(v);
    }

    public byte[] getEncoded() {
        try {
            return toAsn1().getEncoded("DER");
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** C1.x, 32 bytes big-endian. */
    public byte[] x() {
        return x.clone();
    }

    /** C1.y, 32 bytes big-endian. */
    public byte[] y() {
        return y.clone();
    }

    /** C3 = SM3(x2 || M || y2). */
    public byte[] hash() {
        return hash.clone();
    }

    /** C2, as long as the plaintext. */
    public byte[] cipherText() {
        return cipherText.clone();
    }

    /** Back to GM/T 0003 raw {@code 04 || x || y || C3 || C2}. */
    public byte[] toC1C3C2() {
        byte[] out = new byte[1 + 64 + 32 + cipherText.length];
        out[0] = 0x04;
        System.arraycopy(x, 0, out, 1, 32);
        System.arraycopy(y, 0, out, 33, 32);
        System.arraycopy(hash, 0, out, 65, 32);
        System.arraycopy(cipherText, 0, out, 97, cipherText.length);
        return out;
    }
}
