/*
 * sheet.c - the typed table of sheet.h and its two writers.
 *
 * Building: each row is one arena array of ncols zeroed (absent) cells,
 * and the rows a growing arena array of pointers to them, so growing
 * copies 8 bytes a row and never the cells (100,000 rows of 10 columns
 * take about 31 MB of arena, texts included). The first mistake is kept
 * in the sheet (a "sticky" error, as the arena's refused count) so a
 * list's export loop calls setters without a check each and asks once at
 * the end.
 *
 * Time: a DATETIME cell is converted when it is set. GLib says the zone's
 * UTC offset at that instant; the cell keeps the local wall-clock seconds
 * (the instant plus that offset), from which both writers take the date
 * and the time of day with plain division, and XLSX its serial number
 * (days from 1899-12-30, the day's fraction after the point).
 *
 * XLSX (libxlsxwriter 1.1.4, which has no quote-prefix format): a text
 * cell that begins like a formula is written with the single quote in
 * front, exactly as the CSV writer does (csv_out.h's rule), so both formats
 * hold the same texts. A number of more than 15 significant digits, which
 * Excel would round, is written as its decimal text.
 */
#include "render/sheet.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "model/model.h"
#include "render/csv_out.h"

/* Excel's serial number of 1970-01-01 (1900 date system). */
#define EXCEL_EPOCH_1970 25569
/* Excel shows 15 significant digits: beyond this a whole number is text. */
#define EXCEL_EXACT_MAX 999999999999999LL
/* Column widths in characters: the widest cell (or header) plus padding,
 * within these. */
#define WIDTH_MIN 6
#define WIDTH_MAX 60
#define WIDTH_PAD 2
/* Excel's limit on a worksheet's name, in characters. */
#define TITLE_MAX 31

static const char *const type_name[] = {
    [VO_SHEET_TEXT] = "text",    [VO_SHEET_INT] = "integer",   [VO_SHEET_MONEY] = "money",
    [VO_SHEET_RATIO] = "ratio",  [VO_SHEET_DATE] = "date",     [VO_SHEET_DATETIME] = "datetime",
    [VO_SHEET_BOOL] = "boolean", [VO_SHEET_NUMBER] = "number",
};

