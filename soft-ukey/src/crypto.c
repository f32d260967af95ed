/* crypto.c - SM2/SM3/SM4 primitives on OpenSSL 3 EVP, sealing and PIN key derivation. */
#include <stdlib.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/hmac.h>
#include <openssl/obj_mac.h>
#include <openssl/param_build.h>
#include <openssl/rand.h>

#include "internal.h"

void wipe(void *p, size_t n) { OPENSSL_cleanse(p, n); }

int rand_bytes(uint8_t *p, size_t n) { return RAND_bytes(p, (int)n) == 1 ? 0 : -1; }

int sm3_hash(const uint8_t *d, size_t n, uint8_t out[32])
{
    unsigned int l = 32;
    return EVP_Digest(d, n, out, &l, EVP_sm3(), NULL) == 1 ? 0 : -1;
}

int hmac_sm3(const uint8_t *key, size_t kl, const uint8_t *d, size_t n, uint8_t out[32])
{
    unsigned int l = 32;
    return HMAC(EVP_sm3(), key, (int)kl, d, n, out, &l) ? 0 : -1;
}

static int sm4_run(const EVP_CIPHER *c, int enc, const uint8_t key[16], const uint8_t *iv, const uint8_t *in,
                   size_t n, uint8_t *out, int pad, size_t *outn)
{
    EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
    int l1 = 0, l2 = 0, ok;
    if (!ctx) return -1;
    ok = EVP_CipherInit_ex(ctx, c, NULL, key, iv, enc) == 1 && EVP_CIPHER_CTX_set_padding(ctx, pad) == 1 &&
         EVP_CipherUpdate(ctx, out, &l1, in, (int)n) == 1 && EVP_CipherFinal_ex(ctx, out + l1, &l2) == 1;
    EVP_CIPHER_CTX_free(ctx);
    if (outn) *outn = (size_t)(l1 + l2);
    return ok ? 0 : -1;
}

int sm4_ecb(int enc, const uint8_t key[16], const uint8_t *in, size_t n, uint8_t *out)
{
    if (n % 16) return -1;
    return sm4_run(EVP_sm4_ecb(), enc, key, NULL, in, n, out, 0, NULL);
}

int sm4_cbc_nopad(int enc, const uint8_t key[16], const uint8_t iv[16], const uint8_t *in, size_t n, uint8_t *out)
{
    if (n % 16) return -1;
    return sm4_run(EVP_sm4_cbc(), enc, key, iv, in, n, out, 0, NULL);
}

/* ------------------------------------------------------------------ SM2 */
static EVP_PKEY *sm2_pkey(const uint8_t *d32, const uint8_t xy[64])
{
    OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
    OSSL_PARAM *params = NULL;
    EVP_PKEY_CTX *ctx = NULL;
    EVP_PKEY *pkey = NULL;
    BIGNUM *bn = NULL;
    uint8_t pt[65];
    pt[0] = 4;
    memcpy(pt + 1, xy, 64);
    if (!bld) return NULL;
    if (!OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, "SM2", 0)) goto done;
    if (!OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, pt, 65)) goto done;
    if (d32) {
        bn = BN_secure_new();
        if (!bn || !BN_bin2bn(d32, 32, bn)) goto done;
        if (!OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_PRIV_KEY, bn)) goto done;
    }
    params = OSSL_PARAM_BLD_to_param(bld);
    if (!params) goto done;
    ctx = EVP_PKEY_CTX_new_from_name(NULL, "SM2", NULL);
    if (!ctx || EVP_PKEY_fromdata_init(ctx) != 1 ||
        EVP_PKEY_fromdata(ctx, &pkey, d32 ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY, params) != 1)
        pkey = NULL;
done:
    EVP_PKEY_CTX_free(ctx);
    OSSL_PARAM_free(params);
    OSSL_PARAM_BLD_free(bld);
    BN_clear_free(bn);
    return pkey;
}

