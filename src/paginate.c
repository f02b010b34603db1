/*
 * paginate.c — the layout tree → composed lines → pages (typeset.h).
 *
 * page_typeset runs the typesetter once: layout.c parses the tree, compose.c
 * sets each block, and this file turns the flow into a vertical list of boxes
 * and cuts it into pages. A box is one line of a block, one grid row (never
 * split: a row is as tall as its tallest cell) or one rule. Each box knows:
 *   height  its own height (a line's is the block's line-height);
 *   gap     the space above it, collapsed (the larger of the space-after
 *           above and the space-before below, plus any l:space), which is
 *           dropped when the box starts a page;
 *   brk     whether a page may end just before it: PG_OK, PG_AVOID (legal
 *           but poor: after a divided word, ES-28) or PG_NEVER (inside a
 *           keep-together, after a keep-with-next, against widows or orphans,
 *           between a keep-with-previous grid and its N preceding lines).
 * All keeps become brk flags while the list is built, so the page breaker
 * itself knows nothing about paragraphs or signatures: it fills a page and
 * breaks at the last PG_OK point that fits, else the last PG_AVOID, else
 * where the page is full, with DIAG_W_KEEP_BROKEN. Each box is looked at
 * most twice (once on the page it overflowed, once on the page it lands on),
 * so pagination is linear in the number of lines. One rule needs the whole
 * result: the last page may not hold only signatures (ES-27); if it would,
 * the grid is glued whole and the list cut again (pg_paginate), at most
 * three passes in all.
 *
 * Page 1's letterhead (l:header first-page-only) is set once, before the
 * breaks: a band at the top of the first page's text area that page 1's
 * body starts below, so the first page has that much less room.
 *
 * After the breaks are known, page furniture is composed for each page with
 * its number and the page count (l:page-number, l:page-count), and a grid
 * that flows onto a later page gets its continued-label above the rows there.
 * The result, struct page_set (paginate.h), owns the layout tree and every
 * Pango layout it draws.
 */
#include <math.h>
#include "compose.h"
#include "fonts.h"
#include "glyph_warm.h"
#include "i18n.h"
#include "paginate.h"

enum pg_break { PG_OK, PG_AVOID, PG_NEVER };

struct pg_box {
	int height;                      /* Pango units */
	int gap;                         /* space above; dropped at a page top */
	enum pg_break brk;               /* may a page end just before this box */
	int first_draw, n_draws;         /* in pg_builder.draws: x from the measure, y from the box top */
	const struct lt_node *node;      /* for messages */
	bool is_line;                    /* a line of text (keep-with-previous counts these) */
	int row;                         /* a grid row: its index; otherwise -1 */
	const struct compose_para *cont; /* a continued label to set above it atop a page */
	int cont_gap;                    /* space between that label and the box */
};

struct pg_builder {
	struct declc_doc *doc;
	struct compose *comp;
	struct page_set *ps;
	GArray *boxes;                   /* struct pg_box */
	GArray *draws;                   /* struct page_draw, box-relative */
	int measure;                     /* text width, Pango units */
	int collapse;                    /* largest space-before/after since the last box */
	int fixed;                       /* l:space heights since the last box */
	bool keep_next;                  /* the last box keeps with what follows */
	int kt_depth;                    /* open keep-together containers */
	guint kt_start;                  /* the box that opened the outermost one */
	const struct lt_node *last_block;
};

static int pu(double points)
{
	return (int)lround(points * PANGO_SCALE);
}

static struct compose_para *pg_compose(struct pg_builder *b, const struct lt_node *n, int width,
				       const char *text, const struct compose_vars *vars)
{
	struct compose_para *p = compose_block(b->comp, n, width, text, vars);

	g_ptr_array_add(b->ps->paras, p);
	if (b->doc->warm)
		glyph_warm_para(b->doc->warm, p);
	return p;
}

/* Appends the box whose draws start at FIRST_DRAW; BRK is its own break
 * rule, tightened by the keeps in force. */
static void pg_add_box(struct pg_builder *b, guint first_draw, int height,
		       const struct lt_node *node, bool is_line, enum pg_break brk)
{
	struct pg_box box = { 0 };

	box.height = height;
	box.gap = b->collapse + b->fixed;
	box.brk = brk;
	if (b->keep_next || (b->kt_depth > 0 && b->boxes->len > b->kt_start))
		box.brk = PG_NEVER;
	box.first_draw = (int)first_draw;
	box.n_draws = (int)(b->draws->len - first_draw);
	box.node = node;
	box.is_line = is_line;
	box.row = -1;
	g_array_append_val(b->boxes, box);
	b->collapse = b->fixed = 0;
	b->keep_next = false;
}

