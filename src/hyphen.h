/*
 * hyphen.h — where a word may be divided, through libhyphen.
 *
 * The dictionary is loaded once per run and only read afterwards, so every
 * batch thread may use it. Only "where a word may break" lives here; where a
 * paragraph should break is compose.c's business (neatroff's split).
 */
#ifndef HYPHEN_H
#define HYPHEN_H

#include <glib.h>
#include "diag.h"

struct hy_dict;

/* Returns NULL after reporting on DIAGS. */
struct hy_dict *hy_load(const char *path, struct diag_sink *diags, const char *file);
void hy_free(struct hy_dict *d);

/* Exceptions: a file exceptions-es.txt beside the dictionary, one word per
 * line with '-' at each allowed point, replaces the patterns for its words
 * (dicts/README.md). */

/* The division points of WORD (UTF-8, LEN bytes, or -1 for NUL-terminated):
 * the byte offsets in WORD of the first character after each point, in
 * increasing order. Empty when the word is not divided: fewer than five
 * letters (ES-28), written in capitals (acronyms, ES-32), or containing
 * anything but letters (digits, URLs, e-mail addresses). Each fragment keeps
 * at least two letters. Free with g_array_unref. */
GArray *hy_points(const struct hy_dict *d, const char *word, gssize len);

/* The same for the language LANG (BCP 47): "es-ES" also divides t|l between
 * vowels (at-le-ta, ES-29); every other Spanish profile keeps "tl" whole. */
GArray *hy_points_lang(const struct hy_dict *d, const char *word, gssize len, const char *lang);

/* WORD with SEP at each division point: "mo-der-ni-za-ción". The parts of a
 * compound are divided separately ("teó-ri-co-prác-ti-co" keeps its own
 * hyphen). This is what `declc hyphenate` prints. */
char *hy_show(const struct hy_dict *d, const char *word, const char *sep);
char *hy_show_lang(const struct hy_dict *d, const char *word, const char *sep, const char *lang);

/* The words of one document already divided, so that each is divided once
 * however often it occurs: libhyphen's walk of the patterns is most of the
 * cost of dividing a text, and a long text repeats its words. Holds what
 * one dictionary said; one thread at a time. At most HY_MEMO_MAX words are
 * kept (about 8 MB); later ones are divided each time, as without a memo. */
#define HY_MEMO_MAX 65536
struct hy_memo;
struct hy_memo *hy_memo_new(void);
void hy_memo_free(struct hy_memo *m);
/* How many words M holds. */
guint hy_memo_words(const struct hy_memo *m);

/* TEXT with a soft hyphen (U+00AD) at each division point of each word, for
 * Pango to break at (and draw a hyphen there only when it does). Tokens that
 * hold a digit, '@', '/', '\' or "www." (numbers, codes, URLs, e-mail, paths:
 * ES-32, ES-33) or a soft hyphen the author typed are left as they are, and
 * so are the capitalised words of a name after a title such as "Sr." or
 * "Dra." (personal names, ES-32). MEMO (or NULL) remembers the words
 * divided, for the next texts of the same document and dictionary D. */
char *hy_insert_soft_hyphens(const struct hy_dict *d, struct hy_memo *memo, const char *text);

#endif
