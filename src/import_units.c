/*
 * import_units.c — units, and the TEI made from their lines.
 *
 * Consumes: the blocks of a reader (import_priv.h). Produces: units — a
 * paragraph, a heading, one list item, a quotation, a table row, each a
 * range of a block's lines — and the primitives that turn a range of a
 * line into TEI: text, hi for emphasis, ref for links, date and placeName
 * where a date is found, comments for guesses. Every word that reaches the
 * TEI goes through import_emit_range, once.
 */
#include <string.h>
#include "import_priv.h"

/* ---- units: what the structure is made of ---- */

const struct imp_line *import_uline(const struct unit *u, guint i)
{
	return g_ptr_array_index(u->b->lines, i);
}

/* The bytes [*a, *b) unit U covers on its line I. */
void import_urange(const struct unit *u, guint i, size_t *a, size_t *b)
{
	const struct imp_line *l = import_uline(u, i);
	*a = i == u->first ? MIN(u->off, l->text->len) : 0;
	*b = i + 1 == u->end && u->lim != NOLIM ? MIN(u->lim, l->text->len) : l->text->len;
	if (*b < *a)
		*b = *a;
}

/* The text of line I of U, trimmed (owned by the caller). */
char *import_uline_text(const struct unit *u, guint i)
{
	size_t a, b;
	import_urange(u, i, &a, &b);
	return g_strstrip(g_strndup(import_uline(u, i)->text->str + a, b - a));
}

static struct unit *unit_new(enum unit_kind kind, struct imp_block *b, guint first, guint end)
{
	struct unit *u = g_new0(struct unit, 1);
	u->kind = kind;
	u->b = b;
	u->first = first;
	u->end = end;
	u->lim = NOLIM;
	return u;
}

static void unit_text(struct unit *u)
{
	GString *s = g_string_new(NULL);
	g_free(u->text);
	for (guint i = u->first; i < u->end; i++) {
		char *t = import_uline_text(u, i);
		if (*t) {
			if (s->len)
				g_string_append_c(s, ' ');
			g_string_append(s, t);
		}
		g_free(t);
	}
	u->text = g_string_free(s, FALSE);
}

static void unit_free(gpointer p)
{
	struct unit *u = p;
	g_free(u->text);
	g_free(u);
}

/* Whether a bold (or otherwise marked) span covers line I of U from end to
 * end: the emphasis is the block's style, not the words'. */
bool import_line_marked(const struct unit *u, guint i, unsigned mark)
{
	size_t a, b;
	const struct imp_line *l = import_uline(u, i);
	import_urange(u, i, &a, &b);
	while (a < b && l->text->str[a] == ' ')
		a++;
	while (b > a && l->text->str[b - 1] == ' ')
		b--;
	if (a == b)
		return false;
	for (guint k = 0; k < l->spans->len; k++) {
		const struct imp_span *s = &g_array_index(l->spans, struct imp_span, k);
		if (s->start <= a && s->end >= b && (s->marks & mark))
			return true;
	}
	return false;
}

bool import_unit_all_bold(const struct unit *u)
{
	for (guint i = u->first; i < u->end; i++)
		if (!import_line_marked(u, i, IMP_BOLD))
			return false;
	return u->end > u->first;
}

/* A heading from a keyword ("Artículo 5.-", "CAPÍTULO II"): a head of its
 * own when the rest of the line is a short title, otherwise run in — the
 * keyword and its number are the head, the rest a paragraph. Returns the
 * byte where the paragraph starts (NOLIM when the whole line is the head). */
static size_t keyword_split(const char *line, const struct imp_heading *h)
{
	const char *rest = line + h->label_end;
	int words = import_words(rest);
	if (words == 0)
		return NOLIM;
	/* A title: at most ten words and one sentence at most. */
	const char *dot = strstr(rest, ". ");
	if (words <= 10 && !dot && !strchr(rest, ';'))
		return NOLIM;
	return h->label_end;
}

/* Cuts a TEXT block into units: each line that starts with a list marker
 * starts an item (the lines after it are its own until the next marker); a
 * line that starts with a heading keyword starts a heading. */
