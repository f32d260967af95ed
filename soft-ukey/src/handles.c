/* handles.c - the handle table (small integers, never pointers) and device presence checks. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

#define MAX_HANDLES 1024
#define HANDLE_BASE 0x1000u

static hent_t g_tab[MAX_HANDLES];
static uint32_t g_next = 1;

hent_t *h_new(enum hkind kind, uint32_t parent)
{
    int i;
    for (i = 0; i < MAX_HANDLES; i++) {
        if (g_tab[i].kind == H_FREE) {
            hent_t *h = &g_tab[i];
            memset(h, 0, sizeof *h);
            h->kind = kind;
            h->parent = parent;
            /* ids grow monotonically so that a stale handle never aliases a new one */
            h->id = HANDLE_BASE + g_next++;
            if (g_next > 0x0FFFFFFF) g_next = 1;
            if (kind == H_DEV) h->u.dev.lock_fd = -1;
            if (kind == H_APP) h->u.app.login = -1;
            return h;
        }
    }
    return NULL;
}

static hent_t *find_id(uint32_t id)
{
    int i;
    if (id <= HANDLE_BASE) return NULL;
    for (i = 0; i < MAX_HANDLES; i++)
        if (g_tab[i].kind != H_FREE && g_tab[i].id == id) return &g_tab[i];
    return NULL;
}

HANDLE h_value(const hent_t *h) { return (HANDLE)(uintptr_t)h->id; }

hent_t *h_get(HANDLE hv, enum hkind kind)
{
    uintptr_t v = (uintptr_t)hv;
    hent_t *h;
    if (v > 0xFFFFFFFFu) return NULL;
    h = find_id((uint32_t)v);
    if (!h || h->kind != kind) return NULL;
    return h;
}

void h_free(hent_t *h)
{
    int i;
    if (!h || h->kind == H_FREE) return;
    for (i = 0; i < MAX_HANDLES; i++)
        if (g_tab[i].kind != H_FREE && g_tab[i].parent == h->id && &g_tab[i] != h) h_free(&g_tab[i]);
    switch (h->kind) {
    case H_DEV:
        if (h->u.dev.lock_fd >= 0) unlock_file(h->u.dev.lock_fd);
        break;
    case H_KEY:
        if (h->u.key.ctx) EVP_CIPHER_CTX_free(h->u.key.ctx);
        break;
    case H_HASH:
        if (h->u.hash.ctx) EVP_MD_CTX_free(h->u.hash.ctx);
        break;
    default:
        break;
    }
    wipe(h, sizeof *h);
    h->kind = H_FREE;
}

ULONG dev_check(hent_t *d)
{
    struct stat st;
    if (d->u.dev.removed) return SAR_DEVICE_REMOVED;
    if (stat(d->u.dev.path, &st) != 0) {
        d->u.dev.removed = 1;
        return SAR_DEVICE_REMOVED;
    }
    if (st.st_ino != d->u.dev.st_ino || st.st_dev != d->u.dev.st_dev) {
        /* rewritten (rename) by us or another process, or replaced by another token */
        token_t t;
        int fd = lock_file(d->u.dev.lockpath, 0);
        int r = token_read_file(d->u.dev.path, &t);
        if (r == 0 && stat(d->u.dev.path, &st) != 0) r = -1;
        unlock_file(fd);
        if (r == -1 || (r == 0 && memcmp(t.uid, d->u.dev.uid, 16) != 0)) {
            if (r == 0) token_free(&t);
            d->u.dev.removed = 1;
            return SAR_DEVICE_REMOVED;
        }
        if (r != 0) return SAR_FILEERR;
        token_free(&t);
        d->u.dev.st_ino = st.st_ino;
        d->u.dev.st_dev = st.st_dev;
    }
    return SAR_OK;
}

void h_after_write(hent_t *d)
{
    struct stat st;
    if (stat(d->u.dev.path, &st) == 0) {
        d->u.dev.st_ino = st.st_ino;
        d->u.dev.st_dev = st.st_dev;
    }
}

ULONG get_dev(HANDLE hv, hent_t **dev)
{
    hent_t *d = h_get(hv, H_DEV);
    if (!d) return SAR_INVALIDHANDLEERR;
    *dev = d;
    return dev_check(d);
}

ULONG get_app(HANDLE hv, hent_t **app, hent_t **dev)
{
    hent_t *a = h_get(hv, H_APP), *d;
    if (!a) return SAR_INVALIDHANDLEERR;
    d = find_id(a->parent);
    if (!d || d->kind != H_DEV) return SAR_INVALIDHANDLEERR;
    *app = a;
    *dev = d;
    return dev_check(d);
}

ULONG get_con(HANDLE hv, hent_t **con, hent_t **app, hent_t **dev)
{
    hent_t *c = h_get(hv, H_CON), *a, *d;
    if (!c) return SAR_INVALIDHANDLEERR;
    a = find_id(c->parent);
    if (!a || a->kind != H_APP) return SAR_INVALIDHANDLEERR;
    d = find_id(a->parent);
    if (!d || d->kind != H_DEV) return SAR_INVALIDHANDLEERR;
    *con = c;
    *app = a;
    *dev = d;
    return dev_check(d);
}

ULONG get_child(HANDLE hv, enum hkind kind, hent_t **ent)
{
    hent_t *e = h_get(hv, kind), *p;
    if (!e) return SAR_INVALIDHANDLEERR;
    p = find_id(e->parent);
    while (p && p->kind != H_DEV) p = find_id(p->parent);
    if (!p) return SAR_INVALIDHANDLEERR;
    *ent = e;
    return dev_check(p);
}

void h_logout_app_everywhere(const hent_t *dev, const char *appname)
{
    int i;
    for (i = 0; i < MAX_HANDLES; i++) {
        hent_t *a = &g_tab[i];
        if (a->kind == H_APP && strcmp(a->u.app.name, appname) == 0) {
            hent_t *d = find_id(a->parent);
            if (d && strcmp(d->u.dev.path, dev->u.dev.path) == 0) {
                a->u.app.login = -1;
                wipe(a->u.app.dek, 16);
            }
        }
    }
}

ULONG tx_begin(hent_t *dev, tx_t *tx, int exclusive)
{
    int r;
    memset(tx, 0, sizeof *tx);
    tx->lockfd = lock_file(dev->u.dev.lockpath, exclusive);
    if (tx->lockfd < 0) return SAR_FILEERR;
    r = token_read_file(dev->u.dev.path, &tx->t);
    if (r == 0 && memcmp(tx->t.uid, dev->u.dev.uid, 16) != 0) {
        token_free(&tx->t);
        r = -1;
    }
    if (r != 0) {
        unlock_file(tx->lockfd);
        tx->lockfd = -1;
        if (r == -1) {
            dev->u.dev.removed = 1;
            return SAR_DEVICE_REMOVED;
        }
        return SAR_FILEERR;
    }
    return SAR_OK;
}

ULONG tx_commit(hent_t *dev, tx_t *tx)
{
    struct stat st;
    if (stat(dev->u.dev.path, &st) != 0) {
        dev->u.dev.removed = 1;
        return SAR_DEVICE_REMOVED;
    }
    if (token_write_file(dev->u.dev.path, &tx->t, 0) != 0) return SAR_WRITEFILEERR;
    h_after_write(dev);
    return SAR_OK;
}

void tx_end(tx_t *tx)
{
    token_free(&tx->t);
    unlock_file(tx->lockfd);
    tx->lockfd = -1;
}
