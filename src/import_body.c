/*
 * import_body.c — the body: divisions, lists, paragraphs, quotations.
 *
 * A heading (a keyword such as "Artículo 5.-" or "CAPÍTULO II", a short
 * line in capitals or bold, "1. Objeto" over a paragraph, Markdown's ## or
 * HTML's <h2>) opens a division that holds what follows until a heading of
 * the same rank or higher. List items join the list of their style and
 * depth, nesting by indentation or after an item that ends with a colon.
 * A paragraph that a page break of the printed original cut in two is
 * joined again, with a <pb/> and a comment where it was cut.
 */
#include <string.h>
#include "import_priv.h"

#define MAX_DIVS 16             /* division nesting followed (ranks are 1–6) */
#define MAX_LISTS 16            /* list nesting followed; deeper items join the deepest list */

/* ---- lists ---- */

struct open_list {
	xmlNode *list;
	enum imp_list style;
	bool roman;
	int indent, group;
	xmlNode *last_item;
	const struct unit *last_unit;
};

struct lists {
	struct open_list s[MAX_LISTS];
	int n;
};

static void close_lists(struct lists *ls)
{
	ls->n = 0;
}

/* The style U's label takes in the list it joins: "i)" after "h)" is a
 * letter, at the head of a list a numeral. */
static void resolve_style(struct unit *u, const struct lists *ls)
{
	if (!u->m.maybe_roman)
		return;
	const struct open_list *top = ls->n ? &ls->s[ls->n - 1] : NULL;
	bool after_letter = top && top->style == IMP_LETTERED && !top->roman && u->indent <= top->indent;
	if (!after_letter && (g_ascii_tolower(u->m.label[0]) == 'i' || (top && top->roman))) {
		u->m.list = IMP_NUMBERED;
		u->m.roman = true;
	}
}

static xmlNode *new_list(struct em *em, xmlNode *parent, struct lists *ls, const struct unit *u)
{
	static const char *const rends[] = { "bulleted", "numbered", "lettered" };
	/* Nested deeper than MAX_LISTS: a list beside the deepest one, in the
	 * same item, instead of inside it. */
	if (ls->n == MAX_LISTS) {
		ls->n--;
		parent = ls->s[ls->n - 1].last_item;
	}
	xmlNode *list = tei_el(em, parent, "list");
	tei_set(list, "rend", rends[u->m.list]);
	ls->s[ls->n] = (struct open_list){ list, u->m.list, u->m.roman, u->indent, u->group, NULL, NULL };
	ls->n++;
	return list;
}

static bool ends_with_colon(const struct unit *u)
{
	size_t n = strlen(u->text);
	while (n > 0 && u->text[n - 1] == ' ')
		n--;
	return n > 0 && u->text[n - 1] == ':';
}

/* Puts item U in the right list: the open one of its style and depth, a new
 * one nested in the last item (deeper indentation, or a new style after an
 * item that ends with a colon), or a new list beside. */
static void emit_item(struct em *em, xmlNode *container, struct lists *ls, struct unit *u)
{
	resolve_style(u, ls);
	while (ls->n) {
		struct open_list *top = &ls->s[ls->n - 1];
		bool same = top->style == u->m.list && top->roman == u->m.roman &&
			    (!u->group || !top->group || u->group == top->group);
		if (u->indent > top->indent + 1 && top->last_item) {
			new_list(em, top->last_item, ls, u);
			break;
		}
		if (u->indent + 1 < top->indent) {
			ls->n--;
			continue;
		}
		if (same)
			break;
		/* Another style at this depth: an enclosing list of that style,
		 * a sub-list, or a list of its own. */
		int k = ls->n - 2;
		while (k >= 0 && !(ls->s[k].style == u->m.list && ls->s[k].roman == u->m.roman &&
				   (!u->group || u->group == ls->s[k].group)))
			k--;
		if (k >= 0) {
			ls->n = k + 1;
			break;
		}
		if (top->last_unit && ends_with_colon(top->last_unit) && !u->group) {
			new_list(em, top->last_item, ls, u);
			break;
		}
		ls->n--;
	}
	if (!ls->n)
		new_list(em, container, ls, u);
	struct open_list *top = &ls->s[ls->n - 1];
	xmlNode *item = tei_el(em, top->list, "item");
	if (u->has_label)
		tei_set(item, "n", u->m.label);
	import_emit_lines(em, item, u, JOIN_SPACE, 0);
	top->last_item = item;
	top->last_unit = u;
}

