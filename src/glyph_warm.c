/*
 * glyph_warm.c — the glyphs of a PDF loaded ahead (glyph_warm.h says why).
 *
 * The main thread sends each scaled font's new glyphs, once each; the thread
 * asks Cairo for them the way the PDF surface will:
 * - the outline and metrics at the size drawn: cairo_glyph_path on a PDF
 *   surface of its own, so that Cairo derives from Pango's scaled font the
 *   same font the drawing derives (the PDF surface's font options merged
 *   in), and loads both with one FreeType call;
 * - the metrics at the unscaled size, in the font Cairo's subsetting makes
 *   for the widths (identity matrices, default options without hinting:
 *   cairo-scaled-font-subsets.c). The thread keeps a reference to each such
 *   font until it is freed, after the PDF is written, so that the subsetting
 *   finds the same font, with its cache, in Cairo's font map.
 */
#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include "glyph_warm.h"
#include "thread.h"

/* One scaled font's glyphs to load; a job with no font stops the thread. */
struct warm_job {
	cairo_scaled_font_t *font;
	cairo_glyph_t *glyphs;
	int n;
};

struct glyph_warm {
	struct thread *thread;
	void (*first)(void *);
	void *first_arg;
	GAsyncQueue *jobs;
	GHashTable *sent;          /* main thread: scaled font → the glyphs sent, a bit
				    * per glyph index (GArray of guint8, zero-filled) */
	struct warm_job stop;
};

static cairo_status_t warm_discard(void *closure, const unsigned char *data, unsigned int len)
{
	(void)closure;
	(void)data;
	(void)len;
	return CAIRO_STATUS_SUCCESS;
}

static gpointer warm_thread(gpointer data)
{
	struct glyph_warm *w = data;
	cairo_surface_t *surface = cairo_pdf_surface_create_for_stream(warm_discard, NULL, 1, 1);
	cairo_t *cr = cairo_create(surface);
	cairo_font_options_t *plain = cairo_font_options_create();
	/* font face → the unscaled font of its subsets, referenced */
	GHashTable *unscaled = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL,
						     (GDestroyNotify)cairo_scaled_font_destroy);
	cairo_matrix_t identity;
	struct warm_job *job;

	if (w->first)
		w->first(w->first_arg);
	cairo_matrix_init_identity(&identity);
	cairo_font_options_set_hint_style(plain, CAIRO_HINT_STYLE_NONE);
	cairo_font_options_set_hint_metrics(plain, CAIRO_HINT_METRICS_OFF);
	while ((job = g_async_queue_pop(w->jobs)) != &w->stop) {
		cairo_font_face_t *face = cairo_scaled_font_get_font_face(job->font);
		cairo_scaled_font_t *u = g_hash_table_lookup(unscaled, face);
		cairo_text_extents_t ext;

		cairo_set_scaled_font(cr, job->font);
		cairo_glyph_path(cr, job->glyphs, job->n);
		cairo_new_path(cr);
		/* A glyph without an outline (a bitmap) leaves this context in
		 * error, not the font: the drawing meets the same answer. */
		if (cairo_status(cr) != CAIRO_STATUS_SUCCESS) {
			cairo_destroy(cr);
			cr = cairo_create(surface);
		}
		if (!u) {
			u = cairo_scaled_font_create(face, &identity, &identity, plain);
			g_hash_table_insert(unscaled, face, u);
		}
		cairo_scaled_font_glyph_extents(u, job->glyphs, job->n, &ext);
		cairo_scaled_font_destroy(job->font);
		g_free(job->glyphs);
		g_free(job);
	}
	/* The fonts are let go of here, once the PDF that needed them is
	 * written (glyph_warm_free). */
	g_hash_table_unref(unscaled);
	cairo_font_options_destroy(plain);
	cairo_destroy(cr);
	cairo_surface_destroy(surface);
	return NULL;
}

