/*
 * dev_cairo.c — the Cairo device: PDF, PostScript, PNG and SVG.
 *
 * Consumes draw calls (dev.h); produces the bytes of one file in a GByteArray
 * (render_document hands them to output.c, which writes atomically). PDF and
 * PS hold every page; PNG and SVG one page each, as render_document asks.
 * Text is drawn with pango_cairo_show_layout_line at the positions the
 * paginator chose; rules are filled rectangles; images are drawn by image.c
 * (SVG as vectors).
 *
 * Reproducibility (DESIGN §4): Cairo stamps PDF and PS output with the clock
 * unless told otherwise. The PDF creation and modification dates are set from
 * the layout's meta date, else from SOURCE_DATE_EPOCH, else the Unix epoch —
 * never the clock — and the "%%CreationDate" line Cairo writes into PS is
 * replaced with the same date, as is the counter in SVG's page group id. Two
 * runs on the same input give the same bytes, even within one process.
 *
 * Tagged PDF: structure tags (cairo_tag_begin/end) come from render.c, one
 * element per block and page; names Cairo does not know become Div. Cairo
 * 1.16 has no way to mark page furniture as an artifact: it is left in
 * Document, outside every block's element. Nor can it give an element its
 * /Alt: each image is a Figure of its own (a leaf, so Cairo marks the
 * picture's content with its MCID), and when the surface is finished the
 * text alternatives are written into the Figures of the structure tree
 * with qpdf, in the order the Figures were begun — the order of Cairo's
 * tree, walked depth first (dc_figure_alt).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <cairo.h>
#include <cairo-pdf.h>
#include <cairo-ps.h>
#include <cairo-svg.h>
#include <pango/pangocairo.h>
#include "compose.h"
#include "dev.h"
#include "qpdf_lib.h"

/* A PNG larger than this many pixels is refused rather than allocated. */
#define DEV_MAX_PIXELS (200 * 1000 * 1000)
#define DEV_OUTLINE_LEVELS 10

struct dev_cairo {
	struct dev dev;
	struct declc_doc *doc;
	enum dev_kind kind;
	const struct lt_meta *meta;
	cairo_surface_t *surface;
	cairo_t *cr;
	GByteArray *bytes;               /* what a vector surface has written */
	double scale;                    /* device units per point: dpi / 72 for PNG, else 1 */
	int page;                        /* the current page, 1-based */
	int outline[DEV_OUTLINE_LEVELS]; /* the latest bookmark id at each level, 0 none */
	char date[32];                   /* ISO 8601, for metadata */
	GPtrArray *alts;                 /* PDF: each Figure's alt text, in order ("" none) */
	bool failed;
};

static cairo_status_t dc_write(void *closure, const unsigned char *data, unsigned int length)
{
	g_byte_array_append(closure, data, length);
	return CAIRO_STATUS_SUCCESS;
}

static double pt(int units)
{
	return (double)units / PANGO_SCALE;
}

/* The date the output carries, never the clock: the layout's date
 * (YYYY, YYYY-MM or YYYY-MM-DD…), else SOURCE_DATE_EPOCH, else the epoch. */
static void dc_date(const struct lt_meta *meta, char out[32])
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	int y, m = 1, d = 1;

	if (meta->date && sscanf(meta->date, "%4d-%2d-%2d", &y, &m, &d) >= 1 && y > 0 &&
	    m >= 1 && m <= 12 && d >= 1 && d <= 31) {
		g_snprintf(out, 32, "%04d-%02d-%02dT00:00:00", y, m, d);
		return;
	}
	if (sde && *sde) {
		char *end;
		gint64 secs = g_ascii_strtoll(sde, &end, 10);
		GDateTime *dt = *end == '\0' ? g_date_time_new_from_unix_utc(secs) : NULL;

		if (dt) {
			char *s = g_date_time_format(dt, "%Y-%m-%dT%H:%M:%S");

			g_strlcpy(out, s, 32);
			g_free(s);
			g_date_time_unref(dt);
			return;
		}
	}
	g_strlcpy(out, "1970-01-01T00:00:00", 32);
}

