/* ecc.c - SM2 services: key generation, enveloped import, signing, verification, encryption. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static const uint8_t DEFAULT_ID[16] = {'1', '2', '3', '4', '5', '6', '7', '8', '1', '2', '3', '4', '5', '6', '7', '8'};

static int sm2_sign_alg_ok(ULONG id) { return id == SGD_SM2_1 || (!quirk(Q_SM2_STD_ONLY) && id == SGD_SM2_1_VENDOR); }

static void sig_out(const uint8_t r[32], const uint8_t s[32], ECCSIGNATUREBLOB *sig)
{
    put_coord(sig->r, r);
    put_coord(sig->s, s);
}

static void cipher_out(const uint8_t c1[64], const uint8_t c3[32], const uint8_t *c2, size_t n, ECCCIPHERBLOB *b)
{
    put_coord(b->XCoordinate, c1);
    put_coord(b->YCoordinate, c1 + 32);
    memcpy(b->HASH, c3, 32);
    b->CipherLen = (ULONG)n;
    memcpy(b->Cipher, c2, n);
}

static void cipher_in(const ECCCIPHERBLOB *b, uint8_t c1[64], uint8_t c3[32])
{
    get_coord(b->XCoordinate, c1);
    get_coord(b->YCoordinate, c1 + 32);
    memcpy(c3, b->HASH, 32);
}

SKF_EXPORT ULONG DEVAPI SKF_GenECCKeyPair(HCONTAINER hContainer, ULONG ulAlgId, ECCPUBLICKEYBLOB *pBlob)
{
    hent_t *a, *d, *c0;
    tx_t tx;
    app_t *ap;
    cont_t *c;
    uint8_t dk[32], xy[64];
    ULONG rc;
    ENTER();
    if ((rc = get_con(hContainer, &c0, &a, &d))) LEAVE(rc);
    if (!sm2_sign_alg_ok(ulAlgId)) LEAVE(SAR_NOTSUPPORTYETERR);
    if (!pBlob) LEAVE(SAR_INVALIDPARAMERR);
    if ((rc = need_user(a))) LEAVE(rc);
    if ((rc = con_tx(hContainer, 1, &tx, &a, &d, &ap, &c))) LEAVE(rc);
    if (sm2_keygen(dk, xy) || priv_seal(a, dk, &c->sign_priv)) rc = SAR_FAIL;
    wipe(dk, sizeof dk);
    if (!rc) {
        memcpy(c->sign_pub, xy, 64);
        c->has_sign = 1;
        rc = tx_commit(d, &tx);
    }
    tx_end(&tx);
    if (!rc) pub_to_blob(xy, pBlob);
    LEAVE(rc);
}

/* SKF-SPEC 3.9: the three placements of cbEncryptedPriKey. Returns 0 and d, or -1. */
static int envelope_d(const uint8_t key[16], const uint8_t ct[64], uint8_t d[32])
{
    static const uint8_t zero[32];
    uint8_t pt[64];
    int rc = -1;
    if (sm4_ecb(0, key, ct, 64, pt)) return -1;
    if (memcmp(pt, zero, 32) == 0) { /* (b) 64-byte field encrypted */
        memcpy(d, pt + 32, 32);
        rc = 0;
    } else if (memcmp(ct, zero, 32) == 0) { /* (a) 32-byte ciphertext right-aligned */
        memcpy(d, pt + 32, 32);
        rc = 0;
    } else if (memcmp(ct + 32, zero, 32) == 0) { /* (c) left-aligned */
        memcpy(d, pt, 32);
        rc = 0;
    }
    wipe(pt, sizeof pt);
    return rc;
}

