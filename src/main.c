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
#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <glib.h>
#include "declc.h"
#include "batch.h"
#include "check.h"
#include "import.h"
#include "i18n.h"
#include "output.h"

/* How much a heap grows by at a time, and the largest block malloc takes
 * from a heap rather than mapping it alone (see main). */
#define DECLC_HEAP_STEP (4 << 20)

struct cli {
	char *output, *formats, *paper, *style, *font_dir, *data_dir, *diagnostics, *pdfa;
	char **params, **inputs;
	gboolean no_hyphenate, quiet, verbose, version;
	gboolean signature_fields;   /* --signature-fields */
	gboolean watch;          /* --watch: build again after every change */
	double dpi;
	char *threshold;         /* check -W: style, warning or error */
	char *lang;              /* hyphenate --lang: a Spanish locale tag */
	int pdfa_level;          /* from --pdfa: 1, 2, 3; 0 when not given */
	int jobs;                /* batch, check -j: worker threads; 0: one per core */
	char *shard;             /* batch --shard K/N */
	gboolean force, bag, merge_manifests;   /* batch --force, --bag, --merge-manifests */
	gboolean batch_import;   /* batch --import: .txt, .md, .html through declc import */
	char *pages;             /* --pages RANGE: 1-2, 3, 2- or -2 */
	int page_first, page_last; /* RANGE parsed; 0: open end */
	char *max_size;          /* limits (docs/limits.md): N, NK, NM or NG bytes */
	int max_depth, max_words, max_signatories, max_pages;   /* 0: the default */
	double max_image_pixels;
	char *output_dir;        /* import -O: the folder the TEI files go to */
};

/* --max-size N[K|M|G] → bytes; -1 when malformed. */
static long long parse_size(const char *s)
{
	char *end;
	long long n;

	if (!s)
		return 0;
	n = g_ascii_strtoll(s, &end, 10);
	if (end == s || n <= 0)
		return -1;
	switch (g_ascii_toupper(*end)) {
	case 0: return n;
	case 'K': n <<= 10; break;
	case 'M': n <<= 20; break;
	case 'G': n <<= 30; break;
	default: return -1;
	}
	return end[1] == 0 || (g_ascii_toupper(end[1]) == 'I' && g_ascii_toupper(end[2]) == 'B' && !end[3]) ? n : -1;
}

static int usage_error(GOptionContext *ctx, const char *msg)
{
	(void)ctx;
	fprintf(stderr, "declc: %s\n", msg);
	fprintf(stderr, _("Try 'declc --help'.\n"));
	return DECLC_EUSAGE;
}

/* --pages RANGE: "N", "N-M", "N-" or "-M", pages counted from 1. Fills
 * *FIRST and *LAST (0 for an open end); false when RANGE is none of these. */
static bool parse_pages(const char *range, int *first, int *last)
{
	const char *dash = strchr(range, '-');
	char *end;
	long a = 0, b = 0;

	if (dash > range && (!g_ascii_isdigit(*range) || (a = strtol(range, &end, 10), end != dash)))
		return false;
	if (!dash && (!g_ascii_isdigit(*range) || (a = b = strtol(range, &end, 10), *end != '\0')))
		return false;
	if (dash && dash[1] && (!g_ascii_isdigit(dash[1]) || (b = strtol(dash + 1, &end, 10), *end != '\0')))
		return false;
	if ((dash == range && !dash[1]) || a > G_MAXINT || b > G_MAXINT ||
	    (dash != range && a < 1) || (b && a > b) || (!dash && b < 1))
		return false;
	*first = (int)a;
	*last = (int)b;
	return true;
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
	out_guard_signals();
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
	return check_paths(run, inputs, check_level(cli->threshold ? cli->threshold : "warning"),
			   cli->jobs);
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
	if (cli->pages && !(formats & (DECLC_FMT_PNG | DECLC_FMT_SVG)))
		return usage_error(ctx, _("--pages chooses the pages of PNG and SVG previews: add -f png or -f svg"));
	/* Asking for a PDF/A level makes the PDF an archival one. */
	if (cli->pdfa_level && (formats & DECLC_FMT_PDF) && !(formats & DECLC_FMT_PDFA))
		formats = (formats & ~(unsigned)DECLC_FMT_PDF) | DECLC_FMT_PDFA;
	return run_with(cli, ctx, formats, do_compile, inputs);
}

