/* app.c - applications and PINs: DEK wrapping, retry counters persisted before the check. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static ULONG pin_ok(const char *pin)
{
    size_t l;
    if (!pin) return SAR_INVALIDPARAMERR;
    l = strlen(pin);
    if (l < 1 || l > 64) return SAR_PIN_LEN_RANGE;
    return SAR_OK;
}

static int wrap_dek(app_t *a, ULONG type, const char *pin, const uint8_t dek[16])
{
    uint8_t ek[16], mk[32], salt[16], wrap[WRAP_LEN];
    int rc = -1;
    /* built aside and copied only when complete: a failure never leaves a half-updated wrap */
    if (rand_bytes(salt, 16) == 0 && pin_kek(pin, salt, a->iter, ek, mk) == 0 &&
        seal(ek, mk, dek, 16, wrap) == WRAP_LEN) {
        memcpy(type == ADMIN_TYPE ? a->admin_salt : a->user_salt, salt, 16);
        memcpy(type == ADMIN_TYPE ? a->admin_wrap : a->user_wrap, wrap, WRAP_LEN);
        rc = 0;
    }
    wipe(ek, sizeof ek);
    wipe(mk, sizeof mk);
    return rc;
}

static int unwrap_dek(const app_t *a, ULONG type, const char *pin, uint8_t dek[16])
{
    uint8_t ek[16], mk[32], out[32];
    size_t n = 0;
    int rc = -1;
    if (pin_kek(pin, type == ADMIN_TYPE ? a->admin_salt : a->user_salt, a->iter, ek, mk) == 0 &&
        unseal(ek, mk, type == ADMIN_TYPE ? a->admin_wrap : a->user_wrap, WRAP_LEN, out, &n) == 0 && n == 16) {
        memcpy(dek, out, 16);
        rc = 0;
    }
    wipe(ek, sizeof ek);
    wipe(mk, sizeof mk);
    wipe(out, sizeof out);
    return rc;
}

typedef ULONG (*after_fn)(app_t *a, const uint8_t dek[16], const void *arg);

/* One counted PIN attempt under the token flock. The decremented counter is written and synced
 * BEFORE the PIN is checked; success resets it (and runs `after` in the same transaction). */
static ULONG pin_attempt(hent_t *d, const char *appname, ULONG type, const char *pin, ULONG *retry,
                         uint8_t dek_out[16], after_fn after, const void *arg)
{
    tx_t tx;
    app_t *a;
    uint32_t *remain, max;
    uint8_t dek[16];
    ULONG rc;
    if (type != ADMIN_TYPE && type != USER_TYPE) return SAR_USER_TYPE_INVALID;
    if ((rc = pin_ok(pin))) return rc;
    if ((rc = tx_begin(d, &tx, 1))) return rc;
    a = token_find_app(&tx.t, appname);
    if (!a) {
        tx_end(&tx);
        return SAR_APPLICATION_NOT_EXISTS;
    }
    remain = type == ADMIN_TYPE ? &a->admin_remain : &a->user_remain;
    max = type == ADMIN_TYPE ? a->admin_max : a->user_max;
    if (*remain == 0) {
        put_ulong(retry, 0);
        tx_end(&tx);
        return SAR_PIN_LOCKED;
    }
    (*remain)--;
    if ((rc = tx_commit(d, &tx))) {
        tx_end(&tx);
        return rc;
    }
    if (unwrap_dek(a, type, pin, dek) != 0) {
        put_ulong(retry, *remain);
        rc = *remain == 0 ? SAR_PIN_LOCKED : SAR_PIN_INCORRECT;
        tx_end(&tx);
        return rc;
    }
    *remain = max;
    rc = after ? after(a, dek, arg) : SAR_OK;
    if (rc == SAR_OK) rc = tx_commit(d, &tx);
    else {
        ULONG rc2 = tx_commit(d, &tx); /* still reset the counter */
        (void)rc2;
    }
    tx_end(&tx);
    put_ulong(retry, max);
    if (rc == SAR_OK && dek_out) memcpy(dek_out, dek, 16);
    wipe(dek, sizeof dek);
    return rc;
}

