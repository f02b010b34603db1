/*
 * typeset_lib.h — the typesetter, opened when a drawn format is asked for.
 *
 * Everything that draws — fonts, composition, pagination, the Cairo and
 * trace devices, images, signature fields (typeset.h and the headers below)
 * — is built as a module of its own, declc-typeset.so, linked with Pango,
 * Cairo, HarfBuzz, fontconfig and FreeType: with their dependencies some
 * thirty libraries, which an executable linked with them loads and relocates
 * before main, about 4 ms. The executable is linked only with what every run
 * needs (GLib, libxml2, libxslt): check, HTML, text and canonical XML never
 * load the rest, and a compile loads it on the main thread while the set-up
 * thread is already compiling the stylesheet (pipeline.c), so that the two
 * overlap instead of adding up.
 *
 * The pipeline calls the typesetter only through the table below. Programs
 * linked with the typesetter itself — the unit tests, and the builds for the
 * sanitizers and the fuzzers, which must not dlopen (CMakeLists.txt) — use
 * their own copy of the table (declc_typeset_table, typeset_export.c) and
 * open nothing.
 */
#ifndef DECLC_TYPESET_LIB_H
#define DECLC_TYPESET_LIB_H

#include "dynlib.h"
#include "fonts.h"
#include "glyph_warm.h"
#include "image.h"
#include "sigfields.h"
#include "typeset.h"

/* "Pango 1.50.12\nCairo 1.16.0\n…": the versions of the drawing libraries,
 * a line each (g_free). */
char *typeset_versions(void);

/* The typesetter's functions the pipeline calls. */
#define TYPESET_LIB_FUNCTIONS(X) \
	X(fonts_new) \
	X(fonts_free) \
	X(page_typeset) \
	X(page_set_free) \
	X(page_count) \
	X(render_document) \
	X(glyph_warm_new) \
	X(glyph_warm_free) \
	X(sigfields_add) \
	X(img_open) \
	X(img_source) \
	X(img_free) \
	X(typeset_versions)

struct typeset_lib {
	TYPESET_LIB_FUNCTIONS(DYNLIB_POINTER)
};

/* The typesetter: the table linked in, or the module's, opened once from any
 * thread. NULL when the module cannot be opened, with *WHY (if WHY is not
 * NULL) saying why, as text that stays valid. */
const struct typeset_lib *typeset_lib(const char **why);

/* The typesetter once something it made exists (a font map, a page set):
 * then it is open. */
#define TYPESET (typeset_lib(NULL))

#endif
