/* container.c - containers and certificates; the sealed-private-key helpers. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

ULONG need_user(const hent_t *app) { return app->u.app.login == USER_TYPE ? SAR_OK : SAR_USER_NOT_LOGGED_IN; }

int priv_seal(const hent_t *app, const uint8_t d[32], blob_t *b)
{
    uint8_t ek[16], mk[32], out[16 + 48 + 32];
    size_t n = 0;
    dek_keys(app->u.app.dek, ek, mk);
    n = seal(ek, mk, d, 32, out);
    wipe(ek, sizeof ek);
    wipe(mk, sizeof mk);
    if (!n) return -1;
    blob_set(b, out, n);
    return b->n == n ? 0 : -1;
}

int priv_unseal(const hent_t *app, const blob_t *b, uint8_t d[32])
{
    uint8_t ek[16], mk[32], out[64];
    size_t n = 0;
    int rc = -1;
    if (b->n == 0 || b->n > 16 + 48 + 32) return -1;
    dek_keys(app->u.app.dek, ek, mk);
    if (unseal(ek, mk, b->p, b->n, out, &n) == 0 && n == 32) {
        memcpy(d, out, 32);
        rc = 0;
    }
    wipe(ek, sizeof ek);
    wipe(mk, sizeof mk);
    wipe(out, sizeof out);
    return rc;
}

ULONG con_tx(HANDLE hCon, int exclusive, tx_t *tx, hent_t **app, hent_t **dev, app_t **ap, cont_t **cp)
{
    hent_t *c;
    ULONG rc = get_con(hCon, &c, app, dev);
    if (rc) return rc;
    if ((rc = tx_begin(*dev, tx, exclusive))) return rc;
    *ap = token_find_app(&tx->t, (*app)->u.app.name);
    if (!*ap) {
        tx_end(tx);
        return SAR_APPLICATION_NOT_EXISTS;
    }
    *cp = app_find_cont(*ap, c->u.con.name);
    if (!*cp) {
        tx_end(tx);
        return SAR_FILE_NOT_EXIST;
    }
    return SAR_OK;
}

static ULONG app_tx(HANDLE hApp, int exclusive, tx_t *tx, hent_t **a, hent_t **d, app_t **ap)
{
    ULONG rc = get_app(hApp, a, d);
    if (rc) return rc;
    if ((rc = tx_begin(*d, tx, exclusive))) return rc;
    *ap = token_find_app(&tx->t, (*a)->u.app.name);
    if (!*ap) {
        tx_end(tx);
        return SAR_APPLICATION_NOT_EXISTS;
    }
    return SAR_OK;
}

static ULONG con_name(LPSTR wire, char name[NAME_MAX_CON + 1])
{
    ULONG rc;
    if (!wire) return SAR_INVALIDPARAMERR;
    rc = name_in(wire, name, NAME_MAX_CON + 1);
    if (rc) return rc;
    if (!name[0]) return SAR_INVALIDPARAMERR;
    return SAR_OK;
}

static ULONG new_con_handle(hent_t *a, const char *name, HCONTAINER *ph)
{
    hent_t *h = h_new(H_CON, a->id);
    if (!h) return SAR_MEMORYERR;
    snprintf(h->u.con.name, sizeof h->u.con.name, "%s", name);
    *ph = h_value(h);
    return SAR_OK;
}

SKF_EXPORT ULONG DEVAPI SKF_CreateContainer(HAPPLICATION hApplication, LPSTR szContainerName,
                                            HCONTAINER *phContainer)
{
    hent_t *a, *d;
    tx_t tx;
    app_t *ap;
    cont_t *nc;
    char name[NAME_MAX_CON + 1];
    ULONG rc;
    ENTER();
    if ((rc = get_app(hApplication, &a, &d))) LEAVE(rc);
    if (!phContainer) LEAVE(SAR_INVALIDPARAMERR);
    if ((rc = con_name(szContainerName, name))) LEAVE(rc);
    if ((rc = need_user(a))) LEAVE(rc);
    if ((rc = app_tx(hApplication, 1, &tx, &a, &d, &ap))) LEAVE(rc);
    if (app_find_cont(ap, name)) rc = SAR_FILE_ALREADY_EXIST;
    else if (ap->ncont >= MAX_CONTAINERS) rc = SAR_REACH_MAX_CONTAINER_COUNT;
    else if (!(nc = realloc(ap->conts, (ap->ncont + 1) * sizeof(cont_t)))) rc = SAR_MEMORYERR;
    else {
        ap->conts = nc;
        memset(&nc[ap->ncont], 0, sizeof(cont_t));
        snprintf(nc[ap->ncont].name, sizeof nc[ap->ncont].name, "%s", name);
        ap->ncont++;
        rc = tx_commit(d, &tx);
    }
    tx_end(&tx);
    if (rc) LEAVE(rc);
    LEAVE(new_con_handle(a, name, phContainer));
}

SKF_EXPORT ULONG DEVAPI SKF_DeleteContainer(HAPPLICATION hApplication, LPSTR szContainerName)
{
    hent_t *a, *d;
    tx_t tx;
    app_t *ap;
    cont_t *c;
    char name[NAME_MAX_CON + 1];
    ULONG rc;
    ENTER();
    if ((rc = get_app(hApplication, &a, &d))) LEAVE(rc);
    if ((rc = con_name(szContainerName, name))) LEAVE(rc);
    if ((rc = need_user(a))) LEAVE(rc);
    if ((rc = app_tx(hApplication, 1, &tx, &a, &d, &ap))) LEAVE(rc);
    c = app_find_cont(ap, name);
    if (!c) rc = SAR_FILE_NOT_EXIST;
    else {
        cont_clear(c);
        memmove(c, c + 1, (size_t)(ap->conts + ap->ncont - (c + 1)) * sizeof(cont_t));
        ap->ncont--;
        rc = tx_commit(d, &tx);
    }
    tx_end(&tx);
    LEAVE(rc);
}

SKF_EXPORT ULONG DEVAPI SKF_OpenContainer(HAPPLICATION hApplication, LPSTR szContainerName,
                                          HCONTAINER *phContainer)
{
    hent_t *a, *d;
    tx_t tx;
    app_t *ap;
    char name[NAME_MAX_CON + 1];
    int found;
    ULONG rc;
    ENTER();
    if ((rc = get_app(hApplication, &a, &d))) LEAVE(rc);
    if (!phContainer) LEAVE(SAR_INVALIDPARAMERR);
    if ((rc = con_name(szContainerName, name))) LEAVE(rc == SAR_NAMELENERR ? SAR_FILE_NOT_EXIST : rc);
    if ((rc = app_tx(hApplication, 0, &tx, &a, &d, &ap))) LEAVE(rc);
    found = app_find_cont(ap, name) != NULL;
    tx_end(&tx);
    if (!found) LEAVE(SAR_FILE_NOT_EXIST);
    LEAVE(new_con_handle(a, name, phContainer));
}

SKF_EXPORT ULONG DEVAPI SKF_CloseContainer(HCONTAINER hContainer)
{
    hent_t *c;
    ENTER();
    c = h_get(hContainer, H_CON);
    if (!c) LEAVE(SAR_INVALIDHANDLEERR);
    h_free(c);
    LEAVE(SAR_OK);
}

SKF_EXPORT ULONG DEVAPI SKF_EnumContainer(HAPPLICATION hApplication, LPSTR szContainerName, ULONG *pulSize)
{
    hent_t *a, *d;
    tx_t tx;
    app_t *ap;
    const char *names[MAX_CONTAINERS];
    char *list = NULL;
    size_t len = 0, i;
    ULONG rc;
    ENTER();
    if (!pulSize) LEAVE(SAR_INVALIDPARAMERR);
    if ((rc = app_tx(hApplication, 0, &tx, &a, &d, &ap))) LEAVE(rc);
    for (i = 0; i < ap->ncont; i++) names[i] = ap->conts[i].name;
    rc = name_list_out(names, ap->ncont, &list, &len);
    tx_end(&tx);
    if (rc) LEAVE(rc);
    rc = out_put(list, len, szContainerName, pulSize);
    free(list);
    LEAVE(rc);
}

SKF_EXPORT ULONG DEVAPI SKF_GetContainerType(HCONTAINER hContainer, ULONG *pulContainerType)
{
    hent_t *a, *d;
    tx_t tx;
    app_t *ap;
    cont_t *c;
    ULONG rc;
    ENTER();
    if (!pulContainerType) LEAVE(SAR_INVALIDPARAMERR);
    if ((rc = con_tx(hContainer, 0, &tx, &a, &d, &ap, &c))) LEAVE(rc);
    put_ulong(pulContainerType, (c->has_sign || c->has_enc) ? 2 : 0);
    tx_end(&tx);
    LEAVE(SAR_OK);
}

SKF_EXPORT ULONG DEVAPI SKF_ImportCertificate(HCONTAINER hContainer, BOOL bSignFlag, BYTE *pbCert, ULONG ulCertLen)
{
    hent_t *a, *d, *c0;
    tx_t tx;
    app_t *ap;
    cont_t *c;
    blob_t *b;
    ULONG rc;
    ENTER();
    if ((rc = get_con(hContainer, &c0, &a, &d))) LEAVE(rc);
    if (!pbCert || ulCertLen == 0 || ulCertLen > 16384) LEAVE(SAR_INVALIDPARAMERR);
    if ((rc = need_user(a))) LEAVE(rc);
    if ((rc = con_tx(hContainer, 1, &tx, &a, &d, &ap, &c))) LEAVE(rc);
    b = bSignFlag ? &c->sign_cert : &c->enc_cert;
    blob_set(b, pbCert, ulCertLen);
    rc = b->n == ulCertLen ? tx_commit(d, &tx) : SAR_MEMORYERR;
    tx_end(&tx);
    LEAVE(rc);
}

SKF_EXPORT ULONG DEVAPI SKF_ExportCertificate(HCONTAINER hContainer, BOOL bSignFlag, BYTE *pbCert,
                                              ULONG *pulCertLen)
{
    hent_t *a, *d;
    tx_t tx;
    app_t *ap;
    cont_t *c;
    blob_t *b;
    ULONG rc;
    ENTER();
    if (!pulCertLen) LEAVE(SAR_INVALIDPARAMERR);
    if ((rc = con_tx(hContainer, 0, &tx, &a, &d, &ap, &c))) LEAVE(rc);
    b = bSignFlag ? &c->sign_cert : &c->enc_cert;
    rc = b->n ? out_put(b->p, b->n, pbCert, pulCertLen) : SAR_CERTNOTFOUNTERR;
    tx_end(&tx);
    LEAVE(rc);
}
