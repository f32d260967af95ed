/* store.c - the token file: a versioned binary image, atomic writes, flock.
 *
 * Layout: "SOFTUKEY" | u32 version | u32 payload length | payload | SM3(payload)
 * Integers are little-endian u32; byte strings are u32 length + bytes.
 * Secrets inside: the device auth key (like a hardware key's EEPROM), the DEK wrapped under the
 * PIN KEKs and private keys sealed under the DEK. */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

typedef struct {
    uint8_t *p;
    size_t n, cap;
    int err;
} wbuf_t;

static void w_bytes(wbuf_t *w, const void *d, size_t n)
{
    if (w->err) return;
    if (w->n + n > w->cap) {
        size_t nc = (w->cap + n) * 2 + 256;
        uint8_t *np = realloc(w->p, nc);
        if (!np) {
            w->err = 1;
            return;
        }
        w->p = np;
        w->cap = nc;
    }
    if (n) memcpy(w->p + w->n, d, n);
    w->n += n;
}

static void w_u32(wbuf_t *w, uint32_t v)
{
    uint8_t b[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)};
    w_bytes(w, b, 4);
}

static void w_blob(wbuf_t *w, const void *d, size_t n)
{
    w_u32(w, (uint32_t)n);
    w_bytes(w, d, n);
}

static void w_str(wbuf_t *w, const char *s) { w_blob(w, s, strlen(s)); }

typedef struct {
    const uint8_t *p;
    size_t n, off;
    int err;
} rbuf_t;

static uint32_t r_u32(rbuf_t *r)
{
    const uint8_t *b;
    if (r->err || r->n - r->off < 4) {
        r->err = 1;
        return 0;
    }
    b = r->p + r->off;
    r->off += 4;
    return (uint32_t)b[0] | ((uint32_t)b[1] << 8) | ((uint32_t)b[2] << 16) | ((uint32_t)b[3] << 24);
}

static void r_fixed(rbuf_t *r, void *out, size_t n)
{
    uint32_t l = r_u32(r);
    if (r->err || l != n || r->n - r->off < n) {
        r->err = 1;
        memset(out, 0, n);
        return;
    }
    memcpy(out, r->p + r->off, n);
    r->off += n;
}

static void r_str(rbuf_t *r, char *out, size_t cap)
{
    uint32_t l = r_u32(r);
    out[0] = 0;
    if (r->err || l >= cap || r->n - r->off < l) {
        r->err = 1;
        return;
    }
    memcpy(out, r->p + r->off, l);
    out[l] = 0;
    r->off += l;
}

static void r_blob(rbuf_t *r, blob_t *b)
{
    uint32_t l = r_u32(r);
    b->p = NULL;
    b->n = 0;
    if (r->err || r->n - r->off < l) {
        r->err = 1;
        return;
    }
    if (l) {
        b->p = malloc(l);
        if (!b->p) {
            r->err = 1;
            return;
        }
        memcpy(b->p, r->p + r->off, l);
        b->n = l;
    }
    r->off += l;
}

void blob_clear(blob_t *b)
{
    if (b->p) {
        wipe(b->p, b->n);
        free(b->p);
    }
    b->p = NULL;
    b->n = 0;
}

void blob_set(blob_t *b, const void *p, size_t n)
{
    blob_clear(b);
    if (n) {
        b->p = malloc(n);
        if (b->p) {
            memcpy(b->p, p, n);
            b->n = (uint32_t)n;
        }
    }
}

void cont_clear(cont_t *c)
{
    blob_clear(&c->sign_priv);
    blob_clear(&c->enc_priv);
    blob_clear(&c->sign_cert);
    blob_clear(&c->enc_cert);
    memset(c, 0, sizeof *c);
}

void app_clear(app_t *a)
{
    uint32_t i;
    for (i = 0; i < a->ncont; i++) cont_clear(&a->conts[i]);
    for (i = 0; i < a->nfiles; i++) blob_clear(&a->files[i].data);
    free(a->conts);
    free(a->files);
    wipe(a, sizeof *a);
}

void token_free(token_t *t)
{
    uint32_t i;
    for (i = 0; i < t->napps; i++) app_clear(&t->apps[i]);
    free(t->apps);
    wipe(t, sizeof *t);
}

