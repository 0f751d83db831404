/*
 * import_detect.h - which format a directory to import holds: voronka's
 * own files, or the export of a CRM one of the built-in presets reads
 * (io/presets.h), told by the files' headers (docs/import.md, "Presets").
 */
#ifndef VO_SERVICE_IMPORT_DETECT_H
#define VO_SERVICE_IMPORT_DETECT_H

#include "base/arena.h"
#include "base/err.h"
#include "io/mapping.h"
#include "io/presets.h"

struct vo_import_detection {
    const struct vo_preset_text *preset; /* NULL: voronka's own format */
    struct vo_map *map;                  /* the preset's mapping, loaded */
};

/* Reads the header of every *.csv of dir and decides: voronka's own
 * format when a file named as one of the format's has its required
 * columns (or when no preset fits and a file is named so, or there is no
 * CSV at all: the importer then says what is missing); else the one
 * preset whose needed columns (vo_map_needs) a file has all of. VO_EINVAL
 * when none fits or several do, naming the candidates ("amocrm 4/9, ...")
 * and asking for a preset or a mapping; VO_EIO when dir cannot be read.
 * Everything in arena a. */
vo_err vo_svc_import_detect(const char *dir, struct vo_arena *a, struct vo_import_detection *out,
                            struct vo_error *e);

/* Loads the preset named name into out. VO_EINVAL listing the presets when
 * there is none of that name. */
vo_err vo_svc_import_preset(const char *name, struct vo_arena *a, struct vo_import_detection *out,
                            struct vo_error *e);

/* A built-in preset: its name (?preset=, --preset) and its titles. */
struct vo_import_preset_info {
    const char *name;             /* "amocrm" */
    const char *title, *title_ru; /* "amoCRM (deals)", "amoCRM (сделки)" */
};

/* Every built-in preset, in the order they are built in (the web import's
 * choice, GET /api/v1/import/presets). Everything in arena a; VO_ENOMEM, or
 * VO_EINVAL when a preset's text does not load. */
vo_err vo_svc_import_presets(struct vo_arena *a, struct vo_import_preset_info **out, size_t *n,
                             struct vo_error *e);

#endif
