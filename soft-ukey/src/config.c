/* config.c - token directory, quirk switches, SoftUKEY_Configure, SoftUKEY_StructLayout. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t cfg_lock = PTHREAD_MUTEX_INITIALIZER;

static int cfg_done;          /* env read */
static char *g_dir;           /* token directory */
static int dir_from_api;      /* set by SoftUKEY_Configure */
static int quirks_from_api;
static volatile unsigned g_quirks;

static const struct {
    const char *name;
    unsigned bit;
} QUIRKS[] = {
    {"devinfo-natural", Q_DEVINFO_NATURAL},
    {"hash-inside", Q_HASH_INSIDE},
    {"left-aligned", Q_LEFT_ALIGNED},
    {"size-null-rejected", Q_SIZE_NULL_REJECTED},
    {"size-query-low", Q_SIZE_QUERY_LOW},
    {"small-indatalen", Q_SMALL_INDATALEN},
    {"small-indataerr", Q_SMALL_INDATAERR},
    {"small-truncate", Q_SMALL_TRUNCATE},
    {"names-gbk", Q_NAMES_GBK},
    {"wait-immediate", Q_WAIT_IMMEDIATE},
    {"wait-unsupported", Q_WAIT_UNSUPPORTED},
    {"wait-nocancel", Q_WAIT_NOCANCEL},
    {"sm2-std-only", Q_SM2_STD_ONLY},
    {"bool8", Q_BOOL8},
};

/* returns 0 and the bitmask, or -1 on an unknown name */
static int parse_quirks(const char *s, unsigned *out)
{
    unsigned q = 0;
    const char *p = s;
    while (p && *p) {
        const char *e = strchr(p, ',');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        while (n && (*p == ' ' || *p == '\t')) { p++; n--; }
        while (n && (p[n - 1] == ' ' || p[n - 1] == '\t')) n--;
        if (n) {
            size_t i;
            for (i = 0; i < sizeof QUIRKS / sizeof QUIRKS[0]; i++)
                if (strlen(QUIRKS[i].name) == n && memcmp(QUIRKS[i].name, p, n) == 0) break;
            if (i == sizeof QUIRKS / sizeof QUIRKS[0]) return -1;
            q |= QUIRKS[i].bit;
        }
        if (!e) break;
        p = e + 1;
    }
    *out = q;
    return 0;
}

void cfg_init(void)
{
    pthread_mutex_lock(&cfg_lock);
    if (!cfg_done) {
        if (!dir_from_api) {
            const char *d = getenv("SOFTUKEY_DIR");
            char buf[4096];
            if (!d || !*d) {
                const char *home = getenv("HOME");
                snprintf(buf, sizeof buf, "%s/.softukey", home && *home ? home : ".");
                d = buf;
            }
            free(g_dir);
            g_dir = strdup(d);
        }
        if (!quirks_from_api) {
            const char *q = getenv("SOFTUKEY_QUIRKS");
            unsigned bits = 0;
            if (q && parse_quirks(q, &bits) != 0) {
                fprintf(stderr, "softukey: SOFTUKEY_QUIRKS has an unknown quirk name; quirks ignored\n");
                bits = 0;
            }
            g_quirks = bits;
        }
        cfg_done = 1;
    }
    pthread_mutex_unlock(&cfg_lock);
}

int quirk(unsigned q) { return (g_quirks & q) != 0; }

const char *cfg_dir(void) { return g_dir ? g_dir : "."; }

SKF_EXPORT ULONG SoftUKEY_Configure(const char *dir, const char *quirks)
{
    unsigned bits = 0;
    if (quirks && parse_quirks(quirks, &bits) != 0) return SAR_INVALIDPARAMERR;
    if (dir && !*dir) return SAR_INVALIDPARAMERR;
    pthread_mutex_lock(&g_lock);
    pthread_mutex_lock(&cfg_lock);
    if (dir) {
        char *d = strdup(dir);
        if (!d) {
            pthread_mutex_unlock(&cfg_lock);
            pthread_mutex_unlock(&g_lock);
            return SAR_MEMORYERR;
        }
        /* the previous string is deliberately not freed: a concurrent SKF_WaitForDevEvent may
         * still be reading it (a few bytes per reconfiguration) */
        g_dir = d;
        dir_from_api = 1;
    }
    if (quirks) {
        g_quirks = bits;
        quirks_from_api = 1;
    }
    pthread_mutex_unlock(&cfg_lock);
    pthread_mutex_unlock(&g_lock);
    return SAR_OK;
}

/* ------------------------------------------------------------------ struct layout */
#define L_SIZE(T, NAME) n += (size_t)snprintf(b + n, cap - n, NAME ".size=%zu\n", sizeof(T))
#define L_OFF(T, NAME, F) n += (size_t)snprintf(b + n, cap - n, NAME "." #F "=%zu\n", offsetof(T, F))