/* Keeps the first mistake; later ones are consequences of it. */
static void fail(struct vo_sheet *s, vo_err code, const char *ecode, const char *field,
                 const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static void fail(struct vo_sheet *s, vo_err code, const char *ecode, const char *field,
                 const char *fmt, ...)
{
    if (s->failed)
        return;
    va_list ap;
    va_start(ap, fmt);
    vo_error_setv(&s->err, code, field, fmt, ap);
    va_end(ap);
    s->failed = code;
    s->code = ecode;
}

static vo_err copy_out(const struct vo_sheet *s, struct vo_error *e)
{
    if (e && s->failed)
        *e = s->err;
    return s->failed;
}

static bool title_ok(const char *t)
{
    return t && *t && g_utf8_validate(t, -1, NULL) && g_utf8_strlen(t, -1) <= TITLE_MAX &&
           !strpbrk(t, "[]:*?/\\");
}

vo_err vo_sheet_init(struct vo_sheet *s, struct vo_arena *a, const struct vo_sheet_spec *spec,
                     struct vo_error *e)
{
    memset(s, 0, sizeof *s);
    s->arena = a;
    s->spec = *spec;
    s->stream_rows = VO_SHEET_XLSX_STREAM_ROWS;
    if (!s->spec.title_ru)
        s->spec.title_ru = "Выгрузка";
    if (!s->spec.title_en)
        s->spec.title_en = "Export";
    if (spec->ncols == 0 || spec->ncols > VO_SHEET_COLS_MAX || !spec->cols) {
        fail(s, VO_EINVAL, VO_SHEET_E_COLUMNS, NULL,
             "в выгрузке должно быть от 1 до %d столбцов, а их %zu", VO_SHEET_COLS_MAX,
             spec->ncols);
        return copy_out(s, e);
    }
    for (size_t c = 0; c < spec->ncols; c++) {
        const struct vo_sheet_col *col = &spec->cols[c];
        if (!col->key || !*col->key || !col->ru || !*col->ru || !col->en || !*col->en ||
            (unsigned)col->type > VO_SHEET_NUMBER) {
            fail(s, VO_EINVAL, VO_SHEET_E_COLUMNS, col->key,
                 "у столбца %zu выгрузки нет ключа, заголовка или типа", c + 1);
            return copy_out(s, e);
        }
        if (col->type == VO_SHEET_DATETIME && !spec->tz) {
            fail(s, VO_EINVAL, VO_SHEET_E_COLUMNS, col->key,
                 "для столбца даты и времени нужен часовой пояс");
            return copy_out(s, e);
        }
    }
    if (spec->money_digits > VO_SHEET_MONEY_DIGITS_MAX)
        fail(s, VO_EINVAL, VO_SHEET_E_COLUMNS, NULL,
             "у валюты от 0 до %d знаков после запятой, а не %u", VO_SHEET_MONEY_DIGITS_MAX,
             spec->money_digits);
    if (!title_ok(s->spec.title_ru) || !title_ok(s->spec.title_en))
        fail(s, VO_EINVAL, VO_SHEET_E_COLUMNS, NULL,
             "имя листа: не больше %d символов, без []:*?/\\", TITLE_MAX);
    return copy_out(s, e);
}

void vo_sheet_row(struct vo_sheet *s)
{
    if (s->failed)
        return;
    if (s->nrows >= VO_SHEET_ROWS_MAX) {
        fail(s, VO_ETOOBIG, VO_SHEET_E_ROWS, NULL, "в выгрузке больше %d строк: сузьте фильтр",
             VO_SHEET_ROWS_MAX);
        return;
    }
    if (s->nrows == s->cap_rows) {
        void *grown = vo_arena_grow(s->arena, s->rows, &s->cap_rows, s->nrows, sizeof *s->rows);
        if (!grown) {
            fail(s, VO_ENOMEM, VO_SHEET_E_MEMORY, NULL, "не хватило памяти на строку %zu выгрузки",
                 s->nrows + 1);
            return;
        }
        s->rows = grown;
    }
    /* a row is its own allocation: growing copies pointers, not cells */
    s->rows[s->nrows] = VO_ARENA_ARRAY(s->arena, struct vo_sheet_cell, s->spec.ncols);
    if (!s->rows[s->nrows]) {
        fail(s, VO_ENOMEM, VO_SHEET_E_MEMORY, NULL, "не хватило памяти на строку %zu выгрузки",
             s->nrows + 1);
        return;
    }
    s->nrows++;
}

/* The cell col of the last row when a setter of type t may fill it; NULL
 * (and the sheet failed) otherwise. */
static struct vo_sheet_cell *slot(struct vo_sheet *s, size_t col, enum vo_sheet_type t)
{
    if (s->failed)
        return NULL;
    if (s->nrows == 0 || col >= s->spec.ncols || s->spec.cols[col].type != t) {
        fail(s, VO_EINVAL, VO_SHEET_E_TYPE, col < s->spec.ncols ? s->spec.cols[col].key : NULL,
             "ячейка типа %s в столбце %zu строки %zu не подходит", type_name[t], col + 1,
             s->nrows);
        return NULL;
    }
    return &s->rows[s->nrows - 1][col];
}

void vo_sheet_text(struct vo_sheet *s, size_t col, const char *text)
{
    struct vo_sheet_cell *c = slot(s, col, VO_SHEET_TEXT);
    if (!c || !text)
        return;
    size_t len = strlen(text);
    const char *end;
    char *fixed = NULL;
    if (!g_utf8_validate(text, (gssize)len, &end)) {
        fixed = g_utf8_make_valid(text, (gssize)len);
        text = fixed;
        len = strlen(text);
    }
    /* a character is at least one byte: count only a long one */
    if (len > VO_SHEET_TEXT_MAX && g_utf8_strlen(text, (gssize)len) > VO_SHEET_TEXT_MAX) {
        fail(s, VO_ETOOBIG, VO_SHEET_E_TEXT, s->spec.cols[col].key,
             "текст в столбце «%s» строки %zu длиннее %d символов", s->spec.cols[col].ru, s->nrows,
             VO_SHEET_TEXT_MAX);
        g_free(fixed);
        return;
    }
    c->v.s = vo_arena_strndup(s->arena, text, len);
    g_free(fixed);
    if (!c->v.s) {
        fail(s, VO_ENOMEM, VO_SHEET_E_MEMORY, s->spec.cols[col].key,
             "не хватило памяти на строку %zu выгрузки", s->nrows);
        return;
    }
    c->set = true;
}

void vo_sheet_int(struct vo_sheet *s, size_t col, int64_t v)
{
    struct vo_sheet_cell *c = slot(s, col, VO_SHEET_INT);
    if (c && v != VO_NULL) {
        c->v.i = v;
        c->set = true;
    }
}

void vo_sheet_money(struct vo_sheet *s, size_t col, int64_t minor)
{
    struct vo_sheet_cell *c = slot(s, col, VO_SHEET_MONEY);
    if (c && minor != VO_NULL) {
        c->v.i = minor;
        c->set = true;
    }
}

/* A real of type t: absent when not finite. */
static void real(struct vo_sheet *s, size_t col, enum vo_sheet_type t, double v)
{
    struct vo_sheet_cell *c = slot(s, col, t);
    if (c && isfinite(v)) {
        c->v.r = v;
        c->set = true;
    }
}

void vo_sheet_ratio(struct vo_sheet *s, size_t col, double v)
{
    real(s, col, VO_SHEET_RATIO, v);
}

void vo_sheet_number(struct vo_sheet *s, size_t col, double v)
{
    real(s, col, VO_SHEET_NUMBER, v);
}

void vo_sheet_date(struct vo_sheet *s, size_t col, struct vo_date d)
{
    struct vo_sheet_cell *c = slot(s, col, VO_SHEET_DATE);
    if (!c)
        return;
    if (!vo_date_valid(d.y, d.m, d.d)) {
        fail(s, VO_EINVAL, VO_SHEET_E_TIME, s->spec.cols[col].key,
             "в столбце «%s» строки %zu нет такой даты: %04d-%02d-%02d", s->spec.cols[col].ru,
             s->nrows, d.y, d.m, d.d);
        return;
    }
    c->v.i = vo_date_days(d);
    c->set = true;
}

void vo_sheet_datetime(struct vo_sheet *s, size_t col, int64_t utc)
{
    struct vo_sheet_cell *c = slot(s, col, VO_SHEET_DATETIME);
    if (!c || utc == VO_NULL)
        return;
    GDateTime *u = g_date_time_new_from_unix_utc(utc);
    GDateTime *local = u ? g_date_time_to_timezone(u, s->spec.tz) : NULL;
    if (!local) {
        fail(s, VO_EINVAL, VO_SHEET_E_TIME, s->spec.cols[col].key,
             "время в столбце «%s» строки %zu вне календаря", s->spec.cols[col].ru, s->nrows);
    } else {
        c->v.i = utc + g_date_time_get_utc_offset(local) / G_TIME_SPAN_SECOND;
        c->set = true;
    }
    if (local)
        g_date_time_unref(local);
    if (u)
        g_date_time_unref(u);
}

void vo_sheet_bool(struct vo_sheet *s, size_t col, bool v)
{
    struct vo_sheet_cell *c = slot(s, col, VO_SHEET_BOOL);
    if (c) {
        c->v.b = v;
        c->set = true;
    }
}

vo_err vo_sheet_status(const struct vo_sheet *s, struct vo_error *e)
{
    return copy_out(s, e);
}

const char *vo_sheet_code(const struct vo_sheet *s)
{
    return s->failed ? s->code : NULL;
}

enum vo_sheet_lang vo_sheet_lang_parse(const char *lang)
{
    return lang && strcmp(lang, "ru") == 0 ? VO_SHEET_RU : VO_SHEET_EN;
}

static const char *header(const struct vo_sheet_col *col, enum vo_sheet_lang lang)
{
    return lang == VO_SHEET_RU ? col->ru : col->en;
}

static const struct vo_sheet_cell *cell_at(const struct vo_sheet *s, size_t row, size_t col)
{
    return &s->rows[row][col];
}

/* Local wall-clock seconds split into the date and the seconds of the day. */
static struct vo_date wall_split(int64_t wall, int64_t *sec_of_day)
{
    int64_t days = wall / 86400, rem = wall % 86400;
    if (rem < 0) {
        rem += 86400;
        days--;
    }
    *sec_of_day = rem;
    return vo_date_add_days((struct vo_date){1970, 1, 1}, (int)days);
}

/* v / 10^digits as fixed-point text into out (at least 32 bytes). */
static void fixed_text(int64_t v, unsigned digits, char *out, size_t outsz)
{
    uint64_t mag = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    uint64_t scale = 1;
    for (unsigned i = 0; i < digits; i++)
        scale *= 10;
    if (digits == 0)
        snprintf(out, outsz, "%s%" PRIu64, v < 0 ? "-" : "", mag);
    else
        snprintf(out, outsz, "%s%" PRIu64 ".%0*" PRIu64, v < 0 ? "-" : "", mag / scale, (int)digits,
                 mag % scale);
}

vo_err vo_sheet_write_csv(const struct vo_sheet *s, enum vo_sheet_lang lang, FILE *f,
                          struct vo_error *e)
{
    if (s->failed)
        return copy_out(s, e);
    const char *names[VO_SHEET_COLS_MAX + 1];
    size_t ncols = s->spec.ncols;
    for (size_t c = 0; c < ncols; c++)
        names[c] = header(&s->spec.cols[c], lang);
    names[ncols] = NULL;
    struct vo_csv_out w;
    vo_csv_out_init(&w, f);
    vo_csv_header(&w, names);
    for (size_t r = 0; r < s->nrows; r++) {
        for (size_t c = 0; c < ncols; c++) {
            const struct vo_sheet_cell *cell = cell_at(s, r, c);
            if (!cell->set) {
                vo_csv_empty(&w);
                continue;
            }
            char buf[32];
            int64_t sec;
            struct vo_date d;
            switch (s->spec.cols[c].type) {
            case VO_SHEET_TEXT:
                vo_csv_text(&w, cell->v.s);
                break;
            case VO_SHEET_INT:
                vo_csv_int(&w, cell->v.i);
                break;
            case VO_SHEET_MONEY:
                vo_csv_fixed(&w, cell->v.i, s->spec.money_digits);
                break;
            case VO_SHEET_RATIO:
            case VO_SHEET_NUMBER:
                vo_csv_real(&w, cell->v.r, 15);
                break;
            case VO_SHEET_DATE:
                vo_csv_text(&w,
                            vo_date_format(wall_split(cell->v.i * 86400, &sec), buf, sizeof buf));
                break;
            case VO_SHEET_DATETIME:
                d = wall_split(cell->v.i, &sec);
                snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d", d.y, d.m, d.d,
                         (int)(sec / 3600), (int)(sec / 60 % 60));
                vo_csv_text(&w, buf);
                break;
            case VO_SHEET_BOOL:
                vo_csv_text(&w, cell->v.b ? "true" : "false");
                break;
            }
        }
        vo_csv_end_row(&w);
    }
    if (fflush(f) != 0 || ferror(f))
        return vo_error_set(e, VO_EIO, NULL, "не удалось записать выгрузку CSV");
    return VO_OK;
}

