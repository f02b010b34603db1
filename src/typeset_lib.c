/*
 * typeset_lib.c — opens the typesetter module on first use (typeset_lib.h
 * says why).
 */
#include <glib.h>
#include "locate.h"
#include "typeset_lib.h"

/* Defined only where the typesetter is linked in (typeset_export.c). */
extern const struct typeset_lib declc_typeset_table __attribute__((weak));

static const struct typeset_lib *module_table;

static const struct dynlib_symbol module_symbols[] = {
	{ "declc_typeset_table", (void **)&module_table },
};

/* deep: the module and its thirty libraries bind their symbols within
 * themselves first (dynlib.c); what the module calls in declc itself, the
 * executable exports. The path is set, once, before the first open. */
static struct dynlib module = {
	NULL, true, module_symbols, G_N_ELEMENTS(module_symbols), G_ONCE_INIT
};

static gpointer find_module(gpointer unused)
{
	module.soname = locate_typeset_module();
	return unused;
}

const struct typeset_lib *typeset_lib(const char **why)
{
	static GOnce found = G_ONCE_INIT;
	const char *error;

	if (&declc_typeset_table != NULL)
		return &declc_typeset_table;
	g_once(&found, find_module, NULL);
	error = dynlib_load(&module);
	if (error && why)
		*why = error;
	return error ? NULL : module_table;
}
