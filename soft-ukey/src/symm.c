/* symm.c - session keys (SM4 ECB/CBC), SM3 digests (with Z), SM4 CBC-MAC, CloseHandle. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static const uint8_t DEFAULT_ID[16] = {'1', '2', '3', '4', '5', '6', '7', '8', '1', '2', '3', '4', '5', '6', '7', '8'};

int symm_alg_ok(ULONG alg) { return alg == SGD_SM4_ECB || alg == SGD_SM4_CBC || alg == SGD_SM4_MAC; }

static int is_cbc(ULONG alg) { return alg != SGD_SM4_ECB; }

ULONG new_key_handle(hent_t *dev, ULONG alg, const uint8_t key[16], HANDLE *ph)
{
    hent_t *h = h_new(H_KEY, dev->id);
    if (!h) return SAR_MEMORYERR;
    h->u.key.alg = alg;
    memcpy(h->u.key.key, key, 16);
    *ph = h_value(h);
    return SAR_OK;
}

SKF_EXPORT ULONG DEVAPI SKF_SetSymmKey(DEVHANDLE hDev, BYTE *pbKey, ULONG ulAlgID, HANDLE *phKey)
{
    hent_t *d;
    ULONG rc;
    ENTER();
    if ((rc = get_dev(hDev, &d))) LEAVE(rc);
    if (!pbKey || !phKey) LEAVE(SAR_INVALIDPARAMERR);
    if (!symm_alg_ok(ulAlgID)) LEAVE(SAR_NOTSUPPORTYETERR);
    LEAVE(new_key_handle(d, ulAlgID, pbKey, phKey));
}

static ULONG cipher_init(HANDLE hKey, const BLOCKCIPHERPARAM *p, int op)
{
    hent_t *k;
    ULONG rc;
    if ((rc = get_child(hKey, H_KEY, &k))) return rc;
    if (p->PaddingType > 1) return SAR_INVALIDPARAMERR;
    memset(k->u.key.iv, 0, 16);
    if (is_cbc(k->u.key.alg)) {
        if (p->IVLen < 16 || p->IVLen > MAX_IV_LEN) return SAR_INVALIDPARAMERR;
        memcpy(k->u.key.iv, p->IV, 16);
    }
    if (!k->u.key.ctx) k->u.key.ctx = EVP_CIPHER_CTX_new();
    if (!k->u.key.ctx) return SAR_MEMORYERR;
    if (EVP_CipherInit_ex(k->u.key.ctx, is_cbc(k->u.key.alg) ? EVP_sm4_cbc() : EVP_sm4_ecb(), NULL, k->u.key.key,
                          is_cbc(k->u.key.alg) ? k->u.key.iv : NULL, op == 1) != 1 ||
        EVP_CIPHER_CTX_set_padding(k->u.key.ctx, 0) != 1)
        return SAR_FAIL;
    k->u.key.op = op;
    k->u.key.padding = p->PaddingType;
    k->u.key.npend = 0;
    return SAR_OK;
}

SKF_EXPORT ULONG DEVAPI SKF_EncryptInit(HANDLE hKey, BLOCKCIPHERPARAM EncryptParam)
{
    ENTER();
    LEAVE(cipher_init(hKey, &EncryptParam, 1));
}

SKF_EXPORT ULONG DEVAPI SKF_DecryptInit(HANDLE hKey, BLOCKCIPHERPARAM DecryptParam)
{
    ENTER();
    LEAVE(cipher_init(hKey, &DecryptParam, 2));
}

/* whole blocks through a context copy or the live context */
static int blocks(EVP_CIPHER_CTX *ctx, const uint8_t *in, size_t n, uint8_t *out)
{
    int l = 0;
    if (n == 0) return 0;
    return EVP_CipherUpdate(ctx, out, &l, in, (int)n) == 1 && (size_t)l == n ? 0 : -1;
}

static int unpad(const uint8_t *b, size_t n, size_t *outn)
{
    uint8_t p;
    size_t i;
    if (n == 0 || n % 16) return -1;
    p = b[n - 1];
    if (p < 1 || p > 16) return -1;
    for (i = n - p; i < n; i++)
        if (b[i] != p) return -1;
    *outn = n - p;
    return 0;
}

