/*
 * floor.c — the floor of issue 10: the least a program must do to typeset the
 * founding declaration, so that declc's cost can be stated as a ratio to it.
 *
 * What it does, and nothing more: a private fontconfig configuration holding
 * only the bundled fonts/ (no system configuration, no cache, files added one
 * by one, as declc does; made the current configuration, which declc does
 * not do, so that fontconfig never loads the system's); libhyphen with dicts/hyph_es.dic, soft hyphens
 * (U+00AD) inserted into every word of five letters or more that is not in
 * capitals; the text of the declaration read from its TEI file with libxml2
 * (title lines, paragraphs, dateline, "Firmantes", the signatories' lines);
 * one PangoLayout per block — justified paragraphs with a first-line indent,
 * centred title and signatories, the dateline on the right — on A4 with
 * declc's default margins (25 mm), size (11 pt) and leading (14 pt); pages
 * broken line by line; "Página N de M" at the foot; a PDF from
 * cairo_pdf_surface.
 *
 * What it does not do: validation (RELAX NG, Schematron), XSLT, the Spanish
 * typography pass, total-fit line breaking (Pango's own greedy breaker is
 * used), widows and orphans, keeps, tagged PDF, metadata, PDF/A. Those are
 * what declc adds above the floor.
 *
 * Build: cmake --build BUILD --target declc-floor   (EXCLUDE_FROM_ALL)
 * Run:   declc-floor [-d DATADIR] IN.xml OUT.pdf
 *        DATADIR holds fonts/ and dicts/ (default: the source tree, set at
 *        build time). bench/seed.sh and bench/callgrind.sh run it beside declc.
 */
#include <fontconfig/fontconfig.h>
#include <glib.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-fontmap.h>
#include <cairo-pdf.h>
#include <hyphen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef FLOOR_DATA_DIR
#define FLOOR_DATA_DIR "."
#endif

#define TEI_NS "http://www.tei-c.org/ns/1.0"

/* A4 and declc's defaults (stylesheets/layout.xsl), in points. */
#define PAGE_W 595.276
#define PAGE_H 841.89
#define MARGIN 70.866
#define FONT_SIZE 11.0
#define LEAD 14.0
#define INDENT 16.5          /* 1.5 em */
#define FOOTER_OFFSET 28.0   /* footer baseline below the text area */

enum align { AL_JUSTIFY, AL_LEFT, AL_CENTER, AL_RIGHT };

struct block {
	char *text;
	double size, lead, space_before, space_after, indent;
	gboolean bold, hyphenate, rule;
	enum align align;
	PangoLayout *layout;
};

struct placed {          /* one line on one page */
	PangoLayoutLine *line;  /* NULL: a signature rule */
	int page;
	double x, baseline;
};

/* ---- fonts: only the files of DIR/fonts ---- */

static PangoFontMap *floor_fonts(const char *data)
{
	char *dir = g_build_filename(data, "fonts", NULL);
	GDir *d = g_dir_open(dir, 0, NULL);
	FcConfig *config = FcConfigCreate();
	const char *name;
	int n = 0;

	if (d == NULL) {
		fprintf(stderr, "floor: no folder %s\n", dir);
		exit(2);
	}
	FcConfigSetRescanInterval(config, 0);
	while ((name = g_dir_read_name(d)) != NULL)
		if (g_str_has_suffix(name, ".otf") || g_str_has_suffix(name, ".ttf")) {
			char *path = g_build_filename(dir, name, NULL);

			n += FcConfigAppFontAddFile(config, (const FcChar8 *)path) ? 1 : 0;
			g_free(path);
		}
	g_dir_close(d);
	if (n == 0) {
		fprintf(stderr, "floor: no fonts in %s\n", dir);
		exit(2);
	}
	g_free(dir);

	/* Make it the current configuration before Pango's first font map:
	 * Pango 1.50 otherwise starts a thread that runs FcInit(), which loads
	 * the system's whole configuration and font list (about 30 M
	 * instructions) for nothing, since the font map uses CONFIG only. */
	FcConfigSetCurrent(config);

	PangoFontMap *map = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT);

	pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(map), config);
	pango_cairo_font_map_set_resolution(PANGO_CAIRO_FONT_MAP(map), 72.0);
	FcConfigDestroy(config); /* the font map and fontconfig hold references */
	return map;
}

