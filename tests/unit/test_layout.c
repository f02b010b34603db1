/*
 * test_layout.c — layout.c: the layout vocabulary (docs/layout.md) parsed
 * into nodes whose properties are resolved: inheritance, defaults, the
 * element's own properties, source positions and bad values.
 */
#include "fixture.h"
#include "layout.h"

static const char doc_text[] =
	"<l:layout xmlns:l='urn:declc:layout:1' xml:lang='es-CL' font-size='12'>\n"
	"  <l:meta title='Declaración' date='2024-11-14'/>\n"
	"  <l:page width='500' height='700' margin-left='60'/>\n"
	"  <l:footer><l:block align='center'>Página <l:page-number/> de <l:page-count/></l:block></l:footer>\n"
	"  <l:body font-family='Linux Libertine O' line-height='15' text-indent='16'>\n"
	"    <l:group tag='Title' align='center' font-weight='bold' space-before='20' keep-with-next='true'>\n"
	"      <l:block src='10:5' font-size='15'>DECLARACIÓN</l:block>\n"
	"    </l:group>\n"
	"    <l:block src='20:7'>Texto <l:span font-style='italic' lang='en' src='20:30'>Big <l:span font-variant='small-caps'>Data</l:span></l:span> fin<l:br/>otra</l:block>\n"
	"    <l:grid columns='2' keep-with-previous='2' align='center' continued-label='Firmantes (cont.)'>\n"
	"      <l:cell><l:rule width='170' space-before='36'/><l:block>REMINGEP</l:block></l:cell>\n"
	"    </l:grid>\n"
	"    <l:space height='12'/>\n"
	"  </l:body>\n"
	"</l:layout>\n";

struct lt_setup {
	struct declc_run run;
	struct declc_doc *doc;
	xmlDoc *xml;
	struct lt_tree *t;
};

static struct lt_tree *parse(struct lt_setup *s, const char *text)
{
	memset(s, 0, sizeof *s);
	s->doc = doc_new(&s->run, "test.xml");
	s->xml = xmlReadMemory(text, (int)strlen(text), "layout.xml", NULL, 0);
	g_assert_nonnull(s->xml);
	s->t = lt_parse(s->doc, s->xml);
	return s->t;
}

static void done(struct lt_setup *s)
{
	lt_free(s->t);
	xmlFreeDoc(s->xml);
	doc_free(s->doc);
}

static void test_inheritance(void)
{
	struct lt_setup s;
	struct lt_tree *t = parse(&s, doc_text);
	struct lt_node *title, *title_block, *para, *grid, *cell;

	g_assert_nonnull(t);
	g_assert_cmpint((int)s.doc->diags->items->len, ==, 0);
	g_assert_cmpstr(t->meta.title, ==, "Declaración");
	g_assert_cmpstr(t->meta.lang, ==, "es-CL");
	g_assert_cmpfloat(t->page.width, ==, 500);
	g_assert_cmpfloat(t->page.margin_left, ==, 60);
	g_assert_cmpfloat(t->page.margin_top, ==, 70.87);   /* default */

	title = t->body->first;
	g_assert_cmpint(title->kind, ==, LT_GROUP);
	g_assert_cmpstr(title->tag, ==, "Title");
	g_assert_cmpfloat(title->space_before, ==, 20);
	g_assert_true(title->keep_with_next);

	/* Inherited: align, weight and line-height from above; own: size. */
	title_block = title->first;
	g_assert_cmpint(title_block->set.align, ==, LT_CENTER);
	g_assert_cmpint(title_block->chars->weight, ==, 700);
	g_assert_cmpfloat(title_block->chars->size, ==, 15);
	g_assert_cmpfloat(title_block->set.line_height, ==, 15);
	g_assert_cmpfloat(title_block->set.text_indent, ==, 16);
	g_assert_cmpstr(title_block->chars->lang, ==, "es-CL");
	/* Not inherited: a group's own place in the flow. */
	g_assert_cmpfloat(title_block->space_before, ==, 0);
	g_assert_false(title_block->keep_with_next);
	g_assert_null(title_block->tag);
	g_assert_cmpint(title_block->line, ==, 10);
	g_assert_cmpint(title_block->col, ==, 5);

	/* Defaults from the typesetter and l:layout. */
	para = title->next;
	g_assert_cmpint(para->set.align, ==, LT_JUSTIFY);
	g_assert_true(para->set.hyphenate);
	g_assert_cmpint(para->set.widows, ==, 2);
	g_assert_cmpint(para->set.orphans, ==, 2);
	g_assert_cmpfloat(para->chars->size, ==, 12);
	g_assert_cmpint(para->chars->weight, ==, 400);
	g_assert_cmpstr(para->chars->family, ==, "Linux Libertine O");

	/* Runs: spans nest, carry their own position, br is a run. */
	g_assert_cmpint(para->n_runs, ==, 6);
	g_assert_cmpstr(para->runs[0].text, ==, "Texto ");
	g_assert_false(para->runs[0].chars->italic);
	g_assert_cmpstr(para->runs[1].text, ==, "Big ");
	g_assert_true(para->runs[1].chars->italic);
	g_assert_cmpstr(para->runs[1].chars->lang, ==, "en");
	g_assert_cmpint(para->runs[1].line, ==, 20);
	g_assert_cmpint(para->runs[1].col, ==, 30);
	g_assert_cmpstr(para->runs[2].text, ==, "Data");
	g_assert_true(para->runs[2].chars->italic);
	g_assert_cmpint(para->runs[2].chars->variant, ==, LT_SMALL_CAPS);
	g_assert_cmpstr(para->runs[3].text, ==, " fin");
	g_assert_false(para->runs[3].chars->italic);
	g_assert_cmpint(para->runs[4].kind, ==, LT_RUN_BREAK);
	g_assert_cmpint(para->runs[3].line, ==, 20);
	g_assert_cmpint(para->runs[3].col, ==, 7);

	grid = para->next;
	g_assert_cmpint(grid->kind, ==, LT_GRID);
	g_assert_cmpint(grid->columns, ==, 2);
	g_assert_cmpint(grid->keep_with_previous, ==, 2);
	g_assert_cmpstr(grid->continued_label, ==, "Firmantes (cont.)");
	cell = grid->first;
	g_assert_cmpint(cell->kind, ==, LT_CELL);
	g_assert_cmpint(cell->first->kind, ==, LT_RULE);
	g_assert_cmpfloat(cell->first->width, ==, 170);
	g_assert_cmpfloat(cell->first->thickness, ==, 0.5);
	g_assert_cmpfloat(cell->first->space_before, ==, 36);
	g_assert_cmpint(cell->first->next->set.align, ==, LT_CENTER);
	g_assert_cmpint(grid->next->kind, ==, LT_SPACE);
	g_assert_cmpfloat(grid->next->height, ==, 12);

	g_assert_nonnull(t->footer);
	g_assert_null(t->header);
	g_assert_cmpint(t->footer->first->runs[1].kind, ==, LT_RUN_PAGE_NUMBER);
	g_assert_cmpint(t->footer->first->runs[3].kind, ==, LT_RUN_PAGE_COUNT);
	g_assert_cmpfloat(t->footer->first->chars->size, ==, 12);
	done(&s);
}