/* ---- blocks of a body, a division, a quotation, a postscript ---- */

/* A table row's cells, separated by " / " (the schema has no tables). */
void import_emit_cells(struct em *em, xmlNode *parent, const struct unit *u)
{
	for (guint i = 0; i < u->b->lines->len; i++) {
		if (i)
			tei_text(em, parent, " / ", 3);
		const struct imp_line *l = g_ptr_array_index(u->b->lines, i);
		import_emit_range(em, parent, l, 0, l->text->len, 0);
	}
}

static void emit_row_para(struct em *em, xmlNode *parent, const struct unit *u, bool *warned)
{
	xmlNode *p = tei_el(em, parent, "p");
	if (!*warned) {
		import_comment(em, p, "a table: each row is a paragraph, its cells separated by \" / \"");
		doc_diag(em->doc, u->b->line, 0, DIAG_W_IMPORT_TABLE);
		*warned = true;
	}
	import_emit_cells(em, p, u);
}

/* A block quotation: its own blocks, or an empty quote. */
void import_emit_quote(struct em *em, xmlNode *parent, struct unit *u)
{
	xmlNode *q = tei_el(em, parent, "quote");
	GPtrArray *inner = import_cut_units(u->b->children, em->html);
	import_emit_flow(em, q, inner, 0, inner->len);
	g_ptr_array_unref(inner);
}

static void emit_guessed_quote(struct em *em, xmlNode *parent, struct unit *u)
{
	xmlNode *q = tei_el(em, parent, "quote");
	import_comment(em, q, "a paragraph in quotation marks from end to end: read as a block quotation");
	doc_diag(em->doc, import_uline(u, u->first)->lineno, 0, DIAG_W_IMPORT_GUESS_QUOTE);
	import_emit_para(em, tei_el(em, q, "p"), u);
}

/* One block unit into CONTAINER (no divisions: a heading is a paragraph). */
static void emit_block(struct em *em, xmlNode *container, struct lists *ls, struct unit *u,
		       bool *table_warned)
{
	if (u->joined)
		return;
	if (u->kind != U_ITEM)
		close_lists(ls);
	switch (u->kind) {
	case U_ITEM:
		emit_item(em, container, ls, u);
		break;
	case U_QUOTE:
		import_emit_quote(em, container, u);
		break;
	case U_ROW:
		emit_row_para(em, container, u, table_warned);
		break;
	case U_HEAD:
		import_emit_lines(em, tei_el(em, container, "p"), u, JOIN_LB, EM_WHOLE_PLAIN);
		break;
	case U_P:
		if (u->quote_guess)
			emit_guessed_quote(em, container, u);
		else
			import_emit_para(em, tei_el(em, container, "p"), u);
		break;
	}
}

void import_emit_flow(struct em *em, xmlNode *container, GPtrArray *units, guint from, guint to)
{
	struct lists ls = { .n = 0 };
	bool warned = false;
	for (guint i = from; i < to; i++)
		emit_block(em, container, &ls, g_ptr_array_index(units, i), &warned);
}

/* ---- the body: divisions opened by headings ---- */

struct body {
	struct em *em;
	xmlNode *body;
	struct { xmlNode *div; int rank; } divs[MAX_DIVS];
	int n;
	struct lists ls;
	bool table_warned;
};

