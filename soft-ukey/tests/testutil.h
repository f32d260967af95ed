/* testutil.h - tiny assertion helpers shared by the C tests. */
#ifndef SOFTUKEY_TESTUTIL_H
#define SOFTUKEY_TESTUTIL_H
#include <stdio.h>
#include <stdlib.h>

static int t_pass, t_fail;

#define CHECK(cond, ...)                                                                                   \
    do {                                                                                                   \
        if (cond) {                                                                                        \
            t_pass++;                                                                                      \
        } else {                                                                                           \
            t_fail++;                                                                                      \
            fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__);                                           \
            fprintf(stderr, __VA_ARGS__);                                                                  \
            fprintf(stderr, "\n");                                                                         \
        }                                                                                                  \
    } while (0)

#define CHECK_RC(expr, want)                                                                               \
    do {                                                                                                   \
        unsigned long got_ = (unsigned long)(expr);                                                        \
        CHECK(got_ == (unsigned long)(want), "%s = 0x%08lX, want 0x%08lX", #expr, got_,                    \
              (unsigned long)(want));                                                                      \
    } while (0)

static int t_summary(const char *name)
{
    printf("%s: %d checks passed, %d failed => %s\n", name, t_pass, t_fail, t_fail ? "FAIL" : "PASS");
    return t_fail ? 1 : 0;
}
#endif