int sm2_pub_from_priv(const uint8_t d[32], uint8_t xy[64])
{
    EC_GROUP *g = EC_GROUP_new_by_curve_name(NID_sm2);
    EC_POINT *p = NULL;
    BIGNUM *bn = BN_secure_new();
    uint8_t pt[65];
    int rc = -1;
    if (!g || !bn || !BN_bin2bn(d, 32, bn)) goto done;
    if (BN_is_zero(bn) || BN_cmp(bn, EC_GROUP_get0_order(g)) >= 0) goto done;
    p = EC_POINT_new(g);
    if (!p || !EC_POINT_mul(g, p, bn, NULL, NULL, NULL)) goto done;
    if (EC_POINT_point2oct(g, p, POINT_CONVERSION_UNCOMPRESSED, pt, sizeof pt, NULL) != 65) goto done;
    memcpy(xy, pt + 1, 64);
    rc = 0;
done:
    EC_POINT_free(p);
    EC_GROUP_free(g);
    BN_clear_free(bn);
    return rc;
}

int sm2_pub_valid(const uint8_t xy[64])
{
    EC_GROUP *g = EC_GROUP_new_by_curve_name(NID_sm2);
    EC_POINT *p = g ? EC_POINT_new(g) : NULL;
    uint8_t pt[65];
    int ok = 0;
    pt[0] = 4;
    memcpy(pt + 1, xy, 64);
    if (p && EC_POINT_oct2point(g, p, pt, 65, NULL) == 1 && EC_POINT_is_on_curve(g, p, NULL) == 1) ok = 1;
    EC_POINT_free(p);
    EC_GROUP_free(g);
    return ok;
}

int sm2_keygen(uint8_t d[32], uint8_t xy[64])
{
    EVP_PKEY *k = EVP_PKEY_Q_keygen(NULL, NULL, "SM2");
    BIGNUM *bn = NULL;
    uint8_t pt[65];
    size_t l = 0;
    int rc = -1;
    if (!k) return -1;
    if (EVP_PKEY_get_bn_param(k, OSSL_PKEY_PARAM_PRIV_KEY, &bn) != 1) goto done;
    if (BN_bn2binpad(bn, d, 32) != 32) goto done;
    if (EVP_PKEY_get_octet_string_param(k, OSSL_PKEY_PARAM_PUB_KEY, pt, sizeof pt, &l) != 1 || l != 65) goto done;
    memcpy(xy, pt + 1, 64);
    rc = 0;
done:
    BN_clear_free(bn);
    EVP_PKEY_free(k);
    return rc;
}

int sm2_sign_e(const uint8_t d[32], const uint8_t e[32], uint8_t r[32], uint8_t s[32])
{
    uint8_t xy[64], der[128];
    size_t dl = sizeof der;
    EVP_PKEY *k;
    EVP_PKEY_CTX *ctx = NULL;
    ECDSA_SIG *sig = NULL;
    const unsigned char *p = der;
    int rc = -1;
    if (sm2_pub_from_priv(d, xy)) return -1;
    k = sm2_pkey(d, xy);
    if (!k) return -1;
    ctx = EVP_PKEY_CTX_new_from_pkey(NULL, k, NULL);
    /* EVP_PKEY_sign on an SM2 key signs the 32 input bytes as e (no Z, no hashing). */
    if (!ctx || EVP_PKEY_sign_init(ctx) != 1 || EVP_PKEY_sign(ctx, der, &dl, e, 32) != 1) goto done;
    sig = d2i_ECDSA_SIG(NULL, &p, (long)dl);
    if (!sig) goto done;
    if (BN_bn2binpad(ECDSA_SIG_get0_r(sig), r, 32) != 32 || BN_bn2binpad(ECDSA_SIG_get0_s(sig), s, 32) != 32)
        goto done;
    rc = 0;
done:
    ECDSA_SIG_free(sig);
    EVP_PKEY_CTX_free(ctx);
    EVP_PKEY_free(k);
    return rc;
}