static void dc_metadata(struct dev_cairo *c)
{
	const struct lt_meta *m = c->meta;
	const struct {
		cairo_pdf_metadata_t key;
		const char *value;
	} info[] = {
		{ CAIRO_PDF_METADATA_TITLE, m->title },
		{ CAIRO_PDF_METADATA_AUTHOR, m->author },
		{ CAIRO_PDF_METADATA_SUBJECT, m->subject },
		{ CAIRO_PDF_METADATA_KEYWORDS, m->keywords },
		{ CAIRO_PDF_METADATA_CREATOR, "declc " DECLC_VERSION },
		{ CAIRO_PDF_METADATA_CREATE_DATE, c->date },
		{ CAIRO_PDF_METADATA_MOD_DATE, c->date },
	};

	for (size_t i = 0; i < G_N_ELEMENTS(info); i++)
		if (info[i].value)
			cairo_pdf_surface_set_metadata(c->surface, info[i].key, info[i].value);
}

static bool dc_check(struct dev_cairo *c, cairo_status_t st)
{
	if (st == CAIRO_STATUS_SUCCESS)
		return true;
	if (!c->failed) {
		static const char *const names[] = {
			[DEV_PDF] = "PDF", [DEV_PS] = "PostScript", [DEV_PNG] = "PNG",
			[DEV_SVG] = "SVG", [DEV_TRACE] = "trace",
		};

		doc_diag(c->doc, 0, 0, DIAG_E_CAIRO, names[c->kind], cairo_status_to_string(st));
	}
	c->failed = true;
	return false;
}

static void dc_begin_page(struct dev *d, int width, int height)
{
	struct dev_cairo *c = (struct dev_cairo *)d;

	/* Every page may have its own size; the first was given at creation. */
	if (++c->page > 1 && c->kind == DEV_PDF)
		cairo_pdf_surface_set_size(c->surface, pt(width), pt(height));
	else if (c->page > 1 && c->kind == DEV_PS)
		cairo_ps_surface_set_size(c->surface, pt(width), pt(height));
	cairo_save(c->cr);
	if (c->kind == DEV_PNG) {
		cairo_set_source_rgb(c->cr, 1, 1, 1);
		cairo_paint(c->cr);
		cairo_scale(c->cr, c->scale, c->scale);
	}
}

static void dc_end_page(struct dev *d)
{
	struct dev_cairo *c = (struct dev_cairo *)d;

	cairo_restore(c->cr);
	if (c->kind == DEV_PDF || c->kind == DEV_PS)
		cairo_show_page(c->cr);
}

/* The colour a run's foreground attribute gives it, or black. */
static void dc_run_color(cairo_t *cr, const PangoGlyphItem *run)
{
	for (GSList *a = run->item->analysis.extra_attrs; a; a = a->next) {
		const PangoAttribute *attr = a->data;

		if (attr->klass->type == PANGO_ATTR_FOREGROUND) {
			const PangoColor *col = &((const PangoAttrColor *)attr)->color;

			cairo_set_source_rgb(cr, col->red / 65535.0, col->green / 65535.0,
					     col->blue / 65535.0);
			return;
		}
	}
	cairo_set_source_rgb(cr, 0, 0, 0);
}

/* Each run as Pango's renderer draws a layout line: from the left, moved
 * by its own offsets (a superscript's shift is its y_offset), in its colour,
 * with its text for the PDF's text layer. The run's place goes into its
 * glyphs' offsets (a scratch copy), not into the current point: Cairo keeps
 * that in 24.8 fixed point, and each run's start would be rounded. */
