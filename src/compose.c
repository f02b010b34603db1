/*
 * compose.c — where a paragraph should break: a block's inline runs → lines.
 *
 * Consumes one LT_BLOCK node (layout.h) and a measure; produces a struct
 * compose_para whose lines each own a one-line PangoLayout, with their x
 * positions. The caller (paginate.c) stacks the lines at the block's fixed
 * line height; Pango's own line spacing is never used, so a line with a
 * superscript or a larger word sits exactly where its neighbours do.
 *
 * The text is built run by run: XML white space collapses to one space (as in
 * CSS white-space: normal, since a stylesheet may indent its output),
 * text-transform=uppercase maps each character on its own, independent of the
 * process locale (ES-20: accents stay), and where the block may be hyphenated
 * and the run is Spanish and not a name (hyphens=none, ES-32), hyphen.c
 * inserts soft hyphens: where a word *may* break (each word of the document
 * divided once, through a memo, however often it occurs). Each run's
 * character style becomes Pango attributes on its range; a superscript
 * (font-features sups) is set in the font's superior glyphs, or raised and
 * scaled where the font has none for its text (ES-17).
 *
 * Where the paragraph *should* break is decided by compose_break.c, not by
 * Pango, whose breaker is greedy and divides a word whenever a division
 * fits. Each segment of the paragraph (the text between two l:br) is
 * shaped once, unbroken (compose_measure), which gives the width of every
 * stretch of text and Pango's break opportunities (UAX #14). It is shaped
 * by Pango's itemizer and shaper directly (compose_shape), not through a
 * PangoLayout, which would measure each new font by laying out a sample
 * sentence in it — most of composing a short document; only text with
 * letter spacing, a rise or a superscript goes through one. From those the
 * Knuth–Plass breaker makes its boxes, glue and penalties and chooses the
 * breaks of the whole segment at once (or, with line-breaking=greedy, one
 * line at a time, to measure against). Each line is then cut from the
 * measured glyphs (compose_take_measured): the paragraph is shaped once.
 * Only a line that adds a hyphen is shaped again on its own, with the
 * hyphen, which kerns with the letter before it: a line broken at a soft
 * hyphen gets a real one; a compound broken at its own hyphen repeats it at
 * the start of the next line (ES-31). Each line is justified to the measure
 * (except the last of the paragraph and those ended by l:br) by widening or
 * narrowing its space glyphs, as Pango's own justification does — which
 * would lay the line out a second time and only ever widens. With --param
 * trace-decisions=true each line carries the breaker's reasons for the
 * trace device; --param line-breaking=greedy|total-fit overrides the
 * blocks' own line-breaking.
 *
 * Problems are reported at the run's TEI position: families fontconfig would
 * substitute, characters no face can draw (never a hex box in the PDF), and
 * lines wider than the measure.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <hb.h>
#include "compose.h"
#include "compose_break.h"
#include "fonts.h"
#include "hyphen.h"

/* A line may exceed the measure by this much (Pango units, 0.1 pt) before it
 * is called overfull: justification rounds. */
#define COMPOSE_OVERFULL_SLACK (PANGO_SCALE / 10)
/* How much of a line or text an overfull or missing-glyph message quotes. */
#define COMPOSE_EXCERPT 40
/* The unbroken paragraph is shaped in pieces of about this many bytes, cut
 * at spaces: Pango's int coordinates overflow past 2,000,000 pt. */
#define COMPOSE_CHUNK 8192

struct compose {
	struct declc_doc *doc;
	PangoContext *pc;
	const struct fonts *fonts;
	const struct hy_dict *hyph;       /* NULL: no hyphenation */
	struct hy_memo *hy_memo;          /* the words HYPH has divided so far */
	GHashTable *families;             /* family → GINT_TO_POINTER(1 ok, 2 missing) */
	GHashTable *reported;             /* characters already reported missing */
	GHashTable *fontm;                /* font description → struct compose_fontm */
	int errors;
	int breaking;                     /* --param line-breaking: an lt_breaking, or -1 */
	bool trace_decisions;             /* --param trace-decisions=true */
};

/* Where each run landed in the paragraph text, for attributes and for
 * mapping a byte back to its TEI position. */
struct compose_span {
	int start, end;                   /* bytes in the paragraph text */
	const struct lt_run *run;
	bool fake_sups;                   /* the run asks for sups and the font has no
					   * superior glyphs for its text: raise and
					   * scale the ordinary ones (ES-17) */
};

/* What a block needs of its font that does not depend on its text: asked
 * of Pango once per font and language, not once per block (a long document
 * sets hundreds of blocks in the same two or three fonts). */
struct compose_fontm {
	int ascent, descent;              /* the font's, Pango units */
	int hyphen;                       /* the natural width of a hyphen */
};

struct compose *compose_new(struct declc_doc *doc, PangoContext *pc, const struct fonts *fonts,
			    const struct hy_dict *hyph)
{
	struct compose *c = g_new0(struct compose, 1);

	c->doc = doc;
	c->pc = g_object_ref(pc);
	c->fonts = fonts;
	c->hyph = hyph;
	c->hy_memo = hyph ? hy_memo_new() : NULL;
	c->families = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	c->reported = g_hash_table_new(NULL, NULL);
	c->fontm = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	c->breaking = -1;
	/* Run-wide overrides among the stylesheet parameters (the stylesheet
	 * ignores them): greedy breaking to measure against, and the breaker's
	 * reasons in the trace. */
	for (char **p = doc->run->params; p && *p; p++) {
		if (strcmp(*p, "line-breaking=greedy") == 0)
			c->breaking = LT_BREAK_GREEDY;
		else if (strcmp(*p, "line-breaking=total-fit") == 0)
			c->breaking = LT_BREAK_TOTAL_FIT;
		else if (strcmp(*p, "trace-decisions=true") == 0)
			c->trace_decisions = true;
	}
	return c;
}

void compose_free(struct compose *c)
{
	if (c == NULL)
		return;
	g_object_unref(c->pc);
	hy_memo_free(c->hy_memo);
	g_hash_table_destroy(c->families);
	g_hash_table_destroy(c->reported);
	g_hash_table_destroy(c->fontm);
	g_free(c);
}

