/*
 * compose.c — a block's inline runs → a PangoLayout and its lines.
 *
 * Consumes one LT_BLOCK node (layout.h) and a measure; produces a struct
 * compose_para that owns the PangoLayout and lists its lines with their x
 * positions. The caller (paginate.c) stacks the lines at the block's fixed
 * line height; Pango's own line spacing is never used, so a line with a
 * superscript or a larger word sits exactly where its neighbours do.
 *
 * The text is built run by run: XML white space collapses to one space (as in
 * CSS white-space: normal, since a stylesheet may indent its output),
 * text-transform=uppercase maps each character on its own, independent of the
 * process locale (ES-20: accents stay), and where the block may be hyphenated
 * and the run is Spanish, hyphen.c inserts soft hyphens. Each run's character
 * style becomes Pango attributes on its byte range. Problems are reported at
 * the run's TEI position: families fontconfig would substitute, characters no
 * face can draw (never a hex box in the PDF), and lines wider than the measure.
 */
#include <string.h>
#include "compose.h"
#include "fonts.h"
#include "hyphen.h"

/* A line may exceed the measure by this much (Pango units, 0.1 pt) before it
 * is called overfull: justification rounds. */
#define COMPOSE_OVERFULL_SLACK (PANGO_SCALE / 10)
/* How much of a line or text an overfull or missing-glyph message quotes. */
#define COMPOSE_EXCERPT 40
/* Line-end divisions (ES-28). A word is divided only if, set whole on the
 * next line, it would leave its line's spaces stretched by more than
 * COMPOSE_STRETCH of their natural width. More than COMPOSE_MAX_HYPHENS
 * consecutive hyphenated lines, or a division on the last line but one, are
 * undone as long as the spaces stretch by no more than COMPOSE_STRETCH_RULE:
 * Pango breaks greedily, and beyond that a rule would cost a gappy line. */
#define COMPOSE_MAX_HYPHENS 2
#define COMPOSE_STRETCH 0.6
#define COMPOSE_STRETCH_RULE 1.0
/* Bounds on re-breaking one paragraph: each round sets the whole paragraph
 * again, so the rounds are limited both in number and in the bytes they
 * set, and a pathological 100,000-word paragraph stays linear. */
#define COMPOSE_MAX_REFITS 200
#define COMPOSE_REFIT_BYTES (4 * 1024 * 1024)

struct compose {
	struct declc_doc *doc;
	PangoContext *pc;
	const struct fonts *fonts;
	const struct hy_dict *hyph;       /* NULL: no hyphenation */
	GHashTable *families;             /* family → GINT_TO_POINTER(1 ok, 2 missing) */
	GHashTable *reported;             /* characters already reported missing */
	int errors;
};

/* Where each run landed in the layout text, to map a byte back to TEI. */
struct compose_span {
	int start, end;                   /* bytes in the layout text */
	const struct lt_run *run;
};

struct compose *compose_new(struct declc_doc *doc, PangoContext *pc, const struct fonts *fonts,
			    const struct hy_dict *hyph)
{
	struct compose *c = g_new0(struct compose, 1);

	c->doc = doc;
	c->pc = g_object_ref(pc);
	c->fonts = fonts;
	c->hyph = hyph;
	c->families = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	c->reported = g_hash_table_new(NULL, NULL);
	return c;
}

void compose_free(struct compose *c)
{
	if (c == NULL)
		return;
	g_object_unref(c->pc);
	g_hash_table_destroy(c->families);
	g_hash_table_destroy(c->reported);
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
		if (*space && text->len > 0 &&
		    !g_str_has_suffix(text->str, "\xE2\x80\xA8"))
			g_string_append_c(text, ' ');
		*space = false;
		g_string_append_c(text, *s);
	}
}

static void compose_attrs(PangoAttrList *attrs, const struct lt_chars *ch, int start, int end)
{
	PangoAttribute *a[10];
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
	if (ch->features)
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
	} else if (ch->shift == LT_SHIFT_POINTS)
		a[n++] = pango_attr_rise_new((int)(ch->rise * PANGO_SCALE));
	if (ch->color)
		a[n++] = pango_attr_foreground_new((guint16)(((ch->color >> 16) & 0xff) * 257),
						   (guint16)(((ch->color >> 8) & 0xff) * 257),
						   (guint16)((ch->color & 0xff) * 257));
	if (ch->lang)
		a[n++] = pango_attr_language_new(pango_language_from_string(ch->lang));
	for (int i = 0; i < n; i++) {
		a[i]->start_index = (guint)start;
		a[i]->end_index = (guint)end;
		pango_attr_list_insert(attrs, a[i]);
	}
	g_string_free(features, TRUE);
}