/* ---- hyphenation: soft hyphens from libhyphen ---- */

/* Appends WORD (LEN bytes, letters only) to OUT with U+00AD at every division
 * the patterns allow, two letters at least on each side. Words under five
 * letters and words in capitals are left whole. */
static void hyphenate_word(HyphenDict *dict, const char *word, int len, GString *out)
{
	long chars = g_utf8_strlen(word, len);
	gboolean upper = TRUE;

	for (const char *p = word; p < word + len; p = g_utf8_next_char(p))
		if (!g_unichar_isupper(g_utf8_get_char(p)))
			upper = FALSE;
	if (chars < 5 || chars > 100 || upper) {
		g_string_append_len(out, word, len);
		return;
	}

	GString *low = g_string_sized_new(len);
	char *hy = g_malloc(len + 5);
	char **rep = NULL;
	int *pos = NULL, *cut = NULL;

	for (const char *p = word; p < word + len; p = g_utf8_next_char(p))
		g_string_append_unichar(low, g_unichar_tolower(g_utf8_get_char(p)));
	if (hnj_hyphen_hyphenate2(dict, low->str, (int)low->len, hy, NULL, &rep, &pos, &cut) != 0 ||
	    rep != NULL) {
		/* A failure or a non-standard division: leave the word whole. */
		g_string_append_len(out, word, len);
	} else {
		/* hy[] is indexed by character for a UTF-8 dictionary. */
		long i = 0;

		for (const char *p = word; p < word + len; p = g_utf8_next_char(p), i++) {
			g_string_append_len(out, p, g_utf8_next_char(p) - p);
			if ((hy[i] & 1) && i + 1 >= 2 && chars - (i + 1) >= 2)
				g_string_append(out, "\xc2\xad");
		}
	}
	if (rep) {
		for (int k = 0; k < (int)low->len; k++)
			free(rep[k]);
		free(rep);
		free(pos);
		free(cut);
	}
	g_free(hy);
	g_string_free(low, TRUE);
}

static char *hyphenate_text(HyphenDict *dict, const char *text)
{
	GString *out = g_string_sized_new(strlen(text) + strlen(text) / 4);
	const char *p = text;

	while (*p) {
		const char *start = p;

		if (g_unichar_isalpha(g_utf8_get_char(p))) {
			while (*p && g_unichar_isalpha(g_utf8_get_char(p)))
				p = g_utf8_next_char(p);
			hyphenate_word(dict, start, (int)(p - start), out);
		} else {
			p = g_utf8_next_char(p);
			g_string_append_len(out, start, p - start);
		}
	}
	return g_string_free(out, FALSE);
}

/* ---- the text, from the TEI file ---- */

static gboolean is(xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && n->ns &&
	       strcmp((const char *)n->ns->href, TEI_NS) == 0 &&
	       strcmp((const char *)n->name, name) == 0;
}