static void cut_text_block(GPtrArray *units, struct imp_block *b, bool html)
{
	struct unit *cur = NULL;

	for (guint i = 0; i < b->lines->len; i++) {
		const struct imp_line *l = g_ptr_array_index(b->lines, i);
		const char *s = l->text->str;
		struct imp_marker m;
		struct imp_heading h;

		/* Inside a block, a heading keyword starts a heading only after a
		 * line that ends a sentence (or a heading): "… en el / Artículo 5
		 * de la Ley" goes on. */
		const struct imp_line *prev = i ? g_ptr_array_index(b->lines, i - 1) : NULL;
		bool may_head = !prev || import_ends_sentence(prev->text->str) ||
				(cur && cur->kind == U_HEAD);
		if (may_head && import_keyword_heading(s, &h)) {
			struct unit *u = unit_new(U_HEAD, b, i, i + 1);
			u->rank = h.rank;
			u->div_type = h.type;
			g_strlcpy(u->n, h.n, sizeof u->n);
			g_ptr_array_add(units, u);
			size_t cut = keyword_split(s, &h);
			cur = NULL;
			if (cut != NOLIM) {
				u->lim = cut;
				cur = unit_new(U_P, b, i, i + 1);
				cur->off = cut;
				g_ptr_array_add(units, cur);
			} else {
				/* The next short line in capitals is the rest of the head
				 * ("CAPÍTULO I" / "DISPOSICIONES GENERALES"). */
				while (i + 1 < b->lines->len) {
					const struct imp_line *nl = g_ptr_array_index(b->lines, i + 1);
					if (!import_is_caps(nl->text->str) || import_words(nl->text->str) > 10 ||
					    import_keyword_heading(nl->text->str, &h))
						break;
					u->end = ++i + 1;
				}
			}
			continue;
		}
		if (import_marker(s, &m)) {
			cur = unit_new(U_ITEM, b, i, i + 1);
			cur->m = m;
			cur->off = m.content;
			cur->has_label = m.list != IMP_BULLETED;
			cur->indent = l->indent;
			g_ptr_array_add(units, cur);
			continue;
		}
		if (cur) {
			cur->end = i + 1;
			continue;
		}
		cur = unit_new(U_P, b, i, i + 1);
		g_ptr_array_add(units, cur);
	}
	(void)html;
}

GPtrArray *import_cut_units(GPtrArray *blocks, bool html)
{
	GPtrArray *units = g_ptr_array_new_with_free_func(unit_free);

	for (guint k = 0; k < blocks->len; k++) {
		struct imp_block *b = g_ptr_array_index(blocks, k);
		struct unit *u = NULL;
		struct imp_heading h;
		switch (b->kind) {
		case IMP_TEXT:
			cut_text_block(units, b, html);
			break;
		case IMP_HEADING:
			if (!b->lines->len)
				break;
			u = unit_new(U_HEAD, b, 0, b->lines->len);
			u->explicit_head = true;
			u->rank = MIN(b->level + 1, 6);
			if (import_preamble(((struct imp_line *)g_ptr_array_index(b->lines, 0))->text->str))
				u->div_type = "preamble";
			if (import_keyword_heading(((struct imp_line *)g_ptr_array_index(b->lines, 0))->text->str, &h)) {
				u->rank = h.rank;
				u->div_type = h.type;
				g_strlcpy(u->n, h.n, sizeof u->n);
			}
			g_ptr_array_add(units, u);
			break;
		case IMP_ITEM:
			u = unit_new(U_ITEM, b, 0, b->lines->len);
			u->m.list = b->list;
			if (b->label) {
				g_strlcpy(u->m.label, b->label, sizeof u->m.label);
				u->has_label = true;
			}
			u->indent = b->level * 4;
			u->group = b->group;
			g_ptr_array_add(units, u);
			break;
		case IMP_QUOTE:
			g_ptr_array_add(units, unit_new(U_QUOTE, b, 0, 0));
			break;
		case IMP_ROW:
			g_ptr_array_add(units, unit_new(U_ROW, b, 0, b->lines->len));
			break;
		}
	}
	for (guint i = 0; i < units->len; i++)
		unit_text(g_ptr_array_index(units, i));
	return units;
}

/* ---- the emitter ---- */

/* An XML comment "declc import: MSG" (a comment may not hold "--"). */
void import_comment(struct em *em, xmlNode *parent, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	GString *s = g_string_new(" declc import: ");
	for (const char *p = msg; *p; p++) {
		g_string_append_c(s, *p);
		if (*p == '-' && (p[1] == '-' || !p[1]))
			g_string_append_c(s, ' ');
	}
	g_string_append_c(s, ' ');
	tei_flush(em);
	xmlAddChild(parent, xmlNewDocComment(em->xml, BAD_CAST s->str));
	g_string_free(s, TRUE);
	g_free(msg);
	(void)em;
}

