package cn.yzt.ops.skf.jna;

import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;

/**
 * GM/T 0016-2012 entry points the safe API uses (SKF-SPEC §4). Every function returns a SAR code.
 * ULONG/BOOL/DWORD are {@code int}; ULONG* is an {@link OutUlong} (8 zeroed bytes); LPSTR inputs
 * are NUL-terminated {@code byte[]} (never Java strings: the encoding is vendor-specific); output
 * buffers are {@link Pointer} so a NULL size query is possible. Optional or misspelt functions
 * (SKF_GetContainerType / SKF_GetContianerType) are looked up by name instead, not declared here.
 */
public interface SkfNative extends Library {

    // ---- device management (§4.1)

    int SKF_WaitForDevEvent(Pointer szDevName, OutUlong pulDevNameLen, OutUlong pulEvent);

    int SKF_CancelWaitForDevEvent();

    int SKF_EnumDev(int bPresent, Pointer szNameList, OutUlong pulSize);

    int SKF_ConnectDev(byte[] szName, PointerByReference phDev);

    int SKF_DisConnectDev(Pointer hDev);

    int SKF_GetDevState(byte[] szDevName, OutUlong pulDevState);

    int SKF_SetLabel(Pointer hDev, byte[] szLabel);

    /** pDevInfo: a zeroed buffer of {@link DevInfoDecoder#BUFFER_SIZE} bytes. */
    int SKF_GetDevInfo(Pointer hDev, Pointer pDevInfo);

    int SKF_LockDev(Pointer hDev, int ulTimeOut);

    int SKF_UnlockDev(Pointer hDev);

    // ---- access control (§4.2)

    int SKF_DevAuth(Pointer hDev, byte[] pbAuthData, int ulLen);

    int SKF_ChangePIN(Pointer hApplication, int ulPINType, byte[] szOldPin, byte[] szNewPin,
                      OutUlong pulRetryCount);

    int SKF_GetPINInfo(Pointer hApplication, int ulPINType, OutUlong pulMaxRetryCount,
                       OutUlong pulRemainRetryCount, OutUlong pbDefaultPin);

    int SKF_VerifyPIN(Pointer hApplication, int ulPINType, byte[] szPIN, OutUlong pulRetryCount);

    int SKF_UnblockPIN(Pointer hApplication, byte[] szAdminPIN, byte[] szNewUserPIN, OutUlong pulRetryCount);

    int SKF_ClearSecureState(Pointer hApplication);

    // ---- applications, files, containers (§4.3)

    int SKF_CreateApplication(Pointer hDev, byte[] szAppName, byte[] szAdminPin, int dwAdminPinRetryCount,
                              byte[] szUserPin, int dwUserPinRetryCount, int dwCreateFileRights,
                              PointerByReference phApplication);

    int SKF_EnumApplication(Pointer hDev, Pointer szAppName, OutUlong pulSize);

    int SKF_DeleteApplication(Pointer hDev, byte[] szAppName);

    int SKF_OpenApplication(Pointer hDev, byte[] szAppName, PointerByReference phApplication);

    int SKF_CloseApplication(Pointer hApplication);

    int SKF_EnumFiles(Pointer hApplication, Pointer szFileList, OutUlong pulSize);

    int SKF_GetFileInfo(Pointer hApplication, byte[] szFileName, FileAttribute pFileInfo);

    int SKF_CreateContainer(Pointer hApplication, byte[] szContainerName, PointerByReference phContainer);

    int SKF_DeleteContainer(Pointer hApplication, byte[] szContainerName);

    int SKF_OpenContainer(Pointer hApplication, byte[] szContainerName, PointerByReference phContainer);

    int SKF_CloseContainer(Pointer hContainer);

    int SKF_EnumContainer(Pointer hApplication, Pointer szContainerName, OutUlong pulSize);

    int SKF_ImportCertificate(Pointer hContainer, int bSignFlag, byte[] pbCert, int ulCertLen);

    int SKF_ExportCertificate(Pointer hContainer, int bSignFlag, Pointer pbCert, OutUlong pulCertLen);

    // ---- cryptographic services (§4.4)

    int SKF_GenRandom(Pointer hDev, byte[] pbRandom, int ulRandomLen);

    int SKF_GenECCKeyPair(Pointer hContainer, int ulAlgId, EccPublicKeyBlob pBlob);

    /** pEnvelopedKeyBlob: an ENVELOPEDKEYBLOB as bytes ({@link EnvelopedKeyBlob}). */
    int SKF_ImportECCKeyPair(Pointer hContainer, byte[] pEnvelopedKeyBlob);

    int SKF_ECCSignData(Pointer hContainer, byte[] pbDigest, int ulDigestLen, EccSignatureBlob pSignature);

    int SKF_ECCVerify(Pointer hDev, EccPublicKeyBlob pECCPubKeyBlob, byte[] pbData, int ulDataLen,
                      EccSignatureBlob pSignature);

    /** pCipherText: at least {@link EccCipherBlob#FIXED} + plaintext length bytes. */
    int SKF_ExtECCEncrypt(Pointer hDev, EccPublicKeyBlob pECCPubKeyBlob, byte[] pbPlainText,
                          int ulPlainTextLen, Pointer pCipherText);

    int SKF_ExportPublicKey(Pointer hContainer, int bSignFlag, Pointer pbBlob, OutUlong pulBlobLen);

    int SKF_SetSymmKey(Pointer hDev, byte[] pbKey, int ulAlgID, PointerByReference phKey);

    int SKF_EncryptInit(Pointer hKey, BlockCipherParam.ByValue encryptParam);

    int SKF_Encrypt(Pointer hKey, byte[] pbData, int ulDataLen, Pointer pbEncryptedData, OutUlong pulEncryptedLen);

    int SKF_CloseHandle(Pointer hHandle);
}
