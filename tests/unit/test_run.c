/*
 * test_run.c — a run of libdeclc as the command line makes it
 * (declc_run_new), compiling the founding declaration to PDF and PDF/A.
 *
 * A run for one document (declc_options.one_document, what `declc compile`
 * asks for) frees the schemas and the layout stylesheet as soon as they have
 * served, to keep the peak memory of a PDF down (bench/RESULTS.md). These
 * tests check that it does free them, that the files it writes are the same
 * bytes as a run that keeps everything, and that a second compile on such a
 * run is refused instead of reaching freed memory.
 */
#include <glib.h>
#include <glib/gstdio.h>
#include "context.h"
#include "declc.h"

#define SEED DECLC_SOURCE_DIR "/samples/declaracion-santiago-2024.xml"

struct outputs {
	char *dir;
};

static struct declc_run *new_run(bool one_document, const char *style)
{
	struct declc_options opts = {
		.data_dir = DECLC_SOURCE_DIR,
		.style = style,
		.quiet = true,
		.one_document = one_document,
	};
	int status = -1;
	struct declc_run *run = declc_run_new(&opts, &status);

	g_assert_nonnull(run);
	g_assert_cmpint(status, ==, DECLC_OK);
	return run;
}

static GBytes *read_output(const char *dir, const char *name)
{
	char *path = g_build_filename(dir, name, NULL);
	char *data = NULL;
	gsize len = 0;
	GError *error = NULL;

	g_assert_true(g_file_get_contents(path, &data, &len, &error));
	g_assert_no_error(error);
	g_free(path);
	return g_bytes_new_take(data, len);
}

/* Compiles the seed with RUN into DIR/NAME in FORMAT; the file's bytes. */
static GBytes *compile(struct declc_run *run, const char *dir, const char *name, unsigned format)
{
	char *path = g_build_filename(dir, name, NULL);

	g_assert_cmpint(declc_compile(run, SEED, path, format), ==, DECLC_OK);
	g_free(path);
	GBytes *bytes = read_output(dir, name);
	g_assert_cmpuint(g_bytes_get_size(bytes), >, 1000);
	g_assert_cmpmem(g_bytes_get_data(bytes, NULL), 5, "%PDF-", 5);
	return bytes;
}

static void outputs_setup(struct outputs *o, gconstpointer data)
{
	(void)data;
	GError *error = NULL;

	o->dir = g_dir_make_tmp("declc-run-XXXXXX", &error);
	g_assert_no_error(error);
}

static void outputs_teardown(struct outputs *o, gconstpointer data)
{
	(void)data;
	GDir *d = g_dir_open(o->dir, 0, NULL);
	const char *name;

	while (d && (name = g_dir_read_name(d))) {
		char *path = g_build_filename(o->dir, name, NULL);
		g_unlink(path);
		g_free(path);
	}
	if (d)
		g_dir_close(d);
	g_rmdir(o->dir);
	g_free(o->dir);
}

/* The same PDF and PDF/A, byte for byte, whether the run frees its set-up
 * early or keeps it; and the one-document runs have freed it. STYLE: NULL,
 * or a house style (whose output schema is freed too). */
static void same_bytes(struct outputs *o, const char *style)
{
	struct declc_run *keep = new_run(false, style);
	GBytes *pdf = compile(keep, o->dir, "keep.pdf", DECLC_FMT_PDF);
	GBytes *pdfa = compile(keep, o->dir, "keep-a.pdf", DECLC_FMT_PDFA);

	/* A run that keeps its set-up compiles again, to the same bytes. */
	GBytes *again = compile(keep, o->dir, "again.pdf", DECLC_FMT_PDF);
	g_assert_true(g_bytes_equal(pdf, again));
	g_assert_nonnull(keep->schemas);
	g_assert_nonnull(keep->layout_xsl);
	declc_run_free(keep);

	unsigned formats[] = { DECLC_FMT_PDF, DECLC_FMT_PDFA };
	GBytes *expected[] = { pdf, pdfa };
	for (size_t i = 0; i < G_N_ELEMENTS(formats); i++) {
		struct declc_run *one = new_run(true, style);
		GBytes *got = compile(one, o->dir, "one.pdf", formats[i]);

		g_assert_true(g_bytes_equal(got, expected[i]));
		g_assert_null(one->schemas);
		g_assert_null(one->layout_xsl);
		g_assert_null(one->layout_schema);
		g_bytes_unref(got);
		declc_run_free(one);
	}
	g_bytes_unref(again);
	g_bytes_unref(pdfa);
	g_bytes_unref(pdf);
}

static void test_same_bytes(struct outputs *o, gconstpointer data)
{
	(void)data;
	same_bytes(o, NULL);
}

static void test_same_bytes_house_style(struct outputs *o, gconstpointer data)
{
	(void)data;
	same_bytes(o, DECLC_SOURCE_DIR "/stylesheets/house-example.xsl");
}

/* A second compile on a one-document run fails as an internal error and
 * writes nothing: the schemas and the stylesheet it would need are gone. */
static void test_one_document_compiles_once(struct outputs *o, gconstpointer data)
{
	(void)data;
	struct declc_run *one = new_run(true, NULL);
	GBytes *first = compile(one, o->dir, "first.pdf", DECLC_FMT_PDF);
	char *second = g_build_filename(o->dir, "second.pdf", NULL);

	g_assert_cmpint(declc_compile(one, SEED, second, DECLC_FMT_PDF), ==, DECLC_EINTERNAL);
	g_assert_false(g_file_test(second, G_FILE_TEST_EXISTS));
	g_free(second);
	g_bytes_unref(first);
	declc_run_free(one);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add("/run/one-document/same-bytes", struct outputs, NULL,
		   outputs_setup, test_same_bytes, outputs_teardown);
	g_test_add("/run/one-document/same-bytes-house-style", struct outputs, NULL,
		   outputs_setup, test_same_bytes_house_style, outputs_teardown);
	g_test_add("/run/one-document/compiles-once", struct outputs, NULL,
		   outputs_setup, test_one_document_compiles_once, outputs_teardown);
	return g_test_run();
}