static int cmd_check(struct cli *cli, GOptionContext *ctx, char **inputs)
{
	if (!inputs[0])
		return usage_error(ctx, _("no input file"));
	if (cli->jobs < 0)
		return usage_error(ctx, _("-j takes a number of workers"));
	return run_with(cli, ctx, 0, do_check, inputs);
}

/* Each input to its TEI: -o names it, -O puts it in a folder, and by
 * default it goes beside the input with the extension .xml. */
static int do_import(struct declc_run *run, struct cli *cli, char **inputs, unsigned formats)
{
	int status = DECLC_OK;
	(void)formats;
	out_guard_signals();
	for (char **in = inputs; *in; in++) {
		char *out = cli->output ? g_strdup(cli->output) : import_output_path(*in, cli->output_dir);
		int rc = import_file(run, *in, out);
		g_free(out);
		if (rc > status)
			status = rc;
	}
	return status;
}

static int cmd_import(struct cli *cli, GOptionContext *ctx, char **inputs)
{
	if (!inputs[0])
		return usage_error(ctx, _("no input file"));
	if (cli->output && cli->output_dir)
		return usage_error(ctx, _("give -o OUT.xml for one file or -O DIR for several, not both"));
	if (cli->output && inputs[1])
		return usage_error(ctx, _("-o names one output; to import several files give -O DIR"));
	if (cli->output_dir && g_mkdir_with_parents(cli->output_dir, 0777) != 0)
		return usage_error(ctx, _("-O needs a folder that exists or can be made"));
	return run_with(cli, ctx, 0, do_import, inputs);
}

static int cmd_init(struct cli *cli, GOptionContext *ctx, char **inputs)
{
	/* The file may be named as an argument or, as for compiling, with -o. */
	if ((inputs[0] && inputs[1]) || (inputs[0] && cli->output))
		return usage_error(ctx, _("declc init writes one file: give one name, or none for standard output"));
	return run_with(cli, ctx, 0, do_init, inputs);
}

static int do_hyphenate(struct declc_run *run, struct cli *cli, char **words, unsigned formats)
{
	(void)formats;
	if (words[0]) {
		for (char **w = words; *w; w++) {
			char *shown = declc_hyphenate(run, *w, cli->lang);
			printf("%s\n", shown);
			g_free(shown);
		}
		return DECLC_OK;
	}
	/* No words: one per line from stdin, as TeX's \showhyphens would take a list. */
	char line[4096];
	while (fgets(line, sizeof line, stdin)) {
		g_strstrip(line);
		if (!*line)
			continue;
		char *shown = declc_hyphenate(run, line, cli->lang);
		printf("%s\n", shown);
		g_free(shown);
	}
	return DECLC_OK;
}

static int cmd_hyphenate(struct cli *cli, GOptionContext *ctx, char **inputs)
{
	if (cli->no_hyphenate)
		return usage_error(ctx, _("hyphenate and --no-hyphenate contradict each other"));
	return run_with(cli, ctx, 0, do_hyphenate, inputs);
}

static int do_batch(struct declc_run *run, struct cli *cli, char **inputs, unsigned formats)
{
	struct batch_opts o = {
		.outdir = cli->output, .formats = formats, .jobs = cli->jobs, .force = cli->force,
		.bag = cli->bag, .quiet = cli->quiet, .import = cli->batch_import,
	};
	if (cli->shard && sscanf(cli->shard, "%d/%d", &o.shard_k, &o.shard_n) != 2)
		o.shard_n = 0;
	return batch_run(run, &o, inputs);
}

static int cmd_batch(struct cli *cli, GOptionContext *ctx, char **inputs)
{
	int k = 0, n = 0;
	char end;

	if (!cli->output || strcmp(cli->output, "-") == 0)
		return usage_error(ctx, _("declc batch writes into a folder: give it with -o OUTDIR"));
	if (!inputs[0])
		return usage_error(ctx, _("no input: give files, folders, or '-' for a list on stdin"));
	if (cli->merge_manifests)
		return batch_merge(cli->output, inputs);
	if (cli->jobs < 0)
		return usage_error(ctx, _("-j takes a number of workers"));
	if (cli->shard && (sscanf(cli->shard, "%d/%d%c", &k, &n, &end) != 2 || n < 1 || k < 1 || k > n))
		return usage_error(ctx, _("--shard takes K/N, 1 <= K <= N"));
	unsigned formats = parse_formats(cli->formats, NULL);
	if (!formats)
		return DECLC_EUSAGE;
	if (cli->pdfa_level && (formats & DECLC_FMT_PDF) && !(formats & DECLC_FMT_PDFA))
		formats = (formats & ~(unsigned)DECLC_FMT_PDF) | DECLC_FMT_PDFA;
	return run_with(cli, ctx, formats, do_batch, inputs);
}

