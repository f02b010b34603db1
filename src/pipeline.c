/*
 * pipeline.c — one document through the stages; the only file that knows
 * their order.
 *
 *   load → validate → transform (layout.xsl) → typeset → render → write
 *
 * declc_run_new builds what a whole run shares (schemas, stylesheet, fonts,
 * dictionary); declc_compile takes one document through the stages with a
 * document context that owns everything made for it, and frees it in one
 * place at the end.
 */
#include <malloc.h>
#include <string.h>
#include <unistd.h>
#include <libxml/xmlversion.h>
#include <libxml/parser.h>
#include <libxml/c14n.h>
#include <libxslt/xsltconfig.h>
#include <libxslt/xslt.h>
#include "declc.h"
#include "context.h"
#include "hyphen.h"
#include "load.h"
#include "locate.h"
#include "output.h"
#include "pdfa.h"
#include "qpdf_lib.h"
#include "thread.h"
#include "transform.h"
#include "typeset_lib.h"
#include "typo.h"
#include "validate.h"

#ifndef DECLC_HYPHEN_VERSION
#define DECLC_HYPHEN_VERSION "unknown"
#endif

static int run_ready(const struct declc_run *run);

struct declc_doc *doc_new(const struct declc_run *run, const char *path)
{
	struct declc_doc *doc = g_new0(struct declc_doc, 1);
	bool is_stdin = !path || strcmp(path, "-") == 0;

	doc->run = run;
	doc->path = g_strdup(is_stdin ? "<stdin>" : path);
	if (is_stdin) {
		doc->dir = g_get_current_dir();
	} else {
		char *dir = g_path_get_dirname(path);
		doc->dir = realpath(dir, NULL);
		if (!doc->dir)
			doc->dir = g_canonicalize_filename(dir, NULL);
		g_free(dir);
	}
	doc->diags = diag_sink_new();
	doc->pos = g_hash_table_new(g_direct_hash, g_direct_equal);
	doc->fonts = run->fonts;
	return doc;
}

void doc_free(struct declc_doc *doc)
{
	if (!doc)
		return;
	xmlFreeDoc(doc->layout);
	xmlFreeDoc(doc->tei);
	if (doc->source)
		g_bytes_unref(doc->source);
	g_hash_table_unref(doc->pos);
	diag_sink_free(doc->diags);
	g_free(doc->dir);
	g_free(doc->path);
	g_free(doc);
}

char *declc_hyphenate(const struct declc_run *run, const char *word, const char *lang)
{
	if (run_ready(run) != 0)
		return NULL;
	return hy_show_lang(run->hyph, word, "-", lang);
}

char *declc_versions(void)
{
	int xs = xsltLibxsltVersion;
	const char *why = NULL;
	const struct typeset_lib *ts = typeset_lib(&why);
	char *drawing = ts ? ts->typeset_versions()
			   : g_strdup_printf("typesetter not available: %s\n", why);
	char *all = g_strdup_printf("declc %s\n"
				    "libxml2 %s\n"
				    "libxslt %d.%d.%d\n"
				    "%s"
				    "libhyphen %s\n",
				    DECLC_VERSION, LIBXML_DOTTED_VERSION, xs / 10000, xs / 100 % 100,
				    xs % 100, drawing, DECLC_HYPHEN_VERSION);

	g_free(drawing);
	return all;
}

static char *data_path(const struct declc_run *run, const char *rel)
{
	return g_build_filename(run->data_dir, rel, NULL);
}

/* Run set-up failures are reported against the file that is missing. */
static int setup_failed(struct declc_run *run, struct diag_sink *diags, int *status)
{
	*status = diag_status(diags) ? diag_status(diags) : DECLC_EENV;
	diag_flush(diags, run->diag_out, run->diag_format, run->color, false);
	diag_sink_free(diags);
	declc_run_free(run);
	return 0;
}

/* What only the typesetter needs — the stylesheet, the font map and the
 * hyphenation dictionary — is loaded beside the schemas and the document,
 * on a second thread, so that with two processors a document's set-up costs
 * the longer of two halves, not their sum. The halves, as measured on the
 * founding declaration (bench/RESULTS.md):
 *
 *   this thread:   schemas → document → dictionary → typesetter → fonts
 *   set-up thread: stylesheet → the document's transformation
 *
 * (the typesetter: the module with Pango and Cairo, typeset_lib.h, opened
 * with the fonts, which are its first use; the process started without it,
 * so the set-up thread was started that much earlier).
 *
 * The stylesheet's compilation is the longest single step, so the thread
 * that makes it also transforms the document with it (run_hand_over), while
 * this one loads what only the typesetting needs. Without a document to
 * transform (batch, watch, several documents) the set-up thread loads the
 * fonts instead, and run_ready joins it once, before the first use of
 * anything it made; the stylesheet is also handed over alone as soon as it
 * is compiled (run_stylesheet). The dictionary and the fonts are each
 * loaded once, by whichever thread gets to them first, and report into
 * sinks of their own. Then, for a PDF, libqpdf, which only the finished PDF
 * needs (qpdf_lib.h), is opened on the processor the set-up leaves idle
 * while this one composes: by the thread that loads the glyphs ahead
 * (glyph_warm.h) for one document, by a thread of its own beside batch
 * workers (run_open_qpdf). Any earlier, it would delay the set-up by as
 * much. */
