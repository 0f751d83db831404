/*
 * runner.c - runs the tests registered through tsan/criterion/criterion.h
 * (the ThreadSanitizer build's stand-in for Criterion, see there): one
 * forked child per test, in which the suite's or the test's .init, the
 * test and .fini run under an alarm of .timeout seconds; a child that
 * fails an assertion, crashes, times out or exits through ThreadSanitizer
 * (halt_on_error=1) fails the test. The arguments Criterion takes
 * (--jobs 1, ...) are ignored; VO_TEST_ONLY=word runs only the tests whose
 * "suite::name" contains it. Exits 1 when a test failed or none ran.
 */
#include "criterion/criterion.h"

#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static struct vo_tt_test *tests, **tests_tail = &tests;
static struct vo_tt_suite *suites;

void vo_tt_register_test(struct vo_tt_test *t)
{
    *tests_tail = t;
    tests_tail = &t->next;
}

void vo_tt_register_suite(struct vo_tt_suite *s)
{
    s->next = suites;
    suites = s;
}

_Noreturn void vo_tt_fail(const char *file, int line, const char *expr, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "%s:%d: assertion failed: %s:", file, line, expr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    fflush(stderr);
    _exit(1);
}

void vo_tt_show_str(const char *a, const char *b)
{
    fprintf(stderr, "  \"%s\"\n  is not\n  \"%s\"\n", a ? a : "(null)", b ? b : "(null)");
}

static const struct vo_tt_cfg *suite_cfg(const char *name)
{
    for (struct vo_tt_suite *s = suites; s; s = s->next)
        if (!strcmp(s->name, name))
            return &s->cfg;
    return NULL;
}

static int run_one(const struct vo_tt_test *t)
{
    const struct vo_tt_cfg *sc = suite_cfg(t->suite);
    void (*init)(void) = t->cfg.init ? t->cfg.init : sc ? sc->init : NULL;
    void (*fini)(void) = t->cfg.fini ? t->cfg.fini : sc ? sc->fini : NULL;
    double timeout = t->cfg.timeout > 0 ? t->cfg.timeout : sc ? sc->timeout : 0;
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        perror("fork");
        return 1;
    }
    if (pid == 0) {
        if (timeout > 0)
            alarm((unsigned)timeout + 1);
        if (init)
            init();
        t->fn();
        if (fini)
            fini();
        fflush(NULL);
        _exit(0);
    }
    int status;
    while (waitpid(pid, &status, 0) < 0)
        ;
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
        return 0;
    if (WIFSIGNALED(status))
        fprintf(stderr, "[FAIL] %s::%s: %s%s\n", t->suite, t->name, strsignal(WTERMSIG(status)),
                WTERMSIG(status) == SIGALRM ? " (timed out)" : "");
    else
        fprintf(stderr, "[FAIL] %s::%s: exit code %d\n", t->suite, t->name, WEXITSTATUS(status));
    return 1;
}

int main(void)
{
    const char *only = getenv("VO_TEST_ONLY");
    int run = 0, failed = 0;
    for (struct vo_tt_test *t = tests; t; t = t->next) {
        char full[256];
        snprintf(full, sizeof full, "%s::%s", t->suite, t->name);
        if (only && !strstr(full, only))
            continue;
        run++;
        failed += run_one(t);
    }
    printf("[====] Synthesis: Tested: %d | Passing: %d | Failing: %d\n", run, run - failed, failed);
    return failed || !run ? 1 : 0;
}
