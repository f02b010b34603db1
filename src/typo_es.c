/*
 * typo_es.c — the ES-xx rules of spanish-typography.md and their table.
 *
 * Consumes: one unit (typo.h) at a time, from typo.c. Produces: the unit's
 * text rewritten and its findings. Each rule is one pass over the unit,
 * applied in the order of rules[] at the bottom; a rule that inserts or
 * deletes characters rebuilds the array (typo_begin … typo_end) so that a
 * 100 000-word paragraph costs linear time. Rules never look at XML: markup
 * is seen through the private-use characters of typo.h, and protected
 * (ES-33) and foreign (ES-34) characters are left alone (typo_frozen).
 *
 * Findings are either slips a careful writer corrects (a space before a
 * comma, several spaces, a final period in a heading: "fixed", reported only
 * by `declc check`) or lint that no program can settle (an unclosed ¡, a
 * capitalised month: reported always, text unchanged). What authors are
 * expected to type — straight quotes, `--`, `...`, `50%` — is converted
 * silently: it is input, not a mistake (rule book, "Notation").
 */
#include <string.h>
#include "typo.h"
#include "i18n.h"

#define RAYA 0x2014u
#define ENDASH 0x2013u
#define MINUS 0x2212u
#define ELLIPSIS 0x2026u

/* ---- Character classes ----------------------------------------------------- */

/* Signs with no space before them and none after them (ES-02), and the
 * quotation marks of ES-04. */
#define CLOSING_SIGNS ",.;:?!…)]}"
#define OPENING_SIGNS "¿¡([{"
#define QUOTE_MARKS "\"'«»“”‘’"

/* The rules ask these of every character they look at, and running text is
 * mostly ASCII: that is answered inline, the rest by GLib's tables (the
 * same answers: an ASCII character is a letter, an uppercase or a
 * lowercase one to Unicode exactly when it is to g_ascii_*). */
static inline bool is_digit(gunichar c) { return c >= '0' && c <= '9'; }
/* º and ª are letters to Unicode (Lo); here they are ordinal signs. */
static inline bool is_letter(gunichar c)
{
	return c < 0x80 ? g_ascii_isalpha((char)c) : c != 0xBA && c != 0xAA && g_unichar_isalpha(c);
}
static inline bool is_upper(gunichar c)
{
	return c < 0x80 ? c >= 'A' && c <= 'Z' : g_unichar_isupper(c);
}
static inline bool is_lower(gunichar c)
{
	return c < 0x80 ? c >= 'a' && c <= 'z' : g_unichar_islower(c);
}
static inline bool is_alnum(gunichar c) { return is_letter(c) || is_digit(c); }

/* Spaces an author types between words, and the no-break ones. */
static inline bool is_gap(gunichar c)
{
	return c == ' ' || (c >= TYPO_NBSP && (c == TYPO_NBSP || c == TYPO_THIN || c == 0x2009));
}

/* Anything that separates words, forced line breaks included. */
static inline bool is_space(gunichar c)
{
	if (c > ' ' && c < TYPO_NBSP)   /* most characters, in one test */
		return false;
	return c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' ||
	       is_gap(c) || c == TYPO_LB;
}

/* The code point at P of a well-formed UTF-8 string; *P moves past it. */
static inline gunichar next_char(const unsigned char **p)
{
	const unsigned char *s = *p;
	gunichar c;
	if (s[0] < 0x80) {
		*p = s + 1;
		return s[0];
	}
	if (s[0] < 0xE0) {
		c = (gunichar)(s[0] & 0x1F) << 6 | (s[1] & 0x3F);
		*p = s + 2;
	} else if (s[0] < 0xF0) {
		c = (gunichar)(s[0] & 0x0F) << 12 | (gunichar)(s[1] & 0x3F) << 6 | (s[2] & 0x3F);
		*p = s + 3;
	} else {
		c = (gunichar)(s[0] & 0x07) << 18 | (gunichar)(s[1] & 0x3F) << 12 |
		    (gunichar)(s[2] & 0x3F) << 6 | (s[3] & 0x3F);
		*p = s + 4;
	}
	return c;
}

/* Is C one of the characters of SET (a UTF-8 literal)? */
static inline bool in(gunichar c, const char *set)
{
	if (!c)
		return false;
	/* UTF-8 never hides an ASCII byte inside a longer sequence. */
	if (c < 0x80)
		return strchr(set, (int)c) != NULL;
	for (const unsigned char *p = (const unsigned char *)set; *p;)
		if (next_char(&p) == c)
			return true;
	return false;
}

/* For a rule that asks in(c, SET) of every character: SET once as a
 * typo_set, so that one bit test answers "no" for most characters. */
static void set_of_signs(struct typo_set *set, const char *signs)
{
	memset(set, 0, sizeof *set);
	for (const unsigned char *p = (const unsigned char *)signs; *p;)
		typo_set_add(set, next_char(&p));
}

/* in(C, SIGNS), SET being set_of_signs(SIGNS): a slot may be shared. */
static inline bool in_set(const struct typo_set *set, gunichar c, const char *signs)
{
	return typo_set_has(set, c) && in(c, signs);
}

/* Signs after which a quotation mark opens and a raya needs no space. */
static bool is_opening(gunichar c)
{
	return in(c, "([{«“‘¿¡") || c == TYPO_QOPEN;
}

/* Signs a closing raya is attached to (ES-07). */
static bool is_punct_after(gunichar c)
{
	return in(c, ",.;:?!…)]}»”’\"'") || c == TYPO_QCLOSE;
}

/* g_ascii_tolower and g_ascii_toupper, without the call. */
static inline gunichar ascii_lower(gunichar c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }
static inline gunichar ascii_upper(gunichar c) { return c >= 'a' && c <= 'z' ? c - 32 : c; }

/* Locale-free (ES-20). */
static inline gunichar lower(gunichar c)
{
	return c < 0x80 ? ascii_lower(c) : g_unichar_tolower(c);
}

static bool spells_all(const struct typo_unit *u, gssize i, const char *word, bool ci)
{
	for (const unsigned char *p = (const unsigned char *)word; *p; i++) {
		gunichar c = typo_c(u, i), w = next_char(&p);
		if (typo_frozen(u, i) || (ci ? lower(c) != lower(w) : c != w))
			return false;
	}
	return true;
}

/* Does the text at I spell WORD (ASCII/UTF-8, exactly, or case-insensitively)? */
static inline bool spells(const struct typo_unit *u, gssize i, const char *word, bool ci)
{
	gunichar c0 = typo_c(u, i);
	unsigned char b0 = (unsigned char)word[0];
	/* The common case, inline: an ASCII first letter that does not match. */
	if (b0 < 0x80 && c0 < 0x80) {
		if (ci ? ascii_lower(c0) != ascii_lower(b0) : c0 != b0)
			return false;
	} else {
		const unsigned char *p = (const unsigned char *)word;
		gunichar w0 = next_char(&p);
		if (ci ? lower(c0) != lower(w0) : c0 != w0)
			return false;
	}
	return spells_all(u, i, word, ci);
}

/* Adds the first character of every word of LIST to SET. */
static void first_chars(struct typo_set *set, const char *const *list)
{
	for (; *list; list++) {
		const unsigned char *p = (const unsigned char *)*list;
		typo_set_add(set, next_char(&p));
	}
}

static bool word_start(const struct typo_unit *u, gssize i)
{
	return !is_alnum(typo_c(u, i - 1));
}

/* The lowercased word (letters, '.', º, ª) that ends just before I, or NULL;
 * *START gets where it begins. */
static char *word_before(const struct typo_unit *u, gssize i, gssize *start)
{
	gssize s = i;
	GString *w;

	while (s > 0 && (is_letter(typo_c(u, s - 1)) || in(typo_c(u, s - 1), ".ºª")))
		s--;
	if (s == i)
		return NULL;
	w = g_string_new(NULL);
	for (gssize k = s; k < i; k++)
		g_string_append_unichar(w, lower(typo_c(u, k)));
	if (start)
		*start = s;
	return g_string_free(w, FALSE);
}

static bool in_list(const char *w, const char *const *list)
{
	for (; w && *list; list++)
		if (strcmp(w, *list) == 0)
			return true;
	return false;
}

/* Is [S, E), lowercased, one of LIST? in_list of the word, without making it. */
static bool lowered_in_list(const struct typo_unit *u, gssize s, gssize e, const char *const *list)
{
	for (; *list; list++) {
		const unsigned char *p = (const unsigned char *)*list;
		gssize k = s;
		while (*p && k < e && next_char(&p) == lower(typo_c(u, k)))
			k++;
		if (!*p && k == e)
			return true;
	}
	return false;
}

/* Start of the N words before I and end of the N words from I, for excerpts. */
static gssize back_words(const struct typo_unit *u, gssize i, int n)
{
	while (n-- > 0) {
		while (i > 0 && is_space(typo_c(u, i - 1)))
			i--;
		while (i > 0 && !is_space(typo_c(u, i - 1)))
			i--;
	}
	return i;
}

static gssize fwd_words(const struct typo_unit *u, gssize i, int n)
{
	gssize len = u->ch->len;
	while (n-- > 0) {
		while (i < len && is_space(typo_c(u, i)))
			i++;
		while (i < len && !is_space(typo_c(u, i)))
			i++;
	}
	return i;
}

/* The text of [FROM, TO), its first and last four words only when longer:
 * bounded work, however long the sentence. */
static char *excerpt(const struct typo_unit *u, gssize from, gssize to)
{
	gssize head = fwd_words(u, from, 4), tail = back_words(u, to, 4);
	if (head >= tail)
		return typo_text(u, from, to);
	char *a = typo_text(u, from, head), *b = typo_text(u, tail, to);
	char *s = g_strconcat(a, " … ", b, NULL);
	g_free(a);
	g_free(b);
	return s;
}

/* Finding with excerpts [A, B) before and the suggestion built from the pieces. */
static void find_pair(struct typo_unit *u, enum diag_id id, gssize at, bool fixed,
		      char *found, char *suggested)
{
	typo_find(u, id, typo_at(u, at), fixed, found, suggested, NULL);
	g_free(found);
	g_free(suggested);
}

/* Abbreviations, lowercased: for "is this period a sentence end?" (ES-03,
 * ES-05, ES-25), besides single letters and compound ones (S. A.). */
static const char *const abbreviations[] = {
	"sr.", "sres.", "sra.", "sras.", "srta.", "dr.", "dres.", "dra.", "d.ª", "dña.", "lic.",
	"lcdo.", "lcda.", "ing.", "prof.", "profa.", "excmo.", "excma.", "ilmo.", "ilma.",
	"mons.", "gral.", "sto.", "sta.", "ud.", "uds.", "pág.", "págs.", "pp.", "art.", "arts.",
	"cap.", "vol.", "vols.", "fig.", "n.º", "núm.", "nro.", "tel.", "av.", "avda.", "etc.",
	"ej.", "cts.", "mill.", "ltda.", "cía.", "res.", "ord.", "exp.", "fs.", "cta.", "admón.",
	"dpto.", "depto.", "aprox.", "máx.", "mín.", "pza.", "adj.", "ref.", "ee.", "uu.", NULL
};

