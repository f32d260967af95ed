/* smoke_test.c - the exported SKF API end to end in a temporary token directory.
 * usage: softukey-smoke-test OUTDIR   (OUTDIR holds softukey-mktoken) */
#include <dirent.h>
#include <dlfcn.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/rand.h>

#include "skf.h"
#include "testutil.h"

static char g_dir[256], g_mktoken[4096];
static const char *ID = "1234567812345678";

static int mktoken(const char *args)
{
    char cmd[8192];
    int st;
    snprintf(cmd, sizeof cmd, "'%s' %s >/dev/null 2>&1", g_mktoken, args);
    st = system(cmd);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void token_file(const char *name, char *path, size_t n) { snprintf(path, n, "%s/%s.token", g_dir, name); }

static int hex2bin(const char *h, uint8_t *out)
{
    int n = 0;
    while (h[0] && h[1]) {
        unsigned v;
        sscanf(h, "%2x", &v);
        out[n++] = (uint8_t)v;
        h += 2;
    }
    return n;
}

/* ---- OpenSSL side of the checks */
static EVP_PKEY *pub_pkey(const ECCPUBLICKEYBLOB *b, int left)
{
    OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
    OSSL_PARAM *params;
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, "SM2", NULL);
    EVP_PKEY *pkey = NULL;
    uint8_t pt[65];
    pt[0] = 4;
    memcpy(pt + 1, b->XCoordinate + (left ? 0 : 32), 32);
    memcpy(pt + 33, b->YCoordinate + (left ? 0 : 32), 32);
    OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, "SM2", 0);
    OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, pt, 65);
    params = OSSL_PARAM_BLD_to_param(bld);
    if (EVP_PKEY_fromdata_init(ctx) != 1 || EVP_PKEY_fromdata(ctx, &pkey, EVP_PKEY_PUBLIC_KEY, params) != 1)
        pkey = NULL;
    OSSL_PARAM_free(params);
    OSSL_PARAM_BLD_free(bld);
    EVP_PKEY_CTX_free(ctx);
    return pkey;
}

/* SM3withSM2 over M with the default ID, as a server would verify */
static int ossl_verify(const ECCPUBLICKEYBLOB *pub, const ECCSIGNATUREBLOB *sig, const void *m, size_t n, int left)
{
    EVP_PKEY *pkey = pub_pkey(pub, left);
    EVP_MD_CTX *mctx = EVP_MD_CTX_new();
    EVP_PKEY_CTX *pctx = NULL;
    ECDSA_SIG *s = ECDSA_SIG_new();
    unsigned char *der = NULL;
    int dl, ok = 0;
    ECDSA_SIG_set0(s, BN_bin2bn(sig->r + (left ? 0 : 32), 32, NULL), BN_bin2bn(sig->s + (left ? 0 : 32), 32, NULL));
    dl = i2d_ECDSA_SIG(s, &der);
    if (pkey && dl > 0) {
        /* the ID must be on the EVP_PKEY_CTX before EVP_DigestVerifyInit computes Z */
        pctx = EVP_PKEY_CTX_new_from_pkey(NULL, pkey, NULL);
        EVP_PKEY_CTX_set1_id(pctx, ID, 16);
        EVP_MD_CTX_set_pkey_ctx(mctx, pctx);
        if (EVP_DigestVerifyInit(mctx, NULL, EVP_sm3(), NULL, pkey) == 1 &&
            EVP_DigestVerify(mctx, der, (size_t)dl, m, n) == 1)
            ok = 1;
    }
    OPENSSL_free(der);
    ECDSA_SIG_free(s);
    EVP_MD_CTX_free(mctx);
    EVP_PKEY_CTX_free(pctx);
    EVP_PKEY_free(pkey);
    return ok;
}

static void ossl_sm4(const EVP_CIPHER *c, const uint8_t *key, const uint8_t *iv, int pad, const uint8_t *in,
                     int n, uint8_t *out, int *outn)
{
    EVP_CIPHER_CTX *x = EVP_CIPHER_CTX_new();
    int l1 = 0, l2 = 0;
    EVP_EncryptInit_ex(x, c, NULL, key, iv);
    EVP_CIPHER_CTX_set_padding(x, pad);
    EVP_EncryptUpdate(x, out, &l1, in, n);
    EVP_EncryptFinal_ex(x, out + l1, &l2);
    *outn = l1 + l2;
    EVP_CIPHER_CTX_free(x);
}

static void keygen(uint8_t d[32], ECCPUBLICKEYBLOB *pub)
{
    EVP_PKEY *k = EVP_PKEY_Q_keygen(NULL, NULL, "SM2");
    BIGNUM *bn = NULL;
    uint8_t pt[65];
    size_t l;
    EVP_PKEY_get_bn_param(k, OSSL_PKEY_PARAM_PRIV_KEY, &bn);
    BN_bn2binpad(bn, d, 32);
    EVP_PKEY_get_octet_string_param(k, OSSL_PKEY_PARAM_PUB_KEY, pt, sizeof pt, &l);
    memset(pub, 0, sizeof *pub);
    pub->BitLen = 256;
    memcpy(pub->XCoordinate + 32, pt + 1, 32);
    memcpy(pub->YCoordinate + 32, pt + 33, 32);
    BN_free(bn);
    EVP_PKEY_free(k);
}

/* ---- SKF helpers */
static ULONG sm4_ecb_skf(DEVHANDLE hDev, const uint8_t key[16], const uint8_t in[16], uint8_t out[16])
{
    HANDLE hk;
    BLOCKCIPHERPARAM p;
    ULONG len = 16, rc;
    memset(&p, 0, sizeof p);
    if ((rc = SKF_SetSymmKey(hDev, (BYTE *)key, SGD_SM4_ECB, &hk))) return rc;
    if ((rc = SKF_EncryptInit(hk, p)) == 0) rc = SKF_Encrypt(hk, (BYTE *)in, 16, out, &len);
    SKF_CloseHandle(hk);
    return rc;
}

static ULONG dev_auth(DEVHANDLE hDev, const char *key)
{
    uint8_t rnd[16] = {0}, out[16];
    ULONG rc;
    if ((rc = SKF_GenRandom(hDev, rnd, 8))) return rc;
    if ((rc = sm4_ecb_skf(hDev, (const uint8_t *)key, rnd, out))) return rc;
    return SKF_DevAuth(hDev, out, 16);
}

