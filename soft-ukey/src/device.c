/* device.c - devices = token files: enumeration, connect, events, info, lock, random, DevAuth. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "internal.h"

/* ------------------------------------------------------------------ token directory listing */
typedef struct {
    char **v;
    size_t n;
} names_t;

static void names_free(names_t *l)
{
    size_t i;
    for (i = 0; i < l->n; i++) free(l->v[i]);
    free(l->v);
    l->v = NULL;
    l->n = 0;
}

static int cmpstr(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static int names_has(const names_t *l, const char *s)
{
    size_t i;
    for (i = 0; i < l->n; i++)
        if (strcmp(l->v[i], s) == 0) return 1;
    return 0;
}

static int names_add(names_t *l, const char *s)
{
    char **nv = realloc(l->v, (l->n + 1) * sizeof(char *));
    if (!nv) return -1;
    l->v = nv;
    l->v[l->n] = strdup(s);
    if (!l->v[l->n]) return -1;
    l->n++;
    return 0;
}

static void names_del(names_t *l, const char *s)
{
    size_t i;
    for (i = 0; i < l->n; i++)
        if (strcmp(l->v[i], s) == 0) {
            free(l->v[i]);
            memmove(&l->v[i], &l->v[i + 1], (l->n - i - 1) * sizeof(char *));
            l->n--;
            return;
        }
}

static void list_tokens(names_t *out)
{
    DIR *d = opendir(cfg_dir());
    struct dirent *e;
    out->v = NULL;
    out->n = 0;
    if (!d) return;
    while ((e = readdir(d)) != NULL) {
        size_t l = strlen(e->d_name);
        char nm[256];
        if (l <= 6 || strcmp(e->d_name + l - 6, ".token") != 0 || l - 6 >= sizeof nm) continue;
        memcpy(nm, e->d_name, l - 6);
        nm[l - 6] = 0;
        if (!valid_dev_name(nm)) continue;
        names_add(out, nm);
    }
    closedir(d);
    if (out->n > 1) qsort(out->v, out->n, sizeof(char *), cmpstr);
}

SKF_EXPORT ULONG DEVAPI SKF_EnumDev(BOOL bPresent, LPSTR szNameList, ULONG *pulSize)
{
    names_t l;
    char *list = NULL;
    size_t len = 0;
    ULONG rc;
    (void)bPresent; /* every supported device is a present token file */
    ENTER();
    if (!pulSize) LEAVE(SAR_INVALIDPARAMERR);
    list_tokens(&l);
    rc = name_list_out((const char *const *)l.v, l.n, &list, &len);
    names_free(&l);
    if (rc) LEAVE(rc);
    rc = out_put(list, len, szNameList, pulSize);
    free(list);
    LEAVE(rc);
}

SKF_EXPORT ULONG DEVAPI SKF_GetDevState(LPSTR szDevName, ULONG *pulDevState)
{
    char name[256], path[4096];
    struct stat st;
    ULONG rc;
    ENTER();
    if (!szDevName || !pulDevState) LEAVE(SAR_INVALIDPARAMERR);
    rc = name_in(szDevName, name, sizeof name);
    if (rc) LEAVE(rc);
    if (!valid_dev_name(name)) {
        put_ulong(pulDevState, DEV_ABSENT_STATE);
        LEAVE(SAR_OK);
    }
    token_path(name, path, sizeof path, ".token");
    put_ulong(pulDevState, stat(path, &st) == 0 ? DEV_PRESENT_STATE : DEV_ABSENT_STATE);
    LEAVE(SAR_OK);
}

SKF_EXPORT ULONG DEVAPI SKF_ConnectDev(LPSTR szName, DEVHANDLE *phDev)
{
    char name[256];
    hent_t *h;
    token_t t;
    struct stat st;
    int fd, r;
    ULONG rc;
    ENTER();
    if (!szName || !phDev) LEAVE(SAR_INVALIDPARAMERR);
    rc = name_in(szName, name, sizeof name);
    if (rc) LEAVE(rc);
    if (!valid_dev_name(name)) LEAVE(SAR_INVALIDPARAMERR);
    h = h_new(H_DEV, 0);
    if (!h) LEAVE(SAR_MEMORYERR);
    snprintf(h->u.dev.name, sizeof h->u.dev.name, "%s", name);
    token_path(name, h->u.dev.path, sizeof h->u.dev.path, ".token");
    token_path(name, h->u.dev.lockpath, sizeof h->u.dev.lockpath, ".lock");
    if (stat(h->u.dev.path, &st) != 0) {
        h_free(h);
        LEAVE(SAR_DEVICE_REMOVED);
    }
    fd = lock_file(h->u.dev.lockpath, 0);
    r = token_read_file(h->u.dev.path, &t);
    if (r == 0 && stat(h->u.dev.path, &st) != 0) r = -1;
    unlock_file(fd);
    if (r != 0) {
        if (r == 0) token_free(&t);
        h_free(h);
        LEAVE(r == -1 ? SAR_DEVICE_REMOVED : SAR_FILEERR);
    }
    memcpy(h->u.dev.uid, t.uid, 16);
    h->u.dev.st_ino = st.st_ino;
    h->u.dev.st_dev = st.st_dev;
    token_free(&t);
    *phDev = h_value(h);
    LEAVE(SAR_OK);
}

SKF_EXPORT ULONG DEVAPI SKF_DisConnectDev(DEVHANDLE hDev)
{
    hent_t *d;
    ENTER();
    d = h_get(hDev, H_DEV);
    if (!d) LEAVE(SAR_INVALIDHANDLEERR);
    h_free(d); /* also unlocks and closes every child handle */
    LEAVE(SAR_OK);
}

SKF_EXPORT ULONG DEVAPI SKF_SetLabel(DEVHANDLE hDev, LPSTR szLabel)
{
    hent_t *d;
    tx_t tx;
    ULONG rc;
    ENTER();
    if ((rc = get_dev(hDev, &d))) LEAVE(rc);
    if (!szLabel || strlen(szLabel) >= 32) LEAVE(SAR_INVALIDPARAMERR);
    if ((rc = tx_begin(d, &tx, 1))) LEAVE(rc);
    memset(tx.t.label, 0, sizeof tx.t.label);
    memcpy(tx.t.label, szLabel, strlen(szLabel));
    rc = tx_commit(d, &tx);
    tx_end(&tx);
    LEAVE(rc);
}

#define FILL_DEVINFO(p, t, used)                                                                           \
    do {                                                                                                   \
        memset((p), 0, sizeof *(p));                                                                       \
        (p)->Version.major = 1;                                                                            \
        (p)->Version.minor = 0;                                                                            \
        memcpy((p)->Manufacturer, (t)->manufacturer, strnlen((t)->manufacturer, 63));                      \
        memcpy((p)->Issuer, (t)->issuer, strnlen((t)->issuer, 63));                                        \
        memcpy((p)->Label, (t)->label, strnlen((t)->label, 31));                                           \
        memcpy((p)->SerialNumber, (t)->serial, strnlen((t)->serial, 31));                                  \
        (p)->HWVersion.major = 1;                                                                          \
        (p)->FirmwareVersion.major = 1;                                                                    \
        (p)->AlgSymCap = SGD_SM4_ECB | SGD_SM4_CBC | SGD_SM4_MAC;                                          \
        (p)->AlgAsymCap = quirk(Q_SM2_STD_ONLY) ? (SGD_SM2_1 | SGD_SM2_3) : (SGD_SM2_1_VENDOR | SGD_SM2_1 | SGD_SM2_3); \
        (p)->AlgHashCap = SGD_SM3;                                                                         \
        (p)->DevAuthAlgId = SGD_SM4_ECB;                                                                   \
        (p)->TotalSpace = TOTAL_SPACE;                                                                     \
        (p)->FreeSpace = (used) >= TOTAL_SPACE ? 0 : (ULONG)(TOTAL_SPACE - (used));                        \
        (p)->MaxECCBufferSize = 1024;                                                                      \
        (p)->MaxBufferSize = 1024 * 1024;                                                                  \
    } while (0)

SKF_EXPORT ULONG DEVAPI SKF_GetDevInfo(DEVHANDLE hDev, DEVINFO *pDevInfo)
{
    hent_t *d;
    tx_t tx;
    size_t used;
    ULONG rc;
    ENTER();
    if ((rc = get_dev(hDev, &d))) LEAVE(rc);
    if (!pDevInfo) LEAVE(SAR_INVALIDPARAMERR);
    if ((rc = tx_begin(d, &tx, 0))) LEAVE(rc);
    used = token_file_size(&tx.t);
    if (quirk(Q_DEVINFO_NATURAL)) {
        DEVINFO_NATURAL n;
        FILL_DEVINFO(&n, &tx.t, used);
        memcpy(pDevInfo, &n, sizeof n);
    } else {
        DEVINFO p;
        FILL_DEVINFO(&p, &tx.t, used);
        memcpy(pDevInfo, &p, sizeof p);
    }
    tx_end(&tx);
    LEAVE(SAR_OK);
}

/* LockDev: an flock on NAME.devlock held by this handle (excludes other handles of this process
 * too, since every handle opens its own file description). */
SKF_EXPORT ULONG DEVAPI SKF_LockDev(DEVHANDLE hDev, ULONG ulTimeOut)
{
    hent_t *d;
    char path[4096];
    int fd;
    ULONG rc;
    struct timespec t0, now;
    ENTER();
    if ((rc = get_dev(hDev, &d))) LEAVE(rc);
    if (d->u.dev.lock_fd >= 0) LEAVE(SAR_OK);
    token_path(d->u.dev.name, path, sizeof path, ".devlock");
    fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) LEAVE(SAR_FILEERR);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (;;) {
        if (flock(fd, LOCK_EX | LOCK_NB) == 0) break;
        if (errno != EWOULDBLOCK && errno != EINTR) {
            close(fd);
            LEAVE(SAR_FILEERR);
        }
        clock_gettime(CLOCK_MONOTONIC, &now);
        if (ulTimeOut != 0xFFFFFFFFu &&
            (uint64_t)(now.tv_sec - t0.tv_sec) * 1000 + (uint64_t)((now.tv_nsec - t0.tv_nsec) / 1000000) >=
                ulTimeOut) {
            close(fd);
            LEAVE(SAR_TIMEOUTERR);
        }
        pthread_mutex_unlock(&g_lock);
        usleep(10000);
        pthread_mutex_lock(&g_lock);
        if ((rc = get_dev(hDev, &d))) {
            close(fd);
            LEAVE(rc);
        }
        if (d->u.dev.lock_fd >= 0) { /* locked meanwhile through the same handle */
            close(fd);
            LEAVE(SAR_OK);
        }
    }
    d->u.dev.lock_fd = fd;
    LEAVE(SAR_OK);
}

