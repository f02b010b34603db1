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

/* The division points of WORD (UTF-8, LEN bytes, or -1 for NUL-terminated):
 * the byte offsets in WORD of the first character after each point, in
 * increasing order. Empty when the word is not divided: fewer than five
 * letters (ES-28), written in capitals (acronyms, ES-32), or containing
 * anything but letters (digits, URLs, e-mail addresses). Each fragment keeps
 * at least two letters. Free with g_array_unref. */
GArray *hy_points(const struct hy_dict *d, const char *word, gssize len);

/* WORD with SEP at each division point: "mo-der-ni-za-ción". */
char *hy_show(const struct hy_dict *d, const char *word, const char *sep);

/* TEXT with a soft hyphen (U+00AD) at each division point of each word, for
 * Pango to break at (and draw a hyphen there only when it does). Tokens that
 * hold a digit, '@', '/', '\' or "www." (numbers, codes, URLs, e-mail, paths:
 * ES-32, ES-33) or a soft hyphen the author typed are left as they are. */
char *hy_insert_soft_hyphens(const struct hy_dict *d, const char *text);

#endif
