package cn.yzt.ops.skf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.PublicKey;
import java.util.Arrays;

import cn.yzt.ops.protocol.crypto.Sm2;
import cn.yzt.ops.skf.jna.EccCipherBlob;
import cn.yzt.ops.skf.jna.EccPublicKeyBlob;
import cn.yzt.ops.skf.jna.EccSignatureBlob;
import cn.yzt.ops.skf.jna.EnvelopedKeyBlob;

/** Conversions between SKF blobs and the host's SM2 forms, honouring the library's alignment. */
final class Blobs {

    private Blobs() {
    }

    static EccPublicKeyBlob publicKeyBlob(PublicKey key, LibraryState state) {
        byte[][] xy = UKey.point(key);
        EccPublicKeyBlob blob = new EccPublicKeyBlob();
        blob.BitLen = 256;
        Coordinates.write(xy[0], blob.XCoordinate, 0, state);
        Coordinates.write(xy[1], blob.YCoordinate, 0, state);
        return blob;
    }

    /** (x, y) from an ECCPUBLICKEYBLOB's bytes (132 of them). */
    static byte[][] publicKeyPoint(byte[] blob, LibraryState state) {
        if (blob.length < EccPublicKeyBlob.SIZE) {
            throw new SkfException("SKF_ExportPublicKey", 0, "binding.badOutput", null);
        }
        return new byte[][] {Coordinates.read(blob, 4, state), Coordinates.read(blob, 68, state)};
    }

    static byte[][] publicKeyPoint(EccPublicKeyBlob blob, LibraryState state) {
        return new byte[][] {Coordinates.read(blob.XCoordinate, 0, state), Coordinates.read(blob.YCoordinate, 0, state)};
    }

    static PublicKey toPublicKey(byte[][] xy) {
        try {
            return Sm2.publicKey(xy[0], xy[1]);
        } catch (IllegalArgumentException e) {
            throw new SkfException("SKF_ExportPublicKey", 0, "binding.badOutput", e);
        }
    }

    /** Raw 64-byte r||s from an ECCSIGNATUREBLOB. */
    static byte[] rawSignature(EccSignatureBlob sig, LibraryState state) {
        byte[] out = new byte[64];
        System.arraycopy(Coordinates.read(sig.r, 0, state), 0, out, 0, 32);
        System.arraycopy(Coordinates.read(sig.s, 0, state), 0, out, 32, 32);
        return out;
    }

    /** ECCCIPHERBLOB bytes to GM/T 0003 C1||C3||C2 (04||x||y||hash||cipher). */
    static byte[] cipherBlobToC1C3C2(byte[] blob, int plaintextLength, LibraryState state) {
        int cipherLen = ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN).getInt(EccCipherBlob.CIPHER_LEN);
        if (cipherLen != plaintextLength || EccCipherBlob.CIPHER + cipherLen > blob.length) {
            throw new SkfException("SKF_ExtECCEncrypt", 0, "binding.badOutput", null);
        }
        byte[] x = Coordinates.read(blob, EccCipherBlob.X, state);
        byte[] y = Coordinates.read(blob, EccCipherBlob.Y, state);
        byte[] out = new byte[1 + 64 + 32 + cipherLen];
        out[0] = 0x04;
        System.arraycopy(x, 0, out, 1, 32);
        System.arraycopy(y, 0, out, 33, 32);
        System.arraycopy(blob, EccCipherBlob.HASH, out, 65, 32);
        System.arraycopy(blob, EccCipherBlob.CIPHER, out, 97, cipherLen);
        return out;
    }

    /**
     * Validates an ENVELOPEDKEYBLOB and, for a left-aligned library, moves the public key and C1
     * coordinates to the left half of their fields (EnvelopedKeys writes the standard layout).
     */
    static byte[] envelopedForLibrary(byte[] blob, LibraryState state) {
        if (blob == null || blob.length < EnvelopedKeyBlob.FIXED) {
            throw new IllegalArgumentException("ENVELOPEDKEYBLOB must be at least " + EnvelopedKeyBlob.FIXED + " bytes");
        }
        ByteBuffer b = ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getInt(EnvelopedKeyBlob.VERSION) != 1) {
            throw new IllegalArgumentException("ENVELOPEDKEYBLOB version must be 1");
        }
        int cipherLen = b.getInt(EnvelopedKeyBlob.ECC_CIPHER_BLOB + EccCipherBlob.CIPHER_LEN);
        if (cipherLen <= 0 || cipherLen > 64 || EnvelopedKeyBlob.FIXED + cipherLen > blob.length) {
            throw new IllegalArgumentException("ENVELOPEDKEYBLOB cipher length out of range: " + cipherLen);
        }
        byte[] out = blob.clone();
        if (Boolean.TRUE.equals(state.leftAligned)) {
            int[] fields = {EnvelopedKeyBlob.PUB_KEY + 4, EnvelopedKeyBlob.PUB_KEY + 68,
                EnvelopedKeyBlob.ECC_CIPHER_BLOB + EccCipherBlob.X, EnvelopedKeyBlob.ECC_CIPHER_BLOB + EccCipherBlob.Y};
            for (int off : fields) {
                if (!Coordinates.allZero(out, off, 32)) {
                    continue; // already left-aligned
                }
                byte[] v = Arrays.copyOfRange(out, off + 32, off + 64);
                Coordinates.write(v, out, off, state);
            }
        }
        return out;
    }
}
