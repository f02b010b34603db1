/*
 * test_typo.c — the typography pass's rule table against its own rules.
 *
 * typo.c skips a rule for a unit that holds none of the characters of its
 * NEEDS column, and tracks which characters a unit may hold through each
 * rule's MAKES column (typo.h). Both columns are claims about code: a rule
 * changed without its row would make the pass silently skip work. The
 * typography spec files (tests/typography) show what the rules do; these
 * tests show that skipping never changes it: random text built from the
 * pieces the rules look for goes through the pass with the skipping and
 * without, and the two results — text and findings — must be the same.
 * (typo_fix_string also checks MAKES after every rule, and aborts if a rule
 * wrote a character its row leaves out.)
 */
#include <string.h>
#include <glib.h>
#include "typo.h"

/* What the rules look for: signs, numbers, abbreviations, words of their
 * lists, spaces of every kind, and the private-use characters that stand
 * for markup (typo.h). */
static const char *const pieces[] = {
	" ", " ", " ", "  ", "\t", "\n", "\u00A0", "\u202F", "\u2009", "\u2060",
	"a", "e", "o", "de", "la", "casa", "Juan", "Pérez", "ÁREA", "ñ", "w", "I", "V", "X",
	"iv", "xix", "XXI", "MCM", "ıv", "siglo", "siglos", "milenio", "s.", "Siglo", "SIGLO",
	"1", "2", "15", "123", "1234", "12345", "1.500", "1.500.000", "1,5", "100 000", "2024",
	".", ",", ";", ":", "?", "!", "¿", "¡", "...", "....", "…", "(", ")", "[", "]", "{", "}",
	"\"", "'", "«", "»", "“", "”", "‘", "’", "-", "--", "---", "----", "–", "—", "/",
	"http://ex.com/a", "www.x.cl", "a@b.cl", "/usr/bin/x", "C:\\x", "@", "_", "#", "=",
	"%", "‰", "km", "kg", "m²", "°C", "°", "º", "ª", "1.º", "1º", "1.er", "1er", "2do",
	"N.º", "Nº", "No. ", "Nro.", "Núm.", "$", "€", "US$", "CLP", "USD", "UF", "R$",
	"Sr.", "Dr.", "art.", "págs.", "S.A.", "S. A.", "EE. UU.", "p. ej.", "a. C.", "etc.",
	"Etc.", "etc...", "J. A.", "J.", "ley", "año", "teléfono", " de ", "Enero", "marzo",
	"calle", "y", "al", "pa'", "l'", "\uE000", "\uE001", "\uE002", "\uE003",
};

static char *random_text(GRand *r)
{
	GString *s = g_string_new(NULL);
	int n = g_rand_int_range(r, 1, 40);

	for (int i = 0; i < n; i++)
		g_string_append(s, pieces[g_rand_int_range(r, 0, G_N_ELEMENTS(pieces))]);
	return g_string_free(s, FALSE);
}

static char *joined(GPtrArray *a)
{
	g_ptr_array_add(a, NULL);
	char *s = g_strjoinv(" ", (char **)a->pdata);
	g_ptr_array_set_size(a, a->len - 1);
	return s;
}

static void test_skipping_changes_nothing(void)
{
	static const struct { struct typo_opts opts; const char *lang; } runs[] = {
		{ { false, false, false, false }, "es" },
		{ { false, false, false, false }, "es-MX" },
		{ { false, false, false, false }, "en" },
		{ { true, false, true, false }, "es-AR" },
		{ { false, true, false, true }, "es-CL" },
	};
	GRand *r = g_rand_new_with_seed(20261203);

	for (int k = 0; k < 3000; k++) {
		char *text = random_text(r);
		for (size_t i = 0; i < G_N_ELEMENTS(runs); i++) {
			GPtrArray *f1 = g_ptr_array_new_with_free_func(g_free);
			GPtrArray *f2 = g_ptr_array_new_with_free_func(g_free);
			char *skipped = typo_fix_string(text, runs[i].lang, &runs[i].opts, f1);
			char *every = typo_fix_string_full(text, runs[i].lang, &runs[i].opts, f2, true);
			char *j1 = joined(f1), *j2 = joined(f2);
			if (strcmp(skipped, every) != 0 || strcmp(j1, j2) != 0)
				g_test_message("input: \"%s\" (%s)", text, runs[i].lang);
			g_assert_cmpstr(skipped, ==, every);
			g_assert_cmpstr(j1, ==, j2);
			g_free(j1);
			g_free(j2);
			g_free(skipped);
			g_free(every);
			g_ptr_array_free(f1, TRUE);
			g_ptr_array_free(f2, TRUE);
		}
		g_free(text);
	}
	g_rand_free(r);
}

/* Cases where one character decides whether a rule applies. */
static void test_one_character_decides(void)
{
	static const char *const texts[] = {
		"el siglo xix", "el milenio ii", "en el s. xv", "pág. 5", "Sr. Rojas",
		"hola ...", "US$ 5", "15000 km", "N.º 5", "dijo -así- que", "'hola'",
		"hola ?", "Hola.»", "ver www.ejemplo.cl", "1º", "20° grados",
	};

	for (size_t i = 0; i < G_N_ELEMENTS(texts); i++) {
		char *a = typo_fix_string(texts[i], "es", NULL, NULL);
		char *b = typo_fix_string_full(texts[i], "es", NULL, NULL, true);
		g_assert_cmpstr(a, ==, b);
		g_free(a);
		g_free(b);
	}
}

static void test_table_columns(void)
{
	size_t n;
	const struct typo_rule *t = typo_rule_table(&n);

	for (size_t i = 0; i < n; i++) {
		/* Only a rule with a function can be skipped or write anything. */
		if (!t[i].fn) {
			g_assert_null(t[i].needs);
			g_assert_null(t[i].makes);
		}
		g_assert_true(!t[i].needs || (*t[i].needs && g_utf8_validate(t[i].needs, -1, NULL)));
		g_assert_true(!t[i].makes || (*t[i].makes && g_utf8_validate(t[i].makes, -1, NULL)));
	}
}

static void test_character_sets(void)
{
	struct typo_set s;

	/* ASCII characters have a slot each. */
	for (gunichar c = 0; c < 0x80; c++)
		g_assert_cmpuint(typo_slot(c), ==, c);
	memset(&s, 0, sizeof s);
	typo_set_add(&s, '.');
	typo_set_add(&s, 0x00BB);   /* » */
	typo_set_add(&s, TYPO_QOPEN);
	g_assert_true(typo_set_has(&s, '.'));
	g_assert_true(typo_set_has(&s, 0x00BB));
	g_assert_true(typo_set_has(&s, TYPO_QOPEN));
	g_assert_false(typo_set_has(&s, ','));
	g_assert_false(typo_set_has(&s, '0'));
	for (gunichar c = 0x80; c < 0x3000; c++)
		g_assert_cmpuint(typo_slot(c), >=, 0x80);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/typo/skipping-changes-nothing", test_skipping_changes_nothing);
	g_test_add_func("/typo/one-character-decides", test_one_character_decides);
	g_test_add_func("/typo/table-columns", test_table_columns);
	g_test_add_func("/typo/character-sets", test_character_sets);
	return g_test_run();
}