int compose_errors(const struct compose *c)
{
	return c->errors;
}

/* Reports FAMILY once per document when fontconfig would substitute it. */
static void compose_check_family(struct compose *c, const char *family, int line, int col)
{
	char *offered = NULL;

	if (g_hash_table_contains(c->families, family))
		return;
	if (fonts_has_family(c->fonts, family, &offered)) {
		g_hash_table_insert(c->families, g_strdup(family), GINT_TO_POINTER(1));
		return;
	}
	g_hash_table_insert(c->families, g_strdup(family), GINT_TO_POINTER(2));
	doc_diag(c->doc, line, col, DIAG_E_FONT_MISSING, family, offered);
	c->errors++;
	g_free(offered);
}

static bool compose_is_spanish(const char *lang)
{
	return lang == NULL || (g_ascii_strncasecmp(lang, "es", 2) == 0 &&
				(lang[2] == '\0' || lang[2] == '-' || lang[2] == '_'));
}

static char *compose_uppercase(const char *s)
{
	GString *out = g_string_sized_new(strlen(s));

	for (; *s; s = g_utf8_next_char(s))
		g_string_append_unichar(out, g_unichar_toupper(g_utf8_get_char(s)));
	return g_string_free(out, FALSE);
}

/* Appends S to TEXT with XML white space collapsed. *SPACE says a space is
 * pending (dropped at the start of a line, emitted before the next word). */
static void compose_append(GString *text, const char *s, bool *space)
{
	for (; *s; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') {
			*space = true;
			continue;
		}
		if (*space && text->len > 0 && !g_str_has_suffix(text->str, "\xE2\x80\xA8"))
			g_string_append_c(text, ' ');
		*space = false;
		g_string_append_c(text, *s);
	}
}

/* Whether the OpenType features FEATURES ("sups=1, onum=1") turn on sups. */
static bool compose_wants_sups(const char *features)
{
	bool on = false;

	if (features == NULL || strstr(features, "sups") == NULL)
		return false;
	char **f = g_strsplit(features, ",", -1);
	for (char **p = f; *p; p++) {
		char *t = g_strstrip(*p), *eq = strchr(t, '=');

		/* "sups" alone, or "sups=N" with N not 0, as Pango reads them. */
		if (g_str_has_prefix(t, "sups"))
			on = eq == NULL || atoi(eq + 1) != 0;
	}
	g_strfreev(f);
	return on;
}

static PangoFontDescription *compose_font(const struct lt_chars *ch);

/* Whether the face CH selects has a superior glyph (OpenType sups) for every
 * character of S but spaces, soft hyphens and superscript characters. A
 * feature the font lacks does nothing, silently; a superscript must then be
 * made the old way (ES-17, rule book: "sups, or Pango rise + a smaller
 * size"). Each character is shaped alone with sups, and counts when the
 * glyph differs from its ordinary one: whether sups covers it. Superscripts
 * are short; only the first COMPOSE_SUPS_CHECK characters are looked at. */
#define COMPOSE_SUPS_CHECK 32
static bool compose_font_has_sups(struct compose *c, const struct lt_chars *ch, const char *s)
{
	PangoFontDescription *fd = compose_font(ch);
	PangoFont *font;
	hb_font_t *hb;
	hb_feature_t sups = { HB_TAG('s', 'u', 'p', 's'), 1, HB_FEATURE_GLOBAL_START,
			      HB_FEATURE_GLOBAL_END };
	bool ok = true;
	int n = 0;

	font = pango_context_load_font(c->pc, fd);
	pango_font_description_free(fd);
	hb = font ? pango_font_get_hb_font(font) : NULL;
	for (const char *p = s; hb && ok && *p && n < COMPOSE_SUPS_CHECK; p = g_utf8_next_char(p)) {
		gunichar u = g_utf8_get_char(p);
		hb_codepoint_t plain;
		hb_buffer_t *buf;
		unsigned len;

		/* Spaces, and characters that are superscripts already (º ª
		 * ¹ ² ³, U+2070–U+207F): nothing to raise. */
		if (g_unichar_isspace(u) || u == 0x00AD || u == 0xBA || u == 0xAA || u == 0xB9 ||
		    u == 0xB2 || u == 0xB3 || (u >= 0x2070 && u <= 0x207F))
			continue;
		n++;
		if (!hb_font_get_nominal_glyph(hb, u, &plain)) {
			ok = false;
			break;
		}
		buf = hb_buffer_create();
		hb_buffer_add_utf8(buf, p, (int)(g_utf8_next_char(p) - p), 0, -1);
		hb_buffer_guess_segment_properties(buf);
		hb_shape(hb, buf, &sups, 1);
		const hb_glyph_info_t *gi = hb_buffer_get_glyph_infos(buf, &len);
		ok = len == 1 && gi[0].codepoint != plain;
		hb_buffer_destroy(buf);
	}
	if (font)
		g_object_unref(font);
	return hb != NULL && ok;
}

/* Builds the paragraph text of the N RUNS of BLOCK into OUT; records in
 * SPANS where each run went (SPANS points into RUNS). A forced break is
 * U+2028. */
