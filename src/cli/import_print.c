/*
 * import_print.c - the text of an import's outcome for `voronka import`:
 * per file counts, the mapping's sources, value maps, skipped rows and
 * warnings on stdout, the problems on stderr. The use case
 * (service/import.h) returns the report and prints nothing; this is its
 * reader in the CLI. Every text is in the environment's language
 * (cli.h's vo_cli_tr; a note's Russian text when it has one).
 */
#include "cli/import_print.h"

#include <glib.h>
#include <string.h>

#include "base/plural.h"
#include "cli/cli.h"

static const char *rows_word(int64_t n)
{
    if (vo_cli_russian())
        return vo_plural_ru_word(n, "строка", "строки", "строк");
    return n == 1 ? "row" : "rows";
}

static void print_note(FILE *f, const char *indent, const struct vo_csv_note *n)
{
    fprintf(f, "%s%s", indent, n->file);
    if (n->line > 0)
        fprintf(f, ":%lld", (long long)n->line);
    if (n->column)
        fprintf(f, ": %s", n->column);
    fprintf(f, ": %s\n", vo_cli_russian() && n->msg_ru && n->msg_ru[0] ? n->msg_ru : n->msg);
}

/* Line numbers as runs ("2, 5-9, 12"), wrapped; at most `limit` runs
 * (0 = all). */
static void print_lines(FILE *f, const struct vo_map_group *g, size_t limit)
{
    size_t col = 10, runs = 0, i = 0;
    fprintf(f, "    %s ", vo_cli_tr(g->n == 1 ? "line" : "lines"));
    while (i < g->n && (!limit || runs < limit)) {
        size_t j = i;
        while (j + 1 < g->n && g->lines[j + 1] == g->lines[j] + 1)
            j++;
        char num[64];
        int len = j > i ? snprintf(num, sizeof num, "%lld-%lld", (long long)g->lines[i],
                                   (long long)g->lines[j])
                        : snprintf(num, sizeof num, "%lld", (long long)g->lines[i]);
        if (runs && col + (size_t)len + 2 > 96) {
            fprintf(f, ",\n          ");
            col = 10;
        } else if (runs) {
            fprintf(f, ", ");
            col += 2;
        }
        fprintf(f, "%s", num);
        col += (size_t)len;
        runs++;
        i = j + 1;
    }
    if (i < g->n)
        fprintf(f, vo_cli_tr(" ... and %zu more (--verbose lists them all)"), g->n - i);
    fprintf(f, "\n");
}

static const char *deals_word(int64_t n)
{
    if (vo_cli_russian())
        return vo_plural_ru_word(n, "сделка", "сделки", "сделок");
    return n == 1 ? "deal" : "deals";
}

/* Where deals.csv's deals land: per pipeline, stage and status, the org's
 * stage, a stage the import creates, or none; per owner the same. */
static void print_matching(const struct vo_import_report *rep, FILE *out)
{
    if (rep->nstages)
        fputs(vo_cli_tr("Stages of the deals:\n"), out);
    for (size_t i = 0; i < rep->nstages; i++) {
        const struct vo_import_stage *s = &rep->stages[i];
        fprintf(out, "  %s / %s%s: %lld %s -> ", s->pipeline,
                s->stage ? s->stage : vo_cli_tr("(no stage)"),
                strcmp(s->status, "won") == 0    ? vo_cli_tr(", won")
                : strcmp(s->status, "lost") == 0 ? vo_cli_tr(", lost")
                                                 : "",
                (long long)s->deals, deals_word(s->deals));
        if (s->match == VO_IMPORT_EXISTING)
            fprintf(out, vo_cli_tr("the stage \"%s\" (id %lld)\n"), s->stage_name,
                    (long long)s->stage_id);
        else if (s->match == VO_IMPORT_CREATED)
            fprintf(out, vo_cli_tr("a new stage \"%s\"\n"), s->stage_name ? s->stage_name : "");
        else
            fputs(vo_cli_tr("no such stage: those rows are problems\n"), out);
    }
    if (rep->nusers)
        fputs(vo_cli_tr("Owners of the deals:\n"), out);
    for (size_t i = 0; i < rep->nusers; i++) {
        const struct vo_import_user *u = &rep->users[i];
        fprintf(out, "  %s: %lld %s -> ", u->owner, (long long)u->deals, deals_word(u->deals));
        if (u->match == VO_IMPORT_EXISTING)
            fprintf(out, vo_cli_tr("the user \"%s\" (id %lld)\n"), u->user_name,
                    (long long)u->user_id);
        else if (u->match == VO_IMPORT_CREATED)
            fputs(vo_cli_tr("a new user\n"), out);
        else
            fputs(vo_cli_tr("no such user: those rows are problems\n"), out);
    }
}

