/*
 * messages.h - the message catalogue: for each English printf format a
 * failing path of src/ gives vo_error_set, a stable id ("deal.won_needs_amount")
 * and the Russian format with the same conversions in the same order.
 *
 * One static const table (messages.c), read only: safe from any thread.
 * tests/cli/messages.py keeps it complete (every format of src/ is in it).
 */
#ifndef VO_BASE_MESSAGES_H
#define VO_BASE_MESSAGES_H

#include <stdbool.h>
#include <stddef.h>

struct vo_message {
    const char *en; /* the format exactly as written at the call site */
    const char *id; /* lower-case, dot-separated, unique, never reused */
    const char *ru; /* the same conversions as en, in the same order */
};

/* The row whose English format is fmt (compared as text), or NULL when fmt
 * is not in the catalogue; the row is static. */
const struct vo_message *vo_message_find(const char *fmt);
/* fmt's Russian row when ru and fmt is in the catalogue, else fmt: a
 * text's format in the language asked (tests/cli/messages.py keeps every
 * format given here in the catalogue). */
__attribute__((format_arg(1))) const char *vo_message_tr(const char *fmt, bool ru);
/* The number of rows, and row i (NULL past the end): for tests. */
size_t vo_messages_count(void);
const struct vo_message *vo_message_at(size_t i);

#endif