/* The walk visits containers twice and everything in document order. */
static void test_walk(void)
{
	struct lt_setup s;
	struct lt_tree *t = parse(&s, doc_text);
	struct lt_node *n = t->body;
	bool entering = true;
	GString *seen = g_string_new(NULL);

	do
		g_string_append_printf(seen, "%s%d ", entering ? "+" : "-", n->kind);
	while (lt_step(t->body, &n, &entering));
	/* body( group( block ) block grid( cell( rule block ) ) space ) */
	g_assert_cmpstr(seen->str, ==, "+0 +3 +4 -3 +4 +5 +6 +7 +4 -6 -5 +8 -0 ");
	g_string_free(seen, TRUE);
	done(&s);
}

static void test_bad_values(void)
{
	struct lt_setup s;
	struct lt_tree *t = parse(&s,
		"<l:layout xmlns:l='urn:declc:layout:1'><l:body font-size='11'>"
		"<l:block src='7:3' font-size='huge' align='middle' widows='0'>x</l:block>"
		"<l:block src='8:3' color='red' columns='9'>y</l:block>"
		"<l:block src='nowhere'>z</l:block>"
		"<l:para>w</l:para>"
		"</l:body></l:layout>");
	int at7 = 0, at8 = 0, values = 0, invalid = 0;

	g_assert_nonnull(t);
	for (guint i = 0; i < s.doc->diags->items->len; i++) {
		const struct diag *d = &g_array_index(s.doc->diags->items, struct diag, i);

		values += d->id == DIAG_E_LAYOUT_VALUE;
		invalid += d->id == DIAG_E_LAYOUT_INVALID;
		at7 += d->line == 7;
		at8 += d->line == 8;
	}
	g_assert_cmpint(values, ==, 6);   /* huge, middle, 0, red, 9, nowhere */
	g_assert_cmpint(invalid, ==, 1);  /* l:para */
	g_assert_cmpint(at7, ==, 3);
	g_assert_cmpint(at8, ==, 2);
	/* The inherited value stays. */
	g_assert_cmpfloat(t->body->first->chars->size, ==, 11);
	g_assert_cmpint(t->body->first->set.align, ==, LT_JUSTIFY);
	done(&s);
}

static void test_not_a_layout(void)
{
	struct lt_setup s;

	g_assert_null(parse(&s, "<TEI xmlns='http://www.tei-c.org/ns/1.0'/>"));
	g_assert_cmpint(g_array_index(s.doc->diags->items, struct diag, 0).id, ==,
			DIAG_E_LAYOUT_INVALID);
	done(&s);
}

/* Nesting far deeper than any document cannot exhaust the stack. */
static void test_deep_nesting(void)
{
	GString *x = g_string_new("<l:layout xmlns:l='urn:declc:layout:1'><l:body>");
	struct lt_setup s;
	int depth = 20000;

	for (int i = 0; i < depth; i++)
		g_string_append(x, "<l:group>");
	g_string_append(x, "<l:block>a");
	for (int i = 0; i < depth; i++)
		g_string_append(x, "<l:span>");
	g_string_append(x, "b");
	for (int i = 0; i < depth; i++)
		g_string_append(x, "</l:span>");
	g_string_append(x, "</l:block>");
	for (int i = 0; i < depth; i++)
		g_string_append(x, "</l:group>");
	g_string_append(x, "</l:body></l:layout>");
	memset(&s, 0, sizeof s);
	s.doc = doc_new(&s.run, "deep.xml");
	s.xml = xmlReadMemory(x->str, (int)x->len, "deep.xml", NULL, XML_PARSE_HUGE);
	g_assert_nonnull(s.xml);
	s.t = lt_parse(s.doc, s.xml);
	g_assert_nonnull(s.t);
	done(&s);
	g_string_free(x, TRUE);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/layout/inheritance", test_inheritance);
	g_test_add_func("/layout/walk", test_walk);
	g_test_add_func("/layout/bad-values", test_bad_values);
	g_test_add_func("/layout/not-a-layout", test_not_a_layout);
	g_test_add_func("/layout/deep-nesting", test_deep_nesting);
	return g_test_run();
}