SKF_EXPORT ULONG DEVAPI SKF_UnlockDev(DEVHANDLE hDev)
{
    hent_t *d;
    ULONG rc;
    ENTER();
    if ((rc = get_dev(hDev, &d))) LEAVE(rc);
    if (d->u.dev.lock_fd >= 0) {
        unlock_file(d->u.dev.lock_fd);
        d->u.dev.lock_fd = -1;
    }
    LEAVE(SAR_OK);
}

SKF_EXPORT ULONG DEVAPI SKF_GenRandom(DEVHANDLE hDev, BYTE *pbRandom, ULONG ulRandomLen)
{
    hent_t *d;
    ULONG rc;
    ENTER();
    if ((rc = get_dev(hDev, &d))) LEAVE(rc);
    if (!pbRandom || ulRandomLen == 0 || ulRandomLen > 1024 * 1024) LEAVE(SAR_INVALIDPARAMERR);
    if (rand_bytes(pbRandom, ulRandomLen)) LEAVE(SAR_GENRANDERR);
    /* the DevAuth challenge: 8 bytes padded with zeros to 16, or the first 16 */
    memset(d->u.dev.rnd, 0, 16);
    memcpy(d->u.dev.rnd, pbRandom, ulRandomLen < 16 ? ulRandomLen : 16);
    d->u.dev.rnd_valid = 1;
    LEAVE(SAR_OK);
}

