/*
 * import_closer.c — the closer: formulas, datelines and signatories.
 *
 * Found from the end: the first line that announces signatures ("EN FE DE
 * LO CUAL…", "Firmantes", "Firman:", "Atentamente,") after which everything
 * is signature material, or, with none, trailing blocks that look like
 * signatories. Each signatory's lines — a person's name, cargos,
 * institutions — become a <signed> in the only order TEI allows, which is
 * the order they are typed in; what does not fit is kept in place and said.
 * A closer needs a signatory: with none, its lines stay as closing lines.
 */
#include <string.h>
#include "import_priv.h"

#define SIGNATORY_WORDS 14      /* a line longer than this is prose, not a signatory */

/* ---- the closer ---- */

/* A line that may be part of a signature block. */
static bool signatory_text(const char *t)
{
	size_t n = strlen(t);
	if (!n || import_words(t) > SIGNATORY_WORDS || t[n - 1] == ':')
		return false;
	/* One sentence at most: a period followed by a capital inside is prose. */
	for (const char *p = t; (p = strstr(p, ". ")); p++) {
		const char *q = p + 2;
		if (g_unichar_isupper(g_utf8_get_char(q)) && import_words(t) > 6 && p - t > 4 &&
		    !g_unichar_isupper(g_utf8_get_char(g_utf8_prev_char(p))))
			return false;
	}
	return !import_starts_lower(t) || import_words(t) <= 3;
}

static bool unit_lines_signatory(const struct unit *u, guint from)
{
	for (guint i = from; i < u->end; i++) {
		char *t = import_uline_text(u, i);
		bool ok = signatory_text(t);
		g_free(t);
		if (!ok)
			return false;
	}
	return true;
}

static bool unit_trigger(const struct unit *u)
{
	if (u->kind != U_P && u->kind != U_HEAD)
		return false;
	char *t = import_uline_text(u, u->first);
	bool yes = import_formula(t) || import_closing_label(t);
	g_free(t);
	return yes;
}

/* Whether units [from, to) can be a closer after a trigger at FROM. */
static bool closer_material(GPtrArray *units, guint from, guint to)
{
	struct unit *t = g_ptr_array_index(units, from);
	struct imp_dateline dl;
	if (t->kind == U_P && t->end - t->first > 1) {
		char *first = import_uline_text(t, t->first);
		bool formula = import_formula(first);
		g_free(first);
		/* A formula may run over lines; a label's other lines are names. */
		if (!formula && !unit_lines_signatory(t, t->first + 1))
			return false;
	}
	for (guint i = from + 1; i < to; i++) {
		struct unit *u = g_ptr_array_index(units, i);
		switch (u->kind) {
		case U_ROW:
			continue;
		case U_ITEM:
			if (u->m.list != IMP_BULLETED || !unit_lines_signatory(u, u->first))
				return false;
			continue;
		case U_HEAD:
			if (!unit_trigger(u) && !(u->explicit_head == false && unit_lines_signatory(u, u->first)))
				return false;
			continue;
		case U_P:
			if (import_unit_dateline(u, &dl) || unit_trigger(u) || unit_lines_signatory(u, u->first))
				continue;
			return false;
		case U_QUOTE:
			return false;
		}
	}
	return true;
}

/* One line of a signatory. */
struct field {
	const struct imp_line *l;
	size_t a, b;
	enum imp_name kind;
	const char *element;     /* persName, roleName, orgName */
};

struct signatory {
	GArray *fields;          /* struct field */
	GString *guess;          /* what was not sure, or empty */
	int line;
};

static struct signatory *sig_new(int line)
{
	struct signatory *s = g_new0(struct signatory, 1);
	s->fields = g_array_new(FALSE, FALSE, sizeof(struct field));
	s->guess = g_string_new(NULL);
	s->line = line;
	return s;
}

