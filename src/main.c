/*
 * main.c — argv into a call to libdeclc; nothing else.
 *
 *   declc [options] FILE.xml [-o OUT]     compile one declaration
 *   declc check [options] FILE|DIR...      validate and lint only, write nothing
 *   declc init [FILE.xml]                  write a commented starting declaration
 *
 * Each subcommand is a row of the commands table and a function that turns
 * its arguments into calls to libdeclc. Every word printed here, --help
 * included, goes through gettext (i18n.h): Spanish under a Spanish locale.
 */
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <glib.h>
#include "declc.h"
#include "check.h"
#include "i18n.h"

struct cli {
	char *output, *formats, *paper, *style, *font_dir, *data_dir, *diagnostics, *pdfa;
	char **params, **inputs;
	gboolean no_hyphenate, quiet, verbose, version;
	gboolean watch;          /* --watch: build again after every change */
	double dpi;
	char *threshold;         /* check -W: style, warning or error */
	int pdfa_level;          /* from --pdfa: 1, 2, 3; 0 when not given */
};

static int usage_error(GOptionContext *ctx, const char *msg)
{
	(void)ctx;
	fprintf(stderr, "declc: %s\n", msg);
	fprintf(stderr, _("Try 'declc --help'.\n"));
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
			fprintf(stderr, _("declc: unknown output format '%s'; use pdf, pdfa, png, svg, ps, html, txt, xml or trace\n"), *p);
			g_strfreev(parts);
			return 0;
		}
		bits |= bit;
	}
	g_strfreev(parts);
	return bits;
}

/* ---- subcommands: one row each; the function turns the parsed options and
 * the remaining arguments into calls to libdeclc ---- */

static int run_with(struct cli *cli, GOptionContext *ctx, unsigned formats,
		    int (*each)(struct declc_run *, struct cli *, char **, unsigned), char **inputs);

static int do_compile(struct declc_run *run, struct cli *cli, char **inputs, unsigned formats)
{
	if (cli->watch)
		return declc_watch(run, inputs[0], cli->output, formats);
	return declc_compile(run, inputs[0], cli->output, formats);
}

static int do_init(struct declc_run *run, struct cli *cli, char **inputs, unsigned formats)
{
	(void)formats;
	return declc_init(run, inputs[0] ? inputs[0] : cli->output);
}

static int do_check(struct declc_run *run, struct cli *cli, char **inputs, unsigned formats)
{
	(void)formats;
	return check_paths(run, inputs, check_level(cli->threshold ? cli->threshold : "warning"), 0);
}

static int cmd_compile(struct cli *cli, GOptionContext *ctx, char **inputs)
{
	if (!inputs[0])
		return usage_error(ctx, _("no input file"));
	if (inputs[1])
		return usage_error(ctx, _("one input file at a time (batch conversion is 'declc batch')"));
	if (cli->watch && (strcmp(inputs[0], "-") == 0 || (cli->output && strcmp(cli->output, "-") == 0)))
		return usage_error(ctx, _("--watch reads a file and writes files: not standard input or output"));
	unsigned formats = parse_formats(cli->formats, cli->output);
	if (!formats)
		return DECLC_EUSAGE;
	/* Asking for a PDF/A level makes the PDF an archival one. */
	if (cli->pdfa_level && (formats & DECLC_FMT_PDF) && !(formats & DECLC_FMT_PDFA))
		formats = (formats & ~(unsigned)DECLC_FMT_PDF) | DECLC_FMT_PDFA;
	return run_with(cli, ctx, formats, do_compile, inputs);
}

static int cmd_check(struct cli *cli, GOptionContext *ctx, char **inputs)
{
	if (!inputs[0])
		return usage_error(ctx, _("no input file"));
	return run_with(cli, ctx, 0, do_check, inputs);
}

static int cmd_init(struct cli *cli, GOptionContext *ctx, char **inputs)
{
	/* The file may be named as an argument or, as for compiling, with -o. */
	if ((inputs[0] && inputs[1]) || (inputs[0] && cli->output))
		return usage_error(ctx, _("declc init writes one file: give one name, or none for standard output"));
	return run_with(cli, ctx, 0, do_init, inputs);
}

