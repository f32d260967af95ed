package cn.yzt.ops.skf.jna;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import cn.yzt.ops.skf.testing.SoftUkey;

/** The JNA structures and hand-decoded offsets against the C compiler's, via SoftUKEY_StructLayout. */
class StructLayoutTest {

    private static Map<String, Integer> c;

    @BeforeAll
    static void layout() {
        c = SoftUkey.structLayout(SoftUkey.library());
    }

    @Test
    void eccPublicKeyBlob() {
        EccPublicKeyBlob s = new EccPublicKeyBlob();
        assertThat(s.size()).isEqualTo(c.get("ECCPUBLICKEYBLOB.size")).isEqualTo(EccPublicKeyBlob.SIZE);
        for (String f : new String[] {"BitLen", "XCoordinate", "YCoordinate"}) {
            assertThat(s.offsetOf(f)).as(f).isEqualTo(c.get("ECCPUBLICKEYBLOB." + f));
        }
    }

    @Test
    void eccSignatureBlob() {
        EccSignatureBlob s = new EccSignatureBlob();
        assertThat(s.size()).isEqualTo(c.get("ECCSIGNATUREBLOB.size")).isEqualTo(EccSignatureBlob.SIZE);
        assertThat(s.offsetOf("r")).isEqualTo(c.get("ECCSIGNATUREBLOB.r"));
        assertThat(s.offsetOf("s")).isEqualTo(c.get("ECCSIGNATUREBLOB.s"));
    }

    @Test
    void blockCipherParamIncludingByValue() {
        BlockCipherParam s = new BlockCipherParam();
        assertThat(s.size()).isEqualTo(c.get("BLOCKCIPHERPARAM.size")).isEqualTo(BlockCipherParam.SIZE);
        assertThat(new BlockCipherParam.ByValue().size()).isEqualTo(BlockCipherParam.SIZE);
        for (String f : new String[] {"IV", "IVLen", "PaddingType", "FeedBitLen"}) {
            assertThat(s.offsetOf(f)).as(f).isEqualTo(c.get("BLOCKCIPHERPARAM." + f));
        }
    }

    @Test
    void fileAttribute() {
        FileAttribute s = new FileAttribute();
        assertThat(s.size()).isEqualTo(c.get("FILEATTRIBUTE.size")).isEqualTo(FileAttribute.SIZE);
        for (String f : new String[] {"FileName", "FileSize", "ReadRights", "WriteRights"}) {
            assertThat(s.offsetOf(f)).as(f).isEqualTo(c.get("FILEATTRIBUTE." + f));
        }
    }

    @Test
    void devInfoPackedAndNaturalOffsets() {
        assertThat(c.get("DEVINFO.size")).isEqualTo(DevInfoDecoder.PACKED_SIZE);
        assertThat(c.get("DEVINFO_NATURAL.size")).isEqualTo(DevInfoDecoder.NATURAL_SIZE);
        for (String layout : new String[] {"DEVINFO", "DEVINFO_NATURAL"}) {
            assertThat(c.get(layout + ".Version")).isEqualTo(DevInfoDecoder.VERSION);
            assertThat(c.get(layout + ".Manufacturer")).isEqualTo(DevInfoDecoder.MANUFACTURER);
            assertThat(c.get(layout + ".Issuer")).isEqualTo(DevInfoDecoder.ISSUER);
            assertThat(c.get(layout + ".Label")).isEqualTo(DevInfoDecoder.LABEL);
            assertThat(c.get(layout + ".SerialNumber")).isEqualTo(DevInfoDecoder.SERIAL_NUMBER);
            assertThat(c.get(layout + ".HWVersion")).isEqualTo(DevInfoDecoder.HW_VERSION);
            assertThat(c.get(layout + ".FirmwareVersion")).isEqualTo(DevInfoDecoder.FIRMWARE_VERSION);
        }
        String[] ulongs = {"AlgSymCap", "AlgAsymCap", "AlgHashCap", "DevAuthAlgId", "TotalSpace", "FreeSpace",
            "MaxECCBufferSize", "MaxBufferSize"};
        for (int i = 0; i < ulongs.length; i++) {
            assertThat(c.get("DEVINFO." + ulongs[i])).as(ulongs[i]).isEqualTo(DevInfoDecoder.ULONGS_PACKED + 4 * i);
            assertThat(c.get("DEVINFO_NATURAL." + ulongs[i])).as(ulongs[i]).isEqualTo(DevInfoDecoder.ULONGS_NATURAL + 4 * i);
        }
        assertThat(c.get("DEVINFO.Reserved")).isEqualTo(DevInfoDecoder.ULONGS_PACKED + 32);
        assertThat(c.get("DEVINFO_NATURAL.Reserved")).isEqualTo(DevInfoDecoder.ULONGS_NATURAL + 32);
    }

    @Test
    void byteArrayBlobOffsets() {
        assertThat(c.get("ECCCIPHERBLOB.XCoordinate")).isEqualTo(EccCipherBlob.X);
        assertThat(c.get("ECCCIPHERBLOB.YCoordinate")).isEqualTo(EccCipherBlob.Y);
        assertThat(c.get("ECCCIPHERBLOB.HASH")).isEqualTo(EccCipherBlob.HASH);
        assertThat(c.get("ECCCIPHERBLOB.CipherLen")).isEqualTo(EccCipherBlob.CIPHER_LEN);
        assertThat(c.get("ECCCIPHERBLOB.Cipher")).isEqualTo(EccCipherBlob.CIPHER);
        assertThat(c.get("ENVELOPEDKEYBLOB.Version")).isEqualTo(EnvelopedKeyBlob.VERSION);
        assertThat(c.get("ENVELOPEDKEYBLOB.ulSymmAlgID")).isEqualTo(EnvelopedKeyBlob.SYMM_ALG_ID);
        assertThat(c.get("ENVELOPEDKEYBLOB.ulBits")).isEqualTo(EnvelopedKeyBlob.BITS);
        assertThat(c.get("ENVELOPEDKEYBLOB.cbEncryptedPriKey")).isEqualTo(EnvelopedKeyBlob.ENCRYPTED_PRI_KEY);
        assertThat(c.get("ENVELOPEDKEYBLOB.PubKey")).isEqualTo(EnvelopedKeyBlob.PUB_KEY);
        assertThat(c.get("ENVELOPEDKEYBLOB.ECCCipherBlob")).isEqualTo(EnvelopedKeyBlob.ECC_CIPHER_BLOB);
        assertThat(EnvelopedKeyBlob.ECC_CIPHER_BLOB + EccCipherBlob.FIXED).isEqualTo(EnvelopedKeyBlob.FIXED);
    }

    @Test
    void nameListParsingStopsAtEmptyName() {
        assertThat(NameList.parse(new byte[0], 0)).isEmpty();
        assertThat(NameList.parse(new byte[] {0}, 1)).isEmpty();
        assertThat(NameList.parse(new byte[] {0, 0}, 2)).isEmpty();
        assertThat(NameList.parse(new byte[] {'a', 0, 'b', 'c', 0, 0, 'x', 0}, 8))
                .extracting(String::new).containsExactly("a", "bc");
        assertThat(NameList.parse(new byte[] {'a', 0, 'b'}, 3)).extracting(String::new).containsExactly("a", "b");
    }
}