SKF_EXPORT ULONG DEVAPI SKF_ImportECCKeyPair(HCONTAINER hContainer, ENVELOPEDKEYBLOB *pEnv)
{
    hent_t *a, *d, *c0;
    tx_t tx;
    app_t *ap;
    cont_t *c;
    uint8_t sd[32], c1[64], c3[32], key[16], dk[32], xy[64], xy2[64];
    ULONG rc;
    ENTER();
    if ((rc = get_con(hContainer, &c0, &a, &d))) LEAVE(rc);
    if (!pEnv) LEAVE(SAR_INVALIDPARAMERR);
    if ((rc = need_user(a))) LEAVE(rc);
    if (pEnv->ulSymmAlgID != SGD_SM4_ECB) LEAVE(SAR_NOTSUPPORTYETERR);
    if (pEnv->ECCCipherBlob.CipherLen != 16) LEAVE(SAR_INDATALENERR);
    if (!blob_to_pub(&pEnv->PubKey, xy)) LEAVE(SAR_INDATAERR);
    if ((rc = con_tx(hContainer, 1, &tx, &a, &d, &ap, &c))) LEAVE(rc);
    if (!c->has_sign) {
        tx_end(&tx);
        LEAVE(SAR_KEYNOTFOUNTERR);
    }
    if (priv_unseal(a, &c->sign_priv, sd)) {
        tx_end(&tx);
        LEAVE(SAR_FAIL);
    }
    cipher_in(&pEnv->ECCCipherBlob, c1, c3);
    if (sm2_decrypt(sd, c1, c3, pEnv->ECCCipherBlob.Cipher, 16, key)) rc = SAR_INDATAERR;
    else if (envelope_d(key, pEnv->cbEncryptedPriKey, dk)) rc = SAR_INDATAERR;
    else if (sm2_pub_from_priv(dk, xy2) || memcmp(xy, xy2, 64) != 0) rc = SAR_INDATAERR;
    else if (priv_seal(a, dk, &c->enc_priv)) rc = SAR_FAIL;
    else {
        memcpy(c->enc_pub, xy, 64);
        c->has_enc = 1;
        rc = tx_commit(d, &tx);
    }
    wipe(sd, sizeof sd);
    wipe(key, sizeof key);
    wipe(dk, sizeof dk);
    tx_end(&tx);
    LEAVE(rc);
}

SKF_EXPORT ULONG DEVAPI SKF_ECCSignData(HCONTAINER hContainer, BYTE *pbDigest, ULONG ulDigestLen,
                                        ECCSIGNATUREBLOB *pSignature)
{
    hent_t *a, *d, *c0;
    tx_t tx;
    app_t *ap;
    cont_t *c;
    uint8_t dk[32], e[32], r[32], s[32];
    ULONG rc;
    ENTER();
    if ((rc = get_con(hContainer, &c0, &a, &d))) LEAVE(rc);
    if (!pbDigest || !pSignature) LEAVE(SAR_INVALIDPARAMERR);
    if (!quirk(Q_HASH_INSIDE) && ulDigestLen != 32) LEAVE(SAR_INDATALENERR);
    if ((rc = need_user(a))) LEAVE(rc);
    if ((rc = con_tx(hContainer, 0, &tx, &a, &d, &ap, &c))) LEAVE(rc);
    if (!c->has_sign) rc = SAR_KEYNOTFOUNTERR;
    else if (priv_unseal(a, &c->sign_priv, dk)) rc = SAR_FAIL;
    else {
        if (quirk(Q_HASH_INSIDE)) { /* e = SM3(Z(default ID, sign key) || input) */
            EVP_MD_CTX *m = EVP_MD_CTX_new();
            uint8_t z[32];
            unsigned int l = 32;
            if (!m || sm2_z(c->sign_pub, DEFAULT_ID, 16, z) || EVP_DigestInit_ex(m, EVP_sm3(), NULL) != 1 ||
                EVP_DigestUpdate(m, z, 32) != 1 || EVP_DigestUpdate(m, pbDigest, ulDigestLen) != 1 ||
                EVP_DigestFinal_ex(m, e, &l) != 1)
                rc = SAR_HASHERR;
            EVP_MD_CTX_free(m);
        } else {
            memcpy(e, pbDigest, 32);
        }
        if (!rc && sm2_sign_e(dk, e, r, s)) rc = SAR_FAIL;
        if (!rc) sig_out(r, s, pSignature);
    }
    wipe(dk, sizeof dk);
    tx_end(&tx);
    LEAVE(rc);
}

static ULONG verify_common(HANDLE hDev, ECCPUBLICKEYBLOB *pub, BYTE *data, ULONG len, ECCSIGNATUREBLOB *sig)
{
    hent_t *d;
    uint8_t xy[64], r[32], s[32];
    ULONG rc;
    if ((rc = get_dev(hDev, &d))) return rc;
    if (!pub || !data || !sig) return SAR_INVALIDPARAMERR;
    if (len != 32) return SAR_INDATALENERR;
    if (!blob_to_pub(pub, xy)) return SAR_INVALIDPARAMERR;
    get_coord(sig->r, r);
    get_coord(sig->s, s);
    return sm2_verify_e(xy, data, r, s) == 0 ? SAR_OK : SAR_HASHNOTEQUALERR;
}

