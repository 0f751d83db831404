/*
 * note.c - validation of a note (note.h).
 */
#include "model/note.h"

#include "model/model.h"

vo_err vo_note_validate(const struct vo_note *n, struct vo_error *e)
{
    if (!n->text || !*n->text)
        return vo_error_set(e, VO_EINVAL, "text", "text: a note needs a text");
    return vo_text_check(VO_TEXT_NOTE, n->text, "text", e);
}