static void dc_text(struct dev *d, const struct compose_line *line, int x, int y, int width)
{
	struct dev_cairo *c = (struct dev_cairo *)d;
	PangoGlyphString *moved = pango_glyph_string_new();
	int x_off = 0;

	for (GSList *r = line->runs; r; r = r->next) {
		const PangoGlyphItem *run = r->data;
		PangoGlyphItem at = *run;
		int n = run->glyphs->num_glyphs;

		x_off += run->start_x_offset;
		pango_glyph_string_set_size(moved, n);
		memcpy(moved->glyphs, run->glyphs->glyphs, sizeof *moved->glyphs * (size_t)n);
		memcpy(moved->log_clusters, run->glyphs->log_clusters, sizeof(int) * (size_t)n);
		for (int g = 0; g < n; g++) {
			moved->glyphs[g].geometry.x_offset += x_off;
			moved->glyphs[g].geometry.y_offset -= run->y_offset;
		}
		at.glyphs = moved;
		dc_run_color(c->cr, run);
		cairo_move_to(c->cr, pt(x), pt(y));
		pango_cairo_show_glyph_item(c->cr, line->text, &at);
		x_off += pango_glyph_string_get_width(run->glyphs) + run->end_x_offset;
	}
	pango_glyph_string_free(moved);
}

static void dc_rule(struct dev *d, int x, int y, int width, int thickness, guint32 color)
{
	struct dev_cairo *c = (struct dev_cairo *)d;

	cairo_set_source_rgb(c->cr, ((color >> 16) & 0xff) / 255.0, ((color >> 8) & 0xff) / 255.0,
			     (color & 0xff) / 255.0);
	cairo_rectangle(c->cr, pt(x), pt(y), pt(width), pt(thickness));
	cairo_fill(c->cr);
}

static void dc_image(struct dev *d, const struct img *im, int x, int y, int width, int height)
{
	struct dev_cairo *c = (struct dev_cairo *)d;

	img_draw(im, c->cr, pt(x), pt(y), pt(width), pt(height));
}

/* The structure types Cairo 1.16 accepts (PDF 1.7's standard set). Any other
 * name puts Cairo's tag stack in an error state, and finishing the surface
 * then crashes, so a house style's own tag (or PDF 2.0's Title) is written as
 * Div, the neutral grouping element. */
static const char *dc_tag_name(const char *tag)
{
	static const char *const known[] = {
		"Document", "Part", "Art", "Sect", "Div", "BlockQuote", "Caption", "TOC",
		"TOCI", "Index", "NonStruct", "Private", "P", "H", "H1", "H2", "H3", "H4",
		"H5", "H6", "L", "LI", "Lbl", "LBody", "Table", "TR", "TH", "TD", "THead",
		"TBody", "TFoot", "Span", "Quote", "Note", "Reference", "BibEntry", "Code",
		"Figure", "Formula", "Form",
	};

	for (size_t i = 0; i < G_N_ELEMENTS(known); i++)
		if (strcmp(tag, known[i]) == 0)
			return tag;
	return "Div";
}

static void dc_tag_begin(struct dev *d, const char *tag, const char *alt)
{
	struct dev_cairo *c = (struct dev_cairo *)d;

	if (c->kind != DEV_PDF)
		return;
	cairo_tag_begin(c->cr, dc_tag_name(tag), "");
	if (strcmp(tag, "Figure") == 0)
		g_ptr_array_add(c->alts, g_strdup(alt ? alt : ""));
}

static void dc_tag_end(struct dev *d, const char *tag)
{
	struct dev_cairo *c = (struct dev_cairo *)d;

	if (c->kind == DEV_PDF)
		cairo_tag_end(c->cr, dc_tag_name(tag));
}

static void dc_outline(struct dev *d, int level, const char *title, int x, int y)
{
	struct dev_cairo *c = (struct dev_cairo *)d;
	char xs[G_ASCII_DTOSTR_BUF_SIZE], ys[G_ASCII_DTOSTR_BUF_SIZE];
	int parent = CAIRO_PDF_OUTLINE_ROOT;
	char *link;

	if (c->kind != DEV_PDF)
		return;
	level = CLAMP(level, 1, DEV_OUTLINE_LEVELS - 1);
	for (int l = level - 1; l >= 1; l--)
		if (c->outline[l]) {
			parent = c->outline[l];
			break;
		}
	/* The bookmark points a little above the baseline, at the line's top. */
	link = g_strdup_printf("page=%d pos=[%s %s]", c->page,
			       g_ascii_formatd(xs, sizeof xs, "%.2f", pt(x)),
			       g_ascii_formatd(ys, sizeof ys, "%.2f", MAX(0.0, pt(y) - 12)));
	c->outline[level] = cairo_pdf_surface_add_outline(c->surface, parent, title, link,
							  CAIRO_PDF_OUTLINE_FLAG_OPEN);
	for (int l = level + 1; l < DEV_OUTLINE_LEVELS; l++)
		c->outline[l] = 0;
	g_free(link);
}