bool typo_es_abbreviation(const char *word, gssize len)
{
	char *w = g_utf8_strdown(word, len);
	bool yes = in_list(w, abbreviations);

	g_free(w);
	return yes;
}

/* Does the period at P end an abbreviation? */
static bool abbreviation_at(const struct typo_unit *u, gssize p)
{
	gssize s;
	char *w = word_before(u, p + 1, &s);
	bool yes = false;

	if (w) {
		glong n = g_utf8_strlen(w, -1);
		gunichar before = typo_c(u, s - 1);
		const char *dot = strchr(w, '.');
		yes = n == 2 || in_list(w, abbreviations) ||
		      /* S.A., p.ej., and the last part of S. A., EE.‹thin›UU. */
		      (dot && dot[1]) ||
		      (n <= 4 && (before == '.' || (is_gap(before) && typo_c(u, s - 2) == '.')));
	}
	g_free(w);
	return yes;
}

/* ---- ES-33 protected content in running text ------------------------------ */

static void protect(struct typo_unit *u, gssize from, gssize to)
{
	for (gssize k = from; k < to; k++)
		typo_at(u, k)->flags |= TYPO_C_PROTECT;
}

/* End of a URL or path token starting at I: up to a space or a quotation
 * mark, less trailing punctuation (a sentence period is not part of a URL). */
static gssize token_end(const struct typo_unit *u, gssize i)
{
	gssize e = i, len = u->ch->len;
	int paren = 0, bracket = 0;

	while (e < len && !typo_frozen(u, e) && !is_space(typo_c(u, e)) &&
	       !in(typo_c(u, e), "\"«»“”<>"))
		e++;
	for (gssize k = i; k < e; k++) {
		gunichar c = typo_c(u, k);
		paren += c == '(' ? 1 : c == ')' ? -1 : 0;
		bracket += c == '[' ? 1 : c == ']' ? -1 : 0;
	}
	for (;;) {
		gunichar c = typo_c(u, e - 1);
		if (e > i && (in(c, ".,;:!?'’") || (c == ')' && paren < 0) || (c == ']' && bracket < 0))) {
			paren += c == ')';
			bracket += c == ']';
			e--;
		} else {
			return e;
		}
	}
}

static bool email_char(gunichar c, bool local)
{
	return (c < 128 && g_ascii_isalnum((char)c)) || c == '.' || c == '-' ||
	       (local && (c == '_' || c == '%' || c == '+'));
}

static void es_protect(struct typo_unit *u)
{
	gssize len = u->ch->len;

	for (gssize i = 0; i < len; i++) {
		gunichar c = typo_c(u, i), p = typo_c(u, i - 1);
		gssize e = i;
		if (typo_frozen(u, i))
			continue;
		bool start = i == 0 || !(is_alnum(p) || in(p, "./@-_:\\"));
		if (start && (spells(u, i, "http://", true) || spells(u, i, "https://", true) ||
			      spells(u, i, "ftp://", true) || spells(u, i, "www.", true))) {
			e = token_end(u, i);
		} else if (start && c == '/' && !is_alnum(p)) {
			/* A path: /word/… with at least two slashes and a letter. */
			gssize t = token_end(u, i), slashes = 0, letters = 0;
			for (gssize k = i; k < t; k++) {
				slashes += typo_c(u, k) == '/';
				letters += is_letter(typo_c(u, k));
			}
			if (slashes >= 2 && letters && typo_c(u, i + 1) != '/')
				e = t;
		} else if (start && c < 128 && g_ascii_isalpha((char)c) && typo_c(u, i + 1) == ':' &&
			   typo_c(u, i + 2) == '\\') {
			e = token_end(u, i);
		} else if (c == '@' && email_char(p, true)) {
			gssize s = i, d = i + 1, dot = 0;
			while (s > 0 && email_char(typo_c(u, s - 1), true) && !typo_frozen(u, s - 1))
				s--;
			while (typo_c(u, s) == '.')
				s++;
			while (d < len && email_char(typo_c(u, d), false) && !typo_frozen(u, d))
				d++;
			while (d > i + 1 && in(typo_c(u, d - 1), ".-"))
				d--;
			for (gssize k = i + 1; k < d; k++)
				dot += typo_c(u, k) == '.';
			if (s < i && dot)
				protect(u, s, d), i = d - 1;
			continue;
		}
		if (e > i) {
			protect(u, i, e);
			i = e - 1;
		}
	}
}

/* ---- ES-01 whitespace ------------------------------------------------------ */

/* The end of the run of spaces the loop below works on that starts at I
 * (I: none starts there). */
static gssize space_run(const struct typo_unit *u, gssize i)
{
	gssize j = i, len = u->ch->len;
	while (j < len && is_space(typo_c(u, j)) && typo_c(u, j) != TYPO_LB && !typo_frozen(u, j))
		j++;
	return j;
}

/* Does the loop below leave the run of spaces [I, J) as it is, having
 * changed nothing before it? Only a lone space, ⍽ or thin space between
 * two words stays (the edges of the unit and of a line lose theirs). */
static bool space_run_stays(const struct typo_unit *u, gssize i, gssize j)
{
	gunichar c = typo_c(u, i);
	return j - i == 1 && (c == ' ' || c == TYPO_NBSP || c == TYPO_THIN) && i > 0 &&
	       j < (gssize)u->ch->len && typo_c(u, j) != TYPO_LB && typo_c(u, i - 1) != TYPO_LB;
}

static void es_whitespace(struct typo_unit *u)
{
	gssize len = u->ch->len, from = 0;

	/* Most text is typed with one space between words: find the first run
	 * of spaces that changes, and take what comes before it as it is. */
	while (from < len) {
		gssize j = space_run(u, from);
		if (j == from)
			from++;
		else if (space_run_stays(u, from, j))
			from = j;
		else
			break;
	}
	if (from == len)
		return;
	typo_begin_copy(u, (guint)from);
	for (gssize i = from; i < len;) {
		struct typo_ch *ch = typo_at(u, i);
		if (typo_frozen(u, i) || !is_space(ch->c) || ch->c == TYPO_LB) {
			typo_put(u, *ch);
			i++;
			continue;
		}
		gssize j = i, nb = -1;
		bool newline = false, tab = false;
		for (; j < len && is_space(typo_c(u, j)) && typo_c(u, j) != TYPO_LB && !typo_frozen(u, j); j++) {
			gunichar c = typo_c(u, j);
			newline |= c == '\n' || c == '\r';
			tab |= c == '\t';
			if (nb < 0 && (c == TYPO_NBSP || c == TYPO_THIN))
				nb = j;
		}
		const struct typo_ch *last = typo_out_last(u, 0);
		bool edge = !u->tmp->len || j == len || typo_c(u, j) == TYPO_LB ||
			    (last && last->c == TYPO_LB);
		if (!edge) {
			struct typo_ch keep = *typo_at(u, nb >= 0 ? nb : i);
			if (nb < 0)
				keep.c = ' ';
			typo_put(u, keep);
			if (nb < 0 && !newline && (j - i > 1 || tab)) {
				gssize a = back_words(u, i, 1), b = fwd_words(u, j, 1);
				char *w1 = typo_text(u, a, i), *w2 = typo_text(u, j, b);
				find_pair(u, DIAG_W_DOUBLE_SPACE, i, true, typo_text(u, a, b),
					  g_strconcat(w1, " ", w2, NULL));
				g_free(w1);
				g_free(w2);
			}
		}
		i = j;
	}
	typo_end(u);
}

/* ---- ES-11 ellipsis -------------------------------------------------------- */

/* A run of periods starts at I: its length (0: none). */
static gssize periods_at(const struct typo_unit *u, gssize i)
{
	gssize j = i;
	if (typo_c(u, i) != '.' || typo_frozen(u, i) || typo_c(u, i - 1) == '.')
		return 0;
	while (typo_c(u, j) == '.' && !typo_frozen(u, j))
		j++;
	return j - i;
}

static void es_ellipsis(struct typo_unit *u)
{
	gssize len = u->ch->len, run = 0;

	/* Most units have periods but no run of three or more, and then this
	 * rule changes and finds nothing: look before rebuilding. */
	while (run < len && periods_at(u, run) < 3)
		run++;
	if (run == len)
		return;
	typo_begin_copy(u, (guint)run);
	for (gssize i = run; i < len;) {
		struct typo_ch *ch = typo_at(u, i);
		gssize j = i;
		if (ch->c != '.' || typo_frozen(u, i) || typo_c(u, i - 1) == '.') {
			typo_put(u, *ch);
			i++;
			continue;
		}
		while (typo_c(u, j) == '.' && !typo_frozen(u, j))
			j++;
		if (j - i < 3) {
			/* One or two periods: nothing to say about the word before. */
			for (; i < j; i++)
				typo_put(u, *typo_at(u, i));
			continue;
		}
		gssize a = back_words(u, i, 1);
		char *word = typo_text(u, a, i);
		char *low = g_utf8_strdown(word, -1);
		if (j - i == 3 && !g_str_has_suffix(low, "etc")) {
			struct typo_ch e = *ch;
			e.c = ELLIPSIS;
			typo_put(u, e);
		} else {
			if (j - i == 3)
				find_pair(u, DIAG_W_ETC_ELLIPSIS, i, false, typo_text(u, a, j),
					  g_strconcat(word, ".", NULL));
			else if (j - i > 3)
				find_pair(u, DIAG_W_ELLIPSIS, i, false, typo_text(u, a, j),
					  g_strconcat(word, "...", NULL));
			for (gssize k = i; k < j; k++)
				typo_put(u, *typo_at(u, k));
		}
		g_free(word);
		g_free(low);
		i = j;
	}
	typo_end(u);
}

/* ---- ES-02 no space before closing signs, none after opening signs ---------- */

/* A closing sign at I that takes no space before it (not the comma of 3,5
 * nor the first period of "..."). */
static inline bool closing_at(const struct typo_unit *u, gssize i, const struct typo_set *closers)
{
	gunichar c = typo_c(u, i), next = typo_c(u, i + 1);
	return in_set(closers, c, CLOSING_SIGNS) && !typo_frozen(u, i) &&
	       !(in(c, ".,") && is_digit(next)) && !(c == '.' && next == '.');
}

/* How many gaps end the first END characters of B (protected and foreign
 * ones excepted): the spaces a closing sign after them takes away. */
static guint gaps_before(const struct typo_buf *b, guint end)
{
	guint k = 0;
	while (k < end && is_gap(b->v[end - 1 - k].c) &&
	       !(b->v[end - 1 - k].flags & (TYPO_C_PROTECT | TYPO_C_FOREIGN)))
		k++;
	return k;
}

/* After an opening sign at I, where the gaps that follow it end; I + 1 when
 * there is no opening sign at I. */
static inline gssize opening_gaps_end(const struct typo_unit *u, gssize i, const struct typo_set *openers)
{
	gssize j = i + 1, len = u->ch->len;
	if (!in_set(openers, typo_c(u, i), OPENING_SIGNS) || typo_frozen(u, i))
		return j;
	while (j < len && is_gap(typo_c(u, j)) && !typo_frozen(u, j))
		j++;
	return j;
}