SKF_EXPORT ULONG DEVAPI SKF_CreateApplication(DEVHANDLE hDev, LPSTR szAppName, LPSTR szAdminPin,
                                              DWORD dwAdminPinRetryCount, LPSTR szUserPin,
                                              DWORD dwUserPinRetryCount, DWORD dwCreateFileRights,
                                              HAPPLICATION *phApplication)
{
    hent_t *d, *h;
    tx_t tx;
    app_t *a, *na;
    char name[NAME_MAX_APP + 1];
    uint8_t dek[16];
    ULONG rc;
    ENTER();
    if ((rc = get_dev(hDev, &d))) LEAVE(rc);
    if (!szAppName || !phApplication) LEAVE(SAR_INVALIDPARAMERR);
    if (!d->u.dev.authed) LEAVE(SAR_USER_NOT_LOGGED_IN);
    if ((rc = name_in(szAppName, name, sizeof name))) LEAVE(rc == SAR_NAMELENERR ? rc : SAR_APPLICATION_NAME_INVALID);
    if (!name[0]) LEAVE(SAR_APPLICATION_NAME_INVALID);
    if ((rc = pin_ok(szAdminPin)) || (rc = pin_ok(szUserPin))) LEAVE(rc);
    if (dwAdminPinRetryCount < 1 || dwAdminPinRetryCount > 255 || dwUserPinRetryCount < 1 ||
        dwUserPinRetryCount > 255)
        LEAVE(SAR_INVALIDPARAMERR);
    if ((rc = tx_begin(d, &tx, 1))) LEAVE(rc);
    if (token_find_app(&tx.t, name)) {
        tx_end(&tx);
        LEAVE(SAR_APPLICATION_EXISTS);
    }
    if (tx.t.napps >= MAX_APPS) {
        tx_end(&tx);
        LEAVE(SAR_NO_ROOM);
    }
    na = realloc(tx.t.apps, (tx.t.napps + 1) * sizeof(app_t));
    if (!na) {
        tx_end(&tx);
        LEAVE(SAR_MEMORYERR);
    }
    tx.t.apps = na;
    a = &tx.t.apps[tx.t.napps++];
    memset(a, 0, sizeof *a);
    snprintf(a->name, sizeof a->name, "%s", name);
    a->admin_max = a->admin_remain = dwAdminPinRetryCount;
    a->user_max = a->user_remain = dwUserPinRetryCount;
    a->admin_default = a->user_default = 1;
    a->file_rights = dwCreateFileRights;
    a->iter = PIN_ITERATIONS;
    if (rand_bytes(dek, 16) || wrap_dek(a, ADMIN_TYPE, szAdminPin, dek) || wrap_dek(a, USER_TYPE, szUserPin, dek)) {
        wipe(dek, sizeof dek);
        tx_end(&tx);
        LEAVE(SAR_FAIL);
    }
    wipe(dek, sizeof dek);
    rc = tx_commit(d, &tx);
    tx_end(&tx);
    if (rc) LEAVE(rc);
    h = h_new(H_APP, d->id);
    if (!h) LEAVE(SAR_MEMORYERR);
    snprintf(h->u.app.name, sizeof h->u.app.name, "%s", name);
    *phApplication = h_value(h);
    LEAVE(SAR_OK);
}

SKF_EXPORT ULONG DEVAPI SKF_EnumApplication(DEVHANDLE hDev, LPSTR szAppName, ULONG *pulSize)
{
    hent_t *d;
    tx_t tx;
    const char *names[MAX_APPS];
    char *list = NULL;
    size_t len = 0, i;
    ULONG rc;
    ENTER();
    if ((rc = get_dev(hDev, &d))) LEAVE(rc);
    if (!pulSize) LEAVE(SAR_INVALIDPARAMERR);
    if ((rc = tx_begin(d, &tx, 0))) LEAVE(rc);
    for (i = 0; i < tx.t.napps; i++) names[i] = tx.t.apps[i].name;
    rc = name_list_out(names, tx.t.napps, &list, &len);
    tx_end(&tx);
    if (rc) LEAVE(rc);
    rc = out_put(list, len, szAppName, pulSize);
    free(list);
    LEAVE(rc);
}