/* Replaces what follows the first KEY in the output, up to the byte STOP,
 * with WITH. Cairo writes two things that differ from run to run even
 * with a fixed date: the clock into PostScript's "%%CreationDate" and a
 * process-wide surface counter into the id of SVG's page group. */
static void dc_rewrite(struct dev_cairo *c, const char *key, char stop, const char *with)
{
	size_t klen = strlen(key);
	guint8 *data = c->bytes->data;
	guint len = c->bytes->len, at, end;
	GByteArray *fixed;

	for (at = 0; at + klen <= len; at++)
		if (memcmp(data + at, key, klen) == 0)
			break;
	if (at + klen > len)
		return;
	for (end = at + (guint)klen; end < len && data[end] != stop; end++)
		;
	fixed = g_byte_array_sized_new(len);
	g_byte_array_append(fixed, data, at + (guint)klen);
	g_byte_array_append(fixed, (const guint8 *)with, (guint)strlen(with));
	g_byte_array_append(fixed, data + end, len - end);
	g_byte_array_unref(c->bytes);
	c->bytes = fixed;
}

/* Writes the alt text of each Figure as its /Alt (PDF 1.7 14.9.3): the
 * structure tree of the finished PDF is walked depth first, without
 * recursion, which meets the Figures in the order render.c began them. */
static void dc_figure_alt(struct dev_cairo *c)
{
	qpdf_data q;
	GArray *stack;
	guint figure = 0;
	qpdf_oh k;
	const char *why = NULL;

	if (!qpdf_lib_open(&why)) {
		doc_diag(c->doc, 0, 0, DIAG_E_QPDF_LOAD, why);
		c->failed = true;
		return;
	}
	q = qpdf_init();
	stack = g_array_new(FALSE, FALSE, sizeof(qpdf_oh));
	qpdf_silence_errors(q);
	qpdf_set_suppress_warnings(q, QPDF_TRUE);
	qpdf_read_memory(q, "the rendered PDF", (const char *)c->bytes->data, c->bytes->len, NULL);
	if (qpdf_has_error(q))
		goto done;
	k = qpdf_oh_get_key(q, qpdf_oh_get_key(q, qpdf_get_root(q), "/StructTreeRoot"), "/K");
	g_array_append_val(stack, k);
	while (stack->len > 0) {
		qpdf_oh o = g_array_index(stack, qpdf_oh, stack->len - 1);

		g_array_set_size(stack, stack->len - 1);
		if (qpdf_oh_is_array(q, o)) {
			/* Children pushed last first, so that they come out in order. */
			for (int i = qpdf_oh_get_array_n_items(q, o); i-- > 0;) {
				qpdf_oh kid = qpdf_oh_get_array_item(q, o, i);

				g_array_append_val(stack, kid);
			}
		} else if (qpdf_oh_is_dictionary(q, o) && qpdf_oh_has_key(q, o, "/S")) {
			const char *alt;

			if (qpdf_oh_is_name_and_equals(q, qpdf_oh_get_key(q, o, "/S"), "/Figure") &&
			    figure < c->alts->len && *(alt = g_ptr_array_index(c->alts, figure++)))
				qpdf_oh_replace_key(q, o, "/Alt", qpdf_oh_new_unicode_string(q, alt));
			k = qpdf_oh_get_key(q, o, "/K");
			g_array_append_val(stack, k);
		}
	}
	qpdf_init_write_memory(q);
	qpdf_set_deterministic_ID(q, QPDF_TRUE);
	qpdf_write(q);
	if (!qpdf_has_error(q)) {
		g_byte_array_set_size(c->bytes, 0);
		g_byte_array_append(c->bytes, qpdf_get_buffer(q), (guint)qpdf_get_buffer_length(q));
	}
done:
	if (qpdf_has_error(q)) {
		doc_diag(c->doc, 0, 0, DIAG_E_CAIRO, "PDF",
			 qpdf_get_error_full_text(q, qpdf_get_error(q)));
		c->failed = true;
	}
	g_array_free(stack, TRUE);
	qpdf_cleanup(&q);
}