struct setup_thread {
	struct thread *thread;
	struct declc_run *run;            /* only its options are read */
	struct diag_sink *diags;          /* the stylesheet's reports */
	struct diag_sink *dict_diags;     /* the dictionary's */
	struct diag_sink *font_diags;     /* the fonts' */
	bool dict_tried;                  /* under the run's lazy_lock */
	GMutex fonts_lock;                /* whoever loads the fonts holds it */
	bool fonts_tried;
	struct fonts *fonts;
	/* Under lock: */
	GMutex lock;
	GCond cond;
	bool styled;                      /* layout_xsl and layout_schema are final */
	struct xform *layout_xsl;
	struct validate_schemas *layout_schema;
	struct declc_doc *handed;         /* a document to transform, or NULL */
	bool closed;                      /* nothing (more) will be handed over */
	bool transformed;                 /* the handed document's layout is made */
	int transform_rc;                 /* then: 0, or -1 after reporting on it */
};

static void setup_load_fonts(struct setup_thread *t)
{
	g_mutex_lock(&t->fonts_lock);
	if (!t->fonts_tried) {
		const char *why = NULL;
		const struct typeset_lib *ts = typeset_lib(&why);
		char *path = data_path(t->run, "fonts");

		if (ts)
			t->fonts = ts->fonts_new(path, t->run->font_dir, t->font_diags, "declc");
		else
			diag_emit(t->font_diags, "declc", 0, 0, DIAG_E_TYPESET_LOAD, why);
		t->fonts_tried = true;
		g_free(path);
	}
	g_mutex_unlock(&t->fonts_lock);
}

/* The TEI → layout transformation with XSL, checked against SCHEMA when a
 * house style made it: 0, or -1 after reporting on DOC. */
static int layout_with(struct declc_doc *doc, const struct xform *xsl,
		       const struct validate_schemas *schema)
{
	doc->layout = xform_apply(xsl, doc, doc->tei, doc->run->params);
	if (!doc->layout)
		return -1;
	if (schema && validate_tree(doc, schema, doc->layout) != 0)
		return -1;
	return 0;
}

static gpointer setup_typesetter(gpointer data)
{
	struct setup_thread *t = data;
	const struct declc_run *run = t->run;
	char *path = run->style ? g_strdup(run->style) : data_path(run, "stylesheets/layout.xsl");
	struct xform *xsl = xform_load(path, run->data_dir, t->diags);
	struct validate_schemas *schema = NULL;
	struct declc_doc *doc;

	g_free(path);
	if (xsl && run->style) {
		/* A house style is someone else's code: check what it produces. */
		path = data_path(run, "schemas/layout.rng");
		schema = validate_load(path, NULL, t->diags);
		g_free(path);
	}
	g_mutex_lock(&t->lock);
	t->layout_xsl = xsl;
	t->layout_schema = schema;
	t->styled = true;
	g_cond_broadcast(&t->cond);
	bool waiting = !t->handed && !t->closed;
	g_mutex_unlock(&t->lock);

	/* No document yet: the fonts meanwhile, which the other thread then
	 * finds loaded. */
	if (waiting)
		setup_load_fonts(t);
	g_mutex_lock(&t->lock);
	while (!t->handed && !t->closed)
		g_cond_wait(&t->cond, &t->lock);
	doc = t->handed;
	g_mutex_unlock(&t->lock);
	if (!doc) {
		setup_load_fonts(t);
		return NULL;
	}
	/* A failed set-up is reported by run_ready, not here. */
	int rc = xsl && (!run->style || schema) ? layout_with(doc, xsl, schema) : -1;
	g_mutex_lock(&t->lock);
	t->transform_rc = rc;
	t->transformed = true;
	g_cond_broadcast(&t->cond);
	g_mutex_unlock(&t->lock);
	return NULL;
}

