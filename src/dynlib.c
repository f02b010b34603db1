/*
 * dynlib.c — opens a library on first use (dynlib.h says why).
 */
#define _GNU_SOURCE   /* RTLD_DEEPBIND */
#include <dlfcn.h>
#include <glib.h>
#include "dynlib.h"

/* A library built with BIND_NOW (libqpdf, GnuTLS and its libraries are) has
 * all its symbols bound when it is opened, and the loader looks each one up
 * in every library already loaded (about fifty) before the library's own
 * dependencies, where nearly all of them are. RTLD_DEEPBIND reverses that
 * order: opening libqpdf costs 7 M instructions instead of 18 M. Nothing is
 * loaded twice, so every symbol still has one definition. AddressSanitizer
 * refuses RTLD_DEEPBIND (its malloc must come first for every library): those
 * builds open libraries the ordinary way. */
#if defined(__SANITIZE_ADDRESS__)
#define DYNLIB_DEEPBIND 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define DYNLIB_DEEPBIND 0
#endif
#endif
#ifndef DYNLIB_DEEPBIND
#define DYNLIB_DEEPBIND RTLD_DEEPBIND
#endif

static gpointer dynlib_open(gpointer data)
{
	const struct dynlib *lib = data;
	void *handle = dlopen(lib->soname, RTLD_LAZY | RTLD_LOCAL | RTLD_NODELETE |
			      (lib->deep ? DYNLIB_DEEPBIND : 0));

	if (handle == NULL)
		return (gpointer)g_intern_string(dlerror());
	for (size_t i = 0; i < lib->n; i++)
		if ((*lib->syms[i].slot = dlsym(handle, lib->syms[i].name)) == NULL) {
			char *why = g_strdup_printf("%s has no %s: too old", lib->soname,
						    lib->syms[i].name);
			const char *interned = g_intern_string(why);

			g_free(why);
			return (gpointer)interned;
		}
	return (gpointer)"";
}

const char *dynlib_load(struct dynlib *lib)
{
	const char *why = g_once(&lib->once, dynlib_open, lib);

	return *why ? why : NULL;
}
