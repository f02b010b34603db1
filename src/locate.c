/*
 * locate.c — where declc's own files are, and the binding of its messages.
 *
 * Consumes: the executable's own path (/proc/self/exe), $DECLC_DATA_DIR and
 * the three build-time paths. Produces: the data folder (schemas/,
 * stylesheets/, fonts/, dicts/, templates/), the folder of the compiled
 * message catalogues, which declc_init_locale hands to gettext, and the
 * typesetter module (typeset_lib.h).
 *
 * Installation is relocatable: `cmake --install` puts the binary in
 * PREFIX/bin, its typesetter in PREFIX/lib/declc and its data in
 * PREFIX/share/declc, so the data is always ../share/declc seen from the
 * binary, whatever PREFIX was and wherever the tree has since been copied.
 * Only when that folder is missing (a binary run from its build tree, or a
 * program embedding libdeclc) do the build-time paths apply: the source tree
 * for the data, the build tree for the catalogues and the module.
 * /proc/self/exe is Linux's; elsewhere the build-time paths are all there
 * is.
 */
#include <glib.h>
#include "declc.h"
#include "i18n.h"
#include "locate.h"

#ifndef DECLC_DATA_DIR
#error "DECLC_DATA_DIR (the source tree's data folder) comes from CMakeLists.txt"
#endif
#ifndef DECLC_LOCALE_DIR
#error "DECLC_LOCALE_DIR (the build tree's compiled catalogues) comes from CMakeLists.txt"
#endif
#ifndef DECLC_TYPESET_MODULE
#error "DECLC_TYPESET_MODULE (the build tree's declc-typeset.so) comes from CMakeLists.txt"
#endif

/* What was found beside the executable, computed once; NULLs when declc is
 * not installed. Read-only afterwards, so batch threads may share it. */
static struct {
	char *data;     /* PREFIX/share/declc */
	char *locale;   /* PREFIX/share/locale */
	char *module;   /* PREFIX/lib/declc/declc-typeset.so */
} installed;

static void find_installed(void)
{
	static gsize once;
	char *exe, *bin, *prefix, *data, *probe;

	if (!g_once_init_enter(&once))
		return;
	exe = g_file_read_link("/proc/self/exe", NULL);
	if (exe) {
		bin = g_path_get_dirname(exe);
		prefix = g_path_get_dirname(bin);
		data = g_build_filename(prefix, "share", "declc", NULL);
		/* The schema is what every run needs first: its presence is what
		 * makes a folder declc's data, not merely a folder of that name. */
		probe = g_build_filename(data, "schemas", "declaracion.rng", NULL);
		if (g_file_test(probe, G_FILE_TEST_IS_REGULAR)) {
			installed.data = data;
			installed.locale = g_build_filename(prefix, "share", "locale", NULL);
			installed.module = g_build_filename(prefix, "lib", "declc",
							    "declc-typeset.so", NULL);
		} else {
			g_free(data);
		}
		g_free(probe);
		g_free(prefix);
		g_free(bin);
		g_free(exe);
	}
	g_once_init_leave(&once, 1);
}

char *locate_data_dir(const char *given)
{
	const char *env = g_getenv("DECLC_DATA_DIR");

	if (given)
		return g_canonicalize_filename(given, NULL);
	if (env && *env)
		return g_canonicalize_filename(env, NULL);
	find_installed();
	return g_strdup(installed.data ? installed.data : DECLC_DATA_DIR);
}

const char *locate_locale_dir(void)
{
	find_installed();
	return installed.locale ? installed.locale : DECLC_LOCALE_DIR;
}

const char *locate_typeset_module(void)
{
	find_installed();
	return installed.module ? installed.module : DECLC_TYPESET_MODULE;
}

void declc_init_locale(void)
{
	bindtextdomain(GETTEXT_PACKAGE, locate_locale_dir());
	/* Messages are UTF-8 whatever the locale's charset: they quote the
	 * document, which is UTF-8 too. */
	bind_textdomain_codeset(GETTEXT_PACKAGE, "UTF-8");
}

char *locate_cache_dir(const char *env, const char *name)
{
	const char *value = g_getenv(env);

	if (value)
		return *value ? g_strdup(value) : NULL;
	return g_build_filename(g_get_user_cache_dir(), "declc", name, NULL);
}
