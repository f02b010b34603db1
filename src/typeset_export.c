/*
 * typeset_export.c — the typesetter's table (typeset_lib.h), the one name
 * the module declc-typeset.so is opened by.
 */
#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <harfbuzz/hb.h>
#include <pango/pango.h>
#include "typeset_lib.h"

char *typeset_versions(void)
{
	int fc = FcGetVersion();

	return g_strdup_printf("Pango %s\nCairo %s\nHarfBuzz %s\nfontconfig %d.%d.%d\n",
			       pango_version_string(), cairo_version_string(), hb_version_string(),
			       fc / 10000, fc / 100 % 100, fc % 100);
}

#define TYPESET_LIB_ENTRY(f) .f = f,

const struct typeset_lib declc_typeset_table = {
	TYPESET_LIB_FUNCTIONS(TYPESET_LIB_ENTRY)
};