static void es_spacing(struct typo_unit *u)
{
	gssize len = u->ch->len, from;
	struct typo_set closers, openers;

	set_of_signs(&closers, CLOSING_SIGNS);
	set_of_signs(&openers, OPENING_SIGNS);
	/* Most units have their signs where they belong: find the first that
	 * is not (the text before it being as typed, as the loop below sees
	 * it), and take what comes before it as it is. */
	for (from = 0; from < len; from++) {
		guint k = closing_at(u, from, &closers) ? gaps_before(u->ch, (guint)from) : 0;
		gssize j = opening_gaps_end(u, from, &openers);
		if ((k && k < (guint)from) || (j > from + 1 && j < len))
			break;
	}
	if (from == len)
		return;
	typo_begin_copy(u, (guint)from);
	for (gssize i = from; i < len; i++) {
		struct typo_ch *ch = typo_at(u, i);
		if (closing_at(u, i, &closers)) {
			guint k = gaps_before(u->tmp, u->tmp->len);
			if (k && k < u->tmp->len) {
				gssize a = back_words(u, i - (gssize)k, 1);
				char *w = typo_text(u, a, i - (gssize)k), *s = typo_text(u, i, i + 1);
				typo_find(u, DIAG_W_SPACE_BEFORE_PUNCT, typo_out_last(u, k - 1), true, NULL, NULL, NULL);
				struct typo_finding *f = g_ptr_array_index(u->findings, u->findings->len - 1);
				g_free(f->arg[0]);
				g_free(f->arg[1]);
				f->arg[0] = typo_text(u, a, i + 1);
				f->arg[1] = g_strconcat(w, s, NULL);
				g_free(w);
				g_free(s);
				while (k--)
					typo_out_pop(u);
			}
		}
		typo_put(u, *ch);
		gssize j = opening_gaps_end(u, i, &openers);
		if (j > i + 1 && j < len) {
			gssize b = fwd_words(u, j, 1);
			char *s = typo_text(u, i, i + 1), *w = typo_text(u, j, b);
			find_pair(u, DIAG_W_SPACE_AFTER_OPENING, i + 1, true, typo_text(u, i, b),
				  g_strconcat(s, w, NULL));
			g_free(s);
			g_free(w);
			i = j - 1;
		}
	}
	typo_end(u);
}

/* ---- ES-06 apostrophe ------------------------------------------------------ */

static void es_apostrophe(struct typo_unit *u)
{
	for (gssize i = 0; i < (gssize)u->ch->len; i++) {
		struct typo_ch *ch = typo_at(u, i);
		gunichar p = typo_c(u, i - 1), n = typo_c(u, i + 1);
		if (typo_frozen(u, i) || (ch->c != '\'' && ch->c != 0x2019))
			continue;
		if (is_letter(p) && is_letter(n)) {
			ch->c = 0x2019;
			ch->flags |= TYPO_C_DONE;
		} else if (ch->c == '\'' && is_digit(p) && is_digit(n)) {
			gssize a = i, b = i + 1;
			while (a > 0 && (is_digit(typo_c(u, a - 1)) || in(typo_c(u, a - 1), ".,'")))
				a--;
			while (is_digit(typo_c(u, b)) || in(typo_c(u, b), ".,'"))
				b++;
			char *found = typo_text(u, a, b);
			GString *sug = g_string_new(NULL);
			for (gssize k = a; k < b; k++)
				g_string_append_unichar(sug, k == i ? (ch->loc == TYPO_L_ES_MX ? '.' : ',')
							: typo_c(u, k));
			find_pair(u, DIAG_W_APOSTROPHE_NUMBER, i, false, found, g_string_free(sug, FALSE));
			ch->flags |= TYPO_C_DONE;
		}
	}
}

/* ---- ES-04 quotation marks ------------------------------------------------- */

enum { Q_ELEMENT, Q_DOUBLE, Q_SINGLE };

struct qopen {
	int kind;
	struct typo_ch ch;   /* the mark as typed, for the position of a warning */
	gssize at;           /* its index in the rebuilt text */
};

static void unbalanced(struct typo_unit *u, const struct typo_ch *at, const char *what, gssize i)
{
	gssize a = back_words(u, i, 3), b = fwd_words(u, i + 1, 3);
	char *found = typo_text(u, a, b);
	typo_find(u, DIAG_W_UNBALANCED_QUOTE, at, false, what, found, NULL);
	g_free(found);
}

/* Rule 4: no space just inside the marks. */
static gssize skip_inner_space(struct typo_unit *u, gssize i)
{
	gssize j = i + 1, len = u->ch->len;
	while (j < len && is_gap(typo_c(u, j)) && !typo_frozen(u, j))
		j++;
	if (j > i + 1 && j < len) {
		gssize b = fwd_words(u, j, 1);
		char *w = typo_text(u, j, b);
		struct typo_ch mark = *typo_out_last(u, 0);
		char m[8] = { 0 };
		g_unichar_to_utf8(mark.c == TYPO_QOPEN ? 0xAB : mark.c, m);
		find_pair(u, DIAG_W_SPACE_AFTER_OPENING, i + 1, true, g_strconcat(m, " ", w, NULL),
			  g_strconcat(m, w, NULL));
		g_free(w);
		return j - 1;
	}
	return i;
}

static void drop_inner_space(struct typo_unit *u, gunichar mark, gssize i)
{
	guint k = 0;
	const struct typo_ch *t;
	while ((t = typo_out_last(u, k)) && is_gap(t->c) && !(t->flags & (TYPO_C_PROTECT | TYPO_C_FOREIGN)))
		k++;
	if (!k || !typo_out_last(u, k))
		return;
	gssize a = back_words(u, i - (gssize)k, 1);
	char *w = typo_text(u, a, i - (gssize)k), m[8] = { 0 };
	g_unichar_to_utf8(mark == TYPO_QCLOSE ? 0xBB : mark, m);
	typo_find(u, DIAG_W_SPACE_BEFORE_PUNCT, typo_out_last(u, k - 1), true, NULL, NULL, NULL);
	struct typo_finding *f = g_ptr_array_index(u->findings, u->findings->len - 1);
	g_free(f->arg[0]);
	g_free(f->arg[1]);
	f->arg[0] = g_strconcat(w, " ", m, NULL);
	f->arg[1] = g_strconcat(w, m, NULL);
	g_free(w);
	while (k--)
		typo_out_pop(u);
}

static void es_quotes(struct typo_unit *u)
{
	static const gunichar rae_open[3] = { 0xAB, 0x201C, 0x2018 }, rae_close[3] = { 0xBB, 0x201D, 0x2019 };
	static const gunichar latam_open[3] = { 0x201C, 0x2018, 0xAB }, latam_close[3] = { 0x201D, 0x2019, 0xBB };
	const gunichar *open = u->opts->quotes_latam ? latam_open : rae_open;
	const gunichar *close = u->opts->quotes_latam ? latam_close : rae_close;
	GArray *stack = g_array_new(FALSE, FALSE, sizeof(struct qopen));
	gssize len = u->ch->len;

	for (int d = 0; d < u->qdepth; d++) {
		struct qopen q = { Q_ELEMENT, { 0, -1, 0, 0, 0 }, 0 };
		g_array_append_val(stack, q);
	}
	typo_begin(u);
	for (gssize i = 0; i < len; i++) {
		struct typo_ch ch = *typo_at(u, i);
		int kind = Q_DOUBLE;
		bool opens;

		if (ch.c == TYPO_QOPEN) {
			struct qopen q = { Q_ELEMENT, ch, u->tmp->len };
			g_array_append_val(stack, q);
			typo_put(u, ch);
			i = skip_inner_space(u, i);
			continue;
		}
		if (ch.c == TYPO_QCLOSE) {
			drop_inner_space(u, ch.c, i);
			while (stack->len && g_array_index(stack, struct qopen, stack->len - 1).kind != Q_ELEMENT) {
				struct qopen *q = &g_array_index(stack, struct qopen, stack->len - 1);
				unbalanced(u, &q->ch, _("an opening quotation mark that is never closed"), i);
				g_array_set_size(stack, stack->len - 1);
			}
			if (stack->len)
				g_array_set_size(stack, stack->len - 1);
			typo_put(u, ch);
			continue;
		}
		if (typo_frozen(u, i) || (ch.flags & TYPO_C_DONE) || !in(ch.c, QUOTE_MARKS)) {
			typo_put(u, ch);
			continue;
		}
		if (in(ch.c, "'‘’"))
			kind = Q_SINGLE;
		if (ch.c == '"' || ch.c == '\'') {
			const struct typo_ch *p = typo_out_last(u, 0), *pp = typo_out_last(u, 1);
			gunichar next = typo_c(u, i + 1);
			bool ctx = !p || is_space(p->c) || is_opening(p->c) || in(p->c, "—/") ||
				   (in(p->c, "-–") && (!pp || is_space(pp->c)));
			/* Rule 1; a mark before closing punctuation ("hola ".) closes. */
			opens = ctx && next && !is_space(next) && next != TYPO_QCLOSE &&
				!in(next, ",.;:!?…)]}");
			if (!opens && ctx) {
				/* A closing mark with nothing to close after a space opens
				 * (" hola"), a space inside the marks that rule 4 removes. */
				bool any = false;
				for (guint k = stack->len; k-- > 0;) {
					int qk = g_array_index(stack, struct qopen, k).kind;
					if (qk == Q_ELEMENT)
						break;
					any |= qk == kind;
				}
				opens = !any;
			}
		} else {
			opens = in(ch.c, "«“‘");
		}
		/* quotes=preserve: a curly mark keeps its glyph, and still counts. */
		bool relevel = ch.c == '"' || ch.c == '\'' || !u->opts->quotes_preserve;
		if (opens) {
			struct qopen q = { kind, ch, u->tmp->len };
			if (relevel)
				ch.c = open[stack->len % 3];
			g_array_append_val(stack, q);
			typo_put(u, ch);
			i = skip_inner_space(u, i);
			continue;
		}
		/* Closing: the nearest open mark of its kind inside the current <q>. */
		gssize k = -1;
		for (guint s = stack->len; s-- > 0;) {
			int qk = g_array_index(stack, struct qopen, s).kind;
			if (qk == Q_ELEMENT)
				break;
			if (qk == kind) {
				k = s;
				break;
			}
		}
		if (k < 0 && kind == Q_SINGLE && is_letter(typo_c(u, i - 1))) {
			ch.c = 0x2019;   /* an elision at the end of a word: pa’ */
			typo_put(u, ch);
			continue;
		}
		drop_inner_space(u, kind == Q_SINGLE ? 0x2019 : 0xBB, i);
		if (k < 0) {
			unbalanced(u, &ch, _("a closing quotation mark that closes nothing"), i);
			if (relevel)
				ch.c = close[(stack->len ? stack->len - 1 : 0) % 3];
		} else {
			for (guint s = stack->len; s-- > (guint)k + 1;)
				unbalanced(u, &g_array_index(stack, struct qopen, s).ch,
					   _("an opening quotation mark that is never closed"), i);
			g_array_set_size(stack, k);
			if (relevel)
				ch.c = close[k % 3];
			ch.flags |= TYPO_C_QMARK;
		}
		typo_put(u, ch);
	}
	typo_end(u);
	for (guint s = 0; s < stack->len; s++) {
		struct qopen *q = &g_array_index(stack, struct qopen, s);
		if (q->kind != Q_ELEMENT)
			unbalanced(u, &q->ch, _("an opening quotation mark that is never closed"), q->at);
	}
	g_array_free(stack, TRUE);
}