/* Single-shot Encrypt/Decrypt: computed on a copy of the initialised context, so a size query or a
 * too-small buffer leaves the operation in place; success ends it. */
static ULONG oneshot(HANDLE hKey, int op, const BYTE *in, ULONG n, BYTE *out, ULONG *plen)
{
    hent_t *k;
    EVP_CIPHER_CTX *c;
    uint8_t *buf;
    size_t total, outn;
    ULONG rc;
    if ((rc = get_child(hKey, H_KEY, &k))) return rc;
    if (k->u.key.op != op || k->u.key.npend) return SAR_NOTINITIALIZEERR;
    if (!plen || (!in && n)) return SAR_INVALIDPARAMERR;
    if (op == 1) {
        if (!k->u.key.padding && n % 16) return SAR_INDATALENERR;
        total = k->u.key.padding ? (n / 16 + 1) * 16 : n;
    } else {
        if (n % 16 || (k->u.key.padding && n == 0)) return SAR_INDATALENERR;
        total = n;
    }
    buf = malloc(total + 16);
    c = EVP_CIPHER_CTX_new();
    if (!buf || !c || EVP_CIPHER_CTX_copy(c, k->u.key.ctx) != 1) {
        free(buf);
        EVP_CIPHER_CTX_free(c);
        return SAR_MEMORYERR;
    }
    if (n) memcpy(buf, in, n);
    if (op == 1 && k->u.key.padding) memset(buf + n, (int)(total - n), total - n);
    rc = blocks(c, buf, total, buf) ? SAR_FAIL : SAR_OK;
    EVP_CIPHER_CTX_free(c);
    outn = total;
    if (!rc && op == 2 && k->u.key.padding && unpad(buf, total, &outn)) rc = SAR_DECRYPTPADERR;
    if (!rc) {
        rc = out_put(buf, outn, out, plen);
        if (rc == SAR_OK && out) k->u.key.op = 0;
    }
    wipe(buf, total + 16);
    free(buf);
    return rc;
}

SKF_EXPORT ULONG DEVAPI SKF_Encrypt(HANDLE hKey, BYTE *pbData, ULONG ulDataLen, BYTE *pbEncryptedData,
                                    ULONG *pulEncryptedLen)
{
    ENTER();
    LEAVE(oneshot(hKey, 1, pbData, ulDataLen, pbEncryptedData, pulEncryptedLen));
}

SKF_EXPORT ULONG DEVAPI SKF_Decrypt(HANDLE hKey, BYTE *pbEncryptedData, ULONG ulEncryptedLen, BYTE *pbData,
                                    ULONG *pulDataLen)
{
    ENTER();
    LEAVE(oneshot(hKey, 2, pbEncryptedData, ulEncryptedLen, pbData, pulDataLen));
}

static ULONG update(HANDLE hKey, int op, const BYTE *in, ULONG n, BYTE *out, ULONG *plen)
{
    hent_t *k;
    size_t total, nout;
    uint8_t *buf;
    int go;
    ULONG rc;
    if ((rc = get_child(hKey, H_KEY, &k))) return rc;
    if (k->u.key.op != op) return SAR_NOTINITIALIZEERR;
    if (!plen || (!in && n)) return SAR_INVALIDPARAMERR;
    total = k->u.key.npend + n;
    nout = total / 16 * 16;
    if (op == 2 && k->u.key.padding && nout == total && nout) nout -= 16; /* keep the last block */
    if ((rc = out_query(nout, out, plen, &go)) || !go) return rc;
    buf = malloc(total + 1);
    if (!buf) return SAR_MEMORYERR;
    memcpy(buf, k->u.key.pend, k->u.key.npend);
    if (n) memcpy(buf + k->u.key.npend, in, n);
    if (blocks(k->u.key.ctx, buf, nout, out)) rc = SAR_FAIL;
    else {
        k->u.key.npend = total - nout;
        memcpy(k->u.key.pend, buf + nout, k->u.key.npend);
        put_ulong(plen, (uint32_t)nout);
    }
    wipe(buf, total + 1);
    free(buf);
    return rc;
}

SKF_EXPORT ULONG DEVAPI SKF_EncryptUpdate(HANDLE hKey, BYTE *pbData, ULONG ulDataLen, BYTE *pbEncryptedData,
                                          ULONG *pulEncryptedLen)
{
    ENTER();
    LEAVE(update(hKey, 1, pbData, ulDataLen, pbEncryptedData, pulEncryptedLen));
}