/* The formats of the XLSX cells, by column type. */
struct xlsx_formats {
    lxw_format *header, *integer, *money, *ratio, *number, *date, *datetime;
};

static void xlsx_formats_init(struct xlsx_formats *x, lxw_workbook *wb, unsigned money_digits,
                              enum vo_sheet_lang lang)
{
    char money[32] = "#,##0";
    if (money_digits) {
        size_t n = strlen(money);
        money[n++] = '.';
        for (unsigned i = 0; i < money_digits; i++)
            money[n++] = '0';
        money[n] = '\0';
    }
    x->header = workbook_add_format(wb);
    format_set_bold(x->header);
    x->integer = workbook_add_format(wb);
    format_set_num_format(x->integer, "0");
    x->money = workbook_add_format(wb);
    format_set_num_format(x->money, money);
    x->ratio = workbook_add_format(wb);
    format_set_num_format(x->ratio, "0.0%");
    x->number = workbook_add_format(wb);
    format_set_num_format(x->number, "#,##0.00");
    x->date = workbook_add_format(wb);
    format_set_num_format(x->date, lang == VO_SHEET_RU ? "dd.mm.yyyy" : "yyyy-mm-dd");
    x->datetime = workbook_add_format(wb);
    format_set_num_format(x->datetime,
                          lang == VO_SHEET_RU ? "dd.mm.yyyy hh:mm" : "yyyy-mm-dd hh:mm");
}

