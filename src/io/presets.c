/*
 * presets.c - the import presets built into the binary: finding one by
 * name, loading it as a mapping, and scoring a header against the source
 * columns it needs. The texts are generated (presets_data.c in the build
 * directory) from src/io/presets/NAME.json; the choice among them is the
 * service's (service/import_detect.c).
 */
#include "io/presets.h"

#include <string.h>
#include <strings.h>

const struct vo_preset_text *vo_preset_find(const char *name)
{
    for (size_t i = 0; name && i < vo_preset_text_count; i++)
        if (strcmp(vo_preset_texts[i].name, name) == 0)
            return &vo_preset_texts[i];
    return NULL;
}

const char *vo_preset_names(struct vo_arena *a)
{
    const char *s = "";
    for (size_t i = 0; s && i < vo_preset_text_count; i++)
        s = vo_arena_printf(a, "%s%s%s", s, i ? ", " : "", vo_preset_texts[i].name);
    return s;
}

vo_err vo_preset_load(const struct vo_preset_text *p, struct vo_arena *a, struct vo_map **out,
                      struct vo_error *e)
{
    return vo_map_load_text(p->name, p->text, a, out, e);
}

size_t vo_preset_score(const struct vo_map_need *needs, size_t nneeds, const char *const *cols,
                       size_t ncols)
{
    size_t score = 0;
    for (size_t i = 0; i < nneeds; i++) {
        bool has = false;
        for (size_t k = 0; k < needs[i].nalts && !has; k++)
            for (size_t c = 0; c < ncols && !has; c++)
                has = cols[c] && strcasecmp(cols[c], needs[i].alts[k]) == 0;
        score += has;
    }
    return score;
}
