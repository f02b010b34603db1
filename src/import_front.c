/*
 * import_front.c — the title block and a letter's opener.
 *
 * The title block is the bold or capitalised lines before the first
 * paragraph (a "# Title" in Markdown, an <h1> in HTML): the first line is
 * the main title part, the next ones a subtitle, and a line that is a date
 * and a place a docDate or a docImprint. After it, a letter opens with a
 * dateline, the addressee and a salutation ("Señor Ministro:").
 */
#include <string.h>
#include "import_priv.h"

/* ---- the title block ---- */

/* Whether line I of U may be a title line. STARTED: a title line came before. */
static bool title_line(const struct unit *u, guint i, bool started)
{
	char *t = import_uline_text(u, i);
	struct imp_dateline dl;
	struct imp_heading h;
	bool ok = *t && import_words(t) <= 20 && !import_keyword_heading(t, &h) &&
		  !import_preamble(t) && !import_closing_label(t) && !import_salute(t) &&
		  t[strlen(t) - 1] != ':';
	if (ok)
		ok = import_line_marked(u, i, IMP_BOLD) || import_is_caps(t) ||
		     (started && import_dateline(t, &dl));
	g_free(t);
	return ok;
}

static bool unit_is_title(const struct unit *u, bool started)
{
	if (u->kind == U_HEAD) {
		/* "# Title", and a "## …" with a date right under it. */
		struct imp_date d;
		return u->explicit_head && (u->b->level == 1 ||
					    (started && u->b->level == 2 && import_find_date(u->text, 0, &d)));
	}
	if (u->kind != U_P || u->cont)
		return false;
	if (!title_line(u, u->first, started))
		return false;
	/* Below a title line, in the same block, a short line that ends no
	 * sentence goes on with the title ("entre la Universidad … y …"). */
	for (guint i = u->first + 1; i < u->end; i++) {
		char *t = import_uline_text(u, i);
		struct imp_heading h;
		bool ok = title_line(u, i, true) ||
			  (*t && import_words(t) <= 20 && !import_ends_sentence(t) &&
			   !import_keyword_heading(t, &h) && !import_closing_label(t));
		g_free(t);
		if (!ok)
			return false;
	}
	return true;
}

/* How far the title block goes: units [0, end). */
guint import_find_title(struct em *em, guint n, bool *guessed)
{
	GPtrArray *units = em->units;
	guint i = 0;
	struct imp_dateline dl;

	*guessed = false;
	while (i < n && unit_is_title(g_ptr_array_index(units, i), i > 0))
		i++;
	if (i == 0 && n > 1) {
		/* A short first line over a paragraph may be a title in lower case. */
		struct unit *u = g_ptr_array_index(units, 0), *next = g_ptr_array_index(units, 1);
		struct imp_heading h;
		if (u->kind == U_P && u->end - u->first == 1 && import_words(u->text) <= 12 &&
		    !import_ends_sentence(u->text) && !import_dateline(u->text, &dl) &&
		    !import_unit_address(u) && !import_unit_salute(u) && !import_keyword_heading(u->text, &h) &&
		    !import_preamble(u->text) && !import_closing_label(u->text) &&
		    next->kind == U_P && (import_words(next->text) > 12 || import_unit_salute(next) ||
					  import_unit_address(next) || import_unit_dateline(next, &dl))) {
			*guessed = true;
			i = 1;
		}
	}
	/* A date line standing alone right after the title belongs to it,
	 * unless a letter's addressee or salutation follows (then it is the
	 * letter's dateline). */
	if (i > 0 && i + 1 < n && import_unit_dateline(g_ptr_array_index(units, i), &dl)) {
		struct unit *next = g_ptr_array_index(units, i + 1);
		if (!import_unit_address(next) && !import_unit_salute(next))
			i++;
	}
	return i;
}