/* The text of N with white space collapsed; <lb/> becomes a line break. */
static void text_of(xmlNode *n, GString *out)
{
	for (xmlNode *c = n->children; c; c = c->next) {
		if (c->type == XML_TEXT_NODE) {
			for (const char *p = (const char *)c->content; *p; p++) {
				gboolean sp = *p == ' ' || *p == '\n' || *p == '\t' || *p == '\r';

				if (!sp)
					g_string_append_c(out, *p);
				else if (out->len && out->str[out->len - 1] != ' ' &&
					 out->str[out->len - 1] != '\n')
					g_string_append_c(out, ' ');
			}
		} else if (is(c, "lb")) {
			g_string_append_c(out, '\n');
		} else if (is(c, "date") && c->children == NULL) {
			/* <date when="2024-11-14"/>: "14 de noviembre de 2024". */
			static const char *const months[] = {
				"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio",
				"agosto", "septiembre", "octubre", "noviembre", "diciembre" };
			xmlChar *when = xmlGetProp(c, (const xmlChar *)"when");
			int y, m, d;

			if (when && sscanf((const char *)when, "%d-%d-%d", &y, &m, &d) == 3 &&
			    m >= 1 && m <= 12)
				g_string_append_printf(out, "%d de %s de %d", d, months[m - 1], y);
			xmlFree(when);
		} else if (c->type == XML_ELEMENT_NODE) {
			text_of(c, out);
		}
	}
}

static char *collapse(xmlNode *n)
{
	GString *s = g_string_new(NULL);

	text_of(n, s);
	while (s->len && s->str[s->len - 1] == ' ')
		g_string_truncate(s, s->len - 1);
	return g_string_free(s, FALSE);
}

static void add(GArray *blocks, char *text, double size, double lead, gboolean bold,
		enum align align, double before, double after, double indent, gboolean hyph)
{
	struct block b = { text, size, lead, before, after, indent, bold, hyph, FALSE, align, NULL };

	g_array_append_val(blocks, b);
}

/* Walks the TEI: front (title parts, imprint), body paragraphs and headings,
 * closer (dateline, salute, signed). Good enough for the declarations of
 * samples/ and of bench/make-long.sh. */
static void walk(xmlNode *n, GArray *blocks, int *title_done)
{
	for (xmlNode *c = n; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (is(c, "teiHeader"))
			continue;
		if (is(c, "titlePart")) {
			xmlChar *type = xmlGetProp(c, (const xmlChar *)"type");
			gboolean main = type && strcmp((const char *)type, "main") == 0;

			if (main)
				add(blocks, collapse(c), FONT_SIZE + 3, (FONT_SIZE + 3) * 1.3, TRUE,
				    AL_CENTER, 0, LEAD / 2, 0, FALSE);
			else
				add(blocks, collapse(c), FONT_SIZE + 1, (FONT_SIZE + 1) * 1.3, TRUE,
				    AL_CENTER, 0, 0, 0, FALSE);
			xmlFree(type);
		} else if (is(c, "docImprint") || (is(c, "docDate") && !is(c->parent, "docImprint"))) {
			add(blocks, collapse(c), FONT_SIZE, LEAD, TRUE, AL_CENTER, LEAD / 2, 0, 0, FALSE);
		} else if (is(c, "front")) {
			walk(c->children, blocks, title_done);
			*title_done = 1;
		} else if (is(c, "head")) {
			add(blocks, collapse(c), FONT_SIZE + 1, LEAD, TRUE, AL_LEFT, LEAD * 1.5,
			    LEAD / 2, 0, FALSE);
		} else if (is(c, "p")) {
			double before = *title_done == 1 ? 2 * LEAD : 0;

			*title_done = 2;
			add(blocks, collapse(c), FONT_SIZE, LEAD, FALSE, AL_JUSTIFY, before, 0, INDENT,
			    TRUE);
		} else if (is(c, "dateline")) {
			add(blocks, collapse(c), FONT_SIZE, LEAD, FALSE, AL_RIGHT, LEAD, 0, 0, FALSE);
		} else if (is(c, "salute")) {
			add(blocks, collapse(c), FONT_SIZE, LEAD, FALSE, AL_LEFT, LEAD, 0, 0, FALSE);
		} else if (is(c, "signed")) {
			GString *s = g_string_new(NULL);

			for (xmlNode *o = c->children; o; o = o->next)
				if (o->type == XML_ELEMENT_NODE) {
					char *t = collapse(o);

					if (s->len)
						g_string_append_c(s, '\n');
					g_string_append(s, t);
					g_free(t);
				}
			if (s->len == 0) {
				char *t = collapse(c);

				g_string_append(s, t);
				g_free(t);
			}
			add(blocks, g_string_free(s, FALSE), FONT_SIZE, LEAD, FALSE, AL_CENTER,
			    36, 0, 0, FALSE);
			g_array_index(blocks, struct block, blocks->len - 1).rule = TRUE;
		} else {
			walk(c->children, blocks, title_done);
		}
	}
}

