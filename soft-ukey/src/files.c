/* files.c - application files (fixed size at creation, SECURE_* rights). */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static int rights_ok(uint32_t rights, int login)
{
    if ((rights & 0xFF) == SECURE_ANYONE_ACCOUNT) return 1;
    if ((rights & SECURE_USER_ACCOUNT) && login == USER_TYPE) return 1;
    if ((rights & SECURE_ADM_ACCOUNT) && login == ADMIN_TYPE) return 1;
    return 0;
}

static ULONG file_tx(HANDLE hApp, LPSTR wname, int exclusive, tx_t *tx, hent_t **a, hent_t **d, app_t **ap,
                     file_t **f)
{
    ULONG rc = get_app(hApp, a, d);
    if (rc) return rc;
    if (!wname || !wname[0] || strlen(wname) > NAME_MAX_FILE) return SAR_INVALIDPARAMERR;
    if ((rc = tx_begin(*d, tx, exclusive))) return rc;
    *ap = token_find_app(&tx->t, (*a)->u.app.name);
    if (!*ap) {
        tx_end(tx);
        return SAR_APPLICATION_NOT_EXISTS;
    }
    *f = app_find_file(*ap, wname);
    return SAR_OK;
}

SKF_EXPORT ULONG DEVAPI SKF_CreateFile(HAPPLICATION hApplication, LPSTR szFileName, ULONG ulFileSize,
                                       ULONG ulReadRights, ULONG ulWriteRights)
{
    hent_t *a, *d;
    tx_t tx;
    app_t *ap;
    file_t *f, *nf;
    ULONG rc;
    ENTER();
    if ((rc = file_tx(hApplication, szFileName, 1, &tx, &a, &d, &ap, &f))) LEAVE(rc);
    if (!rights_ok(ap->file_rights, a->u.app.login)) rc = SAR_USER_NOT_LOGGED_IN;
    else if (f) rc = SAR_FILE_ALREADY_EXIST;
    else if (ap->nfiles >= MAX_FILES || ulFileSize > 65536) rc = SAR_NO_ROOM;
    else if (!(nf = realloc(ap->files, (ap->nfiles + 1) * sizeof(file_t)))) rc = SAR_MEMORYERR;
    else {
        ap->files = nf;
        f = &nf[ap->nfiles];
        memset(f, 0, sizeof *f);
        snprintf(f->name, sizeof f->name, "%s", szFileName);
        f->read_rights = ulReadRights;
        f->write_rights = ulWriteRights;
        if (ulFileSize) {
            f->data.p = calloc(1, ulFileSize);
            f->data.n = ulFileSize;
        }
        if (ulFileSize && !f->data.p) rc = SAR_MEMORYERR;
        else {
            ap->nfiles++;
            if (token_file_size(&tx.t) > TOTAL_SPACE) rc = SAR_NO_ROOM;
            else rc = tx_commit(d, &tx);
        }
    }
    tx_end(&tx);
    LEAVE(rc);
}

SKF_EXPORT ULONG DEVAPI SKF_DeleteFile(HAPPLICATION hApplication, LPSTR szFileName)
{
    hent_t *a, *d;
    tx_t tx;
    app_t *ap;
    file_t *f;
    ULONG rc;
    ENTER();
    if ((rc = file_tx(hApplication, szFileName, 1, &tx, &a, &d, &ap, &f))) LEAVE(rc);
    if (!f) rc = SAR_FILE_NOT_EXIST;
    else if (!rights_ok(f->write_rights, a->u.app.login)) rc = SAR_USER_NOT_LOGGED_IN;
    else {
        blob_clear(&f->data);
        memmove(f, f + 1, (size_t)(ap->files + ap->nfiles - (f + 1)) * sizeof(file_t));
        ap->nfiles--;
        rc = tx_commit(d, &tx);
    }
    tx_end(&tx);
    LEAVE(rc);
}