static const struct command {
	const char *name;        /* the first argument; NULL: the default (compile) */
	const char *synopsis;    /* for --help; translated where printed */
	int (*run)(struct cli *cli, GOptionContext *ctx, char **inputs);
} commands[] = {
	{ "check", N_("check FILE|DIR...     validate and lint only; writes nothing"), cmd_check },
	{ "init", N_("init [FILE.xml]       write a commented starting declaration"), cmd_init },
	{ "import", N_("import FILE... [-o OUT.xml | -O DIR]  bring plain text, Markdown or HTML into TEI"), cmd_import },
	{ "hyphenate", N_("hyphenate [--lang es-CL] WORD...  show where words may be divided"), cmd_hyphenate },
	{ "batch", N_("batch (FILE|DIR|-)... -o OUTDIR  compile many, in parallel, with a manifest"), cmd_batch },
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
		.signature_fields = cli->signature_fields,
		.dpi = cli->dpi,
		.pdfa_level = cli->pdfa_level,
		.page_first = cli->page_first,
		.page_last = cli->page_last,
		.diag_format = (enum declc_diag_format)diag_format_of(cli->diagnostics),
		.quiet = cli->quiet,
		.validate_only = each == do_check,
		/* Only HTML, text or XML: the typesetter is not set up at all. */
		.no_typesetter = each == do_compile && !declc_formats_drawn(formats),
		/* One document, then the process exits (--watch compiles again). */
		.one_document = each == do_compile && !cli->watch,
		.color = isatty(2) && !g_getenv("NO_COLOR"),
		.max_size = parse_size(cli->max_size),
		.max_depth = cli->max_depth,
		.max_words = cli->max_words,
		.max_signatories = cli->max_signatories,
		.max_pages = cli->max_pages,
		.max_image_pixels = cli->max_image_pixels,
	};
	struct declc_run *run = declc_run_new(&opts, &status);
	/* Compiling one document waits for the run's set-up by itself, after
	 * reading the document; everything else needs it whole at once. */
	if (run && each != do_compile && !opts.validate_only &&
	    (status = declc_run_wait(run)) != DECLC_OK) {
		declc_run_free(run);
		run = NULL;
	}
	if (run) {
		status = each(run, cli, inputs, formats);
		declc_run_exit(run);
	}
	g_ptr_array_unref(params);
	return status;
}

