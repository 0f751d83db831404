/*
 * csv.h - reading a CSV file into a table in an arena: libcsv for RFC 4180
 * quoting, iconv for cp1251 input, the delimiter (`,` or `;`) detected from
 * the header line, a UTF-8 BOM ignored, and the physical line number of
 * every record kept for messages ("deals.csv:14: ...").
 *
 * The same table type carries the "virtual" rows a mapping produces from a
 * foreign export (mapping.h): there `name` is the source file the rows came
 * from and `target` the file of voronka's format they stand for.
 *
 * Also here: a list of notes (`file:line: column: message`) that the
 * reader, the mapping and the importer append problems and warnings to.
 */
#ifndef VO_IO_CSV_H
#define VO_IO_CSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"

enum vo_csv_encoding { VO_CSV_AUTO, VO_CSV_UTF8, VO_CSV_CP1251 };

/* The most columns a file may have (docs/import.md). Voronka's own files
 * have at most 14 plus custom.X columns, a CRM export some hundreds; a
 * header wider than this is refused before anything of it is kept, as
 * every row would take a pointer per column. */
#define VO_CSV_MAX_COLS 1000

struct vo_csv_opts {
    char delim; /* ',' or ';' (or any byte); 0 = detect from the header line */
    enum vo_csv_encoding encoding;
};

struct vo_csv_row {
    int64_t line;       /* physical line where the record starts (header = 1) */
    const char **f;     /* ncols values; NULL when the cell is empty */
    unsigned char *bad; /* NULL, or ncols flags: the cell already has a problem */
};

struct vo_csv {
    const char *name;   /* file name for messages */
    const char *target; /* the voronka file the rows stand for */
    size_t ncols;
    const char **cols;   /* header names, trimmed */
    const char **origin; /* NULL, or per column a label of where it came from */
    struct vo_csv_row *rows;
    size_t nrows;
    char delim;           /* the delimiter used */
    const char *encoding; /* "utf-8" or "cp1251": what the bytes were */
    bool dates_iso;       /* a workbook's: its date cells hold the import format's
                           * text, whatever a mapping's date format (io/xlsx.h) */
};

/* The five columns a partial import's rejects file adds to its input
 * file's own (_file, _line, _field, _code, _error: docs/import.md,
 * "Partial imports"). The importer and the mappings ignore them, so a
 * fixed rejects file imports as it is. */
extern const char *const vo_csv_reject_cols[5];
bool vo_csv_reject_col(const char *col);

/* One problem or warning about an input. */
struct vo_csv_note {
    const char *file;
    int64_t line;       /* 0 = the file as a whole */
    const char *column; /* NULL = the row or file as a whole */
    const char *msg;
    /* the message's id and Russian text (base/messages.c), NULL for a
     * message outside the catalogue */
    const char *id, *msg_ru;
};

/* A growable list of notes in an arena (zero-initialise it). With max
 * set, the notes past the first max are only counted in `more`. */
struct vo_csv_notes {
    struct vo_csv_note *v;
    size_t n, cap;
    size_t max;  /* 0: no bound */
    size_t more; /* notes left out past max */
};

/* Appends a note; strings are copied into a. Silently drops the note when
 * the arena is exhausted (the caller sees VO_ENOMEM elsewhere). */
void vo_csv_note_add(struct vo_csv_notes *l, struct vo_arena *a, const char *file, int64_t line,
                     const char *column, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
void vo_csv_note_addv(struct vo_csv_notes *l, struct vo_arena *a, const char *file, int64_t line,
                      const char *column, const char *fmt, va_list ap)
    __attribute__((format(printf, 6, 0)));
/* Appends a note of e's message (English, Russian and id). */
void vo_csv_note_add_e(struct vo_csv_notes *l, struct vo_arena *a, const char *file, int64_t line,
                       const char *column, const struct vo_error *e);

/* "utf-8" / "utf8", "cp1251" / "windows-1251", "auto" (case-insensitive). */
vo_err vo_csv_encoding_parse(const char *s, enum vo_csv_encoding *out, struct vo_error *e);

/* Parses len bytes of CSV text (header first) into *out, all in arena a;
 * `name` (borrowed, copied) is used in messages and as the target. A record
 * with more or fewer fields than the header is a note in `problems` (the
 * fields past the header's are counted, not kept); blank records are
 * skipped. VO_EINVAL when the text is not in the encoding asked for, has no
 * header, or a header of more than VO_CSV_MAX_COLS columns; VO_ENOMEM over
 * the arena's cap. */
vo_err vo_csv_parse(const char *data, size_t len, const char *name, const struct vo_csv_opts *o,
                    struct vo_arena *a, struct vo_csv **out, struct vo_csv_notes *problems,
                    struct vo_error *e);

/* Reads the file at path and parses it as vo_csv_parse does. VO_EIO when
 * it cannot be read. */
vo_err vo_csv_read(const char *path, const char *name, const struct vo_csv_opts *o,
                   struct vo_arena *a, struct vo_csv **out, struct vo_csv_notes *problems,
                   struct vo_error *e);

/* A CSV file read in chunks of rows, so that memory does not grow with
 * the file (voronka's own files: docs/import.md, "Memory and limits"). The
 * same reading as vo_csv_read's: the encoding told from the whole file
 * (one pass of blocks first: a byte that is not UTF-8 anywhere makes it
 * cp1251), a BOM, the delimiter from the header line, libcsv, the physical
 * line of each record, and the same problems. */
struct vo_csv_stream;

/* Opens path and reads its header into arena a (which must outlive the
 * stream): the same errors as vo_csv_read's for an unreadable file, one
 * not in the encoding asked for, without a header or with a header of more
 * than VO_CSV_MAX_COLS columns. The records' problems (a field count
 * differing from the header's) go to `problems`, in a, as they are read. */
vo_err vo_csv_stream_open(const char *path, const char *name, const struct vo_csv_opts *o,
                          struct vo_arena *a, struct vo_csv_notes *problems,
                          struct vo_csv_stream **out, struct vo_error *e);
/* The header: name, target, ncols, cols, delim, encoding; no rows. */
const struct vo_csv *vo_csv_stream_header(const struct vo_csv_stream *s);
/* The next at most max rows (0: all the rest) as a table in arena chunk
 * (the header's fields shared): nrows 0 at the end of the file. Free the
 * chunk (vo_arena_cleanup) when done with its rows. */
vo_err vo_csv_stream_next(struct vo_csv_stream *s, struct vo_arena *chunk, size_t max,
                          struct vo_csv **out, struct vo_error *e);
/* Closes s (NULL: nothing). */
void vo_csv_stream_close(struct vo_csv_stream *s);

/* "a, b, c, d, e and 995 more": the first `show` of names[0..n) (each cut
 * to 64 bytes at a character boundary), for a message that stands for many
 * alike ones. In arena a; "" when n is 0. */
const char *vo_csv_name_list(struct vo_arena *a, const char *const *names, size_t n, size_t show);

/* The index of the column named `name` (ASCII case-insensitive), or -1. */
int vo_csv_col(const struct vo_csv *t, const char *name);

/* Trims ASCII white space at both ends in place; returns s. */
char *vo_csv_trim(char *s);

#endif
