/*
 * import.c - the importer: tables of the import format (read from a
 * directory, or produced by a mapping from a foreign export) checked and
 * written in one store transaction.
 *
 * One function per file of the format, in a table in dependency order
 * (users before deals, deals before payments). Each row is parsed column by
 * column, every problem is noted with the row's source file and line (the
 * row goes on being checked, so one run lists everything), and a row
 * without problems is validated by the model and upserted: later rows see
 * it through the store. References to a row that itself had a problem are
 * not reported a second time. At the end: any problem, or a dry run, rolls
 * everything back; otherwise one audit row and the commit.
 *
 * The parts: import_row.c (reading a row, references, counts),
 * import_people.c (users, products, pipelines), import_records.c (the CRM
 * files); the state they share is import_int.h. The report is printed by
 * the CLI (src/cli/import_print.c).
 */
#include "service/import.h"
#include "service/import_detect.h"

#include "service/import_int.h"

#include "io/xlsx.h"

/* The importer of each file of the format, in vo_map_targets order. */
static void (*const row_fns[])(struct row *, struct vo_import_count *) = {
    imp_row_users,      imp_row_products, NULL /* pipelines: whole file */,
    imp_row_clients,    imp_row_deals,    imp_row_stage_changes,
    imp_row_activities, imp_row_tasks,    imp_row_payments,
    imp_row_plans,      imp_row_spend,    imp_row_nps,
    imp_row_holidays,
};

/* ---- a table ---- */

/* Warns about the columns that are not the format's: one warning for the
 * ones without a name and one for the unknown ones, each with a count and
 * the first few, however wide the header. */
static void unknown_columns(struct imp *im, const struct vo_map_target *fmt, const struct vo_csv *t)
{
    enum { SHOW = 5 };
    const char **unknown = VO_ARENA_ARRAY(im->a, const char *, t->ncols ? t->ncols : 1);
    const char **unnamed = VO_ARENA_ARRAY(im->a, const char *, t->ncols ? t->ncols : 1);
    size_t nu = 0, nn = 0;
    if (!unknown || !unnamed)
        return;
    for (size_t c = 0; c < t->ncols; c++) {
        if (!t->cols[c][0])
            unnamed[nn++] = vo_arena_printf(im->a, "%zu", c + 1);
        else if (!vo_map_target_has(fmt, t->cols[c]) && !vo_csv_reject_col(t->cols[c]))
            unknown[nu++] = t->cols[c];
    }
    struct vo_csv_notes *w = &im->rep->warnings;
    if (nn == 1)
        vo_csv_note_add(w, im->a, t->name, 1, NULL, "column %s has no name: ignored", unnamed[0]);
    else if (nn > 1)
        vo_csv_note_add(w, im->a, t->name, 1, NULL, "%zu columns have no name (%s): ignored", nn,
                        vo_csv_name_list(im->a, unnamed, nn, SHOW));
    if (nu == 1)
        vo_csv_note_add(w, im->a, t->name, 1, unknown[0], "not a column of %s: ignored", fmt->name);
    else if (nu > 1)
        vo_csv_note_add(w, im->a, t->name, 1, NULL,
                        "%zu columns are not columns of %s: %s: ignored", nu, fmt->name,
                        vo_csv_name_list(im->a, unknown, nu, SHOW));
}

/* The columns of table t (a file of format fi): the unknown ones warned
 * about, the required ones checked. The table's column of each format
 * column (in im's arena), or NULL when one is missing (a problem). */
static int *table_begin(struct imp *im, size_t fi, const struct vo_csv *t)
{
    const struct vo_map_target *fmt = &vo_map_targets[fi];
    im->rep->files[fi].present = true;
    size_t ncol = 0;
    while (fmt->cols[ncol])
        ncol++;
    int *idx = VO_ARENA_ARRAY(im->a, int, ncol);
    if (!idx)
        return NULL;
    for (size_t i = 0; i < ncol; i++)
        idx[i] = vo_csv_col(t, fmt->cols[i]);
    unknown_columns(im, fmt, t);
    bool missing = false;
    for (const char *const *r = fmt->required; *r; r++) {
        if (vo_csv_col(t, *r) < 0) {
            vo_csv_note_add(&im->rep->problems, im->a, t->name, 1, *r,
                            "the required column is missing");
            missing = true;
        }
    }
    return missing ? NULL : idx;
}

