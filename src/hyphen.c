/*
 * hyphen.c — the division points of Spanish words, from a libhyphen dictionary.
 *
 * Consumes a hyph_es .dic file (loaded once per run, read-only afterwards) and
 * words or whole paragraph texts; produces division points as byte offsets,
 * or a copy of a text with soft hyphens (U+00AD) inserted for Pango, which
 * breaks there and draws a hyphen only when it does.
 *
 * libhyphen works on the dictionary's encoding. For a UTF-8 dictionary,
 * hnj_hyphen_hyphenate2 returns its break vector indexed by *character*, not
 * by byte: hyphens[i] odd means "a division after the i-th character". Words
 * with á, ñ or ü therefore need the vector mapped back to byte offsets, which
 * hy_word does. The dictionary expects lower case; lowering character by
 * character (g_unichar_tolower) keeps the character count of the word, so the
 * vector still lines up with the original, and it does not depend on the
 * process locale the way g_utf8_strdown does.
 *
 * House rules on top of the patterns: two letters at least on each side,
 * no division of words under five letters (ES-28), of words in capitals
 * (acronyms such as REMINGEP, ES-32) or of tokens that look like numbers,
 * codes, URLs, e-mail addresses or paths (ES-32, ES-33).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include DECLC_LIBHYPHEN_H   /* libhyphen's hyphen.h; ours shadows the name */
#include "hyphen.h"
#include "hyphen_cache.h"
#include "locate.h"
#include "typo.h"

#define HY_MIN_LEFT 2        /* letters before a division */
#define HY_MIN_RIGHT 2       /* letters after a division */
#define HY_MIN_WORD 5        /* shorter words are never divided (ES-28) */
#define HY_MAX_WORD 100      /* longer "words" are not words: left whole */

struct hy_dict {
	HyphenDict *dict;
	void *block;             /* DICT's memory when read from the cache, else NULL */
	/* Whole-word corrections (dicts/exceptions-es.txt): lowercase word →
	 * GArray of int, the number of characters before each point. They
	 * replace the patterns for that word. */
	GHashTable *exceptions;
};

/* Reads the exception list beside the dictionary, if there is one: one word
 * per line with '-' at each allowed point; '#' lines and blank lines skipped. */
static GHashTable *hy_load_exceptions(const char *dict_path)
{
	char *dir = g_path_get_dirname(dict_path);
	char *path = g_build_filename(dir, "exceptions-es.txt", NULL);
	GHashTable *t = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
					      (GDestroyNotify)g_array_unref);
	char *text = NULL;

	if (g_file_get_contents(path, &text, NULL, NULL)) {
		char **lines = g_strsplit(text, "\n", -1);
		for (char **l = lines; *l; l++) {
			char *line = g_strstrip(*l);
			if (!*line || *line == '#' || !g_utf8_validate(line, -1, NULL))
				continue;
			GString *word = g_string_new(NULL);
			GArray *points = g_array_new(FALSE, FALSE, sizeof(int));
			int chars = 0;
			for (const char *p = line; *p; p = g_utf8_next_char(p)) {
				if (*p == '-') {
					g_array_append_val(points, chars);
					continue;
				}
				g_string_append_unichar(word, g_utf8_get_char(p));
				chars++;
			}
			char *nfc = g_utf8_normalize(word->str, -1, G_NORMALIZE_NFC);
			g_hash_table_replace(t, nfc, points);
			g_string_free(word, TRUE);
		}
		g_strfreev(lines);
		g_free(text);
	}
	g_free(path);
	g_free(dir);
	return t;
}

/* libhyphen's machine for the dictionary at PATH, or NULL. Only a
 * dictionary that declares UTF-8 on its first line, as every dictionary of
 * hyphen-es does, is taken: another encoding would need a conversion per
 * word for no use. The machine is read from the cache when it holds one for
 * these bytes (hyphen_cache.h), else compiled by libhyphen and cached. */
static HyphenDict *hy_load_dict(const char *path, void **block)
{
	char *dic = NULL, *cache;
	gsize len = 0;
	HyphenDict *dict = NULL;

	*block = NULL;
	if (path == NULL || !g_file_get_contents(path, &dic, &len, NULL) || len < 5 ||
	    strncmp(dic, "UTF-8", 5) != 0) {
		g_free(dic);
		return NULL;
	}
	cache = locate_cache_dir(HY_CACHE_ENV, HY_CACHE_NAME);
	dict = hy_cache_read(cache, dic, len, block);
	if (dict == NULL) {
		FILE *f = fmemopen(dic, len, "r");
		dict = f ? hnj_hyphen_load_file(f) : NULL;
		if (f)
			fclose(f);
		if (dict)
			hy_cache_write(cache, dic, len, dict);
	}
	g_free(cache);
	g_free(dic);
	return dict;
}