/* Appends line I of P at X, baseline Y; a labelled block's label comes
 * before its first line, as Lbl comes before LBody in tagged PDF. */
static void pg_text_draw(struct pg_builder *b, const struct compose_para *p, int i, int x, int y,
			 int row)
{
	struct page_draw d = { PAGE_TEXT, PAGE_ROLE_BODY, x + p->lines[i].x, y, p->lines[i].width,
			       0, 0, &p->lines[i], p->node, row,
			       i == 0 && p->node->outline_level > 0 ? p->plain : NULL, 0, NULL };

	if (i == 0 && p->label) {
		struct page_draw l = d;

		l.role = PAGE_ROLE_LABEL;
		l.x = x + p->label->x;
		l.width = p->label->width;
		l.line = p->label;
		l.title = NULL;
		g_array_append_val(b->draws, l);
	}
	g_array_append_val(b->draws, d);
}

static void pg_rule_draw(struct pg_builder *b, const struct lt_node *n, int width, int x, int y,
			 int row)
{
	int len = n->width > 0 ? MIN(pu(n->width), width) : width;
	struct page_draw d = { PAGE_RULE, PAGE_ROLE_BODY, x, y, len, pu(n->thickness),
			       n->chars->color, NULL, n, row, NULL, 0, NULL };

	if (n->set.align == LT_CENTER)
		d.x += (width - len) / 2;
	else if (n->set.align == LT_RIGHT)
		d.x += width - len;
	g_array_append_val(b->draws, d);
}

/* Appends the draw of image N in a column WIDTH wide at X, top Y, placed
 * by its align; returns its height. The size is the node's width and height;
 * one of them alone keeps the picture's proportions; neither gives its
 * natural size; never wider than the column. An image that cannot be read
 * has been reported (the typesetting then fails) and keeps its room. */
static int pg_image_draw(struct pg_builder *b, const struct lt_node *n, int width, int x, int y,
			 int row)
{
	struct img *im = g_hash_table_lookup(b->ps->images, n->src ? n->src : "");
	double w = n->width, h = n->height, nw, nh;
	struct page_draw d = { PAGE_IMAGE, PAGE_ROLE_BODY, x, y, 0, 0, 0, NULL, n, row, NULL, 0, NULL };

	if (im == NULL && !g_hash_table_contains(b->ps->images, n->src ? n->src : "")) {
		im = img_open(b->doc, n->src, n->line, n->col);
		g_hash_table_insert(b->ps->images, g_strdup(n->src ? n->src : ""), im);
	}
	if (im == NULL)
		return pu(h);
	img_size(im, &nw, &nh);
	if (w > 0 && h <= 0)
		h = w * nh / nw;
	else if (h > 0 && w <= 0)
		w = h * nw / nh;
	else if (w <= 0 && h <= 0) {
		w = nw;
		h = nh;
	}
	if (pu(w) > width) {
		h = h * width / pu(w);
		w = (double)width / PANGO_SCALE;
	}
	d.width = pu(w);
	d.height = pu(h);
	d.image = im;
	if (n->set.align == LT_CENTER)
		d.x += (width - d.width) / 2;
	else if (n->set.align == LT_RIGHT)
		d.x += width - d.width;
	g_array_append_val(b->draws, d);
	return d.height;
}

/* Whether a page may end before line I of paragraph P (widows, orphans). */
static enum pg_break pg_line_break(const struct compose_para *p, int i)
{
	const struct lt_node *n = p->node;

	if (n->keep_together || i < n->set.orphans || p->n_lines - i < n->set.widows)
		return PG_NEVER;
	return p->lines[i - 1].hyphenated ? PG_AVOID : PG_OK;
}

static void pg_block(struct pg_builder *b, const struct lt_node *n)
{
	struct compose_para *p = pg_compose(b, n, b->measure, NULL, NULL);

	b->collapse = MAX(b->collapse, pu(n->space_before));
	for (int i = 0; i < p->n_lines; i++) {
		guint first = b->draws->len;

		pg_text_draw(b, p, i, 0, p->ascent, -1);
		pg_add_box(b, first, p->line_height, n, true, i == 0 ? PG_OK : pg_line_break(p, i));
	}
	b->collapse = pu(n->space_after);
	b->keep_next = n->keep_with_next;
	b->last_block = n;
}