SKF_EXPORT ULONG DEVAPI SKF_DeleteApplication(DEVHANDLE hDev, LPSTR szAppName)
{
    hent_t *d;
    tx_t tx;
    app_t *a;
    char name[NAME_MAX_APP + 1];
    ULONG rc;
    ENTER();
    if ((rc = get_dev(hDev, &d))) LEAVE(rc);
    if (!szAppName) LEAVE(SAR_INVALIDPARAMERR);
    if (!d->u.dev.authed) LEAVE(SAR_USER_NOT_LOGGED_IN);
    if (name_in(szAppName, name, sizeof name)) LEAVE(SAR_APPLICATION_NOT_EXISTS);
    if ((rc = tx_begin(d, &tx, 1))) LEAVE(rc);
    a = token_find_app(&tx.t, name);
    if (!a) {
        tx_end(&tx);
        LEAVE(SAR_APPLICATION_NOT_EXISTS);
    }
    app_clear(a);
    memmove(a, a + 1, (size_t)(tx.t.apps + tx.t.napps - (a + 1)) * sizeof(app_t));
    tx.t.napps--;
    rc = tx_commit(d, &tx);
    tx_end(&tx);
    h_logout_app_everywhere(d, name);
    LEAVE(rc);
}

SKF_EXPORT ULONG DEVAPI SKF_OpenApplication(DEVHANDLE hDev, LPSTR szAppName, HAPPLICATION *phApplication)
{
    hent_t *d, *h;
    tx_t tx;
    char name[NAME_MAX_APP + 1];
    int found;
    ULONG rc;
    ENTER();
    if ((rc = get_dev(hDev, &d))) LEAVE(rc);
    if (!szAppName || !phApplication) LEAVE(SAR_INVALIDPARAMERR);
    if (name_in(szAppName, name, sizeof name)) LEAVE(SAR_APPLICATION_NOT_EXISTS);
    if ((rc = tx_begin(d, &tx, 0))) LEAVE(rc);
    found = token_find_app(&tx.t, name) != NULL;
    tx_end(&tx);
    if (!found) LEAVE(SAR_APPLICATION_NOT_EXISTS);
    h = h_new(H_APP, d->id);
    if (!h) LEAVE(SAR_MEMORYERR);
    snprintf(h->u.app.name, sizeof h->u.app.name, "%s", name);
    *phApplication = h_value(h);
    LEAVE(SAR_OK);
}

SKF_EXPORT ULONG DEVAPI SKF_CloseApplication(HAPPLICATION hApplication)
{
    hent_t *a;
    ENTER();
    a = h_get(hApplication, H_APP);
    if (!a) LEAVE(SAR_INVALIDHANDLEERR);
    h_free(a); /* wipes the DEK, closes its containers */
    LEAVE(SAR_OK);
}