struct hy_dict *hy_load(const char *path, struct diag_sink *diags, const char *file)
{
	void *block;
	HyphenDict *dict = hy_load_dict(path, &block);
	struct hy_dict *d;

	if (dict == NULL) {
		diag_emit(diags, file, 0, 0, DIAG_E_HYPHEN_DICT, path ? path : "(none)");
		return NULL;
	}
	d = g_new0(struct hy_dict, 1);
	d->dict = dict;
	d->block = block;
	d->exceptions = hy_load_exceptions(path);
	return d;
}

void hy_free(struct hy_dict *d)
{
	if (d == NULL)
		return;
	if (d->block)
		g_free(d->block);
	else
		hnj_hyphen_free(d->dict);
	g_hash_table_unref(d->exceptions);
	g_free(d);
}

static bool hy_is_letter(gunichar c)
{
	GUnicodeType t = g_unichar_type(c);

	return g_unichar_isalpha(c) || t == G_UNICODE_NON_SPACING_MARK ||
	       t == G_UNICODE_SPACING_MARK || t == G_UNICODE_ENCLOSING_MARK;
}

static bool hy_is_vowel(gunichar c)
{
	switch (c) {
	case 'a': case 'e': case 'i': case 'o': case 'u':
	case 0xE1: case 0xE9: case 0xED: case 0xF3: case 0xFA: case 0xFC:   /* á é í ó ú ü */
		return true;
	default:
		return false;
	}
}

/* Whether character I of the word may start a new line, given the vector and
 * the house minimums. */
static bool hy_allowed(int after, int nchars)
{
	return after >= HY_MIN_LEFT && nchars - after >= HY_MIN_RIGHT;
}

/* Appends to POINTS the division points of the LEN bytes at WORD, which hold
 * letters only. TL: the es-ES profile, which also divides t|l between vowels
 * (at-le-ta; ES-29); the other profiles keep "tl" together, as the patterns
 * do. An exception list entry replaces the patterns for its word. */
static void hy_word(const struct hy_dict *d, const char *word, int len, GArray *points, bool tl)
{
	int nchars = (int)g_utf8_strlen(word, len);
	bool lower = false, upper = false;
	GString *low;
	char *vec;
	char **rep = NULL;
	int *pos = NULL, *cut = NULL;
	const char *p;

	if (nchars < HY_MIN_WORD || len > HY_MAX_WORD * 4 || nchars > HY_MAX_WORD)
		return;
	low = g_string_sized_new((gsize)len + 8);
	for (p = word; p < word + len; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);

		lower |= g_unichar_islower(c);
		upper |= g_unichar_isupper(c);
		g_string_append_unichar(low, g_unichar_tolower(c));
	}
	/* All capitals: an acronym or a heading set in capitals. */
	if (upper && !lower) {
		g_string_free(low, TRUE);
		return;
	}
	vec = g_malloc0(low->len + 5);
	GArray *exc = g_hash_table_lookup(d->exceptions, low->str);
	bool ok = true;
	if (exc) {
		/* The exception's points, as odd marks in the same vector. */
		for (guint k = 0; k < exc->len; k++) {
			int before = g_array_index(exc, int, k);
			if (before >= 1 && before <= nchars)
				vec[before - 1] = '1';
		}
	} else {
		ok = hnj_hyphen_hyphenate2(d->dict, low->str, (int)low->len, vec,
					   NULL, &rep, &pos, &cut) == 0;
	}
	if (ok && tl) {
		const char *q = low->str;
		gunichar prev2 = 0, prev = 0;
		/* After the t of vowel-t-l-vowel (at-le-ta): look one ahead. */
		for (int i = 0; *q; q = g_utf8_next_char(q), i++) {
			gunichar c = g_utf8_get_char(q);
			const char *n = g_utf8_next_char(q);
			if (prev == 't' && c == 'l' && hy_is_vowel(prev2) && *n &&
			    hy_is_vowel(g_utf8_get_char(n)))
				vec[i - 1] = '1';
			prev2 = prev;
			prev = c;
		}
	}
	if (ok) {
		/* vec is indexed by character (UTF-8 dictionary): walk the
		 * original word character by character to find byte offsets. */
		int i = 0;

		for (p = word; p < word + len; p = g_utf8_next_char(p), i++) {
			int after = i + 1;   /* characters left of a division after i */

			if (!(vec[i] & 1) || !hy_allowed(after, nchars))
				continue;
			if (rep && rep[i])
				continue;   /* a non-standard division (ff=f): not Spanish */
			{
				int at = (int)(g_utf8_next_char(p) - word);

				g_array_append_val(points, at);
			}
		}
	}
	if (rep) {
		for (int i = 0; i < (int)low->len; i++)
			free(rep[i]);
		free(rep);
	}
	free(pos);
	free(cut);
	g_free(vec);
	g_string_free(low, TRUE);
}

