/*
 * test_err_utf8.c - the texts of a vo_error are valid UTF-8 whatever they
 * echo: cut at a character boundary when too long, bytes that are not
 * UTF-8 replaced (issue 8, item 8: a 422 echoing 128 x U+1D54F went out
 * with no body, because the message was cut inside a character).
 */
#include <criterion/criterion.h>
#include <glib.h>
#include <string.h>

#include "api_fixture.h"
#include "base/err.h"

Test(err_utf8, a_long_message_is_cut_at_a_character_boundary)
{
    struct vo_error e = {0};
    char *tz = vo_api_repeat("", "\xF0\x9D\x95\x8F", 128); /* 512 bytes */
    vo_error_set(&e, VO_EINVAL, "tz", "\"%s\" is not an IANA time zone", tz);
    cr_assert(g_utf8_validate(e.msg, -1, NULL), "the message is not UTF-8");
    size_t n = strlen(e.msg);
    cr_assert_lt(n, sizeof e.msg);
    cr_assert_geq(n, sizeof e.msg - 4, "cut more than one character: %zu", n);
    cr_assert(g_str_has_suffix(e.msg, "\xF0\x9D\x95\x8F"), "ends with a whole character");
    char *due = vo_api_repeat("", "\xD0\xAF", 300);
    vo_error_set(&e, VO_EINVAL, "due_at", "a%s", due);
    cr_assert(g_utf8_validate(e.msg, -1, NULL));
    cr_assert_eq(strlen(e.msg), sizeof e.msg - 1, "a + 255 x 2 bytes: %zu", strlen(e.msg));
    g_free(tz);
    g_free(due);
}

Test(err_utf8, bytes_that_are_not_utf8_are_replaced)
{
    struct vo_error e = {0};
    vo_error_set(&e, VO_ENOTFOUND, "id", "no such object: %s", "\xFF\xC3");
    cr_assert(g_utf8_validate(e.msg, -1, NULL));
    cr_assert_str_eq(e.msg, "no such object: \xEF\xBF\xBD\xEF\xBF\xBD");
    /* The field echoes input too (an unknown JSON key); it has 64 bytes. */
    char *key = vo_api_repeat("", "\xD0\xAF", 40);
    vo_error_set(&e, VO_EINVAL, key, "unknown or read-only field \"%s\"", key);
    cr_assert(g_utf8_validate(e.field, -1, NULL));
    cr_assert_eq(strlen(e.field), 62);
    g_free(key);
}

Test(err_utf8, a_message_may_quote_the_previous_one)
{
    struct vo_error e = {0};
    vo_error_set(&e, VO_EIO, NULL, "disk full");
    vo_error_set(&e, VO_EIO, NULL, "deals.csv: %s", e.msg);
    cr_assert_str_eq(e.msg, "deals.csv: disk full");
}