static void pg_image(struct pg_builder *b, const struct lt_node *n)
{
	guint first = b->draws->len;
	int h;

	b->collapse = MAX(b->collapse, pu(n->space_before));
	h = pg_image_draw(b, n, b->measure, 0, 0, -1);
	pg_add_box(b, first, h, n, false, PG_OK);
	b->collapse = pu(n->space_after);
}

static void pg_rule(struct pg_builder *b, const struct lt_node *n)
{
	guint first = b->draws->len;

	b->collapse = MAX(b->collapse, pu(n->space_before));
	pg_rule_draw(b, n, b->measure, 0, 0, -1);
	pg_add_box(b, first, pu(n->thickness), n, false, PG_OK);
	b->collapse = pu(n->space_after);
}

static int pg_stack_grid(struct pg_builder *b, const struct lt_node *g, int width, int x, int y,
			 const struct compose_vars *vars);

/* Whether rule N is left out: a place to sign that exists only where the
 * PDF gets signature fields (fields-only, e.g. in the compact list). */
static bool pg_rule_dropped(const struct pg_builder *b, const struct lt_node *n)
{
	return n->kind == LT_RULE && n->fields_only && !b->doc->run->signature_fields;
}

/* Stacks the content of CELL (or of a header or footer) WIDTH wide at X,
 * appending its draws with y from the stack's top; returns its height.
 * Spaces at the top of a cell stay: they make room for a signature. */
static int pg_stack(struct pg_builder *b, const struct lt_node *cell, int width, int x, int row,
		    const struct compose_vars *vars)
{
	int y = 0, collapse = 0, fixed = 0;

	for (const struct lt_node *n = cell->first; n; n = n->next) {
		if (n->kind == LT_SPACE) {
			fixed += pu(n->height);
			continue;
		}
		if (pg_rule_dropped(b, n))
			continue;
		y += MAX(collapse, pu(n->space_before)) + fixed;
		fixed = 0;
		if (n->kind == LT_GRID) {
			y += pg_stack_grid(b, n, width, x, y, vars);
		} else if (n->kind == LT_RULE) {
			pg_rule_draw(b, n, width, x, y, row);
			y += pu(n->thickness);
		} else if (n->kind == LT_IMAGE) {
			y += pg_image_draw(b, n, width, x, y, row);
		} else if (n->kind == LT_BLOCK) {
			struct compose_para *p = pg_compose(b, n, width, NULL, vars);

			for (int i = 0; i < p->n_lines; i++, y += p->line_height)
				pg_text_draw(b, p, i, x, y + p->ascent, row);
		}
		collapse = pu(n->space_after);
	}
	return y + fixed;
}

/* Sets grid G of a header or footer (a letterhead's logos) WIDTH wide at X,
 * top Y: its rows one under another, row-gap apart, a short last row
 * centred when the grid centres, as in the body. Returns its height. A cell
 * holds no grid, so this goes at most one level deep. */
static int pg_stack_grid(struct pg_builder *b, const struct lt_node *g, int width, int x, int y,
			 const struct compose_vars *vars)
{
	int cols = g->columns, gap = pu(g->column_gap);
	int cw = (width - (cols - 1) * gap) / cols, top = y;
	const struct lt_node *cell = g->first;

	while (cell) {
		const struct lt_node *c = cell;
		guint first = b->draws->len;
		int k = 0, h = 0, offset = 0;

		for (; c && k < cols; c = c->next)
			k++;
		if (k < cols && g->set.align == LT_CENTER)
			offset = (cols - k) * (cw + gap) / 2;
		for (int i = 0; i < k; i++, cell = cell->next) {
			int ch = pg_stack(b, cell, cw, x + offset + i * (cw + gap), -1, vars);

			h = MAX(h, ch);
		}
		for (guint i = first; i < b->draws->len; i++)
			g_array_index(b->draws, struct page_draw, i).y += y;
		y += h + (cell ? pu(g->row_gap) : 0);
	}
	return y - top;
}

/* Forbids a page break in the N lines before the box about to be added, so
 * that it starts no page without them (keep-with-previous). Lines of blocks
 * that keep with the next (a dateline, the label "Firmantes", a closing
 * formula) are bound to what follows them anyway: they come along and are
 * not counted, so that N lines of the text proper precede the grid on its
 * page (ES-27). */