SKF_EXPORT ULONG DEVAPI SKF_ECCVerify(DEVHANDLE hDev, ECCPUBLICKEYBLOB *pECCPubKeyBlob, BYTE *pbData,
                                      ULONG ulDataLen, ECCSIGNATUREBLOB *pSignature)
{
    ENTER();
    LEAVE(verify_common(hDev, pECCPubKeyBlob, pbData, ulDataLen, pSignature));
}

SKF_EXPORT ULONG DEVAPI SKF_ExtECCVerify(DEVHANDLE hDev, ECCPUBLICKEYBLOB *pECCPubKeyBlob, BYTE *pbData,
                                         ULONG ulDataLen, ECCSIGNATUREBLOB *pSignature)
{
    ENTER();
    LEAVE(verify_common(hDev, pECCPubKeyBlob, pbData, ulDataLen, pSignature));
}

SKF_EXPORT ULONG DEVAPI SKF_ExtECCSign(DEVHANDLE hDev, ECCPRIVATEKEYBLOB *pECCPriKeyBlob, BYTE *pbData,
                                       ULONG ulDataLen, ECCSIGNATUREBLOB *pSignature)
{
    hent_t *d;
    uint8_t dk[32], r[32], s[32];
    ULONG rc;
    ENTER();
    if ((rc = get_dev(hDev, &d))) LEAVE(rc);
    if (!pECCPriKeyBlob || !pbData || !pSignature) LEAVE(SAR_INVALIDPARAMERR);
    if (ulDataLen != 32) LEAVE(SAR_INDATALENERR);
    get_coord(pECCPriKeyBlob->PrivateKey, dk);
    rc = sm2_sign_e(dk, pbData, r, s) ? SAR_INVALIDPARAMERR : SAR_OK;
    wipe(dk, sizeof dk);
    if (!rc) sig_out(r, s, pSignature);
    LEAVE(rc);
}

SKF_EXPORT ULONG DEVAPI SKF_ExtECCEncrypt(DEVHANDLE hDev, ECCPUBLICKEYBLOB *pECCPubKeyBlob, BYTE *pbPlainText,
                                          ULONG ulPlainTextLen, ECCCIPHERBLOB *pCipherText)
{
    hent_t *d;
    uint8_t xy[64], c1[64], c3[32], *c2;
    ULONG rc;
    ENTER();
    if ((rc = get_dev(hDev, &d))) LEAVE(rc);
    if (!pECCPubKeyBlob || !pbPlainText || !pCipherText) LEAVE(SAR_INVALIDPARAMERR);
    if (ulPlainTextLen == 0 || ulPlainTextLen > 1024 * 1024) LEAVE(SAR_INDATALENERR);
    if (!blob_to_pub(pECCPubKeyBlob, xy)) LEAVE(SAR_INVALIDPARAMERR);
    c2 = malloc(ulPlainTextLen);
    if (!c2) LEAVE(SAR_MEMORYERR);
    if (sm2_encrypt(xy, pbPlainText, ulPlainTextLen, c1, c3, c2)) rc = SAR_FAIL;
    else cipher_out(c1, c3, c2, ulPlainTextLen, pCipherText); /* caller allocated 164 + n */
    free(c2);
    LEAVE(rc);
}

SKF_EXPORT ULONG DEVAPI SKF_ExtECCDecrypt(DEVHANDLE hDev, ECCPRIVATEKEYBLOB *pECCPriKeyBlob,
                                          ECCCIPHERBLOB *pCipherText, BYTE *pbPlainText, ULONG *pulPlainTextLen)
{
    hent_t *d;
    uint8_t dk[32], c1[64], c3[32], *m;
    ULONG rc, n;
    ENTER();
    if ((rc = get_dev(hDev, &d))) LEAVE(rc);
    if (!pECCPriKeyBlob || !pCipherText || !pulPlainTextLen) LEAVE(SAR_INVALIDPARAMERR);
    n = pCipherText->CipherLen;
    if (n == 0 || n > 1024 * 1024) LEAVE(SAR_INDATALENERR);
    if (!pbPlainText || *pulPlainTextLen < n) {
        int go;
        LEAVE(out_query(n, pbPlainText, pulPlainTextLen, &go));
    }
    m = malloc(n);
    if (!m) LEAVE(SAR_MEMORYERR);
    get_coord(pECCPriKeyBlob->PrivateKey, dk);
    cipher_in(pCipherText, c1, c3);
    if (sm2_decrypt(dk, c1, c3, pCipherText->Cipher, n, m)) rc = SAR_INDATAERR;
    else rc = out_put(m, n, pbPlainText, pulPlainTextLen);
    wipe(dk, sizeof dk);
    wipe(m, n);
    free(m);
    LEAVE(rc);
}