/* Open libqpdf (and, below, for a PDF/A LittleCMS); whoever needs one
 * first waits for it there, and a failure is reported then. */
static void open_qpdf(void)
{
	qpdf_lib_open(NULL);
}

/* What the spare processor does first for one document's PDF, before it
 * loads glyphs (glyph_warm.h). */
struct spare_work {
	bool pdfa;
	/* A run of one document: the set-up's compiled stylesheet and, with a
	 * house style, the schema of its output, spent once the layout is made
	 * (run_take_spent); else NULL. */
	struct xform *layout_xsl;
	struct validate_schemas *layout_schema;
};

/* Frees what the set-up has spent: 2.7 MB for layout.xsl, which the
 * libraries opened next and the glyphs loaded after reuse, or the trim
 * hands back. Hands back to the system the pages the transformation freed
 * in the set-up thread's heap, which the main thread's allocations can
 * never reuse (on 200 pages, 4 MB of the peak), then opens the libraries.
 * Freeing here, not on the main thread, keeps it off the critical path:
 * this processor is idle until the first paragraph is composed. */
static void spare_for_pdf(void *data)
{
	struct spare_work *w = data;

	xform_free(w->layout_xsl);
	validate_free(w->layout_schema);
	malloc_trim(0);
	open_qpdf();
	if (w->pdfa)
		pdfa_open_libraries();
	g_free(w);
}

static gpointer qpdf_opener(gpointer unused)
{
	open_qpdf();
	return unused;
}

/* Starts opening libqpdf on a thread of its own, once per run: called when
 * a PDF is asked for and the set-up is done, so that it runs beside the
 * composition (see struct setup_thread). */
static void run_open_qpdf(const struct declc_run *const_run)
{
	struct declc_run *run = (struct declc_run *)const_run;

	g_mutex_lock(&run->lazy_lock);
	if (!run->qpdf_opener)
		run->qpdf_opener = thread_new("declc-qpdf", qpdf_opener, NULL);
	g_mutex_unlock(&run->lazy_lock);
}

/* Loads the dictionary, once, on the thread that is about to wait for the
 * set-up thread: the stylesheet alone takes that one about as long as the
 * schemas and the document take this one. Called under lazy_lock. */
static void run_load_dictionary(struct declc_run *run, struct setup_thread *t)
{
	if (t->dict_tried || run->no_hyphenate)
		return;
	char *path = data_path(run, "dicts/hyph_es.dic");

	run->hyph = hy_load(path, t->dict_diags, "declc");
	g_free(path);
	t->dict_tried = true;
}

/* Tells the set-up thread that no document will be handed over (it loads
 * the fonts then, if nobody has). */
static void setup_close(struct setup_thread *t)
{
	g_mutex_lock(&t->lock);
	t->closed = true;
	g_cond_broadcast(&t->cond);
	g_mutex_unlock(&t->lock);
}

/* Waits for the set-up thread, once, and hands what it made to the run.
 * 0, or the exit status of the set-up's failure, whose diagnostics are then
 * written (once) like a failed run's. */
static int run_ready(const struct declc_run *const_run)
{
	struct declc_run *run = (struct declc_run *)const_run;
	int status;

	g_mutex_lock(&run->lazy_lock);
	if (run->setup) {
		struct setup_thread *t = run->setup;
		bool ok;

		setup_close(t);
		run_load_dictionary(run, t);
		thread_join(t->thread);
		setup_load_fonts(t);   /* a no-op unless a document was handed over */
		run->layout_xsl = t->layout_xsl;
		run->layout_schema = t->layout_schema;
		run->fonts = t->fonts;
		ok = t->layout_xsl && (!run->style || t->layout_schema) && t->fonts &&
		     (run->no_hyphenate || run->hyph);
		run->setup_status = ok ? 0
			: MAX(MAX(diag_status(t->diags), diag_status(t->dict_diags)),
			      MAX(diag_status(t->font_diags), DECLC_EENV));
		diag_flush(t->diags, run->diag_out, run->diag_format, run->color, ok && run->quiet);
		diag_flush(t->dict_diags, run->diag_out, run->diag_format, run->color, ok && run->quiet);
		diag_flush(t->font_diags, run->diag_out, run->diag_format, run->color, ok && run->quiet);
		diag_sink_free(t->diags);
		diag_sink_free(t->dict_diags);
		diag_sink_free(t->font_diags);
		g_mutex_clear(&t->fonts_lock);
		g_mutex_clear(&t->lock);
		g_cond_clear(&t->cond);
		g_free(t);
		run->setup = NULL;
	}
	status = run->setup_status;
	g_mutex_unlock(&run->lazy_lock);
	return status;
}

