/*
 * compose_break.c — where a paragraph should break (the line breaker).
 *
 * Consumes a paragraph segment as compose.c measured it with Pango (struct
 * compose_measure: pen positions and break opportunities, per byte) and
 * produces the chosen breaks, one per line (struct compose_break), with the
 * demerits, adjustment ratio and fitness class of each line for the trace.
 * Where a *word* may break is hyphen.c's business (soft hyphens in the
 * text); this file decides where the *paragraph* should, as neatroff keeps
 * the two apart, with the explicit cost model below. It knows nothing of
 * Pango, so the unit tests drive it with a fixed-width metric
 * (compose_test_breaks).
 */
#include <math.h>
#include <string.h>
#include "compose.h"
#include "compose_break.h"

/* The cost model: TeX's parameters where TeX has one (plain TeX's values),
 * the rule book's where it has one. Spaces of a justified line stretch by
 * COMPOSE_STRETCH of their width at r = 1 and shrink by at most
 * COMPOSE_SHRINK (r = -1); a ragged line's stretch is COMPOSE_RAGGED of the
 * measure (compose_break.h). Pango's justification only adds space, so a line
 * that shrinks gets a negative letter spacing on its spaces instead
 * (compose_shrink). Badness is 100 r³; the demerits of a line are
 * (line penalty + badness)² + penalty², plus the extra demerits below. */
#define COMPOSE_STRETCH 0.5
#define COMPOSE_SHRINK (1.0 / 3)
#define COMPOSE_MAX_BADNESS 10000.0
#define COMPOSE_PRETOLERANCE 100.0         /* pass 1, no divisions: r ≤ 1 */
#define COMPOSE_TOLERANCE 200.0            /* pass 2: r ≤ 1.26 */
#define COMPOSE_LINE_PENALTY 10.0          /* \linepenalty: fewer lines */
#define COMPOSE_HYPHEN_PENALTY 50.0        /* \hyphenpenalty: a division */
#define COMPOSE_EXHYPHEN_PENALTY 50.0      /* \exhyphenpenalty: at a compound's hyphen */
#define COMPOSE_OTHER_PENALTY 50.0         /* another break inside a word: after a slash, in a URL */
#define COMPOSE_ADJ_DEMERITS 10000.0       /* \adjdemerits: a tight line by a loose one */
#define COMPOSE_DOUBLE_HYPHEN 10000.0      /* \doublehyphendemerits: two divided lines in a row */
#define COMPOSE_MAX_HYPHENS 2              /* ES-28: never three divided lines in a row */
#define COMPOSE_FINAL_HYPHEN 5000.0        /* \finalhyphendemerits: a division before the last line */
#define COMPOSE_TAIL_ONLY 1000000.0        /* a last line that is only a word's tail (ES-28) */
#define COMPOSE_SHORT_LAST 3000.0          /* a last line shorter than its indent (ES-28) */
#define COMPOSE_OVERFULL 1e12              /* only when nothing else fits */

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
void compose_url_breaks(const char *text, int from, int to, struct compose_measure *m)
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

/* Chooses the breaks of the segment [FROM, TO): appends to BREAKS one per
 * line, in order, the last at TO. */
void compose_breaks(const char *text, int from, int to, const struct compose_measure *m,
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

char *compose_break_reason(const struct compose_break *b, bool last)
{
	static const char *const ends[] = { "space", "hyphen", "compound" };
	static const char *const fitness[] = { "very-loose", "loose", "decent", "tight" };

	return g_strdup_printf("break %.0f %d %s %s", b->demerits,
			       (int)lround(CLAMP(b->ratio, -1e6, 1e6) * 1000), fitness[b->fitness],
			       b->last ? (last ? "last" : "forced") : ends[b->kind]);
}

char *compose_test_breaks(const char *text, int first, int room, bool greedy, int looseness)
{
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
		char *why;

		if (a->kind == COMPOSE_END_HARD)
			g_string_append_c(out, '-');
		for (const char *p = text + a->pos; p < text + b->end; p = g_utf8_next_char(p))
			if (g_utf8_get_char(p) != 0x00AD)
				g_string_append_len(out, p, g_utf8_next_char(p) - p);
		why = compose_break_reason(b, true);
		g_string_append_printf(out, "%s\t%s\n", b->kind == COMPOSE_END_SOFT && !b->last ? "-" : "", why);
		g_free(why);
	}
	g_array_free(breaks, TRUE);
	g_free(m.x);
	g_free(m.flag);
	return g_string_free(out, FALSE);
}