void vo_cli_import_print(const struct vo_import_report *rep, FILE *out, FILE *err, bool verbose)
{
    const struct vo_map_result *m = &rep->map;
    fprintf(out, vo_cli_tr("Import of %s%s%s%s\n"), rep->dir,
            rep->map_name ? vo_cli_tr(" through the mapping ") : "",
            !rep->map_name                         ? ""
            : vo_cli_russian() && rep->map_name_ru ? rep->map_name_ru
                                                   : rep->map_name,
            rep->dry_run ? vo_cli_tr(" (dry run)") : "");
    /* the column names padded by characters, not bytes (Cyrillic is two) */
    const char *head[] = {vo_cli_tr("file"),    vo_cli_tr("rows"),      vo_cli_tr("created"),
                          vo_cli_tr("updated"), vo_cli_tr("unchanged"), vo_cli_tr("rejected")};
    size_t nhead = sizeof head / sizeof head[0] - (rep->skip_invalid ? 0 : 1);
    for (size_t i = 0; i < nhead; i++) {
        int pad = (i ? 9 : 20) - (int)g_utf8_strlen(head[i], -1);
        pad = pad > 0 ? pad : 0;
        if (i == 0)
            fprintf(out, "  %s%*s", head[i], pad, ""); /* the file: to the left */
        else
            fprintf(out, " %*s%s", pad, "", head[i]); /* the counts: to the right */
    }
    fputc('\n', out);
    for (size_t i = 0; i < rep->nfiles; i++) {
        const struct vo_import_count *c = &rep->files[i];
        if (!c->present)
            continue;
        fprintf(out, "  %-20s %9lld %9lld %9lld %9lld", c->file, (long long)c->rows,
                (long long)c->created, (long long)c->updated, (long long)c->unchanged);
        if (rep->skip_invalid)
            fprintf(out, " %9lld", (long long)c->rejected);
        fputc('\n', out);
    }
    print_matching(rep, out);
    if (m->nsources) {
        fputs(vo_cli_tr("Source files:\n"), out);
        for (size_t i = 0; i < m->nsources; i++) {
            const struct vo_map_source *s = &m->sources[i];
            fprintf(out, vo_cli_tr("  %s: %lld %s read -> %s: %lld %s"), s->file,
                    (long long)s->read, rows_word(s->read), s->target, (long long)s->produced,
                    rows_word(s->produced));
            if (s->merged)
                fprintf(out, vo_cli_tr(", %lld repeated rows merged"), (long long)s->merged);
            if (s->skipped)
                fprintf(out, vo_cli_tr(", %lld skipped (listed below)"), (long long)s->skipped);
            fprintf(out, "\n");
        }
    }
    if (m->ncounts) {
        fputs(vo_cli_tr("Values changed by the mapping:\n"), out);
        for (size_t i = 0; i < m->ncounts; i++)
            fprintf(out, vo_cli_tr("  %s: %s: \"%s\" -> \"%s\" on %lld %s\n"), m->counts[i].file,
                    m->counts[i].column, m->counts[i].from, m->counts[i].to,
                    (long long)m->counts[i].n, rows_word(m->counts[i].n));
    }
    bool any_skip = false;
    for (size_t i = 0; i < m->nskips; i++)
        any_skip |= m->skips[i].n > 0;
    if (any_skip) {
        fputs(vo_cli_tr("Rows the mapping skipped (not imported):\n"), out);
        for (size_t i = 0; i < m->nskips; i++) {
            if (!m->skips[i].n)
                continue;
            const struct vo_map_group *g = &m->skips[i];
            fprintf(out, "  %s: %zu %s: ", g->file, g->n, rows_word((int64_t)g->n));
            if (g->reason)
                fprintf(out, "%s\n", vo_cli_russian() && g->reason_ru ? g->reason_ru : g->reason);
            else if (g->equals)
                fprintf(out, vo_cli_tr("%s is %s\n"), g->watch, g->equals);
            else
                fprintf(out, vo_cli_tr("%s is empty\n"), g->watch);
            print_lines(out, &m->skips[i], 0);
        }
    }
    bool any_empty = false;
    for (size_t i = 0; i < m->nempties; i++)
        any_empty |= m->empties[i].n > 0;
    if (rep->warnings.n || any_empty) {
        fputs(vo_cli_tr("Warnings:\n"), out);
        for (size_t i = 0; i < m->nempties; i++) {
            if (!m->empties[i].n)
                continue;
            fprintf(out, "  %s: %s: %zu %s: %s\n", m->empties[i].file, m->empties[i].column,
                    m->empties[i].n, rows_word((int64_t)m->empties[i].n), m->empties[i].reason);
            print_lines(out, &m->empties[i], verbose ? 0 : 20);
        }
        for (size_t i = 0; i < rep->warnings.n; i++)
            print_note(out, "  ", &rep->warnings.v[i]);
    }
    int64_t nopw = rep->users_without_password;
    if (nopw && rep->committed)
        fprintf(out,
                vo_cli_tr("%lld user%s %s created without a password: they cannot log in until "
                          "an administrator sets one (voronka user passwd EMAIL|NAME)\n"),
                (long long)nopw, nopw == 1 ? "" : "s", nopw == 1 ? "was" : "were");
    else if (nopw && rep->dry_run)
        fprintf(out,
                vo_cli_tr("%lld user%s would be created without a password: they cannot log in "
                          "until an administrator sets one (voronka user passwd EMAIL|NAME)\n"),
                (long long)nopw, nopw == 1 ? "" : "s");
    if (rep->nrejects && (rep->committed || rep->dry_run)) {
        /* a partial import: the reasons of the rejected rows, the first
         * ones (every one is in the rejects files) */
        size_t show = verbose || rep->problems.n <= 20 ? rep->problems.n : 20;
        for (size_t i = 0; i < show; i++)
            print_note(err, "", &rep->problems.v[i]);
        if (show < rep->problems.n)
            fprintf(err, vo_cli_tr("... and %zu more problems (--verbose lists them all)\n"),
                    rep->problems.n - show);
        fprintf(err,
                rep->committed ? vo_cli_tr("%zu %s rejected, the others imported\n")
                               : vo_cli_tr("Dry run: %zu %s would be rejected; nothing was "
                                           "written.\n"),
                rep->nrejects, rows_word((int64_t)rep->nrejects));
        return;
    }
    for (size_t i = 0; i < rep->problems.n; i++)
        print_note(err, "", &rep->problems.v[i]);
    size_t np = rep->problems.n + rep->problems.more;
    if (rep->problems.more)
        fprintf(err, vo_cli_tr("... and %zu more problems (the first %zu are listed)\n"),
                rep->problems.more, rep->problems.n);
    if (np)
        fprintf(err, vo_cli_tr("%zu problem%s: nothing was imported\n"), np, np == 1 ? "" : "s");
    else if (rep->committed)
        fputs(vo_cli_tr("Imported.\n"), out);
    else if (rep->dry_run)
        fputs(vo_cli_tr("Dry run: every check passed; nothing was written.\n"), out);
}