/* ---- ES-05 (b) the period after the closing quotation mark ------------------- */

static bool closes_quote(const struct typo_unit *u, gssize i)
{
	const struct typo_ch *c = typo_at(u, i);
	return c && ((c->flags & TYPO_C_QMARK) || c->c == TYPO_QCLOSE);
}

static void es_quote_period(struct typo_unit *u)
{
	for (gssize i = 1; i < (gssize)u->ch->len; i++) {
		if (!closes_quote(u, i) || closes_quote(u, i - 1) || typo_c(u, i - 1) != '.' ||
		    typo_frozen(u, i - 1) || typo_c(u, i - 2) == '.' || abbreviation_at(u, i - 1))
			continue;
		gssize j = i;
		while (closes_quote(u, j))
			j++;
		gssize k = j;
		while (is_space(typo_c(u, k)))
			k++;
		if (typo_c(u, j) && !(is_space(typo_c(u, j)) && !is_lower(typo_c(u, k))))
			continue;
		gssize a = back_words(u, i - 1, 2);
		char *w = typo_text(u, a, i - 1), *q = typo_text(u, i, j);
		find_pair(u, DIAG_W_QUOTE_PERIOD, i - 1, false, typo_text(u, a, j),
			  g_strconcat(w, q, ".", NULL));
		g_free(w);
		g_free(q);
	}
}

/* ---- ES-10 minus sign ------------------------------------------------------ */

static void es_minus(struct typo_unit *u)
{
	for (gssize i = 0; i < (gssize)u->ch->len; i++) {
		struct typo_ch *ch = typo_at(u, i);
		gunichar p = typo_c(u, i - 1);
		if (ch->c == '-' && !typo_frozen(u, i) && is_digit(typo_c(u, i + 1)) &&
		    (i == 0 || is_space(p) || in(p, "([=") || p == TYPO_QOPEN))
			ch->c = MINUS;
	}
}

/* ---- ES-08 raya in dialogue ------------------------------------------------ */

static void es_dialogue(struct typo_unit *u)
{
	gssize len = u->ch->len, s = 0, j, k;

	while (s < len && (typo_c(u, s) == TYPO_QOPEN || typo_c(u, s) == TYPO_LB))
		s++;
	gunichar c = typo_c(u, s);
	if (typo_frozen(u, s) || !(c == RAYA || c == ENDASH || c == '-'))
		return;
	for (j = s + 1; c == '-' && typo_c(u, j) == '-'; j++)
		;
	if (j - s > 3)
		return;
	if (u->kind == TYPO_K_ITEM) {
		/* A list marker typed by the author: left as it is. */
		for (gssize m = s; m < j; m++)
			typo_at(u, m)->flags |= TYPO_C_DONE;
		return;
	}
	for (k = j; k < len && (is_gap(typo_c(u, k)) || typo_c(u, k) == TYPO_WJ); k++)
		;
	if (k == len)
		return;
	typo_begin(u);
	for (gssize i = 0; i < s; i++)
		typo_put(u, *typo_at(u, i));
	struct typo_ch d = *typo_at(u, s);
	d.c = RAYA;
	d.flags |= TYPO_C_DONE;
	typo_put(u, d);
	typo_put_new(u, TYPO_WJ, s);
	for (gssize i = k; i < len; i++)
		typo_put(u, *typo_at(u, i));
	typo_end(u);
	u->dialogue = true;
}

/* ---- ES-07 raya for incisos ------------------------------------------------ */

/* How many characters at I make a raya (0: none). */
static gssize raya_at(struct typo_unit *u, gssize i, bool open)
{
	gunichar c = typo_c(u, i), next = typo_c(u, i + 1);
	const struct typo_ch *p = typo_out_last(u, 0);
	bool sp_before = !p || is_space(p->c) || p->c == TYPO_QOPEN;
	bool sp_after = !next || is_space(next);

	if (typo_frozen(u, i) || (typo_at(u, i)->flags & TYPO_C_DONE))
		return 0;
	if (c == RAYA)
		return 1;
	if (c == ENDASH)
		return sp_before || sp_after;
	if (c != '-')
		return 0;
	gssize r = 1;
	while (typo_c(u, i + r) == '-' && !typo_frozen(u, i + r))
		r++;
	if (r == 2 || r == 3)
		return r;
	if (r > 3)
		return -r;   /* a rule of hyphens: copied as it is */
	if (sp_before && (sp_after || is_letter(next) || in(next, "¿¡«“‘\"'(")))
		return 1;
	if (open && p && is_letter(p->c) && (sp_after || is_punct_after(next)))
		return 1;
	return 0;
}

static void es_rayas(struct typo_unit *u)
{
	gssize len = u->ch->len;
	bool open = false;
	struct typo_ch opened = { 0, -1, 0, 0, 0 };
	gssize opened_at = 0;

	typo_begin(u);
	for (gssize i = 0; i < len;) {
		gssize r = raya_at(u, i, open);
		if (r <= 0) {
			for (gssize k = 0; k < (r < 0 ? -r : 1); k++)
				typo_put(u, *typo_at(u, i + k));
			i += r < 0 ? -r : 1;
			continue;
		}
		struct typo_ch d = *typo_at(u, i);
		d.c = RAYA;
		if (!open) {
			const struct typo_ch *last = typo_out_last(u, 0);
			if (last && !is_space(last->c) && !is_opening(last->c) && last->c != TYPO_WJ)
				typo_put_new(u, ' ', i);
			typo_put(u, d);
			typo_put_new(u, TYPO_WJ, i);
			i += r;
			while (i < len && (is_gap(typo_c(u, i)) || typo_c(u, i) == TYPO_WJ) && !typo_frozen(u, i))
				i++;
			open = true;
			opened = d;
			opened_at = u->tmp->len - 2;
		} else {
			const struct typo_ch *last;
			while ((last = typo_out_last(u, 0)) && (is_gap(last->c) || last->c == TYPO_WJ) &&
			       !(last->flags & (TYPO_C_FOREIGN | TYPO_C_PROTECT)))
				typo_out_pop(u);
			typo_put_new(u, TYPO_WJ, i);
			typo_put(u, d);
			i += r;
			gunichar next = typo_c(u, i);
			if (next && !is_space(next) && !is_punct_after(next))
				typo_put_new(u, ' ', i - 1);
			open = false;
		}
	}
	typo_end(u);
	if (open && !u->dialogue) {
		char *found = typo_text(u, back_words(u, opened_at, 1), fwd_words(u, opened_at, 4));
		typo_find(u, DIAG_W_UNCLOSED_INCISO, &opened, false, found, NULL, NULL);
		g_free(found);
	}
}

/* ---- ES-17 ordinals and n.º ------------------------------------------------ */

static const char *const ordinal_endings[] = {
	"ro", "ra", "ero", "era", "do", "da", "to", "ta", "mo", "ma", "vo", "va", "no", "na", NULL
};

/* N.º and friends at I: the length typed, and whether it is normalised. */
static gssize number_sign(const struct typo_unit *u, gssize i, bool *normalise)
{
	gunichar c1 = typo_c(u, i + 1), c2 = typo_c(u, i + 2);

	*normalise = true;
	if (in(c1, "º°") && !is_letter(c2))
		return 2;                                  /* Nº, N° */
	if (c1 == '.' && in(c2, "º°"))
		return 3;                                  /* N.º, N.° */
	if (c1 == 'o' && c2 == '.' && is_gap(typo_c(u, i + 3))) {
		gssize k = i + 3;                          /* No. 5 */
		while (is_gap(typo_c(u, k)))
			k++;
		if (is_digit(typo_c(u, k)))
			return 3;
	}
	*normalise = false;
	if (spells(u, i + 1, "ro.", false))
		return 4;                                  /* Nro. */
	if (spells(u, i + 1, "úm.", false))
		return 4;                                  /* Núm. */
	return 0;
}

/* A Roman numeral in its one standard spelling (1 to 3999): read its value,
 * write that value back, and compare. */