static void pg_keep_previous(struct pg_builder *b, int n)
{
	for (guint j = b->boxes->len; j-- > 0 && n > 0;) {
		struct pg_box *box = &g_array_index(b->boxes, struct pg_box, j);

		if (box->is_line && !box->node->keep_with_next)
			n--;
		if (n > 0)
			box->brk = PG_NEVER;
	}
}

static void pg_grid(struct pg_builder *b, const struct lt_node *g)
{
	int cols = g->columns, gap = pu(g->column_gap);
	int cw = (b->measure - (cols - 1) * gap) / cols;
	const struct compose_para *cont = NULL;
	const struct lt_node *cell = g->first;
	int row = 0;

	if (g->continued_label && b->last_block)
		cont = pg_compose(b, b->last_block, b->measure, g->continued_label, NULL);
	b->collapse = MAX(b->collapse, pu(g->space_before));
	while (cell) {
		guint first = b->draws->len;
		int k = 0, h = 0, offset = 0;
		enum pg_break brk = PG_OK;
		const struct lt_node *c = cell;

		while (c && k < cols) {
			c = c->next;
			k++;
		}
		/* A short last row is centred when the grid centres its cells. */
		if (k < cols && g->set.align == LT_CENTER)
			offset = (cols - k) * (cw + gap) / 2;
		for (int i = 0; i < k; i++, cell = cell->next) {
			int ch = pg_stack(b, cell, cw, offset + i * (cw + gap), row, NULL);

			h = MAX(h, ch);
		}
		if (row == 0 && g->keep_with_previous > 0) {
			pg_keep_previous(b, g->keep_with_previous);
			brk = PG_NEVER;
		} else if (row > 0) {
			b->fixed = pu(g->row_gap);
			brk = g->keep_together ? PG_NEVER : PG_OK;
		}
		pg_add_box(b, first, h, g, false, brk);
		{
			struct pg_box *box = &g_array_index(b->boxes, struct pg_box, b->boxes->len - 1);

			box->row = row;
			if (row > 0 && cont) {
				box->cont = cont;
				box->cont_gap = MAX(pu(b->last_block->space_after),
						    pu(g->space_before));
			}
		}
		row++;
	}
	b->collapse = pu(g->space_after);
	b->keep_next = g->keep_with_next;
}

/* Builds the vertical list of the body. */
static void pg_flow(struct pg_builder *b, struct lt_node *body)
{
	struct lt_node *n = body;
	bool entering = true;

	do {
		switch (n->kind) {
		case LT_BLOCK:
			pg_block(b, n);
			break;
		case LT_RULE:
			if (!pg_rule_dropped(b, n))
				pg_rule(b, n);
			break;
		case LT_SPACE:
			b->fixed += pu(n->height);
			break;
		case LT_IMAGE:
			pg_image(b, n);
			break;
		case LT_GRID:
			pg_grid(b, n);
			entering = false;   /* its cells are done: move past it */
			break;
		case LT_GROUP:
		case LT_BODY:
			if (entering) {
				b->collapse = MAX(b->collapse, pu(n->space_before));
				if (n->keep_together && b->kt_depth++ == 0)
					b->kt_start = b->boxes->len;
			} else {
				b->collapse = MAX(b->collapse, pu(n->space_after));
				b->keep_next |= n->keep_with_next;
				if (n->keep_together)
					b->kt_depth--;
			}
			break;
		default:
			break;
		}
	} while (lt_step(body, &n, &entering));
}

/* Where the page starting at box START ends: the box after its last.
 * *FORCED counts the pages broken against a keep, reported when WARN. */
static guint pg_fill(struct pg_builder *b, guint start, int room, bool warn, int *forced)
{
	const struct pg_box *boxes = (const struct pg_box *)b->boxes->data;
	guint n = b->boxes->len, j = start;
	guint best_ok = 0, best_avoid = 0;   /* 0: none (a page never ends before box 0) */
	int y = 0;

	if (boxes[start].cont)
		y += boxes[start].cont->n_lines * boxes[start].cont->line_height + boxes[start].cont_gap;
	while (j < n) {
		int h = boxes[j].height + (j == start ? 0 : boxes[j].gap);

		if (j > start && y + h > room)
			break;
		y += h;
		j++;
		if (j < n && boxes[j].brk == PG_OK)
			best_ok = j;
		else if (j < n && boxes[j].brk == PG_AVOID)
			best_avoid = j;
	}
	if (j == n)
		return n;
	if (best_ok > start)
		return best_ok;
	if (best_avoid > start)
		return best_avoid;
	if (warn)
		doc_diag(b->doc, boxes[j].node->line, boxes[j].node->col, DIAG_W_KEEP_BROKEN,
			 _("the text kept together here (keep-together, keep-with-next, widows and orphans)"));
	(*forced)++;
	return j;
}

