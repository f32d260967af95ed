/* internal.h - shared declarations of the soft UKEY (not installed, not exported). */
#ifndef SOFTUKEY_INTERNAL_H
#define SOFTUKEY_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <pthread.h>
#include <openssl/evp.h>

#include "skf.h"

#define HIDDEN __attribute__((visibility("hidden")))

/* ------------------------------------------------------------------ config / quirks (config.c) */
enum {
    Q_DEVINFO_NATURAL = 1u << 0,
    Q_HASH_INSIDE = 1u << 1,
    Q_LEFT_ALIGNED = 1u << 2,
    Q_SIZE_NULL_REJECTED = 1u << 3,
    Q_SIZE_QUERY_LOW = 1u << 4,
    Q_SMALL_INDATALEN = 1u << 5,
    Q_SMALL_INDATAERR = 1u << 6,
    Q_SMALL_TRUNCATE = 1u << 7,
    Q_NAMES_GBK = 1u << 8,
    Q_WAIT_IMMEDIATE = 1u << 9,
    Q_WAIT_UNSUPPORTED = 1u << 10,
    Q_WAIT_NOCANCEL = 1u << 11,
    Q_SM2_STD_ONLY = 1u << 12,
    Q_BOOL8 = 1u << 13,
};

HIDDEN extern pthread_mutex_t g_lock; /* serialises every SKF call */
HIDDEN void cfg_init(void);           /* reads env once (first SKF call) */
HIDDEN int quirk(unsigned q);
HIDDEN const char *cfg_dir(void);

/* Every SKF entry point starts with ENTER and leaves through LEAVE(rc). */
#define ENTER()                                                                                            \
    cfg_init();                                                                                            \
    pthread_mutex_lock(&g_lock)
#define LEAVE(rc)                                                                                          \
    do {                                                                                                   \
        ULONG rc__ = (rc);                                                                                 \
        pthread_mutex_unlock(&g_lock);                                                                     \
        return rc__;                                                                                       \
    } while (0)

/* ------------------------------------------------------------------ wire encoding (wire.c) */
HIDDEN void put_ulong(ULONG *p, uint32_t v); /* honours bool8 */
HIDDEN void put_bool(BOOL *p, int v);
/* Two-call size protocol with the size quirks. data may be NULL only if need == 0. */
HIDDEN ULONG out_put(const void *data, size_t need, void *buf, ULONG *plen);
/* Size protocol for streaming outputs: returns SAR_OK and *go = 1 when buf can take need bytes. */
HIDDEN ULONG out_query(size_t need, void *buf, ULONG *plen, int *go);
HIDDEN void put_coord(BYTE dst64[64], const uint8_t src32[32]); /* right- or left-aligned */
HIDDEN void get_coord(const BYTE src64[64], uint8_t dst32[32]);
HIDDEN void pub_to_blob(const uint8_t xy[64], ECCPUBLICKEYBLOB *b);
HIDDEN int blob_to_pub(const ECCPUBLICKEYBLOB *b, uint8_t xy[64]);
/* names on the wire (GBK with names-gbk) <-> UTF-8 storage */
HIDDEN ULONG name_in(const char *wire, char *out, size_t outsz);
HIDDEN ULONG name_out(const char *utf8, char *out, size_t outsz, size_t *outlen);
/* build a "a\0b\0\0" list of wire names */
HIDDEN ULONG name_list_out(const char *const *names, size_t n, char **list, size_t *len);

/* ------------------------------------------------------------------ crypto helpers (crypto.c) */
HIDDEN int rand_bytes(uint8_t *p, size_t n);
HIDDEN int sm3_hash(const uint8_t *d, size_t n, uint8_t out[32]);
HIDDEN int hmac_sm3(const uint8_t *key, size_t kl, const uint8_t *d, size_t n, uint8_t out[32]);
HIDDEN int sm4_ecb(int enc, const uint8_t key[16], const uint8_t *in, size_t n, uint8_t *out); /* n%16==0 */
HIDDEN int sm4_cbc_nopad(int enc, const uint8_t key[16], const uint8_t iv[16], const uint8_t *in, size_t n,
                         uint8_t *out);
