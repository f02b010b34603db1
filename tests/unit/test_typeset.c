/*
 * test_typeset.c — compose, paginate and render on small hand-written layout
 * trees, asserting on the trace (the golden format) and on diagnostics.
 *
 * The page of these tests holds exactly ten lines: a text area of 140 pt and
 * a line height of 14 pt. Blocks are made of short lines ended by l:br, so
 * each block has a known number of lines whatever the font's metrics.
 */
#include "fixture.h"

#define LAYOUT_HEAD \
	"<l:layout xmlns:l='urn:declc:layout:1' xml:lang='es'>" \
	"<l:meta title='Prueba' author='declc' date='2024-11-14'/>" \
	"<l:page width='300' height='240' margin-top='50' margin-bottom='50'" \
	" margin-left='50' margin-right='50'/>"
#define BODY_HEAD "<l:body line-height='14' align='left' hyphenate='false'>"
#define LAYOUT_TAIL "</l:body></l:layout>"

/* Appends a block of N lines named NAME1 … NAMEn, with ATTRS. */
static void block(GString *x, const char *name, int n, const char *attrs)
{
	g_string_append_printf(x, "<l:block %s>", attrs ? attrs : "");
	for (int i = 1; i <= n; i++)
		g_string_append_printf(x, "%s%s%d", i > 1 ? "<l:br/>" : "", name, i);
	g_string_append(x, "</l:block>");
}

static GString *start(void)
{
	return g_string_new(LAYOUT_HEAD BODY_HEAD);
}

static char *finish_trace(struct fixture *f, GString *x)
{
	char *trace;

	g_string_append(x, LAYOUT_TAIL);
	trace = fixture_trace(f, x->str);
	g_string_free(x, TRUE);
	return trace;
}

static void test_fills_pages(struct fixture *f, gconstpointer data)
{
	GString *x = start();
	char *t;

	block(x, "A", 10, NULL);
	block(x, "B", 4, NULL);
	t = finish_trace(f, x);
	g_assert_cmpint(page_count(f->ps), ==, 2);
	g_assert_cmpint(fixture_page_of(t, "A10"), ==, 1);
	g_assert_cmpint(fixture_page_of(t, "B1"), ==, 2);
	/* Lines sit at a fixed distance: 14 pt = 14336 units. */
	g_assert_nonnull(strstr(t, "page 1 307200 245760\n"));
	g_free(t);
}

/* A paragraph whose first line alone would end page 1 (orphan) starts on
 * page 2; one whose last line alone would start page 2 (widow) takes one
 * more line with it. */
static void test_widows_and_orphans(struct fixture *f, gconstpointer data)
{
	GString *x = start();
	char *t;

	block(x, "A", 9, NULL);
	block(x, "B", 3, NULL);
	t = finish_trace(f, x);
	g_assert_cmpint(fixture_page_of(t, "A9"), ==, 1);
	g_assert_cmpint(fixture_page_of(t, "B1"), ==, 2);
	g_free(t);

	x = start();
	block(x, "A", 7, NULL);
	block(x, "B", 4, NULL);
	t = finish_trace(f, x);
	g_assert_cmpint(fixture_page_of(t, "B2"), ==, 1);
	g_assert_cmpint(fixture_page_of(t, "B3"), ==, 2);
	g_assert_cmpint(fixture_page_of(t, "B4"), ==, 2);
	g_free(t);

	/* widows='1' allows the single line. */
	x = start();
	block(x, "A", 7, NULL);
	block(x, "B", 4, "widows='1'");
	t = finish_trace(f, x);
	g_assert_cmpint(fixture_page_of(t, "B3"), ==, 1);
	g_assert_cmpint(fixture_page_of(t, "B4"), ==, 2);
	g_free(t);
}

/* A heading that keeps with the next block goes to the next page with it. */
static void test_keep_with_next(struct fixture *f, gconstpointer data)
{
	GString *x = start();
	char *t;

	block(x, "A", 8, NULL);
	block(x, "H", 1, "keep-with-next='true' tag='H1'");
	block(x, "P", 3, NULL);
	t = finish_trace(f, x);
	g_assert_cmpint(fixture_page_of(t, "A8"), ==, 1);
	g_assert_cmpint(fixture_page_of(t, "H1"), ==, 2);
	g_assert_cmpint(fixture_page_of(t, "P1"), ==, 2);
	g_free(t);
}