/* How many characters the cell shows, for the column's width. */
static size_t shown_chars(const struct vo_sheet *s, const struct vo_sheet_cell *cell,
                          enum vo_sheet_type t)
{
    char buf[32];
    size_t n, digits;
    switch (t) {
    case VO_SHEET_TEXT:
        return (size_t)g_utf8_strlen(cell->v.s, -1) + (vo_csv_needs_guard(cell->v.s) ? 1 : 0);
    case VO_SHEET_INT:
        return (size_t)snprintf(buf, sizeof buf, "%" PRId64, cell->v.i);
    case VO_SHEET_MONEY:
        fixed_text(cell->v.i, s->spec.money_digits, buf, sizeof buf);
        n = strlen(buf);
        digits = n - (cell->v.i < 0) - (s->spec.money_digits ? s->spec.money_digits + 1 : 0);
        return n + (digits - 1) / 3; /* the thousands separators */
    case VO_SHEET_RATIO:
        return 6; /* "100.0%" */
    case VO_SHEET_NUMBER:
        return (size_t)snprintf(buf, sizeof buf, "%.2f", cell->v.r);
    case VO_SHEET_DATE:
        return 10;
    case VO_SHEET_DATETIME:
        return 16;
    case VO_SHEET_BOOL:
        return 6; /* "ИСТИНА" in a Russian Excel */
    }
    return 0;
}