/* The rows of t, a file of format fi (all of it, or a chunk of it). */
static void table_rows(struct imp *im, size_t fi, const struct vo_csv *t, const int *idx)
{
    const struct vo_map_target *fmt = &vo_map_targets[fi];
    struct vo_import_count *cnt = &im->rep->files[fi];
    struct row base = {.im = im, .t = t, .fmt = fmt, .idx = idx};
    if (!row_fns[fi]) {
        struct row *rows = VO_ARENA_ARRAY(im->a, struct row, t->nrows ? t->nrows : 1);
        if (!rows)
            return;
        for (size_t i = 0; i < t->nrows; i++) {
            rows[i] = base;
            rows[i].r = &t->rows[i];
            imp_row_noted(&rows[i]);
        }
        cnt->rows += (int64_t)t->nrows;
        imp_import_pipelines(im, rows, t->nrows, cnt);
        return;
    }
    for (size_t i = 0; i < t->nrows && !im->fatal; i++) {
        struct row rw = base;
        rw.r = &t->rows[i];
        imp_row_noted(&rw);
        if (!imp_row_open(&rw))
            break;
        row_fns[fi](&rw, cnt);
        imp_row_close(&rw, cnt);
        cnt->rows++;
        if (im->opts->progress && im->opts->progress_every > 0 &&
            cnt->rows % im->opts->progress_every == 0)
            im->opts->progress(im->opts->progress_ctx, t->name, cnt->rows);
    }
}

static void import_table(struct imp *im, size_t fi, const struct vo_csv *t)
{
    const int *idx = table_begin(im, fi, t);
    if (idx)
        table_rows(im, fi, t, idx);
}

/* A file of format fi read in chunks of VO_IMPORT_CHUNK_ROWS rows, each
 * in an arena of its own that is freed once its rows are written (a
 * pipeline is checked whole: pipelines.csv is read at once). */
static void import_stream(struct imp *im, size_t fi, struct vo_csv_stream *s)
{
    const struct vo_csv *h = vo_csv_stream_header(s);
    const int *idx = table_begin(im, fi, h);
    if (!idx)
        return;
    for (bool more = true; more && !im->fatal;) {
        struct vo_arena chunk;
        vo_arena_init(&chunk, im->a->cap);
        struct vo_csv *t = NULL;
        struct vo_error re = {0};
        vo_err rc = vo_csv_stream_next(s, row_fns[fi] ? &chunk : im->a,
                                       row_fns[fi] ? VO_IMPORT_CHUNK_ROWS : 0, &t, &re);
        if (rc == VO_ENOMEM) {
            imp_fatal(im, &re);
        } else if (rc) {
            vo_csv_note_add_e(&im->rep->problems, im->a, h->name, 0, NULL, &re);
        } else {
            im->ra = &chunk;
            table_rows(im, fi, t, idx);
            im->ra = im->a;
            if (chunk.refused) {
                vo_error_set(&re, VO_ENOMEM, NULL, "%s: too big for memory", h->name);
                imp_fatal(im, &re);
            }
        }
        more = !rc && t->nrows && row_fns[fi];
        vo_arena_cleanup(&chunk);
    }
}

/* ---- the sources ---- */

/* Reads voronka's own files from dir; warns about other CSV files. With
 * streams (not NULL) each file is opened and its header read, the rows
 * left to import_stream (tables[i] is streams[i]'s header); without, each
 * is read whole (a partial import's rejects need every row at hand). */