static const char signatures[] =
	"<l:grid columns='2' keep-with-previous='%d' continued-label='Firmantes (continuación)'>"
	"<l:cell><l:rule width='80' space-before='20'/><l:block>S1</l:block></l:cell>"
	"<l:cell><l:rule width='80' space-before='20'/><l:block>S2</l:block></l:cell>"
	"<l:cell><l:rule width='80' space-before='20'/><l:block>S3</l:block></l:cell>"
	"</l:grid>";

/* The first row of a grid with keep-with-previous='N' never starts a page
 * without N lines of what precedes it; with widows and orphans in force, the
 * preceding paragraph gives two lines. */
static void test_keep_with_previous(struct fixture *f, gconstpointer data)
{
	GString *x = start();
	char *t;

	/* 7 lines + dateline + label = 126 pt; a row (20 + 0.5 + 14) does not fit. */
	block(x, "A", 7, NULL);
	block(x, "D", 1, NULL);
	block(x, "L", 1, NULL);
	g_string_append_printf(x, signatures, 2);
	t = finish_trace(f, x);
	g_assert_cmpint(fixture_page_of(t, "A7"), ==, 1);
	g_assert_cmpint(fixture_page_of(t, "D1"), ==, 2);
	g_assert_cmpint(fixture_page_of(t, "L1"), ==, 2);
	g_assert_cmpint(fixture_page_of(t, "S1"), ==, 2);
	g_free(t);

	/* Three lines kept: the third comes from the paragraph, which then
	 * gives two (widows). */
	x = start();
	block(x, "A", 7, NULL);
	block(x, "D", 1, NULL);
	block(x, "L", 1, NULL);
	g_string_append_printf(x, signatures, 3);
	t = finish_trace(f, x);
	g_assert_cmpint(fixture_page_of(t, "A5"), ==, 1);
	g_assert_cmpint(fixture_page_of(t, "A6"), ==, 2);
	g_assert_cmpint(fixture_page_of(t, "S1"), ==, 2);
	g_free(t);
}

/* The last page never holds only signatures (ES-27): rows that would stand
 * alone there take the whole grid, and the lines it keeps with, along. */
static void test_no_lonely_signatures(struct fixture *f, gconstpointer data)
{
	GString *x = start();
	char *t;

	block(x, "A", 6, NULL);
	g_string_append(x, "<l:grid columns='1' keep-with-previous='2'>");
	for (int i = 1; i <= 3; i++)
		g_string_append_printf(x, "<l:cell><l:rule width='80' space-before='20'/>"
				       "<l:block>S%d</l:block></l:cell>", i);
	g_string_append(x, "</l:grid>");
	t = finish_trace(f, x);
	g_assert_cmpint(page_count(f->ps), ==, 2);
	g_assert_cmpint(fixture_page_of(t, "A4"), ==, 1);
	g_assert_cmpint(fixture_page_of(t, "A5"), ==, 2);
	g_assert_cmpint(fixture_page_of(t, "S1"), ==, 2);
	g_assert_cmpint(fixture_page_of(t, "S3"), ==, 2);
	g_free(t);
}

/* A grid that flows onto a later page repeats its continued label there. */
static void test_continued_label(struct fixture *f, gconstpointer data)
{
	GString *x = start();
	char *t;

	block(x, "A", 4, NULL);
	block(x, "L", 1, "keep-with-next='true'");
	g_string_append(x, "<l:grid columns='1' row-gap='4' continued-label='L (cont.)'>");
	for (int i = 1; i <= 4; i++)
		g_string_append_printf(x, "<l:cell><l:rule width='80' space-before='20'/>"
				       "<l:block>S%d</l:block></l:cell>", i);
	g_string_append(x, "</l:grid>");
	t = finish_trace(f, x);
	g_assert_cmpint(page_count(f->ps), ==, 2);
	g_assert_cmpint(fixture_page_of(t, "S1"), ==, 1);
	g_assert_cmpint(fixture_page_of(t, "L (cont.)"), ==, 2);
	g_assert_cmpint(fixture_page_of(t, "S4"), ==, 2);
	g_assert_true(strstr(t, "\"L (cont.)\"") < strstr(t, "\"S4\""));
	g_free(t);
}