struct hy_memo {
	GHashTable *words;       /* word → GArray of int, its points (hy_word) */
	GString *key;            /* scratch: the word looked up, NUL-terminated */
};

struct hy_memo *hy_memo_new(void)
{
	struct hy_memo *m = g_new0(struct hy_memo, 1);

	m->words = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
					 (GDestroyNotify)g_array_unref);
	m->key = g_string_new(NULL);
	return m;
}

void hy_memo_free(struct hy_memo *m)
{
	if (!m)
		return;
	g_hash_table_unref(m->words);
	g_string_free(m->key, TRUE);
	g_free(m);
}

guint hy_memo_words(const struct hy_memo *m)
{
	return g_hash_table_size(m->words);
}

/* hy_word through the memo M, when there is one and TL is false (the memo
 * holds the divisions of that profile only). Words shorter than
 * HY_MIN_WORD bytes have fewer characters still: hy_word returns at once
 * for them, sooner than a lookup would. */
static void hy_word_memo(const struct hy_dict *d, struct hy_memo *m, const char *word, int len,
			 GArray *points, bool tl)
{
	GArray *known;

	if (!m || tl || len < HY_MIN_WORD) {
		hy_word(d, word, len, points, tl);
		return;
	}
	g_string_truncate(m->key, 0);
	g_string_append_len(m->key, word, len);
	known = g_hash_table_lookup(m->words, m->key->str);
	if (!known) {
		if (g_hash_table_size(m->words) >= HY_MEMO_MAX) {
			hy_word(d, word, len, points, false);
			return;
		}
		known = g_array_new(FALSE, FALSE, sizeof(int));
		hy_word(d, word, len, known, false);
		g_hash_table_insert(m->words, g_strndup(word, len), known);
	}
	g_array_append_vals(points, known->data, known->len);
}

/* Whether the token [S, E) must be left whole: numbers, codes, addresses. */
static bool hy_protected(const char *s, const char *e)
{
	for (const char *p = s; p < e; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);

		if (g_unichar_isdigit(c) || c == '@' || c == '/' || c == '\\' || c == 0x00AD)
			return true;
	}
	return e - s >= 4 && g_ascii_strncasecmp(s, "www.", 4) == 0;
}

/* The es-ES profile divides t|l (ES-29); a language tag like "es-ES" or
 * "es_ES" selects it. */
static bool hy_lang_tl(const char *lang)
{
	return lang && g_ascii_strncasecmp(lang, "es", 2) == 0 && (lang[2] == '-' || lang[2] == '_') &&
	       g_ascii_strcasecmp(lang + 3, "ES") == 0;
}

GArray *hy_points_lang(const struct hy_dict *d, const char *word, gssize len, const char *lang)
{
	GArray *points = g_array_new(FALSE, FALSE, sizeof(int));
	const char *p;

	if (len < 0)
		len = (gssize)strlen(word);
	for (p = word; p < word + len; p = g_utf8_next_char(p))
		if (!hy_is_letter(g_utf8_get_char(p)))
			return points;
	hy_word(d, word, (int)len, points, hy_lang_tl(lang));
	return points;
}

GArray *hy_points(const struct hy_dict *d, const char *word, gssize len)
{
	return hy_points_lang(d, word, len, NULL);
}

/* Appends the token [TOK, END) to OUT with SEP at each division point. Each
 * run of letters is divided on its own, so the parts of a compound
 * (teórico-práctico) keep the hyphen between them; a protected token
 * (numbers, codes, addresses) is copied whole. POINTS is scratch space;
 * MEMO (or NULL) serves the words of the profile without t|l. */