static xmlNode *container(struct body *B)
{
	return B->n ? B->divs[B->n - 1].div : B->body;
}

/* Closes the innermost division. One with nothing under its head would not
 * validate: its head becomes its paragraph, and that is said. */
static void close_div(struct body *B)
{
	tei_flush(B->em);
	xmlNode *div = B->divs[--B->n].div, *head = NULL;
	bool content = false;
	for (xmlNode *c = div->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE) {
			if (xmlStrEqual(c->name, BAD_CAST "head"))
				head = c;
			else
				content = true;
		}
	if (content || !head)
		return;
	xmlChar *s = xmlNodeGetContent(head);
	xmlNodeSetName(head, BAD_CAST "p");
	xmlNode *c = xmlNewDocComment(B->em->xml, BAD_CAST " declc import: a heading with no text under it, kept as this division's paragraph ");
	xmlAddPrevSibling(head, c);
	doc_diag(B->em->doc, (int)xmlGetLineNo(head), 0, DIAG_W_IMPORT_EMPTY_HEADING, (const char *)s);
	xmlFree(s);
}

static void open_div(struct body *B, struct unit *u)
{
	while (B->n && (B->divs[B->n - 1].rank >= u->rank || B->n == MAX_DIVS))
		close_div(B);
	close_lists(&B->ls);
	xmlNode *div = tei_el(B->em, container(B), "div");
	if (u->div_type)
		tei_set(div, "type", u->div_type);
	if (u->n[0])
		tei_set(div, "n", u->n);
	else if (u->div_type && strcmp(u->div_type, "article") == 0)
		tei_set(div, "n", "?");
	xmlNode *head = tei_el(B->em, div, "head");
	/* The line number of the heading, for the empty-heading warning. */
	head->line = (unsigned short)MIN(import_uline(u, u->first)->lineno, 65535);
	import_emit_lines(B->em, head, u, JOIN_LB, EM_WHOLE_PLAIN);
	if (B->n < MAX_DIVS) {
		B->divs[B->n].div = div;
		B->divs[B->n].rank = u->rank;
		B->n++;
	}
}

void import_emit_body(struct em *em, xmlNode *body, guint from, guint to)
{
	struct body B0 = { .em = em, .body = body }, *B = &B0;
	for (guint i = from; i < to; i++) {
		struct unit *u = g_ptr_array_index(B->em->units, i);
		if (u->kind == U_HEAD)
			open_div(B, u);
		else
			emit_block(B->em, container(B), &B->ls, u, &B->table_warned);
	}
	while (B->n)
		close_div(B);
}

/* ---- body heuristics: headings, page-break joins, quotations ---- */

/* A heading line: short, no final punctuation but a colon, and in capitals
 * or bold. */
static bool heading_like(const struct unit *u)
{
	gunichar last = 0;
	const char *t = u->text;
	if (u->end - u->first > 2 || import_words(t) == 0 || import_words(t) > 12)
		return false;
	if (*t)
		last = g_utf8_get_char(g_utf8_prev_char(t + strlen(t)));
	if (import_ends_sentence(t) && last != ':')
		return false;
	return import_is_caps(t) || import_unit_all_bold(u);
}

static bool opening_quote(gunichar c, gunichar *close)
{
	switch (c) {
	case 0xAB: *close = 0xBB; return true;     /* « » */
	case 0x201C: *close = 0x201D; return true; /* “ ” */
	case '"': *close = '"'; return true;
	default: return false;
	}
}

static bool wholly_quoted(const char *t)
{
	gunichar close;
	if (!*t || !opening_quote(g_utf8_get_char(t), &close) || import_words(t) < 10)
		return false;
	const char *end = t + strlen(t);
	const char *p = g_utf8_prev_char(end);
	if (*p == '.')
		p = g_utf8_prev_char(p);
	if (g_utf8_get_char(p) != close)
		return false;
	/* The closing mark appears only at the end. */
	const char *inner = g_utf8_next_char(t);
	for (const char *q = inner; q < p; q = g_utf8_next_char(q))
		if (g_utf8_get_char(q) == close)
			return false;
	return true;
}

