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
 * and the run is Spanish, hyphen.c inserts soft hyphens: where a word *may*
 * break. Each run's character style becomes Pango attributes on its range.
 *
 * Where the paragraph *should* break is decided here, not by Pango, whose
 * breaker is greedy and divides a word whenever a division fits. The
 * paragraph is shaped once, unbroken (compose_measure), which gives the
 * width of every stretch of text and Pango's break opportunities (UAX #14,
 * plus ES-33's places inside a URL). From those, compose_items makes Knuth
 * and Plass's boxes (words and word fragments), glue (spaces, with stretch
 * and shrink) and penalties (division points, a compound's hyphen, other
 * breaks), leaving out the breaks Spanish forbids (compose_forbidden). Then
 * compose_kp_pass runs the total-fit algorithm (Knuth and Plass 1981, in
 * the form of TeX's line_break): active nodes, feasible breaks within a
 * tolerance on the adjustment ratio, fitness classes, demerits for
 * divisions, for two in a row and for a division before the last line; a
 * third divided line in a row (ES-28) and a last line that is only a word's
 * tail are never chosen. Three passes as in TeX: no divisions, then
 * divisions, then anything (an overfull line when nothing fits), and a
 * looseness. compose_greedy is the first-fit breaker, kept to measure
 * against (line-breaking=greedy). Each line is then set as its own Pango
 * layout, justified to the measure by Pango except the last of the
 * paragraph and those ended by l:br (a line that must shrink gets a
 * negative letter spacing on its spaces). A line broken at a soft hyphen
 * gets a real hyphen; a compound broken at its own hyphen repeats it at the
 * start of the next line (ES-31). With --param trace-decisions=true each
 * line carries the breaker's reasons for the trace device.
 *
 * Problems are reported at the run's TEI position: families fontconfig would
 * substitute, characters no face can draw (never a hex box in the PDF), and
 * lines wider than the measure.
 */
#include <math.h>
#include <string.h>
#include "compose.h"
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

/* The cost model: TeX's parameters where TeX has one (plain TeX's values),
 * the rule book's where it has one. Spaces of a justified line stretch by
 * COMPOSE_STRETCH of their width at r = 1 and shrink by at most
 * COMPOSE_SHRINK (r = -1); a ragged line may fall short by COMPOSE_RAGGED of
 * the measure at r = 1. Pango's justification only adds space, so a line
 * that shrinks gets a negative letter spacing on its spaces instead
 * (compose_shrink). Badness is 100 r³; the demerits of a line are
 * (line penalty + badness)² + penalty², plus the extra demerits below. */
#define COMPOSE_STRETCH 0.5
#define COMPOSE_SHRINK (1.0 / 3)
#define COMPOSE_RAGGED 0.3
#define COMPOSE_MAX_BADNESS 10000.0
#define COMPOSE_PRETOLERANCE 100.0         /* pass 1, no divisions: r ≤ 1 */
#define COMPOSE_TOLERANCE 200.0            /* pass 2: r ≤ 1.26 */
#define COMPOSE_LINE_PENALTY 10.0          /* \linepenalty: fewer lines */
#define COMPOSE_HYPHEN_PENALTY 50.0        /* \hyphenpenalty: a division */
#define COMPOSE_EXHYPHEN_PENALTY 50.0      /* \exhyphenpenalty: at a compound's hyphen */
#define COMPOSE_OTHER_PENALTY 50.0        /* another break inside a word: after a slash, in a URL */
#define COMPOSE_ADJ_DEMERITS 10000.0       /* \adjdemerits: a tight line by a loose one */
#define COMPOSE_DOUBLE_HYPHEN 10000.0      /* \doublehyphendemerits: two divided lines in a row */
#define COMPOSE_MAX_HYPHENS 2              /* ES-28: never three divided lines in a row */
#define COMPOSE_FINAL_HYPHEN 5000.0        /* \finalhyphendemerits: a division before the last line */
#define COMPOSE_TAIL_ONLY 1000000.0        /* a last line that is only a word's tail (ES-28) */
#define COMPOSE_SHORT_LAST 3000.0          /* a last line shorter than its indent (ES-28) */
#define COMPOSE_OVERFULL 1e12              /* only when nothing else fits */

struct compose {
	struct declc_doc *doc;
	PangoContext *pc;
	const struct fonts *fonts;
	const struct hy_dict *hyph;       /* NULL: no hyphenation */
	GHashTable *families;             /* family → GINT_TO_POINTER(1 ok, 2 missing) */
	GHashTable *reported;             /* characters already reported missing */
	int errors;
	int breaking;                     /* --param line-breaking: an lt_breaking, or -1 */
	bool trace_decisions;             /* --param trace-decisions=true */
};

/* Where each run landed in the paragraph text, for attributes and for
 * mapping a byte back to its TEI position. */
struct compose_span {
	int start, end;                   /* bytes in the paragraph text */
	const struct lt_run *run;
};

/* The paragraph as one unbroken line, per byte of its text. */
struct compose_measure {
	gint64 *x;                        /* pen position before the byte, within its segment */
	guint8 *flag;                     /* COMPOSE_CAN_BREAK, COMPOSE_WHITE */
};
#define COMPOSE_CAN_BREAK 1               /* a line may start at this byte */
#define COMPOSE_WHITE 2                   /* a space starts at this byte */

/* How a line ends. */
enum compose_end {
	COMPOSE_END_SPACE,                /* at a space (or after /, at the end …): nothing added */
	COMPOSE_END_SOFT,                 /* at a soft hyphen: a hyphen is drawn */
	COMPOSE_END_HARD                  /* after a compound's hyphen: repeated on the next line */
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
		if (*space && text->len > 0 && !g_str_has_suffix(text->str, "\xE2\x80\xA8"))
			g_string_append_c(text, ' ');
		*space = false;
		g_string_append_c(text, *s);
	}
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

/* Reports each character of LAYOUT (which sets the paragraph text from byte
 * FROM) that has no glyph, once per document, at the position of its run. */
static void compose_check_glyphs(struct compose *c, PangoLayout *layout, int from, GArray *spans,
				 const struct lt_node *block)
{
	GArray *missing = fonts_missing_glyphs(layout);
	const char *text = pango_layout_get_text(layout);
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

/* A one-line layout of the paragraph text [FROM, TO) in the block's style,
 * with PREFIX before it and SUFFIX after it (either may be NULL), set in
 * the style of the text they touch. */
static PangoLayout *compose_layout(struct compose *c, const PangoFontDescription *fd,
				   const char *text, int from, int to, GArray *spans,
				   const char *prefix, const char *suffix)
{
	PangoLayout *l = pango_layout_new(c->pc);
	PangoAttrList *attrs = pango_attr_list_new();
	GString *s = g_string_sized_new((gsize)(to - from) + 8);
	int shift;

	if (prefix)
		g_string_append(s, prefix);
	shift = (int)s->len - from;
	g_string_append_len(s, text + from, to - from);
	if (suffix)
		g_string_append(s, suffix);
	for (guint k = 0; k < spans->len; k++) {
		const struct compose_span *sp = &g_array_index(spans, struct compose_span, k);
		int a = MAX(sp->start, from) + shift, b = MIN(sp->end, to) + shift;

		if (sp->end <= from || sp->start >= to)
			continue;
		/* The added hyphens belong to the text they touch. */
		if (sp->start <= from)
			a = 0;
		if (sp->end >= to)
			b = (int)s->len;
		compose_attrs(attrs, sp->run->chars, a, b);
	}
	pango_layout_set_font_description(l, fd);
	pango_layout_set_text(l, s->str, (int)s->len);
	pango_layout_set_attributes(l, attrs);
	pango_attr_list_unref(attrs);
	g_string_free(s, TRUE);
	return l;
}

/* Whether the LEN bytes at S are a URL: http://, https://, www., or a bare
 * domain name (at least three lowercase labels: observatorio.example.org). */
static bool compose_is_url(const char *s, int len)
{
	int labels = 1, run = 0;

	if ((len > 7 && strncmp(s, "http://", 7) == 0) || (len > 8 && strncmp(s, "https://", 8) == 0) ||
	    (len > 4 && strncmp(s, "www.", 4) == 0))
		return true;
	for (int i = 0; i < len; i++) {
		if (s[i] == '\xC2' && i + 1 < len && s[i + 1] == '\xAD') {
			i++;   /* a soft hyphen from hyphen.c */
		} else if (s[i] == '.' && run >= 2 && i + 1 < len) {
			labels++;
			run = 0;
		} else if (g_ascii_islower(s[i]) || g_ascii_isdigit(s[i]) || s[i] == '-') {
			run++;
		} else {
			return false;
		}
	}
	return labels >= 3 && run >= 2;
}

/* ES-33: a URL is never divided, but may break after '/' or before '.',
 * '?', '#' or '&' (no hyphen is added), where UAX #14 sees one unbreakable
 * word. Marks those places in M for the URLs in [FROM, TO), and only
 * those: not after a hyphen (ES-31 would repeat it), nor at the division
 * points hyphen.c may have put in a bare domain name. */
static void compose_url_breaks(const char *text, int from, int to, struct compose_measure *m)
{
	for (int b = from; b < to; b++) {
		int e;

		if (b > from && text[b - 1] != ' ' && !(m->flag[b] & COMPOSE_CAN_BREAK))
			continue;
		for (e = b; e < to && text[e] != ' '; e++)
			;
		/* A sentence's punctuation after the URL is not part of it. */
		while (e > b && strchr(".,;:)", text[e - 1]))
			e--;
		if (!compose_is_url(text + b, e - b))
			continue;
		for (int p = b + 1; p < e; p++)
			m->flag[p] &= (guint8)~COMPOSE_CAN_BREAK;
		for (int p = b + 1; p < e - 1; p++) {
			bool after_slash = text[p - 1] == '/' && text[p] != '/';
			bool before_mark = strchr(".?#&", text[p]) && text[p - 1] != '/';
			/* Not in "www." itself. */
			bool www = strncmp(text + b, "www.", 4) == 0 && p <= b + 3;

			if ((after_slash || before_mark) && !www)
				m->flag[p] |= COMPOSE_CAN_BREAK;
		}
		b = e;
	}
}

/* Measures the segment [FROM, TO) of TEXT (no forced break inside) as one
 * unbroken line, in chunks cut after spaces, into M. */
static void compose_measure(struct compose *c, const PangoFontDescription *fd, const char *text,
			    int from, int to, GArray *spans, const struct lt_node *block,
			    struct compose_measure *m)
{
	gint64 base = 0;

	m->x[from] = 0;
	for (int cs = from, ce; cs < to; cs = ce) {
		PangoLayout *l;
		const PangoLogAttr *attrs;
		int n_attrs, k = 0, b;

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
		l = compose_layout(c, fd, text, cs, ce, spans, NULL, NULL);
		compose_check_glyphs(c, l, cs, spans, block);
		for (b = cs; b <= ce; b++)
			m->x[b] = -1;
		/* Pen positions at each cluster start, in logical order: the
		 * text is left to right. */
		for (GSList *r = pango_layout_get_line_readonly(l, 0)->runs; r; r = r->next) {
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
		attrs = pango_layout_get_log_attrs_readonly(l, &n_attrs);
		for (b = cs; b < ce; b = (int)(g_utf8_next_char(text + b) - text), k++) {
			m->flag[b] = 0;
			if (k < n_attrs && attrs[k].is_line_break && b > cs)
				m->flag[b] |= COMPOSE_CAN_BREAK;
			if (k < n_attrs && attrs[k].is_white)
				m->flag[b] |= COMPOSE_WHITE;
		}
		if (cs > from)
			m->flag[cs] |= COMPOSE_CAN_BREAK;   /* a chunk starts after a space */
		g_object_unref(l);
	}
	m->flag[to] = COMPOSE_CAN_BREAK;
	compose_url_breaks(text, from, to, m);
}

/* How the line ending at byte END (its next line starting at NEXT, END ≤
 * NEXT) ends: at a soft hyphen (END is the hyphen's byte), after a compound's
 * own hyphen (ES-31), or anywhere else. */
static enum compose_end compose_end_kind(const char *text, int from, int end, int next)
{
	const char *prev = end > from ? g_utf8_prev_char(text + end) : NULL;

	if (end < next && g_utf8_get_char(text + end) == 0x00AD)
		return COMPOSE_END_SOFT;
	if (end == next && prev && *prev == '-' && prev > text + from &&
	    g_unichar_isalpha(g_utf8_get_char(g_utf8_prev_char(prev))) && text[next] != '\0' &&
	    g_unichar_isalpha(g_utf8_get_char(text + next)))
		return COMPOSE_END_HARD;
	return COMPOSE_END_SPACE;
}

/* Whether Spanish forbids a break where a line ends at END and the next
 * starts at NEXT, on top of what UAX #14 (Pango) forbids already: never
 * after an opening ¿ ¡ « ‹ “ or before a closing » › ? ! ”,
 * never between a raya and the word it touches (an opening raya before its
 * word, a closing one after it), never at a no-break space (U+00A0, U+202F)
 * or a word joiner (U+2060). The rule book's ES-04 and ES-28. */
static bool compose_forbidden(const char *text, int from, int end, int next, int to)
{
	gunichar before = end > from ? g_utf8_get_char(g_utf8_prev_char(text + end)) : 0;
	gunichar after = next < to ? g_utf8_get_char(text + next) : 0;

	if (end == from || next >= to)
		return false;
	if (before == 0x00BF || before == 0x00A1 || before == 0x00AB || before == 0x2039 ||
	    before == 0x201C || before == 0x2060 || before == 0x00A0 || before == 0x202F)
		return true;
	if (after == 0x00BB || after == 0x203A || after == '?' || after == '!' || after == 0x201D ||
	    after == 0x2060)
		return true;
	/* A raya that touches a word on the side of the break. */
	if (end == next && (before == 0x2014 || before == 0x2015 || after == 0x2014 || after == 0x2015))
		return true;
	return false;
}

/*
 * The items of Knuth and Plass's model, for one segment (the text between
 * two forced breaks):
 *   box      text that never breaks inside: a word, or the fragment of one
 *            between two of its division points. Its width is read from
 *            Pango's shaping of the paragraph (compose_measure), so fonts,
 *            kerning and ligatures stay Pango's.
 *   glue     a run of spaces. In a justified block its U+0020 and U+00A0
 *            (the spaces Pango's justification widens) stretch by
 *            COMPOSE_STRETCH of their width and shrink by COMPOSE_SHRINK;
 *            a ragged block's lines get a fixed stretch instead.
 *   penalty  a break that is not a space: a division point (a hyphen is
 *            drawn: cost COMPOSE_HYPHEN_PENALTY), the hyphen of a compound
 *            (repeated on the next line, ES-31: COMPOSE_EXHYPHEN_PENALTY),
 *            another break UAX #14 allows (after a slash) or ES-33 adds in
 *            a URL (COMPOSE_OTHER_PENALTY), and the segment's end (forced).
 * Glue at a no-break space, and any break compose_forbidden rejects, is
 * kept as material but is not a legal breakpoint.
 */
enum compose_item_kind { COMPOSE_BOX, COMPOSE_GLUE, COMPOSE_PENALTY };

struct compose_item {
	enum compose_item_kind kind;
	bool breakable;                   /* glue, penalty: a line may end here */
	enum compose_end end_kind;        /* how a line that ends here ends */
	int end;                          /* such a line ends at this byte (spaces and soft hyphen off) */
	int next;                         /* and the next line starts at this byte */
	gint64 width;                     /* box, glue: natural width; penalty: the hyphen drawn if broken */
	gint64 stretch, shrink;           /* glue */
	double penalty;                   /* penalty: the cost of breaking here */
	/* TeX's active widths: sums over the items before this one. */
	gint64 sum_w, sum_y, sum_z;
	int sum_glue;                     /* glue items before this one */
};

/* The parameters of one segment's lines, Pango units. */
struct compose_frame {
	gint64 room_first;               /* the segment's first line (the indent taken off) */
	gint64 room;                     /* the others */
	gint64 hyphen;                   /* the width of a hyphen */
	gint64 short_last;               /* a last line shorter than this is penalised */
	gint64 ragged;                   /* a ragged line's stretch (0 when justified) */
	bool justify;
	bool greedy;                     /* line-breaking=greedy */
	int looseness;
};

static void compose_push(GArray *items, struct compose_item *it)
{
	const struct compose_item *last = items->len
		? &g_array_index(items, struct compose_item, items->len - 1) : NULL;

	it->sum_w = last ? last->sum_w + (last->kind == COMPOSE_PENALTY ? 0 : last->width) : 0;
	it->sum_y = last ? last->sum_y + last->stretch : 0;
	it->sum_z = last ? last->sum_z + last->shrink : 0;
	it->sum_glue = last ? last->sum_glue + (last->kind == COMPOSE_GLUE) : 0;
	g_array_append_val(items, *it);
}

/* The items of the segment [FROM, TO) of TEXT, measured in M, into ITEMS. */
static void compose_items(const char *text, int from, int to, const struct compose_measure *m,
			  const struct compose_frame *f, GArray *items)
{
	int box = from;

	g_array_set_size(items, 0);
	for (int b = from; b < to;) {
		int nb = (int)(g_utf8_next_char(text + b) - text);
		struct compose_item it = { 0 };

		if (m->flag[b] & COMPOSE_WHITE) {
			int we = b;
			gint64 expand = 0;
			bool hard = false;

			for (; we < to && (m->flag[we] & COMPOSE_WHITE);
			     we = (int)(g_utf8_next_char(text + we) - text)) {
				gunichar ch = g_utf8_get_char(text + we);
				int wn = (int)(g_utf8_next_char(text + we) - text);

				if (ch == ' ' || ch == 0x00A0)
					expand += m->x[wn] - m->x[we];
				hard |= ch != ' ';
			}
			if (b > box) {
				struct compose_item bx = { COMPOSE_BOX, false, COMPOSE_END_SPACE, box, box,
							   m->x[b] - m->x[box], 0, 0, 0, 0, 0, 0, 0 };

				compose_push(items, &bx);
			}
			it.kind = COMPOSE_GLUE;
			it.end = b;
			it.next = we;
			it.end_kind = COMPOSE_END_SPACE;
			it.breakable = !hard && we < to && (m->flag[we] & COMPOSE_CAN_BREAK) &&
				       !compose_forbidden(text, from, b, we, to);
			it.width = m->x[we] - m->x[b];
			if (f->justify) {
				it.stretch = (gint64)(expand * COMPOSE_STRETCH);
				it.shrink = (gint64)(expand * COMPOSE_SHRINK);
			}
			compose_push(items, &it);
			box = b = we;
			continue;
		}
		if (nb < to && (m->flag[nb] & COMPOSE_CAN_BREAK) && !(m->flag[nb] & COMPOSE_WHITE)) {
			/* A break that is not a space, before byte NB. */
			bool shy = g_utf8_get_char(text + b) == 0x00AD;
			int end = shy ? b : nb;

			it.kind = COMPOSE_PENALTY;
			it.end = end;
			it.next = nb;
			it.end_kind = compose_end_kind(text, from, end, nb);
			it.breakable = !compose_forbidden(text, from, end, nb, to);
			it.width = it.end_kind == COMPOSE_END_SOFT ? f->hyphen : 0;
			it.penalty = it.end_kind == COMPOSE_END_SOFT ? COMPOSE_HYPHEN_PENALTY
				   : it.end_kind == COMPOSE_END_HARD ? COMPOSE_EXHYPHEN_PENALTY
				   : COMPOSE_OTHER_PENALTY;
			if (it.breakable || shy) {
				struct compose_item bx = { COMPOSE_BOX, false, COMPOSE_END_SPACE, box, box,
							   m->x[end] - m->x[box], 0, 0, 0, 0, 0, 0, 0 };

				if (end > box)
					compose_push(items, &bx);
				compose_push(items, &it);
				box = nb;
			}
		}
		b = nb;
	}
	{
		struct compose_item bx = { COMPOSE_BOX, false, COMPOSE_END_SPACE, box, box,
					   m->x[to] - m->x[box], 0, 0, 0, 0, 0, 0, 0 };
		struct compose_item fin = { COMPOSE_PENALTY, true, COMPOSE_END_SPACE, to, to,
					    0, 0, 0, -INFINITY, 0, 0, 0, 0 };

		if (to > box)
			compose_push(items, &bx);
		compose_push(items, &fin);
	}
}

/* TeX's fitness classes of a line, by its adjustment ratio r. */
enum compose_fitness { COMPOSE_VERY_LOOSE, COMPOSE_LOOSE, COMPOSE_DECENT, COMPOSE_TIGHT };
static const char *const compose_fitness_names[] = { "very-loose", "loose", "decent", "tight" };

static enum compose_fitness compose_fitness_of(double r)
{
	return r < -0.5 ? COMPOSE_TIGHT : r <= 0.5 ? COMPOSE_DECENT : r <= 1 ? COMPOSE_LOOSE
								     : COMPOSE_VERY_LOOSE;
}

/* TeX's badness: 100 r³, at most COMPOSE_MAX_BADNESS. */
static double compose_badness(double r)
{
	double b = 100 * fabs(r) * fabs(r) * fabs(r);

	return MIN(b, COMPOSE_MAX_BADNESS);
}

/* A node of the breaker: a feasible break, with the best paragraph that
 * ends there for its class (fitness, hyphens in a row, line with looseness). */
struct compose_kp {
	int item;                         /* the break: an index in items; -1 for the start */
	int line;                         /* lines up to this break */
	enum compose_fitness fitness;     /* of the line ending here */
	int hyphens;                      /* lines in a row ending in a hyphen, this one included */
	double total;                     /* demerits of the paragraph up to here */
	double demerits, ratio;           /* of the line ending here */
	int prev;                         /* the node where that line starts; -1 */
};

/* What the line from node A to the break at item B measures: its natural
 * width, adjustment ratio and room. */
static double compose_ratio(const struct compose_frame *f, const GArray *items,
			    const struct compose_kp *a, int b, gint64 *width)
{
	const struct compose_item *it = &g_array_index(items, struct compose_item, b);
	const struct compose_item *start = a->item < 0 ? NULL
		: &g_array_index(items, struct compose_item, a->item + 1);
	const struct compose_item *ai = a->item < 0 ? NULL
		: &g_array_index(items, struct compose_item, a->item);
	gint64 w = it->sum_w - (start ? start->sum_w : 0);
	gint64 y = it->sum_y - (start ? start->sum_y : 0) + f->ragged;
	gint64 z = it->sum_z - (start ? start->sum_z : 0);
	gint64 room = a->line == 0 ? f->room_first : f->room;
	bool last = it->penalty == -INFINITY;

	if (it->kind == COMPOSE_PENALTY)
		w += it->width;
	if (ai && ai->end_kind == COMPOSE_END_HARD)
		w += f->hyphen;
	*width = w;
	if (w == room || (last && w < room))
		return 0;   /* the last line has TeX's \parfillskip: it never stretches */
	if (w < room)
		return y > 0 ? (double)(room - w) / (double)y : 1e6;
	return z > 0 ? -(double)(w - room) / (double)z : -1e6;
}

/* The demerits of a line from A ending at item B with ratio R and natural
 * width W; INFINITY when the rules forbid it outside the final pass. */
static double compose_demerits(const struct compose_frame *f, const GArray *items,
			       const struct compose_kp *a, int b, double r, gint64 w, bool final)
{
	const struct compose_item *it = &g_array_index(items, struct compose_item, b);
	bool last = it->penalty == -INFINITY;
	bool hyphen = it->kind == COMPOSE_PENALTY && it->end_kind != COMPOSE_END_SPACE;
	double bad = compose_badness(r), d;

	d = (COMPOSE_LINE_PENALTY + bad) * (COMPOSE_LINE_PENALTY + bad);
	if (it->kind == COMPOSE_PENALTY && it->penalty > 0)
		d += it->penalty * it->penalty;
	if (hyphen && a->hyphens > 0) {
		/* ES-28: at most COMPOSE_MAX_HYPHENS lines in a row end in a
		 * hyphen, in every pass: a very loose line is better. */
		if (a->hyphens >= COMPOSE_MAX_HYPHENS)
			return INFINITY;
		d += COMPOSE_DOUBLE_HYPHEN;
	}
	if (last && a->hyphens > 0) {
		/* The last line but one divided; the last only a word's tail. */
		int glue = it->sum_glue - (a->item < 0 ? 0
			: g_array_index(items, struct compose_item, a->item + 1).sum_glue);

		d += COMPOSE_FINAL_HYPHEN;
		if (glue == 0) {
			if (!final)
				return INFINITY;
			d += COMPOSE_TAIL_ONLY;
		}
	}
	if (abs((int)compose_fitness_of(r) - (int)a->fitness) > 1)
		d += COMPOSE_ADJ_DEMERITS;
	if (last && w < f->short_last)
		d += COMPOSE_SHORT_LAST;
	return d;
}

/* Adds to CANDS the line from node A (index AI in NODES) to item B, or keeps
 * the better of it and the candidate of the same class. */
static void compose_candidate(GArray *cands, const GArray *nodes, int ai, int b, double r,
			      double d, bool hyphen, bool by_line)
{
	const struct compose_kp *a = &g_array_index(nodes, struct compose_kp, ai);
	struct compose_kp n = { b, a->line + 1, compose_fitness_of(r), hyphen ? a->hyphens + 1 : 0,
				a->total + d, d, r, ai };

	for (guint k = 0; k < cands->len; k++) {
		struct compose_kp *c = &g_array_index(cands, struct compose_kp, k);

		if (c->fitness == n.fitness && c->hyphens == n.hyphens && (!by_line || c->line == n.line)) {
			if (n.total < c->total)
				*c = n;
			return;
		}
	}
	g_array_append_val(cands, n);
}

/*
 * One pass of the total-fit breaker (Knuth and Plass 1981, as in TeX's
 * line_break): the active nodes are the breaks from which a line may still
 * reach the current breakpoint; each legal breakpoint is tried from each of
 * them, a line whose adjustment ratio r lies within [-1, TOLERANCE] being
 * feasible; the best feasible line per class becomes a new active node, and
 * a node from which even the tightest line is too long is dropped. Pass 1
 * tries no division (TeX's pretolerance), pass 2 allows them, pass 3 (final)
 * accepts any looseness and, when nothing at all fits, an overfull line
 * (TeX's artificial demerits), so that every paragraph gets its lines.
 * Returns the node that ends the chosen paragraph, or -1 when the pass
 * found none.
 */
static int compose_kp_pass(const struct compose_frame *f, const GArray *items, int pass,
			   GArray *nodes)
{
	bool final = pass == 3;
	double tolerance = pass == 1 ? COMPOSE_PRETOLERANCE : pass == 2 ? COMPOSE_TOLERANCE : INFINITY;
	GArray *active = g_array_new(FALSE, FALSE, sizeof(int));
	GArray *cands = g_array_new(FALSE, FALSE, sizeof(struct compose_kp));
	struct compose_kp start = { -1, 0, COMPOSE_DECENT, 0, 0, 0, 0, -1 };
	int zero = 0, best = -1, n_items = (int)items->len;

	g_array_set_size(nodes, 0);
	g_array_append_val(nodes, start);
	g_array_append_val(active, zero);
	for (int b = 0; b < n_items && active->len > 0; b++) {
		const struct compose_item *it = &g_array_index(items, struct compose_item, b);
		bool forced = it->penalty == -INFINITY;
		int dropped = -1;

		if (!it->breakable || (pass == 1 && it->end_kind == COMPOSE_END_SOFT))
			continue;
		g_array_set_size(cands, 0);
		for (guint k = 0; k < active->len;) {
			int ai = g_array_index(active, int, k);
			const struct compose_kp *a = &g_array_index(nodes, struct compose_kp, ai);
			gint64 w;
			double r = compose_ratio(f, items, a, b, &w);

			if (r >= -1 && compose_badness(r) <= tolerance) {
				double d = compose_demerits(f, items, a, b, r, w, final);

				if (d < INFINITY)
					compose_candidate(cands, nodes, ai, b, r, d,
							  it->kind == COMPOSE_PENALTY &&
							  it->end_kind != COMPOSE_END_SPACE,
							  f->looseness != 0);
			}
			if (r < -1 || forced) {
				/* The latest such node, as TeX's final pass: the
				 * overfull line holds no more than it must. */
				if (r < -1 && (dropped < 0 || a->item > g_array_index(nodes, struct compose_kp,
											dropped).item ||
					       (a->item == g_array_index(nodes, struct compose_kp, dropped).item &&
						a->total < g_array_index(nodes, struct compose_kp, dropped).total)))
					dropped = ai;
				g_array_remove_index(active, k);
			} else {
				k++;
			}
		}
		if (final && active->len == 0 && cands->len == 0 && dropped >= 0) {
			/* Nothing fits: an overfull line, reported when it is set. */
			const struct compose_kp *a = &g_array_index(nodes, struct compose_kp, dropped);
			struct compose_kp n = { b, a->line + 1, COMPOSE_TIGHT, 0,
						a->total + COMPOSE_OVERFULL, COMPOSE_OVERFULL, -1e6, dropped };
			gint64 w;

			n.ratio = compose_ratio(f, items, a, b, &w);
			n.hyphens = it->kind == COMPOSE_PENALTY && it->end_kind != COMPOSE_END_SPACE
				    ? a->hyphens + 1 : 0;
			g_array_append_val(cands, n);
		}
		for (guint k = 0; k < cands->len; k++) {
			int at = (int)nodes->len;

			g_array_append_val(nodes, g_array_index(cands, struct compose_kp, k));
			if (!forced)
				g_array_append_val(active, at);
			else if (best < 0 || g_array_index(cands, struct compose_kp, k).total <
				 g_array_index(nodes, struct compose_kp, best).total)
				best = at;
		}
	}
	/* Looseness: the paragraph closest to LOOSENESS more (or fewer) lines
	 * than the best, the best of those. */
	if (best >= 0 && f->looseness != 0) {
		int target = g_array_index(nodes, struct compose_kp, best).line + f->looseness;

		for (guint k = 0; k < nodes->len; k++) {
			const struct compose_kp *n = &g_array_index(nodes, struct compose_kp, k);
			const struct compose_kp *o = &g_array_index(nodes, struct compose_kp, best);

			if (n->item != n_items - 1)
				continue;
			if (abs(n->line - target) < abs(o->line - target) ||
			    (n->line == o->line && n->total < o->total))
				best = (int)k;
		}
		if (!final && g_array_index(nodes, struct compose_kp, best).line != target)
			best = -1;   /* try harder in the next pass */
	}
	g_array_free(active, TRUE);
	g_array_free(cands, TRUE);
	return best;
}

/* The greedy breaker, kept to measure against (line-breaking=greedy): each
 * line takes as much as fits at natural width, dividing a word whenever a
 * division fits, as Pango's own breaker does. Returns the last node. */
static int compose_greedy(const struct compose_frame *f, const GArray *items, GArray *nodes)
{
	struct compose_kp start = { -1, 0, COMPOSE_DECENT, 0, 0, 0, 0, -1 };
	int n_items = (int)items->len, at = 0;

	g_array_set_size(nodes, 0);
	g_array_append_val(nodes, start);
	for (;;) {
		const struct compose_kp *a = &g_array_index(nodes, struct compose_kp, at);
		gint64 room = a->line == 0 ? f->room_first : f->room, w;
		int take = -1;
		double r, d;
		struct compose_kp n;
		const struct compose_item *it;

		for (int b = a->item + 1; b < n_items; b++) {
			it = &g_array_index(items, struct compose_item, b);
			if (!it->breakable)
				continue;
			compose_ratio(f, items, a, b, &w);
			if (w <= room || take < 0)
				take = b;
			if (w > room || it->penalty == -INFINITY)
				break;
		}
		it = &g_array_index(items, struct compose_item, take);
		r = compose_ratio(f, items, a, take, &w);
		d = compose_demerits(f, items, a, take, MAX(r, -1), w, true);
		n = (struct compose_kp){ take, a->line + 1, compose_fitness_of(r),
					 it->kind == COMPOSE_PENALTY && it->end_kind != COMPOSE_END_SPACE
					 ? a->hyphens + 1 : 0, a->total + d, d, r, at };
		g_array_append_val(nodes, n);
		at = (int)nodes->len - 1;
		if (it->penalty == -INFINITY)
			return at;
	}
}

/* A chosen break: where the line ends and how, and why it was chosen. */
struct compose_break {
	int pos;                          /* the next line starts at this byte */
	int end;                          /* the line ending here ends at this byte */
	enum compose_end kind;
	bool last;                        /* the segment's end */
	double demerits, ratio;           /* of the line ending here */
	enum compose_fitness fitness;
};

/* Chooses the breaks of the segment [FROM, TO): appends to BREAKS one per
 * line, in order, the last at TO. */
static void compose_breaks(const char *text, int from, int to, const struct compose_measure *m,
			   const struct compose_frame *f, GArray *breaks)
{
	GArray *items = g_array_new(FALSE, FALSE, sizeof(struct compose_item));
	GArray *nodes = g_array_new(FALSE, FALSE, sizeof(struct compose_kp));
	guint first = breaks->len;
	int last = -1;

	compose_items(text, from, to, m, f, items);
	if (f->greedy)
		last = compose_greedy(f, items, nodes);
	for (int pass = f->justify && f->looseness == 0 ? 1 : 2; last < 0 && pass <= 3; pass++)
		last = compose_kp_pass(f, items, pass, nodes);
	for (int i = last; i > 0; i = g_array_index(nodes, struct compose_kp, i).prev) {
		const struct compose_kp *n = &g_array_index(nodes, struct compose_kp, i);
		const struct compose_item *it = &g_array_index(items, struct compose_item, n->item);
		struct compose_break b = { it->next, it->end, it->end_kind, it->penalty == -INFINITY,
					   n->demerits, n->ratio, n->fitness };

		g_array_append_val(breaks, b);
	}
	for (guint i = first, j = breaks->len - 1; breaks->len > first && i < j; i++, j--) {
		struct compose_break t = g_array_index(breaks, struct compose_break, i);

		g_array_index(breaks, struct compose_break, i) = g_array_index(breaks, struct compose_break, j);
		g_array_index(breaks, struct compose_break, j) = t;
	}
	g_array_free(items, TRUE);
	g_array_free(nodes, TRUE);
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

		if (ch != 0x00AD && ch != 0x2028 && ch != '\n')
			g_string_append_unichar(out, ch);
	}
	while (out->len && out->str[out->len - 1] == ' ')
		g_string_truncate(out, out->len - 1);
	return g_string_free(out, FALSE);
}

/* The natural width of a hyphen in the block's style. */
static int compose_hyphen_width(struct compose *c, const PangoFontDescription *fd)
{
	PangoLayout *l = pango_layout_new(c->pc);
	PangoRectangle log;

	pango_layout_set_font_description(l, fd);
	pango_layout_set_text(l, "-", 1);
	pango_layout_get_extents(l, NULL, &log);
	g_object_unref(l);
	return log.width;
}

/* Narrows the spaces of LAYOUT so that it is no wider than ROOM, by a
 * negative letter spacing on each space, up to COMPOSE_SHRINK of their
 * width; returns the new natural width. */
static int compose_shrink(PangoLayout *layout, int width, int room)
{
	const char *t = pango_layout_get_text(layout);
	PangoAttrList *attrs = pango_attr_list_copy(pango_layout_get_attributes(layout));
	PangoRectangle log;
	int spaces = 0, each;

	for (const char *q = t; *q; q++)
		spaces += *q == ' ' || (q[0] == '\xC2' && q[1] == '\xA0');
	if (spaces == 0) {
		pango_attr_list_unref(attrs);
		return width;
	}
	each = (width - room + spaces - 1) / spaces + 1;
	for (const char *q = t; *q; q++)
		if (*q == ' ' || (q[0] == '\xC2' && q[1] == '\xA0')) {
			PangoAttribute *a = pango_attr_letter_spacing_new(-each);

			a->start_index = (guint)(q - t);
			a->end_index = a->start_index + (*q == ' ' ? 1 : 2);
			pango_attr_list_change(attrs, a);
		}
	pango_layout_set_attributes(layout, attrs);
	pango_attr_list_unref(attrs);
	pango_layout_get_extents(layout, NULL, &log);
	return log.width;
}

/* Sets the line [FROM, TO) of the paragraph and appends it to LINES. */
static void compose_line(struct compose *c, const struct lt_node *block,
			 const PangoFontDescription *fd, const char *text, GArray *spans,
			 const struct compose_break *a, const struct compose_break *b, bool last,
			 int x, int room, GArray *lines)
{
	static const char *const ends[] = { "space", "hyphen", "compound" };
	struct compose_line cl = { 0 };
	PangoRectangle log;
	bool spaces = block->set.align == LT_JUSTIFY &&
		      memchr(text + a->pos, ' ', (size_t)(b->end - a->pos));
	bool justify = spaces && !last;

	cl.layout = compose_layout(c, fd, text, a->pos, b->end, spans,
				   a->kind == COMPOSE_END_HARD ? "-" : NULL,
				   b->kind == COMPOSE_END_SOFT ? "-" : NULL);
	cl.hyphenated = !b->last && b->kind != COMPOSE_END_SPACE;
	if (c->trace_decisions) {
		/* The breaker's reasons, for the trace (--param trace-decisions=true). */
		char *why = g_strdup_printf("break %.0f %d %s %s", b->demerits,
					    (int)lround(CLAMP(b->ratio, -1e6, 1e6) * 1000),
					    compose_fitness_names[b->fitness],
					    b->last ? (last ? "last" : "forced") : ends[b->kind]);

		g_object_set_data_full(G_OBJECT(cl.layout), "declc-decision", why, g_free);
	}
	pango_layout_get_extents(cl.layout, NULL, &log);
	/* The breaker may shrink any line of a justified block, the last too. */
	if (spaces && log.width > room)
		log.width = compose_shrink(cl.layout, log.width, room);
	/* A line without a space is not justified: Pango would letter-space it. */
	if (justify && log.width <= room) {
		pango_layout_set_width(cl.layout, room);
		pango_layout_set_justify(cl.layout, TRUE);
		pango_layout_set_justify_last_line(cl.layout, TRUE);
		if (pango_layout_get_line_count(cl.layout) > 1) {
			/* Shaped alone, the line came out a hair wider
			 * than measured in context: leave it unjustified. */
			pango_layout_set_width(cl.layout, -1);
			pango_layout_set_justify(cl.layout, FALSE);
		}
		pango_layout_get_extents(cl.layout, NULL, &log);
	}
	cl.line = pango_layout_get_line_readonly(cl.layout, 0);
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
	PangoFontDescription *fd = compose_font(block->chars);
	PangoFontMetrics *fm;
	struct compose_measure m;
	struct compose_frame f = { 0 };
	int start = (int)(set->start_indent * PANGO_SCALE);
	int indent = (int)(set->text_indent * PANGO_SCALE);
	int room = MAX(measure - start - (int)(set->end_indent * PANGO_SCALE), PANGO_SCALE);
	int asc, desc;

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
	f.hyphen = compose_hyphen_width(c, fd);
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
		compose_measure(c, fd, s->str, from, to, spans, block, &m);
		compose_breaks(s->str, from, to, &m, &f, breaks);
		for (guint i = first; i < breaks->len; i++) {
			const struct compose_break *a = i == first ? &seg
				: &g_array_index(breaks, struct compose_break, i - 1);
			bool first_line = i == first && from == 0;

			compose_line(c, block, fd, s->str, spans, a,
				     &g_array_index(breaks, struct compose_break, i), i + 1 == breaks->len,
				     first_line ? start + indent : start,
				     first_line ? room - indent : room, lines);
		}
		f.room_first = room;
	}

	/* Every line of the block has its baseline at the same offset in a box
	 * of line_height, with the leading split above and below the block
	 * font's ascent and descent (CSS's half-leading). */
	fm = pango_context_get_metrics(c->pc, fd, pango_language_from_string(block->chars->lang));
	asc = pango_font_metrics_get_ascent(fm);
	desc = pango_font_metrics_get_descent(fm);
	p->ascent = (p->line_height - (asc + desc)) / 2 + asc;
	pango_font_metrics_unref(fm);

	if (block->label && !text) {
		PangoRectangle log;

		p->label = pango_layout_new(c->pc);
		pango_layout_set_font_description(p->label, fd);
		pango_layout_set_text(p->label, block->label, -1);
		pango_layout_get_extents(p->label, NULL, &log);
		/* Right-aligned against the text, label-gap before it. */
		p->label_x = (int)((set->start_indent - set->label_gap) * PANGO_SCALE) - log.width;
		g_array_set_size(spans, 0);
		compose_check_glyphs(c, p->label, 0, spans, block);
	}

	p->n_lines = (int)lines->len;
	p->lines = (struct compose_line *)g_array_free(lines, FALSE);
	g_free(m.x);
	g_free(m.flag);
	pango_font_description_free(fd);
	g_array_free(breaks, TRUE);
	g_array_free(spans, TRUE);
	g_string_free(s, TRUE);
	return p;
}

char *compose_test_breaks(const char *text, int first, int room, bool greedy, int looseness)
{
	static const char *const ends[] = { "space", "hyphen", "compound" };
	const int unit = 1000;
	int len = (int)strlen(text);
	struct compose_measure m = { g_new0(gint64, len + 1), g_new0(guint8, len + 1) };
	struct compose_frame f = { (gint64)first * unit, (gint64)room * unit, unit, 0, 0, true,
				   greedy, looseness };
	struct compose_break seg = { 0, 0, COMPOSE_END_SPACE, false, 0, 0, COMPOSE_DECENT };
	GArray *breaks = g_array_new(FALSE, FALSE, sizeof(struct compose_break));
	GString *out = g_string_new(NULL);
	gint64 x = 0;

	for (int b = 0; b < len; b = (int)(g_utf8_next_char(text + b) - text)) {
		gunichar ch = g_utf8_get_char(text + b);
		int nb = (int)(g_utf8_next_char(text + b) - text);

		m.x[b] = x;
		x += ch == 0x00AD ? 0 : unit;
		if (ch == ' ' || ch == 0x00A0 || ch == 0x202F)
			m.flag[b] |= COMPOSE_WHITE;
		/* UAX #14, as far as the tests need it: after spaces, soft
		 * hyphens and hyphens, not after no-break spaces. */
		if (nb < len && text[nb] != ' ' && (ch == ' ' || ch == 0x00AD || ch == '-' || ch == '/'))
			m.flag[nb] |= COMPOSE_CAN_BREAK;
	}
	m.x[len] = x;
	m.flag[len] = COMPOSE_CAN_BREAK;
	compose_url_breaks(text, 0, len, &m);
	compose_breaks(text, 0, len, &m, &f, breaks);
	for (guint i = 0; i < breaks->len; i++) {
		const struct compose_break *a = i ? &g_array_index(breaks, struct compose_break, i - 1) : &seg;
		const struct compose_break *b = &g_array_index(breaks, struct compose_break, i);

		if (a->kind == COMPOSE_END_HARD)
			g_string_append_c(out, '-');
		for (const char *p = text + a->pos; p < text + b->end; p = g_utf8_next_char(p))
			if (g_utf8_get_char(p) != 0x00AD)
				g_string_append_len(out, p, g_utf8_next_char(p) - p);
		g_string_append_printf(out, "%s\tbreak %.0f %d %s %s\n",
				       b->kind == COMPOSE_END_SOFT && !b->last ? "-" : "", b->demerits,
				       (int)lround(CLAMP(b->ratio, -1e6, 1e6) * 1000),
				       compose_fitness_names[b->fitness], b->last ? "last" : ends[b->kind]);
	}
	g_array_free(breaks, TRUE);
	g_free(m.x);
	g_free(m.flag);
	return g_string_free(out, FALSE);
}

void compose_para_free(struct compose_para *p)
{
	if (p == NULL)
		return;
	for (int i = 0; i < p->n_lines; i++)
		g_object_unref(p->lines[i].layout);
	if (p->label)
		g_object_unref(p->label);
	g_free(p->lines);
	g_free(p->plain);
	g_free(p);
}