SKF_EXPORT ULONG DEVAPI SKF_ExportPublicKey(HCONTAINER hContainer, BOOL bSignFlag, BYTE *pbBlob, ULONG *pulBlobLen)
{
    hent_t *a, *d;
    tx_t tx;
    app_t *ap;
    cont_t *c;
    ECCPUBLICKEYBLOB b;
    ULONG rc;
    ENTER();
    if (!pulBlobLen) LEAVE(SAR_INVALIDPARAMERR);
    if ((rc = con_tx(hContainer, 0, &tx, &a, &d, &ap, &c))) LEAVE(rc);
    if (!(bSignFlag ? c->has_sign : c->has_enc)) rc = SAR_KEYNOTFOUNTERR;
    else {
        pub_to_blob(bSignFlag ? c->sign_pub : c->enc_pub, &b);
        rc = out_put(&b, sizeof b, pbBlob, pulBlobLen);
    }
    tx_end(&tx);
    LEAVE(rc);
}

SKF_EXPORT ULONG DEVAPI SKF_ECCExportSessionKey(HCONTAINER hContainer, ULONG ulAlgId, ECCPUBLICKEYBLOB *pPubKey,
                                                ECCCIPHERBLOB *pData, HANDLE *phSessionKey)
{
    hent_t *a, *d, *c0;
    uint8_t key[16], xy[64], c1[64], c3[32], c2[16];
    ULONG rc;
    ENTER();
    if ((rc = get_con(hContainer, &c0, &a, &d))) LEAVE(rc);
    if (!pPubKey || !pData || !phSessionKey) LEAVE(SAR_INVALIDPARAMERR);
    if (!symm_alg_ok(ulAlgId)) LEAVE(SAR_NOTSUPPORTYETERR);
    if (!blob_to_pub(pPubKey, xy)) LEAVE(SAR_INVALIDPARAMERR);
    if (rand_bytes(key, 16)) LEAVE(SAR_GENRANDERR);
    if (sm2_encrypt(xy, key, 16, c1, c3, c2)) rc = SAR_FAIL;
    else rc = new_key_handle(d, ulAlgId, key, phSessionKey);
    if (!rc) cipher_out(c1, c3, c2, 16, pData);
    wipe(key, sizeof key);
    LEAVE(rc);
}

SKF_EXPORT ULONG DEVAPI SKF_ImportSessionKey(HCONTAINER hContainer, ULONG ulAlgId, BYTE *pbWrapedData,
                                             ULONG ulWrapedLen, HANDLE *phKey)
{
    hent_t *a, *d, *c0;
    tx_t tx;
    app_t *ap;
    cont_t *c;
    ECCCIPHERBLOB *b = (ECCCIPHERBLOB *)pbWrapedData;
    uint8_t dk[32], c1[64], c3[32], key[16];
    ULONG rc;
    ENTER();
    if ((rc = get_con(hContainer, &c0, &a, &d))) LEAVE(rc);
    if (!pbWrapedData || !phKey) LEAVE(SAR_INVALIDPARAMERR);
    if (!symm_alg_ok(ulAlgId)) LEAVE(SAR_NOTSUPPORTYETERR);
    if (ulWrapedLen < 164 + 16 || b->CipherLen != 16 || ulWrapedLen < 164 + b->CipherLen) LEAVE(SAR_INDATALENERR);
    if ((rc = need_user(a))) LEAVE(rc);
    if ((rc = con_tx(hContainer, 0, &tx, &a, &d, &ap, &c))) LEAVE(rc);
    if (!c->has_enc) rc = SAR_KEYNOTFOUNTERR;
    else if (priv_unseal(a, &c->enc_priv, dk)) rc = SAR_FAIL;
    else {
        cipher_in(b, c1, c3);
        if (sm2_decrypt(dk, c1, c3, b->Cipher, 16, key)) rc = SAR_INDATAERR;
        else rc = new_key_handle(d, ulAlgId, key, phKey);
    }
    wipe(dk, sizeof dk);
    wipe(key, sizeof key);
    tx_end(&tx);
    LEAVE(rc);
}