/* The layout stylesheet and, for a house style, the schema its output is
 * checked against, as soon as the set-up thread has them, without waiting
 * for the fonts (struct setup_thread). false when the set-up failed: the
 * caller then calls run_ready, which reports why. */
static bool run_stylesheet(const struct declc_run *const_run, const struct xform **xsl,
			   const struct validate_schemas **schema)
{
	struct declc_run *run = (struct declc_run *)const_run;
	struct setup_thread *t;

	g_mutex_lock(&run->lazy_lock);
	t = run->setup;
	if (t) {
		run_load_dictionary(run, t);
		g_mutex_lock(&t->lock);
		while (!t->styled)
			g_cond_wait(&t->cond, &t->lock);
		g_mutex_unlock(&t->lock);
		*xsl = t->layout_xsl;
		*schema = t->layout_schema;
	} else {
		*xsl = run->setup_status == 0 ? run->layout_xsl : NULL;
		*schema = run->layout_schema;
	}
	g_mutex_unlock(&run->lazy_lock);
	return *xsl && (!run->style || *schema);
}

/* Hands DOC to the set-up thread to be transformed there, as soon as the
 * stylesheet is compiled, while this thread loads the dictionary and the
 * fonts (struct setup_thread); then waits for its layout. Only for the
 * first document of a run, whose set-up is still running: false when the
 * caller must transform it itself. *RC is then 0, or -1 after reporting on
 * DOC (or, when the set-up failed, with nothing reported yet: the caller
 * calls run_ready). */
static bool run_hand_over(const struct declc_run *const_run, struct declc_doc *doc, int *rc)
{
	struct declc_run *run = (struct declc_run *)const_run;
	struct setup_thread *t;
	bool handed = false;

	g_mutex_lock(&run->lazy_lock);
	t = run->setup;
	if (t) {
		g_mutex_lock(&t->lock);
		if (!t->closed && !t->handed) {
			t->handed = doc;
			handed = true;
			g_cond_broadcast(&t->cond);
		}
		g_mutex_unlock(&t->lock);
	}
	if (handed)
		run_load_dictionary(run, t);
	g_mutex_unlock(&run->lazy_lock);
	if (!handed)
		return false;
	/* T stays: only run_ready frees it, and only this thread calls it
	 * while a document is handed over (doc->spare_processor). */
	setup_load_fonts(t);
	/* Then this thread has nothing to do until the layout is made (the
	 * stylesheet is the set-up's longest step): for one document, it frees
	 * the schemas, which have validated it, so that the typesetting's
	 * allocations reuse their 0.85 MB. */
	if (run->one_document) {
		validate_free(run->schemas);
		run->schemas = NULL;
	}
	g_mutex_lock(&t->lock);
	while (!t->transformed)
		g_cond_wait(&t->cond, &t->lock);
	*rc = t->transform_rc;
	g_mutex_unlock(&t->lock);
	return true;
}

struct declc_run *declc_run_new(const struct declc_options *opts, int *status)
{
	struct declc_run *run = g_new0(struct declc_run, 1);
	struct diag_sink *diags = diag_sink_new();
	char *path, *sch;

	*status = DECLC_OK;
	run->diag_out = stderr;
	g_mutex_init(&run->lazy_lock);
	run->diag_format = opts->diag_format;
	run->quiet = opts->quiet;
	run->color = opts->color;
	run->no_hyphenate = opts->no_hyphenate;
	run->no_typesetter = opts->no_typesetter;
	run->one_document = opts->one_document;
	run->signature_fields = opts->signature_fields;
	run->dpi = opts->dpi > 0 ? opts->dpi : 150;
	run->pdfa_level = opts->pdfa_level >= 1 && opts->pdfa_level <= 3 ? opts->pdfa_level : 2;
	run->page_first = MAX(opts->page_first, 0);
	run->page_last = MAX(opts->page_last, 0);
	run->max_size = opts->max_size > 0 ? (size_t)opts->max_size : LOAD_MAX_BYTES;
	run->max_depth = opts->max_depth > 0 ? MIN(opts->max_depth, LOAD_DEPTH_CEILING) : LOAD_MAX_DEPTH;
	run->max_words = opts->max_words > 0 ? opts->max_words : PAGE_MAX_WORDS;
	run->max_signatories = opts->max_signatories > 0 ? opts->max_signatories : PAGE_MAX_SIGNATORIES;
	run->max_pages = opts->max_pages > 0 ? opts->max_pages : PAGE_MAX_PAGES;
	run->max_image_pixels = opts->max_image_pixels > 0 ? opts->max_image_pixels : IMG_MAX_PIXELS;
	run->data_dir = locate_data_dir(opts->data_dir);
	run->style = opts->style ? g_canonicalize_filename(opts->style, NULL) : NULL;
	run->font_dir = opts->font_dir ? g_canonicalize_filename(opts->font_dir, NULL) : NULL;
	run->params = g_strdupv((char **)opts->params);
	for (char **p = run->params; p && *p; p++)
		if (!xform_param_ok(*p)) {
			diag_emit(diags, "declc", 0, 0, DIAG_E_PARAM, *p);
			setup_failed(run, diags, status);
			return NULL;
		}
	load_install_guards();
	/* check needs only the schemas: it is set up in a few milliseconds,
	 * which is what a pre-commit hook running it on one file pays. */
	/* libxml2 and libxslt set up their global locks and tables on first
	 * use, racily: done here, before a second thread uses them. */
	xmlInitParser();
	xsltInit();
	if (!opts->validate_only && !opts->no_typesetter) {
		run->setup = g_new0(struct setup_thread, 1);
		run->setup->run = run;
		run->setup->diags = diag_sink_new();
		run->setup->dict_diags = diag_sink_new();
		run->setup->font_diags = diag_sink_new();
		g_mutex_init(&run->setup->fonts_lock);
		g_mutex_init(&run->setup->lock);
		g_cond_init(&run->setup->cond);
		run->setup->thread = thread_new("declc-setup", setup_typesetter, run->setup);
	}