static void hy_mark_token(const struct hy_dict *d, struct hy_memo *memo, const char *tok,
			  const char *end, const char *sep, bool tl, GArray *points, GString *out)
{
	if (hy_protected(tok, end)) {
		g_string_append_len(out, tok, end - tok);
		return;
	}
	for (const char *q = tok; q < end;) {
		const char *w = q;
		int from = 0;

		while (q < end && hy_is_letter(g_utf8_get_char(q)))
			q = g_utf8_next_char(q);
		g_array_set_size(points, 0);
		/* ES-32: an abbreviation (its period right after the letters) is
		 * never divided. */
		if (q > w && !(q < end && *q == '.' && typo_es_abbreviation(w, q + 1 - w)))
			hy_word_memo(d, memo, w, (int)(q - w), points, tl);
		for (guint i = 0; i < points->len; i++) {
			int at = g_array_index(points, int, i);

			g_string_append_len(out, w + from, at - from);
			g_string_append(out, sep);
			from = at;
		}
		g_string_append_len(out, w + from, (q - w) - from);
		/* Then the non-letters up to the next word. */
		w = q;
		while (q < end && !hy_is_letter(g_utf8_get_char(q)))
			q = g_utf8_next_char(q);
		g_string_append_len(out, w, q - w);
	}
}

char *hy_show_lang(const struct hy_dict *d, const char *word, const char *sep, const char *lang)
{
	GString *out = g_string_new(NULL);
	GArray *points = g_array_new(FALSE, FALSE, sizeof(int));

	hy_mark_token(d, NULL, word, word + strlen(word), sep, hy_lang_tl(lang), points, out);
	g_array_unref(points);
	return g_string_free(out, FALSE);
}

char *hy_show(const struct hy_dict *d, const char *word, const char *sep)
{
	return hy_show_lang(d, word, sep, NULL);
}

/* ES-32: personal names are never divided. Besides <persName> (the
 * stylesheet's hyphens=none), a name is what ES-18 recognises: the
 * capitalised words after a title of this list (the typography pass glues
 * them with a no-break space: "Dra.⍽Villavicencio"). Particles of names may
 * come between them. */
static const char *const hy_titles[] = {
	"Sr.", "Sra.", "Srta.", "Sres.", "Sras.", "Dr.", "Dra.", "Dres.", "Dras.", "D.", "D.ª",
	"Dña.", "Lic.", "Lcdo.", "Lcda.", "Ing.", "Prof.", "Profa.", "Excmo.", "Excma.", "Ilmo.",
	"Ilma.", "Mons.", "Gral.", "Sto.", "Sta.", NULL
};
static const char *const hy_particles[] = {
	"de", "del", "la", "las", "los", "y", "e", "i", "da", "do", "dos", "van", "von", NULL
};

static bool hy_in(const char *const *list, const char *s, const char *e)
{
	for (; *list; list++)
		if ((size_t)(e - s) == strlen(*list) && strncmp(*list, s, (size_t)(e - s)) == 0)
			return true;
	return false;
}

char *hy_insert_soft_hyphens(const struct hy_dict *d, struct hy_memo *memo, const char *text)
{
	GString *out = g_string_sized_new(strlen(text) + strlen(text) / 8);
	GArray *points = g_array_new(FALSE, FALSE, sizeof(int));
	const char *p = text;
	bool name = false;   /* the tokens now are a name after a title */

	while (*p) {
		const char *tok = p;

		/* A token runs to the next space. */
		while (*p && g_unichar_isspace(g_utf8_get_char(p)))
			p = g_utf8_next_char(p);
		g_string_append_len(out, tok, p - tok);
		tok = p;
		while (*p && !g_unichar_isspace(g_utf8_get_char(p)))
			p = g_utf8_next_char(p);
		if (p == tok)
			break;
		if (name && (g_unichar_isupper(g_utf8_get_char(tok)) || hy_in(hy_particles, tok, p))) {
			g_string_append_len(out, tok, p - tok);   /* a word of the name: whole */
			/* Punctuation after it ends the name. */
			name = !strchr(",.;:)»”?!", p[-1]);
			continue;
		}
		name = hy_in(hy_titles, tok, p);
		hy_mark_token(d, memo, tok, p, "\xC2\xAD", false, points, out);
	}
	g_array_unref(points);
	return g_string_free(out, FALSE);
}
