/*
 * fixture.h — what the typesetter's unit tests share: a run context with the
 * bundled fonts and the Spanish dictionary, a document to report on, and
 * helpers that typeset a layout written inline and look at its trace.
 */
#ifndef FIXTURE_H
#define FIXTURE_H

#include <stdlib.h>
#include <string.h>
#include <glib.h>
#include <libxml/parser.h>
#include "context.h"
#include "fonts.h"
#include "hyphen.h"
#include "typeset.h"

struct fixture {
	struct declc_run run;
	struct diag_sink *setup;   /* what loading fonts and dictionary said */
	struct declc_doc *doc;     /* the document of the current test */
	struct page_set *ps;       /* its pages, or NULL */
};

static inline void fixture_setup(struct fixture *f, gconstpointer data)
{
	memset(f, 0, sizeof *f);
	f->setup = diag_sink_new();
	f->run.fonts = fonts_new(DECLC_SOURCE_DIR "/fonts", NULL, f->setup, "fonts");
	f->run.hyph = hy_load(DECLC_HYPHEN_DICT, f->setup, "dictionary");
	f->run.dpi = 72;
	g_assert_nonnull(f->run.fonts);
	g_assert_nonnull(f->run.hyph);
}

static inline void fixture_teardown(struct fixture *f, gconstpointer data)
{
	page_set_free(f->ps);
	if (f->doc)
		doc_free(f->doc);
	fonts_free(f->run.fonts);
	hy_free(f->run.hyph);
	diag_sink_free(f->setup);
}

/* Typesets the layout XML in TEXT; NULL when typesetting failed. */
static inline struct page_set *fixture_typeset(struct fixture *f, const char *text)
{
	page_set_free(f->ps);
	if (f->doc)
		doc_free(f->doc);
	f->doc = doc_new(&f->run, "test.xml");
	f->doc->layout = xmlReadMemory(text, (int)strlen(text), "layout.xml", NULL, XML_PARSE_NONET);
	g_assert_nonnull(f->doc->layout);
	f->ps = page_typeset(f->doc, f->doc->layout);
	return f->ps;
}

/* The output of device KIND (all pages, or PAGE for PNG and SVG). */
static inline GByteArray *fixture_render(struct fixture *f, enum dev_kind kind, int page)
{
	GByteArray *out = g_byte_array_new();

	g_assert_nonnull(f->ps);
	g_assert_cmpint(render_document(f->doc, f->ps, kind, page, out), ==, 0);
	return out;
}

/* The trace of the layout in TEXT, as a string to free. */
static inline char *fixture_trace(struct fixture *f, const char *text)
{
	GByteArray *out;

	g_assert_nonnull(fixture_typeset(f, text));
	out = fixture_render(f, DEV_TRACE, 0);
	g_byte_array_append(out, (const guint8 *)"", 1);
	return (char *)g_byte_array_free(out, FALSE);
}

/* How many diagnostics ID the document has at LINE (0: at any line). */
static inline int fixture_count(const struct fixture *f, enum diag_id id, int line)
{
	int n = 0;

	for (guint i = 0; i < f->doc->diags->items->len; i++) {
		const struct diag *d = &g_array_index(f->doc->diags->items, struct diag, i);

		if (d->id == id && (line == 0 || d->line == line))
			n++;
	}
	return n;
}

/* The message of the first diagnostic ID, or NULL. */
static inline const char *fixture_message(const struct fixture *f, enum diag_id id)
{
	for (guint i = 0; i < f->doc->diags->items->len; i++) {
		const struct diag *d = &g_array_index(f->doc->diags->items, struct diag, i);

		if (d->id == id)
			return d->message;
	}
	return NULL;
}

/* The page (1-based) on which the text line reading exactly LINE is drawn,
 * or 0 when it is not in TRACE. */
static inline int fixture_page_of(const char *trace, const char *line)
{
	char *quoted = g_strdup_printf(" \"%s\"\n", line);
	const char *at = strstr(trace, quoted);
	int page = 0;

	g_free(quoted);
	if (at == NULL)
		return 0;
	for (const char *p = trace; p && p < at; p = strchr(p, '\n')) {
		if (*p == '\n')
			p++;
		if (strncmp(p, "page ", 5) == 0)
			page = atoi(p + 5);
	}
	return page;
}

#endif