SKF_EXPORT ULONG DEVAPI SKF_EnumFiles(HAPPLICATION hApplication, LPSTR szFileList, ULONG *pulSize)
{
    hent_t *a, *d;
    tx_t tx;
    size_t cap = 2, used = 0, i;
    char *list;
    app_t *ap;
    ULONG rc;
    ENTER();
    if ((rc = get_app(hApplication, &a, &d))) LEAVE(rc);
    if (!pulSize) LEAVE(SAR_INVALIDPARAMERR);
    if ((rc = tx_begin(d, &tx, 0))) LEAVE(rc);
    ap = token_find_app(&tx.t, a->u.app.name);
    if (!ap) {
        tx_end(&tx);
        LEAVE(SAR_APPLICATION_NOT_EXISTS);
    }
    for (i = 0; i < ap->nfiles; i++) cap += strlen(ap->files[i].name) + 1;
    list = calloc(1, cap);
    if (!list) {
        tx_end(&tx);
        LEAVE(SAR_MEMORYERR);
    }
    for (i = 0; i < ap->nfiles; i++) {
        strcpy(list + used, ap->files[i].name);
        used += strlen(ap->files[i].name) + 1;
    }
    used = ap->nfiles ? used + 1 : 2;
    tx_end(&tx);
    rc = out_put(list, used, szFileList, pulSize);
    free(list);
    LEAVE(rc);
}

SKF_EXPORT ULONG DEVAPI SKF_GetFileInfo(HAPPLICATION hApplication, LPSTR szFileName, FILEATTRIBUTE *pFileInfo)
{
    hent_t *a, *d;
    tx_t tx;
    app_t *ap;
    file_t *f;
    ULONG rc;
    ENTER();
    if (!pFileInfo) LEAVE(SAR_INVALIDPARAMERR);
    if ((rc = file_tx(hApplication, szFileName, 0, &tx, &a, &d, &ap, &f))) LEAVE(rc);
    if (!f) rc = SAR_FILE_NOT_EXIST;
    else {
        memset(pFileInfo, 0, sizeof *pFileInfo);
        memcpy(pFileInfo->FileName, f->name, strlen(f->name));
        pFileInfo->FileSize = f->data.n;
        pFileInfo->ReadRights = f->read_rights;
        pFileInfo->WriteRights = f->write_rights;
    }
    tx_end(&tx);
    LEAVE(rc);
}

SKF_EXPORT ULONG DEVAPI SKF_ReadFile(HAPPLICATION hApplication, LPSTR szFileName, ULONG ulOffset, ULONG ulSize,
                                     BYTE *pbOutData, ULONG *pulOutLen)
{
    hent_t *a, *d;
    tx_t tx;
    app_t *ap;
    file_t *f;
    ULONG rc;
    ENTER();
    if (!pulOutLen) LEAVE(SAR_INVALIDPARAMERR);
    if ((rc = file_tx(hApplication, szFileName, 0, &tx, &a, &d, &ap, &f))) LEAVE(rc);
    if (!f) rc = SAR_FILE_NOT_EXIST;
    else if (!rights_ok(f->read_rights, a->u.app.login)) rc = SAR_USER_NOT_LOGGED_IN;
    else if (ulOffset > f->data.n) rc = SAR_INDATALENERR;
    else {
        size_t n = f->data.n - ulOffset;
        if (n > ulSize) n = ulSize;
        rc = out_put(f->data.p ? f->data.p + ulOffset : NULL, n, pbOutData, pulOutLen);
    }
    tx_end(&tx);
    LEAVE(rc);
}

SKF_EXPORT ULONG DEVAPI SKF_WriteFile(HAPPLICATION hApplication, LPSTR szFileName, ULONG ulOffset, BYTE *pbData,
                                      ULONG ulSize)
{
    hent_t *a, *d;
    tx_t tx;
    app_t *ap;
    file_t *f;
    ULONG rc;
    ENTER();
    if (!pbData && ulSize) LEAVE(SAR_INVALIDPARAMERR);
    if ((rc = file_tx(hApplication, szFileName, 1, &tx, &a, &d, &ap, &f))) LEAVE(rc);
    if (!f) rc = SAR_FILE_NOT_EXIST;
    else if (!rights_ok(f->write_rights, a->u.app.login)) rc = SAR_USER_NOT_LOGGED_IN;
    else if ((uint64_t)ulOffset + ulSize > f->data.n) rc = SAR_INDATALENERR;
    else {
        if (ulSize) memcpy(f->data.p + ulOffset, pbData, ulSize);
        rc = tx_commit(d, &tx);
    }
    tx_end(&tx);
    LEAVE(rc);
}
