/* stubs.c - standard entry points the soft UKEY does not implement (RSA, SM2 key agreement). */
#include "internal.h"

#define UNUSED(x) (void)(x)

SKF_EXPORT ULONG DEVAPI SKF_GenExtRSAKey(DEVHANDLE hDev, ULONG ulBitsLen, RSAPRIVATEKEYBLOB *pBlob)
{
    UNUSED(hDev); UNUSED(ulBitsLen); UNUSED(pBlob);
    return SAR_NOTSUPPORTYETERR;
}

SKF_EXPORT ULONG DEVAPI SKF_GenRSAKeyPair(HCONTAINER hContainer, ULONG ulBitsLen, RSAPUBLICKEYBLOB *pBlob)
{
    UNUSED(hContainer); UNUSED(ulBitsLen); UNUSED(pBlob);
    return SAR_NOTSUPPORTYETERR;
}

SKF_EXPORT ULONG DEVAPI SKF_ImportRSAKeyPair(HCONTAINER hContainer, ULONG ulSymAlgId, BYTE *pbWrappedKey,
                                             ULONG ulWrappedKeyLen, BYTE *pbEncryptedData, ULONG ulEncryptedDataLen)
{
    UNUSED(hContainer); UNUSED(ulSymAlgId); UNUSED(pbWrappedKey); UNUSED(ulWrappedKeyLen);
    UNUSED(pbEncryptedData); UNUSED(ulEncryptedDataLen);
    return SAR_NOTSUPPORTYETERR;
}

SKF_EXPORT ULONG DEVAPI SKF_RSASignData(HCONTAINER hContainer, BYTE *pbData, ULONG ulDataLen, BYTE *pbSignature,
                                        ULONG *pulSignLen)
{
    UNUSED(hContainer); UNUSED(pbData); UNUSED(ulDataLen); UNUSED(pbSignature); UNUSED(pulSignLen);
    return SAR_NOTSUPPORTYETERR;
}

SKF_EXPORT ULONG DEVAPI SKF_RSAVerify(DEVHANDLE hDev, RSAPUBLICKEYBLOB *pRSAPubKeyBlob, BYTE *pbData, ULONG ulDataLen,
                                      BYTE *pbSignature, ULONG ulSignLen)
{
    UNUSED(hDev); UNUSED(pRSAPubKeyBlob); UNUSED(pbData); UNUSED(ulDataLen); UNUSED(pbSignature); UNUSED(ulSignLen);
    return SAR_NOTSUPPORTYETERR;
}

SKF_EXPORT ULONG DEVAPI SKF_RSAExportSessionKey(HCONTAINER hContainer, ULONG ulAlgId, RSAPUBLICKEYBLOB *pPubKey,
                                                BYTE *pbData, ULONG *pulDataLen, HANDLE *phSessionKey)
{
    UNUSED(hContainer); UNUSED(ulAlgId); UNUSED(pPubKey); UNUSED(pbData); UNUSED(pulDataLen); UNUSED(phSessionKey);
    return SAR_NOTSUPPORTYETERR;
}

SKF_EXPORT ULONG DEVAPI SKF_ExtRSAPubKeyOperation(DEVHANDLE hDev, RSAPUBLICKEYBLOB *pRSAPubKeyBlob, BYTE *pbInput,
                                                  ULONG ulInputLen, BYTE *pbOutput, ULONG *pulOutputLen)
{
    UNUSED(hDev); UNUSED(pRSAPubKeyBlob); UNUSED(pbInput); UNUSED(ulInputLen); UNUSED(pbOutput); UNUSED(pulOutputLen);
    return SAR_NOTSUPPORTYETERR;
}

SKF_EXPORT ULONG DEVAPI SKF_ExtRSAPriKeyOperation(DEVHANDLE hDev, RSAPRIVATEKEYBLOB *pRSAPriKeyBlob, BYTE *pbInput,
                                                  ULONG ulInputLen, BYTE *pbOutput, ULONG *pulOutputLen)
{
    UNUSED(hDev); UNUSED(pRSAPriKeyBlob); UNUSED(pbInput); UNUSED(ulInputLen); UNUSED(pbOutput); UNUSED(pulOutputLen);
    return SAR_NOTSUPPORTYETERR;
}

SKF_EXPORT ULONG DEVAPI SKF_GenerateAgreementDataWithECC(HCONTAINER hContainer, ULONG ulAlgId,
                                                         ECCPUBLICKEYBLOB *pTempECCPubKeyBlob, BYTE *pbID,
                                                         ULONG ulIDLen, HANDLE *phAgreementHandle)
{
    UNUSED(hContainer); UNUSED(ulAlgId); UNUSED(pTempECCPubKeyBlob); UNUSED(pbID); UNUSED(ulIDLen);
    UNUSED(phAgreementHandle);
    return SAR_NOTSUPPORTYETERR;
}

SKF_EXPORT ULONG DEVAPI SKF_GenerateAgreementDataAndKeyWithECC(
    HANDLE hContainer, ULONG ulAlgId, ECCPUBLICKEYBLOB *pSponsorECCPubKeyBlob,
    ECCPUBLICKEYBLOB *pSponsorTempECCPubKeyBlob, ECCPUBLICKEYBLOB *pTempECCPubKeyBlob, BYTE *pbID, ULONG ulIDLen,
    BYTE *pbSponsorID, ULONG ulSponsorIDLen, HANDLE *phKeyHandle)
{
    UNUSED(hContainer); UNUSED(ulAlgId); UNUSED(pSponsorECCPubKeyBlob); UNUSED(pSponsorTempECCPubKeyBlob);
    UNUSED(pTempECCPubKeyBlob); UNUSED(pbID); UNUSED(ulIDLen); UNUSED(pbSponsorID); UNUSED(ulSponsorIDLen);
    UNUSED(phKeyHandle);
    return SAR_NOTSUPPORTYETERR;
}

SKF_EXPORT ULONG DEVAPI SKF_GenerateKeyWithECC(HANDLE hAgreementHandle, ECCPUBLICKEYBLOB *pECCPubKeyBlob,
                                               ECCPUBLICKEYBLOB *pTempECCPubKeyBlob, BYTE *pbID, ULONG ulIDLen,
                                               HANDLE *phKeyHandle)
{
    UNUSED(hAgreementHandle); UNUSED(pECCPubKeyBlob); UNUSED(pTempECCPubKeyBlob); UNUSED(pbID); UNUSED(ulIDLen);
    UNUSED(phKeyHandle);
    return SAR_NOTSUPPORTYETERR;
}
