/*
 * qpdf_lib.c — opens libqpdf on first use (qpdf_lib.h says why).
 */
#define QPDF_LIB_NO_MACROS
#include <glib.h>
#include "dynlib.h"
#include "qpdf_lib.h"

/* The runtime name of the libqpdf whose headers we were built with (its
 * SONAME, from CMake). */
#ifndef DECLC_QPDF_SONAME
#define DECLC_QPDF_SONAME "libqpdf.so.29"
#endif

struct qpdf_lib qpdf_lib;

static const struct dynlib_symbol qpdf_lib_symbols[] = {
#define QPDF_LIB_SYMBOL(f) DYNLIB_SYMBOL(&qpdf_lib, f)
	QPDF_LIB_FUNCTIONS(QPDF_LIB_SYMBOL)
#undef QPDF_LIB_SYMBOL
};

/* deep: libqpdf, GnuTLS and its libraries bind their ~9,000 symbols when
 * opened (dynlib.c). */
static struct dynlib qpdf_dynlib = {
	DECLC_QPDF_SONAME, true, qpdf_lib_symbols, G_N_ELEMENTS(qpdf_lib_symbols), G_ONCE_INIT
};

bool qpdf_lib_open(const char **why)
{
	const char *error = dynlib_load(&qpdf_dynlib);

	if (error && why)
		*why = error;
	return error == NULL;
}

const char *qpdf_lib_no_room(qpdf_data q)
{
	/* The same question, asked through a call whose exceptions qpdf does
	 * catch: one more indirect object, which nothing refers to, so the
	 * writer leaves it out. */
	qpdf_oh probe = qpdf_lib.qpdf_make_indirect_object(q, qpdf_lib.qpdf_oh_new_null(q));
	int id = qpdf_lib.qpdf_oh_get_object_id(q, probe);

	if (qpdf_lib.qpdf_has_error(q))
		return qpdf_lib.qpdf_get_error_full_text(q, qpdf_lib.qpdf_get_error(q));
	if (id <= 0 || id > QPDF_LIB_MAX_OBJECT_ID)
		return "the PDF numbers its objects beyond " G_STRINGIFY(QPDF_LIB_MAX_OBJECT_ID)
		       " (2^30), leaving no number for the objects to add; it is damaged";
	return NULL;
}