/* ---- layout and pages ---- */

static PangoContext *floor_context(PangoFontMap *map)
{
	PangoContext *ctx = pango_font_map_create_context(map);
	cairo_font_options_t *fo = cairo_font_options_create();

	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	pango_cairo_context_set_font_options(ctx, fo);
	cairo_font_options_destroy(fo);
	pango_cairo_context_set_resolution(ctx, 72.0);
	pango_context_set_round_glyph_positions(ctx, FALSE);
	return ctx;
}

static PangoLayout *block_layout(PangoContext *ctx, const struct block *b, const char *text,
				 double width)
{
	PangoLayout *l = pango_layout_new(ctx);
	PangoFontDescription *fd = pango_font_description_new();

	pango_font_description_set_family(fd, "Linux Libertine O");
	pango_font_description_set_size(fd, (int)(b->size * PANGO_SCALE));
	if (b->bold)
		pango_font_description_set_weight(fd, PANGO_WEIGHT_BOLD);
	pango_layout_set_font_description(l, fd);
	pango_font_description_free(fd);
	pango_layout_set_width(l, (int)(width * PANGO_SCALE));
	pango_layout_set_wrap(l, PANGO_WRAP_WORD);
	pango_layout_set_indent(l, (int)(b->indent * PANGO_SCALE));
	pango_layout_set_justify(l, b->align == AL_JUSTIFY);
	pango_layout_set_alignment(l, b->align == AL_CENTER  ? PANGO_ALIGN_CENTER
				      : b->align == AL_RIGHT ? PANGO_ALIGN_RIGHT
							     : PANGO_ALIGN_LEFT);
	pango_layout_set_text(l, text, -1);
	return l;
}

