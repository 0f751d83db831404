/*
 * presets.h - the mappings of well-known CRM exports built into the binary
 * (src/io/presets/NAME.json, embedded as C arrays at build time by
 * scripts/cmake/embed_json.cmake), and how well an export's headers fit
 * each (docs/import.md, "Presets").
 */
#ifndef VO_IO_PRESETS_H
#define VO_IO_PRESETS_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "base/err.h"
#include "io/mapping.h"

/* One preset as built in: its name (the JSON file's stem, "amocrm") and
 * its mapping's JSON text. The generated presets_data.c defines these. */
struct vo_preset_text {
    const char *name;
    const char *text;
};
extern const struct vo_preset_text vo_preset_texts[];
extern const size_t vo_preset_text_count;

/* The preset named name, or NULL. */
const struct vo_preset_text *vo_preset_find(const char *name);

/* The names of every preset, ", " between (static storage is not needed:
 * in arena a); NULL when the arena refuses. */
const char *vo_preset_names(struct vo_arena *a);

/* Loads the preset p as a mapping into arena a (vo_map_load_text). */
vo_err vo_preset_load(const struct vo_preset_text *p, struct vo_arena *a, struct vo_map **out,
                      struct vo_error *e);

/* How many of the needs (vo_map_needs) the header cols[0..ncols) has. */
size_t vo_preset_score(const struct vo_map_need *needs, size_t nneeds, const char *const *cols,
                       size_t ncols);

#endif
