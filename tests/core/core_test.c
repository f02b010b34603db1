/*
 * core_test.c — unit tests of the front end: diagnostics catalogue and sink,
 * safe loading with positions, output naming and atomic writes.
 */
#include <string.h>
#include <glib.h>
#include <glib/gstdio.h>
#include "context.h"
#include "diag.h"
#include "load.h"
#include "output.h"

static struct declc_run test_run;

/* Every catalogue entry has a unique code, a message and a sane exit status. */
static void test_catalogue(void)
{
	GHashTable *codes = g_hash_table_new(g_str_hash, g_str_equal);
	for (int id = 0; id < DIAG__COUNT; id++) {
		const char *code = diag_code_of(id);
		g_assert_nonnull(code);
		g_assert_cmpuint(strlen(code), >, 2);
		g_assert_false(g_hash_table_contains(codes, code));
		g_hash_table_add(codes, (gpointer)code);
		int ex = diag_exit_of(id);
		g_assert_true(ex == 1 || ex == 2 || ex == 3 || ex == 4);
	}
	g_hash_table_unref(codes);
}

static char *flush_to_string(struct diag_sink *s, enum declc_diag_format fmt)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	diag_flush(s, f, fmt, false, false);
	fclose(f);
	return buf;
}

/* Diagnostics come out sorted by position, compiler-style, and the worst
 * level decides the status. */
static void test_sink_order_and_status(void)
{
	struct diag_sink *s = diag_sink_new();
	diag_emit(s, "a.xml", 12, 5, DIAG_E_XML_SYNTAX, "second");
	diag_emit(s, "a.xml", 3, 9, DIAG_E_XML_SYNTAX, "first");
	diag_emit(s, "a.xml", 3, 9, DIAG_E_XML_SYNTAX, "first");   /* a duplicate is dropped */
	g_assert_true(diag_has_errors(s));
	g_assert_cmpint(diag_status(s), ==, 1);
	diag_emit(s, "a.xml", 0, 0, DIAG_E_READ, "gone");
	g_assert_cmpint(diag_status(s), ==, 3);
	char *out = flush_to_string(s, DECLC_DIAG_TEXT);
	g_assert_cmpstr(out, ==,
			"a.xml: error: cannot read the file: gone [io:read]\n"
			"a.xml:3:9: error: first [xml:syntax]\n"
			"a.xml:12:5: error: second [xml:syntax]\n");
	free(out);
	g_assert_false(diag_has_errors(s));
	diag_sink_free(s);
}

static void test_sink_json(void)
{
	struct diag_sink *s = diag_sink_new();
	diag_emit(s, "d\"q.xml", 1, 2, DIAG_E_XML_SYNTAX, "tab\there \\ \"x\"");
	char *out = flush_to_string(s, DECLC_DIAG_JSON);
	g_assert_cmpstr(out, ==,
			"{\"file\":\"d\\\"q.xml\",\"line\":1,\"column\":2,\"level\":\"error\","
			"\"code\":\"xml:syntax\",\"message\":\"tab\\u0009here \\\\ \\\"x\\\"\"}\n");
	free(out);
	diag_sink_free(s);
}

static struct declc_doc *parse(const char *text, int *rc)
{
	struct declc_doc *doc = doc_new(&test_run, "t.xml");
	*rc = load_memory(doc, text, strlen(text));
	return doc;
}

static xmlNode *find(xmlNode *n, const char *name)
{
	for (; n; n = n->next) {
		if (n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0)
			return n;
		xmlNode *c = find(n->children, name);
		if (c)
			return c;
	}
	return NULL;
}

/* Columns count characters, not bytes, and point at the element's '<', also
 * when the start tag spans lines. */
static void test_positions(void)
{
	int rc, line, col;
	struct declc_doc *doc = parse(
		"<?xml version=\"1.0\"?>\n"
		"<TEI xmlns=\"http://www.tei-c.org/ns/1.0\">\n"
		"  <p>Señor Ñandú <hi rend=\"italic\">sí</hi></p>\n"
		"  <p\n     n=\"2\">x</p></TEI>\n", &rc);
	g_assert_cmpint(rc, ==, 0);
	xmlNode *root = xmlDocGetRootElement(doc->tei);
	load_pos(doc, root, &line, &col);
	g_assert_cmpint(line, ==, 2);
	g_assert_cmpint(col, ==, 1);
	xmlNode *hi = find(root, "hi");
	load_pos(doc, hi, &line, &col);
	g_assert_cmpint(line, ==, 3);
	g_assert_cmpint(col, ==, 18);
	/* The text node's position is its first character. */
	load_pos(doc, hi->prev, &line, &col);
	g_assert_cmpint(line, ==, 3);
	g_assert_cmpint(col, ==, 6);
	xmlNode *p2 = find(hi->parent->next, "p");
	load_pos(doc, p2, &line, &col);
	g_assert_cmpint(line, ==, 4);
	g_assert_cmpint(col, ==, 3);
	doc_free(doc);
}