static void pg_place(GArray *out, const struct page_draw *d, int x, int y, enum page_role role)
{
	struct page_draw p = *d;

	p.x += x;
	p.y += y;
	if (role == PAGE_ROLE_ARTIFACT)
		p.role = role;
	g_array_append_val(out, p);
}

/* Sets the header or footer TOP for page PAGE of PAGES into OUT. */
static void pg_furniture(struct pg_builder *b, const struct lt_node *top, int page, int pages,
			 GArray *out)
{
	const struct lt_page *pg = &b->ps->tree->page;
	struct compose_vars vars = { page, pages };
	guint first = b->draws->len;
	int lo = G_MAXINT, hi = G_MININT, shift;

	pg_stack(b, top, b->measure, 0, -1, &vars);
	for (guint i = first; i < b->draws->len; i++) {
		const struct page_draw *d = &g_array_index(b->draws, struct page_draw, i);

		if (d->kind == PAGE_TEXT) {
			lo = MIN(lo, d->y);
			hi = MAX(hi, d->y);
		}
	}
	if (lo > hi)
		lo = hi = 0;
	/* The header's last baseline sits header-offset above the text area;
	 * the footer's first baseline footer-offset below it. */
	if (top->kind == LT_HEADER)
		shift = pu(pg->margin_top - pg->header_offset) - hi;
	else
		shift = pu(pg->height - pg->margin_bottom + pg->footer_offset) - lo;
	for (guint i = first; i < b->draws->len; i++)
		pg_place(out, &g_array_index(b->draws, struct page_draw, i), pu(pg->margin_left), shift,
			 PAGE_ROLE_ARTIFACT);
	g_array_set_size(b->draws, first);
}

/* Fills BREAKS with the end of each page, page 1 having FIRST_ROOM (less
 * than ROOM under a letterhead); returns how many pages were broken
 * against a keep (reported when WARN). */
static int pg_breaks(struct pg_builder *b, int room, int first_room, GArray *breaks, bool warn)
{
	guint start = 0;
	int forced = 0;

	g_array_set_size(breaks, 0);
	do {
		int r = breaks->len == 0 ? first_room : room;
		guint end = b->boxes->len ? pg_fill(b, start, r, warn, &forced) : 0;

		g_array_append_val(breaks, end);
		start = end;
	} while (start < b->boxes->len);
	return forced;
}

/* The grid whose rows alone make up the last page, when its first row is on
 * an earlier page, or NULL. */
static const struct lt_node *pg_lonely_grid(struct pg_builder *b, GArray *breaks)
{
	const struct pg_box *boxes = (const struct pg_box *)b->boxes->data;
	guint n = breaks->len, first;
	const struct lt_node *g;

	if (n < 2)
		return NULL;
	first = g_array_index(breaks, guint, n - 2);
	g = boxes[first].node;
	if (g->kind != LT_GRID || boxes[first].row <= 0)
		return NULL;
	for (guint i = first; i < b->boxes->len; i++)
		if (boxes[i].node != g)
			return NULL;
	return g;
}

/* Sets page 1's letterhead (l:header first-page-only), if any: its draws,
 * y from the band's top, with the band's height and the space after it in
 * *BAND. NULL (and 0) when there is none, or when it would take more than
 * half of ROOM (reported: the body would have too little room left). */