static const struct command {
	const char *name;        /* the first argument; NULL: the default (compile) */
	const char *synopsis;    /* for --help; translated where printed */
	int (*run)(struct cli *cli, GOptionContext *ctx, char **inputs);
} commands[] = {
	{ "check", N_("check FILE|DIR...     validate and lint only; writes nothing"), cmd_check },
	{ "init", N_("init [FILE.xml]       write a commented starting declaration"), cmd_init },
	{ NULL, N_("FILE.xml [-o OUT]     compile one declaration"), cmd_compile },
};

/* --diagnostics NAME → enum declc_diag_format; -1 when unknown. */
static int diag_format_of(const char *name)
{
	static const char *const names[] = {
		[DECLC_DIAG_TEXT] = "text", [DECLC_DIAG_JSON] = "json",
		[DECLC_DIAG_SARIF] = "sarif", [DECLC_DIAG_GITHUB] = "github",
	};
	for (int i = 0; i < (int)G_N_ELEMENTS(names); i++)
		if (strcmp(name ? name : "text", names[i]) == 0)
			return i;
	return -1;
}

/* Builds the run from the common options and calls EACH with it. */
static int run_with(struct cli *cli, GOptionContext *ctx, unsigned formats,
		    int (*each)(struct declc_run *, struct cli *, char **, unsigned), char **inputs)
{
	int status = DECLC_OK;
	GPtrArray *params = g_ptr_array_new_with_free_func(g_free);

	(void)ctx;
	if (cli->paper)
		g_ptr_array_add(params, g_strdup_printf("paper=%s", cli->paper));
	for (char **p = cli->params; p && *p; p++)
		g_ptr_array_add(params, g_strdup(*p));
	g_ptr_array_add(params, NULL);
	struct declc_options opts = {
		.data_dir = cli->data_dir,
		.style = cli->style,
		.font_dir = cli->font_dir,
		.params = (const char *const *)params->pdata,
		.no_hyphenate = cli->no_hyphenate,
		.dpi = cli->dpi,
		.pdfa_level = cli->pdfa_level,
		.diag_format = (enum declc_diag_format)diag_format_of(cli->diagnostics),
		.quiet = cli->quiet,
		.color = isatty(2) && !g_getenv("NO_COLOR"),
	};
	struct declc_run *run = declc_run_new(&opts, &status);
	if (run) {
		status = each(run, cli, inputs, formats);
		declc_run_free(run);
	}
	g_ptr_array_unref(params);
	return status;
}

