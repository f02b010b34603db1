/*
 * fonts.h — the fonts declc may use, and nothing else.
 *
 * A private fontconfig configuration holds only the bundled fonts/ folder and an
 * optional --font-dir, so the machine's own fonts never leak into a document.
 * The Pango font map built on it is not thread-safe: a run's map serves one
 * thread, and each declc batch worker makes its own (struct declc_doc.fonts).
 */
#ifndef FONTS_H
#define FONTS_H

#include <pango/pango.h>
#include "diag.h"

struct fonts;

/* Returns NULL after reporting on DIAGS (with FILE as the diagnostic's file). */
struct fonts *fonts_new(const char *bundled_dir, const char *extra_dir,
			struct diag_sink *diags, const char *file);
void fonts_free(struct fonts *f);
PangoFontMap *fonts_map(const struct fonts *f);

/* A Pango context on the font map set up for print: 72 units per inch (a
 * font size in points is a size in device units), no hinting, unrounded
 * glyph positions, so that the same layout suits PDF, PS, SVG and PNG alike.
 * The caller owns it (g_object_unref). */
PangoContext *fonts_context(const struct fonts *f);

/* Whether FAMILY resolves to one of our faces. When it does not, *OFFERED
 * (if OFFERED is not NULL) receives the family fontconfig would silently
 * substitute, to be freed with g_free. */
bool fonts_has_family(const struct fonts *f, const char *family, char **offered);

/* The byte offsets, in the text of RUNS (PangoGlyphItem, one line's), of
 * the characters drawn with no glyph (Pango's missing-glyph boxes), in text
 * order; NULL when every character has one. Free with g_array_unref. */
GArray *fonts_missing_glyphs(GSList *runs);

#endif