static void sig_free(gpointer p)
{
	struct signatory *s = p;
	g_array_free(s->fields, TRUE);
	g_string_free(s->guess, TRUE);
	g_free(s);
}

static char *field_text(const struct field *f)
{
	char *t = g_strstrip(g_strndup(f->l->text->str + f->a, f->b - f->a));
	/* A final comma or period is a separator, not part of the name. */
	size_t n = strlen(t);
	while (n > 0 && (t[n - 1] == ',' || t[n - 1] == ';'))
		t[--n] = 0;
	return t;
}

static void guess(struct signatory *s, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
static void guess(struct signatory *s, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	if (s->guess->len)
		g_string_append(s->guess, "; ");
	g_string_append_vprintf(s->guess, fmt, ap);
	va_end(ap);
}

/* Adds field F to signatory S in the only order <signed> allows: the person,
 * cargos, institutions. What does not fit that order is kept in place as an
 * institution line, and said. */
static void sig_add(struct signatory *s, struct field f)
{
	bool has_pers = false, has_org = false;
	for (guint i = 0; i < s->fields->len; i++) {
		const struct field *o = &g_array_index(s->fields, struct field, i);
		has_pers |= o->kind == IMP_NAME_PERSON;
		has_org |= strcmp(o->element, "orgName") == 0;
	}
	char *t = field_text(&f);
	switch (f.kind) {
	case IMP_NAME_PERSON:
		if (s->fields->len == 0) {
			f.element = "persName";
		} else {
			f.element = "orgName";
			guess(s, "\"%s\" looks like a person's name but follows %s; kept in place as an institution line",
			      t, has_pers ? "another name" : "a cargo or an institution");
		}
		break;
	case IMP_NAME_ROLE:
		if (has_org) {
			f.element = "orgName";
			guess(s, "\"%s\" looks like a cargo but follows the institution; kept in place as an institution line", t);
		} else {
			f.element = "roleName";
		}
		break;
	case IMP_NAME_ORG:
		f.element = "orgName";
		break;
	case IMP_NAME_UNSURE:
		if (s->fields->len == 0 || has_org) {
			f.element = "orgName";
			guess(s, "\"%s\" is neither clearly a person's name nor an institution; read as an institution", t);
		} else {
			f.element = "roleName";
			guess(s, "\"%s\" is neither clearly a cargo nor an institution; read as a cargo", t);
		}
		break;
	}
	g_free(t);
	g_array_append_val(s->fields, f);
}

/* A signatory must name someone: with only cargos, the first becomes an
 * institution line (kept in place). */
static void sig_finish(struct signatory *s)
{
	for (guint i = 0; i < s->fields->len; i++) {
		const char *e = g_array_index(s->fields, struct field, i).element;
		if (strcmp(e, "persName") == 0 || strcmp(e, "orgName") == 0)
			return;
	}
	if (s->fields->len) {
		struct field *f = &g_array_index(s->fields, struct field, 0);
		char *t = field_text(f);
		f->element = "orgName";
		guess(s, "only a cargo, \"%s\", and no name: kept as an institution line", t);
		g_free(t);
		for (guint i = 1; i < s->fields->len; i++) {
			struct field *o = &g_array_index(s->fields, struct field, i);
			o->element = "orgName";
		}
	}
}

static enum imp_name classify(const struct imp_line *l, size_t a, size_t b)
{
	char *t = g_strstrip(g_strndup(l->text->str + a, b - a));
	size_t n = strlen(t);
	while (n > 0 && strchr(",;.", t[n - 1]) && !(n > 2 && t[n - 2] != ' ' && g_ascii_isupper(t[n - 2]) && t[n - 1] == '.'))
		t[--n] = 0;
	enum imp_name k = import_name_kind(t);
	g_free(t);
	return k;
}

/* The separators of a table typed as text: " — ", " – ", " - ", a tab,
 * " | ", " / ". Returns their count in [a, b) of L and fills CUTS (pairs of
 * byte offsets: where a separator starts and ends). */
static int separators(const struct imp_line *l, size_t a, size_t b, size_t cuts[][2], int max)
{
	static const char *const seps[] = { " — ", " – ", " - ", "\t", " | ", " / " };
	const char *s = l->text->str;
	int n = 0;
	for (size_t i = a; i < b && n < max; i++)
		for (size_t k = 0; k < G_N_ELEMENTS(seps); k++) {
			size_t sl = strlen(seps[k]);
			if (i + sl <= b && strncmp(s + i, seps[k], sl) == 0) {
				cuts[n][0] = i;
				cuts[n][1] = i + sl;
				n++;
				i += sl - 1;
				break;
			}
		}
	return n;
}

/* One signatory from one line, its fields cut at separators (or at commas,
 * when the line starts with a person's name). */
static struct signatory *sig_from_line(const struct imp_line *l, size_t a, size_t b)
{
	size_t cuts[16][2];
	int n = separators(l, a, b, cuts, 16);
	struct signatory *s = sig_new(l->lineno);
	if (n == 0) {
		/* Commas: "María Pérez, Rectora, Universidad X". */
		const char *t = l->text->str;
		const char *comma = memchr(t + a, ',', b - a);
		if (comma && classify(l, a, (size_t)(comma - t)) == IMP_NAME_PERSON)
			for (size_t i = a; i < b && n < 16; i++)
				if (t[i] == ',' && i + 1 < b && t[i + 1] == ' ') {
					cuts[n][0] = i;
					cuts[n][1] = i + 2;
					n++;
				}
	}
	size_t pos = a;
	for (int i = 0; i <= n; i++) {
		size_t end = i < n ? cuts[i][0] : b;
		struct field f = { l, pos, end, classify(l, pos, end), NULL };
		if (end > pos)
			sig_add(s, f);
		if (i < n)
			pos = cuts[i][1];
	}
	sig_finish(s);
	return s;
}

/* The signatories of a block of lines (a text unit from line FROM): one per
 * line when the lines are a typed table; otherwise each line is a part of a
 * signatory, and a person's name, or an institution after an institution
 * (not a unit of it such as a Facultad), starts the next. */
static void sigs_from_unit(GPtrArray *out, const struct unit *u, guint from, bool one)
{
	int table = 0, commas = 0, lines = (int)(u->end - from);
	for (guint i = from; i < u->end; i++) {
		size_t a, b, cuts[4][2];
		const struct imp_line *l = import_uline(u, i);
		import_urange(u, i, &a, &b);
		table += separators(l, a, b, cuts, 4) > 0;
		const char *comma = memchr(l->text->str + a, ',', b - a);
		commas += comma && comma + 2 < l->text->str + b &&
			  classify(l, a, (size_t)(comma - l->text->str)) == IMP_NAME_PERSON;
	}
	if (!one && lines > 0 && (table * 2 >= lines || commas * 2 > lines)) {
		for (guint i = from; i < u->end; i++) {
			size_t a, b;
			import_urange(u, i, &a, &b);
			g_ptr_array_add(out, sig_from_line(import_uline(u, i), a, b));
		}
		return;
	}
	struct signatory *cur = NULL;
	for (guint i = from; i < u->end; i++) {
		size_t a, b;
		const struct imp_line *l = import_uline(u, i);
		import_urange(u, i, &a, &b);
		struct field f = { l, a, b, classify(l, a, b), NULL };
		bool start = !cur;
		if (cur && cur->fields->len && !one) {
			const struct field *last = &g_array_index(cur->fields, struct field, cur->fields->len - 1);
			bool has_pers = g_array_index(cur->fields, struct field, 0).kind == IMP_NAME_PERSON;
			char *t = g_strndup(l->text->str + a, b - a);
			if (f.kind == IMP_NAME_PERSON)
				start = true;
			else if (f.kind == IMP_NAME_ORG && !has_pers && strcmp(last->element, "orgName") == 0 &&
				 !import_unit_line(g_strstrip(t)))
				start = true;
			g_free(t);
		}
		if (start) {
			if (cur) {
				sig_finish(cur);
				g_ptr_array_add(out, cur);
			}
			cur = sig_new(l->lineno);
		}
		sig_add(cur, f);
	}
	if (cur) {
		sig_finish(cur);
		g_ptr_array_add(out, cur);
	}
}

static void emit_signed(struct em *em, xmlNode *closer, const struct signatory *s)
{
	if (s->guess->len) {
		import_comment(em, closer, "%s", s->guess->str);
		doc_diag(em->doc, s->line, 0, DIAG_W_IMPORT_GUESS_SIGNATORY, s->guess->str);
	}
	xmlNode *signed_ = tei_el(em, closer, "signed");
	for (guint i = 0; i < s->fields->len; i++) {
		const struct field *f = &g_array_index(s->fields, struct field, i);
		/* A separating comma at the end stays out of the name. */
		size_t b = f->b;
		while (b > f->a && (f->l->text->str[b - 1] == ' ' || f->l->text->str[b - 1] == ','))
			b--;
		import_emit_wrapped(em, signed_, f->element, f->l, f->a, b, EM_WHOLE_PLAIN);
	}
}

/* Whether unit U (in a closer region) holds signatories. */
static bool names_unit(const struct unit *u, const struct closer_plan *cp, guint i)
{
	struct imp_dateline dl;
	if (i == cp->trigger && !cp->guessed)
		return u->end - u->first > 1 && !import_formula(u->text);
	if (u->kind == U_ROW)
		return !u->b->header_row;
	return u->kind == U_ITEM ||
	       ((u->kind == U_P || u->kind == U_HEAD) && !import_unit_dateline(u, &dl) && !unit_trigger(u));
}

/* Units after the signatories that are none (a second label, a dateline
 * under the names): a closer cannot hold them after its <signed>s. Datelines
 * alone become trailers; anything else opens the postscript, which is
 * returned. */
static xmlNode *emit_after_signatures(struct em *em, xmlNode *body, guint from, guint to)
{
	GPtrArray *units = em->units;
	struct imp_dateline dl;
	bool datelines = true;
	for (guint i = from; i < to; i++)
		datelines &= import_unit_dateline(g_ptr_array_index(units, i), &dl);
	struct unit *first = g_ptr_array_index(units, from);
	char *s = import_uline_text(first, first->first);
	doc_diag(em->doc, import_uline(first, first->first)->lineno, 0, DIAG_W_IMPORT_AFTER_SIGNATURES, s,
		 datelines ? "a closing line (<trailer>)" : "a <postscript>");
	if (datelines) {
		for (guint i = from; i < to; i++) {
			struct unit *u = g_ptr_array_index(units, i);
			xmlNode *t = tei_el(em, body, "trailer");
			if (i == from)
				import_comment(em, t, "after the signatures: a closer holds its dateline before them");
			size_t a, b;
			import_unit_dateline(u, &dl);
			import_urange(u, u->first, &a, &b);
			import_emit_dateline_content(em, t, import_uline(u, u->first), a, b, &dl, "placeName", false);
		}
		g_free(s);
		return NULL;
	}
	xmlNode *ps = tei_el(em, body, "postscript");
	import_comment(em, ps, "after the signatures, \"%s\" and what follows are no signatories", s);
	g_free(s);
	import_emit_flow(em, ps, units, from, to);
	return ps;
}

/* The closer; returns the <postscript> it had to open, or NULL. With
 * POSTSCRIPT_FOLLOWS, lines that cannot be a closer go into a postscript,
 * since a trailer may not come before one. */
xmlNode *import_emit_closer(struct em *em, xmlNode *body, const struct closer_plan *cp,
			    bool postscript_follows)
{
	GPtrArray *units = em->units;
	GPtrArray *sigs = g_ptr_array_new_with_free_func(sig_free);
	struct imp_dateline dl;
	/* Where the names end: the first unit after a name that holds none. */
	guint cut = cp->end;
	bool seen = false;
	for (guint i = cp->start; i < cp->end && cut == cp->end; i++) {
		bool names = names_unit(g_ptr_array_index(units, i), cp, i);
		if (seen && !names)
			cut = i;
		seen |= names;
	}
	/* Pass 1: the signatories, to know whether there is a closer at all. */
	guint first_sig_unit = cut;
	for (guint i = cp->start; i < cut; i++) {
		struct unit *u = g_ptr_array_index(units, i);
		guint before = sigs->len;
		if (i == cp->trigger && !cp->guessed) {
			char *first = import_uline_text(u, u->first);
			if (!import_formula(first) && u->end - u->first > 1)
				sigs_from_unit(sigs, u, u->first + 1, false);
			g_free(first);
		} else if (u->kind == U_ROW && !u->b->header_row) {
			const struct imp_line *l0 = g_ptr_array_index(u->b->lines, 0);
			struct signatory *s = sig_new(l0->lineno);
			for (guint c = 0; c < u->b->lines->len; c++) {
				const struct imp_line *l = g_ptr_array_index(u->b->lines, c);
				struct field f = { l, 0, l->text->len, classify(l, 0, l->text->len), NULL };
				if (l->text->len)
					sig_add(s, f);
			}
			sig_finish(s);
			if (s->fields->len)
				g_ptr_array_add(sigs, s);
			else
				sig_free(s);
		} else if (u->kind == U_ITEM && u->end - u->first == 1) {
			size_t a, b;
			import_urange(u, u->first, &a, &b);
			g_ptr_array_add(sigs, sig_from_line(import_uline(u, u->first), a, b));
		} else if (u->kind == U_ITEM) {
			sigs_from_unit(sigs, u, u->first, true);   /* one item, one signatory */
		} else if ((u->kind == U_P || u->kind == U_HEAD) && !import_unit_dateline(u, &dl) && !unit_trigger(u)) {
			sigs_from_unit(sigs, u, u->first, false);
		}
		if (sigs->len > before && first_sig_unit == cut)
			first_sig_unit = i;
	}
	struct unit *trig = g_ptr_array_index(units, cp->trigger);
	if (sigs->len == 0) {
		/* "Firmantes ," and nothing after: a closer needs a signatory, and
		 * none may be invented. The lines stay, as closing lines (or, before
		 * a postscript, as its first paragraphs). */
		xmlNode *ps = postscript_follows ? tei_el(em, body, "postscript") : NULL;
		for (guint i = cp->start; i < cp->end; i++) {
			struct unit *u = g_ptr_array_index(units, i);
			xmlNode *t = tei_el(em, ps ? ps : body, ps ? "p" : "trailer");
			if (u == trig) {
				char *s = import_uline_text(u, u->first);
				import_comment(em, t, "signatory block not found: \"%s\" has no names after it; "
					"add the signatories in a closer by hand", s);
				doc_diag(em->doc, import_uline(u, u->first)->lineno, 0, DIAG_W_IMPORT_NO_SIGNATORIES, s);
				g_free(s);
			}
			for (guint k = u->first; k < u->end; k++) {
				size_t a, b;
				import_urange(u, k, &a, &b);
				if (k > u->first)
					tei_el(em, t, "lb");
				import_emit_dates(em, t, import_uline(u, k), a, b, true);
			}
		}
		g_ptr_array_unref(sigs);
		return ps;
	}
	xmlNode *closer = tei_el(em, body, "closer");
	if (cp->guessed) {
		int last = import_uline(g_ptr_array_index(units, cp->end - 1), ((struct unit *)g_ptr_array_index(units, cp->end - 1))->end - 1)->lineno;
		import_comment(em, closer, "no \"Firmantes\" or \"EN FE DE LO CUAL\" announces these lines: read as signatories");
		doc_diag(em->doc, import_uline(trig, trig->first)->lineno, 0, DIAG_W_IMPORT_GUESS_SIGNATORIES, last);
	}
	/* Before the first signatory: datelines and salutes, in order. */
	for (guint i = cp->start; i < first_sig_unit; i++) {
		struct unit *u = g_ptr_array_index(units, i);
		if (import_unit_dateline(u, &dl))
			import_emit_dateline(em, closer, u, &dl);
		else if (u->kind == U_ROW) {
			xmlNode *s = tei_el(em, closer, "salute");
			import_comment(em, s, "the header row of the table of signatories");
			import_emit_cells(em, s, u);
		} else
			import_emit_salute(em, closer, u, u->end, "salute");
	}
	if (first_sig_unit < cp->end && first_sig_unit == cp->trigger && !cp->guessed) {
		/* The label's own first line, before its names. */
		import_emit_salute(em, closer, trig, trig->first + 1, "salute");
	}
	for (guint i = 0; i < sigs->len; i++)
		emit_signed(em, closer, g_ptr_array_index(sigs, i));
	g_ptr_array_unref(sigs);
	if (cut < cp->end)
		return emit_after_signatures(em, body, cut, cp->end);
	return NULL;
}

/* Finds the closer: the first trigger from which everything to END is
 * signature material; or, with no trigger, the trailing blocks that look
 * like signatories. Returns false when there is none. */
bool import_find_closer(struct em *em, guint from, guint end, struct closer_plan *cp)
{
	GPtrArray *units = em->units;
	struct imp_dateline dl;
	int failed = -1;

	for (guint i = from + 1; i < end; i++) {
		struct unit *u = g_ptr_array_index(units, i);
		if (!unit_trigger(u))
			continue;
		if (!closer_material(units, i, end)) {
			failed = (int)i;
			continue;
		}
		cp->start = cp->trigger = i;
		cp->end = end;
		cp->guessed = false;
		/* A dateline just before belongs to the closer. */
		if (i > from + 1 && import_unit_dateline(g_ptr_array_index(units, i - 1), &dl))
			cp->start = i - 1;
		return true;
	}
	if (failed >= 0) {
		struct unit *u = g_ptr_array_index(units, (guint)failed);
		char *s = import_uline_text(u, u->first);
		doc_diag(em->doc, import_uline(u, u->first)->lineno, 0, DIAG_W_IMPORT_NOT_SIGNATORIES, s);
		g_free(s);
		return false;
	}
	/* No trigger: trailing blocks of short lines that name people and
	 * institutions, after a paragraph that ends a sentence. */
	guint k = end;
	int named = 0;
	while (k > from + 1) {
		struct unit *u = g_ptr_array_index(units, k - 1);
		if (u->kind != U_P || u->cont || u->joined || !unit_lines_signatory(u, u->first) ||
		    u->end - u->first > 6)
			break;
		bool ok = true;
		for (guint i = u->first; i < u->end && ok; i++) {
			size_t a, b;
			import_urange(u, i, &a, &b);
			enum imp_name kind = classify(import_uline(u, i), a, b);
			ok = i > u->first || kind == IMP_NAME_PERSON || kind == IMP_NAME_ORG;
			named += kind == IMP_NAME_ROLE || kind == IMP_NAME_ORG || kind == IMP_NAME_PERSON;
		}
		if (!ok)
			break;
		k--;
	}
	if (k == end || named < 2)
		return false;
	struct unit *before = g_ptr_array_index(units, k - 1);
	if (before->kind != U_P || !import_ends_sentence(before->text))
		return false;
	cp->start = cp->trigger = k;
	cp->end = end;
	cp->guessed = true;
	return true;
}
