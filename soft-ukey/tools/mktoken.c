/* softukey-mktoken - creates a blank token file DIR/NAME.token (a "blank UKEY").
 * Exit codes: 0 created, 1 exists or I/O error, 2 usage error. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "internal.h"

static void usage(const char *msg)
{
    if (msg) fprintf(stderr, "softukey-mktoken: %s\n", msg);
    fprintf(stderr, "usage: softukey-mktoken --dir DIR --name NAME [--serial S] [--label L] "
                    "[--manufacturer M] [--auth-key HEX32]\n");
    exit(2);
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

int main(int argc, char **argv)
{
    const char *dir = NULL, *name = NULL, *serial = NULL, *label = NULL, *manu = NULL, *auth = NULL;
    char path[4096], sbuf[32];
    token_t t;
    struct stat st;
    uint8_t r[8];
    int i, rc;
    for (i = 1; i < argc; i++) {
        const char **dst = NULL;
        if (!strcmp(argv[i], "--dir")) dst = &dir;
        else if (!strcmp(argv[i], "--name")) dst = &name;
        else if (!strcmp(argv[i], "--serial")) dst = &serial;
        else if (!strcmp(argv[i], "--label")) dst = &label;
        else if (!strcmp(argv[i], "--manufacturer")) dst = &manu;
        else if (!strcmp(argv[i], "--auth-key")) dst = &auth;
        else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) usage(NULL);
        else {
            fprintf(stderr, "softukey-mktoken: unknown argument '%s'\n", argv[i]);
            usage(NULL);
        }
        if (i + 1 >= argc) usage("option needs a value");
        *dst = argv[++i];
    }
    if (!dir || !*dir) usage("--dir is required");
    if (!name) usage("--name is required");
    if (!valid_dev_name(name)) usage("invalid --name (non-empty, no '/', not starting with '.')");
    if (serial && (strlen(serial) == 0 || strlen(serial) > 31)) usage("--serial must be 1..31 bytes");
    if (label && strlen(label) > 31) usage("--label must be at most 31 bytes");
    if (manu && strlen(manu) > 63) usage("--manufacturer must be at most 63 bytes");
    if (auth && strlen(auth) != 32) usage("--auth-key must be 32 hex digits");

    memset(&t, 0, sizeof t);
    if (auth) {
        for (i = 0; i < 16; i++) {
            int h = hexval(auth[2 * i]), l = hexval(auth[2 * i + 1]);
            if (h < 0 || l < 0) usage("--auth-key must be 32 hex digits");
            t.auth_key[i] = (uint8_t)(h << 4 | l);
        }
    } else {
        memcpy(t.auth_key, "1234567812345678", 16);
    }
    if (rand_bytes(t.uid, 16) || rand_bytes(r, sizeof r)) {
        fprintf(stderr, "softukey-mktoken: no randomness\n");
        return 1;
    }
    if (!serial) {
        snprintf(sbuf, sizeof sbuf, "SUK%02X%02X%02X%02X%02X%02X%02X%02X", r[0], r[1], r[2], r[3], r[4], r[5], r[6],
                 r[7]);
        serial = sbuf;
    }
    snprintf(t.serial, sizeof t.serial, "%s", serial);
    snprintf(t.label, sizeof t.label, "%s", label ? label : name);
    snprintf(t.manufacturer, sizeof t.manufacturer, "%s", manu ? manu : "YZT SoftUKEY");
    snprintf(t.issuer, sizeof t.issuer, "%s", "YZT SoftUKEY");

    if (stat(dir, &st) != 0) {
        if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
            fprintf(stderr, "softukey-mktoken: cannot create %s: %s\n", dir, strerror(errno));
            return 1;
        }
    } else if (!S_ISDIR(st.st_mode)) {
        fprintf(stderr, "softukey-mktoken: %s is not a directory\n", dir);
        return 1;
    }
    snprintf(path, sizeof path, "%s/%s.token", dir, name);
    rc = token_write_file(path, &t, 1);
    wipe(&t, sizeof t);
    if (rc == 1) {
        fprintf(stderr, "softukey-mktoken: %s already exists\n", path);
        return 1;
    }
    if (rc != 0) {
        fprintf(stderr, "softukey-mktoken: cannot write %s: %s\n", path, strerror(errno));
        return 1;
    }
    printf("%s\n", path);
    return 0;
}
