/*
 * import_print.c - the text of an import's outcome for `voronka import`:
 * per file counts, the mapping's sources, value maps, skipped rows and
 * warnings on stdout, the problems on stderr. The use case
 * (service/import.h) returns the report and prints nothing; this is its
 * reader in the CLI.
 */
#include "cli/import_print.h"

#include <string.h>

static const char *rows_word(int64_t n)
{
    return n == 1 ? "row" : "rows";
}

static void print_note(FILE *f, const char *indent, const struct vo_csv_note *n)
{
    fprintf(f, "%s%s", indent, n->file);
    if (n->line > 0)
        fprintf(f, ":%lld", (long long)n->line);
    if (n->column)
        fprintf(f, ": %s", n->column);
    fprintf(f, ": %s\n", n->msg);
}

/* Line numbers as runs ("2, 5-9, 12"), wrapped; at most `limit` runs
 * (0 = all). */
static void print_lines(FILE *f, const struct vo_map_group *g, size_t limit)
{
    size_t col = 10, runs = 0, i = 0;
    fprintf(f, "    lines ");
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
        fprintf(f, " ... and %zu more (--verbose lists them all)", g->n - i);
    fprintf(f, "\n");
}

void vo_cli_import_print(const struct vo_import_report *rep, FILE *out, FILE *err, bool verbose)
{
    const struct vo_map_result *m = &rep->map;
    fprintf(out, "Import of %s%s%s%s\n", rep->dir, rep->map_name ? " through the mapping " : "",
            rep->map_name ? rep->map_name : "", rep->dry_run ? " (dry run)" : "");
    fprintf(out, "  %-20s %9s %9s %9s %9s\n", "file", "rows", "created", "updated", "unchanged");
    for (size_t i = 0; i < rep->nfiles; i++) {
        const struct vo_import_count *c = &rep->files[i];
        if (!c->present)
            continue;
        fprintf(out, "  %-20s %9lld %9lld %9lld %9lld\n", c->file, (long long)c->rows,
                (long long)c->created, (long long)c->updated, (long long)c->unchanged);
    }
    if (m->nsources) {
        fprintf(out, "Source files:\n");
        for (size_t i = 0; i < m->nsources; i++) {
            const struct vo_map_source *s = &m->sources[i];
            fprintf(out, "  %s: %lld %s read -> %s: %lld %s", s->file, (long long)s->read,
                    rows_word(s->read), s->target, (long long)s->produced, rows_word(s->produced));
            if (s->merged)
                fprintf(out, ", %lld repeated rows merged", (long long)s->merged);
            if (s->skipped)
                fprintf(out, ", %lld skipped (listed below)", (long long)s->skipped);
            fprintf(out, "\n");
        }
    }
    if (m->ncounts) {
        fprintf(out, "Values changed by the mapping:\n");
        for (size_t i = 0; i < m->ncounts; i++)
            fprintf(out, "  %s: %s: \"%s\" -> \"%s\" on %lld %s\n", m->counts[i].file,
                    m->counts[i].column, m->counts[i].from, m->counts[i].to,
                    (long long)m->counts[i].n, rows_word(m->counts[i].n));
    }
    bool any_skip = false;
    for (size_t i = 0; i < m->nskips; i++)
        any_skip |= m->skips[i].n > 0;
    if (any_skip) {
        fprintf(out, "Rows the mapping skipped (not imported):\n");
        for (size_t i = 0; i < m->nskips; i++) {
            if (!m->skips[i].n)
                continue;
            fprintf(out, "  %s: %zu %s: %s\n", m->skips[i].file, m->skips[i].n,
                    rows_word((int64_t)m->skips[i].n), m->skips[i].reason);
            print_lines(out, &m->skips[i], 0);
        }
    }
    bool any_empty = false;
    for (size_t i = 0; i < m->nempties; i++)
        any_empty |= m->empties[i].n > 0;
    if (rep->warnings.n || any_empty) {
        fprintf(out, "Warnings:\n");
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
    if (rep->users_without_password && (rep->committed || rep->dry_run))
        fprintf(out,
                "%lld user%s %s created without a password: they cannot log in until an "
                "administrator sets one (voronka user passwd EMAIL|NAME)\n",
                (long long)rep->users_without_password, rep->users_without_password == 1 ? "" : "s",
                rep->committed ? (rep->users_without_password == 1 ? "was" : "were") : "would be");
    for (size_t i = 0; i < rep->problems.n; i++)
        print_note(err, "", &rep->problems.v[i]);
    if (rep->problems.n)
        fprintf(err, "%zu problem%s: nothing was imported\n", rep->problems.n,
                rep->problems.n == 1 ? "" : "s");
    else if (rep->committed)
        fprintf(out, "Imported.\n");
    else if (rep->dry_run)
        fprintf(out, "Dry run: every check passed; nothing was written.\n");
}