static void compose_text(struct compose *c, const struct lt_node *block, const struct lt_run *runs,
			 int n, const struct compose_vars *vars, GString *out, GArray *spans)
{
	bool space = false;

	for (int i = 0; i < n; i++) {
		const struct lt_run *r = &runs[i];
		struct compose_span sp = { (int)out->len, 0, r, false };
		char *owned = NULL;
		const char *s = r->text;
		char num[16];

		compose_check_family(c, r->chars->family, r->line, r->col);
		switch (r->kind) {
		case LT_RUN_TEXT:
			if (r->chars->uppercase)
				s = owned = compose_uppercase(s);
			/* ES-32: a run with hyphens=none (a personal name)
			 * gets no division points. */
			if (c->hyph && block->set.hyphenate && !r->chars->no_hyphens &&
			    compose_is_spanish(r->chars->lang)) {
				char *h = hy_insert_soft_hyphens(c->hyph, c->hy_memo, s);

				g_free(owned);
				s = owned = h;
			}
			sp.fake_sups = compose_wants_sups(r->chars->features) &&
				       !compose_font_has_sups(c, r->chars, s);
			compose_append(out, s, &space);
			break;
		case LT_RUN_BREAK:
			g_string_append(out, "\xE2\x80\xA8");
			space = false;
			break;
		case LT_RUN_PAGE_NUMBER:
		case LT_RUN_PAGE_COUNT:
			g_snprintf(num, sizeof num, "%d", vars == NULL ? 0
				   : r->kind == LT_RUN_PAGE_NUMBER ? vars->page : vars->pages);
			compose_append(out, num, &space);
			break;
		}
		g_free(owned);
		sp.end = (int)out->len;
		if (sp.end > sp.start)
			g_array_append_val(spans, sp);
	}
}

/* The run that holds byte AT, or NULL. */
static const struct lt_run *compose_run_at(GArray *spans, int at)
{
	for (guint k = 0; k < spans->len; k++) {
		const struct compose_span *sp = &g_array_index(spans, struct compose_span, k);

		if (at >= sp->start && at < sp->end)
			return sp->run;
	}
	return NULL;
}

/* The Pango attributes of character style CH on [START, END). FAKE_SUPS: the
 * run asks for sups, which the font lacks (compose_font_has_sups). */
static void compose_attrs(PangoAttrList *attrs, const struct lt_chars *ch, bool fake_sups,
			  int start, int end)
{
	PangoAttribute *a[12];
	GString *features = g_string_new(NULL);
	int n = 0;

	a[n++] = pango_attr_family_new(ch->family);
	a[n++] = pango_attr_size_new((int)(ch->size * PANGO_SCALE + 0.5));
	if (ch->italic)
		a[n++] = pango_attr_style_new(PANGO_STYLE_ITALIC);
	if (ch->weight != 400)
		a[n++] = pango_attr_weight_new((PangoWeight)ch->weight);
	/* Small capitals through the font's own OpenType features, never
	 * synthesised: Libertine has real ones. */
	if (ch->variant == LT_SMALL_CAPS)
		g_string_append(features, "smcp=1");
	else if (ch->variant == LT_ALL_SMALL_CAPS)
		g_string_append(features, "smcp=1, c2sc=1");
	if (ch->features && fake_sups) {
		/* Everything but sups, which would do nothing. */
		char **f = g_strsplit(ch->features, ",", -1);
		for (char **p = f; *p; p++)
			if (*g_strstrip(*p) && !g_str_has_prefix(*p, "sups"))
				g_string_append_printf(features, "%s%s", features->len ? ", " : "", *p);
		g_strfreev(f);
	} else if (ch->features)
		g_string_append_printf(features, "%s%s", features->len ? ", " : "", ch->features);
	if (features->len)
		a[n++] = pango_attr_font_features_new(features->str);
	if (ch->letter_spacing != 0)
		a[n++] = pango_attr_letter_spacing_new((int)(ch->letter_spacing * PANGO_SCALE));
	if (ch->shift == LT_SHIFT_SUPER || ch->shift == LT_SHIFT_SUB) {
		bool up = ch->shift == LT_SHIFT_SUPER;

		a[n++] = pango_attr_baseline_shift_new(up ? PANGO_BASELINE_SHIFT_SUPERSCRIPT
						       : PANGO_BASELINE_SHIFT_SUBSCRIPT);
		a[n++] = pango_attr_font_scale_new(up ? PANGO_FONT_SCALE_SUPERSCRIPT
						   : PANGO_FONT_SCALE_SUBSCRIPT);
	} else if (ch->shift == LT_SHIFT_POINTS) {
		a[n++] = pango_attr_rise_new((int)(ch->rise * PANGO_SCALE));
	} else if (fake_sups) {
		/* The rule book's fallback: the ordinary glyphs raised and
		 * smaller, as Pango makes a superscript. */
		a[n++] = pango_attr_baseline_shift_new(PANGO_BASELINE_SHIFT_SUPERSCRIPT);
		a[n++] = pango_attr_font_scale_new(PANGO_FONT_SCALE_SUPERSCRIPT);
	}
	if (ch->color)
		a[n++] = pango_attr_foreground_new((guint16)(((ch->color >> 16) & 0xff) * 257),
						   (guint16)(((ch->color >> 8) & 0xff) * 257),
						   (guint16)((ch->color & 0xff) * 257));
	/* Spanish of every region is "es" to Pango: shaping (OpenType's ESP),
	 * breaking and the choice of font are the same for all of them, and
	 * each tag Pango sees is another fontconfig match to wait for. The
	 * context is Spanish too (fonts_context). */
	if (ch->lang && !compose_is_spanish(ch->lang))
		a[n++] = pango_attr_language_new(pango_language_from_string(ch->lang));
	for (int i = 0; i < n; i++) {
		a[i]->start_index = (guint)start;
		a[i]->end_index = (guint)end;
		pango_attr_list_insert(attrs, a[i]);
	}
	g_string_free(features, TRUE);
}

/* An excerpt of the LEN bytes at S without soft hyphens or line separators,
 * cut to COMPOSE_EXCERPT characters. */
static char *compose_excerpt(const char *s, int len)
{
	GString *out = g_string_new(NULL);
	int chars = 0;

	for (const char *p = s; p < s + len && chars < COMPOSE_EXCERPT; p = g_utf8_next_char(p)) {
		gunichar ch = g_utf8_get_char(p);

		if (ch == 0x00AD)
			continue;
		g_string_append_unichar(out, ch == 0x2028 ? ' ' : ch);
		chars++;
	}
	if (chars == COMPOSE_EXCERPT)
		g_string_append(out, "…");
	return g_string_free(out, FALSE);
}

/* Reports each character of TEXT, shaped in RUNS (TEXT sets the paragraph
 * text from byte FROM), that has no glyph, once per document, at the
 * position of its run. */