static const char *rend_of(unsigned marks, char *buf, size_t size)
{
	buf[0] = 0;
	static const struct { unsigned bit; const char *word; } words[] = {
		{ IMP_ITALIC, "italic" }, { IMP_BOLD, "bold" }, { IMP_UNDERLINE, "underline" },
		{ IMP_SUP, "sup" }, { IMP_SUB, "sub" }
	};
	for (size_t i = 0; i < G_N_ELEMENTS(words); i++)
		if (marks & words[i].bit) {
			if (buf[0])
				g_strlcat(buf, " ", size);
			g_strlcat(buf, words[i].word, size);
		}
	return buf;
}

void import_trim(const struct imp_line *l, size_t *a, size_t *b)
{
	const char *s = l->text->str;
	while (*a < *b && (s[*a] == ' ' || s[*a] == '\t'))
		(*a)++;
	while (*b > *a && (s[*b - 1] == ' ' || s[*b - 1] == '\t'))
		(*b)--;
}

/* Emits bytes [a, b) of line L into PARENT (trimmed, unless EM_KEEP_SPACE):
 * plain text, with hi for marked spans and ref for links. */
void import_emit_range(struct em *em, xmlNode *parent, const struct imp_line *l, size_t a,
		       size_t b, unsigned flags)
{
	const char *s = l->text->str;
	char rend[64];

	if (!(flags & EM_KEEP_SPACE))
		import_trim(l, &a, &b);
	size_t pos = a;
	for (guint k = 0; k < l->spans->len; k++) {
		const struct imp_span *sp = &g_array_index(l->spans, struct imp_span, k);
		if (sp->end <= pos || sp->start >= b)
			continue;
		size_t sa = MAX(sp->start, pos), sb = MIN(sp->end, b);
		if ((flags & EM_WHOLE_PLAIN) && !sp->href && sp->start <= a && sp->end >= b)
			continue;
		tei_text(em, parent, s + pos, sa - pos);
		xmlNode *host = parent;
		if (sp->href) {
			host = tei_el(em, host, "ref");
			tei_set(host, "target", sp->href);
		}
		if (sp->marks) {
			host = tei_el(em, host, "hi");
			tei_set(host, "rend", rend_of(sp->marks, rend, sizeof rend));
		}
		tei_text(em, host, s + sa, sb - sa);
		pos = sb;
	}
	tei_text(em, parent, s + pos, b - pos);
}

/* Emits the element NAME holding bytes [a, b) of L. */
xmlNode *import_emit_wrapped(struct em *em, xmlNode *parent, const char *name,
			     const struct imp_line *l, size_t a, size_t b, unsigned flags)
{
	xmlNode *n = tei_el(em, parent, name);
	import_emit_range(em, n, l, a, b, flags & ~(unsigned)EM_KEEP_SPACE);
	return n;
}

/* The first words of S (at most N), for messages. */
char *import_first_words(const char *s, int n)
{
	GString *out = g_string_new(NULL);
	char **w = g_strsplit(s, " ", -1);
	int k = 0;
	for (char **p = w; *p && k < n; p++)
		if (**p) {
			if (out->len)
				g_string_append_c(out, ' ');
			g_string_append(out, *p);
			k++;
		}
	if (g_strv_length(w) > (guint)n)
		g_string_append(out, "…");
	g_strfreev(w);
	return g_string_free(out, FALSE);
}

char *import_last_words(const char *s, int n)
{
	char **w = g_strsplit(s, " ", -1);
	int len = (int)g_strv_length(w), k = 0;
	GString *out = g_string_new(NULL);
	int start = len;
	while (start > 0 && k < n) {
		/* Only tokens with a letter or digit count as words. */
		const char *t = w[--start];
		for (const char *c = t; *c; c = g_utf8_next_char(c))
			if (g_unichar_isalnum(g_utf8_get_char(c))) {
				k++;
				break;
			}
	}
	if (start > 0)
		g_string_append(out, "…");
	for (int i = start; i < len; i++)
		if (*w[i]) {
			if (out->len && strcmp(out->str, "…"))
				g_string_append_c(out, ' ');
			g_string_append(out, w[i]);
		}
	g_strfreev(w);
	return g_string_free(out, FALSE);
}

