/*
 * watch.c — `declc --watch`: build once, then again after every change.
 *
 * Consumes: a run, the input and the outputs asked for. Produces: the same
 * outputs as declc_compile, rebuilt whenever one of the files they come from
 * changes: the document, the images it references (graphic/@url, resolved in
 * its folder, found again after every build since edits add and remove
 * them), the house style and the font folders. A GLib main loop waits on
 * GFileMonitors; changes are gathered for WATCH_QUIET_MS so that an editor's
 * save (often a write, a rename and an attribute change) starts one build.
 *
 * A build that fails has printed its diagnostics and, since every output is
 * written atomically, left the previous good outputs as they were. The
 * document and its images are read anew by each build; the style and the
 * fonts are part of the run, so a change to them sets up a new run first,
 * with the same options. SIGINT and SIGTERM end the loop between builds and
 * declc_watch returns DECLC_OK: stopping is how watching ends.
 */
#include <signal.h>
#include <string.h>
#include <gio/gio.h>
#include <glib-unix.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include "declc.h"
#include "context.h"
#include "i18n.h"
#include "load.h"

/* Changes closer together than this make one build (ms). */
#define WATCH_QUIET_MS 100

/* What a change to a watched file calls for. */
enum watch_kind {
	WATCH_SOURCE,   /* the document or an image: build again */
	WATCH_SETUP     /* the house style or a font folder: a new run, then build */
};

struct watch {
	struct declc_run *given;   /* the caller's run; never freed here */
	struct declc_run *run;     /* the run builds use: GIVEN, or a newer one */
	bool stale;                /* the style or fonts changed since RUN was set up */
	const char *input, *output;
	unsigned formats;
	bool talk;                 /* print progress lines (text diagnostics, not -q) */
	GMainLoop *loop;
	GHashTable *fixed;         /* absolute path → GFileMonitor: document, style, fonts */
	GHashTable *images;        /* absolute path → GFileMonitor: the document's images */
	guint timer;               /* the pending build, 0 when none */
	char *changed;             /* the first file changed since the last build */
};

static void on_changed(GFileMonitor *m, GFile *file, GFile *other,
		       GFileMonitorEvent event, gpointer data);

static void monitor_free(gpointer p)
{
	g_file_monitor_cancel(p);
	g_object_unref(p);
}

/* Starts watching PATH (a folder when DIR) in TABLE, unless it already is;
 * a change is announced under NAME (a file) or the changed file's name (a
 * folder). A file that does not exist yet is watched too: its creation
 * counts. */
static void watch_path(struct watch *w, GHashTable *table, const char *path,
		       const char *name, enum watch_kind kind, bool dir)
{
	GFile *f;
	GFileMonitor *m;
	GError *err = NULL;

	if (g_hash_table_contains(table, path))
		return;
	f = g_file_new_for_path(path);
	m = dir ? g_file_monitor_directory(f, G_FILE_MONITOR_WATCH_MOVES, NULL, &err)
		: g_file_monitor_file(f, G_FILE_MONITOR_WATCH_MOVES, NULL, &err);
	g_object_unref(f);
	if (!m) {
		struct diag_sink *diags = diag_sink_new();
		diag_emit(diags, path, 0, 0, DIAG_W_WATCH, path, err->message);
		diag_flush(diags, w->run->diag_out, w->run->diag_format, w->run->color,
			   w->run->quiet);
		diag_sink_free(diags);
		g_error_free(err);
		return;
	}
	g_object_set_data(G_OBJECT(m), "declc-watch-kind", GINT_TO_POINTER(kind));
	if (!dir)
		g_object_set_data_full(G_OBJECT(m), "declc-watch-name", g_strdup(name), g_free);
	g_signal_connect(m, "changed", G_CALLBACK(on_changed), w);
	g_hash_table_insert(table, g_strdup(path), m);
}

/* The file an image reference names, absolute; NULL for what is not a local
 * file (the build reports references it refuses). */
static char *image_path(const char *dir, const char *url)
{
	const char *scheme = g_uri_peek_scheme(url);

	if (scheme && strcmp(scheme, "file") != 0)
		return NULL;
	if (scheme)
		return g_filename_from_uri(url, NULL, NULL);
	return g_canonicalize_filename(url, dir);
}

/* Brings the image monitors in line with the document as it now is. When it
 * cannot be read, the images of its last readable state stay watched. */
static void watch_images(struct watch *w)
{
	struct declc_doc *doc = doc_new(w->run, w->input);
	/* absolute path → the reference as written, for messages */
	GHashTable *now = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	xmlXPathContext *xp = NULL;
	xmlXPathObject *res = NULL;
	GHashTableIter it;
	gpointer key, value;

	if (load_document(doc) != 0)
		goto out;
	xp = xmlXPathNewContext(doc->tei);
	xmlXPathRegisterNs(xp, BAD_CAST "tei", BAD_CAST "http://www.tei-c.org/ns/1.0");
	res = xmlXPathEvalExpression(BAD_CAST "//tei:graphic/@url", xp);
	for (int i = 0; res && res->nodesetval && i < res->nodesetval->nodeNr; i++) {
		xmlChar *url = xmlNodeGetContent(res->nodesetval->nodeTab[i]);
		char *path = url ? image_path(doc->dir, (const char *)url) : NULL;
		if (path)
			g_hash_table_insert(now, path, g_strdup((const char *)url));
		xmlFree(url);
	}
	g_hash_table_iter_init(&it, w->images);
	while (g_hash_table_iter_next(&it, &key, NULL))
		if (!g_hash_table_contains(now, key))
			g_hash_table_iter_remove(&it);
	g_hash_table_iter_init(&it, now);
	while (g_hash_table_iter_next(&it, &key, &value))
		watch_path(w, w->images, key, value, WATCH_SOURCE, false);
out:
	xmlXPathFreeObject(res);
	xmlXPathFreeContext(xp);
	g_hash_table_unref(now);
	/* Its diagnostics were the build's to report; they go unprinted. */
	doc_free(doc);
}