SKF_EXPORT ULONG DEVAPI SKF_DecryptUpdate(HANDLE hKey, BYTE *pbEncryptedData, ULONG ulEncryptedLen, BYTE *pbData,
                                          ULONG *pulDataLen)
{
    ENTER();
    LEAVE(update(hKey, 2, pbEncryptedData, ulEncryptedLen, pbData, pulDataLen));
}

static ULONG final(HANDLE hKey, int op, BYTE *out, ULONG *plen)
{
    hent_t *k;
    uint8_t blk[16];
    size_t outn = 0;
    ULONG rc;
    if ((rc = get_child(hKey, H_KEY, &k))) return rc;
    if (k->u.key.op != op) return SAR_NOTINITIALIZEERR;
    if (!plen) return SAR_INVALIDPARAMERR;
    if (!k->u.key.padding) {
        if (k->u.key.npend) return SAR_INDATALENERR;
    } else if (op == 1) {
        EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
        uint8_t p = (uint8_t)(16 - k->u.key.npend);
        memcpy(blk, k->u.key.pend, k->u.key.npend);
        memset(blk + k->u.key.npend, p, p);
        if (!c || EVP_CIPHER_CTX_copy(c, k->u.key.ctx) != 1 || blocks(c, blk, 16, blk)) rc = SAR_FAIL;
        EVP_CIPHER_CTX_free(c);
        outn = 16;
    } else {
        EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
        if (k->u.key.npend != 16) {
            EVP_CIPHER_CTX_free(c);
            return SAR_INDATALENERR;
        }
        if (!c || EVP_CIPHER_CTX_copy(c, k->u.key.ctx) != 1 || blocks(c, k->u.key.pend, 16, blk)) rc = SAR_FAIL;
        EVP_CIPHER_CTX_free(c);
        if (!rc && unpad(blk, 16, &outn)) rc = SAR_DECRYPTPADERR;
    }
    if (!rc) {
        rc = out_put(blk, outn, out, plen);
        if (rc == SAR_OK && (out || outn == 0)) {
            k->u.key.op = 0;
            k->u.key.npend = 0;
        }
    }
    wipe(blk, sizeof blk);
    return rc;
}

SKF_EXPORT ULONG DEVAPI SKF_EncryptFinal(HANDLE hKey, BYTE *pbEncryptedData, ULONG *pulEncryptedDataLen)
{
    ENTER();
    LEAVE(final(hKey, 1, pbEncryptedData, pulEncryptedDataLen));
}

SKF_EXPORT ULONG DEVAPI SKF_DecryptFinal(HANDLE hKey, BYTE *pbDecryptedData, ULONG *pulDecryptedDataLen)
{
    ENTER();
    LEAVE(final(hKey, 2, pbDecryptedData, pulDecryptedDataLen));
}

/* ------------------------------------------------------------------ SM3 */
static int hash_reset(hent_t *h)
{
    if (EVP_DigestInit_ex(h->u.hash.ctx, EVP_sm3(), NULL) != 1) return -1;
    if (h->u.hash.has_z && EVP_DigestUpdate(h->u.hash.ctx, h->u.hash.z, 32) != 1) return -1;
    return 0;
}

SKF_EXPORT ULONG DEVAPI SKF_DigestInit(DEVHANDLE hDev, ULONG ulAlgID, ECCPUBLICKEYBLOB *pPubKey, BYTE *pbID,
                                       ULONG ulIDLen, HANDLE *phHash)
{
    hent_t *d, *h;
    uint8_t xy[64];
    ULONG rc;
    ENTER();
    if ((rc = get_dev(hDev, &d))) LEAVE(rc);
    if (!phHash) LEAVE(SAR_INVALIDPARAMERR);
    if (ulAlgID != SGD_SM3) LEAVE(SAR_NOTSUPPORTYETERR);
    if (pPubKey && !blob_to_pub(pPubKey, xy)) LEAVE(SAR_INVALIDPARAMERR);
    if (pPubKey && pbID && ulIDLen > 8191) LEAVE(SAR_INDATALENERR);
    h = h_new(H_HASH, d->id);
    if (!h) LEAVE(SAR_MEMORYERR);
    h->u.hash.ctx = EVP_MD_CTX_new();
    if (pPubKey) {
        /* no ID given: the default 1234567812345678 */
        const uint8_t *id = (pbID && ulIDLen) ? pbID : DEFAULT_ID;
        size_t idl = (pbID && ulIDLen) ? ulIDLen : 16;
        if (sm2_z(xy, id, idl, h->u.hash.z)) {
            h_free(h);
            LEAVE(SAR_HASHERR);
        }
        h->u.hash.has_z = 1;
    }
    if (!h->u.hash.ctx || hash_reset(h)) {
        h_free(h);
        LEAVE(SAR_HASHERR);
    }
    *phHash = h_value(h);
    LEAVE(SAR_OK);
}