static void compose_check_glyphs(struct compose *c, const char *text, GSList *runs, int from,
				 GArray *spans, const struct lt_node *block)
{
	GArray *missing = fonts_missing_glyphs(runs);
	int text_len = (int)strlen(text);

	for (guint i = 0; missing && i < missing->len; i++) {
		int at = g_array_index(missing, int, i);
		gunichar ch = g_utf8_get_char(text + at);
		const struct lt_run *run = compose_run_at(spans, from + at);
		char utf8[8] = "";
		char *context;
		int start = MAX(0, at - 20);

		if (g_hash_table_contains(c->reported, GUINT_TO_POINTER(ch)))
			continue;
		g_hash_table_add(c->reported, GUINT_TO_POINTER(ch));
		/* Start the quoted context on a character boundary. */
		while (start > 0 && (text[start] & 0xC0) == 0x80)
			start--;
		context = compose_excerpt(text + start, MIN(text_len - start, at - start + 20));
		g_unichar_to_utf8(ch, utf8);
		doc_diag(c->doc, run ? run->line : block->line, run ? run->col : block->col,
			 DIAG_E_GLYPH, utf8, (unsigned)ch, g_strstrip(context));
		c->errors++;
		g_free(context);
	}
	if (missing)
		g_array_unref(missing);
}

/* The soft hyphen, U+00AD, in UTF-8. */
#define COMPOSE_SHY "\xC2\xAD"

/* Whether the paragraph text has a soft hyphen at byte AT (before END). */
static bool compose_is_shy(const char *text, int at, int end)
{
	return at + 1 < end && text[at] == COMPOSE_SHY[0] && text[at + 1] == COMPOSE_SHY[1];
}

/* Appends [FROM, TO) of TEXT to OUT without its soft hyphens; returns the
 * map from each paragraph byte - FROM (and TO) to its byte in OUT. */
static int *compose_drop_shy(const char *text, int from, int to, GString *out)
{
	int *at = g_new(int, to - from + 1);

	for (int i = from; i < to; i++) {
		at[i - from] = (int)out->len;
		if (compose_is_shy(text, i, to)) {
			at[i + 1 - from] = (int)out->len;
			i++;
			continue;
		}
		g_string_append_c(out, text[i]);
	}
	at[to - from] = (int)out->len;
	return at;
}

/* Text shaped as one unbroken line: its runs, left to right, and its log
 * attributes, one per character and one after the last. Shaped by Pango's
 * itemizer and shaper directly (compose_shape), or, where only a
 * PangoLayout does what the text asks, borrowed from one (LAYOUT). */
struct compose_shaped {
	char *text;
	GSList *runs;                     /* PangoGlyphItem; their offsets index TEXT */
	PangoLogAttr *attrs;
	int n_attrs;
	PangoLayout *layout;              /* owns RUNS, ATTRS and TEXT; or NULL */
};

static void compose_shaped_clear(struct compose_shaped *sh)
{
	if (sh->layout) {
		g_object_unref(sh->layout);
	} else {
		g_slist_free_full(sh->runs, (GDestroyNotify)pango_glyph_item_free);
		g_free(sh->attrs);
		g_free(sh->text);
	}
	memset(sh, 0, sizeof *sh);
}

/* Whether the spans of [FROM, TO) ask only for what itemizing and shaping
 * do by themselves. Letter spacing, rises and superscripts and subscripts
 * (baseline shift, font scale) are applied by PangoLayout as it lays a line
 * out, and text that has them is set through one. */
static bool compose_plain_spans(GArray *spans, int from, int to)
{
	for (guint k = 0; k < spans->len; k++) {
		const struct compose_span *sp = &g_array_index(spans, struct compose_span, k);

		if (sp->end <= from || sp->start >= to)
			continue;
		if (sp->fake_sups || sp->run->chars->letter_spacing != 0 ||
		    sp->run->chars->shift != LT_SHIFT_NONE)
			return false;
	}
	return true;
}

/* Shapes S (LEN bytes) in ATTRS over FD as PangoLayout does a line of it,
 * without the layout: its itemization, UAX #14 and script breaks, and
 * shaping; none of a layout's line geometry, which needs the fonts' metrics
 * and Pango measures those by laying out a sample sentence in each font. */
static void compose_shape_text(struct compose *c, const PangoFontDescription *fd, GString *s,
			       PangoAttrList *attrs, struct compose_shaped *out)
{
	PangoAttribute *base = pango_attr_font_desc_new(fd);
	GList *items;
	int chars = (int)g_utf8_strlen(s->str, (gssize)s->len), offset = 0;

	/* The block's font under every span's own attributes, as a layout's
	 * font description is. */
	base->start_index = 0;
	base->end_index = G_MAXUINT;
	pango_attr_list_insert_before(attrs, base);
	items = pango_itemize(c->pc, s->str, 0, (int)s->len, attrs, NULL);
	out->n_attrs = chars + 1;
	out->attrs = g_new0(PangoLogAttr, out->n_attrs);
	pango_default_break(s->str, (int)s->len, NULL, out->attrs, out->n_attrs);
	for (GList *i = items; i; i = i->next) {
		PangoItem *item = i->data;

		pango_tailor_break(s->str + item->offset, item->length, &item->analysis, -1,
				   out->attrs + offset, item->num_chars + 1);
		offset += item->num_chars;
	}
	pango_attr_break(s->str, (int)s->len, attrs, 0, out->attrs, out->n_attrs);
	offset = 0;
	for (GList *i = items; i; i = i->next) {
		PangoGlyphItem *run = g_slice_new0(PangoGlyphItem);

		run->item = i->data;
		run->glyphs = pango_glyph_string_new();
		pango_shape_item(run->item, s->str, (int)s->len, out->attrs + offset, run->glyphs,
				 PANGO_SHAPE_NONE);
		offset += run->item->num_chars;
		out->runs = g_slist_prepend(out->runs, run);
	}
	out->runs = g_slist_reverse(out->runs);
	g_list_free(items);
	out->text = g_string_free(s, FALSE);
}

