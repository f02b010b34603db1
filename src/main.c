/*
 * main.c — argv into a call to libdeclc; nothing else.
 *
 *   declc [options] FILE.xml [-o OUT]     compile one declaration
 *   declc check [options] FILE...          validate only, write nothing
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <glib.h>
#include "declc.h"

struct cli {
	char *output, *formats, *paper, *style, *font_dir, *data_dir, *diagnostics, *pdfa;
	char **params, **inputs;
	gboolean no_hyphenate, quiet, verbose, version;
	double dpi;
};

static int usage_error(GOptionContext *ctx, const char *msg)
{
	fprintf(stderr, "declc: %s\nTry 'declc --help'.\n", msg);
	g_option_context_free(ctx);
	return DECLC_EUSAGE;
}

/* -f pdf,png → the bit set; 0 when a name is unknown (reported). */
static unsigned parse_formats(const char *list, const char *output)
{
	static const struct { const char *name; unsigned bit; } names[] = {
		{ "pdf", DECLC_FMT_PDF }, { "png", DECLC_FMT_PNG }, { "svg", DECLC_FMT_SVG },
		{ "ps", DECLC_FMT_PS }, { "trace", DECLC_FMT_TRACE }, { "pdfa", DECLC_FMT_PDFA },
		{ "html", DECLC_FMT_HTML }, { "txt", DECLC_FMT_TXT }, { "xml", DECLC_FMT_XML },
	};
	unsigned bits = 0;
	char **parts;

	if (!list) {
		/* From the output's extension; PDF when it has none. */
		const char *dot = output ? strrchr(output, '.') : NULL;
		list = dot && !strchr(dot, '/') ? dot + 1 : "pdf";
		if (!g_strv_contains((const char *[]){ "pdf", "png", "svg", "ps", "trace", "html", "txt", NULL }, list))
			list = "pdf";
	}
	parts = g_strsplit(list, ",", -1);
	for (char **p = parts; *p; p++) {
		unsigned bit = 0;
		for (size_t i = 0; i < G_N_ELEMENTS(names); i++)
			if (g_ascii_strcasecmp(g_strstrip(*p), names[i].name) == 0)
				bit = names[i].bit;
		if (!bit) {
			fprintf(stderr, "declc: unknown output format '%s'; use pdf, pdfa, png, svg, ps, html, txt, xml or trace\n", *p);
			g_strfreev(parts);
			return 0;
		}
		bits |= bit;
	}
	g_strfreev(parts);
	return bits;
}

