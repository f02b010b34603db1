/*
 * locate.h — where declc's own files are: the data folder (schemas/,
 * stylesheets/, fonts/, dicts/, templates/) and the message catalogues.
 *
 * An installed declc finds them relative to its executable
 * (BINDIR/../share/declc and BINDIR/../share/locale, and its typesetter in
 * BINDIR/../lib/declc), so an installation can
 * be moved or copied to any prefix and still work. A binary that is not
 * installed uses the folders of the tree it was built from. The caches declc
 * keeps for itself (fonts.c, hyphen_cache.c) live in the user's cache folder.
 */
#ifndef LOCATE_H
#define LOCATE_H

/* The data folder, absolute (owned by the caller): GIVEN when not NULL, else
 * $DECLC_DATA_DIR when set and not empty, else the installed one beside the
 * executable, else the source tree declc was built from. */
char *locate_data_dir(const char *given);

/* The folder holding LANG/LC_MESSAGES/declc.mo (static; never NULL). */
const char *locate_locale_dir(void);

/* The path of the typesetter module, declc-typeset.so (static; never NULL). */
const char *locate_typeset_module(void);

/* The folder of the cache NAME (owned by the caller), or NULL for none: the
 * value of the environment variable ENV when it is set (empty: no cache),
 * else $XDG_CACHE_HOME/declc/NAME. */
char *locate_cache_dir(const char *env, const char *name);

#endif