int sm2_verify_e(const uint8_t xy[64], const uint8_t e[32], const uint8_t r[32], const uint8_t s[32])
{
    EVP_PKEY *k = sm2_pkey(NULL, xy);
    EVP_PKEY_CTX *ctx = NULL;
    ECDSA_SIG *sig = ECDSA_SIG_new();
    BIGNUM *br = BN_bin2bn(r, 32, NULL), *bs = BN_bin2bn(s, 32, NULL);
    unsigned char *der = NULL;
    int dl, rc = -1;
    if (!k || !sig || !br || !bs) goto done;
    if (ECDSA_SIG_set0(sig, br, bs) != 1) goto done;
    br = bs = NULL;
    dl = i2d_ECDSA_SIG(sig, &der);
    if (dl <= 0) goto done;
    ctx = EVP_PKEY_CTX_new_from_pkey(NULL, k, NULL);
    if (ctx && EVP_PKEY_verify_init(ctx) == 1 && EVP_PKEY_verify(ctx, der, (size_t)dl, e, 32) == 1) rc = 0;
done:
    OPENSSL_free(der);
    BN_free(br);
    BN_free(bs);
    ECDSA_SIG_free(sig);
    EVP_PKEY_CTX_free(ctx);
    EVP_PKEY_free(k);
    return rc;
}

/* ---- minimal DER for GM/T 0009 SM2Cipher { INTEGER x, INTEGER y, OCTET STRING hash, OCTET STRING c } */
static int der_read(const uint8_t **p, const uint8_t *end, int tag, const uint8_t **val, size_t *len)
{
    const uint8_t *q = *p;
    size_t l;
    if (end - q < 2 || *q++ != tag) return -1;
    l = *q++;
    if (l & 0x80) {
        int nb = (int)(l & 0x7f);
        if (nb < 1 || nb > 4 || end - q < nb) return -1;
        l = 0;
        while (nb--) l = (l << 8) | *q++;
    }
    if ((size_t)(end - q) < l) return -1;
    *val = q;
    *len = l;
    *p = q + l;
    return 0;
}

static size_t der_hdr(uint8_t *out, int tag, size_t len)
{
    size_t n = 0;
    out[n++] = (uint8_t)tag;
    if (len < 0x80) {
        out[n++] = (uint8_t)len;
    } else if (len < 0x100) {
        out[n++] = 0x81;
        out[n++] = (uint8_t)len;
    } else if (len < 0x10000) {
        out[n++] = 0x82;
        out[n++] = (uint8_t)(len >> 8);
        out[n++] = (uint8_t)len;
    } else {
        out[n++] = 0x84;
        out[n++] = (uint8_t)(len >> 24);
        out[n++] = (uint8_t)(len >> 16);
        out[n++] = (uint8_t)(len >> 8);
        out[n++] = (uint8_t)len;
    }
    return n;
}

static size_t der_int32(uint8_t *out, const uint8_t v[32])
{
    uint8_t tmp[33];
    size_t i = 0, l;
    while (i < 31 && v[i] == 0) i++;
    l = 0;
    if (v[i] & 0x80) tmp[l++] = 0;
    memcpy(tmp + l, v + i, 32 - i);
    l += 32 - i;
    i = der_hdr(out, 0x02, l);
    memcpy(out + i, tmp, l);
    return i + l;
}

static int int_to32(const uint8_t *v, size_t l, uint8_t out[32])
{
    while (l > 32 && *v == 0) { v++; l--; }
    if (l > 32 || l == 0) return -1;
    memset(out, 0, 32);
    memcpy(out + 32 - l, v, l);
    return 0;
}