/* Spaces collapse (the larger applies) and vanish at the top of a page. */
static void test_spaces(struct fixture *f, gconstpointer data)
{
	GString *x = start();
	char *t;
	int y1, y2;
	const char *at;

	block(x, "A", 1, "space-after='10'");
	block(x, "B", 1, "space-before='6'");
	block(x, "C", 8, "space-before='30' keep-together='true'");
	t = finish_trace(f, x);
	at = strstr(t, "\"A1\"");
	g_assert_nonnull(at);
	at = strstr(t, "\"B1\"");
	g_assert_nonnull(at);
	/* Baselines of A1 and B1 are 14 + 10 pt apart, not 14 + 16. */
	g_assert_cmpint(sscanf(strstr(t, "text ") + 5, "%*d %d", &y1), ==, 1);
	g_assert_cmpint(sscanf(strstr(strstr(t, "\"A1\""), "text ") + 5, "%*d %d", &y2), ==, 1);
	g_assert_cmpint(y2 - y1, ==, 24 * PANGO_SCALE);
	/* C does not fit after 30 pt: it starts page 2 at the first baseline. */
	g_assert_cmpint(fixture_page_of(t, "C1"), ==, 2);
	g_assert_cmpint(sscanf(strstr(strstr(t, "page 2"), "\ntext "), "\ntext %*d %d", &y2), ==, 1);
	g_assert_cmpint(y2, ==, y1);
	g_free(t);
}

static void test_footer_page_numbers(struct fixture *f, gconstpointer data)
{
	GString *x = g_string_new(LAYOUT_HEAD
		"<l:footer><l:block align='center'>Página <l:page-number/> de <l:page-count/></l:block></l:footer>"
		BODY_HEAD);
	char *t;

	block(x, "A", 15, NULL);
	t = finish_trace(f, x);
	g_assert_cmpint(fixture_page_of(t, "Página 1 de 2"), ==, 1);
	g_assert_cmpint(fixture_page_of(t, "Página 2 de 2"), ==, 2);
	g_free(t);
}

/* Justified text fills the measure; hyphenation divides Spanish words with
 * a visible hyphen at the line end only. */
static void test_justified_and_hyphenated(struct fixture *f, gconstpointer data)
{
	const char *text = LAYOUT_HEAD "<l:body line-height='14' font-size='11'>"
		"<l:block text-indent='16'>Con gran satisfacción concluimos el II Seminario Internacional "
		"sobre Modernización e Innovación en la Gestión Pública Santiago de Chile 2024. Una "
		"iniciativa impulsada por REMINGEP con el propósito de promover la comprensión y "
		"difusión de conceptos clave, enfoques innovadores y herramientas avanzadas.</l:block>"
		LAYOUT_TAIL;
	char *t = fixture_trace(f, text);
	char **lines = g_strsplit(t, "\n", -1);
	int full = 0, texts = 0;

	for (char **l = lines; *l; l++) {
		int x, y, w;

		if (sscanf(*l, "text %d %d %d", &x, &y, &w) != 3)
			continue;
		texts++;
		/* Every line but the last ends at the right margin (250 pt). */
		if (x + w == 250 * PANGO_SCALE || abs(x + w - 250 * PANGO_SCALE) < 8)
			full++;
		g_assert_null(strstr(*l, "\xC2\xAD"));   /* no soft hyphen shows */
	}
	g_assert_cmpint(texts, >, 3);
	g_assert_cmpint(full, ==, texts - 1);
	/* The first line is indented by 16 pt. */
	g_assert_nonnull(strstr(t, "\ntext 67584 "));
	g_strfreev(lines);
	g_free(t);
}