static vo_err read_dir(struct imp *im, const char *dir, struct vo_csv ***tables,
                       struct vo_csv_stream ***streams, size_t *n, struct vo_error *e)
{
    GError *gerr = NULL;
    GDir *d = g_dir_open(dir, 0, &gerr);
    if (!d) {
        vo_err rc = vo_error_set(e, VO_EIO, NULL, "%s", gerr->message);
        g_error_free(gerr);
        return rc;
    }
    const char *name;
    while ((name = g_dir_read_name(d))) {
        if (vo_table_name(name) && !vo_map_target_find(name))
            vo_csv_note_add(&im->rep->warnings, im->a, name, 0, NULL,
                            "not a file of the import format: ignored (docs/import.md; a "
                            "foreign export needs --map)");
    }
    g_dir_close(d);
    *tables = VO_ARENA_ARRAY(im->a, struct vo_csv *, vo_map_target_count);
    *n = 0;
    if (!*tables)
        return vo_error_set(e, VO_ENOMEM, NULL, "out of memory");
    if (streams && !(*streams = VO_ARENA_ARRAY(im->a, struct vo_csv_stream *, vo_map_target_count)))
        return vo_error_set(e, VO_ENOMEM, NULL, "out of memory");
    for (size_t i = 0; i < vo_map_target_count; i++) {
        char *path = g_build_filename(dir, vo_map_targets[i].name, NULL);
        if (g_file_test(path, G_FILE_TEST_IS_REGULAR)) {
            struct vo_csv *t = NULL;
            struct vo_csv_stream *st = NULL;
            struct vo_error re = {0};
            vo_err rc = streams ? vo_csv_stream_open(path, vo_map_targets[i].name, NULL, im->a,
                                                     &im->rep->problems, &st, &re)
                                : vo_csv_read(path, vo_map_targets[i].name, NULL, im->a, &t,
                                              &im->rep->problems, &re);
            if (!rc && st) {
                (*streams)[*n] = st;
                t = (struct vo_csv *)vo_csv_stream_header(st);
            }
            if (rc == VO_ENOMEM) {
                g_free(path);
                *e = re;
                return rc;
            }
            if (rc)
                vo_csv_note_add_e(&im->rep->problems, im->a, vo_map_targets[i].name, 0, NULL, &re);
            else
                (*tables)[(*n)++] = t;
            /* Even an unreadable file was there: show it in the summary. */
            im->rep->files[i].present = true;
        }
        g_free(path);
    }
    if (*n == 0 && im->rep->problems.n == 0) {
        GString *names = g_string_new(NULL);
        for (size_t i = 0; i < vo_map_target_count; i++)
            g_string_append_printf(names, "%s%s", i ? ", " : "", vo_map_targets[i].name);
        vo_err rc = vo_error_set(e, VO_EINVAL, NULL,
                                 "%s holds none of the import files (%s); for another CRM's "
                                 "export use --map",
                                 dir, names->str);
        g_string_free(names, TRUE);
        return rc;
    }
    return VO_OK;
}

static const char *audit_detail(struct imp *im, const char *dir)
{
    json_t *o = json_object();
    json_object_set_new(o, "dir", json_string(dir));
    if (im->rep->map_name)
        json_object_set_new(o, "mapping", json_string(im->rep->map_name));
    json_t *files = json_object();
    for (size_t i = 0; i < im->rep->nfiles; i++) {
        const struct vo_import_count *c = &im->rep->files[i];
        if (!c->present)
            continue;
        json_object_set_new(files, c->file,
                            json_pack("{sIsIsIsI}", "rows", (json_int_t)c->rows, "created",
                                      (json_int_t)c->created, "updated", (json_int_t)c->updated,
                                      "unchanged", (json_int_t)c->unchanged));
        if (im->skip)
            json_object_set_new(json_object_get(files, c->file), "rejected",
                                json_integer((json_int_t)c->rejected));
    }
    json_object_set_new(o, "files", files);
    if (im->skip)
        json_object_set_new(o, "rejected", json_integer((json_int_t)im->rep->nrejects));
    int64_t skipped = 0;
    for (size_t i = 0; i < im->rep->map.nskips; i++)
        skipped += (int64_t)im->rep->map.skips[i].n;
    if (im->rep->map_name)
        json_object_set_new(o, "skipped", json_integer((json_int_t)skipped));
    char *s = json_dumps(o, JSON_COMPACT);
    const char *out = vo_arena_strdup(im->a, s ? s : "{}");
    free(s);
    json_decref(o);
    return out;
}

/* ---- a partial import's rejects ---- */

/* The rows the reading found wrong already (problems so far, with a line
 * past the header): they start failed. */
static void note_read_problems(struct imp *im)
{
    for (size_t i = 0; i < im->rep->problems.n; i++) {
        const struct vo_csv_note *n = &im->rep->problems.v[i];
        if (n->line > 1)
            g_hash_table_add(im->noted,
                             vo_arena_printf(im->a, "%s\n%lld", n->file, (long long)n->line));
    }
}

/* The input row a rejected row stands for: with a mapping, the source
 * file's row of the same line (its own columns); else the row itself. */