static double column_width(const struct vo_sheet *s, size_t c, enum vo_sheet_lang lang)
{
    const struct vo_sheet_col *col = &s->spec.cols[c];
    size_t w = (size_t)g_utf8_strlen(header(col, lang), -1);
    for (size_t r = 0; r < s->nrows && w < WIDTH_MAX; r++) {
        const struct vo_sheet_cell *cell = cell_at(s, r, c);
        if (cell->set) {
            size_t n = shown_chars(s, cell, col->type);
            if (n > w)
                w = n;
        }
    }
    w += WIDTH_PAD;
    return (double)(w < WIDTH_MIN ? WIDTH_MIN : w > WIDTH_MAX ? WIDTH_MAX : w);
}

/* Writes one data cell; LXW_NO_ERROR or libxlsxwriter's code. */
static lxw_error xlsx_cell(lxw_worksheet *ws, const struct vo_sheet *s,
                           const struct xlsx_formats *x, lxw_row_t row, lxw_col_t c,
                           const struct vo_sheet_cell *cell)
{
    char buf[32];
    switch (s->spec.cols[c].type) {
    case VO_SHEET_TEXT:
        if (!vo_csv_needs_guard(cell->v.s))
            return worksheet_write_string(ws, row, c, cell->v.s, NULL);
        {
            char *guarded = g_strconcat("'", cell->v.s, NULL);
            lxw_error rc = worksheet_write_string(ws, row, c, guarded, NULL);
            g_free(guarded);
            return rc;
        }
    case VO_SHEET_INT:
        if (cell->v.i > EXCEL_EXACT_MAX || cell->v.i < -EXCEL_EXACT_MAX) {
            snprintf(buf, sizeof buf, "%" PRId64, cell->v.i);
            return worksheet_write_string(ws, row, c, buf, NULL);
        }
        return worksheet_write_number(ws, row, c, (double)cell->v.i, x->integer);
    case VO_SHEET_MONEY:
        if (cell->v.i > EXCEL_EXACT_MAX || cell->v.i < -EXCEL_EXACT_MAX) {
            fixed_text(cell->v.i, s->spec.money_digits, buf, sizeof buf);
            return worksheet_write_string(ws, row, c, buf, NULL);
        }
        /* the nearest double to the decimal, as Excel itself stores it */
        fixed_text(cell->v.i, s->spec.money_digits, buf, sizeof buf);
        return worksheet_write_number(ws, row, c, g_ascii_strtod(buf, NULL), x->money);
    case VO_SHEET_RATIO:
        return worksheet_write_number(ws, row, c, cell->v.r, x->ratio);
    case VO_SHEET_NUMBER:
        return worksheet_write_number(ws, row, c, cell->v.r, x->number);
    case VO_SHEET_DATE:
        return worksheet_write_number(ws, row, c, (double)(cell->v.i + EXCEL_EPOCH_1970), x->date);
    case VO_SHEET_DATETIME: {
        int64_t sec;
        struct vo_date d = wall_split(cell->v.i, &sec);
        double serial = (double)(vo_date_days(d) + EXCEL_EPOCH_1970) + (double)sec / 86400.0;
        return worksheet_write_number(ws, row, c, serial, x->datetime);
    }
    case VO_SHEET_BOOL:
        return worksheet_write_boolean(ws, row, c, cell->v.b, NULL);
    }
    return LXW_NO_ERROR;
}