/* The paragraph text [FROM, TO) in the block's style, with PREFIX before it
 * and SUFFIX after it (either may be NULL), set in the style of the text
 * they touch, shaped as one unbroken line into OUT. DROP_SHY leaves the
 * soft hyphens out: a line to be drawn. They set no glyph inside a line
 * (the glyphs and their positions are the same without them), but Cairo
 * writes each one into the PDF as an empty /ActualText span (a cluster of
 * no glyphs), about fifteen per line: a sixth of the PDF's size, a third of
 * Cairo's time writing a page and much of qpdf's in rewriting it, and a
 * U+00AD in the text layer for readers that honour /ActualText. The
 * measurement keeps them: its byte offsets are the paragraph's. */
static void compose_shape(struct compose *c, const PangoFontDescription *fd, const char *text,
			  int from, int to, GArray *spans, const char *prefix, const char *suffix,
			  bool drop_shy, struct compose_shaped *out)
{
	PangoAttrList *attrs = pango_attr_list_new();
	GString *s = g_string_sized_new((gsize)(to - from) + 8);
	int *at = NULL;                   /* paragraph byte - FROM → shaped byte */
	int pre;                          /* bytes of PREFIX */

	memset(out, 0, sizeof *out);
	if (prefix)
		g_string_append(s, prefix);
	pre = (int)s->len;
	if (drop_shy) {
		at = compose_drop_shy(text, from, to, s);
	} else {
		g_string_append_len(s, text + from, to - from);
	}
	if (suffix)
		g_string_append(s, suffix);
	for (guint k = 0; k < spans->len; k++) {
		const struct compose_span *sp = &g_array_index(spans, struct compose_span, k);
		int a, b;

		if (sp->end <= from || sp->start >= to)
			continue;
		a = MAX(sp->start, from);
		b = MIN(sp->end, to);
		a = at ? at[a - from] : a - from + pre;
		b = at ? at[b - from] : b - from + pre;
		/* The added hyphens belong to the text they touch. */
		if (sp->start <= from)
			a = 0;
		if (sp->end >= to)
			b = (int)s->len;
		compose_attrs(attrs, sp->run->chars, sp->fake_sups, a, b);
	}
	g_free(at);
	if (compose_plain_spans(spans, from, to)) {
		compose_shape_text(c, fd, s, attrs, out);
	} else {
		out->layout = pango_layout_new(c->pc);
		pango_layout_set_font_description(out->layout, fd);
		pango_layout_set_text(out->layout, s->str, (int)s->len);
		pango_layout_set_attributes(out->layout, attrs);
		out->runs = pango_layout_get_line_readonly(out->layout, 0)->runs;
		out->attrs = (PangoLogAttr *)pango_layout_get_log_attrs_readonly(out->layout,
										 &out->n_attrs);
		out->text = (char *)pango_layout_get_text(out->layout);
		g_string_free(s, TRUE);
	}
	pango_attr_list_unref(attrs);
}

/* A piece of a segment as measured: [START, END) of the paragraph text
 * shaped unbroken, whose glyphs most lines are then drawn with. */
struct compose_chunk {
	struct compose_shaped shaped;
	int start, end;
};

/* Measures the segment [FROM, TO) of TEXT (no forced break inside) as one
 * unbroken line, in chunks cut after spaces, into M; appends the chunks
 * to CHUNKS (struct compose_chunk), which the caller clears. */
static void compose_measure(struct compose *c, const PangoFontDescription *fd, const char *text,
			    int from, int to, GArray *spans, const struct lt_node *block,
			    struct compose_measure *m, GArray *chunks)
{
	gint64 base = 0;

	m->x[from] = 0;
	for (int cs = from, ce; cs < to; cs = ce) {
		struct compose_chunk ch;
		int k = 0, b;

		ce = MIN(cs + COMPOSE_CHUNK, to);
		if (ce < to) {
			/* Cut after the last space, or after the next one if a
			 * single word is longer than a chunk. */
			int cut = ce;

			while (cut > cs + 1 && text[cut - 1] != ' ')
				cut--;
			if (text[cut - 1] != ' ')
				for (cut = ce; cut < to && text[cut - 1] != ' '; cut++)
					;
			ce = cut;
		}
		compose_shape(c, fd, text, cs, ce, spans, NULL, NULL, false, &ch.shaped);
		ch.start = cs;
		ch.end = ce;
		compose_check_glyphs(c, ch.shaped.text, ch.shaped.runs, cs, spans, block);
		for (b = cs; b <= ce; b++)
			m->x[b] = -1;
		/* Pen positions at each cluster start, in logical order: the
		 * text is left to right. */
		for (GSList *r = ch.shaped.runs; r; r = r->next) {
			PangoGlyphItem *run = r->data;
			PangoGlyphString *gs = run->glyphs;

			for (int g = 0; g < gs->num_glyphs; g++) {
				int at = cs + run->item->offset + gs->log_clusters[g];

				if (m->x[at] < 0)
					m->x[at] = base;
				base += gs->glyphs[g].geometry.width;
			}
		}
		m->x[ce] = base;
		for (b = ce - 1; b >= cs; b--)
			if (m->x[b] < 0)
				m->x[b] = m->x[b + 1];
		/* Break opportunities and spaces, per character. */
		for (b = cs; b < ce; b = (int)(g_utf8_next_char(text + b) - text), k++) {
			m->flag[b] = 0;
			if (k < ch.shaped.n_attrs && ch.shaped.attrs[k].is_line_break && b > cs)
				m->flag[b] |= COMPOSE_CAN_BREAK;
			if (k < ch.shaped.n_attrs && ch.shaped.attrs[k].is_white)
				m->flag[b] |= COMPOSE_WHITE;
		}
		if (cs > from)
			m->flag[cs] |= COMPOSE_CAN_BREAK;   /* a chunk starts after a space */
		g_array_append_val(chunks, ch);
	}
	m->flag[to] = COMPOSE_CAN_BREAK;
	compose_url_breaks(text, from, to, m);
}