	path = data_path(run, "schemas/declaracion.rng");
	sch = data_path(run, "schemas/declaracion.sch");
	run->schemas = validate_load(path, sch, diags);
	g_free(path);
	g_free(sch);
	if (!run->schemas)
		return setup_failed(run, diags, status), NULL;
	diag_flush(diags, run->diag_out, run->diag_format, run->color, run->quiet);
	diag_sink_free(diags);
	return run;
}

/* Waits for the set-up and fails as a run does: what a caller that needs the
 * typesetter at once (batch, watch, hyphenate) calls after declc_run_new. */
int declc_run_wait(struct declc_run *run)
{
	return run ? run_ready(run) : DECLC_EINTERNAL;
}

void declc_run_exit(struct declc_run *run)
{
#ifdef DECLC_FREE_AT_EXIT
	declc_run_free(run);
#else
	if (run) {
		run_ready(run);
		if (run->qpdf_opener)   /* never exit in the middle of a dlopen */
			thread_join(run->qpdf_opener);
	}
#endif
}

void declc_run_free(struct declc_run *run)
{
	if (!run)
		return;
	run_ready(run);   /* the set-up thread reads the run */
	if (run->qpdf_opener)
		thread_join(run->qpdf_opener);
	validate_free(run->schemas);
	validate_free(run->layout_schema);
	xform_free(run->layout_xsl);
	xform_free(run->html_xsl);
	xform_free(run->text_xsl);
	g_mutex_clear(&run->lazy_lock);
	if (run->fonts)
		TYPESET->fonts_free(run->fonts);
	hy_free(run->hyph);
	g_free(run->data_dir);
	g_free(run->style);
	g_free(run->font_dir);
	g_strfreev(run->params);
	g_free(run);
}

/* Load and validate: what compile and check share. */
static int front_end(struct declc_doc *doc)
{
	if (load_document(doc) != 0)
		return -1;
	return validate_document(doc, doc->run->schemas);
}

/* The typography options among the stylesheet parameters (the rule book's
 * names: quotes=latam|preserve, numbers=rae, percent-space=thin), so one
 * --param sets both the marks the stylesheet writes and the text pass. */
static void typo_opts_from_params(char *const *params, struct typo_opts *o)
{
	memset(o, 0, sizeof *o);
	for (char *const *p = params; p && *p; p++) {
		o->quotes_latam |= strcmp(*p, "quotes=latam") == 0;
		o->quotes_preserve |= strcmp(*p, "quotes=preserve") == 0;
		o->numbers_rae |= strcmp(*p, "numbers=rae") == 0;
		o->percent_thin |= strcmp(*p, "percent-space=thin") == 0;
	}
}

/* Signatories are counted in the source, where they are still <signed>:
 * in the layout they are only cells of a grid. */