static GArray *pg_letterhead(struct pg_builder *b, int room, int *band)
{
	const struct lt_node *lh = b->ps->tree->letterhead;
	guint first = b->draws->len;
	GArray *head;
	int h;

	*band = 0;
	if (lh == NULL)
		return NULL;
	h = pg_stack(b, lh, b->measure, 0, -1, NULL) + pu(lh->space_after);
	if (h > room / 2) {
		char pts[32];

		g_snprintf(pts, sizeof pts, "%d pt", h / PANGO_SCALE);
		doc_diag(b->doc, lh->line, lh->col, DIAG_E_LAYOUT_VALUE, pts,
			 _("the height of l:header first-page-only (at most half the text area)"));
		g_array_set_size(b->draws, first);
		return NULL;
	}
	head = g_array_new(FALSE, FALSE, sizeof(struct page_draw));
	*band = h;
	g_array_append_vals(head, &g_array_index(b->draws, struct page_draw, first),
			    b->draws->len - first);
	g_array_set_size(b->draws, first);
	return head;
}

/* Cuts the list into pages and places every draw on its page. */
static void pg_paginate(struct pg_builder *b)
{
	const struct lt_page *pg = &b->ps->tree->page;
	int room = pu(pg->height - pg->margin_top - pg->margin_bottom);
	int x0 = pu(pg->margin_left);
	GArray *breaks = g_array_new(FALSE, FALSE, sizeof(guint));
	const struct lt_node *lonely;
	int band;
	GArray *head = pg_letterhead(b, room, &band);
	guint start = 0;
	int forced;

	/* A page never holds only signatures (ES-27): when the last rows of a
	 * grid would stand alone on the last page, the grid is kept whole, so
	 * that it moves with the lines it keeps with; unless it is too tall
	 * for a page, and the rows may then stand alone after all. */
	forced = pg_breaks(b, room, room - band, breaks, false);
	if ((lonely = pg_lonely_grid(b, breaks)) != NULL) {
		GArray *saved = g_array_new(FALSE, FALSE, sizeof(enum pg_break));

		for (guint i = 0; i < b->boxes->len; i++) {
			struct pg_box *box = &g_array_index(b->boxes, struct pg_box, i);

			g_array_append_val(saved, box->brk);
			if (box->node == lonely && box->row > 0)
				box->brk = PG_NEVER;
		}
		if (pg_breaks(b, room, room - band, breaks, false) > forced)
			for (guint i = 0; i < b->boxes->len; i++)
				g_array_index(b->boxes, struct pg_box, i).brk =
					g_array_index(saved, enum pg_break, i);
		g_array_free(saved, TRUE);
	}
	pg_breaks(b, room, room - band, breaks, true);

	b->ps->n_pages = (int)breaks->len;
	b->ps->pages = g_new0(struct page, breaks->len);
	start = 0;
	for (guint k = 0; k < breaks->len; k++) {
		guint end = g_array_index(breaks, guint, k);
		GArray *out = g_array_new(FALSE, FALSE, sizeof(struct page_draw));
		const struct pg_box *boxes = (const struct pg_box *)b->boxes->data;
		int y = pu(pg->margin_top);

		/* Page 1: the letterhead first (first in reading order too), then
		 * the body below it. Its pictures with a text alternative are
		 * content (Figure); the rest of it is decoration (an artifact). */
		if (k == 0 && head) {
			for (guint i = 0; i < head->len; i++) {
				const struct page_draw *d = &g_array_index(head, struct page_draw, i);

				pg_place(out, d, x0, y, d->kind == PAGE_IMAGE && d->node->alt
					 ? PAGE_ROLE_BODY : PAGE_ROLE_ARTIFACT);
			}
			y += band;
		}

		if (start < end && boxes[start].cont) {
			const struct compose_para *c = boxes[start].cont;

			for (int i = 0; i < c->n_lines; i++, y += c->line_height) {
				struct page_draw d = { PAGE_TEXT, PAGE_ROLE_ARTIFACT, x0 + c->lines[i].x,
						       y + c->ascent, c->lines[i].width, 0, 0,
						       &c->lines[i], c->node, -1, NULL, 0, NULL };

				g_array_append_val(out, d);
			}
			y += boxes[start].cont_gap;
		}
		for (guint i = start; i < end; i++) {
			if (i > start)
				y += boxes[i].gap;
			for (int d = 0; d < boxes[i].n_draws; d++)
				pg_place(out, &g_array_index(b->draws, struct page_draw,
							     boxes[i].first_draw + d), x0, y, PAGE_ROLE_BODY);
			y += boxes[i].height;
		}
		if (b->ps->tree->header && (k > 0 || pg->header_first))
			pg_furniture(b, b->ps->tree->header, (int)k + 1, (int)breaks->len, out);
		if (b->ps->tree->footer && (k > 0 || pg->footer_first))
			pg_furniture(b, b->ps->tree->footer, (int)k + 1, (int)breaks->len, out);
		b->ps->pages[k].n_draws = (int)out->len;
		b->ps->pages[k].draws = (struct page_draw *)g_array_free(out, FALSE);
		start = end;
	}
	g_array_free(breaks, TRUE);
	if (head)
		g_array_free(head, TRUE);
}