static bool roman_valid(const char *s)
{
	static const char *const ones[] = { "", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX" };
	static const char *const tens[] = { "", "X", "XX", "XXX", "XL", "L", "LX", "LXX", "LXXX", "XC" };
	static const char *const hundreds[] = { "", "C", "CC", "CCC", "CD", "D", "DC", "DCC", "DCCC", "CM" };
	static const char *const thousands[] = { "", "M", "MM", "MMM" };
	char buf[32];
	int v = 0;

	for (const char *p = s; *p; p++) {
		const char *digits = "IVXLCDM";
		static const int value[] = { 1, 5, 10, 50, 100, 500, 1000 };
		const char *d = strchr(digits, *p), *n = p[1] ? strchr(digits, p[1]) : NULL;
		if (!d)
			return false;
		int x = value[d - digits];
		v += n && value[n - digits] > x ? -x : x;
	}
	if (v < 1 || v > 3999)
		return false;
	g_snprintf(buf, sizeof buf, "%s%s%s%s", thousands[v / 1000], hundreds[v / 100 % 10],
		   tens[v / 10 % 10], ones[v % 10]);
	return strcmp(buf, s) == 0;
}

/* The Roman numeral of letters [I, J) in one case, uppercased, or NULL. */
static char *roman_at(const struct typo_unit *u, gssize i, gssize j)
{
	GString *s = g_string_new(NULL);
	bool up = is_upper(typo_c(u, i));
	for (gssize k = i; k < j; k++) {
		gunichar c = typo_c(u, k);
		if (typo_frozen(u, k) || is_upper(c) != up || !in(g_unichar_toupper(c), "IVXLCDM"))
			return g_string_free(s, TRUE), NULL;
		g_string_append_c(s, (char)g_unichar_toupper(c));
	}
	if (!s->len || !roman_valid(s->str))
		return g_string_free(s, TRUE), NULL;
	return g_string_free(s, FALSE);
}

static void es_ordinals(struct typo_unit *u)
{
	gssize len = u->ch->len;

	typo_begin(u);
	for (gssize i = 0; i < len;) {
		struct typo_ch ch = *typo_at(u, i);
		gunichar p = typo_c(u, i - 1);
		bool norm;
		gssize n, j, e;

		if (typo_frozen(u, i) || is_alnum(p)) {
			typo_put(u, ch);
			i++;
			continue;
		}
		if ((ch.c == 'N' || ch.c == 'n') && (n = number_sign(u, i, &norm))) {
			typo_put(u, ch);
			if (!norm) {
				for (gssize k = i + 1; k < i + n; k++)
					typo_put(u, *typo_at(u, k));
			} else {
				struct typo_ch o = *typo_at(u, i + n - 1);
				if (n == 2)
					typo_put_new(u, '.', i + 1);
				else
					typo_put(u, *typo_at(u, i + 1)), typo_out_last(u, 0)->c = '.';
				o.c = 0xBA;
				typo_put(u, o);
			}
			/* ⍽ before the number. */
			gssize k = i + n;
			while (is_gap(typo_c(u, k)) && !typo_frozen(u, k))
				k++;
			if (is_digit(typo_c(u, k))) {
				if (k > i + n) {
					struct typo_ch sp = *typo_at(u, i + n);
					sp.c = TYPO_NBSP;
					typo_put(u, sp);
				} else {
					typo_put_new(u, TYPO_NBSP, i + n - 1);
				}
				i = k;
			} else {
				i += n;
			}
			continue;
		}
		if (is_letter(ch.c)) {
			/* Roman numerals take no ordinal ending. */
			for (j = i; is_letter(typo_c(u, j)); j++)
				;
			char *r = in(typo_c(u, j), "ºª°") && (j - i > 1 || in(ch.c, "IVX")) ? roman_at(u, i, j) : NULL;
			if (r && is_upper(ch.c)) {
				char *found = typo_text(u, i, j + 1);
				find_pair(u, DIAG_W_ROMAN_ORDINAL, j, false, found, g_strdup(r));
			}
			g_free(r);
			for (gssize k = i; k < j; k++)
				typo_put(u, *typo_at(u, k));
			i = j;
			continue;
		}
		if (!is_digit(ch.c)) {
			typo_put(u, ch);
			i++;
			continue;
		}
		for (j = i; is_digit(typo_c(u, j)); j++)
			typo_put(u, *typo_at(u, j));
		gunichar a = typo_c(u, j), b = typo_c(u, j + 1);
		if (typo_frozen(u, j)) {
			i = j;
		} else if (in(a, "ºª")) {                          /* 1º → 1.º */
			/* The period goes with the digits (j - 1), in their
			 * text node: not inside a <hi rend="sup"> around the
			 * ending. */
			typo_put_new(u, '.', j - 1);
			typo_put(u, *typo_at(u, j));
			i = j + 1;
		} else if (a == '.' && in(b, "ºª°")) {             /* 1.° → 1.º */
			struct typo_ch o = *typo_at(u, j + 1);
			if (o.c == 0xB0)
				o.c = 0xBA;
			typo_put(u, *typo_at(u, j));
			typo_put(u, o);
			i = j + 2;
		} else if (a == 0xB0) {                            /* 1° word: ambiguous */
			gssize k = j + 1;
			while (is_gap(typo_c(u, k)))
				k++;
			/* 20° C is a temperature; "45° y 60°" ends the quantity. */
			bool temp = in(typo_c(u, k), "CF") && !is_letter(typo_c(u, k + 1));
			bool conj = in(typo_c(u, k), "yeou") && !is_letter(typo_c(u, k + 1));
			if (!is_letter(b) && k > j + 1 && is_letter(typo_c(u, k)) && !temp && !conj) {
				gssize we = fwd_words(u, k, 1);
				char *w = typo_text(u, k, we), *d = typo_text(u, i, j);
				find_pair(u, DIAG_W_DEGREE_ORDINAL, j, false, typo_text(u, i, we),
					  g_strconcat(d, ".º ", w, NULL));
				g_free(w);
				g_free(d);
			}
			i = j;
		} else {
			/* 1er, 1.er, 2do, 3ra… */
			gssize s = a == '.' ? j + 1 : j;
			for (e = s; typo_c(u, e) < 128 && g_ascii_islower((char)typo_c(u, e)) && !typo_frozen(u, e); e++)
				;
			char *suffix = e > s && !is_letter(typo_c(u, e)) ? typo_text(u, s, e) : NULL;
			if (suffix && strcmp(suffix, "er") == 0) {
				if (a == '.')
					typo_put(u, *typo_at(u, j));
				else
					typo_put_new(u, '.', j - 1);
				/* The ending is set in superscript letters (<hi
				 * rend="sup">), unless the author's markup already
				 * says how it looks. º and ª need nothing: they
				 * are superscript glyphs themselves. */
				for (gssize k = s; k < s + 2; k++) {
					struct typo_ch o = *typo_at(u, k);
					if (!(o.flags & TYPO_C_MARKED))
						o.flags |= TYPO_C_SUP;
					typo_put(u, o);
				}
				i = e;
			} else if (suffix && a != '.' && in_list(suffix, ordinal_endings)) {
				struct typo_ch o = *typo_at(u, s);
				o.c = suffix[strlen(suffix) - 1] == 'o' ? 0xBA : 0xAA;
				typo_put_new(u, '.', j - 1);
				typo_put(u, o);
				i = e;
			} else {
				i = j;
			}
			g_free(suffix);
		}
	}
	typo_end(u);
}

/* ---- ES-12, ES-13, ES-14 numbers -------------------------------------------- */

static const char *const units[], *const currencies[];
static gssize symbol_at(const struct typo_unit *u, gssize i, const char *const *list);

/* ES-13: the words after which a number is an identifier, lowercased. */
static const char *const number_names[] = {
	"año", "años", "página", "páginas", "pág.", "págs.", "p.", "pp.", "artículo", "artículos",
	"art.", "arts.", "ley", "leyes", "decreto", "dfl", "ds", "d.s.", "d. s.", "resolución",
	"res.", "oficio", "ord.", "expediente", "exp.", "rol", "código", "código postal", "cp",
	"c.p.", "c. p.", "apartado", "casilla", "folio", "fs.", "tel.", "teléfono", "fono",
	"celular", "fax", "rut", "run", "dni", "nif", "nit", "cuit", "cuil", "rfc", "curp", "ci",
	"cédula", "pasaporte", "cuenta", "cta.", "isbn", "issn", "doi", "boletín", "versión",
	"línea", "verso", NULL
};
static const char *const number_signs[] = {
	"n.º", "nº", "n°", "n.°", "núm.", "nro.", "no.", "#", NULL
};

static gssize skip_gaps_back(const struct typo_unit *u, gssize i)
{
	while (i > 0 && is_gap(typo_c(u, i - 1)))
		i--;
	return i;
}

/* The token (non-space run) ending just before I, lowercased. */
static char *token_before(const struct typo_unit *u, gssize i, gssize *start)
{
	gssize s = i;
	GString *w = g_string_new(NULL);
	while (s > 0 && !is_space(typo_c(u, s - 1)) && !typo_frozen(u, s - 1) && typo_c(u, s - 1) != TYPO_OBJ)
		s--;
	for (gssize k = s; k < i; k++)
		g_string_append_unichar(w, lower(typo_c(u, k)));
	*start = s;
	return g_string_free(w, FALSE);
}

/* ES-13: is the number at [I, E) a year, a law, a page, a phone…? */
static bool identifier_number(const struct typo_unit *u, gssize i, gssize e)
{
	gssize k = e, s;
	bool yes = false;

	while (is_gap(typo_c(u, k)))
		k++;
	if ((typo_c(u, k) == 'a' || typo_c(u, k) == 'd') && typo_c(u, k + 1) == '.') {
		k += 2;
		while (is_gap(typo_c(u, k)))
			k++;
		if (typo_c(u, k) == 'C' && typo_c(u, k + 1) == '.')
			return true;                      /* 300 a. C. */
	}
	k = skip_gaps_back(u, i);
	char *w = token_before(u, k, &s);
	if (in_list(w, number_signs)) {
		g_free(w);
		w = token_before(u, skip_gaps_back(u, s), &s);
	}
	/* "ley" or "D. S." and "código postal": one word, or two. */
	gssize s0;
	char *w0 = token_before(u, skip_gaps_back(u, s), &s0);
	char *two = g_strconcat(w0, " ", w, NULL);
	gsize n = strlen(w);
	if (n && in(w[n - 1], ",;:"))
		w[n - 1] = '\0';
	yes = in_list(w, number_names) || in_list(two, number_names);
	g_free(w);
	g_free(w0);
	g_free(two);
	return yes;
}

static bool three_digits(const struct typo_unit *u, gssize i)
{
	return is_digit(typo_c(u, i)) && is_digit(typo_c(u, i + 1)) && is_digit(typo_c(u, i + 2)) &&
	       !is_digit(typo_c(u, i + 3));
}

static void es_numbers(struct typo_unit *u)
{
	gssize len = u->ch->len;

	typo_begin(u);
	for (gssize i = 0; i < len;) {
		struct typo_ch *ch = typo_at(u, i);
		gunichar p = typo_c(u, i - 1);
		bool start = !is_alnum(p) && !in(p, ".,'’/-_:#@+") &&
			     !((is_gap(p)) && is_digit(typo_c(u, i - 2)));
		if (!is_digit(ch->c) || typo_frozen(u, i) || (ch->flags & TYPO_C_NONUM) || !start) {
			typo_put(u, *ch);
			i++;
			continue;
		}
		gunichar dec = ch->loc == TYPO_L_ES_MX ? '.' : ',', grp = ch->loc == TYPO_L_ES_MX ? ',' : '.';
		gssize j = i, e, k;
		while (is_digit(typo_c(u, j)))
			j++;
		gssize digits = j - i;
		GArray *gaps = g_array_new(FALSE, FALSE, sizeof(gssize));
		bool typed = false;
		if (typo_c(u, j) == grp && three_digits(u, j + 1)) {
			/* Grouped by the author with the locale's separator: as typed,
			 * or with numbers=rae, thin spaces (none for four digits). */
			for (e = j; typo_c(u, e) == grp && three_digits(u, e + 1); e += 4) {
				g_array_append_val(gaps, e);
				digits += 3;
			}
			j = e;
			typed = true;
		} else {
			if (digits <= 3 && typo_c(u, j) == ' ' && three_digits(u, j + 1)) {
				gssize total = digits;
				for (k = j; typo_c(u, k) == ' ' && three_digits(u, k + 1); k += 4) {
					g_array_append_val(gaps, k);
					total += 3;
				}
				if (total >= 5) {
					digits = total;
					j = k;
				} else {
					g_array_set_size(gaps, 0);
				}
			}
			e = j;
		}
		if (typo_c(u, e) == dec && is_digit(typo_c(u, e + 1)))
			for (e++; is_digit(typo_c(u, e)); e++)
				;
		gunichar a = typo_c(u, e), b = typo_c(u, e + 1);
		/* A unit or currency right after it (15000km) is ES-15's, and the
		 * number is still bare. */
		bool bare = (!is_alnum(a) || symbol_at(u, e, units) || symbol_at(u, e, currencies)) &&
			    !in(a, "/-_:'’") && !(in(a, ".,") && b && !is_space(b));
		bool group = bare && (typed ? u->opts->numbers_rae && digits >= 4 : digits >= 5) &&
			     !typo_frozen(u, e - 1) &&
			     ((ch->flags & TYPO_C_CARDINAL) || !identifier_number(u, i, e));
		for (k = i; k < e; k++) {
			struct typo_ch c = *typo_at(u, k);
			bool gap = k < j && (c.c == ' ' || (typed && c.c == grp));
			if (group && gaps->len && gap) {
				if (digits == 4)
					continue;          /* numbers=rae: 1.500 → 1500 */
				c.c = TYPO_THIN;
			} else if (group && !gaps->len && k > i && k < j && (j - k) % 3 == 0) {
				typo_put_new(u, TYPO_THIN, k - 1);
			}
			typo_put(u, c);
		}
		g_array_free(gaps, TRUE);
		i = e;
	}
	typo_end(u);
}

/* ---- ES-15 units, ES-16 currency -------------------------------------------- */

static const char *const units[] = {
	"km/h", "kWh", "MWh", "km²", "m²", "m³", "kHz", "MHz", "GHz", "km", "cm", "mm", "kg",
	"mg", "mL", "ml", "ha", "min", "kW", "MW", "GW", "Hz", "kB", "MB", "GB", "TB", "°C",
	"°F", "%", "‰", "m", "g", "t", "L", "l", "h", "s", "W", "V", "A", "B", NULL
};
static const char *const currencies[] = {
	"€", "$", "£", "¥", "₡", "₲", "₱", "USD", "EUR", "CLP", "CLF", "UF", "UTM", "COP", "MXN",
	"ARS", "PEN", "BRL", "GBP", "JPY", "CHF", "UYU", "BOB", "PYG", "VES", "DOP", "GTQ", "CRC",
	"HNL", "NIO", "PAB", "CUP", "CAD", NULL
};

/* Length of the first symbol of LIST at I followed by a non-letter, or 0. */
static gssize symbol_at(const struct typo_unit *u, gssize i, const char *const *list)
{
	for (; *list; list++) {
		if (!spells(u, i, *list, false))
			continue;
		gssize n = g_utf8_strlen(*list, -1);
		if (!is_letter(typo_c(u, i + n)))
			return n;
	}
	return 0;
}

/* After a digit at I: spaces then a symbol of LIST get one ⍽. */
static gssize glue_after_number(struct typo_unit *u, gssize i, const char *const *list)
{
	gssize k = i + 1, n;
	while (is_gap(typo_c(u, k)) && !typo_frozen(u, k))
		k++;
	if (!(n = symbol_at(u, k, list)))
		return i;
	gunichar gap = u->opts->percent_thin && in(typo_c(u, k), "%‰") ? TYPO_THIN : TYPO_NBSP;
	if (k > i + 1) {
		struct typo_ch sp = *typo_at(u, i + 1);
		sp.c = gap;
		typo_put(u, sp);
	} else {
		typo_put_new(u, gap, i);
	}
	for (gssize m = k; m < k + n; m++)
		typo_put(u, *typo_at(u, m));
	return k + n - 1;
}

static void es_units(struct typo_unit *u)
{
	gssize len = u->ch->len;

	typo_begin(u);
	for (gssize i = 0; i < len; i++) {
		typo_put(u, *typo_at(u, i));
		if (is_digit(typo_c(u, i)) && !typo_frozen(u, i) && !is_digit(typo_c(u, i + 1)))
			i = glue_after_number(u, i, units);
	}
	typo_end(u);
}

static void es_currency(struct typo_unit *u)
{
	static const char *const hybrid[][2] = {
		{"US$", "USD"}, {"U$S", "USD"}, {"MX$", "MXN"}, {"CLP$", "CLP"}, {"COL$", "COP"},
		{"AR$", "ARS"}, {"R$", "BRL"}, {"CA$", "CAD"}, {"A$", "AUD"}, {"NZ$", "NZD"},
	};
	gssize len = u->ch->len;
	struct typo_set first;

	/* A symbol is spelled exactly: only a word starting with the first
	 * character of one may be one. */
	memset(&first, 0, sizeof first);
	for (size_t h = 0; h < G_N_ELEMENTS(hybrid); h++)
		first_chars(&first, (const char *const[]){ hybrid[h][0], NULL });
	first_chars(&first, currencies);
	typo_begin(u);
	for (gssize i = 0; i < len; i++) {
		gssize n = 0;
		if (typo_frozen(u, i)) {
			typo_put(u, *typo_at(u, i));
			continue;
		}
		if (typo_set_has(&first, typo_c(u, i)) && word_start(u, i)) {
			for (size_t h = 0; h < G_N_ELEMENTS(hybrid) && !n; h++)
				if (spells(u, i, hybrid[h][0], false)) {
					n = g_utf8_strlen(hybrid[h][0], -1);
					gssize b = fwd_words(u, i, 2);
					find_pair(u, DIAG_W_HYBRID_CURRENCY, i, false, typo_text(u, i, b),
						  g_strdup(hybrid[h][1]));
				}
			if (!n)
				n = symbol_at(u, i, currencies);
		}
		if (n) {
			/* A symbol or code before the amount: a typed space becomes ⍽. */
			gssize k = i + n;
			for (gssize m = i; m < k; m++)
				typo_put(u, *typo_at(u, m));
			while (is_gap(typo_c(u, k)) && !typo_frozen(u, k))
				k++;
			if (k > i + n && is_digit(typo_c(u, k))) {
				struct typo_ch sp = *typo_at(u, i + n);
				sp.c = TYPO_NBSP;
				typo_put(u, sp);
				i = k - 1;
			} else {
				i += n - 1;
			}
			continue;
		}
		typo_put(u, *typo_at(u, i));
		if (is_digit(typo_c(u, i)) && !is_digit(typo_c(u, i + 1)))
			i = glue_after_number(u, i, currencies);
	}
	typo_end(u);
}

/* ---- ES-18 abbreviations, ES-19 etc. ---------------------------------------- */

/* Compound abbreviations; GLUE: 1 joined to the word before, 2 only to a number. */
static const struct { const char *parts[5]; int glue; } compounds[] = {
	{{"S.", "R.", "L.", NULL}, 1}, {{"S.", "A.", "S.", NULL}, 1}, {{"S.", "A.", NULL}, 1},
	{{"S.", "L.", NULL}, 1}, {{"a.", "C.", NULL}, 2}, {{"d.", "C.", NULL}, 2},
	{{"p.", "ej.", NULL}, 0}, {{"EE.", "UU.", NULL}, 0}, {{"q.", "e.", "p.", "d.", NULL}, 0},
	{{"P.", "D.", NULL}, 0}, {{"c.", "c.", NULL}, 0}, {{"s.", "f.", NULL}, 0},
};
/* (a): these take ⍽ before the name or number that follows (a digit or a
 * capital: "art.⍽5", "Sr.⍽Rojas", "s.⍽XV", not "págs. y"). */
static const char *const titles[] = {
	"Sr.", "Sres.", "Sra.", "Sras.", "Srta.", "Dr.", "Dres.", "Dra.", "D.ª", "D.", "Dña.",
	"Lic.", "Lcdo.", "Lcda.", "Ing.", "Prof.", "Profa.", "Excmo.", "Excma.", "Ilmo.", "Ilma.",
	"Mons.", "Gral.", "Sto.", "Sta.", "Ud.", "Uds.", "pág.", "págs.", "p.", "pp.", "art.",
	"arts.", "cap.", "vol.", "fig.", "n.º", "N.º", "núm.", "nro.", "tel.", "av.", "avda.",
	"s.", NULL
};
/* (b): a number before these takes ⍽. */
static const char *const after_number[] = {
	"págs.", "pág.", "pp.", "vols.", "vol.", "cts.", "mill.", NULL
};

/* Length of the compound abbreviation at I (and which), 0 if none. */
static gssize compound_at(const struct typo_unit *u, gssize i, size_t *which)
{
	for (size_t c = 0; c < G_N_ELEMENTS(compounds); c++) {
		gssize k = i;
		const char *const *part = compounds[c].parts;
		for (; *part; part++) {
			if (part != compounds[c].parts && is_gap(typo_c(u, k)))
				k++;
			if (!spells(u, k, *part, false))
				break;
			k += g_utf8_strlen(*part, -1);
		}
		if (!*part && !is_letter(typo_c(u, k))) {
			*which = c;
			return k - i;
		}
	}
	return 0;
}

/* The word in LIST at I (also capitalised), followed by a non-letter. */
static gssize listed_at(const struct typo_unit *u, gssize i, const char *const *list)
{
	gunichar c0 = typo_c(u, i);
	for (; *list; list++) {
		unsigned char b0 = (unsigned char)**list;
		if (b0 < 0x80) {
			if (c0 != b0 && c0 != ascii_upper(b0))
				continue;
		} else {
			gunichar w0 = g_utf8_get_char(*list);
			if (c0 != w0 && c0 != g_unichar_toupper(w0))
				continue;
		}
		const char *rest = g_utf8_next_char(*list);
		if (!typo_frozen(u, i) && (!*rest || spells(u, i + 1, rest, false))) {
			gssize n = g_utf8_strlen(*list, -1);
			if (!is_letter(typo_c(u, i + n)))
				return n;
		}
	}
	return 0;
}

static void put_range(struct typo_unit *u, gssize from, gssize to, unsigned flags)
{
	for (gssize k = from; k < to; k++) {
		struct typo_ch c = *typo_at(u, k);
		c.flags |= flags;
		typo_put(u, c);
	}
}

/* A gap at I (or none) between parts becomes GAP. */
static void put_gap(struct typo_unit *u, gssize i, gunichar gap)
{
	if (is_gap(typo_c(u, i))) {
		struct typo_ch c = *typo_at(u, i);
		c.c = gap;
		typo_put(u, c);
	} else {
		typo_put_new(u, gap, i - 1);
	}
}

static void es_abbreviations(struct typo_unit *u)
{
	gssize len = u->ch->len;

	typo_begin(u);
	for (gssize i = 0; i < len;) {
		struct typo_ch *ch = typo_at(u, i);
		gssize n;
		size_t which;
		if (typo_frozen(u, i) || !word_start(u, i) || typo_c(u, i - 1) == '.') {
			/* (b) 23 págs. */
			struct typo_ch c = *ch;
			if (c.c == ' ' && !typo_frozen(u, i) && is_digit(typo_c(u, i - 1)) &&
			    listed_at(u, i + 1, after_number))
				c.c = TYPO_NBSP;
			typo_put(u, c);
			i++;
			continue;
		}
		/* Compounds, initials and titles all open with letters and a
		 * period (S., J., Sr., pág., D.ª): a word without one is copied
		 * whole, its letters being no word start. */
		gssize e = i;
		while (is_letter(typo_c(u, e)))
			e++;
		if (typo_c(u, e) != '.') {
			do
				typo_put(u, *typo_at(u, i));
			while (++i < e);
			continue;
		}
		if ((n = compound_at(u, i, &which))) {
			/* (c) S.‹thin›A., joined by ⍽ to what it depends on. */
			struct typo_ch *sp = typo_out_last(u, 0), *before = typo_out_last(u, 1);
			if (sp && before && sp->c == ' ') {
				/* A company form follows a capitalised name; an era, a number. */
				gssize last = (gssize)u->tmp->len - 1, ws = last;
				while (ws > 0 && !is_space(u->tmp->v[ws - 1].c))
					ws--;
				while (ws < last && !is_alnum(u->tmp->v[ws].c))
					ws++;
				bool name = ws < last && is_upper(u->tmp->v[ws].c);
				if ((compounds[which].glue == 1 && name) ||
				    (compounds[which].glue == 2 && is_digit(before->c)))
					sp->c = TYPO_NBSP;
			}
			gssize k = i;
			for (const char *const *part = compounds[which].parts; *part; part++) {
				if (part != compounds[which].parts) {
					put_gap(u, k, TYPO_THIN);
					if (is_gap(typo_c(u, k)))
						k++;
				}
				gssize pl = g_utf8_strlen(*part, -1);
				put_range(u, k, k + pl, TYPO_C_DONE);
				k += pl;
			}
			i += n;
			continue;
		}
		if (is_upper(ch->c) && typo_c(u, i + 1) == '.') {
			/* (d) initials: J.‹thin›A.⍽Mendoza */
			gssize k = i, count = 0;
			GArray *at = g_array_new(FALSE, FALSE, sizeof(gssize));
			for (;;) {
				g_array_append_val(at, k);
				count++;
				gssize m = k + 2, s = is_gap(typo_c(u, m)) && typo_c(u, m) != TYPO_NBSP ? m + 1 : m;
				if (is_upper(typo_c(u, s)) && typo_c(u, s + 1) == '.' && !typo_frozen(u, s))
					k = s;
				else
					break;
			}
			gssize end = k + 2;
			bool surname = typo_c(u, end) == ' ' && is_upper(typo_c(u, end + 1)) &&
				       is_lower(typo_c(u, end + 2));
			if (count >= 2 || surname) {
				for (guint m = 0; m < at->len; m++) {
					gssize s = g_array_index(at, gssize, m);
					if (m)
						put_gap(u, s - 1, TYPO_THIN);
					put_range(u, s, s + 2, TYPO_C_DONE);
				}
				if (surname) {
					struct typo_ch sp = *typo_at(u, end);
					sp.c = TYPO_NBSP;
					typo_put(u, sp);
					end++;
				}
				g_array_free(at, TRUE);
				i = end;
				continue;
			}
			g_array_free(at, TRUE);
		}
		gunichar after = typo_c(u, i + (n = listed_at(u, i, titles)) + 1);
		if (n && typo_c(u, i + n) == ' ' && (is_digit(after) || is_upper(after) || after == TYPO_OBJ)) {
			/* (a) Sr.⍽Rojas, art.⍽5 */
			put_range(u, i, i + n, 0);
			struct typo_ch sp = *typo_at(u, i + n);
			sp.c = TYPO_NBSP;
			typo_put(u, sp);
			i += n + 1;
			continue;
		}
		typo_put(u, *ch);
		i++;
	}
	typo_end(u);
}

static void es_etc(struct typo_unit *u)
{
	for (gssize i = 1; i < (gssize)u->ch->len; i++) {
		struct typo_ch *ch = typo_at(u, i - 1);
		if (ch->c == ' ' && !typo_frozen(u, i - 1) &&
		    (spells(u, i, "etc.", false) || spells(u, i, "Etc.", false)))
			ch->c = TYPO_NBSP;
	}
}

/* ---- ES-21 Roman numerals after siglo ---------------------------------------- */

static bool sentence_start(const struct typo_unit *u, gssize i)
{
	while (i > 0 && (is_space(typo_c(u, i - 1)) || typo_c(u, i - 1) == TYPO_QOPEN))
		i--;
	return i == 0 || in(typo_c(u, i - 1), ".!?…¿¡«“‘(—");
}

/* Marks the numeral at [K, M) for small capitals; uppercases a lowercase one.
 * A numeral the author marked up (<num>, rend="smallcaps") is left alone. */
static void small_caps(struct typo_unit *u, gssize k, gssize m, const char *upper)
{
	if (typo_at(u, k)->flags & TYPO_C_MARKED)
		return;
	if (is_lower(typo_c(u, k))) {
		gssize a = back_words(u, k, 1);
		char *before = typo_text(u, a, k);
		find_pair(u, DIAG_W_ROMAN_LOWERCASE, k, true, typo_text(u, a, m),
			  g_strconcat(before, upper, NULL));
		g_free(before);
	}
	for (gssize x = k; x < m; x++) {
		struct typo_ch *c = typo_at(u, x);
		c->c = g_unichar_toupper(c->c);
		c->flags |= TYPO_C_SC;
	}
}

static void es_roman(struct typo_unit *u)
{
	static const char *const nouns[] = { "siglo", "siglos", "milenio", "milenios", "s.", NULL };
	gssize len = u->ch->len;

	for (gssize i = 0; i < len; i++) {
		gssize j = i, k;
		if (typo_frozen(u, i) || !is_letter(typo_c(u, i)) || !word_start(u, i))
			continue;
		while (is_letter(typo_c(u, j)))
			j++;
		if (typo_c(u, j) == '.' && j - i == 1)
			j++;
		/* in_list(word_before(u, j), nouns), cheaply: every noun starts
		 * with s or m, and is a word of its own (were the word to reach
		 * back past I, over a '.', º or ª, it would hold that sign before
		 * its end, which no noun does). Most words stop at the first test. */
		gunichar first = lower(typo_c(u, i)), before = typo_c(u, i - 1);
		bool noun = (first == 's' || first == 'm') &&
			    !(i > 0 && (is_letter(before) || in(before, ".ºª"))) &&
			    lowered_in_list(u, i, j, nouns);
		if (!noun) {
			i = j - 1;
			continue;
		}
		/* lowercase, or capitalised only because a sentence starts */
		bool lowcase = is_lower(typo_c(u, i)), capital = is_upper(typo_c(u, i)) && sentence_start(u, i);
		for (gssize x = i + 1; x < j && capital; x++)
			capital = !is_upper(typo_c(u, x));
		if (!(lowcase || capital)) {
			i = j - 1;
			continue;
		}
		/* The numeral, then any linked by , y e o u al a - */
		for (k = j;;) {
			while (is_gap(typo_c(u, k)))
				k++;
			gssize m = k;
			while (is_letter(typo_c(u, m)))
				m++;
			char *r = m > k ? roman_at(u, k, m) : NULL;
			if (!r)
				break;
			small_caps(u, k, m, r);
			g_free(r);
			k = m;
			gssize l = k;
			while (is_gap(typo_c(u, l)))
				l++;
			if (in(typo_c(u, l), ",-–")) {
				k = l + 1;
				continue;
			}
			gssize le = l;
			while (is_letter(typo_c(u, le)))
				le++;
			char *link = typo_text(u, l, le);
			bool linked = le > l && is_gap(typo_c(u, le)) &&
				      in_list(link, (const char *const[]){ "y", "e", "o", "u", "al", "a", NULL });
			g_free(link);
			if (!linked)
				break;
			k = le;
		}
		i = k > j ? k - 1 : j - 1;
	}
}

/* ---- ES-22 months are lowercase ---------------------------------------------- */

static void es_months(struct typo_unit *u)
{
	static const char *const months[] = {
		"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
		"septiembre", "setiembre", "octubre", "noviembre", "diciembre", NULL
	};
	static const char *const streets[] = {
		"calle", "avenida", "av.", "avda.", "plaza", "pasaje", "paseo", "hospital", "colegio",
		"liceo", "escuela", "población", "villa", NULL
	};
	gssize len = u->ch->len;

	for (gssize i = 0; i < len; i++) {
		gssize j = i, k, m;
		if (!is_digit(typo_c(u, i)) || typo_frozen(u, i) || is_alnum(typo_c(u, i - 1)))
			continue;
		while (is_digit(typo_c(u, j)))
			j++;
		k = j;
		if (typo_c(u, k) == '.' && typo_c(u, k + 1) == 0xBA)
			k += 2;
		else if (typo_c(u, k) == 0xBA)
			k++;
		if (j - i > 2 || !is_gap(typo_c(u, k)))
			continue;
		while (is_gap(typo_c(u, k)))
			k++;
		if (!spells(u, k, "de", true) || !is_gap(typo_c(u, k + 2)))
			continue;
		for (k += 2; is_gap(typo_c(u, k)); k++)
			;
		for (m = k; is_letter(typo_c(u, m)); m++)
			;
		char *month = word_before(u, m, NULL);
		bool capitalised = is_upper(typo_c(u, k)) && m > k + 1 && is_lower(typo_c(u, k + 1));
		char *street = word_before(u, skip_gaps_back(u, i), NULL);
		if (capitalised && in_list(month, months) && !in_list(street, streets) &&
		    !(typo_at(u, k)->flags & TYPO_C_NAME) && !typo_frozen(u, k)) {
			char *day = typo_text(u, i, k);
			find_pair(u, DIAG_W_MONTH_CASE, k, false, typo_text(u, i, m),
				  g_strconcat(day, month, NULL));
			g_free(day);
		}
		g_free(month);
		g_free(street);
		i = m - 1;
	}
}

/* ---- ES-25 no final period in headings --------------------------------------- */

static void es_heading_period(struct typo_unit *u)
{
	gssize e = (gssize)u->ch->len - 1;

	if (u->kind != TYPO_K_HEADING)
		return;
	while (e >= 0 && is_space(typo_c(u, e)))
		e--;
	if (e < 1 || typo_c(u, e) != '.' || typo_frozen(u, e) || typo_c(u, e - 1) == '.' ||
	    abbreviation_at(u, e))
		return;
	gssize a = back_words(u, e, 2);
	find_pair(u, DIAG_W_HEADING_PERIOD, e, true, typo_text(u, a, e + 1), typo_text(u, a, e));
	typo_begin(u);
	for (gssize i = 0; i < (gssize)u->ch->len; i++)
		if (i != e)
			typo_put(u, *typo_at(u, i));
	typo_end(u);
}

/* ---- ES-03 ¿? and ¡! balance ----------------------------------------------------- */

/* Does the period at I end a sentence (a capital follows)? */
static bool sentence_end(const struct typo_unit *u, gssize i)
{
	gssize k = i + 1;
	if (typo_c(u, i) != '.' || typo_frozen(u, i) || typo_c(u, i - 1) == '.' ||
	    !is_space(typo_c(u, k)) || abbreviation_at(u, i))
		return false;
	while (is_space(typo_c(u, k)))
		k++;
	return is_upper(typo_c(u, k)) || in(typo_c(u, k), "¿¡«“\"") || typo_c(u, k) == TYPO_QOPEN;
}

/* The sentence [FROM, TO) with SIGN put where it belongs: after the
 * sentence's first spaces and opening quotes for an opening sign, instead of
 * the final period (or at the end) for a closing one. */
static char *with_sign(const struct typo_unit *u, gssize from, gssize to, gunichar sign)
{
	GString *s = g_string_new(NULL);
	char *t;
	if (sign == 0xBF || sign == 0xA1) {
		gssize k = from;
		while (k < to && (is_space(typo_c(u, k)) || in(typo_c(u, k), "«“\"—")))
			k++;
		t = typo_text(u, from, k);
		g_string_append(s, t);
		g_free(t);
		g_string_append_unichar(s, sign);
		t = excerpt(u, k, to);
		g_string_append(s, t);
	} else {
		gssize e = to;
		while (e > from && is_space(typo_c(u, e - 1)))
			e--;
		if (e > from && typo_c(u, e - 1) == '.' && typo_c(u, e - 2) != '.')
			e--;
		t = excerpt(u, from, e);
		g_string_append(s, t);
		g_string_append_unichar(s, sign);
	}
	g_free(t);
	return g_string_free(s, FALSE);
}

struct balance {
	GArray *open[2];   /* indices of ¿ and of ¡ still open */
	gssize sentence;   /* where the current sentence starts */
};

static void unclosed(struct typo_unit *u, struct balance *b, gssize end)
{
	for (int w = 0; w < 2; w++) {
		for (guint k = 0; k < b->open[w]->len; k++) {
			gssize o = g_array_index(b->open[w], gssize, k);
			gssize to = end < (gssize)u->ch->len && typo_c(u, end) == '.' ? end + 1 : end;
			char *found = excerpt(u, o, to), *fixed = with_sign(u, o, to, w ? '!' : '?');
			typo_find(u, w ? DIAG_W_UNBALANCED_EXCL : DIAG_W_UNBALANCED_QUESTION, typo_at(u, o),
				  false, w ? _("an opening '¡' that is never closed")
				  : _("an opening '¿' that is never closed"), found, fixed);
			g_free(found);
			g_free(fixed);
		}
		g_array_set_size(b->open[w], 0);
	}
}

static void es_balance(struct typo_unit *u)
{
	struct balance b = { { g_array_new(FALSE, FALSE, sizeof(gssize)),
			       g_array_new(FALSE, FALSE, sizeof(gssize)) }, 0 };
	gssize len = u->ch->len;

	for (gssize i = 0; i < len; i++) {
		gunichar c = typo_c(u, i);
		if (typo_frozen(u, i))
			continue;
		if (c == 0xBF || c == 0xA1) {
			g_array_append_val(b.open[c == 0xA1], i);
		} else if (c == '?' || c == '!') {
			int w = c == '!';
			/* A mixed ¡…? closes too: the OLE allows it for mixed intent. */
			if (b.open[w]->len)
				g_array_set_size(b.open[w], b.open[w]->len - 1);
			else if (b.open[!w]->len)
				g_array_set_size(b.open[!w], b.open[!w]->len - 1);
			else if (typo_c(u, i - 1) != c) {
				char *found = excerpt(u, b.sentence, i + 1);
				char *fixed = with_sign(u, b.sentence, i + 1, w ? 0xA1 : 0xBF);
				typo_find(u, w ? DIAG_W_UNBALANCED_EXCL : DIAG_W_UNBALANCED_QUESTION,
					  typo_at(u, i), false,
					  w ? _("a '!' with no opening '¡'") : _("a '?' with no opening '¿'"),
					  found, fixed);
				g_free(found);
				g_free(fixed);
			}
		} else if (sentence_end(u, i)) {
			unclosed(u, &b, i);
			b.sentence = i + 1;
		}
	}
	unclosed(u, &b, len);
	g_array_free(b.open[0], TRUE);
	g_array_free(b.open[1], TRUE);
}

/* ---- The table ----------------------------------------------------------------- */

/* Every rule of the rule book, in the order the pass applies them. Rows with
 * no function are done by the walk in typo.c, by another rule's function, or
 * by another part of declc (WHERE).
 *
 * NEEDS (typo.h) says what a rule cannot work without: a sign it moves or
 * checks, or a character of every word it looks for (ES-33: a URL has a
 * slash or "www", an address an @, a Windows path a backslash; ES-21:
 * siglo, milenio, s.; ES-16: a hybrid symbol has a $, and ⍽ goes only
 * before an amount; ES-18, ES-19, ES-25: every abbreviation ends in a
 * period; ES-22: the day before "de mayo"). MAKES lists what a rule writes;
 * a later rule's NEEDS may ask for it. Change a rule, check its row: the
 * unit test typo compares the pass with and without skipping. */
#define DIGITS "0123456789"
#define MARKUP_QUOTES "\uE001\uE002"     /* TYPO_QOPEN, TYPO_QCLOSE */
#define DASHES "-–—"

static const struct typo_rule rules[] = {
	{"ES-33", "protected content: URLs, e-mail addresses, paths", TYPO_M_AUTOMATIC, NULL,
	 es_protect, "elements: the classification table of typo.c",
	 .needs = "/@\\wW"},
	{"ES-34", "foreign words follow their own xml:lang", TYPO_M_MARKUP, NULL, NULL,
	 .where = "typo.c leaves text in another language as typed; italics: the stylesheet; "
		  "patterns: hyphen.c"},
	{"ES-01", "whitespace normalisation and sentence spacing", TYPO_M_AUTOMATIC,
	 "W-DOUBLE-SPACE", es_whitespace, NULL, .makes = " "},
	{"ES-11", "ellipsis", TYPO_M_AUTOLINT, "W-ELLIPSIS W-ETC-ELLIPSIS", es_ellipsis, NULL,
	 .needs = ".", .makes = "…"},
	{"ES-02", "no space before closing signs, none after opening signs", TYPO_M_AUTOMATIC,
	 "W-SPACE-BEFORE-PUNCT W-SPACE-AFTER-OPENING", es_spacing, NULL,
	 .needs = CLOSING_SIGNS OPENING_SIGNS},
	{"ES-06", "apostrophe", TYPO_M_AUTOLINT, "W-APOSTROPHE-NUMBER", es_apostrophe, NULL,
	 .needs = "'’", .makes = "’"},
	{"ES-04", "quotation marks: « » first, then “ ”, then ‘ ’", TYPO_M_AUTOMATIC,
	 "W-UNBALANCED-QUOTE W-SPACE-BEFORE-PUNCT W-SPACE-AFTER-OPENING", es_quotes, NULL,
	 .needs = QUOTE_MARKS MARKUP_QUOTES, .makes = "«»“”‘’"},
	{"ES-05", "the period after the closing quotation mark", TYPO_M_LINT, "W-QUOTE-PERIOD",
	 es_quote_period, "(a) continued quotations over paragraphs: the stylesheet",
	 .needs = QUOTE_MARKS MARKUP_QUOTES},
	{"ES-10", "minus sign", TYPO_M_AUTOMATIC, NULL, es_minus, NULL, .needs = "-", .makes = "\u2212"},
	{"ES-08", "raya in dialogue", TYPO_M_AUTOMATIC, NULL, es_dialogue, NULL,
	 .needs = DASHES, .makes = "—\u2060"},
	{"ES-07", "raya for incisos", TYPO_M_AUTOLINT, "W-UNCLOSED-INCISO", es_rayas, NULL,
	 .needs = DASHES, .makes = " —\u2060"},
	{"ES-09", "the guion (hyphen) is kept", TYPO_M_AUTOMATIC, NULL, NULL,
	 .where = "a negative rule: ES-07 and ES-10 leave a hyphen between two characters alone"},
	{"ES-17", "ordinals and n.º", TYPO_M_AUTOLINT, "W-DEGREE-ORDINAL W-ROMAN-ORDINAL",
	 es_ordinals, "the ending 1.er: <hi rend=\"sup\"> here, set in sups glyphs by compose.c",
	 .needs = DIGITS "ºª°", .makes = ".ºª\u00A0"},
	{"ES-12", "thousands grouping with a thin space", TYPO_M_AUTOMATIC, NULL, es_numbers, NULL,
	 .needs = DIGITS, .makes = "\u202F"},
	{"ES-13", "numbers that are never grouped", TYPO_M_AUTOMATIC, NULL, NULL,
	 .where = "ES-12's function (identifier_number, <date>, <num>, <idno>)"},
	{"ES-14", "decimal sign by country", TYPO_M_AUTOMATIC, NULL, NULL,
	 .where = "ES-12's function (the locale's decimal sign); generated numbers: the stylesheet"},
	{"ES-15", "percent, units and other symbols after numbers", TYPO_M_AUTOMATIC, NULL,
	 es_units, NULL,
	 .needs = DIGITS, .makes = "\u00A0\u202F"},
	{"ES-16", "currency", TYPO_M_AUTOLINT, "W-HYBRID-CURRENCY", es_currency, NULL,
	 .needs = DIGITS "$", .makes = "\u00A0\u202F"},
	{"ES-21", "Roman numerals: small capitals after a lowercase noun", TYPO_M_MARKUP,
	 "W-ROMAN-LOWERCASE", es_roman,
	 "setting <hi rend=\"smallcaps\"> capitals in small capitals (c2sc): the stylesheet",
	 .needs = "sSmM", .makes = "IVXLCDM"},
	{"ES-18", "abbreviations stay with what they introduce", TYPO_M_AUTOMATIC, NULL,
	 es_abbreviations, NULL,
	 .needs = ".", .makes = "\u00A0\u202F"},
	{"ES-19", "an abbreviation never stands alone on a line", TYPO_M_AUTOMATIC, NULL, es_etc, NULL,
	 .needs = ".", .makes = "\u00A0"},
	{"ES-22", "months and days of the week are lowercase", TYPO_M_LINT, "W-MONTH-CASE",
	 es_months, "generated dates: the stylesheet (ES-23)",
	 .needs = DIGITS},
	{"ES-25", "titles and headings take no final period", TYPO_M_AUTOMATIC, "W-HEADING-PERIOD",
	 es_heading_period, "(b) numbered headings, (c) no hyphenation: the stylesheet and typesetter",
	 .needs = "."},
	{"ES-03", "opening question and exclamation marks", TYPO_M_AUTOLINT,
	 "W-UNBALANCED-QUESTION W-UNBALANCED-EXCL", es_balance, NULL,
	 .needs = "¿¡?!"},
	{"ES-20", "uppercase keeps accents", TYPO_M_MARKUP, NULL, NULL, .where = "the stylesheet and typesetter"},
	{"ES-23", "dates from <date when>", TYPO_M_MARKUP, NULL, NULL, .where = "the stylesheet"},
	{"ES-24", "dateline", TYPO_M_MARKUP, NULL, NULL,
	 .where = "the stylesheet; typed text in it is a unit of this pass"},
	{"ES-26", "first-line indent", TYPO_M_LAYOUT, NULL, NULL, .where = "the stylesheet and typesetter"},
	{"ES-27", "widows, orphans and keeps", TYPO_M_LAYOUT, NULL, NULL, .where = "the typesetter"},
	{"ES-28", "limits on end-of-line hyphens", TYPO_M_LAYOUT, NULL, NULL, .where = "the typesetter"},
	{"ES-29", "where a word may be divided", TYPO_M_AUTOMATIC, NULL, NULL, .where = "hyphen.c"},
	{"ES-30", "prefixed and compound words", TYPO_M_AUTOMATIC, NULL, NULL, .where = "hyphen.c"},
	{"ES-31", "words with a hyphen repeat it", TYPO_M_LAYOUT, NULL, NULL, .where = "the typesetter"},
	{"ES-32", "things that are never divided", TYPO_M_AUTOMATIC, NULL, NULL,
	 .where = "hyphen.c and the typesetter (persName: layout.xsl's hyphens=none)"},
	{"ES-35", "signature blocks", TYPO_M_MARKUP, NULL, NULL,
	 .where = "the stylesheet and typesetter; each line is a unit of this pass"},
	{"ES-36", "title block", TYPO_M_MARKUP, NULL, NULL,
	 .where = "the stylesheet; ES-25 here removes final periods from its lines"},
};

const struct typo_rule *typo_rule_table(size_t *n)
{
	*n = G_N_ELEMENTS(rules);
	return rules;
}
