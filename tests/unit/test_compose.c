/*
 * test_compose.c — the line breaker on a fixed-width metric (neatroff's way):
 * every character one unit, every space one unit stretching by half and
 * shrinking by a third (compose_test_breaks), so that each case reads as
 * the lines it makes and the breaker's reasons for them.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <glib.h>
#include "compose.h"


/* Soft hyphens, as hyphen.c puts them: "mo=der=ni=za=ción" → U+00AD. */
static char *shy(const char *s)
{
	GString *out = g_string_new(NULL);

	for (; *s; s++)
		if (*s == '=')
			g_string_append(out, "\xC2\xAD");
		else
			g_string_append_c(out, *s);
	return g_string_free(out, FALSE);
}

struct fig {
	int lines, hyphens, run;
	double worst;            /* the largest r (stretch) of a line that is not the last */
};

static struct fig figures(const char *breaks)
{
	struct fig f = { 0 };
	char **lines = g_strsplit(breaks, "\n", -1);
	int run = 0;

	for (char **l = lines; *l && **l; l++) {
		const char *why = strstr(*l, "\tbreak ");
		double d;
		int r;
		char fit[16], end[16];

		g_assert_nonnull(why);
		g_assert_cmpint(sscanf(why, "\tbreak %lf %d %15s %15s", &d, &r, fit, end), ==, 4);
		f.lines++;
		if (strcmp(end, "last") != 0)
			f.worst = MAX(f.worst, r / 1000.0);
		run = strcmp(end, "hyphen") == 0 || strcmp(end, "compound") == 0 ? run + 1 : 0;
		f.hyphens += run > 0;
		f.run = MAX(f.run, run);
	}
	g_strfreev(lines);
	return f;
}

static const char para[] =
	"Con gran sa=tis=fac=ción con=clui=mos el II Se=mi=na=rio In=ter=na=cio=nal so=bre "
	"Mo=der=ni=za=ción e In=no=va=ción en la Ges=tión Pú=bli=ca, una ini=cia=ti=va "
	"im=pul=sa=da por RE=MIN=GEP con el pro=pó=si=to de pro=mo=ver la com=pren=sión "
	"y di=fu=sión de con=cep=tos cla=ve, en=fo=ques in=no=va=do=res y he=rra=mien=tas "
	"avan=za=das pa=ra la trans=for=ma=ción de la ges=tión pú=bli=ca.";

/* What the breaker chose, reviewed by eye: no three divided lines in a
 * row, the last line no word's tail, one very loose line where the
 * fixed metric leaves no better choice. */
#define GOLDEN_PARA \
	"Con gran satisfacción concluimos el\tbreak 506 500 decent space\n" \
	"II Seminario Internacional sobre Moderni-\tbreak 5237 -751 tight hyphen\n" \
	"zación e Innovación en la Gestión Públi-\tbreak 12600 0 decent hyphen\n" \
	"ca, una iniciativa impulsada por REMINGEP\tbreak 1003 -601 tight space\n" \
	"con el propósito de promover la com-\tbreak 73527 1333 very-loose hyphen\n" \
	"prensión y difusión de conceptos clave,\tbreak 10269 400 decent space\n" \
	"enfoques innovadores y herramientas avan-\tbreak 5237 -751 tight hyphen\n" \
	"zadas para la transformación de la ges-\tbreak 12688 333 decent hyphen\n" \
	"tión pública.\tbreak 5100 0 decent last\n"

/* The golden case: the lines and reasons of a paragraph at 40 units. */
static void test_golden(void)
{
	char *text = shy(para);
	char *got = compose_test_breaks(text, 36, 40, false, 0);

	g_test_message("%s", got);
	g_assert_cmpstr(got, ==, GOLDEN_PARA);
	g_free(got);
	g_free(text);
}

/* Total fit never sets three divided lines in a row (ES-28); where greedy
 * keeps that rule too, total fit sets no looser line; and over a range of
 * measures it divides fewer words. */