static void source_row(const struct vo_import_report *rep, struct vo_import_reject *j)
{
    for (size_t i = 0; i < rep->map.ninputs; i++) {
        const struct vo_csv *s = rep->map.inputs[i];
        if (strcmp(s->name, j->file) != 0)
            continue;
        size_t lo = 0, hi = s->nrows;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (s->rows[mid].line < j->line)
                lo = mid + 1;
            else
                hi = mid;
        }
        if (lo < s->nrows && s->rows[lo].line == j->line) {
            j->t = s;
            j->r = &s->rows[lo];
        }
        return;
    }
}

/* Whether any row of the import is kept (created, updated, unchanged). */
static bool imported(const struct vo_import_report *rep)
{
    for (size_t i = 0; i < rep->nfiles; i++)
        if (rep->files[i].created || rep->files[i].updated || rep->files[i].unchanged)
            return true;
    return false;
}

static int reject_cmp(const void *a, const void *b)
{
    const struct vo_import_reject *x = *(const struct vo_import_reject *const *)a;
    const struct vo_import_reject *y = *(const struct vo_import_reject *const *)b;
    return (x->line > y->line) - (x->line < y->line);
}

/* The rejected rows (one per input line) with their problems, by file.
 * false when a problem belongs to no rejected row (a file's header, a
 * file that cannot be read): then nothing may be written. */
static bool assemble_rejects(struct imp *im)
{
    struct vo_import_report *rep = im->rep;
    GHashTable *by_key = g_hash_table_new(g_str_hash, g_str_equal);
    rep->rejects =
        VO_ARENA_ARRAY(im->a, struct vo_import_reject, im->rejected->len ? im->rejected->len : 1);
    bool owned = rep->rejects != NULL;
    for (guint i = 0; owned && i < im->rejected->len; i++) {
        const struct imp_rej *x = &g_array_index(im->rejected, struct imp_rej, i);
        char *k = vo_arena_printf(im->a, "%s\n%lld", x->t->name, (long long)x->r->line);
        if (!k) {
            owned = false;
            break;
        }
        if (g_hash_table_contains(by_key, k))
            continue;
        struct vo_import_reject *j = &rep->rejects[rep->nrejects++];
        *j =
            (struct vo_import_reject){.file = x->t->name, .line = x->r->line, .t = x->t, .r = x->r};
        source_row(rep, j);
        g_hash_table_insert(by_key, k, j);
    }
    for (size_t i = 0; owned && i < rep->problems.n; i++) {
        const struct vo_csv_note *n = &rep->problems.v[i];
        char *k = vo_arena_printf(im->a, "%s\n%lld", n->file, (long long)n->line);
        struct vo_import_reject *j = k ? g_hash_table_lookup(by_key, k) : NULL;
        if (!j) {
            owned = false;
            break;
        }
        const char *ru = n->msg_ru ? n->msg_ru : n->msg;
        if (!j->msg) {
            j->field = n->column;
            j->code = n->id;
            j->msg = n->msg;
            j->msg_ru = ru;
        } else {
            const char *col = n->column ? n->column : "";
            const char *sep = n->column ? ": " : "";
            j->msg = vo_arena_printf(im->a, "%s; %s%s%s", j->msg, col, sep, n->msg);
            j->msg_ru = vo_arena_printf(im->a, "%s; %s%s%s", j->msg_ru, col, sep, ru);
        }
    }
    g_hash_table_destroy(by_key);
    if (!owned) {
        rep->nrejects = 0; /* the problems are the import's, as without skip_invalid */
        return false;
    }
    /* by file, in the order they were first rejected; each in line order */
    rep->reject_files =
        VO_ARENA_ARRAY(im->a, struct vo_import_reject_file, rep->nrejects + rep->map.ninputs + 1);
    if (!rep->reject_files)
        return false;
    for (size_t i = 0; i < rep->nrejects; i++) {
        struct vo_import_reject *j = &rep->rejects[i];
        size_t f = 0;
        while (f < rep->nreject_files && strcmp(rep->reject_files[f].file, j->file) != 0)
            f++;
        if (f == rep->nreject_files)
            rep->reject_files[rep->nreject_files++] =
                (struct vo_import_reject_file){.file = j->file, .t = j->t};
        rep->reject_files[f].n++;
    }
    for (size_t f = 0; f < rep->nreject_files; f++) {
        struct vo_import_reject_file *rf = &rep->reject_files[f];
        rf->rows = VO_ARENA_ARRAY(im->a, const struct vo_import_reject *, rf->n);
        if (!rf->rows)
            return false;
        size_t k = 0;
        for (size_t i = 0; i < rep->nrejects; i++)
            if (strcmp(rep->rejects[i].file, rf->file) == 0)
                rf->rows[k++] = &rep->rejects[i];
        qsort(rf->rows, rf->n, sizeof *rf->rows, reject_cmp);
    }
    /* A mapping reads all of its source files: the ones without a rejected
     * row come as their header alone, so the mapping runs on the rejects
     * directory as it is. */
    for (size_t i = 0; rep->nrejects && i < rep->map.ninputs; i++) {
        const struct vo_csv *t = rep->map.inputs[i];
        size_t f = 0;
        while (f < rep->nreject_files && strcmp(rep->reject_files[f].file, t->name) != 0)
            f++;
        if (f == rep->nreject_files)
            rep->reject_files[rep->nreject_files++] =
                (struct vo_import_reject_file){.file = t->name, .t = t};
    }
    return true;
}