/* ES-32: the words of a run set with hyphens=none (a personal name) are
 * never divided. It has no soft hyphens (compose_text); this also takes away
 * the break UAX #14 allows after a hyphen inside a word (Pérez-Cotapos),
 * where ES-31 would divide the name. The spaces between its words still
 * break: that is not dividing a word. */
static void compose_keep_whole(const char *text, int from, int to, GArray *spans,
			       struct compose_measure *m)
{
	for (guint k = 0; k < spans->len; k++) {
		const struct compose_span *sp = &g_array_index(spans, struct compose_span, k);
		int a = MAX(sp->start, from), b = MIN(sp->end, to);

		if (!sp->run->chars->no_hyphens)
			continue;
		for (int p = a + 1; p < b; p++)
			if (text[p - 1] != ' ')
				m->flag[p] &= (guint8)~COMPOSE_CAN_BREAK;
	}
}

static PangoFontDescription *compose_font(const struct lt_chars *ch)
{
	PangoFontDescription *fd = pango_font_description_new();

	pango_font_description_set_family(fd, ch->family);
	pango_font_description_set_size(fd, (int)(ch->size * PANGO_SCALE + 0.5));
	pango_font_description_set_style(fd, ch->italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
	pango_font_description_set_weight(fd, (PangoWeight)ch->weight);
	return fd;
}

char *compose_line_text(const struct compose_line *line)
{
	GString *out = g_string_new(NULL);

	for (const char *p = line->text; *p; p = g_utf8_next_char(p)) {
		gunichar ch = g_utf8_get_char(p);

		if (ch != 0x00AD && ch != 0x2028 && ch != '\n')
			g_string_append_unichar(out, ch);
	}
	while (out->len && out->str[out->len - 1] == ' ')
		g_string_truncate(out, out->len - 1);
	return g_string_free(out, FALSE);
}

/* Takes the text and runs of SH into LINE, and their width into *WIDTH;
 * SH is left cleared. */
static void compose_take_shaped(struct compose_shaped *sh, struct compose_line *line, int *width)
{
	*width = 0;
	for (GSList *r = sh->runs; r; r = r->next) {
		PangoGlyphItem *run = r->data;

		*width += run->start_x_offset + pango_glyph_string_get_width(run->glyphs) +
			  run->end_x_offset;
	}
	if (sh->layout) {
		GSList *runs = NULL;

		for (GSList *r = sh->runs; r; r = r->next)
			runs = g_slist_prepend(runs, pango_glyph_item_copy(r->data));
		line->runs = g_slist_reverse(runs);
		line->text = g_strdup(sh->text);
		compose_shaped_clear(sh);
		return;
	}
	line->runs = sh->runs;
	line->text = sh->text;
	g_free(sh->attrs);
	memset(sh, 0, sizeof *sh);
}

static void compose_line_clear(struct compose_line *line)
{
	g_slist_free_full(line->runs, (GDestroyNotify)pango_glyph_item_free);
	g_free(line->text);
	g_free(line->decision);
}

/* The metrics of the font FD selects, from the cache, or measured once: the
 * ascent and descent, and the natural width of a hyphen. */
static const struct compose_fontm *compose_font_metrics(struct compose *c,
							 const PangoFontDescription *fd)
{
	char *key = pango_font_description_to_string(fd);
	struct compose_fontm *m = g_hash_table_lookup(c->fontm, key);
	GArray *none;
	struct compose_shaped hyphen;
	PangoFont *font;
	hb_font_extents_t ext;

	if (m) {
		g_free(key);
		return m;
	}
	none = g_array_new(FALSE, FALSE, sizeof(struct compose_span));
	m = g_new0(struct compose_fontm, 1);
	/* The face's own ascender and descender, read through HarfBuzz, as
	 * Pango's font metrics take them; pango_context_get_metrics would
	 * also lay out a sample sentence in the font, for an average
	 * character width nothing here uses. */
	font = pango_context_load_font(c->pc, fd);
	if (font && hb_font_get_h_extents(pango_font_get_hb_font(font), &ext)) {
		m->ascent = ext.ascender;
		m->descent = -ext.descender;
	}
	if (font)
		g_object_unref(font);
	compose_shape(c, fd, "-", 0, 1, none, NULL, NULL, false, &hyphen);
	for (GSList *r = hyphen.runs; r; r = r->next)
		m->hyphen += pango_glyph_string_get_width(((PangoGlyphItem *)r->data)->glyphs);
	compose_shaped_clear(&hyphen);
	g_array_free(none, TRUE);
	g_hash_table_insert(c->fontm, key, m);
	return m;
}

/* Spreads DELTA Pango units (negative: takes them away) over the spaces of
 * LINE, as Pango's own justification does: the space glyphs are widened or
 * narrowed after shaping, so the line is shaped once and its runs are not
 * split (letter-spacing attributes would cut a run at every space). The
 * units that do not divide evenly go to the first spaces; spaces at the end
 * of the line take nothing. Returns the units given out. */
static int compose_spread(struct compose_line *line, int delta)
{
	const char *text = line->text;
	int spaces = 0, inner = 0, extra = 0, given = 0, k = 0;

	/* Two passes: count the spaces before the last other glyph, then
	 * give each its share. */
	for (int pass = 0; pass < 2; pass++) {
		for (GSList *r = line->runs; r; r = r->next) {
			PangoGlyphItem *run = r->data;
			PangoGlyphString *gs = run->glyphs;

			for (int g = 0; g < gs->num_glyphs; g++) {
				const char *ch = text + run->item->offset + gs->log_clusters[g];
				bool space = ch[0] == ' ' || (ch[0] == '\xC2' && ch[1] == '\xA0');
				int each;

				if (pass == 0) {
					spaces += space;
					if (!space)
						inner = spaces;
					continue;
				}
				if (!space || k >= inner)
					continue;
				each = delta / inner + (k < abs(extra) ? (delta < 0 ? -1 : 1) : 0);
				gs->glyphs[g].geometry.width += each;
				given += each;
				k++;
			}
		}
		if (inner == 0)
			return 0;
		extra = delta % inner;
	}
	return given;
}

/* The first glyph of GS (a run starting at paragraph byte RS, left to
 * right, so its clusters ascend) whose cluster starts at or after byte AT;
 * the number of glyphs if none does. */
static int compose_glyph_at(const PangoGlyphString *gs, int rs, int at)
{
	int lo = 0, hi = gs->num_glyphs;

	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;

		if (rs + gs->log_clusters[mid] < at)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Sets the line [P, Q) of TEXT from the glyphs its segment was measured
 * with (CHUNKS), into LINE and *WIDTH: the paragraph is then shaped once,
 * not once to measure and again line by line. The line's own text leaves
 * the soft hyphens out (their glyphs are empty), so the offsets of the runs
 * and of their clusters are mapped onto it. false, with LINE untouched,
 * where the measured glyphs cannot be cut at P and Q as they stand — a
 * boundary inside a cluster (a ligature), text a PangoLayout set (letter
 * spacing, superscripts), runs right to left: the caller then shapes the
 * line on its own. */
static bool compose_take_measured(const char *text, int p, int q, GArray *chunks,
				  struct compose_line *line, int *width)
{
	GString *out = g_string_sized_new((gsize)(q - p) + 1);
	int *at = compose_drop_shy(text, p, q, out); /* paragraph byte - P → line byte */
	GSList *runs = NULL;
	bool ok = true;

	*width = 0;
	for (guint k = 0; ok && k < chunks->len; k++) {
		const struct compose_chunk *ch = &g_array_index(chunks, struct compose_chunk, k);

		if (ch->end <= p || ch->start >= q)
			continue;
		/* A PangoLayout spaced its letters or shifted a superscript as
		 * for one unbroken line: such a line is laid out on its own. */
		if (ch->shaped.layout) {
			ok = false;
			break;
		}
		for (GSList *r = ch->shaped.runs; ok && r; r = r->next) {
			const PangoGlyphItem *run = r->data;
			const PangoGlyphString *gs = run->glyphs;
			int rs = ch->start + run->item->offset, re = rs + run->item->length;
			int a = MAX(rs, p), b = MIN(re, q), g0, g1, n = 0;
			PangoGlyphItem *piece;

			if (a >= b)
				continue;
			if (run->item->analysis.level % 2 || run->start_x_offset || run->end_x_offset) {
				ok = false;
				break;
			}
			/* The cut must fall between clusters, at both ends. */
			g0 = compose_glyph_at(gs, rs, a);
			g1 = compose_glyph_at(gs, rs, b);
			if ((g0 < gs->num_glyphs ? rs + gs->log_clusters[g0] : re) != a ||
			    (g1 < gs->num_glyphs ? rs + gs->log_clusters[g1] : re) != b) {
				ok = false;
				break;
			}
			piece = g_slice_new0(PangoGlyphItem);
			piece->item = pango_item_copy(run->item);
			piece->glyphs = pango_glyph_string_new();
			piece->y_offset = run->y_offset;
			pango_glyph_string_set_size(piece->glyphs, g1 - g0);
			for (int g = g0; g < g1; g++) {
				int cl = rs + gs->log_clusters[g];

				/* A soft hyphen's own glyph is empty: it is not drawn. */
				if (compose_is_shy(text, cl, re) &&
				    (g + 1 == gs->num_glyphs || rs + gs->log_clusters[g + 1] == cl + 2))
					continue;
				piece->glyphs->glyphs[n] = gs->glyphs[g];
				piece->glyphs->log_clusters[n] = at[cl - p] - at[a - p];
				*width += gs->glyphs[g].geometry.width;
				n++;
			}
			pango_glyph_string_set_size(piece->glyphs, n);
			piece->item->offset = at[a - p];
			piece->item->length = at[b - p] - at[a - p];
			piece->item->num_chars = (int)g_utf8_strlen(out->str + piece->item->offset,
								    piece->item->length);
			runs = g_slist_prepend(runs, piece);
		}
	}
	g_free(at);
	if (!ok) {
		g_slist_free_full(runs, (GDestroyNotify)pango_glyph_item_free);
		g_string_free(out, TRUE);
		return false;
	}
	line->text = g_string_free(out, FALSE);
	line->runs = g_slist_reverse(runs);
	return true;
}

/* Sets the line [FROM, TO) of the paragraph and appends it to LINES. */
static void compose_line(struct compose *c, const struct lt_node *block,
			 const PangoFontDescription *fd, const char *text, GArray *spans,
			 GArray *chunks, const struct compose_break *a,
			 const struct compose_break *b, bool last, int x, int room, GArray *lines)
{
	struct compose_line cl = { 0 };
	PangoRectangle log;
	bool spaces = block->set.align == LT_JUSTIFY &&
		      memchr(text + a->pos, ' ', (size_t)(b->end - a->pos));
	bool justify = spaces && !last;
	bool prefix = a->kind == COMPOSE_END_HARD, suffix = b->kind == COMPOSE_END_SOFT;

	/* A line that adds a hyphen is shaped with it (the hyphen kerns with
	 * the letter before it); the others are cut from the measured glyphs. */
	if (prefix || suffix || !compose_take_measured(text, a->pos, b->end, chunks, &cl, &log.width)) {
		struct compose_shaped sh;

		compose_shape(c, fd, text, a->pos, b->end, spans, prefix ? "-" : NULL,
			      suffix ? "-" : NULL, true, &sh);
		compose_take_shaped(&sh, &cl, &log.width);
	}
	cl.hyphenated = !b->last && b->kind != COMPOSE_END_SPACE;
	if (c->trace_decisions)   /* the breaker's reasons, for the trace */
		cl.decision = compose_break_reason(b, last);
	/* Justified to the measure, and the breaker may shrink any line of a
	 * justified block, the last too. A line without a space is neither: it
	 * would have to be letter-spaced. */
	if (justify || (spaces && log.width > room))
		log.width += compose_spread(&cl, room - log.width);
	cl.width = log.width;
	cl.x = x;
	if (block->set.align == LT_RIGHT)
		cl.x += room - log.width;
	else if (block->set.align == LT_CENTER)
		cl.x += (room - log.width) / 2;
	if (log.width > room + COMPOSE_OVERFULL_SLACK) {
		char *excerpt = compose_excerpt(text + a->pos, b->end - a->pos);
		const struct lt_run *run = compose_run_at(spans, a->pos);

		doc_diag(c->doc, run ? run->line : block->line, run ? run->col : block->col,
			 DIAG_W_OVERFULL, (double)(log.width - room) / PANGO_SCALE,
			 g_strstrip(excerpt));
		g_free(excerpt);
	}
	g_array_append_val(lines, cl);
}

/* The paragraph's text as read: no soft hyphens, forced breaks as spaces. */
static char *compose_plain(const char *text)
{
	GString *out = g_string_new(NULL);

	for (const char *p = text; *p; p = g_utf8_next_char(p)) {
		gunichar ch = g_utf8_get_char(p);

		if (ch != 0x00AD)
			g_string_append_unichar(out, ch == 0x2028 ? ' ' : ch);
	}
	return g_string_free(out, FALSE);
}

struct compose_para *compose_block(struct compose *c, const struct lt_node *block, int measure,
				   const char *text, const struct compose_vars *vars)
{
	struct compose_para *p = g_new0(struct compose_para, 1);
	struct lt_run one = { LT_RUN_TEXT, text, block->chars, block->line, block->col };
	const struct lt_setting *set = &block->set;
	GString *s = g_string_new(NULL);
	GArray *spans = g_array_new(FALSE, FALSE, sizeof(struct compose_span));
	GArray *lines = g_array_new(FALSE, FALSE, sizeof(struct compose_line));
	GArray *breaks = g_array_new(FALSE, FALSE, sizeof(struct compose_break));
	GArray *chunks = g_array_new(FALSE, FALSE, sizeof(struct compose_chunk));
	PangoFontDescription *fd = compose_font(block->chars);
	const struct compose_fontm *fm = compose_font_metrics(c, fd);
	struct compose_measure m;
	struct compose_frame f = { 0 };
	int start = (int)(set->start_indent * PANGO_SCALE);
	int indent = (int)(set->text_indent * PANGO_SCALE);
	int room = MAX(measure - start - (int)(set->end_indent * PANGO_SCALE), PANGO_SCALE);

	p->node = block;
	p->line_height = (int)(lt_line_height(block) * PANGO_SCALE + 0.5);
	compose_text(c, block, text ? &one : block->runs, text ? 1 : block->n_runs, vars, s, spans);
	p->plain = compose_plain(s->str);

	m.x = g_new(gint64, s->len + 1);
	m.flag = g_new0(guint8, s->len + 1);
	/* The first line loses the indent (a hanging one, negative, widens it
	 * and starts it further left); the first line after l:br does not. */
	f.room_first = room - indent;
	f.room = room;
	f.hyphen = fm->hyphen;
	f.short_last = MAX(indent, (int)(2 * block->chars->size * PANGO_SCALE));
	f.justify = set->align == LT_JUSTIFY;
	f.ragged = f.justify ? 0 : (gint64)(room * COMPOSE_RAGGED);
	f.greedy = (c->breaking >= 0 ? (enum lt_breaking)c->breaking : set->breaking) == LT_BREAK_GREEDY;
	f.looseness = set->looseness;
	for (int from = 0, to; from <= (int)s->len; from = to + 3) {
		const char *sep = strstr(s->str + from, "\xE2\x80\xA8");
		guint first = breaks->len;
		struct compose_break seg = { from, from, COMPOSE_END_SPACE, false, 0, 0, COMPOSE_DECENT };

		to = sep ? (int)(sep - s->str) : (int)s->len;
		compose_measure(c, fd, s->str, from, to, spans, block, &m, chunks);
		compose_keep_whole(s->str, from, to, spans, &m);
		compose_breaks(s->str, from, to, &m, &f, breaks);
		for (guint i = first; i < breaks->len; i++) {
			const struct compose_break *a = i == first ? &seg
				: &g_array_index(breaks, struct compose_break, i - 1);
			bool first_line = i == first && from == 0;

			compose_line(c, block, fd, s->str, spans, chunks, a,
				     &g_array_index(breaks, struct compose_break, i), i + 1 == breaks->len,
				     first_line ? start + indent : start,
				     first_line ? room - indent : room, lines);
		}
		for (guint k = 0; k < chunks->len; k++)
			compose_shaped_clear(&g_array_index(chunks, struct compose_chunk, k).shaped);
		g_array_set_size(chunks, 0);
		f.room_first = room;
	}

	/* Every line of the block has its baseline at the same offset in a box
	 * of line_height, with the leading split above and below the block
	 * font's ascent and descent (CSS's half-leading). */
	p->ascent = (p->line_height - (fm->ascent + fm->descent)) / 2 + fm->ascent;

	if (block->label && !text) {
		struct compose_shaped sh;

		g_array_set_size(spans, 0);
		compose_shape(c, fd, block->label, 0, (int)strlen(block->label), spans, NULL, NULL,
			      false, &sh);
		compose_check_glyphs(c, sh.text, sh.runs, 0, spans, block);
		p->label = g_new0(struct compose_line, 1);
		compose_take_shaped(&sh, p->label, &p->label->width);
		/* Right-aligned against the text, label-gap before it. */
		p->label->x = (int)((set->start_indent - set->label_gap) * PANGO_SCALE) -
			      p->label->width;
	}

	p->n_lines = (int)lines->len;
	p->lines = (struct compose_line *)g_array_free(lines, FALSE);
	g_free(m.x);
	g_free(m.flag);
	pango_font_description_free(fd);
	g_array_free(breaks, TRUE);
	g_array_free(chunks, TRUE);
	g_array_free(spans, TRUE);
	g_string_free(s, TRUE);
	return p;
}

void compose_para_free(struct compose_para *p)
{
	if (p == NULL)
		return;
	for (int i = 0; i < p->n_lines; i++)
		compose_line_clear(&p->lines[i]);
	if (p->label) {
		compose_line_clear(p->label);
		g_free(p->label);
	}
	g_free(p->lines);
	g_free(p->plain);
	g_free(p);
}