static int check_signatories(struct declc_doc *doc)
{
	int n = 0, line = 0, col = 0;
	xmlNode *nth = NULL;
	xmlNode *top = xmlDocGetRootElement(doc->tei);

	/* An iterative walk: the tree may be as deep as --max-depth allows. */
	for (xmlNode *e = top; e; ) {
		if (e->type == XML_ELEMENT_NODE && xmlStrEqual(e->name, BAD_CAST "signed") &&
		    ++n == doc->run->max_signatories + 1)
			nth = e;
		if (e->children && e->type == XML_ELEMENT_NODE) {
			e = e->children;
			continue;
		}
		while (e && e != top && !e->next)
			e = e->parent;
		e = e && e != top ? e->next : NULL;
	}
	if (!nth)
		return 0;
	load_pos(doc, nth, &line, &col);
	doc_diag(doc, line, col, DIAG_E_TOO_MANY_SIGNATORIES, n, doc->run->max_signatories);
	return -1;
}

/* The TEI → layout transformation: on the set-up thread for the first
 * document of a run (run_hand_over), here otherwise. */
static int make_layout(struct declc_doc *doc)
{
	const struct declc_run *run = doc->run;
	const struct xform *xsl;
	const struct validate_schemas *schema;
	int rc;

	if (check_signatories(doc) != 0)
		return -1;
	if (doc->spare_processor && run_hand_over(run, doc, &rc)) {
		if (rc != 0 && !diag_has_errors(doc->diags))
			run_ready(run);   /* reports the set-up's failure */
		return rc;
	}
	if (!run_stylesheet(run, &xsl, &schema)) {
		run_ready(run);   /* reports the set-up's failure */
		return -1;
	}
	return layout_with(doc, xsl, schema);
}

/* The compiled stylesheet of an XSLT format. They are compiled on first use,
 * so a run that makes only PDFs never pays for them; the lock keeps that safe
 * when batch threads ask at once. */
static const struct xform *format_stylesheet(struct declc_doc *doc, const struct out_format *fmt)
{
	struct declc_run *run = (struct declc_run *)doc->run;
	const struct xform *x;

	g_mutex_lock(&run->lazy_lock);
	struct xform **slot = fmt->bit == DECLC_FMT_HTML ? &run->html_xsl : &run->text_xsl;
	if (!*slot) {
		char *path = data_path(run, fmt->stylesheet);
		*slot = xform_load(path, run->data_dir, doc->diags);
		g_free(path);
	}
	x = *slot;
	g_mutex_unlock(&run->lazy_lock);
	return x;
}

/* The layout's l:meta attribute NAME, or NULL (owned by the caller). */
static char *meta_attr(const xmlDoc *layout, const char *name)
{
	for (xmlNode *n = xmlDocGetRootElement((xmlDoc *)layout)->children; n; n = n->next)
		if (n->type == XML_ELEMENT_NODE && xmlStrEqual(n->name, BAD_CAST "meta"))
			return (char *)xmlGetProp(n, BAD_CAST name);
	return NULL;
}

/* Cairo's PDF in PDF_BYTES is finished in place: PDF/A at LEVEL, or
 * PDFA_PLAIN for a plain PDF (dates, /Lang, /ID, tagged-PDF flags). The
 * metadata is the layout's (which the stylesheet took from the teiHeader). */
static int finish_pdf(struct declc_doc *doc, enum pdfa_level level, GByteArray *pdf_bytes)
{
	static const char *const keys[] = { "title", "author", "subject", "keywords", "lang", "date" };
	char *v[G_N_ELEMENTS(keys)];
	GByteArray *out = g_byte_array_new();
	char *name = g_path_get_basename(doc->path);
	gsize src_len = 0;
	const void *src = doc->source ? g_bytes_get_data(doc->source, &src_len) : NULL;
	int rc;

	for (size_t i = 0; i < G_N_ELEMENTS(keys); i++)
		v[i] = meta_attr(doc->layout, keys[i]);
	struct pdfa_meta meta = {
		.title = v[0], .author = v[1], .subject = v[2], .keywords = v[3], .lang = v[4],
		.date = v[5], .creator = "declc " DECLC_VERSION,
		.source_name = name, .source = src, .source_len = src_len,
	};
	rc = pdfa_finish(doc, level, &meta, pdf_bytes->data, pdf_bytes->len, out);
	if (rc == 0) {
		g_byte_array_set_size(pdf_bytes, 0);
		g_byte_array_append(pdf_bytes, out->data, out->len);
	}
	for (size_t i = 0; i < G_N_ELEMENTS(keys); i++)
		xmlFree(v[i]);
	g_free(name);
	g_byte_array_unref(out);
	return rc;
}

/* The name FMT's page I (0-based) is written under. */
static char *target_path(const char *output, const struct out_format *fmt, int i, bool exact_name)
{
	if (strcmp(output, "-") == 0)
		return g_strdup("-");
	if (exact_name && !fmt->per_page)
		return g_strdup(output);
	return out_path_for(output, fmt, fmt->per_page ? i + 1 : 0);
}

