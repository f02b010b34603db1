/*
 * glyph_warm.h — the glyphs of a PDF loaded ahead, on the spare processor.
 *
 * Cairo's PDF surface asks FreeType for each glyph it draws three times:
 * its metrics when the text is shown, its outline when the page's fonts are
 * subset, its metrics again at the unscaled size for the font's widths. For
 * the bundled CFF fonts each load interprets the glyph's program: two fifths
 * of the drawing's instructions on the founding declaration. Cairo caches
 * the answers in its scaled fonts, which are safe to share between threads,
 * so a thread of this module fills those caches with the glyphs of each
 * paragraph as soon as it is composed (glyph_warm_para, from paginate.c),
 * while the main thread composes the next; the drawing then finds them
 * there. The PDF is the same byte for byte: only when a glyph is loaded
 * changes, not what Cairo keeps of it.
 *
 * Only for a PDF (Cairo keys the caches by the target's font options) and
 * only when a processor is free: one document at a time (pipeline.c).
 */
#ifndef DECLC_GLYPH_WARM_H
#define DECLC_GLYPH_WARM_H

#include "compose.h"

struct glyph_warm;

/* Starts the thread, which first calls FIRST(ARG) when FIRST is not NULL
 * (pipeline.c opens libqpdf there: one spare thread, not two). */
struct glyph_warm *glyph_warm_new(void (*first)(void *), void *arg);

/* Hands the glyphs of P not handed before to the thread (the main thread
 * reads P; the thread gets its own copy). */
void glyph_warm_para(struct glyph_warm *w, const struct compose_para *p);

/* Stops the thread, waiting for what it was given, and lets go of the fonts
 * it kept: call it once the PDF is written. W may be NULL. */
void glyph_warm_free(struct glyph_warm *w);

#endif