static size_t layout_text(char *b, size_t cap)
{
    size_t n = 0;
    L_SIZE(VERSION, "VERSION");
    L_OFF(VERSION, "VERSION", major);
    L_OFF(VERSION, "VERSION", minor);
#define DEVINFO_FIELDS(T, NAME)                                                                            \
    L_SIZE(T, NAME);                                                                                       \
    L_OFF(T, NAME, Version);                                                                               \
    L_OFF(T, NAME, Manufacturer);                                                                          \
    L_OFF(T, NAME, Issuer);                                                                                \
    L_OFF(T, NAME, Label);                                                                                 \
    L_OFF(T, NAME, SerialNumber);                                                                          \
    L_OFF(T, NAME, HWVersion);                                                                             \
    L_OFF(T, NAME, FirmwareVersion);                                                                       \
    L_OFF(T, NAME, AlgSymCap);                                                                             \
    L_OFF(T, NAME, AlgAsymCap);                                                                            \
    L_OFF(T, NAME, AlgHashCap);                                                                            \
    L_OFF(T, NAME, DevAuthAlgId);                                                                          \
    L_OFF(T, NAME, TotalSpace);                                                                            \
    L_OFF(T, NAME, FreeSpace);                                                                             \
    L_OFF(T, NAME, MaxECCBufferSize);                                                                      \
    L_OFF(T, NAME, MaxBufferSize);                                                                         \
    L_OFF(T, NAME, Reserved)
    DEVINFO_FIELDS(DEVINFO, "DEVINFO");
    DEVINFO_FIELDS(DEVINFO_NATURAL, "DEVINFO_NATURAL");
    L_SIZE(ECCPUBLICKEYBLOB, "ECCPUBLICKEYBLOB");
    L_OFF(ECCPUBLICKEYBLOB, "ECCPUBLICKEYBLOB", BitLen);
    L_OFF(ECCPUBLICKEYBLOB, "ECCPUBLICKEYBLOB", XCoordinate);
    L_OFF(ECCPUBLICKEYBLOB, "ECCPUBLICKEYBLOB", YCoordinate);
    L_SIZE(ECCPRIVATEKEYBLOB, "ECCPRIVATEKEYBLOB");
    L_OFF(ECCPRIVATEKEYBLOB, "ECCPRIVATEKEYBLOB", BitLen);
    L_OFF(ECCPRIVATEKEYBLOB, "ECCPRIVATEKEYBLOB", PrivateKey);
    L_SIZE(ECCCIPHERBLOB, "ECCCIPHERBLOB");
    L_OFF(ECCCIPHERBLOB, "ECCCIPHERBLOB", XCoordinate);
    L_OFF(ECCCIPHERBLOB, "ECCCIPHERBLOB", YCoordinate);
    L_OFF(ECCCIPHERBLOB, "ECCCIPHERBLOB", HASH);
    L_OFF(ECCCIPHERBLOB, "ECCCIPHERBLOB", CipherLen);
    L_OFF(ECCCIPHERBLOB, "ECCCIPHERBLOB", Cipher);
    L_SIZE(ECCSIGNATUREBLOB, "ECCSIGNATUREBLOB");
    L_OFF(ECCSIGNATUREBLOB, "ECCSIGNATUREBLOB", r);
    L_OFF(ECCSIGNATUREBLOB, "ECCSIGNATUREBLOB", s);
    L_SIZE(BLOCKCIPHERPARAM, "BLOCKCIPHERPARAM");
    L_OFF(BLOCKCIPHERPARAM, "BLOCKCIPHERPARAM", IV);
    L_OFF(BLOCKCIPHERPARAM, "BLOCKCIPHERPARAM", IVLen);
    L_OFF(BLOCKCIPHERPARAM, "BLOCKCIPHERPARAM", PaddingType);
    L_OFF(BLOCKCIPHERPARAM, "BLOCKCIPHERPARAM", FeedBitLen);
    L_SIZE(ENVELOPEDKEYBLOB, "ENVELOPEDKEYBLOB");
    L_OFF(ENVELOPEDKEYBLOB, "ENVELOPEDKEYBLOB", Version);
    L_OFF(ENVELOPEDKEYBLOB, "ENVELOPEDKEYBLOB", ulSymmAlgID);
    L_OFF(ENVELOPEDKEYBLOB, "ENVELOPEDKEYBLOB", ulBits);
    L_OFF(ENVELOPEDKEYBLOB, "ENVELOPEDKEYBLOB", cbEncryptedPriKey);
    L_OFF(ENVELOPEDKEYBLOB, "ENVELOPEDKEYBLOB", PubKey);
    L_OFF(ENVELOPEDKEYBLOB, "ENVELOPEDKEYBLOB", ECCCipherBlob);
    L_SIZE(FILEATTRIBUTE, "FILEATTRIBUTE");
    L_OFF(FILEATTRIBUTE, "FILEATTRIBUTE", FileName);
    L_OFF(FILEATTRIBUTE, "FILEATTRIBUTE", FileSize);
    L_OFF(FILEATTRIBUTE, "FILEATTRIBUTE", ReadRights);
    L_OFF(FILEATTRIBUTE, "FILEATTRIBUTE", WriteRights);
    return n;
}

/* Plain two-call protocol (no quirks): *len includes the terminating NUL. */
SKF_EXPORT ULONG SoftUKEY_StructLayout(char *buf, ULONG *len)
{
    char text[8192];
    size_t n;
    if (!len) return SAR_INVALIDPARAMERR;
    n = layout_text(text, sizeof text) + 1;
    if (!buf) {
        *len = (ULONG)n;
        return SAR_OK;
    }
    if (*len < n) {
        *len = (ULONG)n;
        return SAR_BUFFER_TOO_SMALL;
    }
    memcpy(buf, text, n);
    *len = (ULONG)n;
    return SAR_OK;
}