static int dc_finish(struct dev *d, GByteArray *out)
{
	struct dev_cairo *c = (struct dev_cairo *)d;

	cairo_destroy(c->cr);
	c->cr = NULL;
	if (c->kind == DEV_PNG) {
		cairo_surface_flush(c->surface);
		if (dc_check(c, cairo_surface_status(c->surface)))
			dc_check(c, cairo_surface_write_to_png_stream(c->surface, dc_write, c->bytes));
	} else {
		cairo_surface_finish(c->surface);
		dc_check(c, cairo_surface_status(c->surface));
	}
	if (c->failed)
		return -1;
	if (c->kind == DEV_PDF && c->alts->len > 0)
		dc_figure_alt(c);
	if (c->failed)
		return -1;
	if (c->kind == DEV_PS)
		dc_rewrite(c, "%%CreationDate: ", '\n', c->date);
	else if (c->kind == DEV_SVG)
		dc_rewrite(c, "<g id=\"surface", '"', "1");
	g_byte_array_append(out, c->bytes->data, c->bytes->len);
	return 0;
}

static void dc_free(struct dev *d)
{
	struct dev_cairo *c = (struct dev_cairo *)d;

	if (c->cr)
		cairo_destroy(c->cr);
	if (c->surface)
		cairo_surface_destroy(c->surface);
	g_byte_array_unref(c->bytes);
	g_ptr_array_free(c->alts, TRUE);
	g_free(c);
}

static const struct dev_ops cairo_ops = {
	dc_begin_page, dc_end_page, dc_text, dc_rule, dc_tag_begin, dc_tag_end, dc_outline,
	dc_finish, dc_free, dc_image,
};

struct dev *dev_cairo_new(struct declc_doc *doc, enum dev_kind kind, const struct lt_meta *meta,
			  int width, int height)
{
	struct dev_cairo *c = g_new0(struct dev_cairo, 1);
	double dpi = doc->run->dpi > 0 ? doc->run->dpi : 150;
	double w = pt(width), h = pt(height);

	c->dev.ops = &cairo_ops;
	c->doc = doc;
	c->kind = kind;
	c->meta = meta;
	c->bytes = g_byte_array_new();
	c->alts = g_ptr_array_new_with_free_func(g_free);
	c->scale = kind == DEV_PNG ? dpi / 72.0 : 1.0;
	dc_date(meta, c->date);
	switch (kind) {
	case DEV_PDF:
		c->surface = cairo_pdf_surface_create_for_stream(dc_write, c->bytes, w, h);
		dc_metadata(c);
		break;
	case DEV_PS:
		c->surface = cairo_ps_surface_create_for_stream(dc_write, c->bytes, w, h);
		break;
	case DEV_SVG:
		c->surface = cairo_svg_surface_create_for_stream(dc_write, c->bytes, w, h);
		cairo_svg_surface_set_document_unit(c->surface, CAIRO_SVG_UNIT_PT);
		break;
	default: {
		double pw = ceil(w * c->scale), ph = ceil(h * c->scale);

		if (pw * ph > DEV_MAX_PIXELS) {
			doc_diag(doc, 0, 0, DIAG_E_PNG_SIZE, pw, ph, DEV_MAX_PIXELS);
			dc_free(&c->dev);
			return NULL;
		}
		c->surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)pw, (int)ph);
		break;
	}
	}
	c->cr = cairo_create(c->surface);
	if (!dc_check(c, cairo_status(c->cr))) {
		dc_free(&c->dev);
		return NULL;
	}
	return &c->dev;
}
