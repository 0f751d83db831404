/*
 * criterion/criterion.h for the ThreadSanitizer build only (VO_TSAN): the
 * part of Criterion's interface the concurrent tests use (Test, TestSuite
 * with .init / .fini / .timeout, the cr_assert family, cr_log_info), run
 * by runner.c.
 *
 * Why not Criterion itself: its sandbox (BoxFort) maps its shared arena at
 * fixed addresses inside the range ThreadSanitizer reserves, so under TSan
 * every Criterion binary aborts before its first test with "Could not
 * initialize inheritable arena" (Snaipe/Criterion issue 274, open). The
 * tests are the same source; runner.c forks one child per test as
 * Criterion does, so a test still starts from a fresh process.
 */
#ifndef VO_TSAN_CRITERION_H
#define VO_TSAN_CRITERION_H

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

struct vo_tt_cfg {
    int unused_; /* lets an empty .init/.fini/.timeout list initialise */
    void (*init)(void);
    void (*fini)(void);
    double timeout; /* seconds, 0: none */
};

struct vo_tt_test {
    const char *suite;
    const char *name;
    void (*fn)(void);
    struct vo_tt_cfg cfg;
    struct vo_tt_test *next;
};

struct vo_tt_suite {
    const char *name;
    struct vo_tt_cfg cfg;
    struct vo_tt_suite *next;
};

void vo_tt_register_test(struct vo_tt_test *t);
void vo_tt_register_suite(struct vo_tt_suite *s);
_Noreturn void vo_tt_fail(const char *file, int line, const char *expr, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void vo_tt_show_str(const char *a, const char *b); /* the two sides, to stderr */

#define Test(suite, name, ...)                                                                     \
    static void suite##_##name##_fn(void);                                                         \
    static struct vo_tt_test suite##_##name##_test = {                                             \
        #suite, #name, suite##_##name##_fn, {0, __VA_ARGS__}, NULL};                               \
    __attribute__((constructor)) static void suite##_##name##_reg(void)                            \
    {                                                                                              \
        vo_tt_register_test(&suite##_##name##_test);                                               \
    }                                                                                              \
    static void suite##_##name##_fn(void)

#define TestSuite(suite, ...)                                                                      \
    static struct vo_tt_suite suite##_suite_ = {#suite, {0, __VA_ARGS__}, NULL};                   \
    __attribute__((constructor)) static void suite##_suite_reg(void)                               \
    {                                                                                              \
        vo_tt_register_suite(&suite##_suite_);                                                     \
    }

/* The message is optional, as in Criterion: " " __VA_ARGS__ makes it a
 * format string either way. */
#define cr_assert(cond, ...)                                                                       \
    do {                                                                                           \
        if (!(cond))                                                                               \
            vo_tt_fail(__FILE__, __LINE__, #cond, " " __VA_ARGS__);                                \
    } while (0)
#define cr_assert_fail(...)               vo_tt_fail(__FILE__, __LINE__, "cr_assert_fail", " " __VA_ARGS__)
#define cr_assert_eq(a, b, ...)           cr_assert((a) == (b), __VA_ARGS__)
#define cr_assert_neq(a, b, ...)          cr_assert((a) != (b), __VA_ARGS__)
#define cr_assert_gt(a, b, ...)           cr_assert((a) > (b), __VA_ARGS__)
#define cr_assert_geq(a, b, ...)          cr_assert((a) >= (b), __VA_ARGS__)
#define cr_assert_lt(a, b, ...)           cr_assert((a) < (b), __VA_ARGS__)
#define cr_assert_leq(a, b, ...)          cr_assert((a) <= (b), __VA_ARGS__)
#define cr_assert_null(a, ...)            cr_assert((a) == NULL, __VA_ARGS__)
#define cr_assert_not_null(a, ...)        cr_assert((a) != NULL, __VA_ARGS__)
#define cr_assert_arr_eq(a, b, size, ...) cr_assert(memcmp((a), (b), (size)) == 0, __VA_ARGS__)
#define cr_assert_float_eq(a, b, eps, ...)                                                         \
    cr_assert((a) - (b) <= (eps) && (b) - (a) <= (eps), __VA_ARGS__)
#define cr_assert_str_eq(a, b, ...)                                                                \
    do {                                                                                           \
        const char *vo_tt_a_ = (a), *vo_tt_b_ = (b);                                               \
        if (!vo_tt_a_ || !vo_tt_b_ || strcmp(vo_tt_a_, vo_tt_b_) != 0) {                           \
            vo_tt_show_str(vo_tt_a_, vo_tt_b_);                                                    \
            vo_tt_fail(__FILE__, __LINE__, #a " == " #b, " " __VA_ARGS__);                         \
        }                                                                                          \
    } while (0)
#define cr_assert_str_neq(a, b, ...) cr_assert(strcmp((a), (b)) != 0, __VA_ARGS__)
/* Criterion's skip: the rest of the test is not run, its reason on
 * stderr; the shim counts the test as passed. The test runs in a child
 * of its own (runner.c): the child ends here, wherever the skip is (a
 * helper the test calls too, as Criterion's longjmp would). */
#define cr_skip_test(...)                                                                          \
    do {                                                                                           \
        fprintf(stderr, "skipped: " __VA_ARGS__);                                                  \
        fputc('\n', stderr);                                                                       \
        fflush(NULL);                                                                              \
        _exit(0);                                                                                  \
    } while (0)
/* A line of the test's log, on stderr. */
#define cr_log_info(...) (fprintf(stderr, __VA_ARGS__), fputc('\n', stderr))

#endif