int main(int argc, char **argv)
{
	struct cli cli = { 0 };
	GOptionEntry entries[] = {
		{ "output", 'o', 0, G_OPTION_ARG_FILENAME, &cli.output, N_("Write to OUT ('-' for stdout)"), N_("OUT") },
		{ "format", 'f', 0, G_OPTION_ARG_STRING, &cli.formats, N_("Output formats: pdf,pdfa,png,svg,ps,html,txt,xml,trace (default: from OUT's extension)"), N_("LIST") },
		{ "pdfa", 0, 0, G_OPTION_ARG_STRING, &cli.pdfa, N_("Archival PDF/A level: 1b, 2b (default) or 3b (embeds the TEI source)"), N_("LEVEL") },
		{ "paper", 0, 0, G_OPTION_ARG_STRING, &cli.paper, N_("Paper: A4, letter, oficio or legal"), N_("SIZE") },
		{ "style", 0, 0, G_OPTION_ARG_FILENAME, &cli.style, N_("House style: an XSLT that imports layout.xsl"), N_("FILE.xsl") },
		{ "param", 0, 0, G_OPTION_ARG_STRING_ARRAY, &cli.params, N_("Stylesheet parameter (repeatable)"), N_("NAME=VALUE") },
		{ "font-dir", 0, 0, G_OPTION_ARG_FILENAME, &cli.font_dir, N_("Also use the fonts in DIR"), N_("DIR") },
		{ "no-hyphenate", 0, 0, G_OPTION_ARG_NONE, &cli.no_hyphenate, N_("Do not divide words at line ends"), NULL },
		{ "dpi", 0, 0, G_OPTION_ARG_DOUBLE, &cli.dpi, N_("Resolution of PNG output (default 150)"), N_("N") },
		{ "diagnostics", 0, 0, G_OPTION_ARG_STRING, &cli.diagnostics, N_("Diagnostics as text, json, sarif or github"), N_("FORMAT") },
		{ "threshold", 'W', 0, G_OPTION_ARG_STRING, &cli.threshold, N_("check: show and fail on LEVEL and above: style, warning (default) or error"), N_("LEVEL") },
		{ "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &cli.data_dir, N_("Where schemas/, stylesheets/ and fonts/ are"), N_("DIR") },
		{ "quiet", 'q', 0, G_OPTION_ARG_NONE, &cli.quiet, N_("Print errors only"), NULL },
		{ "verbose", 'v', 0, G_OPTION_ARG_NONE, &cli.verbose, N_("Say what is done"), NULL },
		{ "version", 0, 0, G_OPTION_ARG_NONE, &cli.version, N_("Print the versions of declc and its libraries"), NULL },
		{ "watch", 0, 0, G_OPTION_ARG_NONE, &cli.watch, N_("After the first build, build again whenever the document, its images, the house style or the fonts change"), NULL },
		{ G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &cli.inputs, NULL, NULL },
		{ NULL, 0, 0, 0, NULL, NULL, NULL }
	};
	const struct command *cmd = &commands[G_N_ELEMENTS(commands) - 1];
	GString *summary;
	GError *err = NULL;
	int status;

	/* Messages and --help in the user's language; C and C.UTF-8 give English.
	 * Numbers stay C's: libxml2 prints XPath numbers with printf, and a
	 * decimal comma there would change the layout and break reproducibility. */
	setlocale(LC_ALL, "");
	setlocale(LC_NUMERIC, "C");
	declc_init_locale();
	summary = g_string_new(_("Typesets a declaration written in TEI into PDF, PDF/A, HTML, text and images."));
	g_string_append(summary, "\n\n");

	/* The subcommand, if any, is the first argument. */
	for (size_t i = 0; argc > 1 && i < G_N_ELEMENTS(commands); i++)
		if (commands[i].name && strcmp(argv[1], commands[i].name) == 0) {
			cmd = &commands[i];
			memmove(argv + 1, argv + 2, (size_t)(argc - 1) * sizeof *argv);
			argc--;
			break;
		}
	for (size_t i = 0; i < G_N_ELEMENTS(commands); i++)
		g_string_append_printf(summary, "  declc %s\n", _(commands[i].synopsis));
	/* GOption translates the parameter string, the description and the
	 * entries through the domain when it prints --help. */
	GOptionContext *ctx = g_option_context_new(cmd->name ? cmd->name : N_("FILE.xml [-o OUT]"));
	g_option_context_set_translation_domain(ctx, GETTEXT_PACKAGE);
	g_option_context_set_summary(ctx, summary->str);
	g_string_free(summary, TRUE);
	g_option_context_set_description(ctx,
		N_("Exit status: 0 success, 1 the document has errors, 2 usage error,\n"
		   "3 environment or I/O error, 4 internal error."));
	g_option_context_add_main_entries(ctx, entries, GETTEXT_PACKAGE);
	if (!g_option_context_parse(ctx, &argc, &argv, &err)) {
		status = usage_error(ctx, err->message);
		g_error_free(err);
		goto done;
	}
	if (cli.version) {
		char *v = declc_versions();
		fputs(v, stdout);
		g_free(v);
		status = DECLC_OK;
		goto done;
	}
	if (diag_format_of(cli.diagnostics) < 0) {
		status = usage_error(ctx, _("--diagnostics takes text, json, sarif or github"));
		goto done;
	}
	if (cli.threshold && (cmd->run != cmd_check || check_level(cli.threshold) < 0)) {
		status = usage_error(ctx, _("-W takes style, warning or error, and is an option of 'declc check'"));
		goto done;
	}
	if (cli.pdfa) {
		if (strcmp(cli.pdfa, "1b") && strcmp(cli.pdfa, "2b") && strcmp(cli.pdfa, "3b")) {
			status = usage_error(ctx, _("--pdfa takes 1b, 2b or 3b"));
			goto done;
		}
		cli.pdfa_level = cli.pdfa[0] - '0';
	}
	char *none[] = { NULL };
	status = cmd->run(&cli, ctx, cli.inputs ? cli.inputs : none);
done:
	g_option_context_free(ctx);
	g_strfreev(cli.inputs);
	g_strfreev(cli.params);
	g_free(cli.output); g_free(cli.formats); g_free(cli.paper); g_free(cli.style);
	g_free(cli.font_dir); g_free(cli.data_dir); g_free(cli.diagnostics); g_free(cli.pdfa);
	g_free(cli.threshold);
	return status;
}