vo_err vo_svc_import(struct vo_svc *svc, const char *dir, const struct vo_import_opts *opts,
                     struct vo_import_report *rep, struct vo_error *e)
{
    static const struct vo_import_opts defaults = {0};
    if (!opts)
        opts = &defaults;
    memset(rep, 0, sizeof *rep);
    rep->skip_invalid = opts->skip_invalid;
    /* a partial import's problems are its rejects' reasons: each kept */
    rep->problems.max = opts->skip_invalid ? 0 : VO_IMPORT_MAX_PROBLEMS;
    /* A copy the import could not make (a row, a problem note) may have
     * been dropped without a trace: any refusal of the arena fails it. */
    size_t refused = svc->arena->refused;
    rep->dir = vo_arena_strdup(svc->arena, dir);
    rep->dry_run = opts->dry_run;
    rep->files = VO_ARENA_ARRAY(svc->arena, struct vo_import_count, vo_map_target_count);
    if (!rep->files)
        return vo_error_set(e, VO_ENOMEM, NULL, "out of memory");
    rep->nfiles = vo_map_target_count;
    for (size_t i = 0; i < vo_map_target_count; i++)
        rep->files[i].file = vo_map_targets[i].name;
    vo_err rc = vo_svc_may_write(svc, VO_OBJ_IMPORT, e);
    if (rc)
        return rc;
    if (!opts->tables && !g_file_test(dir, G_FILE_TEST_IS_DIR))
        return vo_error_set(e, VO_EIO, NULL, "%s: not a directory", dir);

    struct imp im = {.svc = svc,
                     .a = svc->arena,
                     .ra = svc->arena,
                     .rep = rep,
                     .opts = opts,
                     .skip = opts->skip_invalid};
    struct vo_csv **tables = NULL;
    struct vo_csv_stream **streams = NULL;
    size_t ntables = 0;
    struct vo_import_detection det = {0};
    if (!opts->map_path && opts->preset)
        rc = vo_svc_import_preset(opts->preset, svc->arena, &det, e);
    else if (!opts->map_path && opts->detect)
        rc = vo_svc_import_detect(dir, svc->arena, &det, e);
    if (rc)
        return rc;
    if (opts->tables) {
        tables = VO_ARENA_ARRAY(svc->arena, struct vo_csv *, opts->ntables ? opts->ntables : 1);
        if (!tables)
            return vo_error_set(e, VO_ENOMEM, NULL, "out of memory");
        memcpy(tables, opts->tables, opts->ntables * sizeof *tables);
        ntables = opts->ntables;
    } else if (opts->map_path || det.map) {
        struct vo_map *m = det.map;
        if (!m && (rc = vo_map_load(opts->map_path, svc->arena, &m, e)))
            return rc;
        rep->map_name = vo_map_name(m);
        rep->map_name_ru = vo_map_name_ru(m);
        rep->preset = det.preset ? det.preset->name : NULL;
        rep->detected = det.preset && !opts->preset;
        if ((rc = vo_map_apply(m, dir, svc->arena, &rep->map, &rep->problems, &rep->warnings, e)))
            return rc;
        tables = rep->map.tables;
        ntables = rep->map.ntables;
    } else if ((rc = read_dir(&im, dir, &tables, im.skip ? NULL : &streams, &ntables, e))) {
        for (size_t i = 0; streams && i < ntables; i++)
            vo_csv_stream_close(streams[i]);
        return rc;
    }