/* Emits unit U's lines into PARENT. A line that ends in a hyphen before a
 * lower-case line is kept as typed, and said. */
void import_emit_lines(struct em *em, xmlNode *parent, const struct unit *u, enum join mode,
		       unsigned flags)
{
	for (guint i = u->first; i < u->end; i++) {
		size_t a, b;
		const struct imp_line *l = import_uline(u, i);
		import_urange(u, i, &a, &b);
		if (i > u->first) {
			const struct imp_line *prev = import_uline(u, i - 1);
			const char *pt = prev->text->str;
			size_t pl = prev->text->len;
			if (l->page_break_before) {
				/* A form feed: the original's page ends here. */
				tei_text(em, parent, " ", 1);
				tei_el(em, parent, "pb");
			} else if (mode == JOIN_LB || prev->hard_break) {
				tei_el(em, parent, "lb");
			} else {
				if (pl >= 2 && pt[pl - 1] == '-' && g_unichar_isalpha(g_utf8_get_char(g_utf8_prev_char(pt + pl - 1))) &&
				    import_starts_lower(l->text->str + a)) {
					const char *sp = strrchr(pt, ' ');
					char *w1 = g_strdup(sp ? sp + 1 : pt);
					char *w2 = g_strndup(l->text->str + a, strcspn(l->text->str + a, " ,.;:"));
					import_comment(em, parent, "the word \"%s\" / \"%s\" is divided at the end of a line; kept as typed", w1, w2);
					doc_diag(em->doc, prev->lineno, 0, DIAG_W_IMPORT_HYPHEN, w1, w2);
					g_free(w1);
					g_free(w2);
				}
				tei_text(em, parent, " ", 1);
			}
		}
		import_emit_range(em, parent, l, a, b, flags);
	}
}

/* Emits a paragraph's units: U, then its continuations after page breaks. */
void import_emit_para(struct em *em, xmlNode *p, const struct unit *u)
{
	import_emit_lines(em, p, u, JOIN_SPACE, 0);
	for (const struct unit *c = u->cont; c; u = c, c = c->cont) {
		const struct imp_line *last = import_uline(u, u->end - 1);
		char *lt = import_uline_text(u, u->end - 1);
		char *tail = import_last_words(lt, 4), *head = import_first_words(c->text, 3);
		g_free(lt);
		tei_text(em, p, " ", 1);
		import_comment(em, p, "joined two paragraphs across what looks like a page break (lines %d and %d); "
			"if they are two, split the paragraph here", last->lineno, import_uline(c, c->first)->lineno);
		tei_el(em, p, "pb");
		doc_diag(em->doc, last->lineno, 0, DIAG_W_IMPORT_JOINED, tail, import_uline(c, c->first)->lineno, head);
		g_free(tail);
		g_free(head);
		import_emit_lines(em, p, c, JOIN_SPACE, 0);
	}
}

void import_set_date(xmlNode *n, const struct imp_date *d)
{
	if (d->when[0]) {
		tei_set(n, "when", d->when);
	} else {
		tei_set(n, "from", d->from);
		tei_set(n, "to", d->to);
	}
}

/* Bytes [a, b) of L with each date in them a <date> (its ISO value, its words
 * as typed) and, with PLACES, the place before a date ("en Montevideo, a")
 * a <placeName>. */
void import_emit_dates(struct em *em, xmlNode *parent, const struct imp_line *l, size_t a,
			    size_t b, bool places)
{
	import_trim(l, &a, &b);
	char *s = g_strndup(l->text->str, b);
	struct imp_date d;
	size_t pos = a;
	while (pos < b && import_find_date(s, pos, &d)) {
		size_t ps, pe;
		if (places && import_place_before(s, d.start, &ps, &pe) && ps >= pos) {
			import_emit_range(em, parent, l, pos, ps, EM_WHOLE_PLAIN | EM_KEEP_SPACE);
			import_emit_wrapped(em, parent, "placeName", l, ps, pe, EM_WHOLE_PLAIN);
			pos = pe;
		}
		import_emit_range(em, parent, l, pos, d.start, EM_WHOLE_PLAIN | EM_KEEP_SPACE);
		import_set_date(import_emit_wrapped(em, parent, "date", l, d.start, d.end, EM_WHOLE_PLAIN), &d);
		pos = d.end;
	}
	import_emit_range(em, parent, l, pos, b, EM_WHOLE_PLAIN | EM_KEEP_SPACE);
	g_free(s);
}