static ULONG hash_finish(hent_t *h, const BYTE *data, ULONG n, BYTE *out, ULONG *plen)
{
    EVP_MD_CTX *c = EVP_MD_CTX_new();
    uint8_t md[32];
    unsigned int l = 32;
    ULONG rc;
    if (!plen) {
        EVP_MD_CTX_free(c);
        return SAR_INVALIDPARAMERR;
    }
    if (!c || EVP_MD_CTX_copy_ex(c, h->u.hash.ctx) != 1 || (n && EVP_DigestUpdate(c, data, n) != 1) ||
        EVP_DigestFinal_ex(c, md, &l) != 1) {
        EVP_MD_CTX_free(c);
        return SAR_HASHERR;
    }
    EVP_MD_CTX_free(c);
    rc = out_put(md, 32, out, plen);
    if (rc == SAR_OK && out && hash_reset(h)) rc = SAR_HASHERR; /* done: ready for a new message */
    return rc;
}

SKF_EXPORT ULONG DEVAPI SKF_Digest(HANDLE hHash, BYTE *pbData, ULONG ulDataLen, BYTE *pbHashData, ULONG *pulHashLen)
{
    hent_t *h;
    ULONG rc;
    ENTER();
    if ((rc = get_child(hHash, H_HASH, &h))) LEAVE(rc);
    if (!pbData && ulDataLen) LEAVE(SAR_INVALIDPARAMERR);
    if (hash_reset(h)) LEAVE(SAR_HASHERR); /* single-shot: a fresh message */
    LEAVE(hash_finish(h, pbData, ulDataLen, pbHashData, pulHashLen));
}

SKF_EXPORT ULONG DEVAPI SKF_DigestUpdate(HANDLE hHash, BYTE *pbData, ULONG ulDataLen)
{
    hent_t *h;
    ULONG rc;
    ENTER();
    if ((rc = get_child(hHash, H_HASH, &h))) LEAVE(rc);
    if (!pbData && ulDataLen) LEAVE(SAR_INVALIDPARAMERR);
    if (ulDataLen && EVP_DigestUpdate(h->u.hash.ctx, pbData, ulDataLen) != 1) LEAVE(SAR_HASHERR);
    LEAVE(SAR_OK);
}

SKF_EXPORT ULONG DEVAPI SKF_DigestFinal(HANDLE hHash, BYTE *pHashData, ULONG *pulHashLen)
{
    hent_t *h;
    ULONG rc;
    ENTER();
    if ((rc = get_child(hHash, H_HASH, &h))) LEAVE(rc);
    LEAVE(hash_finish(h, NULL, 0, pHashData, pulHashLen));
}

/* ------------------------------------------------------------------ SM4 CBC-MAC (one block) */
SKF_EXPORT ULONG DEVAPI SKF_MacInit(HANDLE hKey, BLOCKCIPHERPARAM *pMacParam, HANDLE *phMac)
{
    hent_t *k, *m;
    ULONG rc;
    ENTER();
    if ((rc = get_child(hKey, H_KEY, &k))) LEAVE(rc);
    if (!phMac) LEAVE(SAR_INVALIDPARAMERR);
    if (pMacParam && (pMacParam->PaddingType > 1 || pMacParam->IVLen > MAX_IV_LEN ||
                      (pMacParam->IVLen && pMacParam->IVLen < 16)))
        LEAVE(SAR_INVALIDPARAMERR);
    m = h_new(H_MAC, k->id);
    if (!m) LEAVE(SAR_MEMORYERR);
    memcpy(m->u.mac.key, k->u.key.key, 16);
    if (pMacParam && pMacParam->IVLen) memcpy(m->u.mac.state, pMacParam->IV, 16);
    m->u.mac.padding = pMacParam ? pMacParam->PaddingType : 0;
    *phMac = h_value(m);
    LEAVE(SAR_OK);
}