int main(int argc, char **argv)
{
	struct cli cli = { 0 };
	GOptionEntry entries[] = {
		{ "output", 'o', 0, G_OPTION_ARG_FILENAME, &cli.output, "Write to OUT ('-' for stdout)", "OUT" },
		{ "format", 'f', 0, G_OPTION_ARG_STRING, &cli.formats, "Output formats: pdf,pdfa,png,svg,ps,html,txt,xml,trace (default: from OUT's extension)", "LIST" },
		{ "pdfa", 0, 0, G_OPTION_ARG_STRING, &cli.pdfa, "Archival PDF/A level: 1b, 2b (default) or 3b (embeds the TEI source)", "LEVEL" },
		{ "paper", 0, 0, G_OPTION_ARG_STRING, &cli.paper, "Paper: A4, letter, oficio or legal", "SIZE" },
		{ "style", 0, 0, G_OPTION_ARG_FILENAME, &cli.style, "House style: an XSLT that imports layout.xsl", "FILE.xsl" },
		{ "param", 0, 0, G_OPTION_ARG_STRING_ARRAY, &cli.params, "Stylesheet parameter (repeatable)", "NAME=VALUE" },
		{ "font-dir", 0, 0, G_OPTION_ARG_FILENAME, &cli.font_dir, "Also use the fonts in DIR", "DIR" },
		{ "no-hyphenate", 0, 0, G_OPTION_ARG_NONE, &cli.no_hyphenate, "Do not divide words at line ends", NULL },
		{ "dpi", 0, 0, G_OPTION_ARG_DOUBLE, &cli.dpi, "Resolution of PNG output (default 150)", "N" },
		{ "diagnostics", 0, 0, G_OPTION_ARG_STRING, &cli.diagnostics, "Diagnostics as text or json", "FORMAT" },
		{ "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &cli.data_dir, "Where schemas/, stylesheets/ and fonts/ are", "DIR" },
		{ "quiet", 'q', 0, G_OPTION_ARG_NONE, &cli.quiet, "Print errors only", NULL },
		{ "verbose", 'v', 0, G_OPTION_ARG_NONE, &cli.verbose, "Say what is done", NULL },
		{ "version", 0, 0, G_OPTION_ARG_NONE, &cli.version, "Print the versions of declc and its libraries", NULL },
		{ G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &cli.inputs, NULL, "FILE.xml" },
		{ NULL, 0, 0, 0, NULL, NULL, NULL }
	};
	GOptionContext *ctx = g_option_context_new("[check] FILE.xml");
	GError *err = NULL;
	bool check = false;
	int status = DECLC_OK;

	g_option_context_set_summary(ctx,
		"Typesets a declaration written in TEI into PDF (and PNG, SVG, PS).\n\n"
		"  declc declaracion.xml -o declaracion.pdf\n"
		"  declc check declaracion.xml            validate only, write nothing");
	g_option_context_set_description(ctx,
		"Exit status: 0 success, 1 the document has errors, 2 usage error,\n"
		"3 environment or I/O error, 4 internal error.");
	g_option_context_add_main_entries(ctx, entries, NULL);
	if (!g_option_context_parse(ctx, &argc, &argv, &err)) {
		int rc = usage_error(ctx, err->message);
		g_error_free(err);
		return rc;
	}
	if (cli.version) {
		char *v = declc_versions();
		fputs(v, stdout);
		g_free(v);
		g_option_context_free(ctx);
		return DECLC_OK;
	}
	char **inputs = cli.inputs;
	if (inputs && inputs[0] && strcmp(inputs[0], "check") == 0) {
		check = true;
		inputs++;
	}
	if (!inputs || !inputs[0])
		return usage_error(ctx, "no input file");
	if (!check && inputs[1])
		return usage_error(ctx, "one input file at a time (batch conversion is 'declc batch')");
	if (cli.diagnostics && strcmp(cli.diagnostics, "text") && strcmp(cli.diagnostics, "json"))
		return usage_error(ctx, "--diagnostics takes text or json");

	int pdfa_level = 0;
	if (cli.pdfa) {
		if (strcmp(cli.pdfa, "1b") == 0 || strcmp(cli.pdfa, "2b") == 0 || strcmp(cli.pdfa, "3b") == 0)
			pdfa_level = cli.pdfa[0] - '0';
		else
			return usage_error(ctx, "--pdfa takes 1b, 2b or 3b");
	}
	unsigned formats = check ? 0 : parse_formats(cli.formats, cli.output);
	if (!check && !formats) {
		g_option_context_free(ctx);
		return DECLC_EUSAGE;
	}
	/* Asking for a PDF/A level makes the PDF an archival one. */
	if (pdfa_level && (formats & DECLC_FMT_PDF) && !(formats & DECLC_FMT_PDFA))
		formats = (formats & ~(unsigned)DECLC_FMT_PDF) | DECLC_FMT_PDFA;
	GPtrArray *params = g_ptr_array_new_with_free_func(g_free);
	if (cli.paper)
		g_ptr_array_add(params, g_strdup_printf("paper=%s", cli.paper));
	for (char **p = cli.params; p && *p; p++)
		g_ptr_array_add(params, g_strdup(*p));
	g_ptr_array_add(params, NULL);

	struct declc_options opts = {
		.data_dir = cli.data_dir,
		.style = cli.style,
		.font_dir = cli.font_dir,
		.params = (const char *const *)params->pdata,
		.no_hyphenate = cli.no_hyphenate,
		.dpi = cli.dpi,
		.pdfa_level = pdfa_level,
		.diag_format = cli.diagnostics && strcmp(cli.diagnostics, "json") == 0
			? DECLC_DIAG_JSON : DECLC_DIAG_TEXT,
		.quiet = cli.quiet,
		.color = isatty(2) && !g_getenv("NO_COLOR"),
	};
	struct declc_run *run = declc_run_new(&opts, &status);
	if (run) {
		if (check) {
			for (char **in = inputs; *in; in++) {
				int rc = declc_check(run, *in);
				if (rc > status)
					status = rc;
			}
		} else {
			status = declc_compile(run, inputs[0], cli.output, formats);
		}
		declc_run_free(run);
	}
	g_ptr_array_unref(params);
	g_option_context_free(ctx);
	g_strfreev(cli.inputs);
	g_strfreev(cli.params);
	g_free(cli.output); g_free(cli.formats); g_free(cli.paper); g_free(cli.style);
	g_free(cli.font_dir); g_free(cli.data_dir); g_free(cli.diagnostics); g_free(cli.pdfa);
	return status;
}
