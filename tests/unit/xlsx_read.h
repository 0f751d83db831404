/*
 * xlsx_read.h - an XLSX workbook read back for the tests (libzip for the
 * container, GLib's GMarkup for the XML): the first worksheet's cells,
 * their types, values and styles. Asserts (Criterion) on anything
 * malformed.
 */
#ifndef VO_TEST_XLSX_READ_H
#define VO_TEST_XLSX_READ_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>

struct node {
    char *name;
    GHashTable *attrs;
    GString *text;
    GPtrArray *kids;
};

struct book {
    struct node *sheet, *styles, *strings; /* strings NULL when none */
    GPtrArray *shared;                     /* char *, by index */
};

void xl_node_free(gpointer p);
/* The parsed XML text (asserting it parses); xl_node_free it. */
struct node *xl_parse_xml(const char *xml, size_t len);
/* Every descendant of n named name, in document order, into out. */
void xl_find_all(struct node *n, const char *name, GPtrArray *out);
/* A part of the zip (g_free), NULL when absent. */
struct zip;
char *xl_zip_part(struct zip *z, const char *name, size_t *len);
/* The first descendant of n named name, NULL when none. */
struct node *xl_find_one(struct node *n, const char *name);
const char *xl_attr(const struct node *n, const char *name);
/* Reads the workbook of fd (at offset 0, size bytes; takes fd). */
void xl_book_open(struct book *b, int fd, size_t size);
void xl_book_close(struct book *b);
/* The cell at ref ("B2"), NULL when absent. */
struct node *xl_cell(struct book *b, const char *ref);
/* The text a string cell shows, shared or inline (g_free). */
char *xl_cell_string(struct book *b, const char *ref);
/* The <v> text of a number cell, asserting it has no t= (a number). */
const char *xl_cell_number(struct book *b, const char *ref);
/* The number format code of the cell's style. */
const char *xl_cell_numfmt(struct book *b, const char *ref);
bool xl_cell_bold(struct book *b, const char *ref);
void xl_expect_string(struct book *b, const char *ref, const char *want);
double xl_number(struct book *b, const char *ref);

#endif