static bool prose(const struct unit *u)
{
	return u->kind == U_P && !u->quote_guess && import_words(u->text) >= 8;
}

void import_classify_body(struct em *em, guint from, guint to)
{
	GPtrArray *units = em->units;
	bool roman_heads = false, arabic_heads = false, article_words = false;

	for (guint i = from; i < to; i++) {
		struct unit *u = g_ptr_array_index(units, i);
		struct unit *next = i + 1 < to ? g_ptr_array_index(units, i + 1) : NULL;
		if (u->kind == U_HEAD && u->div_type && strcmp(u->div_type, "article") == 0)
			article_words = true;
		if (u->kind == U_P && u->end - u->first <= 2 && import_preamble(u->text)) {
			u->kind = U_HEAD;
			u->rank = 5;
			u->div_type = "preamble";
		} else if (u->kind == U_P && heading_like(u)) {
			u->kind = U_HEAD;
			u->rank = 4;
		} else if (u->kind == U_ITEM && u->b->kind == IMP_TEXT && u->m.list == IMP_NUMBERED &&
			   !u->m.paren && u->end - u->first == 1 && import_words(u->text) <= 10 &&
			   !import_ends_sentence(u->text) && !ends_with_colon(u) &&
			   next && next->kind == U_P) {
			/* "1. Objeto" over a paragraph: a numbered division. */
			u->kind = U_HEAD;
			u->bare_number = true;
			u->bare_roman = u->m.roman;
			g_strlcpy(u->n, u->m.label, sizeof u->n);
			u->off = 0;     /* the number is part of the heading's words */
			roman_heads |= u->m.roman;
			arabic_heads |= !u->m.roman;
		} else if (u->kind == U_P && wholly_quoted(u->text)) {
			u->quote_guess = true;
		}
	}
	/* Bare numbers: articles, unless articles are named as such or roman
	 * numerals stand above arabic ones. */
	for (guint i = from; i < to; i++) {
		struct unit *u = g_ptr_array_index(units, i);
		if (!u->bare_number)
			continue;
		int depth = 0;
		for (const char *p = u->n; *p; p++)
			depth += *p == '.';
		if (article_words || (u->bare_roman && arabic_heads)) {
			u->rank = 4 + depth;
			u->div_type = depth ? NULL : "section";
		} else {
			u->rank = 5 + depth;
			u->div_type = depth ? NULL : "article";
		}
		u->rank = MIN(u->rank, 6);
	}
	(void)roman_heads;
	/* Paragraphs broken by a page break: the first ends without final
	 * punctuation, and the second starts in lower case, or the first ends
	 * on a word no sentence ends on (or a comma, or a form feed lies
	 * between). A third part may follow. */
	for (guint i = from; i < to; i++) {
		struct unit *a = g_ptr_array_index(units, i), *tail = a;
		if (a->joined || !prose(a))
			continue;
		guint j = i + 1;
		for (; j < to; j++) {
			struct unit *b = g_ptr_array_index(units, j);
			size_t n = strlen(a->text);
			if (import_ends_sentence(a->text) || b->kind != U_P || b->quote_guess ||
			    b->first != 0 || b->b == tail->b || import_closing_label(b->text) ||
			    import_formula(b->text))
				break;
			if (!(import_starts_lower(b->text) || import_continues(a->text) ||
			      (n && (a->text[n - 1] == ',' || a->text[n - 1] == '-')) ||
			      b->b->page_break_before))
				break;
			tail->cont = b;
			tail = b;
			b->joined = true;
			char *all = g_strconcat(a->text, " ", b->text, NULL);
			g_free(a->text);
			a->text = all;
		}
		i = j - 1;
	}
	(void)em;
}
