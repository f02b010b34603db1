/*
 * context.h — the two contexts every stage works in (STYLE.md: no globals).
 *
 * struct declc_run is built once by declc_run_new and is read-only afterwards,
 * so every batch thread may read it. struct declc_doc belongs to one input: it
 * owns the trees and the diagnostics made for that document, and
 * doc_free releases them all.
 */
#ifndef CONTEXT_H
#define CONTEXT_H

#include <glib.h>
#include <libxml/tree.h>
#include "declc.h"
#include "diag.h"

struct validate_schemas;   /* validate.c */
struct xform;              /* transform.c */
struct fonts;              /* fonts.c */
struct hy_dict;            /* hyphen.c */
struct thread;             /* thread.c */

struct declc_run {
	/* Options, with owned copies of the strings. */
	char *data_dir;        /* absolute; holds schemas/, stylesheets/, fonts/ */
	char *style;           /* house style path, or NULL */
	char *font_dir;        /* extra fonts, or NULL */
	char **params;         /* NULL-terminated NAME=VALUE */
	bool no_hyphenate;
	bool no_typesetter;    /* declc_options.no_typesetter: no set-up thread */
	bool one_document;     /* declc_options.one_document */
	bool compiled;         /* then: declc_compile has been called */
	bool signature_fields; /* --signature-fields (sigfields.h) */
	double dpi;            /* PNG resolution */
	int pdfa_level;        /* 1, 2 or 3: PDF/A-1b, -2b, -3b */
	int page_first, page_last; /* PNG/SVG pages to write, 1-based; 0: open end */
	enum declc_diag_format diag_format;
	bool quiet, color;
	size_t max_size;       /* limits (docs/limits.md), defaults applied */
	int max_depth, max_words, max_signatories, max_pages;
	double max_image_pixels;      /* width × height of one PNG/JPEG */

	struct validate_schemas *schemas;
	struct validate_schemas *layout_schema; /* layout.rng; only with a house style */
	struct xform *layout_xsl;     /* layout.xsl or the house style importing it */
	struct xform *html_xsl;       /* html.xsl, compiled on first use (lazy_lock) */
	struct xform *text_xsl;       /* text.xsl, likewise */
	GMutex lazy_lock;             /* the only things in a run that change after set-up */
	struct setup_thread *setup;   /* stylesheet, fonts, dictionary still loading on a
				       * thread (pipeline.c); NULL once joined (lazy_lock) */
	int setup_status;             /* 0, or the exit status of that set-up's failure */
	struct thread *qpdf_opener;   /* opening libqpdf meanwhile (qpdf_lib.h), or NULL */
	struct fonts *fonts;
	struct hy_dict *hyph;         /* NULL with --no-hyphenate */
	FILE *diag_out;               /* stderr */
	struct diag_report *report;   /* `declc check`: every document's diagnostics
				       * go here instead of diag_out (check.c sets it) */
};

struct declc_doc {
	const struct declc_run *run;
	char *path;              /* the input as the user named it ("-" → "<stdin>") */
	char *dir;               /* its folder: the only place it may read images from */
	struct diag_sink *diags;
	GBytes *source;          /* the source bytes as read (embedded in PDF/A-3b) */
	xmlDoc *tei;             /* the source tree */
	GHashTable *pos;         /* xmlNode* → packed line and column, see load_pos */
	xmlDoc *layout;          /* the layout tree made by the stylesheet */
	const struct fonts *fonts; /* what it is typeset with: the run's font map,
				    * or a batch worker's own (Pango's font map
				    * is not thread-safe, so no two threads share one) */
	struct glyph_warm *warm; /* a PDF's glyphs loaded ahead (glyph_warm.h), or NULL */
	bool spare_processor;    /* nothing else runs beside this document: the
				  * glyphs may be loaded ahead on a thread */
	bool sync_later;         /* out_write renames each file into place without
				  * an fsync; declc batch syncs the file system once,
				  * before its manifest (two fsyncs a file cost more
				  * than typesetting a declaration) */
};

struct declc_doc *doc_new(const struct declc_run *run, const char *path);
void doc_free(struct declc_doc *doc);
/* Takes DOC through the stages as declc_compile does, but leaves its
 * diagnostics in doc->diags and DOC to the caller (declc batch keeps them for
 * its manifest). Returns an enum declc_status. */
int doc_compile(struct declc_doc *doc, const char *output, unsigned formats);

/* Shorthand for stages: a diagnostic at a position of this document. */
#define doc_diag(doc, line, col, ...) \
	diag_emit((doc)->diags, (doc)->path, (line), (col), __VA_ARGS__)

#endif