int main(int argc, char **argv)
{
	struct cli cli = { 0 };
	GOptionEntry entries[] = {
		{ "output", 'o', 0, G_OPTION_ARG_FILENAME, &cli.output, N_("Write to OUT ('-' for stdout)"), N_("OUT") },
		{ "output-dir", 'O', 0, G_OPTION_ARG_FILENAME, &cli.output_dir, N_("import: write each TEI file into DIR"), N_("DIR") },
		{ "format", 'f', 0, G_OPTION_ARG_STRING, &cli.formats, N_("Output formats: pdf,pdfa,png,svg,ps,html,txt,xml,trace (default: from OUT's extension)"), N_("LIST") },
		{ "pdfa", 0, 0, G_OPTION_ARG_STRING, &cli.pdfa, N_("Archival PDF/A level: 1b, 2b (default) or 3b (embeds the TEI source)"), N_("LEVEL") },
		{ "paper", 0, 0, G_OPTION_ARG_STRING, &cli.paper, N_("Paper: A4, letter, oficio or legal"), N_("SIZE") },
		{ "style", 0, 0, G_OPTION_ARG_FILENAME, &cli.style, N_("House style: an XSLT that imports layout.xsl"), N_("FILE.xsl") },
		{ "param", 0, 0, G_OPTION_ARG_STRING_ARRAY, &cli.params, N_("Stylesheet parameter (repeatable)"), N_("NAME=VALUE") },
		{ "font-dir", 0, 0, G_OPTION_ARG_FILENAME, &cli.font_dir, N_("Also use the fonts in DIR"), N_("DIR") },
		{ "no-hyphenate", 0, 0, G_OPTION_ARG_NONE, &cli.no_hyphenate, N_("Do not divide words at line ends"), NULL },
		{ "signature-fields", 0, 0, G_OPTION_ARG_NONE, &cli.signature_fields, N_("PDF: an empty digital signature field over each signature line"), NULL },
		{ "dpi", 0, 0, G_OPTION_ARG_DOUBLE, &cli.dpi, N_("Resolution of PNG output (default 150)"), N_("N") },
		{ "pages", 0, 0, G_OPTION_ARG_STRING, &cli.pages, N_("PNG and SVG: only these pages (3, 1-2, 2- or -2)"), N_("RANGE") },
		{ "diagnostics", 0, 0, G_OPTION_ARG_STRING, &cli.diagnostics, N_("Diagnostics as text, json, sarif or github"), N_("FORMAT") },
		{ "lang", 0, 0, G_OPTION_ARG_STRING, &cli.lang, N_("hyphenate: the Spanish locale (es, es-ES, es-CL, …; es-ES also divides t|l)"), N_("TAG") },
		{ "threshold", 'W', 0, G_OPTION_ARG_STRING, &cli.threshold, N_("check: show and fail on LEVEL and above: style, warning (default) or error"), N_("LEVEL") },
		{ "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &cli.data_dir, N_("Where schemas/, stylesheets/ and fonts/ are"), N_("DIR") },
		{ "max-size", 0, 0, G_OPTION_ARG_STRING, &cli.max_size, N_("Refuse a document larger than SIZE bytes (K, M, G suffixes; default 64M)"), N_("SIZE") },
		{ "max-depth", 0, 0, G_OPTION_ARG_INT, &cli.max_depth, N_("Refuse elements nested deeper than N (default 256, at most 2048)"), N_("N") },
		{ "max-words", 0, 0, G_OPTION_ARG_INT, &cli.max_words, N_("Refuse a paragraph of more than N words (default 50000)"), N_("N") },
		{ "max-signatories", 0, 0, G_OPTION_ARG_INT, &cli.max_signatories, N_("Refuse a document with more than N signatories (default 2000)"), N_("N") },
		{ "max-pages", 0, 0, G_OPTION_ARG_INT, &cli.max_pages, N_("Refuse a document of more than N pages (default 5000)"), N_("N") },
		{ "max-image-pixels", 0, 0, G_OPTION_ARG_DOUBLE, &cli.max_image_pixels, N_("Refuse a PNG or JPEG image of more than N pixels (default 40000000)"), N_("N") },
		{ "quiet", 'q', 0, G_OPTION_ARG_NONE, &cli.quiet, N_("Print errors only"), NULL },
		{ "verbose", 'v', 0, G_OPTION_ARG_NONE, &cli.verbose, N_("Say what is done"), NULL },
		{ "version", 0, 0, G_OPTION_ARG_NONE, &cli.version, N_("Print the versions of declc and its libraries"), NULL },
		{ "watch", 0, 0, G_OPTION_ARG_NONE, &cli.watch, N_("After the first build, build again whenever the document, its images, the house style or the fonts change"), NULL },
		{ "jobs", 'j', 0, G_OPTION_ARG_INT, &cli.jobs, N_("batch, check: documents handled at once (default: one per core)"), N_("N") },
		{ "force", 0, 0, G_OPTION_ARG_NONE, &cli.force, N_("batch: build again documents that are up to date"), NULL },
		{ "bag", 0, 0, G_OPTION_ARG_NONE, &cli.bag, N_("batch: lay OUTDIR out as a BagIt bag (RFC 8493)"), NULL },
		{ "shard", 0, 0, G_OPTION_ARG_STRING, &cli.shard, N_("batch: compile only part K of N of the inputs"), N_("K/N") },
		{ "import", 0, 0, G_OPTION_ARG_NONE, &cli.batch_import, N_("batch: also take .txt, .md and .html files, imported into TEI first"), NULL },
		{ "merge-manifests", 0, 0, G_OPTION_ARG_NONE, &cli.merge_manifests, N_("batch: join the manifests of the shards (files or folders) into OUTDIR"), NULL },
		{ G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &cli.inputs, NULL, NULL },
		{ NULL, 0, 0, 0, NULL, NULL, NULL }
	};
	const struct command *cmd = &commands[G_N_ELEMENTS(commands) - 1];
	GString *summary;
	GError *err = NULL;
	int status;

	/* Messages and --help in the user's language (C and C.UTF-8 give
	 * English), in the user's character set. Only those two categories:
	 * nothing else of the locale may reach an output — numbers stay C's
	 * (libxml2 prints XPath numbers with printf, and a decimal comma there
	 * would change the layout and break reproducibility), and declc formats
	 * no date and sorts nothing by it — and reading the others costs a
	 * tenth of a millisecond before the set-up can start. */
	setlocale(LC_CTYPE, "");
	setlocale(LC_MESSAGES, "");
	/* Every thread that allocates gets a heap of its own from glibc, and
	 * such a heap grows one page at a time, each page made writable by a
	 * system call of its own: the set-up thread's 3 MB cost some 800 of
	 * them, half the process's system time (bench/RESULTS.md). A top pad
	 * makes a heap writable in steps of this size instead, and the main
	 * heap grow by as much; pages not touched are never made resident. It
	 * also fixes the size above which malloc maps a block of its own
	 * (dynamic otherwise), so that is set too, to the adaptive maximum's
	 * order of magnitude. Before any thread is started. */
	mallopt(M_TOP_PAD, DECLC_HEAP_STEP);
	mallopt(M_MMAP_THRESHOLD, DECLC_HEAP_STEP);
	/* A file-size limit (ulimit -f) must give a write error that is
	 * reported, and a temporary file removed, not a kill by SIGXFSZ. */
	signal(SIGXFSZ, SIG_IGN);
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
	if (parse_size(cli.max_size) < 0 || cli.max_depth < 0 || cli.max_depth > 2048 ||
	    cli.max_words < 0 || cli.max_signatories < 0 || cli.max_pages < 0 ||
	    cli.max_image_pixels < 0) {
		status = usage_error(ctx, _("--max-size takes a size such as 64M; --max-depth a number from 1 to 2048; --max-words, --max-signatories and --max-pages a positive number"));
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
	if (cli.watch && cmd->run != cmd_compile) {
		status = usage_error(ctx, _("--watch is an option of compiling: declc --watch FILE.xml"));
		goto done;
	}
	if ((cli.force || cli.bag || cli.shard || cli.merge_manifests || cli.batch_import) && cmd->run != cmd_batch) {
		status = usage_error(ctx, _("--force, --bag, --shard, --merge-manifests and --import are options of 'declc batch'"));
		goto done;
	}
	if (cli.jobs && cmd->run != cmd_batch && cmd->run != cmd_check) {
		status = usage_error(ctx, _("-j is an option of 'declc batch' and 'declc check'"));
		goto done;
	}
	if (cli.pdfa) {
		if (strcmp(cli.pdfa, "1b") && strcmp(cli.pdfa, "2b") && strcmp(cli.pdfa, "3b")) {
			status = usage_error(ctx, _("--pdfa takes 1b, 2b or 3b"));
			goto done;
		}
		cli.pdfa_level = cli.pdfa[0] - '0';
	}
	if (cli.pages && !parse_pages(cli.pages, &cli.page_first, &cli.page_last)) {
		status = usage_error(ctx, _("--pages takes a page or a range: 3, 1-2, 2- or -2"));
		goto done;
	}
	char *none[] = { NULL };
	status = cmd->run(&cli, ctx, cli.inputs ? cli.inputs : none);
done:
	g_option_context_free(ctx);
	g_strfreev(cli.inputs);
	g_strfreev(cli.params);
	g_free(cli.output); g_free(cli.output_dir); g_free(cli.formats); g_free(cli.paper); g_free(cli.style);
	g_free(cli.font_dir); g_free(cli.data_dir); g_free(cli.diagnostics); g_free(cli.pdfa); g_free(cli.lang);
	g_free(cli.threshold);
	g_free(cli.shard);
	g_free(cli.pages);
	g_free(cli.max_size);
#ifndef DECLC_FREE_AT_EXIT
	/* Everything is written. What the libraries would still undo at exit
	 * (GnuTLS's and the C++ run-time's static state, loaded with libqpdf)
	 * the system takes back with the process anyway: ~0.3 ms of a PDF.
	 * Builds for leak checkers exit normally. */
	fflush(NULL);
	_exit(status);
#endif
	return status;
}
