/*
 * qpdf_lib.c — opens libqpdf on first use (qpdf_lib.h says why).
 */
#define QPDF_LIB_NO_MACROS
#include <gmodule.h>
#include "qpdf_lib.h"

/* The runtime name of the libqpdf whose headers we were built with (its
 * SONAME, from CMake). */
#ifndef DECLC_QPDF_SONAME
#define DECLC_QPDF_SONAME "libqpdf.so.29"
#endif

struct qpdf_lib qpdf_lib;

static gpointer qpdf_lib_load(gpointer unused)
{
	GModule *m = g_module_open(DECLC_QPDF_SONAME, G_MODULE_BIND_LAZY | G_MODULE_BIND_LOCAL);

	(void)unused;
	if (m == NULL)
		return (gpointer)g_intern_string(g_module_error());
	/* Never unloaded: qpdf's C++ run-time state lives as long as the
	 * process. */
	g_module_make_resident(m);
#define QPDF_LIB_LOOKUP(f) \
	if (!g_module_symbol(m, #f, (gpointer *)&qpdf_lib.f)) \
		return (gpointer)g_intern_string("libqpdf lacks " #f ": too old");
	QPDF_LIB_FUNCTIONS(QPDF_LIB_LOOKUP)
#undef QPDF_LIB_LOOKUP
	return (gpointer)"";
}

bool qpdf_lib_open(const char **why)
{
	static GOnce once = G_ONCE_INIT;
	const char *error = g_once(&once, qpdf_lib_load, NULL);

	if (*error && why)
		*why = error;
	return *error == '\0';
}