int sm2_encrypt(const uint8_t xy[64], const uint8_t *m, size_t n, uint8_t c1[64], uint8_t c3[32], uint8_t *c2)
{
    EVP_PKEY *k = sm2_pkey(NULL, xy);
    EVP_PKEY_CTX *ctx = NULL;
    uint8_t *der = NULL;
    size_t dl = 0;
    int rc = -1;
    const uint8_t *p, *end, *seq, *v;
    size_t sl, vl;
    if (!k) return -1;
    ctx = EVP_PKEY_CTX_new_from_pkey(NULL, k, NULL);
    if (!ctx || EVP_PKEY_encrypt_init(ctx) != 1 || EVP_PKEY_encrypt(ctx, NULL, &dl, m, n) != 1) goto done;
    der = malloc(dl);
    if (!der || EVP_PKEY_encrypt(ctx, der, &dl, m, n) != 1) goto done;
    p = der;
    end = der + dl;
    if (der_read(&p, end, 0x30, &seq, &sl)) goto done;
    p = seq;
    end = seq + sl;
    if (der_read(&p, end, 0x02, &v, &vl) || int_to32(v, vl, c1)) goto done;
    if (der_read(&p, end, 0x02, &v, &vl) || int_to32(v, vl, c1 + 32)) goto done;
    if (der_read(&p, end, 0x04, &v, &vl) || vl != 32) goto done;
    memcpy(c3, v, 32);
    if (der_read(&p, end, 0x04, &v, &vl) || vl != n) goto done;
    memcpy(c2, v, n);
    rc = 0;
done:
    free(der);
    EVP_PKEY_CTX_free(ctx);
    EVP_PKEY_free(k);
    return rc;
}

int sm2_decrypt(const uint8_t d[32], const uint8_t c1[64], const uint8_t c3[32], const uint8_t *c2, size_t n,
                uint8_t *m)
{
    uint8_t xy[64];
    EVP_PKEY *k = NULL;
    EVP_PKEY_CTX *ctx = NULL;
    uint8_t *der = NULL, *body;
    size_t bl = 0, hl, ml = n + 64;
    uint8_t *mbuf = NULL;
    int rc = -1;
    if (sm2_pub_from_priv(d, xy)) return -1;
    k = sm2_pkey(d, xy);
    body = malloc(n + 128);
    der = malloc(n + 140);
    mbuf = malloc(ml);
    if (!k || !body || !der || !mbuf) goto done;
    bl += der_int32(body + bl, c1);
    bl += der_int32(body + bl, c1 + 32);
    bl += der_hdr(body + bl, 0x04, 32);
    memcpy(body + bl, c3, 32);
    bl += 32;
    bl += der_hdr(body + bl, 0x04, n);
    memcpy(body + bl, c2, n);
    bl += n;
    hl = der_hdr(der, 0x30, bl);
    memcpy(der + hl, body, bl);
    ctx = EVP_PKEY_CTX_new_from_pkey(NULL, k, NULL);
    if (!ctx || EVP_PKEY_decrypt_init(ctx) != 1 || EVP_PKEY_decrypt(ctx, mbuf, &ml, der, hl + bl) != 1) goto done;
    if (ml != n) goto done;
    memcpy(m, mbuf, n);
    rc = 0;
done:
    if (mbuf) {
        wipe(mbuf, n + 64);
        free(mbuf);
    }
    free(body);
    free(der);
    EVP_PKEY_CTX_free(ctx);
    EVP_PKEY_free(k);
    return rc;
}

