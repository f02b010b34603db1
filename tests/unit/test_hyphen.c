/*
 * test_hyphen.c — hyphen.c through its public functions: the division points
 * of Spanish words from the Debian dictionary, mapped from libhyphen's
 * per-character vector to byte offsets, and the house rules on top.
 *
 * Only divisions the RAE accepts are asserted (ES-29); the dictionary also
 * produces some it forbids (su-brayar), which these tests do not bless.
 */
#include "fixture.h"

static struct hy_dict *dict;

static void check_show(const char *word, const char *expected)
{
	char *got = hy_show(dict, word, "-");

	g_assert_cmpstr(got, ==, expected);
	g_free(got);
}

static void test_rae_divisions(void)
{
	check_show("modernización", "mo-der-ni-za-ción");
	check_show("transparencia", "trans-pa-ren-cia");
	check_show("constitución", "cons-ti-tu-ción");
	check_show("institucionalizar", "ins-ti-tu-cio-na-li-zar");
	check_show("participación", "par-ti-ci-pa-ción");
	check_show("carretera", "ca-rre-te-ra");          /* rr is one letter */
	check_show("democracia", "de-mo-cra-cia");
	check_show("exámenes", "exá-me-nes");             /* x goes with the vowel after */
	check_show("ciudadanía", "ciu-da-da-nía");        /* no vowel sequence split */
}

static void test_capitals_are_lowered_first(void)
{
	check_show("Modernización", "Mo-der-ni-za-ción");
	check_show("España", "Es-pa-ña");
}

/* libhyphen's vector counts characters; the offsets must count bytes. */
static void test_utf8_offsets(void)
{
	struct { const char *word; int n; int at[4]; } cases[] = {
		{ "pública", 2, { 3, 6 } },        /* pú|bli|ca: ú is two bytes */
		{ "compañía", 2, { 3, 5 } },       /* com|pa|ñía */
		{ "señoría", 2, { 2, 5 } },        /* se|ño|ría: ñ is two bytes */
		{ "niñez", 1, { 2 } },             /* ni|ñez */
	};

	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		GArray *p = hy_points(dict, cases[i].word, -1);

		g_assert_cmpint((int)p->len, ==, cases[i].n);
		for (int k = 0; k < cases[i].n; k++)
			g_assert_cmpint(g_array_index(p, int, k), ==, cases[i].at[k]);
		g_array_unref(p);
	}
}

static void test_never_divided(void)
{
	check_show("REMINGEP", "REMINGEP");      /* acronym (ES-32) */
	check_show("MODERNIZACIÓN", "MODERNIZACIÓN");
	check_show("COVID19", "COVID19");        /* digits */
	check_show("niño", "niño");              /* under five letters (ES-28) */
	check_show("año", "año");
	check_show("www", "www");
}

static void test_soft_hyphens_in_text(void)
{
	char *got = hy_insert_soft_hyphens(dict, NULL,
		"La modernización, según REMINGEP: www.gob.cl y contacto@remingep.org en 2024.");
	char **parts = g_strsplit(got, "\xC2\xAD", -1);
	char *shown = g_strjoinv("=", parts);

	g_assert_cmpstr(shown, ==,
		"La mo=der=ni=za=ción, se=gún REMINGEP: www.gob.cl y contacto@remingep.org en 2024.");
	g_free(shown);
	g_strfreev(parts);
	g_free(got);

	/* Each part of a hyphenated compound is divided on its own, and the
	 * vowels of a hiatus stay together (teó-ri-co, ES-29). */
	got = hy_insert_soft_hyphens(dict, NULL, "teórico-práctico");
	parts = g_strsplit(got, "\xC2\xAD", -1);
	shown = g_strjoinv("=", parts);
	g_assert_cmpstr(shown, ==, "teó=ri=co-prác=ti=co");
	g_free(shown);
	g_strfreev(parts);
	g_free(got);
}

/* TEXT divided through MEMO, twice (the second time from what the first
 * remembered), equals TEXT divided without one. */
static void check_memo(struct hy_memo *memo, const char *text)
{
	char *plain = hy_insert_soft_hyphens(dict, NULL, text);

	for (int pass = 0; pass < 2; pass++) {
		char *got = hy_insert_soft_hyphens(dict, memo, text);

		g_assert_cmpstr(got, ==, plain);
		g_free(got);
	}
	g_free(plain);
}