HIDDEN int sm2_keygen(uint8_t d[32], uint8_t xy[64]);
HIDDEN int sm2_pub_from_priv(const uint8_t d[32], uint8_t xy[64]);
HIDDEN int sm2_pub_valid(const uint8_t xy[64]);
HIDDEN int sm2_sign_e(const uint8_t d[32], const uint8_t e[32], uint8_t r[32], uint8_t s[32]);
HIDDEN int sm2_verify_e(const uint8_t xy[64], const uint8_t e[32], const uint8_t r[32], const uint8_t s[32]);
/* SM2 encryption in ECCCIPHERBLOB terms: c1 = x||y, c3 = hash, c2 = n bytes */
HIDDEN int sm2_encrypt(const uint8_t xy[64], const uint8_t *m, size_t n, uint8_t c1[64], uint8_t c3[32],
                       uint8_t *c2);
HIDDEN int sm2_decrypt(const uint8_t d[32], const uint8_t c1[64], const uint8_t c3[32], const uint8_t *c2,
                       size_t n, uint8_t *m);
HIDDEN int sm2_z(const uint8_t xy[64], const uint8_t *id, size_t idlen, uint8_t z[32]);
HIDDEN void wipe(void *p, size_t n);
/* sealing: out = iv16 || SM4-CBC-PKCS7(enc) || HMAC-SM3(mac, iv||ct); returns length or 0 */
HIDDEN size_t seal(const uint8_t ekey[16], const uint8_t mkey[32], const uint8_t *in, size_t n, uint8_t *out);
HIDDEN int unseal(const uint8_t ekey[16], const uint8_t mkey[32], const uint8_t *in, size_t n, uint8_t *out,
                  size_t *outn);
HIDDEN int pin_kek(const char *pin, const uint8_t salt[16], uint32_t iter, uint8_t ekey[16], uint8_t mkey[32]);
HIDDEN void dek_keys(const uint8_t dek[16], uint8_t ekey[16], uint8_t mkey[32]);

/* ------------------------------------------------------------------ token store (store.c) */
#define TOKEN_MAGIC "SOFTUKEY"
#define TOKEN_VERSION 1u
#define NAME_MAX_APP 48
#define NAME_MAX_CON 64
#define NAME_MAX_FILE 31
#define WRAP_LEN 80       /* iv16 + ct32 + mac32 (a 16-byte DEK) */
#define PIN_ITERATIONS 20000u
#define MAX_APPS 8
#define MAX_CONTAINERS 16
#define MAX_FILES 32
#define TOTAL_SPACE 262144u

typedef struct {
    uint8_t *p;
    uint32_t n;
} blob_t;

typedef struct {
    char name[NAME_MAX_CON + 1];
    uint32_t has_sign, has_enc;
    uint8_t sign_pub[64], enc_pub[64];
    blob_t sign_priv, enc_priv; /* sealed d under the DEK */
    blob_t sign_cert, enc_cert;
} cont_t;

typedef struct {
    char name[NAME_MAX_FILE + 1];
    uint32_t read_rights, write_rights;
    blob_t data; /* size is fixed at creation */
} file_t;

typedef struct {
    char name[NAME_MAX_APP + 1];
    uint32_t admin_max, admin_remain, user_max, user_remain;
    uint32_t admin_default, user_default, file_rights, iter;
    uint8_t admin_salt[16], user_salt[16];
    uint8_t admin_wrap[WRAP_LEN], user_wrap[WRAP_LEN];
    uint32_t ncont;
    cont_t *conts;
    uint32_t nfiles;
    file_t *files;
} app_t;

typedef struct {
    uint8_t uid[16]; /* random identity of this token file; survives rewrites */
    char serial[32], label[32], manufacturer[64], issuer[64];
    uint8_t auth_key[16];
    uint32_t napps;
    app_t *apps;
} token_t;

HIDDEN void token_free(token_t *t);
HIDDEN int token_read_file(const char *path, token_t *t); /* 0 ok, -1 missing, -2 corrupt */
HIDDEN int token_write_file(const char *path, const token_t *t, int exclusive); /* 0 ok, -1 err, 1 exists */
HIDDEN size_t token_file_size(const token_t *t);
HIDDEN int lock_file(const char *lockpath, int exclusive); /* returns fd or -1 */
HIDDEN void unlock_file(int fd);
HIDDEN app_t *token_find_app(token_t *t, const char *name);
HIDDEN cont_t *app_find_cont(app_t *a, const char *name);
HIDDEN file_t *app_find_file(app_t *a, const char *name);
HIDDEN void blob_set(blob_t *b, const void *p, size_t n);
HIDDEN void blob_clear(blob_t *b);
HIDDEN void cont_clear(cont_t *c);
HIDDEN void app_clear(app_t *a);