static int mac_absorb(uint8_t key[16], uint8_t state[16], uint8_t pend[16], size_t *npend, const BYTE *d, size_t n)
{
    while (n) {
        size_t t = 16 - *npend;
        if (t > n) t = n;
        memcpy(pend + *npend, d, t);
        *npend += t;
        d += t;
        n -= t;
        if (*npend == 16) {
            int i;
            for (i = 0; i < 16; i++) state[i] ^= pend[i];
            if (sm4_ecb(1, key, state, 16, state)) return -1;
            *npend = 0;
        }
    }
    return 0;
}

/* PaddingType 1: PKCS#7 (a full block when aligned); 0: zero-fill an incomplete last block. */
static ULONG mac_finish(hent_t *m, const BYTE *d, ULONG n, BYTE *out, ULONG *plen)
{
    uint8_t st[16], pend[16];
    size_t np = m->u.mac.npend;
    ULONG rc;
    if (!plen || (!d && n)) return SAR_INVALIDPARAMERR;
    memcpy(st, m->u.mac.state, 16);
    memcpy(pend, m->u.mac.pend, 16);
    if (mac_absorb(m->u.mac.key, st, pend, &np, d, n)) return SAR_FAIL;
    if (m->u.mac.padding == 1) {
        uint8_t pad[16];
        size_t p = 16 - np;
        memset(pad, (int)p, p);
        if (mac_absorb(m->u.mac.key, st, pend, &np, pad, p)) return SAR_FAIL;
    } else if (np) {
        static const uint8_t zero[16];
        if (mac_absorb(m->u.mac.key, st, pend, &np, zero, 16 - np)) return SAR_FAIL;
    }
    rc = out_put(st, 16, out, plen);
    if (rc == SAR_OK && out) {
        memset(m->u.mac.state, 0, 16);
        m->u.mac.npend = 0;
    }
    return rc;
}

SKF_EXPORT ULONG DEVAPI SKF_Mac(HANDLE hMac, BYTE *pbData, ULONG ulDataLen, BYTE *pbMacData, ULONG *pulMacLen)
{
    hent_t *m;
    ULONG rc;
    ENTER();
    if ((rc = get_child(hMac, H_MAC, &m))) LEAVE(rc);
    LEAVE(mac_finish(m, pbData, ulDataLen, pbMacData, pulMacLen));
}

SKF_EXPORT ULONG DEVAPI SKF_MacUpdate(HANDLE hMac, BYTE *pbData, ULONG ulDataLen)
{
    hent_t *m;
    ULONG rc;
    ENTER();
    if ((rc = get_child(hMac, H_MAC, &m))) LEAVE(rc);
    if (!pbData && ulDataLen) LEAVE(SAR_INVALIDPARAMERR);
    if (mac_absorb(m->u.mac.key, m->u.mac.state, m->u.mac.pend, &m->u.mac.npend, pbData, ulDataLen)) LEAVE(SAR_FAIL);
    LEAVE(SAR_OK);
}

SKF_EXPORT ULONG DEVAPI SKF_MacFinal(HANDLE hMac, BYTE *pbMacData, ULONG *pulMacDataLen)
{
    hent_t *m;
    ULONG rc;
    ENTER();
    if ((rc = get_child(hMac, H_MAC, &m))) LEAVE(rc);
    LEAVE(mac_finish(m, NULL, 0, pbMacData, pulMacDataLen));
}

SKF_EXPORT ULONG DEVAPI SKF_CloseHandle(HANDLE hHandle)
{
    hent_t *h;
    ENTER();
    h = h_get(hHandle, H_KEY);
    if (!h) h = h_get(hHandle, H_HASH);
    if (!h) h = h_get(hHandle, H_MAC);
    if (!h) LEAVE(SAR_INVALIDHANDLEERR);
    h_free(h);
    LEAVE(SAR_OK);
}