/* Makes FMT's bytes — drawn from PS, written by a stylesheet, or the
 * canonical source — and writes the file(s). */
static int emit_format(struct declc_doc *doc, const struct page_set *ps, GBytes *canonical,
		       const struct out_format *fmt, const char *output, bool exact_name)
{
	const struct declc_run *run = doc->run;
	GByteArray *bytes = g_byte_array_new();
	int pages = fmt->per_page ? TYPESET->page_count(ps) : 1;
	int from = 0, rc = 0;

	/* --pages (previews): a range of a per-page format's pages; an open or
	 * too-large end stops at the last page, a start beyond it is refused. */
	if (fmt->per_page && (run->page_first || run->page_last)) {
		from = run->page_first ? run->page_first - 1 : 0;
		if (run->page_last)
			pages = MIN(pages, run->page_last);
		if (from >= TYPESET->page_count(ps)) {
			doc_diag(doc, 0, 0, DIAG_E_PAGES, from + 1, TYPESET->page_count(ps));
			rc = -1;
		}
	}
	for (int i = from; i < pages && rc == 0; i++) {
		g_byte_array_set_size(bytes, 0);
		switch (fmt->producer) {
		case OUT_DEVICE:
			rc = TYPESET->render_document(doc, ps, fmt->dev, i, bytes);
			if (rc == 0 && fmt->dev == DEV_PDF && doc->run->signature_fields)
				rc = TYPESET->sigfields_add(doc, ps, bytes);
			if (rc == 0 && fmt->dev == DEV_PDF)
				rc = finish_pdf(doc, fmt->bit == DECLC_FMT_PDFA
						? (enum pdfa_level)doc->run->pdfa_level : PDFA_PLAIN, bytes);
			break;
		case OUT_XSLT: {
			const struct xform *x = format_stylesheet(doc, fmt);
			rc = x ? xform_apply_bytes(x, doc, doc->tei, doc->run->params, bytes) : -1;
			break;
		}
		case OUT_C14N: {
			gsize len;
			const void *data = g_bytes_get_data(canonical, &len);
			g_byte_array_append(bytes, data, (guint)len);
			break;
		}
		}
		if (rc == 0) {
			char *path = target_path(output, fmt, i, exact_name);
			rc = out_write(doc, path, bytes->data, bytes->len);
			g_free(path);
		}
	}
	g_byte_array_unref(bytes);
	return rc;
}

/* The source as canonical XML (C14N 1.0 with comments): the archival master
 * copy, taken before anything rewrites the tree. */
static GBytes *canonical_source(struct declc_doc *doc)
{
	xmlChar *mem = NULL;
	int len = xmlC14NDocDumpMemory(doc->tei, NULL, XML_C14N_1_0, NULL, 1, &mem);

	if (len < 0) {
		doc_diag(doc, 0, 0, DIAG_E_INTERNAL, "canonical XML could not be written");
		return NULL;
	}
	GBytes *b = g_bytes_new(mem, (gsize)len);
	xmlFree(mem);
	return b;
}

static int finish(struct declc_doc *doc, int rc)
{
	const struct declc_run *run = doc->run;
	int status = diag_status(doc->diags);

	if (rc != 0 && status == 0)
		status = run->setup_status ? run->setup_status : DECLC_EINTERNAL;
	if (run->report)
		diag_report_add(run->report, doc->diags);
	else
		diag_flush(doc->diags, run->diag_out, run->diag_format, run->color, run->quiet);
	doc_free(doc);
	return status;
}

static int count_bits(unsigned x)
{
	int n = 0;
	for (; x; x &= x - 1)
		n++;
	return n;
}

/* The spare processor's first work for DOC's PDF (spare_for_pdf). In a run
 * of one document the layout is made by now: the set-up's stylesheet is
 * taken from the run, to be freed there. */
static struct spare_work *spare_work_new(struct declc_doc *doc, unsigned formats)
{
	struct declc_run *run = (struct declc_run *)doc->run;
	struct spare_work *w = g_new0(struct spare_work, 1);

	w->pdfa = formats & DECLC_FMT_PDFA;
	if (run->one_document) {
		g_mutex_lock(&run->lazy_lock);
		w->layout_xsl = run->layout_xsl;
		w->layout_schema = run->layout_schema;
		run->layout_xsl = NULL;
		run->layout_schema = NULL;
		g_mutex_unlock(&run->lazy_lock);
	}
	return w;
}

/* The stages after the document context is made: 0, or -1 after reporting
 * on doc->diags. */