SKF_EXPORT ULONG DEVAPI SKF_GetPINInfo(HAPPLICATION hApplication, ULONG ulPINType, ULONG *pulMaxRetryCount,
                                       ULONG *pulRemainRetryCount, BOOL *pbDefaultPin)
{
    hent_t *a, *d;
    tx_t tx;
    app_t *ap;
    ULONG rc;
    ENTER();
    if ((rc = get_app(hApplication, &a, &d))) LEAVE(rc);
    if (ulPINType != ADMIN_TYPE && ulPINType != USER_TYPE) LEAVE(SAR_USER_TYPE_INVALID);
    if (!pulMaxRetryCount || !pulRemainRetryCount || !pbDefaultPin) LEAVE(SAR_INVALIDPARAMERR);
    if ((rc = tx_begin(d, &tx, 0))) LEAVE(rc);
    ap = token_find_app(&tx.t, a->u.app.name);
    if (!ap) {
        tx_end(&tx);
        LEAVE(SAR_APPLICATION_NOT_EXISTS);
    }
    put_ulong(pulMaxRetryCount, ulPINType == ADMIN_TYPE ? ap->admin_max : ap->user_max);
    put_ulong(pulRemainRetryCount, ulPINType == ADMIN_TYPE ? ap->admin_remain : ap->user_remain);
    put_bool(pbDefaultPin, ulPINType == ADMIN_TYPE ? ap->admin_default : ap->user_default);
    tx_end(&tx);
    LEAVE(SAR_OK);
}

SKF_EXPORT ULONG DEVAPI SKF_VerifyPIN(HAPPLICATION hApplication, ULONG ulPINType, LPSTR szPIN, ULONG *pulRetryCount)
{
    hent_t *a, *d;
    uint8_t dek[16];
    ULONG rc;
    ENTER();
    if ((rc = get_app(hApplication, &a, &d))) LEAVE(rc);
    rc = pin_attempt(d, a->u.app.name, ulPINType, szPIN, pulRetryCount, dek, NULL, NULL);
    if (rc == SAR_OK) {
        a->u.app.login = (int)ulPINType;
        memcpy(a->u.app.dek, dek, 16);
    }
    wipe(dek, sizeof dek);
    LEAVE(rc);
}

struct rewrap_arg {
    ULONG type;
    const char *pin;
    int unblock;
};

static ULONG rewrap(app_t *a, const uint8_t dek[16], const void *varg)
{
    const struct rewrap_arg *arg = varg;
    if (wrap_dek(a, arg->type, arg->pin, dek)) return SAR_FAIL;
    if (arg->type == ADMIN_TYPE) a->admin_default = 0;
    else a->user_default = 0;
    if (arg->unblock) a->user_remain = a->user_max;
    return SAR_OK;
}

SKF_EXPORT ULONG DEVAPI SKF_ChangePIN(HAPPLICATION hApplication, ULONG ulPINType, LPSTR szOldPin, LPSTR szNewPin,
                                      ULONG *pulRetryCount)
{
    hent_t *a, *d;
    struct rewrap_arg arg;
    ULONG rc;
    ENTER();
    if ((rc = get_app(hApplication, &a, &d))) LEAVE(rc);
    if ((rc = pin_ok(szNewPin))) LEAVE(rc);
    arg.type = ulPINType;
    arg.pin = szNewPin;
    arg.unblock = 0;
    LEAVE(pin_attempt(d, a->u.app.name, ulPINType, szOldPin, pulRetryCount, NULL, rewrap, &arg));
}

SKF_EXPORT ULONG DEVAPI SKF_UnblockPIN(HAPPLICATION hApplication, LPSTR szAdminPIN, LPSTR szNewUserPIN,
                                       ULONG *pulRetryCount)
{
    hent_t *a, *d;
    struct rewrap_arg arg;
    ULONG rc;
    ENTER();
    if ((rc = get_app(hApplication, &a, &d))) LEAVE(rc);
    if ((rc = pin_ok(szNewUserPIN))) LEAVE(rc);
    arg.type = USER_TYPE;
    arg.pin = szNewUserPIN;
    arg.unblock = 1;
    LEAVE(pin_attempt(d, a->u.app.name, ADMIN_TYPE, szAdminPIN, pulRetryCount, NULL, rewrap, &arg));
}

SKF_EXPORT ULONG DEVAPI SKF_ClearSecureState(HAPPLICATION hApplication)
{
    hent_t *a, *d;
    ULONG rc;
    ENTER();
    if ((rc = get_app(hApplication, &a, &d))) LEAVE(rc);
    a->u.app.login = -1;
    wipe(a->u.app.dek, 16);
    LEAVE(SAR_OK);
}