/* The errors on DOC so far: typesetting fails if it added any. */
static int pg_errors(const struct declc_doc *doc)
{
	int n = 0;

	for (guint i = 0; i < doc->diags->items->len; i++)
		if (diag_level_of(g_array_index(doc->diags->items, struct diag, i).id) == DIAG_ERROR)
			n++;
	return n;
}

/* The words-per-paragraph limit (--max-words), checked before anything is
 * composed: line breaking a paragraph costs more than linear time in its
 * length, so a runaway paragraph is refused, not set. */
static int pg_check_words(struct declc_doc *doc, struct lt_node *top)
{
	struct lt_node *n = top;
	bool entering = true;
	int max = doc->run->max_words > 0 ? doc->run->max_words : PAGE_MAX_WORDS;

	while (lt_step(top, &n, &entering)) {
		if (!entering || n->kind != LT_BLOCK)
			continue;
		long words = 0;
		for (int i = 0; i < n->n_runs; i++) {
			bool in_word = false;
			for (const char *p = n->runs[i].text; p && *p; p++) {
				bool space = g_ascii_isspace(*p);
				words += !space && !in_word;
				in_word = !space;
			}
		}
		if (words > max) {
			doc_diag(doc, n->line, n->col, DIAG_E_TOO_MANY_WORDS, (int)MIN(words, G_MAXINT), max);
			return -1;
		}
	}
	return 0;
}

struct page_set *page_typeset(struct declc_doc *doc, const xmlDoc *layout)
{
	const struct declc_run *run = doc->run;
	int errors = pg_errors(doc);
	struct pg_builder b = { 0 };
	struct page_set *ps;
	struct lt_tree *tree;
	PangoContext *pc;

	/* The document's font map: the run's, or a batch worker's own (a Pango
	 * font map must not be used from two threads at once). */
	if (doc->fonts == NULL) {
		doc_diag(doc, 0, 0, DIAG_E_INTERNAL, "page_typeset without fonts");
		return NULL;
	}
	tree = lt_parse(doc, layout);
	if (tree == NULL)
		return NULL;
	if (pg_check_words(doc, tree->body) != 0) {
		lt_free(tree);
		return NULL;
	}
	ps = g_new0(struct page_set, 1);
	ps->tree = tree;
	ps->width = pu(tree->page.width);
	ps->height = pu(tree->page.height);
	ps->paras = g_ptr_array_new_with_free_func((GDestroyNotify)compose_para_free);
	ps->images = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify)img_free);

	pc = fonts_context(doc->fonts);
	b.doc = doc;
	b.comp = compose_new(doc, pc, doc->fonts, run->hyph);
	b.ps = ps;
	b.boxes = g_array_new(FALSE, FALSE, sizeof(struct pg_box));
	b.draws = g_array_new(FALSE, FALSE, sizeof(struct page_draw));
	b.measure = pu(tree->page.width - tree->page.margin_left - tree->page.margin_right);

	pg_flow(&b, tree->body);
	pg_paginate(&b);
	if (ps->n_pages > (run->max_pages > 0 ? run->max_pages : PAGE_MAX_PAGES))
		doc_diag(doc, 0, 0, DIAG_E_TOO_MANY_PAGES, run->max_pages > 0 ? run->max_pages : PAGE_MAX_PAGES);

	g_array_free(b.boxes, TRUE);
	g_array_free(b.draws, TRUE);
	compose_free(b.comp);
	g_object_unref(pc);
	if (pg_errors(doc) > errors) {
		page_set_free(ps);
		return NULL;
	}
	return ps;
}

void page_set_free(struct page_set *ps)
{
	if (ps == NULL)
		return;
	for (int i = 0; i < ps->n_pages; i++)
		g_free(ps->pages[i].draws);
	g_free(ps->pages);
	g_ptr_array_free(ps->paras, TRUE);
	g_hash_table_destroy(ps->images);
	lt_free(ps->tree);
	g_free(ps);
}

int page_count(const struct page_set *ps)
{
	return ps->n_pages;
}