static int compile_stages(struct declc_doc *doc, const char *output, unsigned formats)
{
	const struct declc_run *run = doc->run;
	struct page_set *ps = NULL;
	int rc;

	if (strcmp(output, "-") == 0 && count_bits(formats) != 1) {
		doc_diag(doc, 0, 0, DIAG_E_FORMAT, "several formats to stdout");
		return -1;
	}
	if (front_end(doc) != 0)
		return -1;
	GBytes *canonical = NULL;
	if ((formats & DECLC_FMT_XML) && !(canonical = canonical_source(doc)))
		return -1;
	/* Every output below carries the typographically corrected text. */
	struct typo_opts topts;
	typo_opts_from_params(run->params, &topts);
	/* Typesetting only when a drawn format is asked for. The layout is
	 * made as soon as the stylesheet is ready, the fonts are waited for
	 * after (struct setup_thread). */
	bool drawn = declc_formats_drawn(formats);
	if (typo_run(doc, TYPO_FIX, &topts) != 0 || (drawn && make_layout(doc) != 0) ||
	    run_ready(run) != 0) {
		if (canonical)
			g_bytes_unref(canonical);
		return -1;
	}
	if (!doc->fonts)   /* a batch worker brings its own */
		doc->fonts = run->fonts;
	/* For a PDF, the other processor opens libqpdf and then loads the
	 * glyphs of the paragraphs as they are composed (glyph_warm.h): one
	 * thread, so that this one keeps a processor to itself. With other
	 * documents beside (batch), libqpdf alone is opened ahead. */
	if (formats & (DECLC_FMT_PDF | DECLC_FMT_PDFA)) {
		if (drawn && doc->spare_processor)
			doc->warm = TYPESET->glyph_warm_new(spare_for_pdf,
							    spare_work_new(doc, formats));
		else
			run_open_qpdf(run);
	}
	rc = drawn && !(ps = TYPESET->page_typeset(doc, doc->layout)) ? -1 : 0;
	/* One format: the output is named exactly as given. Several: each takes
	 * its own extension on the given stem. */
	for (const struct out_format *f = out_formats(); f->name && rc == 0; f++)
		if (formats & f->bit)
			rc = emit_format(doc, ps, canonical, f, output, count_bits(formats) == 1);
	if (doc->warm)
		TYPESET->glyph_warm_free(doc->warm);
	doc->warm = NULL;
	if (ps)
		TYPESET->page_set_free(ps);
	if (canonical)
		g_bytes_unref(canonical);
	return rc;
}

int doc_compile(struct declc_doc *doc, const char *output, unsigned formats)
{
	if (compile_stages(doc, output, formats) != 0 && diag_status(doc->diags) == 0)
		return doc->run->setup_status ? doc->run->setup_status : DECLC_EINTERNAL;
	return diag_status(doc->diags);
}

bool declc_formats_drawn(unsigned formats)
{
	for (const struct out_format *f = out_formats(); f->name; f++)
		if ((formats & f->bit) && f->producer == OUT_DEVICE)
			return true;
	return false;
}

int declc_compile(struct declc_run *run, const char *input, const char *output,
		  unsigned formats)
{
	if (run->one_document && run->compiled) {
		fprintf(run->diag_out, "declc: internal error: a run for one document compiles only once\n");
		return DECLC_EINTERNAL;
	}
	if (!run->layout_xsl && !run->setup && (!run->no_typesetter || declc_formats_drawn(formats))) {
		fprintf(run->diag_out, "declc: internal error: a run set up without the typesetter cannot draw\n");
		return DECLC_EINTERNAL;
	}
	struct declc_doc *doc = doc_new(run, input);
	int rc;

	if (!output) {
		/* Default: beside the input, named after it (stdout for stdin). */
		const struct out_format *first = NULL;
		for (const struct out_format *f = out_formats(); f->name && !first; f++)
			if (formats & f->bit)
				first = f;
		char *named = strcmp(doc->path, "<stdin>") == 0 || !first
			? g_strdup("-") : out_path_for(input, first, 0);
		doc_free(doc);
		rc = declc_compile(run, input, named, formats);
		g_free(named);
		return rc;
	}
	doc->spare_processor = true;   /* one document at a time */
	run->compiled = true;
	return finish(doc, compile_stages(doc, output, formats));
}

int declc_check(struct declc_run *run, const char *input)
{
	struct declc_doc *doc = doc_new(run, input);
	int rc = front_end(doc);

	/* The typography lint assumes the structure validation guarantees. */
	if (rc == 0)
		rc = typo_run(doc, TYPO_REPORT, NULL);
	return finish(doc, rc);
}