struct glyph_warm *glyph_warm_new(void (*first)(void *), void *arg)
{
	struct glyph_warm *w = g_new0(struct glyph_warm, 1);

	w->first = first;
	w->first_arg = arg;
	w->jobs = g_async_queue_new();
	w->sent = g_hash_table_new_full(g_direct_hash, g_direct_equal,
					(GDestroyNotify)cairo_scaled_font_destroy,
					(GDestroyNotify)g_array_unref);
	w->thread = thread_new("declc-glyphs", warm_thread, w);
	return w;
}

/* Whether glyph G is marked in SEEN; marks it. A bit per glyph index: the
 * composer asks once per glyph drawn, thousands of times a page, and a
 * font's indices are dense and below 65,536. */
static bool warm_seen(GArray *seen, PangoGlyph g)
{
	guint byte = g / 8;
	guint8 bit = (guint8)(1u << (g % 8));

	if (byte >= seen->len)
		g_array_set_size(seen, MAX(byte + 1, seen->len * 2));
	if (g_array_index(seen, guint8, byte) & bit)
		return true;
	g_array_index(seen, guint8, byte) |= bit;
	return false;
}

/* Sends the glyphs of RUN the thread has not been sent yet. */
static void warm_run(struct glyph_warm *w, const PangoGlyphItem *run)
{
	PangoFont *font = run->item->analysis.font;
	cairo_scaled_font_t *sf;
	GArray *seen;
	struct warm_job *job;

	if (!PANGO_IS_CAIRO_FONT(font) ||
	    !(sf = pango_cairo_font_get_scaled_font(PANGO_CAIRO_FONT(font))) ||
	    cairo_scaled_font_status(sf) != CAIRO_STATUS_SUCCESS)
		return;
	seen = g_hash_table_lookup(w->sent, sf);
	if (!seen) {
		seen = g_array_new(FALSE, TRUE, sizeof(guint8));
		g_hash_table_insert(w->sent, cairo_scaled_font_reference(sf), seen);
	}
	job = g_new0(struct warm_job, 1);
	job->glyphs = g_new(cairo_glyph_t, run->glyphs->num_glyphs);
	for (int i = 0; i < run->glyphs->num_glyphs; i++) {
		PangoGlyph g = run->glyphs->glyphs[i].glyph;

		/* Empty and missing glyphs are never loaded from the font: a
		 * font's own indices are below 65,536 (OpenType counts them in
		 * 16 bits), PANGO_GLYPH_EMPTY and the unknown ones are not. */
		if ((g & PANGO_GLYPH_UNKNOWN_FLAG) || g > G_MAXUINT16 || warm_seen(seen, g))
			continue;
		job->glyphs[job->n++] = (cairo_glyph_t){ .index = g };
	}
	if (job->n == 0) {
		g_free(job->glyphs);
		g_free(job);
		return;
	}
	job->font = cairo_scaled_font_reference(sf);
	g_async_queue_push(w->jobs, job);
}

static void warm_line(struct glyph_warm *w, const struct compose_line *line)
{
	for (const GSList *r = line->runs; r; r = r->next)
		warm_run(w, r->data);
}

void glyph_warm_para(struct glyph_warm *w, const struct compose_para *p)
{
	if (p->label)
		warm_line(w, p->label);
	for (int i = 0; i < p->n_lines; i++)
		warm_line(w, &p->lines[i]);
}

void glyph_warm_free(struct glyph_warm *w)
{
	struct warm_job *job;

	if (!w)
		return;
	/* What the thread has not reached is of no use any more. */
	g_async_queue_push_front(w->jobs, &w->stop);
	thread_join(w->thread);
	while ((job = g_async_queue_try_pop(w->jobs))) {
		cairo_scaled_font_destroy(job->font);
		g_free(job->glyphs);
		g_free(job);
	}
	g_async_queue_unref(w->jobs);
	g_hash_table_unref(w->sent);
	g_free(w);
}
