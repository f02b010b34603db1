/*
 * artifact_test.c — artifact_mark (src/artifact.c) on hand-written content
 * streams: what it wraps, what it leaves alone, and when it gives up.
 */
#include <string.h>
#include <glib.h>
#include "artifact.h"

/* artifact_mark on IN: NULL, or the marked stream (owned by the caller). */
static char *mark(const char *in)
{
	GString *out = artifact_mark((const guint8 *)in, strlen(in));
	return out ? g_string_free(out, FALSE) : NULL;
}

static void test_footer(void)
{
	char *out = mark("q\n/P << /MCID 0 >> BDC\nBT (body) Tj ET\nEMC\n"
			 "BT 9 0 0 -9 271 799 Tm (Página 1 de 2) Tj ET\nQ\n");
	g_assert_cmpstr(out, ==, "q\n/P << /MCID 0 >> BDC\nBT (body) Tj ET\nEMC\n"
			"/Artifact BMC\nBT 9 0 0 -9 271 799 Tm (Página 1 de 2) Tj ET\nEMC\nQ\n");
	g_free(out);
}

/* A path is wrapped from its operands to its painting operator; the state
 * operators before it stay outside. */
static void test_rule(void)
{
	char *out = mark("0 0 0 rg 92.25 666.8 170 0.5 re f\n");
	g_assert_cmpstr(out, ==, "0 0 0 rg /Artifact BMC\n92.25 666.8 170 0.5 re f\nEMC\n");
	g_free(out);
	out = mark("/x5 Do\n");
	g_assert_cmpstr(out, ==, "/Artifact BMC\n/x5 Do\nEMC\n");
	g_free(out);
}

/* Operators inside strings, nested parentheses, escapes, hex strings and
 * comments are not operators. */
static void test_strings(void)
{
	char *out = mark("/Span << /ActualText (BT \\) ET (re f)) >> BDC EMC % BT\n"
			 "/P <</MCID 1>> BDC BT <4254> Tj ET EMC\n");
	g_assert_null(out);    /* nothing outside marked content */
	g_free(out);
}

static void test_give_up(void)
{
	/* An inline image's data cannot be skipped safely. */
	g_assert_null(mark("BI /W 1 /H 1 /BPC 8 /CS /G ID \x01 EI\nBT (x) Tj ET\n"));
	/* Unbalanced marked content. */
	g_assert_null(mark("EMC BT (x) Tj ET\n"));
	g_assert_null(mark("/P <</MCID 0>> BDC BT (x) Tj ET\n"));
	/* Structure content inside a text object begun outside. */
	g_assert_null(mark("BT /P <</MCID 0>> BDC (x) Tj EMC ET\n"));
	/* An unterminated string. */
	g_assert_null(mark("BT (x Tj ET\n"));
	/* Nothing to mark. */
	g_assert_null(mark("q 1 0 0 1 0 0 cm Q\n"));
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/artifact/footer", test_footer);
	g_test_add_func("/artifact/rule", test_rule);
	g_test_add_func("/artifact/strings", test_strings);
	g_test_add_func("/artifact/give-up", test_give_up);
	return g_test_run();
}