    im.users = g_hash_table_new(g_str_hash, g_str_equal);
    im.pipes = g_hash_table_new(g_str_hash, g_str_equal);
    im.pipe_ids = g_hash_table_new(g_int64_hash, g_int64_equal);
    im.seen = g_new0(GHashTable *, vo_map_target_count);
    im.names = g_ptr_array_new();
    im.moves = g_hash_table_new(g_str_hash, g_str_equal);
    for (size_t k = 0; k < 6; k++)
        im.failed[k] = g_hash_table_new(g_str_hash, g_str_equal);
    im.failed_users = g_hash_table_new(g_str_hash, g_str_equal);
    im.failed_pipes = g_hash_table_new(g_str_hash, g_str_equal);
    im.noted = g_hash_table_new(g_str_hash, g_str_equal);
    im.rejected = g_array_new(FALSE, FALSE, sizeof(struct imp_rej));
    if (im.skip)
        note_read_problems(&im);

    /* on PostgreSQL the new rows go by COPY (a row that breaks a key fails
     * the commit, not its own statement: not with skip_invalid, whose rows
     * are undone one by one); on SQLite the transaction's settings, taken
     * at its BEGIN (vo_store_copy_mode) */
    if (imp_ext_on(&im) && (rc = vo_store_copy_mode(svc->st, true, e)))
        goto out;
    rc = vo_store_begin(svc->st, e);
    if (rc)
        goto out;
    /* into a new database, the indexes are built after the rows (at the
     * commit: vo_store_indexes_after) */
    if ((rc = vo_store_indexes_after(svc->st, &rep->indexes_after, e)) ||
        (rc = imp_match_begin(&im, e))) {
        vo_store_rollback(svc->st);
        goto out;
    }
    for (size_t fi = 0; fi < vo_map_target_count && !im.fatal; fi++)
        for (size_t ti = 0; ti < ntables && !im.fatal; ti++)
            if (strcmp(tables[ti]->target, vo_map_targets[fi].name) == 0)
                streams ? import_stream(&im, fi, streams[ti]) : import_table(&im, fi, tables[ti]);
    if (svc->arena->refused != refused) {
        rc = vo_error_set(e, VO_ENOMEM, NULL, "out of memory: nothing was imported");
    } else if (im.fatal) {
        *e = im.fe;
        rc = im.fatal;
    } else if (rep->problems.n && (!im.skip || !assemble_rejects(&im) || !imported(rep))) {
        size_t np = rep->problems.n + rep->problems.more;
        rc = vo_error_set(e, VO_EINVAL, NULL, "%zu problem%s in the input: nothing was imported",
                          np, np == 1 ? "" : "s");
    } else if (!opts->dry_run) {
        rc = vo_store_audit(svc->st, svc->org.id, svc->actor_id, "import", "import", 0,
                            audit_detail(&im, dir), e);
        if (!rc)
            rc = vo_store_commit(svc->st, e);
        rep->committed = rc == VO_OK;
    }
    if (!rep->committed)
        vo_store_rollback(svc->st);
out:
    vo_store_copy_mode(svc->st, false, NULL); /* sent at the commit, dropped at the rollback */
    for (size_t i = 0; streams && i < ntables; i++)
        vo_csv_stream_close(streams[i]);
    for (size_t k = 0; k < 6; k++)
        if (im.ext[k])
            g_hash_table_destroy(im.ext[k]);
    imp_match_end(&im);
    g_hash_table_destroy(im.users);
    g_hash_table_destroy(im.pipes);
    g_hash_table_destroy(im.pipe_ids);
    for (size_t k = 0; k < vo_map_target_count; k++)
        if (im.seen[k])
            g_hash_table_destroy(im.seen[k]);
    g_free(im.seen);
    g_ptr_array_free(im.names, TRUE);
    g_hash_table_destroy(im.moves);
    for (size_t k = 0; k < 6; k++)
        g_hash_table_destroy(im.failed[k]);
    g_hash_table_destroy(im.failed_users);
    g_hash_table_destroy(im.failed_pipes);
    g_hash_table_destroy(im.noted);
    g_array_free(im.rejected, TRUE);
    return rc;
}

const struct vo_import_count *vo_import_report_file(const struct vo_import_report *rep,
                                                    const char *file)
{
    for (size_t i = 0; i < rep->nfiles; i++)
        if (strcmp(rep->files[i].file, file) == 0)
            return &rep->files[i];
    return NULL;
}