/* ------------------------------------------------------------------ handles (handles.c) */
enum hkind { H_FREE = 0, H_DEV, H_APP, H_CON, H_KEY, H_HASH, H_MAC };

typedef struct hent hent_t;
struct hent {
    enum hkind kind;
    uint32_t id;
    uint32_t parent; /* handle id of the parent (device for app/key/hash, app for con, key for mac) */
    union {
        struct {
            char name[256];    /* UTF-8 device name */
            char path[4096];   /* token file */
            char lockpath[4096];
            uint8_t uid[16];
            dev_t st_dev;
            ino_t st_ino;
            int removed;
            int authed;
            uint8_t rnd[16];
            int rnd_valid;
            int lock_fd; /* LockDev flock fd, -1 if not locked */
        } dev;
        struct {
            char name[NAME_MAX_APP + 1];
            int login; /* -1 none, ADMIN_TYPE, USER_TYPE */
            uint8_t dek[16];
        } app;
        struct {
            char name[NAME_MAX_CON + 1];
        } con;
        struct {
            uint32_t alg;
            uint8_t key[16];
            int op; /* 0 none, 1 encrypt, 2 decrypt */
            uint32_t padding;
            uint8_t iv[16];
            EVP_CIPHER_CTX *ctx;
            uint8_t pend[16];
            size_t npend;
        } key;
        struct {
            EVP_MD_CTX *ctx;
            uint8_t z[32];
            int has_z;
        } hash;
        struct {
            uint8_t key[16];
            uint8_t state[16];
            uint8_t pend[16];
            size_t npend;
            uint32_t padding;
        } mac;
    } u;
};

HIDDEN hent_t *h_new(enum hkind kind, uint32_t parent);
HIDDEN void h_free(hent_t *h); /* also frees children, wipes secrets */
HIDDEN hent_t *h_get(HANDLE h, enum hkind kind);
HIDDEN HANDLE h_value(const hent_t *h);
/* resolve + device presence check: returns SAR_OK or an error; fills pointers on success */
HIDDEN ULONG get_dev(HANDLE h, hent_t **dev);
HIDDEN ULONG get_app(HANDLE h, hent_t **app, hent_t **dev);
HIDDEN ULONG get_con(HANDLE h, hent_t **con, hent_t **app, hent_t **dev);
HIDDEN ULONG get_child(HANDLE h, enum hkind kind, hent_t **ent); /* KEY/HASH/MAC */
HIDDEN ULONG dev_check(hent_t *dev);
HIDDEN void h_after_write(hent_t *dev); /* refresh the stored inode after our own rewrite */
HIDDEN void h_logout_app_everywhere(const hent_t *dev, const char *appname);

/* token access through a device handle */
typedef struct {
    token_t t;
    int lockfd;
} tx_t;
HIDDEN ULONG tx_begin(hent_t *dev, tx_t *tx, int exclusive);
HIDDEN ULONG tx_commit(hent_t *dev, tx_t *tx); /* writes, keeps nothing */
HIDDEN void tx_end(tx_t *tx);

/* container access (container.c) */
HIDDEN ULONG con_tx(HANDLE hCon, int exclusive, tx_t *tx, hent_t **app, hent_t **dev, app_t **ap, cont_t **cp);
HIDDEN ULONG need_user(const hent_t *app);
HIDDEN int priv_unseal(const hent_t *app, const blob_t *b, uint8_t d[32]);
HIDDEN int priv_seal(const hent_t *app, const uint8_t d[32], blob_t *b);
/* session keys (symm.c) */
HIDDEN ULONG new_key_handle(hent_t *dev, ULONG alg, const uint8_t key[16], HANDLE *ph);
HIDDEN int symm_alg_ok(ULONG alg);

HIDDEN void token_path(const char *name, char *path, size_t n, const char *ext);
HIDDEN int valid_dev_name(const char *name);

#endif