/* The options RUN was set up with, to set up another like it. Every option a
 * run keeps belongs here: a new one in struct declc_options needs a line. */
static struct declc_options options_of(const struct declc_run *run)
{
	return (struct declc_options){
		.data_dir = run->data_dir,
		.style = run->style,
		.font_dir = run->font_dir,
		.params = (const char *const *)run->params,
		.no_hyphenate = run->no_hyphenate,
		.signature_fields = run->signature_fields,
		.dpi = run->dpi,
		.pdfa_level = run->pdfa_level,
		.page_first = run->page_first,
		.page_last = run->page_last,
		.max_size = run->max_size,
		.max_depth = run->max_depth,
		.max_words = run->max_words,
		.max_signatories = run->max_signatories,
		.max_pages = run->max_pages,
		.max_image_pixels = run->max_image_pixels,
		.diag_format = run->diag_format,
		.quiet = run->quiet,
		.color = run->color,
	};
}

static void say(const struct watch *w, const char *line)
{
	if (w->talk) {
		fprintf(w->run->diag_out, "declc: %s\n", line);
		fflush(w->run->diag_out);
	}
}

static void build(struct watch *w)
{
	int status;

	if (w->stale) {
		struct declc_options opts = options_of(w->run);
		struct declc_run *fresh = declc_run_new(&opts, &status);
		if (!fresh) {
			/* Still stale: the next change tries again. */
			say(w, _("the build failed; the previous outputs are kept"));
			return;
		}
		if (w->run != w->given)
			declc_run_free(w->run);
		w->run = fresh;
		w->stale = false;
	}
	status = declc_compile(w->run, w->input, w->output, w->formats);
	say(w, status == DECLC_OK ? _("build finished")
	    : _("the build failed; the previous outputs are kept"));
	watch_images(w);
}

static gboolean on_quiet(gpointer data)
{
	struct watch *w = data;
	char *line;

	w->timer = 0;
	/* TRANSLATORS: %s is the file that changed. */
	line = g_strdup_printf(_("%s changed; building again"), w->changed ? w->changed : w->input);
	say(w, line);
	g_free(line);
	g_clear_pointer(&w->changed, g_free);
	build(w);
	return G_SOURCE_REMOVE;
}

static void on_changed(GFileMonitor *m, GFile *file, GFile *other,
		       GFileMonitorEvent event, gpointer data)
{
	struct watch *w = data;

	(void)other;
	if (event == G_FILE_MONITOR_EVENT_PRE_UNMOUNT || event == G_FILE_MONITOR_EVENT_UNMOUNTED)
		return;
	if (GPOINTER_TO_INT(g_object_get_data(G_OBJECT(m), "declc-watch-kind")) == WATCH_SETUP)
		w->stale = true;
	if (!w->changed) {
		/* An editor that saves by renaming reports its temporary file:
		 * name what is watched, or what changed inside a watched folder. */
		const char *name = g_object_get_data(G_OBJECT(m), "declc-watch-name");
		w->changed = name ? g_strdup(name) : g_file_get_parse_name(file);
	}
	/* Every change restarts the wait: one build once things are quiet. */
	if (w->timer)
		g_source_remove(w->timer);
	w->timer = g_timeout_add(WATCH_QUIET_MS, on_quiet, w);
}

static gboolean on_signal(gpointer data)
{
	g_main_loop_quit(((struct watch *)data)->loop);
	return G_SOURCE_CONTINUE;
}

int declc_watch(struct declc_run *run, const char *input, const char *output,
		unsigned formats)
{
	struct watch w = {
		.given = run, .run = run, .input = input, .output = output, .formats = formats,
		.talk = run->diag_format == DECLC_DIAG_TEXT && !run->quiet,
		.loop = g_main_loop_new(NULL, FALSE),
		.fixed = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, monitor_free),
		.images = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, monitor_free),
	};
	/* Before the first build, so that Ctrl-C during it ends cleanly after it. */
	guint sigint = g_unix_signal_add(SIGINT, on_signal, &w);
	guint sigterm = g_unix_signal_add(SIGTERM, on_signal, &w);
	char *path = g_canonicalize_filename(input, NULL);

	watch_path(&w, w.fixed, path, input, WATCH_SOURCE, false);
	g_free(path);
	if (run->style)
		watch_path(&w, w.fixed, run->style, run->style, WATCH_SETUP, false);
	if (run->font_dir)
		watch_path(&w, w.fixed, run->font_dir, NULL, WATCH_SETUP, true);
	path = g_build_filename(run->data_dir, "fonts", NULL);
	watch_path(&w, w.fixed, path, NULL, WATCH_SETUP, true);
	g_free(path);

	build(&w);
	say(&w, _("watching the document, its images, the style and the fonts; press Ctrl-C to stop"));
	g_main_loop_run(w.loop);
	say(&w, _("stopped watching"));

	if (w.timer)
		g_source_remove(w.timer);
	g_source_remove(sigint);
	g_source_remove(sigterm);
	g_hash_table_unref(w.images);
	g_hash_table_unref(w.fixed);
	g_main_loop_unref(w.loop);
	g_free(w.changed);
	if (w.run != w.given)
		declc_run_free(w.run);
	return DECLC_OK;
}
