/*
 * hyphen_cache.h — libhyphen's compiled dictionary, kept between runs.
 *
 * Only hyphen.c uses this. The cache file holds the state machine
 * libhyphen builds from a .dic file, keyed by the file's bytes, so a read
 * never returns a machine for another dictionary (hyphen_cache.c).
 */
#ifndef HYPHEN_CACHE_H
#define HYPHEN_CACHE_H

#include <glib.h>

struct _HyphenDict;

/* The cache files are kept in $XDG_CACHE_HOME/declc/hyphen, or where
 * DECLC_HYPHEN_CACHE says (empty: nowhere): locate_cache_dir. */
#define HY_CACHE_ENV "DECLC_HYPHEN_CACHE"
#define HY_CACHE_NAME "hyphen"

/* The machine cached in DIR for the dictionary whose bytes are DIC (LEN
 * bytes), or NULL when there is none or it fails a check. The machine
 * lives in one block: free it with g_free(*BLOCK), never with
 * hnj_hyphen_free. */
struct _HyphenDict *hy_cache_read(const char *dir, const char *dic, gsize len, void **block);

/* Writes DICT, loaded by libhyphen from the bytes DIC (LEN bytes), into DIR
 * for the next run: atomically, silently, and only when DIR can be made
 * and the machine can be cached (no replacement rules). */
void hy_cache_write(const char *dir, const char *dic, gsize len, const struct _HyphenDict *dict);

#endif