/* When nothing legal fits, the page breaks anyway, with a warning. */
static void test_keep_broken(struct fixture *f, gconstpointer data)
{
	GString *x = start();
	char *t;

	block(x, "A", 12, "keep-together='true' src='5:3'");
	t = finish_trace(f, x);
	g_assert_cmpint(page_count(f->ps), ==, 2);
	g_assert_cmpint(fixture_page_of(t, "A10"), ==, 1);
	g_assert_cmpint(fixture_page_of(t, "A11"), ==, 2);
	g_assert_cmpint(fixture_count(f, DIAG_W_KEEP_BROKEN, 5), ==, 1);
	g_free(t);
}

/* text-transform=uppercase keeps accents and ñ (ES-20), whatever the locale. */
static void test_uppercase(struct fixture *f, gconstpointer data)
{
	char *t = fixture_trace(f, LAYOUT_HEAD BODY_HEAD
		"<l:block text-transform='uppercase'>año de la niñez, <l:span text-transform='none'>"
		"y no</l:span> modernización</l:block>" LAYOUT_TAIL);

	g_assert_cmpint(fixture_page_of(t, "AÑO DE LA NIÑEZ, y no"), ==, 1);
	g_assert_cmpint(fixture_page_of(t, "MODERNIZACIÓN"), ==, 1);
	g_free(t);
}

/* A compound broken at its own hyphen repeats it on the next line (ES-31). */
static void test_compound_hyphen(struct fixture *f, gconstpointer data)
{
	const char *text = "<l:layout xmlns:l='urn:declc:layout:1' xml:lang='es'>"
		"<l:page width='185' height='240' margin-top='50' margin-bottom='50'"
		" margin-left='50' margin-right='50'/>"
		"<l:body line-height='14' align='left' hyphenate='false'>"
		"<l:block>un curso teórico-práctico de verdad</l:block>" LAYOUT_TAIL;
	char *t = fixture_trace(f, text);

	g_assert_cmpint(fixture_page_of(t, "un curso teórico-"), ==, 1);
	g_assert_nonnull(strstr(t, " \"-práctico"));
	g_free(t);
}

/* The header is left off page 1 unless first-page says otherwise; the
 * footer is on every page. */
static void test_header(struct fixture *f, gconstpointer data)
{
	GString *x = g_string_new(LAYOUT_HEAD
		"<l:header><l:block align='right'>Declaración</l:block></l:header>" BODY_HEAD);
	char *t;

	block(x, "A", 15, NULL);
	t = finish_trace(f, x);
	g_assert_cmpint(fixture_page_of(t, "Declaración"), ==, 2);
	/* Its baseline sits 24 pt (the default offset) above the text area. */
	g_assert_nonnull(strstr(t, " 26624 "));
	g_free(t);
}

static void test_missing_glyph(struct fixture *f, gconstpointer data)
{
	const char *text = LAYOUT_HEAD BODY_HEAD
		"<l:block src='12:5'>Bien</l:block>"
		"<l:block src='14:5'>Un carácter sin glifo: \xE4\xB8\xAD.</l:block>"
		LAYOUT_TAIL;

	g_assert_null(fixture_typeset(f, text));
	g_assert_cmpint(fixture_count(f, DIAG_E_GLYPH, 14), ==, 1);
	g_assert_nonnull(strstr(fixture_message(f, DIAG_E_GLYPH), "U+4E2D"));
	g_assert_nonnull(strstr(fixture_message(f, DIAG_E_GLYPH), "sin glifo"));
}

static void test_missing_family(struct fixture *f, gconstpointer data)
{
	const char *text = LAYOUT_HEAD BODY_HEAD
		"<l:block src='3:1'>Bien <l:span font-family='Comic Sans Imaginaria' src='3:9'>mal</l:span></l:block>"
		LAYOUT_TAIL;

	g_assert_null(fixture_typeset(f, text));
	g_assert_cmpint(fixture_count(f, DIAG_E_FONT_MISSING, 3), ==, 1);
	g_assert_nonnull(strstr(fixture_message(f, DIAG_E_FONT_MISSING), "Comic Sans Imaginaria"));
	g_assert_nonnull(strstr(fixture_message(f, DIAG_E_FONT_MISSING), "Linux Libertine"));
}

