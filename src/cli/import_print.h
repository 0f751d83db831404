/*
 * import_print.h - printing an import's report (import_print.c).
 */
#ifndef VO_CLI_IMPORT_PRINT_H
#define VO_CLI_IMPORT_PRINT_H

#include <stdbool.h>
#include <stdio.h>

#include "service/import.h"

/* Prints the summary (per file counts, value maps, skipped rows, warnings)
 * to out and the problems to err. verbose lists every line number of
 * grouped warnings instead of the first ones. */
void vo_cli_import_print(const struct vo_import_report *rep, FILE *out, FILE *err, bool verbose);

#endif