/* Builds the layout text and attributes of BLOCK's runs (or of TEXT in the
 * block's style); records in SPANS where each run went. */
static void compose_text(struct compose *c, const struct lt_node *block, const char *text,
			 const struct compose_vars *vars, GString *out, PangoAttrList *attrs,
			 GArray *spans)
{
	struct lt_run one = { LT_RUN_TEXT, text, block->chars, block->line, block->col };
	const struct lt_run *runs = text ? &one : block->runs;
	int n = text ? 1 : block->n_runs;
	bool space = false;

	for (int i = 0; i < n; i++) {
		const struct lt_run *r = &runs[i];
		struct compose_span sp = { (int)out->len, 0, r };
		char *owned = NULL;
		const char *s = r->text;
		char num[16];

		compose_check_family(c, r->chars->family, r->line, r->col);
		switch (r->kind) {
		case LT_RUN_TEXT:
			if (r->chars->uppercase)
				s = owned = compose_uppercase(s);
			if (c->hyph && block->set.hyphenate && compose_is_spanish(r->chars->lang)) {
				char *h = hy_insert_soft_hyphens(c->hyph, s);

				g_free(owned);
				s = owned = h;
			}
			compose_append(out, s, &space);
			break;
		case LT_RUN_BREAK:
			/* U+2028 ends the line inside one Pango paragraph, so
			 * the first-line indent is not applied again. */
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
		if (sp.end > sp.start) {
			compose_attrs(attrs, r->chars, sp.start, sp.end);
			g_array_append_val(spans, sp);
		}
	}
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

/* Reports each character of LAYOUT that has no glyph, once per document, at
 * the position of its run in SPANS (or of BLOCK). */
static void compose_check_glyphs(struct compose *c, PangoLayout *layout, GArray *spans,
				 const struct lt_node *block)
{
	GArray *missing = fonts_missing_glyphs(layout);
	const char *text = pango_layout_get_text(layout);
	int text_len = (int)strlen(text);

	for (guint i = 0; missing && i < missing->len; i++) {
		int at = g_array_index(missing, int, i);
		gunichar ch = g_utf8_get_char(text + at);
		const struct lt_run *run = NULL;
		char utf8[8] = "";
		char *context;
		int from = MAX(0, at - 20);

		if (g_hash_table_contains(c->reported, GUINT_TO_POINTER(ch)))
			continue;
		g_hash_table_add(c->reported, GUINT_TO_POINTER(ch));
		for (guint k = 0; k < spans->len; k++) {
			const struct compose_span *sp = &g_array_index(spans, struct compose_span, k);

			if (at >= sp->start && at < sp->end)
				run = sp->run;
		}
		/* Start the quoted context on a character boundary. */
		while (from > 0 && (text[from] & 0xC0) == 0x80)
			from--;
		context = compose_excerpt(text + from, MIN(text_len - from, at - from + 20));
		g_unichar_to_utf8(ch, utf8);
		doc_diag(c->doc, run ? run->line : block->line, run ? run->col : block->col, DIAG_E_GLYPH, utf8,
			 (unsigned)ch, g_strstrip(context));
		c->errors++;
		g_free(context);
	}
	if (missing)
		g_array_unref(missing);
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

char *compose_line_text(const PangoLayoutLine *line)
{
	const char *s = pango_layout_get_text(line->layout) + line->start_index;
	const char *end = s + line->length;
	GString *out = g_string_new(NULL);

	for (const char *p = s; p < end; p = g_utf8_next_char(p)) {
		gunichar ch = g_utf8_get_char(p);

		if (ch == 0x00AD) {
			if (g_utf8_next_char(p) == end)
				g_string_append_c(out, '-');
			continue;
		}
		if (ch == 0x2028 || ch == '\n')
			continue;
		g_string_append_unichar(out, ch);
	}
	while (out->len && out->str[out->len - 1] == ' ')
		g_string_truncate(out, out->len - 1);
	return g_string_free(out, FALSE);
}

/* The width left for line I of a layout of WIDTH with first-line INDENT. */
static int compose_room(int width, int indent, int i)
{
	if (indent > 0)
		return i == 0 ? width - indent : width;
	return i == 0 ? width : width + indent;
}

/* Removes the soft hyphens of the word around byte AT of TEXT, keeping the
 * attributes and spans in step with the shorter text. */
static void compose_unhyphenate(GString *text, int at, PangoAttrList *attrs, GArray *spans)
{
	int ws = at, we = at;

	while (ws > 0 && text->str[ws - 1] != ' ')
		ws--;
	while (we < (int)text->len && text->str[we] != ' ')
		we++;
	for (int i = we - 2; i >= ws; i--) {
		if (memcmp(text->str + i, "\xC2\xAD", 2) != 0)
			continue;
		g_string_erase(text, i, 2);
		pango_attr_list_update(attrs, i, 2, 0);
		for (guint k = 0; k < spans->len; k++) {
			struct compose_span *sp = &g_array_index(spans, struct compose_span, k);

			sp->start -= sp->start > i ? 2 : 0;
			sp->end -= sp->end > i ? 2 : 0;
		}
	}
}

/* Whether the division ending LINE (of ROOM width, natural widths: the layout
 * is not justified yet) should go: the word would fit well enough whole on
 * the next line. */
static bool compose_division_needless(PangoLayoutLine *line, const char *text, int room,
				      double stretch)
{
	int end = line->start_index + line->length, space = -1, spaces = 0;
	int x_space, x_after;

	for (int i = line->start_index; i < end; i++)
		if (text[i] == ' ') {
			space = i;
			spaces++;
		}
	if (space < 0)
		return false;   /* one word on the line: it must be divided */
	spaces--;           /* the space before the divided word would end the line */
	pango_layout_line_index_to_x(line, space, FALSE, &x_space);
	pango_layout_line_index_to_x(line, space, TRUE, &x_after);
	if (spaces == 0)
		return false;
	return room - x_space <= spaces * (x_after - x_space) * stretch;
}

/* Re-breaks the paragraph so that its divisions follow ES-28 as far as
 * spacing allows: no more than COMPOSE_MAX_HYPHENS consecutive hyphenated
 * lines, none on the last line but one, none where the whole word would fit
 * well enough. Pango breaks
 * greedily and divides whenever a division fits, so each needless or
 * excessive division found is taken out of the text (its word's soft hyphens
 * removed) and the paragraph set again; lines before it do not change. */
static void compose_refit(PangoLayout *layout, GString *text, PangoAttrList *attrs,
			  GArray *spans, int width, int indent)
{
	size_t rounds = MIN(COMPOSE_MAX_REFITS, COMPOSE_REFIT_BYTES / (text->len + 1));

	for (size_t round = 0; round < rounds; round++) {
		GSList *l = pango_layout_get_lines_readonly(layout);
		int n = g_slist_length(l), i = 0, run = 0, cut = -1;

		for (; l && l->next; l = l->next, i++) {
			PangoLayoutLine *line = l->data;
			int end = line->start_index + line->length;

			if (line->length < 2 || memcmp(text->str + end - 2, "\xC2\xAD", 2) != 0) {
				run = 0;
				continue;
			}
			bool rule = ++run > COMPOSE_MAX_HYPHENS || i == n - 2;
			int room = compose_room(width, indent, i);
			PangoRectangle log;

			/* Pango 1.50 sometimes breaks at a soft hyphen without
			 * counting the hyphen it then draws: the line overflows
			 * by a hyphen's width. Such a division goes too. */
			pango_layout_line_get_extents(line, NULL, &log);
			if (log.width > room + COMPOSE_OVERFULL_SLACK ||
			    compose_division_needless(line, text->str, room,
						      rule ? COMPOSE_STRETCH_RULE : COMPOSE_STRETCH)) {
				cut = end - 2;
				break;
			}
		}
		if (cut < 0)
			return;
		compose_unhyphenate(text, cut, attrs, spans);
		pango_layout_set_text(layout, text->str, (int)text->len);
	}
}

struct compose_para *compose_block(struct compose *c, const struct lt_node *block, int measure,
				   const char *text, const struct compose_vars *vars)
{
	struct compose_para *p = g_new0(struct compose_para, 1);
	const struct lt_setting *set = &block->set;
	GString *s = g_string_new(NULL);
	PangoAttrList *attrs = pango_attr_list_new();
	GArray *spans = g_array_new(FALSE, FALSE, sizeof(struct compose_span));
	GArray *lines = g_array_new(FALSE, FALSE, sizeof(struct compose_line));
	PangoFontDescription *fd = compose_font(block->chars);
	PangoFontMetrics *fm;
	PangoLayoutIter *it;
	int indent = (int)(set->text_indent * PANGO_SCALE);
	/* A hanging (negative) indent pulls the first line out of the
	 * start indent, as in CSS; Pango indents the other lines instead. */
	int left = (int)(set->start_indent * PANGO_SCALE) + MIN(indent, 0);
	int width = measure - left - (int)(set->end_indent * PANGO_SCALE);
	int asc, desc;

	p->node = block;
	p->line_height = (int)(lt_line_height(block) * PANGO_SCALE + 0.5);
	width = MAX(width, PANGO_SCALE);
	compose_text(c, block, text, vars, s, attrs, spans);

	p->layout = pango_layout_new(c->pc);
	pango_layout_set_font_description(p->layout, fd);
	pango_layout_set_width(p->layout, width);
	pango_layout_set_wrap(p->layout, PANGO_WRAP_WORD);
	pango_layout_set_indent(p->layout, indent);
	pango_layout_set_alignment(p->layout, set->align == LT_RIGHT ? PANGO_ALIGN_RIGHT
					      : set->align == LT_CENTER ? PANGO_ALIGN_CENTER
					      : PANGO_ALIGN_LEFT);
	if (block->chars->lang)
		pango_context_set_language(c->pc, pango_language_from_string(block->chars->lang));
	pango_layout_set_text(p->layout, s->str, (int)s->len);
	pango_layout_set_attributes(p->layout, attrs);
	compose_check_glyphs(c, p->layout, spans, block);
	if (c->hyph && set->hyphenate)
		compose_refit(p->layout, s, attrs, spans, width, indent);
	/* Justify last: line breaks do not depend on it, and the refit above
	 * measures natural widths. */
	pango_layout_set_justify(p->layout, set->align == LT_JUSTIFY);

	/* Every line of the block has its baseline at the same offset in a box
	 * of line_height, with the leading split above and below the block
	 * font's ascent and descent (CSS's half-leading). */
	fm = pango_context_get_metrics(c->pc, fd, pango_language_from_string(block->chars->lang));
	asc = pango_font_metrics_get_ascent(fm);
	desc = pango_font_metrics_get_descent(fm);
	p->ascent = (p->line_height - (asc + desc)) / 2 + asc;
	pango_font_metrics_unref(fm);

	it = pango_layout_get_iter(p->layout);
	do {
		struct compose_line cl = { pango_layout_iter_get_line_readonly(it), 0, 0, false };
		const char *t = s->str + cl.line->start_index;
		PangoRectangle log;
		int room = compose_room(width, indent, (int)lines->len);

		pango_layout_iter_get_line_extents(it, NULL, &log);
		cl.x = left + log.x;
		cl.width = log.width;
		cl.hyphenated = cl.line->length >= 2 &&
				memcmp(t + cl.line->length - 2, "\xC2\xAD", 2) == 0;
		if (cl.width > room + COMPOSE_OVERFULL_SLACK) {
			char *excerpt = compose_excerpt(t, cl.line->length);
			const struct lt_run *run = NULL;

			for (guint k = 0; k < spans->len; k++) {
				const struct compose_span *sp = &g_array_index(spans, struct compose_span, k);

				if (cl.line->start_index >= sp->start && cl.line->start_index < sp->end)
					run = sp->run;
			}
			doc_diag(c->doc, run ? run->line : block->line, run ? run->col : block->col,
				 DIAG_W_OVERFULL, (double)(cl.width - room) / PANGO_SCALE,
				 g_strstrip(excerpt));
			g_free(excerpt);
		}
		g_array_append_val(lines, cl);
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);

	if (block->label && !text) {
		PangoRectangle log;

		p->label = pango_layout_new(c->pc);
		pango_layout_set_font_description(p->label, fd);
		pango_layout_set_text(p->label, block->label, -1);
		pango_layout_get_extents(p->label, NULL, &log);
		/* Right-aligned against the text, label-gap before it. */
		p->label_x = (int)((set->start_indent - set->label_gap) * PANGO_SCALE) - log.width;
		g_array_set_size(spans, 0);
		compose_check_glyphs(c, p->label, spans, block);
	}

	p->n_lines = (int)lines->len;
	p->lines = (struct compose_line *)g_array_free(lines, FALSE);
	pango_font_description_free(fd);
	pango_attr_list_unref(attrs);
	g_array_free(spans, TRUE);
	g_string_free(s, TRUE);
	return p;
}

void compose_para_free(struct compose_para *p)
{
	if (p == NULL)
		return;
	g_object_unref(p->layout);
	if (p->label)
		g_object_unref(p->label);
	g_free(p->lines);
	g_free(p);
}