static void test_overfull(struct fixture *f, gconstpointer data)
{
	const char *text = LAYOUT_HEAD BODY_HEAD
		"<l:block src='9:2'>Un nombre imposible: Supercalifragilisticoespialidosoextraordinariamente.</l:block>"
		LAYOUT_TAIL;

	g_assert_nonnull(fixture_typeset(f, text));
	g_assert_cmpint(fixture_count(f, DIAG_W_OVERFULL, 9), ==, 1);
}

static bool bytes_contain(const GByteArray *b, const char *needle)
{
	size_t n = strlen(needle);

	for (guint i = 0; i + n <= b->len; i++)
		if (memcmp(b->data + i, needle, n) == 0)
			return true;
	return false;
}

/* Reproducible output: two renders, and two typesettings, give the same
 * bytes, in every format. */
static void test_reproducible(struct fixture *f, gconstpointer data)
{
	GString *x = g_string_new(LAYOUT_HEAD
		"<l:footer><l:block align='center'>Página <l:page-number/> de <l:page-count/></l:block></l:footer>"
		"<l:body line-height='14'><l:block tag='H1' outline-level='1'>Título</l:block>");
	enum dev_kind kinds[] = { DEV_PDF, DEV_PS, DEV_SVG, DEV_PNG, DEV_TRACE };

	block(x, "Línea ", 14, NULL);
	g_string_append(x, "</l:body></l:layout>");
	for (size_t k = 0; k < G_N_ELEMENTS(kinds); k++) {
		GByteArray *a, *b, *c;

		g_assert_nonnull(fixture_typeset(f, x->str));
		a = fixture_render(f, kinds[k], 0);
		b = fixture_render(f, kinds[k], 0);
		g_assert_nonnull(fixture_typeset(f, x->str));
		c = fixture_render(f, kinds[k], 0);
		g_assert_cmpmem(a->data, a->len, b->data, b->len);
		g_assert_cmpmem(a->data, a->len, c->data, c->len);
		if (kinds[k] == DEV_PDF) {
			g_assert_true(memcmp(a->data, "%PDF-", 5) == 0);
			/* Cairo 1.16 leaves out the "D:" prefix; later ones write it. */
			g_assert_true(bytes_contain(a, "/CreationDate (20241114000000") ||
				      bytes_contain(a, "/CreationDate (D:20241114000000"));
		}
		g_byte_array_unref(a);
		g_byte_array_unref(b);
		g_byte_array_unref(c);
	}
	g_string_free(x, TRUE);
}

static void test_structure(struct fixture *f, gconstpointer data)
{
	GString *x = g_string_new(LAYOUT_HEAD BODY_HEAD
		"<l:group tag='L'><l:block tag='LI' label='a)' start-indent='20'>uno</l:block></l:group>");
	char *t;

	g_string_append_printf(x, signatures, 0);
	t = finish_trace(f, x);
	g_assert_nonnull(strstr(t, "page 1 307200 245760\nbegin Document\nbegin L\nbegin LI\nbegin Lbl\ntext "));
	g_assert_nonnull(strstr(t, "end Lbl\nbegin LBody\ntext "));
	g_assert_nonnull(strstr(t, "begin Table\nbegin TR\nbegin TD\nrule "));
	g_assert_nonnull(strstr(t, "end Table\nend Document\n"));
	g_free(t);
}

/* --param trace-decisions=true: after each line of text, the breaker's
 * reasons (demerits, ratio, fitness class, how it ends); the default trace
 * stays as it was. */