int main(int argc, char **argv)
{
	const char *data = FLOOR_DATA_DIR;
	int a = 1;

	if (argc > 2 && strcmp(argv[1], "-d") == 0) {
		data = argv[2];
		a = 3;
	}
	if (argc - a != 2) {
		fprintf(stderr, "usage: declc-floor [-d DATADIR] IN.xml OUT.pdf\n");
		return 2;
	}
	const char *in = argv[a], *out = argv[a + 1];

	/* Start-up: fonts and the hyphenation dictionary. */
	PangoFontMap *map = floor_fonts(data);
	char *dic = g_build_filename(data, "dicts", "hyph_es.dic", NULL);
	HyphenDict *dict = hnj_hyphen_load(dic);

	if (dict == NULL) {
		fprintf(stderr, "floor: cannot load %s\n", dic);
		return 2;
	}
	g_free(dic);

	/* The text. */
	xmlDoc *doc = xmlReadFile(in, NULL, XML_PARSE_NONET);

	if (doc == NULL) {
		fprintf(stderr, "floor: cannot read %s\n", in);
		return 1;
	}
	GArray *blocks = g_array_new(FALSE, TRUE, sizeof(struct block));
	int title_done = 0;

	walk(xmlDocGetRootElement(doc), blocks, &title_done);
	xmlFreeDoc(doc);

	/* Lay out every block, then place its lines, breaking pages by line. */
	PangoContext *ctx = floor_context(map);
	const double width = PAGE_W - 2 * MARGIN, top = MARGIN, bottom = PAGE_H - MARGIN;
	GArray *lines = g_array_new(FALSE, FALSE, sizeof(struct placed));
	int page = 0;
	double y = top; /* the bottom of the last line placed */
	double pending = 0;

	for (guint i = 0; i < blocks->len; i++) {
		struct block *b = &g_array_index(blocks, struct block, i);
		char *text = b->hyphenate ? hyphenate_text(dict, b->text) : g_strdup(b->text);

		b->layout = block_layout(ctx, b, text, width);
		g_free(text);
		if (y > top)
			pending = MAX(pending, b->space_before);
		y += pending;
		pending = 0;

		PangoLayoutIter *it = pango_layout_get_iter(b->layout);
		gboolean rule = b->rule;

		do {
			PangoLayoutLine *line = pango_layout_iter_get_line_readonly(it);
			PangoRectangle logical;
			int baseline = pango_layout_iter_get_baseline(it);

			pango_layout_iter_get_line_extents(it, NULL, &logical);
			/* Baselines LEAD apart; the first one at the font's ascent. */
			double ascent = (double)(baseline - logical.y) / PANGO_SCALE;
			double descent = b->lead - ascent;

			if (y + b->lead > bottom && y > top) {
				page++;
				y = top;
			}
			struct placed p = { line, page, MARGIN + (double)logical.x / PANGO_SCALE,
					    y + ascent };

			if (rule) { /* a 170 pt signature line above the first line */
				struct placed r = { NULL, page, (PAGE_W - 170) / 2, y - 6 };

				g_array_append_val(lines, r);
				rule = FALSE;
			}
			g_array_append_val(lines, p);
			y += ascent + (descent > 0 ? descent : 0);
		} while (pango_layout_iter_next_line(it));
		pango_layout_iter_free(it);
		pending = b->space_after;
	}

	/* Write the PDF: lines page by page, and the footer. */
	cairo_surface_t *surface = cairo_pdf_surface_create(out, PAGE_W, PAGE_H);
	cairo_t *cr = cairo_create(surface);
	struct block foot = { NULL, FONT_SIZE - 2, (FONT_SIZE - 2) * 1.25, 0, 0, 0,
			      FALSE, FALSE, FALSE, AL_CENTER, NULL };
	guint k = 0;

	cairo_set_source_rgb(cr, 0, 0, 0);
	for (int pg = 0; pg <= page; pg++) {
		for (; k < lines->len && g_array_index(lines, struct placed, k).page == pg; k++) {
			struct placed *p = &g_array_index(lines, struct placed, k);

			if (p->line == NULL) {
				cairo_set_line_width(cr, 0.5);
				cairo_move_to(cr, p->x, p->baseline);
				cairo_rel_line_to(cr, 170, 0);
				cairo_stroke(cr);
				continue;
			}
			cairo_move_to(cr, p->x, p->baseline);
			pango_cairo_show_layout_line(cr, p->line);
		}
		char *num = g_strdup_printf("Página %d de %d", pg + 1, page + 1);
		PangoLayout *fl = block_layout(ctx, &foot, num, width);

		cairo_move_to(cr, MARGIN, bottom + FOOTER_OFFSET -
			      (double)pango_layout_get_baseline(fl) / PANGO_SCALE);
		pango_cairo_show_layout(cr, fl);
		g_object_unref(fl);
		g_free(num);
		cairo_show_page(cr);
	}
	cairo_destroy(cr);
	cairo_surface_finish(surface);
	if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
		fprintf(stderr, "floor: cannot write %s: %s\n", out,
			cairo_status_to_string(cairo_surface_status(surface)));
		return 1;
	}
	cairo_surface_destroy(surface);

	for (guint i = 0; i < blocks->len; i++) {
		struct block *b = &g_array_index(blocks, struct block, i);

		g_object_unref(b->layout);
		g_free(b->text);
	}
	g_array_free(blocks, TRUE);
	g_array_free(lines, TRUE);
	g_object_unref(ctx);
	pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(map), NULL);
	g_object_unref(map);
	hnj_hyphen_free(dict);
	return 0;
}