void import_emit_title(struct em *em, xmlNode *front, guint end, bool guessed)
{
	/* The title lines, in order: (unit, line). */
	struct tl { struct unit *u; guint i; bool date; struct imp_dateline dl; };
	GArray *lines = g_array_new(FALSE, FALSE, sizeof(struct tl));
	for (guint k = 0; k < end; k++) {
		struct unit *u = g_ptr_array_index(em->units, k);
		for (guint i = u->first; i < u->end; i++) {
			struct tl t = { u, i, false, { 0 } };
			char *s = import_uline_text(u, i);
			t.date = import_dateline(s, &t.dl);
			g_free(s);
			g_array_append_val(lines, t);
		}
	}
	/* Date lines after the last other line go to docDate / docImprint;
	 * before it, they stay in their title part (with a <date>). */
	guint last_title = 0;
	for (guint k = 0; k < lines->len; k++)
		if (!g_array_index(lines, struct tl, k).date)
			last_title = k + 1;
	if (last_title == 0)
		last_title = 1;     /* a title needs a part: the first line is it */
	xmlNode *doc_title = tei_el(em, front, "docTitle");
	xmlNode *part = NULL;
	const struct unit *part_unit = NULL;
	bool main_open = true;  /* the main part goes on while its lines end in "E", "DE" */
	for (guint k = 0; k < last_title; k++) {
		struct tl *t = &g_array_index(lines, struct tl, k);
		const struct imp_line *l = import_uline(t->u, t->i);
		size_t a, b;
		import_urange(t->u, t->i, &a, &b);
		bool new_part = !part || t->u != part_unit || (part && k == 1 && !main_open);
		if (part && main_open && t->u == part_unit && k > 0) {
			const struct tl *prev = &g_array_index(lines, struct tl, k - 1);
			char *ps = import_uline_text(prev->u, prev->i), *cs = import_uline_text(t->u, t->i);
			main_open = import_title_connector(ps, false) ||
				    (import_title_connector(cs, true) && import_is_caps(cs) == import_is_caps(ps));
			g_free(ps);
			g_free(cs);
			new_part = !main_open;
		}
		if (new_part) {
			if (k > 0)
				main_open = false;
			part = tei_el(em, doc_title, "titlePart");
			tei_set(part, "type", k == 0 ? "main" : "sub");
			part_unit = t->u;
			if (k == 0 && guessed) {
				char *s = import_uline_text(t->u, t->i);
				import_comment(em, part, "read the first line as the title: it is neither bold nor in capitals");
				doc_diag(em->doc, l->lineno, 0, DIAG_W_IMPORT_GUESS_TITLE, s);
				g_free(s);
			}
			if (em->title->len)
				g_string_append(em->title, ": ");
		} else {
			tei_el(em, part, "lb");
			g_string_append_c(em->title, ' ');
		}
		char *s = import_uline_text(t->u, t->i);
		g_string_append(em->title, s);
		g_free(s);
		import_emit_dates(em, part, l, a, b, false);
	}
	for (guint k = last_title; k < lines->len; k++) {
		struct tl *t = &g_array_index(lines, struct tl, k);
		const struct imp_line *l = import_uline(t->u, t->i);
		size_t a, b;
		import_urange(t->u, t->i, &a, &b);
		/* A line that is only a date is the docDate; with a place, a
		 * docImprint holds both. */
		size_t ta = a, tb = b;
		import_trim(l, &ta, &tb);
		const struct imp_dateline *dl = &t->dl;
		bool alone = dl->place_end == dl->place_start && dl->date.start == 0 &&
			     strspn(l->text->str + ta + dl->date.end, " .") == tb - ta - dl->date.end;
		if (alone) {
			import_note_place_date(em, l, dl, ta);
			xmlNode *dd = tei_el(em, front, "docDate");
			if (dl->date.when[0]) {
				tei_set(dd, "when", dl->date.when);
				import_emit_range(em, dd, l, ta, tb, EM_WHOLE_PLAIN);
			} else {
				import_set_date(import_emit_wrapped(em, dd, "date", l, ta, ta + dl->date.end, EM_WHOLE_PLAIN), &dl->date);
				import_emit_range(em, dd, l, ta + dl->date.end, tb, EM_WHOLE_PLAIN | EM_KEEP_SPACE);
			}
		} else {
			import_emit_dateline_content(em, tei_el(em, front, "docImprint"), l, a, b, dl, "pubPlace", true);
		}
	}
	g_array_free(lines, TRUE);
}

/* ---- the opener ---- */

guint import_emit_opener(struct em *em, xmlNode *body, guint from, guint end)
{
	GPtrArray *units = em->units;
	xmlNode *opener = NULL;
	guint i = from;
	struct imp_dateline dl;

	for (; i < end; i++) {
		struct unit *u = g_ptr_array_index(units, i);
		bool dateline = import_unit_dateline(u, &dl), address = import_unit_address(u),
		     salute = import_unit_salute(u);
		if (!dateline && !address && !salute)
			break;
		/* A dateline alone, with no letter after it, is the body's. */
		if (!opener && dateline && !address && !salute) {
			bool letter = false;
			for (guint k = i + 1; k < end && k < i + 3 && !letter; k++)
				letter = import_unit_address(g_ptr_array_index(units, k)) ||
					 import_unit_salute(g_ptr_array_index(units, k));
			if (!letter && from > 0)
				break;
		}
		if (!opener)
			opener = tei_el(em, body, "opener");
		if (dateline) {
			import_emit_dateline(em, opener, u, &dl);
			continue;
		}
		if (salute) {
			import_emit_salute(em, opener, u, u->end, "salute");
			i++;
			break;
		}
		/* The addressee, one addrLine per line; a last line that is the
		 * salutation ("Señor Ministro:") is the salute. */
		guint last = u->end;
		char *lt = import_uline_text(u, u->end - 1);
		bool tail_salute = import_salute(lt) && u->end - u->first > 2;
		g_free(lt);
		if (tail_salute)
			last--;
		xmlNode *addr = tei_el(em, opener, "address");
		for (guint k = u->first; k < last; k++) {
			size_t a, b;
			import_urange(u, k, &a, &b);
			import_emit_wrapped(em, addr, "addrLine", import_uline(u, k), a, b, EM_WHOLE_PLAIN);
		}
		if (tail_salute) {
			size_t a, b;
			import_urange(u, last, &a, &b);
			import_emit_wrapped(em, opener, "salute", import_uline(u, last), a, b, EM_WHOLE_PLAIN);
			i++;
			break;
		}
	}
	return i;
}