static void expect_refusal(const char *text, const char *code)
{
	int rc;
	struct declc_doc *doc = parse(text, &rc);
	g_assert_cmpint(rc, ==, -1);
	g_assert_null(doc->tei);
	g_assert_cmpuint(doc->diags->items->len, >=, 1);
	const struct diag *d = &g_array_index(doc->diags->items, struct diag, 0);
	g_assert_cmpstr(diag_code_of(d->id), ==, code);
	doc_free(doc);
}

static void test_refusals(void)
{
	expect_refusal("", "xml:empty");
	expect_refusal("  \n ", "xml:empty");
	expect_refusal("%PDF-1.5\n...", "xml:not-xml");
	expect_refusal("<?xml version=\"1.0\"?>\n<!DOCTYPE TEI [<!ENTITY a \"aaaa\">]>\n<TEI>&a;</TEI>", "xml:doctype");
	expect_refusal("<?xml version=\"1.0\"?>\n<!DOCTYPE TEI SYSTEM \"http://127.0.0.1:9/x.dtd\">\n<TEI/>", "xml:doctype");
	expect_refusal("<TEI xmlns=\"http://www.tei-c.org/ns/1.0\">&nbsp;</TEI>", "xml:entity");
	expect_refusal("<TEI xmlns=\"http://www.tei-c.org/ns/1.0\"><p></TEI>", "xml:syntax");
	expect_refusal("<TEI/>", "schema:namespace");
}

static void test_output_names(void)
{
	const struct out_format *png = out_format_by_name("png");
	char *p = out_path_for("out/decl.pdf", png, 2);
	g_assert_cmpstr(p, ==, "out/decl-2.png");
	g_free(p);
	p = out_path_for("a.b/decl", out_format_by_name("pdf"), 0);
	g_assert_cmpstr(p, ==, "a.b/decl.pdf");
	g_free(p);
	g_assert_true(out_format_by_ext("x/y.SVG") == out_format_by_name("svg"));
	g_assert_null(out_format_by_ext("x.y/z"));
}

/* A failed write leaves the previous file as it was; the input is never
 * written over. */
static void test_atomic_write(void)
{
	char *dir = g_dir_make_tmp("declc-out-XXXXXX", NULL);
	char *target = g_build_filename(dir, "a.pdf", NULL);
	char *missing = g_build_filename(dir, "no", "such", "a.pdf", NULL);
	char *contents = NULL;
	struct declc_doc *doc = doc_new(&test_run, target);

	g_assert_cmpint(out_write(doc, missing, "x", 1), ==, -1);
	g_assert_false(g_file_test(missing, G_FILE_TEST_EXISTS));
	g_assert_true(g_file_set_contents(target, "old", 3, NULL));
	/* doc->path is TARGET: writing to it is writing over the input. */
	g_assert_cmpint(out_write(doc, target, "new", 3), ==, -1);
	g_assert_true(g_file_get_contents(target, &contents, NULL, NULL));
	g_assert_cmpstr(contents, ==, "old");
	g_free(contents);
	doc_free(doc);

	doc = doc_new(&test_run, "input.xml");
	g_assert_cmpint(out_write(doc, target, "new", 3), ==, 0);
	g_assert_true(g_file_get_contents(target, &contents, NULL, NULL));
	g_assert_cmpstr(contents, ==, "new");
	g_free(contents);
	doc_free(doc);
	g_remove(target);
	g_rmdir(dir);
	g_free(missing);
	g_free(target);
	g_free(dir);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	test_run.diag_out = stderr;
	load_install_guards();
	g_test_add_func("/diag/catalogue", test_catalogue);
	g_test_add_func("/diag/order-and-status", test_sink_order_and_status);
	g_test_add_func("/diag/json", test_sink_json);
	g_test_add_func("/load/positions", test_positions);
	g_test_add_func("/load/refusals", test_refusals);
	g_test_add_func("/output/names", test_output_names);
	g_test_add_func("/output/atomic", test_atomic_write);
	return g_test_run();
}