SKF_EXPORT ULONG DEVAPI SKF_DevAuth(DEVHANDLE hDev, BYTE *pbAuthData, ULONG ulLen)
{
    hent_t *d;
    tx_t tx;
    uint8_t expect[16];
    int ok;
    ULONG rc;
    ENTER();
    if ((rc = get_dev(hDev, &d))) LEAVE(rc);
    if (!pbAuthData) LEAVE(SAR_INVALIDPARAMERR);
    if (!d->u.dev.rnd_valid) LEAVE(SAR_FAIL); /* no challenge (GenRandom) first */
    if ((rc = tx_begin(d, &tx, 0))) LEAVE(rc);
    ok = sm4_ecb(1, tx.t.auth_key, d->u.dev.rnd, 16, expect) == 0 && ulLen == 16 &&
         CRYPTO_memcmp(expect, pbAuthData, 16) == 0;
    tx_end(&tx);
    wipe(expect, sizeof expect);
    d->u.dev.rnd_valid = 0; /* a challenge is good for one attempt */
    d->u.dev.authed = ok;
    LEAVE(ok ? SAR_OK : SAR_FAIL);
}

SKF_EXPORT ULONG DEVAPI SKF_ChangeDevAuthKey(DEVHANDLE hDev, BYTE *pbKeyValue, ULONG ulKeyLen)
{
    hent_t *d;
    tx_t tx;
    ULONG rc;
    ENTER();
    if ((rc = get_dev(hDev, &d))) LEAVE(rc);
    if (!d->u.dev.authed) LEAVE(SAR_USER_NOT_LOGGED_IN);
    if (!pbKeyValue || ulKeyLen != 16) LEAVE(SAR_INVALIDPARAMERR);
    if ((rc = tx_begin(d, &tx, 1))) LEAVE(rc);
    memcpy(tx.t.auth_key, pbKeyValue, 16);
    rc = tx_commit(d, &tx);
    tx_end(&tx);
    LEAVE(rc);
}

