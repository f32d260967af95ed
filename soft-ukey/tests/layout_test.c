/* layout_test.c - struct sizes/offsets against SKF-SPEC section 3, and SoftUKEY_StructLayout. */
#include <stddef.h>
#include <string.h>

#include "skf.h"
#include "testutil.h"

#define SZ(T, n) CHECK(sizeof(T) == (n), "sizeof(" #T ") = %zu, want %d", sizeof(T), (n))
#define OFF(T, F, n) CHECK(offsetof(T, F) == (n), "offsetof(" #T "," #F ") = %zu, want %d", offsetof(T, F), (n))

static void check_line(const char *text, const char *line)
{
    char want[128];
    snprintf(want, sizeof want, "%s\n", line);
    CHECK(strstr(text, want) != NULL, "SoftUKEY_StructLayout lacks '%s'", line);
}

int main(void)
{
    char buf[8192];
    ULONG len = 0;

    CHECK(sizeof(ULONG) == 4 && sizeof(BOOL) == 4, "ULONG/BOOL must be 32-bit");
    SZ(VERSION, 2);
    SZ(DEVINFO, 294);
    OFF(DEVINFO, Manufacturer, 2);
    OFF(DEVINFO, Issuer, 66);
    OFF(DEVINFO, Label, 130);
    OFF(DEVINFO, SerialNumber, 162);
    OFF(DEVINFO, HWVersion, 194);
    OFF(DEVINFO, FirmwareVersion, 196);
    OFF(DEVINFO, AlgSymCap, 198);
    OFF(DEVINFO, AlgAsymCap, 202);
    OFF(DEVINFO, AlgHashCap, 206);
    OFF(DEVINFO, DevAuthAlgId, 210);
    OFF(DEVINFO, TotalSpace, 214);
    OFF(DEVINFO, FreeSpace, 218);
    OFF(DEVINFO, MaxECCBufferSize, 222);
    OFF(DEVINFO, MaxBufferSize, 226);
    OFF(DEVINFO, Reserved, 230);
    SZ(DEVINFO_NATURAL, 296);
    OFF(DEVINFO_NATURAL, FirmwareVersion, 196);
    OFF(DEVINFO_NATURAL, AlgSymCap, 200);
    OFF(DEVINFO_NATURAL, AlgAsymCap, 204);
    OFF(DEVINFO_NATURAL, AlgHashCap, 208);
    OFF(DEVINFO_NATURAL, DevAuthAlgId, 212);
    OFF(DEVINFO_NATURAL, TotalSpace, 216);
    OFF(DEVINFO_NATURAL, FreeSpace, 220);
    OFF(DEVINFO_NATURAL, MaxECCBufferSize, 224);
    OFF(DEVINFO_NATURAL, MaxBufferSize, 228);
    OFF(DEVINFO_NATURAL, Reserved, 232);
    SZ(RSAPUBLICKEYBLOB, 268);
    SZ(RSAPRIVATEKEYBLOB, 1164);
    SZ(ECCPUBLICKEYBLOB, 132);
    OFF(ECCPUBLICKEYBLOB, XCoordinate, 4);
    OFF(ECCPUBLICKEYBLOB, YCoordinate, 68);
    SZ(ECCPRIVATEKEYBLOB, 68);
    OFF(ECCPRIVATEKEYBLOB, PrivateKey, 4);
    SZ(ECCCIPHERBLOB, 165);
    OFF(ECCCIPHERBLOB, YCoordinate, 64);
    OFF(ECCCIPHERBLOB, HASH, 128);
    OFF(ECCCIPHERBLOB, CipherLen, 160);
    OFF(ECCCIPHERBLOB, Cipher, 164);
    SZ(ECCSIGNATUREBLOB, 128);
    OFF(ECCSIGNATUREBLOB, s, 64);
    SZ(BLOCKCIPHERPARAM, 44);
    OFF(BLOCKCIPHERPARAM, IVLen, 32);
    OFF(BLOCKCIPHERPARAM, PaddingType, 36);
    OFF(BLOCKCIPHERPARAM, FeedBitLen, 40);
    OFF(ENVELOPEDKEYBLOB, ulSymmAlgID, 4);
    OFF(ENVELOPEDKEYBLOB, ulBits, 8);
    OFF(ENVELOPEDKEYBLOB, cbEncryptedPriKey, 12);
    OFF(ENVELOPEDKEYBLOB, PubKey, 76);
    OFF(ENVELOPEDKEYBLOB, ECCCipherBlob, 208);
    CHECK(offsetof(ENVELOPEDKEYBLOB, ECCCipherBlob) + offsetof(ECCCIPHERBLOB, Cipher) == 372,
          "ENVELOPEDKEYBLOB fixed part must be 372");
    SZ(FILEATTRIBUTE, 44);
    OFF(FILEATTRIBUTE, FileSize, 32);
    OFF(FILEATTRIBUTE, ReadRights, 36);
    OFF(FILEATTRIBUTE, WriteRights, 40);

    /* the exported layout text, two-call protocol */
    CHECK_RC(SoftUKEY_StructLayout(NULL, &len), SAR_OK);
    CHECK(len > 100 && len < sizeof buf, "layout size %u", (unsigned)len);
    {
        ULONG small = 10;
        CHECK_RC(SoftUKEY_StructLayout(buf, &small), SAR_BUFFER_TOO_SMALL);
        CHECK(small == len, "too-small answer %u != %u", (unsigned)small, (unsigned)len);
    }
    len = sizeof buf;
    CHECK_RC(SoftUKEY_StructLayout(buf, &len), SAR_OK);
    CHECK(strlen(buf) + 1 == len, "length includes the NUL");
    check_line(buf, "VERSION.size=2");
    check_line(buf, "DEVINFO.size=294");
    check_line(buf, "DEVINFO.AlgSymCap=198");
    check_line(buf, "DEVINFO.Reserved=230");
    check_line(buf, "DEVINFO_NATURAL.size=296");
    check_line(buf, "DEVINFO_NATURAL.AlgSymCap=200");
    check_line(buf, "ECCPUBLICKEYBLOB.size=132");
    check_line(buf, "ECCPUBLICKEYBLOB.YCoordinate=68");
    check_line(buf, "ECCPRIVATEKEYBLOB.PrivateKey=4");
    check_line(buf, "ECCCIPHERBLOB.CipherLen=160");
    check_line(buf, "ECCCIPHERBLOB.Cipher=164");
    check_line(buf, "ECCSIGNATUREBLOB.s=64");
    check_line(buf, "BLOCKCIPHERPARAM.size=44");
    check_line(buf, "BLOCKCIPHERPARAM.FeedBitLen=40");
    check_line(buf, "ENVELOPEDKEYBLOB.ECCCipherBlob=208");
    check_line(buf, "ENVELOPEDKEYBLOB.PubKey=76");
    check_line(buf, "FILEATTRIBUTE.size=44");
    check_line(buf, "FILEATTRIBUTE.WriteRights=40");
    return t_summary("softukey-layout-test");
}
