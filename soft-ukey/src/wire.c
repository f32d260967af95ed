/* wire.c - what goes over the API boundary: ULONG/BOOL writes, the size protocol, coordinate
 * alignment and name encodings, each with its quirk switches in one place. */
#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

void put_ulong(ULONG *p, uint32_t v)
{
    if (!p) return;
    if (quirk(Q_BOOL8)) {
        uint64_t w = v;
        memcpy(p, &w, 8);
    } else {
        *p = v;
    }
}

void put_bool(BOOL *p, int v)
{
    if (!p) return;
    if (quirk(Q_BOOL8)) {
        int64_t w = v ? 1 : 0;
        memcpy(p, &w, 8);
    } else {
        *p = v ? TRUE : FALSE;
    }
}

static ULONG small_code(void)
{
    if (quirk(Q_SMALL_INDATALEN)) return SAR_INDATALENERR;
    if (quirk(Q_SMALL_INDATAERR)) return SAR_INDATAERR;
    return SAR_BUFFER_TOO_SMALL;
}

static ULONG size_answer(size_t need, ULONG *plen)
{
    if (quirk(Q_SIZE_NULL_REJECTED)) return SAR_INVALIDPARAMERR;
    if (quirk(Q_SIZE_QUERY_LOW))
        put_ulong(plen, (uint32_t)((need + 1) / 2));
    else
        put_ulong(plen, (uint32_t)need);
    return SAR_OK;
}

ULONG out_put(const void *data, size_t need, void *buf, ULONG *plen)
{
    if (!plen) return SAR_INVALIDPARAMERR;
    if (!buf) return size_answer(need, plen);
    if (*plen < need) {
        if (quirk(Q_SMALL_TRUNCATE)) {
            memcpy(buf, data, *plen);
            put_ulong(plen, *plen);
            return SAR_OK;
        }
        put_ulong(plen, (uint32_t)need);
        return small_code();
    }
    if (need) memcpy(buf, data, need);
    put_ulong(plen, (uint32_t)need);
    return SAR_OK;
}

/* Streaming outputs (Encrypt/DecryptUpdate/Final) cannot be truncated sensibly: small-truncate
 * behaves like the standard there. */
ULONG out_query(size_t need, void *buf, ULONG *plen, int *go)
{
    *go = 0;
    if (!plen) return SAR_INVALIDPARAMERR;
    if (!buf) return size_answer(need, plen);
    if (*plen < need) {
        put_ulong(plen, (uint32_t)need);
        return small_code();
    }
    *go = 1;
    return SAR_OK;
}

void put_coord(BYTE dst64[64], const uint8_t src32[32])
{
    memset(dst64, 0, 64);
    memcpy(dst64 + (quirk(Q_LEFT_ALIGNED) ? 0 : 32), src32, 32);
}

void get_coord(const BYTE src64[64], uint8_t dst32[32])
{
    memcpy(dst32, src64 + (quirk(Q_LEFT_ALIGNED) ? 0 : 32), 32);
}

void pub_to_blob(const uint8_t xy[64], ECCPUBLICKEYBLOB *b)
{
    b->BitLen = 256;
    put_coord(b->XCoordinate, xy);
    put_coord(b->YCoordinate, xy + 32);
}

int blob_to_pub(const ECCPUBLICKEYBLOB *b, uint8_t xy[64])
{
    get_coord(b->XCoordinate, xy);
    get_coord(b->YCoordinate, xy + 32);
    return sm2_pub_valid(xy);
}

static ULONG conv(const char *from, const char *to, const char *in, char *out, size_t outsz, size_t *outlen)
{
    iconv_t cd = iconv_open(to, from);
    char *ip = (char *)in, *op = out;
    size_t il = strlen(in), ol = outsz - 1;
    if (cd == (iconv_t)-1) return SAR_FAIL;
    if (iconv(cd, &ip, &il, &op, &ol) == (size_t)-1) {
        int e = errno;
        iconv_close(cd);
        return e == E2BIG ? SAR_NAMELENERR : SAR_INVALIDPARAMERR;
    }
    iconv_close(cd);
    *op = 0;
    if (outlen) *outlen = (size_t)(op - out);
    return SAR_OK;
}

ULONG name_in(const char *wire, char *out, size_t outsz)
{
    if (!wire) return SAR_INVALIDPARAMERR;
    if (quirk(Q_NAMES_GBK)) return conv("GBK", "UTF-8", wire, out, outsz, NULL);
    if (strlen(wire) >= outsz) return SAR_NAMELENERR;
    strcpy(out, wire);
    return SAR_OK;
}

ULONG name_out(const char *utf8, char *out, size_t outsz, size_t *outlen)
{
    if (quirk(Q_NAMES_GBK)) return conv("UTF-8", "GBK", utf8, out, outsz, outlen);
    if (strlen(utf8) >= outsz) return SAR_NAMELENERR;
    strcpy(out, utf8);
    *outlen = strlen(out);
    return SAR_OK;
}

/* "a\0b\0\0"; an empty list is "\0\0" (2 bytes). */
ULONG name_list_out(const char *const *names, size_t n, char **list, size_t *len)
{
    size_t cap = 2, used = 0, i;
    char *b;
    for (i = 0; i < n; i++) cap += strlen(names[i]) * 2 + 2;
    b = calloc(1, cap);
    if (!b) return SAR_MEMORYERR;
    for (i = 0; i < n; i++) {
        size_t l = 0;
        ULONG rc = name_out(names[i], b + used, cap - used - 1, &l);
        if (rc) {
            free(b);
            return rc;
        }
        used += l + 1;
    }
    if (n == 0) used = 2;
    else used += 1;
    *list = b;
    *len = used;
    return SAR_OK;
}