static void test_trace_decisions(struct fixture *f, gconstpointer data)
{
	static const char text[] = LAYOUT_HEAD "<l:body line-height='14' font-size='11'>"
		"<l:block>Con gran satisfacción concluimos el II Seminario Internacional sobre "
		"Modernización e Innovación en la Gestión Pública Santiago de Chile 2024, una "
		"iniciativa impulsada con el propósito de promover la comprensión y difusión de "
		"conceptos clave.</l:block>" LAYOUT_TAIL;
	char *params[] = { "trace-decisions=true", NULL };
	char *plain = fixture_trace(f, text), *t;
	char **lines;
	int texts = 0, breaks = 0;

	g_assert_null(strstr(plain, "\nbreak "));
	f->run.params = params;
	t = fixture_trace(f, text);
	f->run.params = NULL;
	lines = g_strsplit(t, "\n", -1);
	for (char **l = lines; *l; l++) {
		if (strncmp(*l, "text ", 5) != 0)
			continue;
		texts++;
		g_assert_nonnull(l[1]);
		g_assert_true(g_str_has_prefix(l[1], "break "));
		breaks++;
		if (l[2] == NULL || strncmp(l[2], "text ", 5) != 0)
			g_assert_true(g_str_has_suffix(l[1], " last"));
		else
			g_assert_true(g_str_has_suffix(l[1], " space") || g_str_has_suffix(l[1], " hyphen"));
		/* A line that ends in a division says so. */
		g_assert_true(g_str_has_suffix(*l, "-\"") == g_str_has_suffix(l[1], " hyphen"));
	}
	g_assert_cmpint(texts, >, 2);
	g_assert_cmpint(breaks, ==, texts);
	g_strfreev(lines);
	g_free(plain);
	g_free(t);
}

/* ES-28: the last line of a page never ends in a divided word. A narrow,
 * hyphenated paragraph over several pages of ten lines. */
static void test_no_hyphen_at_page_turn(struct fixture *f, gconstpointer data)
{
	GString *x = g_string_new("<l:layout xmlns:l='urn:declc:layout:1' xml:lang='es'>"
		"<l:page width='190' height='240' margin-top='50' margin-bottom='50'"
		" margin-left='50' margin-right='50'/><l:body line-height='14' font-size='11'"
		" widows='1' orphans='1'><l:block>");
	char *t, **lines;
	int pages = 0;

	for (int i = 0; i < 12; i++)
		g_string_append(x, "La transparencia administrativa y la participación ciudadana "
				"fortalecen la institucionalidad democrática latinoamericana. ");
	g_string_append(x, "</l:block>" LAYOUT_TAIL);
	t = fixture_trace(f, x->str);
	lines = g_strsplit(t, "\n", -1);
	for (char **l = lines; *l; l++) {
		if (strncmp(*l, "page ", 5) == 0 && l != lines) {
			char **back = l - 1;

			while (back > lines && strncmp(*back, "text ", 5) != 0)
				back--;
			g_assert_false(g_str_has_suffix(*back, "-\""));
			pages++;
		}
	}
	g_assert_cmpint(pages, >, 2);
	g_strfreev(lines);
	g_string_free(x, TRUE);
	g_free(t);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
#define ADD(path, fn) g_test_add(path, struct fixture, NULL, fixture_setup, fn, fixture_teardown)
	ADD("/typeset/fills-pages", test_fills_pages);
	ADD("/typeset/trace-decisions", test_trace_decisions);
	ADD("/typeset/no-hyphen-at-page-turn", test_no_hyphen_at_page_turn);
	ADD("/typeset/widows-and-orphans", test_widows_and_orphans);
	ADD("/typeset/keep-with-next", test_keep_with_next);
	ADD("/typeset/keep-with-previous", test_keep_with_previous);
	ADD("/typeset/continued-label", test_continued_label);
	ADD("/typeset/no-lonely-signatures", test_no_lonely_signatures);
	ADD("/typeset/spaces", test_spaces);
	ADD("/typeset/footer-page-numbers", test_footer_page_numbers);
	ADD("/typeset/justified-and-hyphenated", test_justified_and_hyphenated);
	ADD("/typeset/keep-broken", test_keep_broken);
	ADD("/typeset/uppercase", test_uppercase);
	ADD("/typeset/compound-hyphen", test_compound_hyphen);
	ADD("/typeset/header", test_header);
	ADD("/typeset/missing-glyph", test_missing_glyph);
	ADD("/typeset/missing-family", test_missing_family);
	ADD("/typeset/overfull", test_overfull);
	ADD("/typeset/reproducible", test_reproducible);
	ADD("/typeset/structure", test_structure);
#undef ADD
	return g_test_run();
}