static const uint8_t SM2_ABXY[128] = {
    /* a */
    0xFF, 0xFF, 0xFF, 0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
    0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFC,
    /* b */
    0x28, 0xE9, 0xFA, 0x9E, 0x9D, 0x9F, 0x5E, 0x34, 0x4D, 0x5A, 0x9E, 0x4B, 0xCF, 0x65, 0x09, 0xA7,
    0xF3, 0x97, 0x89, 0xF5, 0x15, 0xAB, 0x8F, 0x92, 0xDD, 0xBC, 0xBD, 0x41, 0x4D, 0x94, 0x0E, 0x93,
    /* xG */
    0x32, 0xC4, 0xAE, 0x2C, 0x1F, 0x19, 0x81, 0x19, 0x5F, 0x99, 0x04, 0x46, 0x6A, 0x39, 0xC9, 0x94,
    0x8F, 0xE3, 0x0B, 0xBF, 0xF2, 0x66, 0x0B, 0xE1, 0x71, 0x5A, 0x45, 0x89, 0x33, 0x4C, 0x74, 0xC7,
    /* yG */
    0xBC, 0x37, 0x36, 0xA2, 0xF4, 0xF6, 0x77, 0x9C, 0x59, 0xBD, 0xCE, 0xE3, 0x6B, 0x69, 0x21, 0x53,
    0xD0, 0xA9, 0x87, 0x7C, 0xC6, 0x2A, 0x47, 0x40, 0x02, 0xDF, 0x32, 0xE5, 0x21, 0x39, 0xF0, 0xA0,
};

int sm2_z(const uint8_t xy[64], const uint8_t *id, size_t idlen, uint8_t z[32])
{
    EVP_MD_CTX *c = EVP_MD_CTX_new();
    uint8_t entl[2];
    unsigned int l = 32;
    int ok;
    if (!c || idlen > 8191) {
        EVP_MD_CTX_free(c);
        return -1;
    }
    entl[0] = (uint8_t)((idlen * 8) >> 8);
    entl[1] = (uint8_t)(idlen * 8);
    ok = EVP_DigestInit_ex(c, EVP_sm3(), NULL) == 1 && EVP_DigestUpdate(c, entl, 2) == 1 &&
         (idlen == 0 || EVP_DigestUpdate(c, id, idlen) == 1) && EVP_DigestUpdate(c, SM2_ABXY, 128) == 1 &&
         EVP_DigestUpdate(c, xy, 64) == 1 && EVP_DigestFinal_ex(c, z, &l) == 1;
    EVP_MD_CTX_free(c);
    return ok ? 0 : -1;
}

/* ------------------------------------------------------------------ sealing */
size_t seal(const uint8_t ekey[16], const uint8_t mkey[32], const uint8_t *in, size_t n, uint8_t *out)
{
    size_t cl = 0;
    if (rand_bytes(out, 16)) return 0;
    if (sm4_run(EVP_sm4_cbc(), 1, ekey, out, in, n, out + 16, 1, &cl)) return 0;
    if (hmac_sm3(mkey, 32, out, 16 + cl, out + 16 + cl)) return 0;
    return 16 + cl + 32;
}

int unseal(const uint8_t ekey[16], const uint8_t mkey[32], const uint8_t *in, size_t n, uint8_t *out, size_t *outn)
{
    uint8_t mac[32];
    if (n < 16 + 16 + 32 || (n - 48) % 16) return -1;
    if (hmac_sm3(mkey, 32, in, n - 32, mac)) return -1;
    if (CRYPTO_memcmp(mac, in + n - 32, 32) != 0) return -1;
    return sm4_run(EVP_sm4_cbc(), 0, ekey, in, in + 16, n - 48, out, 1, outn);
}

int pin_kek(const char *pin, const uint8_t salt[16], uint32_t iter, uint8_t ekey[16], uint8_t mkey[32])
{
    uint8_t k[48];
    if (PKCS5_PBKDF2_HMAC(pin, (int)strlen(pin), salt, 16, (int)iter, EVP_sm3(), 48, k) != 1) return -1;
    memcpy(ekey, k, 16);
    memcpy(mkey, k + 16, 32);
    wipe(k, sizeof k);
    return 0;
}

void dek_keys(const uint8_t dek[16], uint8_t ekey[16], uint8_t mkey[32])
{
    uint8_t t[32];
    hmac_sm3(dek, 16, (const uint8_t *)"softukey-enc", 12, t);
    memcpy(ekey, t, 16);
    hmac_sm3(dek, 16, (const uint8_t *)"softukey-mac", 12, mkey);
    wipe(t, sizeof t);
}