/* Writes the workbook to path; libxlsxwriter's temporary files go to dir. */
static vo_err xlsx_file(const struct vo_sheet *s, enum vo_sheet_lang lang, const char *path,
                        const char *dir, struct vo_error *e)
{
    lxw_workbook_options opt = {
        .constant_memory = s->nrows > s->stream_rows,
        .tmpdir = (char *)dir,
    };
    lxw_workbook *wb = workbook_new_opt(path, &opt);
    if (!wb)
        return vo_error_set(e, VO_EIO, NULL, "не удалось начать файл XLSX в %s", dir);
    lxw_error rc = LXW_NO_ERROR;
    lxw_worksheet *ws =
        workbook_add_worksheet(wb, lang == VO_SHEET_RU ? s->spec.title_ru : s->spec.title_en);
    if (!ws)
        rc = LXW_ERROR_MEMORY_MALLOC_FAILED;
    struct xlsx_formats x;
    xlsx_formats_init(&x, wb, s->spec.money_digits, lang);
    lxw_col_t ncols = (lxw_col_t)s->spec.ncols;
    for (lxw_col_t c = 0; !rc && c < ncols; c++)
        rc = worksheet_set_column(ws, c, c, column_width(s, c, lang), NULL);
    for (lxw_col_t c = 0; !rc && c < ncols; c++)
        rc = worksheet_write_string(ws, 0, c, header(&s->spec.cols[c], lang), x.header);
    if (!rc) {
        worksheet_freeze_panes(ws, 1, 0);
        rc = worksheet_autofilter(ws, 0, 0, (lxw_row_t)s->nrows, (lxw_col_t)(ncols - 1));
    }
    for (size_t r = 0; !rc && r < s->nrows; r++)
        for (lxw_col_t c = 0; !rc && c < ncols; c++) {
            const struct vo_sheet_cell *cell = cell_at(s, r, c);
            if (cell->set)
                rc = xlsx_cell(ws, s, &x, (lxw_row_t)(r + 1), c, cell);
        }
    lxw_error closed = workbook_close(wb); /* frees wb whatever happened */
    if (!rc)
        rc = closed;
    if (rc)
        return vo_error_set(e, VO_EIO, NULL,
                            "не удалось записать файл XLSX в %s: места на диске нет или "
                            "каталог недоступен (libxlsxwriter: %s)",
                            dir, lxw_strerror(rc));
    return VO_OK;
}

vo_err vo_sheet_write_xlsx(const struct vo_sheet *s, enum vo_sheet_lang lang, const char *dir,
                           int *fd, size_t *size, struct vo_error *e)
{
    *fd = -1;
    *size = 0;
    if (s->failed)
        return copy_out(s, e);
    if (!dir)
        dir = g_get_tmp_dir();
    char *path = g_build_filename(dir, "voronka-export-XXXXXX.xlsx", NULL);
    vo_err rc = VO_OK;
    int tmp = g_mkstemp(path);
    if (tmp < 0) {
        rc = vo_error_set(e, VO_EIO, NULL, "не удалось создать файл выгрузки в %s: %s", dir,
                          g_strerror(errno));
        g_free(path);
        return rc;
    }
    close(tmp); /* libxlsxwriter opens it by name */
    rc = xlsx_file(s, lang, path, dir, e);
    int in = -1;
    struct stat st;
    if (!rc) {
        in = open(path, O_RDONLY | O_CLOEXEC);
        if (in < 0 || fstat(in, &st) != 0)
            rc = vo_error_set(e, VO_EIO, NULL, "не удалось открыть файл выгрузки: %s",
                              g_strerror(errno));
    }
    unlink(path); /* the open descriptor keeps the file until it is closed */
    g_free(path);
    if (rc) {
        if (in >= 0)
            close(in);
        return rc;
    }
    *fd = in;
    *size = (size_t)st.st_size;
    return VO_OK;
}

char *vo_sheet_disposition(struct vo_arena *a, const char *name, const char *ext)
{
    GString *ascii = g_string_new(NULL), *pct = g_string_new(NULL);
    char *file = g_strconcat(name, ".", ext, NULL);
    for (const unsigned char *p = (const unsigned char *)file; *p; p++) {
        bool plain = g_ascii_isalnum(*p) || *p == '.' || *p == '_' || *p == '-';
        g_string_append_c(ascii, plain ? (char)*p : '_');
        if (plain)
            g_string_append_c(pct, (char)*p);
        else
            g_string_append_printf(pct, "%%%02X", *p);
    }
    char *out = vo_arena_printf(a, "attachment; filename=\"%s\"; filename*=UTF-8''%s", ascii->str,
                                pct->str);
    g_free(file);
    g_string_free(ascii, TRUE);
    g_string_free(pct, TRUE);
    return out;
}