/* A document's memo changes no division: every house rule still applies
 * word by word (ES-28 short words, ES-32 capitals, abbreviations, names
 * after a title, codes and addresses, ES-33 URLs; compounds), and each
 * word is looked up by its exact spelling. */
static void test_memo_same_divisions(void)
{
	struct hy_memo *memo = hy_memo_new();
	static const char *const texts[] = {
		"La modernización, según REMINGEP: www.gob.cl y contacto@remingep.org en 2024.",
		"Modernización y modernización; MODERNIZACIÓN, modernizaciones.",
		"teórico-práctico, teórico y práctico: el análisis teórico-práctico.",
		"La Sra. Villavicencio Altamirano y la Dra. Constanza de la Fuente firmaron.",
		"Villavicencio Altamirano, Constanza Fuente: transparencia institucional.",
		"Art. 12, pág. 3, etc.: participación ciudadana en 2024/2025, COVID19.",
		"niño año exámenes carretera democracia atleta institucionalizar",
		"",
	};
	guint words;

	for (guint i = 0; i < G_N_ELEMENTS(texts); i++)
		check_memo(memo, texts[i]);
	/* The same texts again divide nothing anew. */
	words = hy_memo_words(memo);
	g_assert_cmpuint(words, >, 10);
	for (guint i = 0; i < G_N_ELEMENTS(texts); i++)
		check_memo(memo, texts[i]);
	g_assert_cmpuint(hy_memo_words(memo), ==, words);

	/* The founding declaration's whole text, as one memo sees it. */
	xmlDoc *seed = xmlReadFile(DECLC_SOURCE_DIR "/samples/declaracion-santiago-2024.xml", NULL,
				   XML_PARSE_NONET);
	g_assert_nonnull(seed);
	xmlChar *all = xmlNodeGetContent(xmlDocGetRootElement(seed));
	check_memo(memo, (const char *)all);
	g_assert_cmpuint(hy_memo_words(memo), >, words + 100);
	xmlFree(all);
	xmlFreeDoc(seed);
	hy_memo_free(memo);
}

/* The memo stops growing at HY_MEMO_MAX words; the words after that are
 * divided as ever. */
static void test_memo_bounded(void)
{
	struct hy_memo *memo = hy_memo_new();
	GString *text = g_string_new(NULL);

	/* HY_MEMO_MAX + 100 different words of letters only: "palabra"
	 * followed by a base-26 numeral written in letters. */
	for (int i = 0; i < HY_MEMO_MAX + 100; i++) {
		g_string_append(text, "palabra");
		for (int n = i, k = 0; k < 4; k++, n /= 26)
			g_string_append_c(text, (char)('a' + n % 26));
		g_string_append_c(text, ' ');
	}
	check_memo(memo, text->str);
	g_assert_cmpuint(hy_memo_words(memo), ==, HY_MEMO_MAX);
	g_string_free(text, TRUE);
	hy_memo_free(memo);
}

static void test_missing_dictionary(void)
{
	struct diag_sink *s = diag_sink_new();

	g_assert_null(hy_load(DECLC_SOURCE_DIR "/no-such.dic", s, "declc"));
	g_assert_cmpint((int)s->items->len, ==, 1);
	g_assert_cmpint(g_array_index(s->items, struct diag, 0).id, ==, DIAG_E_HYPHEN_DICT);
	diag_sink_free(s);
}

int main(int argc, char **argv)
{
	struct diag_sink *s = diag_sink_new();
	int rc;

	g_test_init(&argc, &argv, NULL);
	dict = hy_load(DECLC_HYPHEN_DICT, s, "dictionary");
	g_assert_nonnull(dict);
	g_test_add_func("/hyphen/rae-divisions", test_rae_divisions);
	g_test_add_func("/hyphen/capitals-lowered-first", test_capitals_are_lowered_first);
	g_test_add_func("/hyphen/utf8-offsets", test_utf8_offsets);
	g_test_add_func("/hyphen/never-divided", test_never_divided);
	g_test_add_func("/hyphen/soft-hyphens-in-text", test_soft_hyphens_in_text);
	g_test_add_func("/hyphen/memo-same-divisions", test_memo_same_divisions);
	g_test_add_func("/hyphen/memo-bounded", test_memo_bounded);
	g_test_add_func("/hyphen/missing-dictionary", test_missing_dictionary);
	rc = g_test_run();
	hy_free(dict);
	diag_sink_free(s);
	return rc;
}