static int list_has(const char *list, size_t n, const char *name)
{
    size_t i = 0;
    while (i < n && list[i]) {
        if (strcmp(list + i, name) == 0) return 1;
        i += strlen(list + i) + 1;
    }
    return 0;
}

/* ---- device events */
struct waitres {
    ULONG rc, ev, len;
    char name[256];
};

static void *waiter(void *arg)
{
    struct waitres *w = arg;
    w->len = sizeof w->name;
    w->rc = SKF_WaitForDevEvent(w->name, &w->len, &w->ev);
    return NULL;
}

static void msleep(int ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

static int join_within(pthread_t t, int ms)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    ts.tv_sec += ms / 1000;
    ts.tv_nsec += (ms % 1000) * 1000000L;
    if (ts.tv_nsec >= 1000000000L) {
        ts.tv_sec++;
        ts.tv_nsec -= 1000000000L;
    }
    return pthread_timedjoin_np(t, NULL, &ts) == 0;
}

static void test_events(void)
{
    pthread_t t;
    struct waitres w;
    char path[512];
    memset(&w, 0, sizeof w);
    pthread_create(&t, NULL, waiter, &w);
    msleep(300);
    {
        char args[1024];
        snprintf(args, sizeof args, "--dir '%s' --name evt", g_dir);
        CHECK(mktoken(args) == 0, "mktoken evt");
    }
    CHECK(join_within(t, 3000), "WaitForDevEvent did not see the insertion");
    CHECK_RC(w.rc, SAR_OK);
    CHECK(w.ev == 1 && strcmp(w.name, "evt") == 0 && w.len == 4, "insert event: ev=%u name=%s len=%u",
          (unsigned)w.ev, w.name, (unsigned)w.len);

    memset(&w, 0, sizeof w);
    pthread_create(&t, NULL, waiter, &w);
    msleep(300);
    token_file("evt", path, sizeof path);
    unlink(path);
    CHECK(join_within(t, 3000), "WaitForDevEvent did not see the removal");
    CHECK(w.rc == SAR_OK && w.ev == 2 && strcmp(w.name, "evt") == 0, "remove event: rc=%x ev=%u name=%s",
          (unsigned)w.rc, (unsigned)w.ev, w.name);

    memset(&w, 0, sizeof w);
    pthread_create(&t, NULL, waiter, &w);
    msleep(300);
    CHECK_RC(SKF_CancelWaitForDevEvent(), SAR_OK);
    CHECK(join_within(t, 2000), "CancelWaitForDevEvent did not wake the wait");
    CHECK(w.rc == SAR_OK && w.ev == 0, "cancelled wait: rc=%x ev=%u", (unsigned)w.rc, (unsigned)w.ev);
}

/* ---- enveloped import */
static void make_envelope(DEVHANDLE hDev, const ECCPUBLICKEYBLOB *signPub, const uint8_t d[32],
                          const ECCPUBLICKEYBLOB *encPub, int placement, ENVELOPEDKEYBLOB *env)
{
    uint8_t key[16], full[64], ct[64];
    int n;
    RAND_bytes(key, 16);
    memset(env, 0, sizeof *env);
    env->Version = 1;
    env->ulSymmAlgID = SGD_SM4_ECB;
    env->ulBits = 256;
    memset(full, 0, 32);
    memcpy(full + 32, d, 32);
    if (placement == 'b') {
        ossl_sm4(EVP_sm4_ecb(), key, NULL, 0, full, 64, ct, &n);
        memcpy(env->cbEncryptedPriKey, ct, 64);
    } else {
        ossl_sm4(EVP_sm4_ecb(), key, NULL, 0, d, 32, ct, &n);
        memcpy(env->cbEncryptedPriKey + (placement == 'a' ? 32 : 0), ct, 32);
    }
    env->PubKey = *encPub;
    CHECK_RC(SKF_ExtECCEncrypt(hDev, (ECCPUBLICKEYBLOB *)signPub, key, 16, &env->ECCCipherBlob), SAR_OK);
    CHECK(env->ECCCipherBlob.CipherLen == 16, "CipherLen");
}