static void ser(wbuf_t *w, const token_t *t)
{
    uint32_t i, j;
    w_blob(w, t->uid, 16);
    w_str(w, t->serial);
    w_str(w, t->label);
    w_str(w, t->manufacturer);
    w_str(w, t->issuer);
    w_blob(w, t->auth_key, 16);
    w_u32(w, t->napps);
    for (i = 0; i < t->napps; i++) {
        const app_t *a = &t->apps[i];
        w_str(w, a->name);
        w_u32(w, a->admin_max);
        w_u32(w, a->admin_remain);
        w_u32(w, a->user_max);
        w_u32(w, a->user_remain);
        w_u32(w, a->admin_default);
        w_u32(w, a->user_default);
        w_u32(w, a->file_rights);
        w_u32(w, a->iter);
        w_blob(w, a->admin_salt, 16);
        w_blob(w, a->user_salt, 16);
        w_blob(w, a->admin_wrap, WRAP_LEN);
        w_blob(w, a->user_wrap, WRAP_LEN);
        w_u32(w, a->ncont);
        for (j = 0; j < a->ncont; j++) {
            const cont_t *c = &a->conts[j];
            w_str(w, c->name);
            w_u32(w, c->has_sign);
            w_u32(w, c->has_enc);
            w_blob(w, c->sign_pub, 64);
            w_blob(w, c->enc_pub, 64);
            w_blob(w, c->sign_priv.p, c->sign_priv.n);
            w_blob(w, c->enc_priv.p, c->enc_priv.n);
            w_blob(w, c->sign_cert.p, c->sign_cert.n);
            w_blob(w, c->enc_cert.p, c->enc_cert.n);
        }
        w_u32(w, a->nfiles);
        for (j = 0; j < a->nfiles; j++) {
            const file_t *f = &a->files[j];
            w_str(w, f->name);
            w_u32(w, f->read_rights);
            w_u32(w, f->write_rights);
            w_blob(w, f->data.p, f->data.n);
        }
    }
}

static int deser(rbuf_t *r, token_t *t)
{
    uint32_t i, j;
    memset(t, 0, sizeof *t);
    r_fixed(r, t->uid, 16);
    r_str(r, t->serial, sizeof t->serial);
    r_str(r, t->label, sizeof t->label);
    r_str(r, t->manufacturer, sizeof t->manufacturer);
    r_str(r, t->issuer, sizeof t->issuer);
    r_fixed(r, t->auth_key, 16);
    t->napps = r_u32(r);
    if (r->err || t->napps > MAX_APPS) return -1;
    t->apps = calloc(t->napps ? t->napps : 1, sizeof(app_t));
    if (!t->apps) return -1;
    for (i = 0; i < t->napps && !r->err; i++) {
        app_t *a = &t->apps[i];
        r_str(r, a->name, sizeof a->name);
        a->admin_max = r_u32(r);
        a->admin_remain = r_u32(r);
        a->user_max = r_u32(r);
        a->user_remain = r_u32(r);
        a->admin_default = r_u32(r);
        a->user_default = r_u32(r);
        a->file_rights = r_u32(r);
        a->iter = r_u32(r);
        r_fixed(r, a->admin_salt, 16);
        r_fixed(r, a->user_salt, 16);
        r_fixed(r, a->admin_wrap, WRAP_LEN);
        r_fixed(r, a->user_wrap, WRAP_LEN);
        a->ncont = r_u32(r);
        if (r->err || a->ncont > MAX_CONTAINERS) return -1;
        a->conts = calloc(a->ncont ? a->ncont : 1, sizeof(cont_t));
        if (!a->conts) return -1;
        for (j = 0; j < a->ncont && !r->err; j++) {
            cont_t *c = &a->conts[j];
            r_str(r, c->name, sizeof c->name);
            c->has_sign = r_u32(r);
            c->has_enc = r_u32(r);
            r_fixed(r, c->sign_pub, 64);
            r_fixed(r, c->enc_pub, 64);
            r_blob(r, &c->sign_priv);
            r_blob(r, &c->enc_priv);
            r_blob(r, &c->sign_cert);
            r_blob(r, &c->enc_cert);
        }
        a->nfiles = r_u32(r);
        if (r->err || a->nfiles > MAX_FILES) return -1;
        a->files = calloc(a->nfiles ? a->nfiles : 1, sizeof(file_t));
        if (!a->files) return -1;
        for (j = 0; j < a->nfiles && !r->err; j++) {
            file_t *f = &a->files[j];
            r_str(r, f->name, sizeof f->name);
            f->read_rights = r_u32(r);
            f->write_rights = r_u32(r);
            r_blob(r, &f->data);
        }
    }
    return r->err || r->off != r->n ? -1 : 0;
}

size_t token_file_size(const token_t *t)
{
    wbuf_t w = {0};
    size_t n;
    ser(&w, t);
    n = w.n + 8 + 8 + 32;
    if (w.p) {
        wipe(w.p, w.cap);
        free(w.p);
    }
    return n;
}