static void test_total_fit_beats_greedy(void)
{
	char *text = shy(para);
	int kp_hyphens = 0, greedy_hyphens = 0;

	for (int room = 30; room <= 66; room += 3) {
		char *kp = compose_test_breaks(text, room, room, false, 0);
		char *gr = compose_test_breaks(text, room, room, true, 0);
		struct fig k = figures(kp), g = figures(gr);

		g_test_message("room %d: total fit r %.3f %d hyphens run %d; greedy r %.3f %d run %d",
			       room, k.worst, k.hyphens, k.run, g.worst, g.hyphens, g.run);
		g_assert_cmpint(k.run, <=, 2);
		/* Where greedy breaks the rule it cannot be matched fairly. */
		if (g.run <= 2)
			g_assert_cmpfloat(k.worst, <=, g.worst + 1e-9);
		kp_hyphens += k.hyphens;
		greedy_hyphens += g.hyphens;
		g_free(kp);
		g_free(gr);
	}
	/* One more division may buy a much better line; over all the
	 * measures there are fewer. */
	g_assert_cmpint(kp_hyphens, <, greedy_hyphens);
	g_free(text);
}

/* ES-31: a compound broken at its hyphen repeats it on the next line. */
static void test_compound(void)
{
	char *got = compose_test_breaks("un curso teórico-práctico de verdad", 17, 19, false, 0);

	g_assert_nonnull(strstr(got, "un curso teórico-\t"));
	g_assert_nonnull(strstr(got, "\n-práctico de verdad\t"));
	g_free(got);
}

/* No break after ¿ ¡ « or an opening raya, before » ? ! or a closing raya,
 * nor at a no-break space: at every measure, each of these stays whole on
 * one line. */
static void test_forbidden(void)
{
	const char *text = "aaaa bbbb ¿cccc dddd? eeee ffff ¡gggg hhhh! iiii «jjjj kkkk» llll "
			   "mmmm —nnnn oooo— pppp 10\xC2\xA0% qqqq 5\xE2\x80\xAFkm rrrr";
	const char *whole[] = { "¿cccc", "dddd?", "¡gggg", "hhhh!", "«jjjj", "kkkk»", "—nnnn",
				"oooo—", "10\xC2\xA0%", "5\xE2\x80\xAFkm" };

	for (int room = 6; room <= 24; room++) {
		char *got = compose_test_breaks(text, room, room, false, 0);

		for (size_t i = 0; i < G_N_ELEMENTS(whole); i++)
			g_assert_nonnull(strstr(got, whole[i]));
		g_free(got);
	}
}

/* Looseness asks for a line more (or less) when the breaks allow it. */
static void test_looseness(void)
{
	char *text = shy(para);
	char *base = compose_test_breaks(text, 40, 40, false, 0);
	char *more = compose_test_breaks(text, 40, 40, false, 1);
	char *less = compose_test_breaks(text, 40, 40, false, -1);

	g_assert_cmpint(figures(more).lines, ==, figures(base).lines + 1);
	g_assert_cmpint(figures(less).lines, <=, figures(base).lines);
	g_free(base);
	g_free(more);
	g_free(less);
	g_free(text);
}

/* A word longer than the measure still gets its line: overfull (r < -1),
 * which compose_block reports with its source line. */
static void test_unbreakable(void)
{
	char *got = compose_test_breaks("un nombre Supercalifragilisticoespialidoso final", 12, 12, false, 0);

	g_assert_nonnull(strstr(got, "\nSupercalifragilisticoespialidoso\t"));
	g_free(got);
}

/* ES-33: a URL breaks after '/' or before '.', never with a hyphen. */
static void test_url(void)
{
	char *got = compose_test_breaks("consulte https://www.example.org/informes/datos-abiertos hoy",
					24, 24, false, 0);
	char **lines = g_strsplit(got, "\n", -1);

	for (char **l = lines; *l && **l; l++)
		g_assert_cmpint((int)strcspn(*l, "\t"), <=, 24);
	g_assert_null(strstr(got, "\thyphen"));
	g_strfreev(lines);
	g_free(got);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/compose/golden", test_golden);
	g_test_add_func("/compose/total-fit-beats-greedy", test_total_fit_beats_greedy);
	g_test_add_func("/compose/compound", test_compound);
	g_test_add_func("/compose/forbidden", test_forbidden);
	g_test_add_func("/compose/looseness", test_looseness);
	g_test_add_func("/compose/unbreakable", test_unbreakable);
	g_test_add_func("/compose/url", test_url);
	return g_test_run();
}