/* Remembers the first place and date seen, for the header. */
void import_note_place_date(struct em *em, const struct imp_line *l, const struct imp_dateline *dl,
			    size_t at)
{
	if (!em->pub_place && dl->place_end > dl->place_start)
		em->pub_place = g_strndup(l->text->str + at + dl->place_start, dl->place_end - dl->place_start);
	if (!em->date_when[0])
		g_strlcpy(em->date_when, dl->date.when[0] ? dl->date.when : dl->date.to, sizeof em->date_when);
}

/* Bytes [a, b) of L, a place-and-date line (DL's offsets count from the
 * range's first non-blank byte): the place as PLACE_NAME (placeName,
 * pubPlace), the date as a <date> — in the title block inside a <docDate>
 * — and the rest as typed. */
void import_emit_dateline_content(struct em *em, xmlNode *parent, const struct imp_line *l,
				  size_t a, size_t b, const struct imp_dateline *dl,
				  const char *place_name, bool doc_date)
{
	struct piece { size_t a, b; bool date; } parts[2];
	int np = 0;

	import_trim(l, &a, &b);
	import_note_place_date(em, l, dl, a);
	if (dl->place_end > dl->place_start)
		parts[np++] = (struct piece){ a + dl->place_start, a + dl->place_end, false };
	parts[np++] = (struct piece){ a + dl->date.start, a + dl->date.end, true };
	if (np == 2 && parts[0].a > parts[1].a) {
		struct piece t = parts[0];
		parts[0] = parts[1];
		parts[1] = t;
	}
	size_t pos = a;
	for (int i = 0; i < np; i++) {
		import_emit_range(em, parent, l, pos, parts[i].a, EM_WHOLE_PLAIN | EM_KEEP_SPACE);
		if (!parts[i].date) {
			import_emit_wrapped(em, parent, place_name, l, parts[i].a, parts[i].b, EM_WHOLE_PLAIN);
		} else if (doc_date && dl->date.when[0]) {
			xmlNode *dd = import_emit_wrapped(em, parent, "docDate", l, parts[i].a, parts[i].b, EM_WHOLE_PLAIN);
			tei_set(dd, "when", dl->date.when);
		} else {
			xmlNode *host = doc_date ? tei_el(em, parent, "docDate") : parent;
			import_set_date(import_emit_wrapped(em, host, "date", l, parts[i].a, parts[i].b, EM_WHOLE_PLAIN), &dl->date);
		}
		pos = parts[i].b;
	}
	import_emit_range(em, parent, l, pos, b, EM_WHOLE_PLAIN | EM_KEEP_SPACE);
}

/* ---- what a unit is ---- */

bool import_unit_dateline(const struct unit *u, struct imp_dateline *dl)
{
	return u->kind == U_P && u->end - u->first == 1 && import_dateline(u->text, dl);
}

bool import_unit_salute(const struct unit *u)
{
	return u->kind == U_P && u->end - u->first == 1 && import_salute(u->text);
}

bool import_unit_address(const struct unit *u)
{
	if (u->kind != U_P || u->end - u->first < 2 || u->end - u->first > 8)
		return false;
	char *first = import_uline_text(u, u->first);
	bool ok = import_address_start(first);
	g_free(first);
	for (guint i = u->first; ok && i < u->end; i++) {
		char *t = import_uline_text(u, i);
		ok = import_words(t) <= 14;
		g_free(t);
	}
	return ok;
}

/* A dateline in the closer or the opener. */
void import_emit_dateline(struct em *em, xmlNode *parent, const struct unit *u,
			  const struct imp_dateline *dl)
{
	size_t a, b;
	import_urange(u, u->first, &a, &b);
	import_emit_dateline_content(em, tei_el(em, parent, "dateline"), import_uline(u, u->first), a, b, dl,
			      "placeName", false);
}

/* A salute: the closing formula or the label of the signatures, with a date
 * (and the place before it) tagged. */
void import_emit_salute(struct em *em, xmlNode *parent, const struct unit *u, guint end, const char *name)
{
	xmlNode *s = tei_el(em, parent, name);
	for (guint i = u->first; i < end; i++) {
		size_t a, b;
		import_urange(u, i, &a, &b);
		if (i > u->first)
			tei_text(em, s, " ", 1);
		import_emit_dates(em, s, import_uline(u, i), a, b, true);
	}
}