int token_read_file(const char *path, token_t *t)
{
    FILE *f = fopen(path, "rb");
    uint8_t *buf = NULL, sum[32];
    long sz;
    int rc = -2;
    rbuf_t r;
    uint32_t ver, plen;
    memset(t, 0, sizeof *t);
    if (!f) return errno == ENOENT ? -1 : -2;
    if (fseek(f, 0, SEEK_END) || (sz = ftell(f)) < 48 || sz > 64L * 1024 * 1024 || fseek(f, 0, SEEK_SET)) goto done;
    buf = malloc((size_t)sz);
    if (!buf || fread(buf, 1, (size_t)sz, f) != (size_t)sz) goto done;
    if (memcmp(buf, TOKEN_MAGIC, 8) != 0) goto done;
    r.p = buf + 8;
    r.n = 8;
    r.off = 0;
    r.err = 0;
    ver = r_u32(&r);
    plen = r_u32(&r);
    if (ver != TOKEN_VERSION || (size_t)plen + 16 + 32 != (size_t)sz) goto done;
    if (sm3_hash(buf + 16, plen, sum) || memcmp(sum, buf + 16 + plen, 32) != 0) goto done;
    r.p = buf + 16;
    r.n = plen;
    r.off = 0;
    r.err = 0;
    if (deser(&r, t) != 0) {
        token_free(t);
        goto done;
    }
    rc = 0;
done:
    if (buf) {
        wipe(buf, (size_t)sz);
        free(buf);
    }
    fclose(f);
    return rc;
}

static int fsync_dir_of(const char *path)
{
    char tmp[4096];
    int fd;
    snprintf(tmp, sizeof tmp, "%s", path);
    fd = open(dirname(tmp), O_RDONLY | O_DIRECTORY);
    if (fd < 0) return -1;
    fsync(fd);
    close(fd);
    return 0;
}

int token_write_file(const char *path, const token_t *t, int exclusive)
{
    wbuf_t w = {0};
    char tmp[4200];
    uint8_t sum[32];
    int fd, rc = -1;
    size_t off = 0;
    w_bytes(&w, TOKEN_MAGIC, 8);
    w_u32(&w, TOKEN_VERSION);
    w_u32(&w, 0);
    ser(&w, t);
    if (w.err) goto out;
    {
        uint32_t plen = (uint32_t)(w.n - 16);
        uint8_t b[4] = {(uint8_t)plen, (uint8_t)(plen >> 8), (uint8_t)(plen >> 16), (uint8_t)(plen >> 24)};
        memcpy(w.p + 12, b, 4);
        if (sm3_hash(w.p + 16, plen, sum)) goto out;
        w_bytes(&w, sum, 32);
        if (w.err) goto out;
    }
    snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid());
    fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) goto out;
    while (off < w.n) {
        ssize_t k = write(fd, w.p + off, w.n - off);
        if (k <= 0) {
            if (k < 0 && errno == EINTR) continue;
            close(fd);
            unlink(tmp);
            goto out;
        }
        off += (size_t)k;
    }
    if (fsync(fd) != 0) {
        close(fd);
        unlink(tmp);
        goto out;
    }
    close(fd);
    if (exclusive) {
        if (link(tmp, path) != 0) {
            int e = errno;
            struct stat st;
            if (e == EEXIST) {
                unlink(tmp);
                rc = 1;
                goto out;
            }
            /* file systems without hard links: check, then rename (not atomic against a racer) */
            if (stat(path, &st) == 0) {
                unlink(tmp);
                rc = 1;
                goto out;
            }
            if (rename(tmp, path) != 0) {
                unlink(tmp);
                goto out;
            }
        } else {
            unlink(tmp);
        }
    } else if (rename(tmp, path) != 0) {
        unlink(tmp);
        goto out;
    }
    fsync_dir_of(path);
    rc = 0;
out:
    if (w.p) {
        wipe(w.p, w.cap);
        free(w.p);
    }
    return rc;
}

int lock_file(const char *lockpath, int exclusive)
{
    int fd = open(lockpath, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) return -1;
    while (flock(fd, exclusive ? LOCK_EX : LOCK_SH) != 0) {
        if (errno != EINTR) {
            close(fd);
            return -1;
        }
    }
    return fd;
}

void unlock_file(int fd)
{
    if (fd >= 0) {
        flock(fd, LOCK_UN);
        close(fd);
    }
}

app_t *token_find_app(token_t *t, const char *name)
{
    uint32_t i;
    for (i = 0; i < t->napps; i++)
        if (strcmp(t->apps[i].name, name) == 0) return &t->apps[i];
    return NULL;
}

cont_t *app_find_cont(app_t *a, const char *name)
{
    uint32_t i;
    for (i = 0; i < a->ncont; i++)
        if (strcmp(a->conts[i].name, name) == 0) return &a->conts[i];
    return NULL;
}

file_t *app_find_file(app_t *a, const char *name)
{
    uint32_t i;
    for (i = 0; i < a->nfiles; i++)
        if (strcmp(a->files[i].name, name) == 0) return &a->files[i];
    return NULL;
}

void token_path(const char *name, char *path, size_t n, const char *ext)
{
    snprintf(path, n, "%s/%s%s", cfg_dir(), name, ext);
}

int valid_dev_name(const char *name)
{
    size_t l = strlen(name);
    if (l == 0 || l > 200 || name[0] == '.') return 0;
    if (strchr(name, '/')) return 0;
    return 1;
}