int main(int argc, char **argv)
{
    DEVHANDLE hDev, hDev2;
    HAPPLICATION hApp;
    HCONTAINER hCon;
    DEVINFO_NATURAL info; /* 296 bytes: big enough for both layouts */
    uint8_t ibuf[512];
    char list[1024], path[512], args[1024];
    ULONG len, retry, maxr, remain, type;
    BOOL def;
    ECCPUBLICKEYBLOB signPub, pub2;
    ECCSIGNATUREBLOB sig;
    const char *M = "SKF-LOGIN\nyzt-ops\nbm9uY2U=\n2026-11-27T00:00:00Z";
    uint8_t e[32];
    HANDLE hHash;

    if (argc < 2) {
        fprintf(stderr, "usage: %s OUTDIR\n", argv[0]);
        return 2;
    }
    snprintf(g_mktoken, sizeof g_mktoken, "%s/softukey-mktoken", argv[1]);
    snprintf(g_dir, sizeof g_dir, "/tmp/softukey-test-XXXXXX");
    if (!mkdtemp(g_dir)) return 2;

    /* ---- configuration */
    CHECK_RC(SoftUKEY_Configure(NULL, "no-such-quirk"), SAR_INVALIDPARAMERR);
    CHECK_RC(SoftUKEY_Configure(g_dir, ""), SAR_OK);

    /* ---- mktoken */
    snprintf(args, sizeof args, "--dir '%s' --name tok1 --serial SN0001 --label Demo", g_dir);
    CHECK(mktoken(args) == 0, "mktoken tok1");
    CHECK(mktoken(args) == 1, "mktoken on an existing token must exit 1");
    CHECK(mktoken("--name x") == 2, "mktoken without --dir must exit 2");
    snprintf(args, sizeof args, "--dir '%s' --name y --auth-key 12", g_dir);
    CHECK(mktoken(args) == 2, "mktoken with a bad --auth-key must exit 2");

    /* ---- devices */
    len = 0;
    CHECK_RC(SKF_EnumDev(TRUE, NULL, &len), SAR_OK);
    CHECK(len == 6, "EnumDev size %u", (unsigned)len);
    len = 3;
    CHECK_RC(SKF_EnumDev(TRUE, list, &len), SAR_BUFFER_TOO_SMALL);
    CHECK(len == 6, "EnumDev too-small answer %u", (unsigned)len);
    len = sizeof list;
    CHECK_RC(SKF_EnumDev(TRUE, list, &len), SAR_OK);
    CHECK(len == 6 && memcmp(list, "tok1\0\0", 6) == 0, "EnumDev list");
    CHECK_RC(SKF_GetDevState("tok1", &type), SAR_OK);
    CHECK(type == DEV_PRESENT_STATE, "GetDevState present");
    CHECK_RC(SKF_GetDevState("nope", &type), SAR_OK);
    CHECK(type == DEV_ABSENT_STATE, "GetDevState absent");
    CHECK_RC(SKF_ConnectDev("nope", &hDev), SAR_DEVICE_REMOVED);
    CHECK_RC(SKF_ConnectDev("tok1", &hDev), SAR_OK);
    CHECK((uintptr_t)hDev > 0x1000 && (uintptr_t)hDev < 0x100000, "handles are small integers");
    memset(ibuf, 0xEE, sizeof ibuf);
    CHECK_RC(SKF_GetDevInfo(hDev, (DEVINFO *)ibuf), SAR_OK);
    {
        DEVINFO *di = (DEVINFO *)ibuf;
        CHECK(strcmp((char *)di->Manufacturer, "YZT SoftUKEY") == 0, "Manufacturer");
        CHECK(strcmp((char *)di->SerialNumber, "SN0001") == 0, "Serial");
        CHECK(strcmp((char *)di->Label, "Demo") == 0, "Label");
        CHECK(di->DevAuthAlgId == SGD_SM4_ECB && (di->AlgAsymCap & 0x00020000) && di->AlgHashCap == SGD_SM3 &&
                  (di->AlgSymCap & SGD_SM4_ECB) == SGD_SM4_ECB && di->TotalSpace >= di->FreeSpace &&
                  di->MaxBufferSize > 0 && di->MaxECCBufferSize > 0,
              "DEVINFO caps");
        CHECK(ibuf[294] == 0xEE, "packed DEVINFO writes 294 bytes");
    }
    CHECK_RC(SKF_SetLabel(hDev, "Label2"), SAR_OK);
    CHECK_RC(SKF_GetDevInfo(hDev, (DEVINFO *)ibuf), SAR_OK);
    CHECK(strcmp((char *)((DEVINFO *)ibuf)->Label, "Label2") == 0, "SetLabel persisted");

    /* ---- DevAuth and applications */
    CHECK_RC(SKF_CreateApplication(hDev, "APP", "admin123", 5, "user1234", 3, SECURE_ANYONE_ACCOUNT, &hApp),
             SAR_USER_NOT_LOGGED_IN);
    CHECK_RC(dev_auth(hDev, "1234567812345679"), SAR_FAIL);
    CHECK_RC(dev_auth(hDev, "1234567812345678"), SAR_OK);
    CHECK_RC(SKF_CreateApplication(hDev, "APP", "admin123", 5, "user1234", 3, SECURE_ANYONE_ACCOUNT, &hApp), SAR_OK);
    CHECK_RC(SKF_CreateApplication(hDev, "APP", "admin123", 5, "user1234", 3, SECURE_ANYONE_ACCOUNT, &hDev2 /* unused */), SAR_APPLICATION_EXISTS);
    len = sizeof list;
    CHECK_RC(SKF_EnumApplication(hDev, list, &len), SAR_OK);
    CHECK(len == 5 && memcmp(list, "APP\0\0", 5) == 0, "EnumApplication");
    CHECK_RC(SKF_GetPINInfo(hApp, USER_TYPE, &maxr, &remain, &def), SAR_OK);
    CHECK(maxr == 3 && remain == 3 && def == TRUE, "PIN info fresh");

    /* ---- access rules and PIN counters */
    CHECK_RC(SKF_CreateContainer(hApp, "c1", &hCon), SAR_USER_NOT_LOGGED_IN);
    CHECK_RC(SKF_VerifyPIN(hApp, USER_TYPE, "wrong", &retry), SAR_PIN_INCORRECT);
    CHECK(retry == 2, "retry after one wrong PIN = %u", (unsigned)retry);
    CHECK_RC(SKF_GetPINInfo(hApp, USER_TYPE, &maxr, &remain, &def), SAR_OK);
    CHECK(remain == 2, "remain persisted = %u", (unsigned)remain);
    CHECK_RC(SKF_VerifyPIN(hApp, USER_TYPE, "user1234", &retry), SAR_OK);
    CHECK_RC(SKF_GetPINInfo(hApp, USER_TYPE, &maxr, &remain, &def), SAR_OK);
    CHECK(remain == 3, "counter reset on success");
    CHECK_RC(SKF_VerifyPIN(hApp, USER_TYPE, "bad1", &retry), SAR_PIN_INCORRECT);
    CHECK_RC(SKF_VerifyPIN(hApp, USER_TYPE, "bad2", &retry), SAR_PIN_INCORRECT);
    CHECK(retry == 1, "retry = 1");
    CHECK_RC(SKF_VerifyPIN(hApp, USER_TYPE, "bad3", &retry), SAR_PIN_LOCKED);
    CHECK(retry == 0, "retry = 0 when locked");
    CHECK_RC(SKF_VerifyPIN(hApp, USER_TYPE, "user1234", &retry), SAR_PIN_LOCKED);
    /* persistence across reconnect */
    CHECK_RC(SKF_CloseApplication(hApp), SAR_OK);
    CHECK_RC(SKF_DisConnectDev(hDev), SAR_OK);
    CHECK_RC(SKF_GetDevInfo(hDev, (DEVINFO *)ibuf), SAR_INVALIDHANDLEERR);
    CHECK_RC(SKF_ConnectDev("tok1", &hDev), SAR_OK);
    CHECK_RC(SKF_OpenApplication(hDev, "NOAPP", &hApp), SAR_APPLICATION_NOT_EXISTS);
    CHECK_RC(SKF_OpenApplication(hDev, "APP", &hApp), SAR_OK);
    CHECK_RC(SKF_GetPINInfo(hApp, USER_TYPE, &maxr, &remain, &def), SAR_OK);
    CHECK(remain == 0, "locked state persisted");
    CHECK_RC(SKF_UnblockPIN(hApp, "wrongadmin", "newuser1", &retry), SAR_PIN_INCORRECT);
    CHECK(retry == 4, "admin retry = %u", (unsigned)retry);
    CHECK_RC(SKF_UnblockPIN(hApp, "admin123", "newuser1", &retry), SAR_OK);
    CHECK_RC(SKF_GetPINInfo(hApp, USER_TYPE, &maxr, &remain, &def), SAR_OK);
    CHECK(remain == 3 && def == FALSE, "unblocked: remain=%u def=%d", (unsigned)remain, (int)def);
    CHECK_RC(SKF_GetPINInfo(hApp, ADMIN_TYPE, &maxr, &remain, &def), SAR_OK);
    CHECK(maxr == 5 && remain == 5 && def == TRUE, "admin counter reset");
    CHECK_RC(SKF_VerifyPIN(hApp, USER_TYPE, "user1234", &retry), SAR_PIN_INCORRECT);
    CHECK_RC(SKF_ChangePIN(hApp, USER_TYPE, "newuser1", "user5678", &retry), SAR_OK);
    CHECK_RC(SKF_VerifyPIN(hApp, USER_TYPE, "newuser1", &retry), SAR_PIN_INCORRECT);
    CHECK_RC(SKF_VerifyPIN(hApp, USER_TYPE, "user5678", &retry), SAR_OK);

    /* admin PIN change */
    CHECK_RC(SKF_ChangePIN(hApp, ADMIN_TYPE, "admin123", "admin456", &retry), SAR_OK);
    CHECK_RC(SKF_GetPINInfo(hApp, ADMIN_TYPE, &maxr, &remain, &def), SAR_OK);
    CHECK(def == FALSE && remain == 5, "admin changed");
    CHECK_RC(SKF_ChangePIN(hApp, 7, "admin456", "x", &retry), SAR_USER_TYPE_INVALID);

    /* several processes share the token: counters are decremented under the flock */
    {
        pid_t kids[4];
        int i, st, okk = 1;
        CHECK_RC(SKF_GetPINInfo(hApp, ADMIN_TYPE, &maxr, &remain, &def), SAR_OK);
        for (i = 0; i < 4; i++) {
            kids[i] = fork();
            if (kids[i] == 0) {
                ULONG r2;
                _exit(SKF_VerifyPIN(hApp, ADMIN_TYPE, "nope-admin", &r2) == SAR_PIN_INCORRECT ? 0 : 1);
            }
        }
        for (i = 0; i < 4; i++) {
            waitpid(kids[i], &st, 0);
            if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) okk = 0;
        }
        CHECK(okk, "child VerifyPIN results");
        CHECK_RC(SKF_GetPINInfo(hApp, ADMIN_TYPE, &maxr, &remain, &def), SAR_OK);
        CHECK(remain == 1, "4 concurrent wrong admin PINs from 4 processes: remain = %u", (unsigned)remain);
        CHECK_RC(SKF_VerifyPIN(hApp, ADMIN_TYPE, "admin456", &retry), SAR_OK);
        CHECK(retry == 5, "admin reset");
        CHECK_RC(SKF_CreateContainer(hApp, "adm", &hCon), SAR_USER_NOT_LOGGED_IN); /* admin is not user */
        CHECK_RC(SKF_VerifyPIN(hApp, USER_TYPE, "user5678", &retry), SAR_OK);
    }

    /* ---- containers and the sign key */
    CHECK_RC(SKF_CreateContainer(hApp, "c1", &hCon), SAR_OK);
    CHECK_RC(SKF_CreateContainer(hApp, "c1", &hCon), SAR_FILE_ALREADY_EXIST);
    CHECK_RC(SKF_OpenContainer(hApp, "c1", &hCon), SAR_OK);
    len = sizeof list;
    CHECK_RC(SKF_EnumContainer(hApp, list, &len), SAR_OK);
    CHECK(len == 4 && memcmp(list, "c1\0\0", 4) == 0, "EnumContainer");
    CHECK_RC(SKF_GetContainerType(hCon, &type), SAR_OK);
    CHECK(type == 0, "empty container type");
    CHECK_RC(SKF_GenECCKeyPair(hCon, 0x00020100, &signPub), SAR_OK); /* vendor numbering */
    CHECK_RC(SKF_GenECCKeyPair(hCon, 0x00020200, &signPub), SAR_OK); /* GM/T 0006 numbering */
    CHECK_RC(SKF_GenECCKeyPair(hCon, SGD_SM2_3, &pub2), SAR_NOTSUPPORTYETERR);
    CHECK(signPub.BitLen == 256 && signPub.XCoordinate[0] == 0 && signPub.XCoordinate[31] == 0, "right-aligned");
    CHECK_RC(SKF_GetContainerType(hCon, &type), SAR_OK);
    CHECK(type == 2, "ECC container type");
    len = 0;
    CHECK_RC(SKF_ExportPublicKey(hCon, TRUE, NULL, &len), SAR_OK);
    CHECK(len == 132, "ExportPublicKey size %u", (unsigned)len);
    len = sizeof pub2;
    CHECK_RC(SKF_ExportPublicKey(hCon, TRUE, (BYTE *)&pub2, &len), SAR_OK);
    CHECK(memcmp(&pub2, &signPub, 132) == 0, "exported = generated");
    CHECK_RC(SKF_ExportPublicKey(hCon, FALSE, (BYTE *)&pub2, &len), SAR_KEYNOTFOUNTERR);

    /* ---- signing: e = SM3(Z||M) by DigestInit(pub, ID); verify as SM3withSM2 over M in OpenSSL */
    CHECK_RC(SKF_DigestInit(hDev, SGD_SM3, &signPub, (BYTE *)ID, 16, &hHash), SAR_OK);
    len = 0;
    CHECK_RC(SKF_Digest(hHash, (BYTE *)M, (ULONG)strlen(M), NULL, &len), SAR_OK);
    CHECK(len == 32, "digest size");
    CHECK_RC(SKF_Digest(hHash, (BYTE *)M, (ULONG)strlen(M), e, &len), SAR_OK);
    CHECK_RC(SKF_CloseHandle(hHash), SAR_OK);
    CHECK_RC(SKF_ECCSignData(hCon, e, 32, &sig), SAR_OK);
    CHECK(sig.r[0] == 0 && sig.s[31] == 0, "signature right-aligned");
    CHECK(ossl_verify(&signPub, &sig, M, strlen(M), 0), "SM3withSM2 over M (default ID) must verify");
    CHECK(!ossl_verify(&signPub, &sig, M, strlen(M) - 1, 0), "a different M must not verify");
    CHECK(!ossl_verify(&signPub, &sig, e, 32, 0), "EVP_PKEY_sign must not hash e again");
    CHECK_RC(SKF_ECCVerify(hDev, &signPub, e, 32, &sig), SAR_OK);
    CHECK_RC(SKF_ExtECCVerify(hDev, &signPub, e, 32, &sig), SAR_OK);
    e[0] ^= 1;
    CHECK_RC(SKF_ECCVerify(hDev, &signPub, e, 32, &sig), SAR_HASHNOTEQUALERR);
    e[0] ^= 1;
    {
        /* multi-part digest gives the same e */
        uint8_t e2[32];
        CHECK_RC(SKF_DigestInit(hDev, SGD_SM3, &signPub, (BYTE *)ID, 16, &hHash), SAR_OK);
        CHECK_RC(SKF_DigestUpdate(hHash, (BYTE *)M, 5), SAR_OK);
        CHECK_RC(SKF_DigestUpdate(hHash, (BYTE *)M + 5, (ULONG)strlen(M) - 5), SAR_OK);
        len = 32;
        CHECK_RC(SKF_DigestFinal(hHash, e2, &len), SAR_OK);
        CHECK(memcmp(e, e2, 32) == 0, "DigestUpdate/Final = Digest");
        SKF_CloseHandle(hHash);
    }
    /* hash-inside quirk: the library hashes Z||input itself */
    CHECK_RC(SoftUKEY_Configure(NULL, "hash-inside"), SAR_OK);
    CHECK_RC(SKF_ECCSignData(hCon, (BYTE *)M, (ULONG)strlen(M), &sig), SAR_OK);
    CHECK(ossl_verify(&signPub, &sig, M, strlen(M), 0), "hash-inside signature over M");
    CHECK_RC(SoftUKEY_Configure(NULL, "left-aligned"), SAR_OK);
    len = sizeof pub2;
    CHECK_RC(SKF_ExportPublicKey(hCon, TRUE, (BYTE *)&pub2, &len), SAR_OK);
    CHECK(memcmp(pub2.XCoordinate, signPub.XCoordinate + 32, 32) == 0 && pub2.XCoordinate[63] == 0 &&
              memcmp(pub2.YCoordinate, signPub.YCoordinate + 32, 32) == 0,
          "left-aligned public key");
    CHECK_RC(SKF_ECCSignData(hCon, e, 32, &sig), SAR_OK);
    CHECK(ossl_verify(&pub2, &sig, M, strlen(M), 1), "left-aligned signature");
    CHECK_RC(SKF_ECCVerify(hDev, &pub2, e, 32, &sig), SAR_OK);
    CHECK_RC(SoftUKEY_Configure(NULL, ""), SAR_OK);

    /* ---- certificates */
    len = 100;
    CHECK_RC(SKF_ExportCertificate(hCon, TRUE, ibuf, &len), SAR_CERTNOTFOUNTERR);
    CHECK_RC(SKF_ImportCertificate(hCon, TRUE, (BYTE *)"\x30\x03\x02\x01\x01", 5), SAR_OK);
    CHECK_RC(SKF_ImportCertificate(hCon, FALSE, (BYTE *)"\x30\x03\x02\x01\x02", 5), SAR_OK);
    len = 0;
    CHECK_RC(SKF_ExportCertificate(hCon, TRUE, NULL, &len), SAR_OK);
    CHECK(len == 5, "cert size");
    len = sizeof ibuf;
    CHECK_RC(SKF_ExportCertificate(hCon, FALSE, ibuf, &len), SAR_OK);
    CHECK(len == 5 && ibuf[4] == 2, "enc cert");

    /* ---- enveloped import, the three placements of cbEncryptedPriKey */
    {
        const char placements[3] = {'a', 'b', 'c'};
        int i;
        for (i = 0; i < 3; i++) {
            uint8_t d[32];
            ECCPUBLICKEYBLOB encPub, got, sp;
            HCONTAINER hc;
            char cname[16];
            uint8_t envbuf[sizeof(ENVELOPEDKEYBLOB) + 64];
            ENVELOPEDKEYBLOB *env = (ENVELOPEDKEYBLOB *)envbuf;
            snprintf(cname, sizeof cname, "env-%c", placements[i]);
            CHECK_RC(SKF_CreateContainer(hApp, cname, &hc), SAR_OK);
            CHECK_RC(SKF_GenECCKeyPair(hc, SGD_SM2_1, &sp), SAR_OK);
            keygen(d, &encPub);
            memset(envbuf, 0, sizeof envbuf);
            make_envelope(hDev, &sp, d, &encPub, placements[i], env);
            CHECK_RC(SKF_ImportECCKeyPair(hc, env), SAR_OK);
            len = sizeof got;
            CHECK_RC(SKF_ExportPublicKey(hc, FALSE, (BYTE *)&got, &len), SAR_OK);
            CHECK(memcmp(&got, &encPub, 132) == 0, "imported enc public key (%c)", placements[i]);
            /* wrong public key is refused */
            env->PubKey = sp;
            CHECK_RC(SKF_ImportECCKeyPair(hc, env), SAR_INDATAERR);
            if (i == 0) {
                /* the imported enc key works: a session key wrapped to it */
                uint8_t sk[16], blobbuf[164 + 16 + 8], out[16], ref[16];
                HANDLE hk;
                BLOCKCIPHERPARAM bp;
                int rn;
                RAND_bytes(sk, 16);
                CHECK_RC(SKF_ExtECCEncrypt(hDev, &encPub, sk, 16, (ECCCIPHERBLOB *)blobbuf), SAR_OK);
                CHECK_RC(SKF_ImportSessionKey(hc, SGD_SM4_ECB, blobbuf, 164 + 16, &hk), SAR_OK);
                memset(&bp, 0, sizeof bp);
                CHECK_RC(SKF_EncryptInit(hk, bp), SAR_OK);
                len = 16;
                CHECK_RC(SKF_Encrypt(hk, (BYTE *)"0123456789abcdef", 16, out, &len), SAR_OK);
                ossl_sm4(EVP_sm4_ecb(), sk, NULL, 0, (const uint8_t *)"0123456789abcdef", 16, ref, &rn);
                CHECK(memcmp(out, ref, 16) == 0, "ImportSessionKey key matches");
                SKF_CloseHandle(hk);
                /* ExtECCEncrypt / ExtECCDecrypt round trip with a caller key */
                {
                    ECCPRIVATEKEYBLOB pk;
                    uint8_t pt[40];
                    memset(&pk, 0, sizeof pk);
                    pk.BitLen = 256;
                    memcpy(pk.PrivateKey + 32, d, 32);
                    len = 0;
                    CHECK_RC(SKF_ExtECCDecrypt(hDev, &pk, (ECCCIPHERBLOB *)blobbuf, NULL, &len), SAR_OK);
                    CHECK(len == 16, "ExtECCDecrypt size");
                    len = sizeof pt;
                    CHECK_RC(SKF_ExtECCDecrypt(hDev, &pk, (ECCCIPHERBLOB *)blobbuf, pt, &len), SAR_OK);
                    CHECK(len == 16 && memcmp(pt, sk, 16) == 0, "ExtECCDecrypt round trip");
                }
            }
        }
    }

    /* ---- SM4 known answer (GB/T 32907), CBC/padding against OpenSSL, CBC-MAC */
    {
        uint8_t key[16], plain[16], want[16], out[64], back[64], ref[64], iv[16];
        HANDLE hk, hm;
        BLOCKCIPHERPARAM bp;
        int rn;
        ULONG l1, l2, l3;
        const uint8_t msg[37] = "The quick brown fox jumps over it!!!";
        hex2bin("0123456789ABCDEFFEDCBA9876543210", key);
        hex2bin("0123456789ABCDEFFEDCBA9876543210", plain);
        hex2bin("681EDF34D206965E86B3E94F536E4246", want);
        CHECK_RC(SKF_SetSymmKey(hDev, key, SGD_SM4_ECB, &hk), SAR_OK);
        memset(&bp, 0, sizeof bp);
        CHECK_RC(SKF_EncryptInit(hk, bp), SAR_OK);
        len = 0;
        CHECK_RC(SKF_Encrypt(hk, plain, 16, NULL, &len), SAR_OK);
        CHECK(len == 16, "Encrypt size query");
        len = sizeof out;
        CHECK_RC(SKF_Encrypt(hk, plain, 16, out, &len), SAR_OK);
        CHECK(len == 16 && memcmp(out, want, 16) == 0, "SM4-ECB known answer");
        CHECK_RC(SKF_DecryptInit(hk, bp), SAR_OK);
        len = sizeof back;
        CHECK_RC(SKF_Decrypt(hk, out, 16, back, &len), SAR_OK);
        CHECK(len == 16 && memcmp(back, plain, 16) == 0, "SM4-ECB decrypt");
        SKF_CloseHandle(hk);

        RAND_bytes(iv, 16);
        CHECK_RC(SKF_SetSymmKey(hDev, key, SGD_SM4_CBC, &hk), SAR_OK);
        memcpy(bp.IV, iv, 16);
        bp.IVLen = 16;
        bp.PaddingType = 1;
        CHECK_RC(SKF_EncryptInit(hk, bp), SAR_OK);
        len = sizeof out;
        CHECK_RC(SKF_Encrypt(hk, (BYTE *)msg, 36, out, &len), SAR_OK);
        ossl_sm4(EVP_sm4_cbc(), key, iv, 1, msg, 36, ref, &rn);
        CHECK(len == 48 && rn == 48 && memcmp(out, ref, 48) == 0, "SM4-CBC PKCS#7 = OpenSSL");
        /* multi-part */
        CHECK_RC(SKF_EncryptInit(hk, bp), SAR_OK);
        l1 = sizeof out;
        CHECK_RC(SKF_EncryptUpdate(hk, (BYTE *)msg, 7, out, &l1), SAR_OK);
        l2 = sizeof out - l1;
        CHECK_RC(SKF_EncryptUpdate(hk, (BYTE *)msg + 7, 29, out + l1, &l2), SAR_OK);
        l3 = sizeof out - l1 - l2;
        CHECK_RC(SKF_EncryptFinal(hk, out + l1 + l2, &l3), SAR_OK);
        CHECK(l1 + l2 + l3 == 48 && memcmp(out, ref, 48) == 0, "Update/Final = single-shot");
        CHECK_RC(SKF_DecryptInit(hk, bp), SAR_OK);
        l1 = sizeof back;
        CHECK_RC(SKF_DecryptUpdate(hk, ref, 32, back, &l1), SAR_OK);
        l2 = sizeof back - l1;
        CHECK_RC(SKF_DecryptUpdate(hk, ref + 32, 16, back + l1, &l2), SAR_OK);
        l3 = sizeof back - l1 - l2;
        CHECK_RC(SKF_DecryptFinal(hk, back + l1 + l2, &l3), SAR_OK);
        CHECK(l1 + l2 + l3 == 36 && memcmp(back, msg, 36) == 0, "multi-part decrypt");
        CHECK_RC(SKF_DecryptInit(hk, bp), SAR_OK);
        len = 10;
        CHECK_RC(SKF_Decrypt(hk, ref, 48, back, &len), SAR_BUFFER_TOO_SMALL);
        CHECK(len == 36, "decrypt too-small answers the size: %u", (unsigned)len);
        len = sizeof back;
        CHECK_RC(SKF_Decrypt(hk, ref, 48, back, &len), SAR_OK);
        CHECK(len == 36 && memcmp(back, msg, 36) == 0, "single-shot decrypt");
        /* CBC-MAC: last CBC block without padding over 32 bytes, IV zero */
        memset(&bp, 0, sizeof bp);
        CHECK_RC(SKF_MacInit(hk, &bp, &hm), SAR_OK);
        CHECK_RC(SKF_MacUpdate(hm, (BYTE *)msg, 20), SAR_OK);
        CHECK_RC(SKF_MacUpdate(hm, (BYTE *)msg + 20, 12), SAR_OK);
        len = 16;
        CHECK_RC(SKF_MacFinal(hm, out, &len), SAR_OK);
        memset(iv, 0, 16);
        ossl_sm4(EVP_sm4_cbc(), key, iv, 0, msg, 32, ref, &rn);
        CHECK(len == 16 && memcmp(out, ref + 16, 16) == 0, "SM4 CBC-MAC");
        len = 16;
        CHECK_RC(SKF_Mac(hm, (BYTE *)msg, 32, out, &len), SAR_OK);
        CHECK(memcmp(out, ref + 16, 16) == 0, "SM4 Mac single-shot");
        SKF_CloseHandle(hm);
        SKF_CloseHandle(hk);
    }

    /* ---- files */
    {
        FILEATTRIBUTE fa;
        uint8_t rb[16];
        CHECK_RC(SKF_CreateFile(hApp, "f1", 16, SECURE_ANYONE_ACCOUNT, SECURE_USER_ACCOUNT), SAR_OK);
        CHECK_RC(SKF_WriteFile(hApp, "f1", 4, (BYTE *)"abcd", 4), SAR_OK);
        len = sizeof rb;
        CHECK_RC(SKF_ReadFile(hApp, "f1", 4, 4, rb, &len), SAR_OK);
        CHECK(len == 4 && memcmp(rb, "abcd", 4) == 0, "ReadFile");
        CHECK_RC(SKF_GetFileInfo(hApp, "f1", &fa), SAR_OK);
        CHECK(fa.FileSize == 16 && fa.WriteRights == SECURE_USER_ACCOUNT, "GetFileInfo");
        len = sizeof list;
        CHECK_RC(SKF_EnumFiles(hApp, list, &len), SAR_OK);
        CHECK(len == 4 && memcmp(list, "f1\0\0", 4) == 0, "EnumFiles");
        CHECK_RC(SKF_DeleteFile(hApp, "f1"), SAR_OK);
        CHECK_RC(SKF_GetFileInfo(hApp, "f1", &fa), SAR_FILE_NOT_EXIST);
    }

    /* ---- quirks: size protocol, bool8, devinfo-natural, names-gbk, sm2-std-only, wait */
    {
        uint64_t wide[3];
        CHECK_RC(SoftUKEY_Configure(NULL, "size-null-rejected"), SAR_OK);
        len = 0;
        CHECK_RC(SKF_EnumDev(TRUE, NULL, &len), SAR_INVALIDPARAMERR);
        CHECK_RC(SoftUKEY_Configure(NULL, "size-query-low"), SAR_OK);
        CHECK_RC(SKF_ExportPublicKey(hCon, TRUE, NULL, &len), SAR_OK);
        CHECK(len == 66, "size-query-low half = %u", (unsigned)len);
        CHECK_RC(SoftUKEY_Configure(NULL, "small-indatalen"), SAR_OK);
        len = 10;
        CHECK_RC(SKF_ExportPublicKey(hCon, TRUE, ibuf, &len), SAR_INDATALENERR);
        CHECK(len == 132, "size after INDATALEN");
        CHECK_RC(SoftUKEY_Configure(NULL, "small-indataerr"), SAR_OK);
        len = 10;
        CHECK_RC(SKF_ExportPublicKey(hCon, TRUE, ibuf, &len), SAR_INDATAERR);
        CHECK_RC(SoftUKEY_Configure(NULL, "small-truncate"), SAR_OK);
        len = 10;
        CHECK_RC(SKF_ExportPublicKey(hCon, TRUE, ibuf, &len), SAR_OK);
        CHECK(len == 10, "truncated length");
        CHECK_RC(SoftUKEY_Configure(NULL, "bool8"), SAR_OK);
        memset(wide, 0xFF, sizeof wide);
        CHECK_RC(SKF_GetPINInfo(hApp, USER_TYPE, (ULONG *)&wide[0], (ULONG *)&wide[1], (BOOL *)&wide[2]), SAR_OK);
        CHECK(wide[0] == 3 && wide[1] == 3 && wide[2] == 0, "bool8 writes 8 bytes");
        CHECK_RC(SoftUKEY_Configure(NULL, "devinfo-natural"), SAR_OK);
        memset(&info, 0xEE, sizeof info);
        CHECK_RC(SKF_GetDevInfo(hDev, (DEVINFO *)&info), SAR_OK);
        CHECK(info.DevAuthAlgId == SGD_SM4_ECB && info.TotalSpace >= info.FreeSpace, "natural DEVINFO");
        CHECK_RC(SoftUKEY_Configure(NULL, "sm2-std-only"), SAR_OK);
        CHECK_RC(SKF_GenECCKeyPair(hCon, 0x00020100, &pub2), SAR_NOTSUPPORTYETERR);
        CHECK_RC(SoftUKEY_Configure(NULL, "names-gbk"), SAR_OK);
        {
            HCONTAINER hg;
            const char gbk[] = "\xB2\xE2\xCA\xD4"; /* 测试 in GBK */
            const char utf8[] = "\xE6\xB5\x8B\xE8\xAF\x95";
            CHECK_RC(SKF_CreateContainer(hApp, (LPSTR)gbk, &hg), SAR_OK);
            len = sizeof list;
            CHECK_RC(SKF_EnumContainer(hApp, list, &len), SAR_OK);
            CHECK(list_has(list, len, gbk), "GBK name on the wire");
            CHECK_RC(SoftUKEY_Configure(NULL, ""), SAR_OK);
            len = sizeof list;
            CHECK_RC(SKF_EnumContainer(hApp, list, &len), SAR_OK);
            CHECK(list_has(list, len, utf8), "stored as UTF-8");
            CHECK_RC(SKF_DeleteContainer(hApp, (LPSTR)utf8), SAR_OK);
        }
        CHECK_RC(SoftUKEY_Configure(NULL, "wait-unsupported"), SAR_OK);
        len = 64;
        CHECK_RC(SKF_WaitForDevEvent(list, &len, &type), SAR_NOTSUPPORTYETERR);
        CHECK_RC(SoftUKEY_Configure(NULL, "wait-immediate"), SAR_OK);
        len = 64;
        CHECK_RC(SKF_WaitForDevEvent(list, &len, &type), SAR_OK);
        CHECK(type == 1 && strcmp(list, "tok1") == 0, "wait-immediate");
        CHECK_RC(SoftUKEY_Configure(NULL, "wait-nocancel"), SAR_OK);
        CHECK_RC(SKF_CancelWaitForDevEvent(), SAR_NOTSUPPORTYETERR);
        CHECK_RC(SoftUKEY_Configure(NULL, ""), SAR_OK);
        msleep(1100); /* let the unclaimed Cancel window expire */
    }

    /* ---- device events */
    test_events();

    /* ---- LockDev across two handles */
    CHECK_RC(SKF_ConnectDev("tok1", &hDev2), SAR_OK);
    CHECK_RC(SKF_LockDev(hDev, 1000), SAR_OK);
    CHECK_RC(SKF_LockDev(hDev2, 100), SAR_TIMEOUTERR);
    CHECK_RC(SKF_UnlockDev(hDev), SAR_OK);
    CHECK_RC(SKF_LockDev(hDev2, 100), SAR_OK);
    CHECK_RC(SKF_UnlockDev(hDev2), SAR_OK);

    /* ---- logout, DevAuth key change, application delete */
    CHECK_RC(SKF_ClearSecureState(hApp), SAR_OK);
    CHECK_RC(SKF_ECCSignData(hCon, e, 32, &sig), SAR_USER_NOT_LOGGED_IN);
    len = sizeof pub2;
    CHECK_RC(SKF_ExportPublicKey(hCon, TRUE, (BYTE *)&pub2, &len), SAR_OK);
    CHECK_RC(dev_auth(hDev2, "1234567812345678"), SAR_OK);
    CHECK_RC(SKF_ChangeDevAuthKey(hDev2, (BYTE *)"abcdefghijklmnop", 16), SAR_OK);
    CHECK_RC(dev_auth(hDev2, "1234567812345678"), SAR_FAIL);
    CHECK_RC(dev_auth(hDev2, "abcdefghijklmnop"), SAR_OK);
    CHECK_RC(SKF_CreateApplication(hDev2, "APP2", "a1", 3, "u1", 3, SECURE_USER_ACCOUNT, &hApp), SAR_OK);
    CHECK_RC(SKF_DeleteApplication(hDev2, "APP2"), SAR_OK);
    CHECK_RC(SKF_GetPINInfo(hApp, USER_TYPE, &maxr, &remain, &def), SAR_APPLICATION_NOT_EXISTS);
    CHECK_RC(SKF_OpenApplication(hDev2, "APP", &hApp), SAR_OK);

    /* ---- removal: every call through the handle or its children */
    token_file("tok1", path, sizeof path);
    CHECK(unlink(path) == 0, "unlink token");
    CHECK_RC(SKF_GetDevInfo(hDev, (DEVINFO *)ibuf), SAR_DEVICE_REMOVED);
    CHECK_RC(SKF_GetPINInfo(hApp, USER_TYPE, &maxr, &remain, &def), SAR_DEVICE_REMOVED);
    CHECK_RC(SKF_GetContainerType(hCon, &type), SAR_DEVICE_REMOVED);
    CHECK_RC(SKF_GenRandom(hDev2, ibuf, 8), SAR_DEVICE_REMOVED);
    /* replaced by another token with the same name: still removed */
    snprintf(args, sizeof args, "--dir '%s' --name tok1", g_dir);
    CHECK(mktoken(args) == 0, "re-create tok1");
    CHECK_RC(SKF_GenRandom(hDev, ibuf, 8), SAR_DEVICE_REMOVED);
    CHECK_RC(SKF_ConnectDev("tok1", &hDev2), SAR_OK);
    CHECK_RC(SKF_GenRandom(hDev2, ibuf, 8), SAR_OK);
    snprintf(args, sizeof args, "--dir '%s' --name tok2", g_dir);
    CHECK(mktoken(args) == 0, "tok2");
    {
        char p2[512];
        token_file("tok2", p2, sizeof p2);
        CHECK(rename(p2, path) == 0, "replace tok1 by tok2's file");
    }
    CHECK_RC(SKF_GenRandom(hDev2, ibuf, 8), SAR_DEVICE_REMOVED);
    CHECK_RC(SKF_DisConnectDev(hDev), SAR_OK);

    /* ---- a loader that dlcloses (JNA disposes on GC) must not lose the configuration: -z nodelete */
    {
        char copy[512], cmd[1200];
        void *h;
        snprintf(copy, sizeof copy, "%s/libsoftukey-copy.so", g_dir);
        snprintf(cmd, sizeof cmd, "cp '%s/libsoftukey.so' '%s'", argv[1], copy);
        CHECK(system(cmd) == 0, "copy the library");
        h = dlopen(copy, RTLD_NOW | RTLD_LOCAL);
        CHECK(h != NULL, "dlopen copy: %s", dlerror());
        if (h) {
            ULONG (*cfg)(const char *, const char *) = (ULONG(*)(const char *, const char *))dlsym(h, "SoftUKEY_Configure");
            ULONG (*en)(BOOL, LPSTR, ULONG *);
            CHECK_RC(cfg(g_dir, ""), SAR_OK);
            dlclose(h);
            h = dlopen(copy, RTLD_NOW | RTLD_LOCAL);
            en = (ULONG(*)(BOOL, LPSTR, ULONG *))dlsym(h, "SKF_EnumDev");
            len = sizeof list;
            CHECK_RC(en(TRUE, list, &len), SAR_OK);
            CHECK(list_has(list, len, "tok1"), "configuration survives dlclose/dlopen");
            dlclose(h);
        }
    }

    /* clean up the temp dir */
    {
        DIR *dd = opendir(g_dir);
        struct dirent *de;
        while (dd && (de = readdir(dd))) {
            if (de->d_name[0] == '.') continue;
            snprintf(path, sizeof path, "%s/%s", g_dir, de->d_name);
            unlink(path);
        }
        if (dd) closedir(dd);
        rmdir(g_dir);
    }
    return t_summary("softukey-smoke-test");
}