SKF_EXPORT ULONG DEVAPI SKF_Transmit(DEVHANDLE hDev, BYTE *pbCommand, ULONG ulCommandLen, BYTE *pbData,
                                     ULONG *pulDataLen)
{
    (void)hDev; (void)pbCommand; (void)ulCommandLen; (void)pbData; (void)pulDataLen;
    return SAR_NOTSUPPORTYETERR;
}

/* ------------------------------------------------------------------ device events */
static pthread_mutex_t w_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t w_cv = PTHREAD_COND_INITIALIZER;
static names_t w_snap;           /* devices known to the waiters; kept across calls */
static int w_snap_init;
static unsigned w_gen;           /* bumped by Cancel */
static int w_waiting;
static struct timespec w_pending_until; /* a Cancel with no waiter cancels a wait starting within 1 s */

static int ts_before(const struct timespec *a, const struct timespec *b)
{
    return a->tv_sec < b->tv_sec || (a->tv_sec == b->tv_sec && a->tv_nsec < b->tv_nsec);
}

static ULONG give_name(const char *utf8, LPSTR buf, ULONG *plen)
{
    char wire[600];
    size_t l = 0;
    ULONG rc = name_out(utf8, wire, sizeof wire, &l);
    if (rc) return rc;
    return out_put(wire, l + 1, buf, plen);
}

SKF_EXPORT ULONG DEVAPI SKF_WaitForDevEvent(LPSTR szDevName, ULONG *pulDevNameLen, ULONG *pulEvent)
{
    unsigned gen;
    ULONG rc = SAR_OK;
    struct timespec now;
    cfg_init();
    if (quirk(Q_WAIT_UNSUPPORTED)) return SAR_NOTSUPPORTYETERR;
    if (!pulDevNameLen || !pulEvent) return SAR_INVALIDPARAMERR;
    if (quirk(Q_WAIT_IMMEDIATE)) {
        names_t l;
        list_tokens(&l);
        put_ulong(pulEvent, 1);
        rc = give_name(l.n ? l.v[0] : "", szDevName, pulDevNameLen);
        names_free(&l);
        return rc;
    }
    pthread_mutex_lock(&w_mu);
    clock_gettime(CLOCK_MONOTONIC, &now);
    if (ts_before(&now, &w_pending_until)) {
        w_pending_until.tv_sec = 0;
        w_pending_until.tv_nsec = 0;
        goto cancelled;
    }
    gen = w_gen;
    w_waiting++;
    if (!w_snap_init) {
        list_tokens(&w_snap);
        w_snap_init = 1;
    }
    for (;;) {
        names_t cur;
        size_t i;
        const char *ins = NULL, *rem = NULL;
        struct timespec dl;
        list_tokens(&cur);
        for (i = 0; i < cur.n && !ins; i++)
            if (!names_has(&w_snap, cur.v[i])) ins = cur.v[i];
        for (i = 0; i < w_snap.n && !ins && !rem; i++)
            if (!names_has(&cur, w_snap.v[i])) rem = w_snap.v[i];
        if (ins || rem) {
            char name[256];
            snprintf(name, sizeof name, "%s", ins ? ins : rem);
            names_free(&cur);
            rc = give_name(name, szDevName, pulDevNameLen);
            if (rc == SAR_OK && szDevName) { /* event delivered: advance the snapshot */
                if (ins) names_add(&w_snap, name);
                else names_del(&w_snap, name);
                put_ulong(pulEvent, ins ? 1 : 2);
            } else if (rc == SAR_OK) {
                put_ulong(pulEvent, ins ? 1 : 2); /* size query: the event stays pending */
            }
            w_waiting--;
            pthread_mutex_unlock(&w_mu);
            return rc;
        }
        names_free(&cur);
        clock_gettime(CLOCK_REALTIME, &dl);
        dl.tv_nsec += 200 * 1000000L;
        if (dl.tv_nsec >= 1000000000L) {
            dl.tv_sec++;
            dl.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&w_cv, &w_mu, &dl);
        if (w_gen != gen) break;
    }
    w_waiting--;
cancelled:
    pthread_mutex_unlock(&w_mu);
    /* a cancelled wait: SAR_OK, event 0, empty name */
    put_ulong(pulEvent, 0);
    put_ulong(pulDevNameLen, 0);
    if (szDevName) szDevName[0] = 0;
    return SAR_OK;
}

SKF_EXPORT ULONG DEVAPI SKF_CancelWaitForDevEvent(void)
{
    cfg_init();
    if (quirk(Q_WAIT_NOCANCEL)) return SAR_NOTSUPPORTYETERR;
    pthread_mutex_lock(&w_mu);
    if (w_waiting > 0) {
        w_gen++;
        pthread_cond_broadcast(&w_cv);
    } else {
        clock_gettime(CLOCK_MONOTONIC, &w_pending_until);
        w_pending_until.tv_sec += 1;
    }
    pthread_mutex_unlock(&w_mu);
    return SAR_OK;
}
