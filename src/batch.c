/*
 * batch.c — declc batch: a collection of declarations into one output tree.
 *
 * Consumes: files, folders (searched for *.xml) and lists of names on stdin;
 * the run context (schemas, stylesheets, hyphenation, built once and only
 * read). Produces: the outputs, mirroring the input tree under OUTDIR (or
 * OUTDIR/data with --bag); manifest.json and manifest.csv (manifest.c); one
 * state record per document under OUTDIR/.declc-state, which is what makes
 * the run incremental and restartable.
 *
 * Threads. Worker threads of a GThreadPool each take the next document by an
 * atomic counter. Each worker owns a font map of its own (fonts_new), since
 * Pango's is not thread-safe; everything else a document needs lives in its
 * document context. The main thread only waits: for SIGINT/SIGTERM (blocked
 * in every thread and taken with sigtimedwait, so no handler and no global
 * flag) and for finished documents, to show progress.
 *
 * Restarting. Outputs are written atomically (out_write), and a document's
 * state record is written, atomically too, only after all its outputs. The
 * record holds a key — the SHA-256 of the input's hash, the options, the
 * house style and data files, the fonts and the declc version — with the
 * document's manifest entry, so a document whose key is unchanged and whose
 * outputs still stand is not built again, and a run killed at any moment
 * ends, when run again, with the manifest an uninterrupted run writes.
 */
#define _GNU_SOURCE       /* syncfs */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <glib.h>
#include <glib/gstdio.h>
#include "batch.h"
#include "batch_manifest.h"
#include "context.h"
#include "i18n.h"
#include "import.h"
#include "output.h"
#include "typeset_lib.h"

#define BATCH_STATE_DIR ".declc-state"
#define BATCH_TICK_MS 100         /* how often the main thread looks up */
#define BATCH_MAX_LIST_LINE 4096  /* longest name read from a stdin list */

struct batch {
	struct declc_run *run;
	const struct batch_opts *o;
	char *root;               /* where outputs go: OUTDIR or OUTDIR/data */
	char *state_dir;          /* OUTDIR/.declc-state */
	char *run_key;            /* hex SHA-256 of all that is not the input */
	GPtrArray *jobs;          /* struct bjob, sorted by rel */
	GPtrArray *todo;          /* the jobs this run (its shard) compiles */
	gint next;                /* index into todo of the next job to start */
	gint stop;                /* set once SIGINT or SIGTERM arrived */
	gint workers_left;
	GMutex lock;              /* guards finished and the counts */
	GArray *finished;         /* indexes into todo, in completion order */
	int n_done, n_failed, n_reused;
};

static void bjob_free(struct bjob *j)
{
	g_free(j->input);
	g_free(j->rel);
	g_free(j->diags);
	g_free(j->collides_with);
	if (j->outputs)
		g_ptr_array_unref(j->outputs);
	g_free(j);
}

static void bout_free(struct bout *o)
{
	g_free(o->rel);
	g_free(o);
}

static struct bout *bout_new(const char *rel, const char *sha, gint64 size)
{
	struct bout *o = g_new0(struct bout, 1);
	o->rel = g_strdup(rel);
	g_strlcpy(o->sha, sha, sizeof o->sha);
	o->size = size;
	return o;
}

/* ---- hashing ---- */

static void sha_hex(const void *data, gsize len, char out[65])
{
	char *h = g_compute_checksum_for_data(G_CHECKSUM_SHA256, data, len);
	g_strlcpy(out, h, 65);
	g_free(h);
}

/* The SHA-256 and size of the file PATH; false when it cannot be read. */
static bool sha_file(const char *path, char out[65], gint64 *size)
{
	char *data;
	gsize len;

	if (!g_file_get_contents(path, &data, &len, NULL))
		return false;
	sha_hex(data, len, out);
	*size = (gint64)len;
	g_free(data);
	return true;
}

/* Feeds the names and contents of DIR's files (not recursing) into CK, in
 * name order; a missing folder adds nothing. */
static void hash_dir(GChecksum *ck, const char *dir)
{
	GDir *d = dir ? g_dir_open(dir, 0, NULL) : NULL;
	GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
	const char *name;

	while (d && (name = g_dir_read_name(d)))
		g_ptr_array_add(names, g_strdup(name));
	if (d)
		g_dir_close(d);
	g_ptr_array_sort(names, batch_strcmp_p);
	for (guint i = 0; i < names->len; i++) {
		char *path = g_build_filename(dir, names->pdata[i], NULL);
		char *data;
		gsize len;

		if (g_file_test(path, G_FILE_TEST_IS_REGULAR) &&
		    g_file_get_contents(path, &data, &len, NULL)) {
			g_checksum_update(ck, (const guchar *)names->pdata[i], -1);
			g_checksum_update(ck, (const guchar *)"\n", 1);
			g_checksum_update(ck, (const guchar *)data, (gssize)len);
			g_free(data);
		}
		g_free(path);
	}
	g_ptr_array_unref(names);
}

/* What decides a document's outputs besides its own bytes: the options (as
 * the manifest shows them), the house style, the data folder's stylesheets,
 * schemas and dictionary, the fonts and the version. */
static char *make_run_key(const struct declc_run *run, const char *options_json,
			  char **style_sha, char **fonts_sha)
{
	GChecksum *style = g_checksum_new(G_CHECKSUM_SHA256);
	GChecksum *fonts = g_checksum_new(G_CHECKSUM_SHA256);
	GChecksum *all = g_checksum_new(G_CHECKSUM_SHA256);
	static const char *const data_dirs[] = { "stylesheets", "schemas", "dicts" };
	char *key;

	if (run->style) {
		char *data;
		gsize len;
		if (g_file_get_contents(run->style, &data, &len, NULL)) {
			g_checksum_update(style, (const guchar *)data, (gssize)len);
			g_free(data);
		}
	}
	for (size_t i = 0; i < G_N_ELEMENTS(data_dirs); i++) {
		char *d = g_build_filename(run->data_dir, data_dirs[i], NULL);
		hash_dir(style, d);
		g_free(d);
	}
	char *fd = g_build_filename(run->data_dir, "fonts", NULL);
	hash_dir(fonts, fd);
	g_free(fd);
	hash_dir(fonts, run->font_dir);
	*style_sha = g_strdup(g_checksum_get_string(style));
	*fonts_sha = g_strdup(g_checksum_get_string(fonts));
	g_checksum_update(all, (const guchar *)"declc " DECLC_VERSION "\n", -1);
	g_checksum_update(all, (const guchar *)options_json, -1);
	g_checksum_update(all, (const guchar *)*style_sha, -1);
	g_checksum_update(all, (const guchar *)*fonts_sha, -1);
	key = g_strdup(g_checksum_get_string(all));
	g_checksum_free(style);
	g_checksum_free(fonts);
	g_checksum_free(all);
	return key;
}

/* ---- inputs ---- */

static bool is_xml_name(const char *name)
{
	size_t n = strlen(name);
	return n > 4 && g_ascii_strcasecmp(name + n - 4, ".xml") == 0;
}

/* What --import takes besides *.xml: the extensions import.h reads. */
static bool is_import_name(const char *name)
{
	static const char *const exts[] = { ".txt", ".text", ".md", ".markdown", ".html", ".htm",
					    ".xhtml" };
	char *lower = g_ascii_strdown(name, -1);
	bool yes = false;
	for (size_t i = 0; i < G_N_ELEMENTS(exts) && !yes; i++)
		yes = g_str_has_suffix(lower, exts[i]) && strlen(lower) > strlen(exts[i]);
	g_free(lower);
	return yes;
}

static void add_job(GPtrArray *jobs, const char *input, const char *rel)
{
	struct bjob *j = g_new0(struct bjob, 1);
	j->input = g_strdup(input);
	j->rel = g_strdup(rel);
	g_ptr_array_add(jobs, j);
}

/* The *.xml files under DIR (REL: their folder's path under the input
 * folder), skipping the output tree itself and hidden folders. */
static void add_dir(GPtrArray *jobs, const char *dir, const char *rel, const GStatBuf *out_st,
		    bool import, int depth)
{
	GDir *d = g_dir_open(dir, 0, NULL);
	const char *name;

	if (!d || depth > 64)
		goto done;
	while ((name = g_dir_read_name(d))) {
		char *path = g_build_filename(dir, name, NULL);
		char *r = rel ? g_build_filename(rel, name, NULL) : g_strdup(name);
		GStatBuf st;

		if (name[0] == '.') {
			/* hidden: not part of the collection */
		} else if (g_stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
			if (!(out_st && st.st_dev == out_st->st_dev && st.st_ino == out_st->st_ino))
				add_dir(jobs, path, r, out_st, import, depth + 1);
		} else if (is_xml_name(name) || (import && is_import_name(name))) {
			/* Even when it cannot be read (a broken link): reported. */
			add_job(jobs, path, r);
		}
		g_free(path);
		g_free(r);
	}
done:
	if (d)
		g_dir_close(d);
}

/* A file named on the command line or in a list keeps its path under OUTDIR
 * when that path is relative and stays below the current folder; otherwise
 * only its name. */
static char *rel_of_file(const char *path)
{
	while (path[0] == '.' && path[1] == '/')
		path += 2;
	if (g_path_is_absolute(path) || strstr(path, "..") == path || strstr(path, "/../") ||
	    !path[0])
		return g_path_get_basename(path);
	return g_strdup(path);
}

static void add_arg(GPtrArray *jobs, const char *arg, const GStatBuf *out_st, bool import)
{
	if (g_file_test(arg, G_FILE_TEST_IS_DIR)) {
		add_dir(jobs, arg, NULL, out_st, import, 0);
	} else {
		/* Unreadable or missing: kept, to be reported as a document. */
		char *rel = rel_of_file(arg);
		add_job(jobs, arg, rel);
		g_free(rel);
	}
}

static gint job_cmp(gconstpointer a, gconstpointer b)
{
	const struct bjob *x = *(struct bjob *const *)a, *y = *(struct bjob *const *)b;
	int c = strcmp(x->rel, y->rel);
	return c ? c : strcmp(x->input, y->input);
}

/* The file names a job's outputs take (per-page formats: the first page's
 * stem), relative to the output root. */
static GPtrArray *planned_outputs(const struct bjob *j, unsigned formats)
{
	GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
	const char *rel = j->rel;
	if (j->import)
		g_ptr_array_add(names, batch_tei_rel(rel));
	for (const struct out_format *f = out_formats(); f->name; f++)
		if (formats & f->bit)
			g_ptr_array_add(names, out_path_for(rel, f, 0));
	return names;
}

/* Two inputs whose outputs would take one name: the first in path order
 * keeps it, the others fail with a "collision" and write nothing. */
static void find_collisions(GPtrArray *jobs, unsigned formats)
{
	GHashTable *taken = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);

	for (guint i = 0; i < jobs->len; i++) {
		struct bjob *j = jobs->pdata[i];
		GPtrArray *names = planned_outputs(j, formats);
		for (guint k = 0; k < names->len && !j->collides_with; k++) {
			struct bjob *owner = g_hash_table_lookup(taken, names->pdata[k]);
			if (owner)
				j->collides_with = g_strdup(owner->rel);
		}
		for (guint k = 0; k < names->len && !j->collides_with; k++)
			g_hash_table_insert(taken, g_strdup(names->pdata[k]), j);
		g_ptr_array_unref(names);
	}
	g_hash_table_unref(taken);
}

/* Shard membership hangs on the document's path alone, so every machine
 * agrees whatever order it listed the inputs in. */
static bool in_shard(const struct bjob *j, int k, int n)
{
	char hex[65];
	sha_hex(j->rel, strlen(j->rel), hex);
	hex[15] = '\0';
	guint64 v = g_ascii_strtoull(hex, NULL, 16);
	return (int)(v % (guint64)n) == k - 1;
}

/* ---- state records ---- */

static char *record_path(const struct batch *b, const struct bjob *j)
{
	char hex[65];
	sha_hex(j->rel, strlen(j->rel), hex);
	return g_build_filename(b->state_dir, hex, NULL);
}

/* A record: "key K", "exit N", "status S", then "diag …" (escaped) and
 * "out SIZE SHA REL" lines. */
static void record_write(const struct batch *b, const struct bjob *j)
{
	GString *s = g_string_new(NULL);
	char *path = record_path(b, j);

	g_string_append_printf(s, "key %s\nexit %d\nstatus %s\n", j->key, j->exit, j->status);
	if (j->diags && *j->diags) {
		char *e = g_strescape(j->diags, NULL);
		g_string_append_printf(s, "diag %s\n", e);
		g_free(e);
	}
	for (guint i = 0; i < j->outputs->len; i++) {
		const struct bout *o = j->outputs->pdata[i];
		g_string_append_printf(s, "out %" G_GINT64_FORMAT " %s %s\n", o->size, o->sha, o->rel);
	}
	/* Best effort: without the record the document is only built again.
	 * Written whole under a temporary name and renamed, but not synced: a
	 * killed process cannot leave half a record, and after a power cut a
	 * record whose outputs did not reach the disk fails record_reuse's size
	 * check. Two fsyncs more per document would cost more than typesetting
	 * it on a slow disk; batch_run syncs the file system once at the end. */
	char *tmp = g_strconcat(path, ".XXXXXX", NULL);
	int fd = g_mkstemp(tmp);
	if (fd >= 0) {
		bool ok = write(fd, s->str, s->len) == (ssize_t)s->len;
		ok = close(fd) == 0 && ok;
		if (!ok || g_rename(tmp, path) != 0)
			g_unlink(tmp);
	}
	g_free(tmp);
	g_string_free(s, TRUE);
	g_free(path);
}

/* Takes the record of J when its key is J's and its outputs still stand
 * with the sizes recorded. */
static bool record_reuse(const struct batch *b, struct bjob *j)
{
	char *path = record_path(b, j), *text = NULL;
	bool ok = false;

	if (!g_file_get_contents(path, &text, NULL, NULL))
		goto done;
	char **lines = g_strsplit(text, "\n", -1);
	GPtrArray *outs = g_ptr_array_new_with_free_func((GDestroyNotify)bout_free);
	char *diags = NULL, status[32] = "";
	int exit_status = -1;
	bool key_ok = false, outs_ok = true;

	for (char **l = lines; *l; l++) {
		if (g_str_has_prefix(*l, "key "))
			key_ok = strcmp(*l + 4, j->key) == 0;
		else if (g_str_has_prefix(*l, "exit "))
			exit_status = atoi(*l + 5);
		else if (g_str_has_prefix(*l, "status "))
			g_strlcpy(status, *l + 7, sizeof status);
		else if (g_str_has_prefix(*l, "diag ")) {
			g_free(diags);
			diags = g_strcompress(*l + 5);
		} else if (g_str_has_prefix(*l, "out ")) {
			char **f = g_strsplit(*l + 4, " ", 3);
			if (g_strv_length(f) == 3 && strlen(f[1]) == 64) {
				gint64 size = g_ascii_strtoll(f[0], NULL, 10);
				char *full = g_build_filename(b->root, f[2], NULL);
				GStatBuf st;
				if (g_stat(full, &st) != 0 || st.st_size != size)
					outs_ok = false;
				g_ptr_array_add(outs, bout_new(f[2], f[1], size));
				g_free(full);
			} else {
				outs_ok = false;
			}
			g_strfreev(f);
		}
	}
	g_strfreev(lines);
	ok = key_ok && outs_ok && exit_status >= 0 && status[0];
	if (ok) {
		j->exit = exit_status;
		j->status = batch_status_name(exit_status);
		j->diags = diags;
		j->outputs = outs;
	} else {
		g_free(diags);
		g_ptr_array_unref(outs);
	}
done:
	g_free(text);
	g_free(path);
	return ok;
}

/* ---- one document ---- */

/* The diagnostics of DOC as text lines (no colour): the manifest's words.
 * Each names the document by its path in the tree, not as this machine
 * reached it, so the shards of one collection agree. */
static char *diags_text(struct declc_doc *doc, const char *input, const char *rel)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		return g_strdup("");
	diag_flush(doc->diags, f, DECLC_DIAG_TEXT, false, false);
	fclose(f);
	char **lines = g_strsplit(buf ? buf : "", "\n", -1);
	size_t n = strlen(input);
	GString *s = g_string_new(NULL);
	for (char **l = lines; *l; l++) {
		if (!**l)
			continue;
		if (s->len)
			g_string_append_c(s, '\n');
		if (strncmp(*l, input, n) == 0 && (*l)[n] == ':')
			g_string_append_printf(s, "%s%s", rel, *l + n);
		else
			g_string_append(s, *l);
	}
	g_strfreev(lines);
	free(buf);
	return g_string_free(s, FALSE);
}

/* The outputs DOC's compile left, in format order (per-page formats: every
 * page until the first missing one). */
static void collect_outputs(const struct batch *b, struct bjob *j)
{
	if (j->import) {
		char *rel = batch_tei_rel(j->rel), *full = g_build_filename(b->root, rel, NULL);
		char sha[65];
		gint64 size;
		if (sha_file(full, sha, &size))
			g_ptr_array_add(j->outputs, bout_new(rel, sha, size));
		g_free(rel);
		g_free(full);
	}
	for (const struct out_format *f = out_formats(); f->name; f++) {
		if (!(b->o->formats & f->bit))
			continue;
		for (int page = f->per_page ? 1 : 0; ; page++) {
			char *rel = out_path_for(j->rel, f, page);
			char *full = g_build_filename(b->root, rel, NULL);
			char sha[65];
			gint64 size;
			bool found = sha_file(full, sha, &size);

			if (found)
				g_ptr_array_add(j->outputs, bout_new(rel, sha, size));
			g_free(rel);
			g_free(full);
			if (!found || !f->per_page)
				break;
		}
	}
}

static void compile_job(struct batch *b, struct bjob *j, const struct fonts *fonts)
{
	char *data = NULL;
	gsize len = 0;
	GError *err = NULL;

	j->outputs = g_ptr_array_new_with_free_func((GDestroyNotify)bout_free);
	if (!g_file_get_contents(j->input, &data, &len, &err)) {
		j->exit = DECLC_EENV;
		j->status = "unreadable";
		j->diags = g_strdup_printf("%s: %s", j->input, err->message);
		g_error_free(err);
		return;
	}
	j->readable = true;
	sha_hex(data, len, j->sha);
	j->size = (gint64)len;
	g_free(data);
	if (j->collides_with) {
		j->exit = DECLC_EUSAGE;
		j->status = "collision";
		j->diags = g_strdup_printf(_("%s: its outputs would take the names of those of %s; "
					     "nothing written"), j->rel, j->collides_with);
		return;
	}
	char *both = g_strconcat(j->sha, b->run_key, NULL);
	sha_hex(both, strlen(both), j->key);
	g_free(both);
	if (!b->o->force) {
		g_ptr_array_unref(j->outputs);
		j->outputs = NULL;
		if (record_reuse(b, j)) {
			j->reused = true;
			return;
		}
		j->outputs = g_ptr_array_new_with_free_func((GDestroyNotify)bout_free);
	}

	char *stem = g_build_filename(b->root, j->rel, NULL);
	char *dir = g_path_get_dirname(stem);
	char *tei_rel = j->import ? batch_tei_rel(j->rel) : NULL;
	char *tei = tei_rel ? g_build_filename(b->root, tei_rel, NULL) : NULL;
	char *import_diags = NULL;
	int import_status = DECLC_OK;

	/* --import: the input becomes TEI first, written among the outputs; its
	 * diagnostics come first in the document's. */
	if (tei && g_mkdir_with_parents(dir, 0777) == 0) {
		struct declc_doc *idoc = doc_new(b->run, j->input);
		idoc->sync_later = true;
		import_status = import_doc(idoc, tei);
		import_diags = diags_text(idoc, j->input, j->rel);
		doc_free(idoc);
	}
	struct declc_doc *doc = doc_new(b->run, tei && import_status < DECLC_EDOC ? tei : j->input);
	const struct out_format *only = NULL;
	int n = 0;

	for (const struct out_format *f = out_formats(); f->name; f++)
		if (b->o->formats & f->bit)
			only = f, n++;
	/* One format: doc_compile takes the name as given; several: the stem. */
	char *target = n == 1 ? out_path_for(stem, only, 0) : g_strdup(stem);
	doc->fonts = fonts;
	doc->sync_later = true;   /* batch_run syncs once, before the manifest */
	if (g_mkdir_with_parents(dir, 0777) != 0) {
		doc_diag(doc, 0, 0, DIAG_E_WRITE, dir, g_strerror(errno));
		j->exit = diag_status(doc->diags);
	} else if (import_status >= DECLC_EDOC) {
		j->exit = import_status;
	} else {
		j->exit = doc_compile(doc, target, b->o->formats);
	}
	j->status = batch_status_name(j->exit);
	j->diags = tei ? diags_text(doc, tei, tei_rel) : diags_text(doc, j->input, j->rel);
	if (import_diags && *import_diags) {
		char *joined = *j->diags ? g_strconcat(import_diags, "\n", j->diags, NULL)
				       : g_strdup(import_diags);
		g_free(j->diags);
		j->diags = joined;
	}
	g_free(import_diags);
	g_free(tei);
	g_free(tei_rel);
	doc_free(doc);
	/* Outputs of a failed document are not its outputs, even if an older
	 * build left some. */
	if (j->exit == DECLC_OK || j->exit == DECLC_EDOC)
		collect_outputs(b, j);
	if (j->exit != DECLC_OK)
		g_ptr_array_set_size(j->outputs, 0);
	record_write(b, j);
	g_free(target);
	g_free(stem);
	g_free(dir);
}

/* ---- workers ---- */

static void worker(gpointer data, gpointer user)
{
	struct batch *b = user;
	struct diag_sink *diags = diag_sink_new();
	char *fdir = g_build_filename(b->run->data_dir, "fonts", NULL);
	/* Pango's font map is not thread-safe: each worker sets type with its
	 * own. The run's set-up has opened the typesetter. */
	const struct typeset_lib *ts = typeset_lib(NULL);
	struct fonts *fonts = ts ? ts->fonts_new(fdir, b->run->font_dir, diags, "declc") : NULL;

	(void)data;
	for (;;) {
		if (g_atomic_int_get(&b->stop))
			break;
		gint i = g_atomic_int_add(&b->next, 1);
		if (i >= (gint)b->todo->len)
			break;
		struct bjob *j = b->todo->pdata[i];
		if (fonts) {
			compile_job(b, j, fonts);
		} else {
			j->outputs = g_ptr_array_new_with_free_func((GDestroyNotify)bout_free);
			j->exit = DECLC_EENV;
			j->status = "error";
			j->diags = g_strdup(_("the fonts could not be loaded"));
		}
		j->done = true;
		g_mutex_lock(&b->lock);
		g_array_append_val(b->finished, i);
		b->n_done++;
		b->n_failed += j->exit != DECLC_OK;
		b->n_reused += j->reused;
		g_mutex_unlock(&b->lock);
	}
	if (fonts)
		ts->fonts_free(fonts);
	diag_sink_free(diags);
	g_free(fdir);
	g_atomic_int_dec_and_test(&b->workers_left);
}

/* ---- progress (main thread only) ---- */

struct progress {
	bool tty, quiet;
	gint64 start;            /* monotonic µs */
	int shown;               /* finished documents already reported */
	bool bar_drawn;
};

static void bar_clear(struct progress *p)
{
	if (p->bar_drawn)
		fputs("\r\033[K", stderr);
	p->bar_drawn = false;
}

static void progress_update(struct batch *b, struct progress *p)
{
	g_mutex_lock(&b->lock);
	GArray *fresh = g_array_new(FALSE, FALSE, sizeof(gint));
	for (guint i = (guint)p->shown; i < b->finished->len; i++)
		g_array_append_val(fresh, g_array_index(b->finished, gint, i));
	p->shown = (int)b->finished->len;
	int done = b->n_done, failed = b->n_failed, reused = b->n_reused;
	g_mutex_unlock(&b->lock);

	for (guint i = 0; i < fresh->len && !p->quiet; i++) {
		const struct bjob *j = b->todo->pdata[g_array_index(fresh, gint, i)];
		bar_clear(p);
		if (!p->tty)
			fprintf(stderr, "%s %s\n", j->reused ? "up-to-date" : j->status, j->rel);
		if (j->exit != DECLC_OK && j->diags && *j->diags)
			fprintf(stderr, "%s\n", j->diags);
	}
	g_array_unref(fresh);
	if (p->tty && !p->quiet) {
		int total = (int)b->todo->len, width = 30;
		double secs = (double)(g_get_monotonic_time() - p->start) / 1e6;
		int fill = total ? done * width / total : width;
		char eta[32] = "--:--";
		if (done > reused && done < total) {
			double left = secs / done * (total - done);
			g_snprintf(eta, sizeof eta, "%d:%02d", (int)left / 60, (int)left % 60);
		}
		fprintf(stderr, "\r\033[K[%.*s%*s] %d/%d  %d failed  ETA %s", fill,
			"##############################", width - fill, "", done, total, failed, eta);
		fflush(stderr);
		p->bar_drawn = true;
	}
}

/* Runs the workers and waits, taking SIGINT and SIGTERM as "stop starting
 * documents". The signals are blocked before the pool's threads start, so
 * they inherit the mask and only this thread ever takes them. */
static void run_workers(struct batch *b, int jobs)
{
	sigset_t set, old;
	struct progress p = { .tty = isatty(2), .quiet = b->o->quiet,
			      .start = g_get_monotonic_time() };
	GError *err = NULL;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, &old);
	if (jobs > (int)b->todo->len)
		jobs = b->todo->len ? (int)b->todo->len : 1;
	b->workers_left = jobs;
	GThreadPool *pool = g_thread_pool_new(worker, b, jobs, TRUE, &err);
	for (int i = 0; i < jobs; i++)
		g_thread_pool_push(pool, GINT_TO_POINTER(i + 1), NULL);
	while (g_atomic_int_get(&b->workers_left) > 0) {
		struct timespec tick = { 0, BATCH_TICK_MS * 1000000L };
		int sig = sigtimedwait(&set, NULL, &tick);
		if (sig == SIGINT || sig == SIGTERM) {
			if (!g_atomic_int_get(&b->stop)) {
				bar_clear(&p);
				fprintf(stderr, _("declc batch: interrupted; finishing the documents in "
						  "progress\n"));
			}
			g_atomic_int_set(&b->stop, 1);
		}
		progress_update(b, &p);
	}
	g_thread_pool_free(pool, FALSE, TRUE);
	progress_update(b, &p);
	bar_clear(&p);
	/* A signal that came after the last look would kill the process as soon
	 * as it is unblocked, before the manifest is written: take it now. */
	struct timespec none = { 0, 0 };
	while (sigtimedwait(&set, NULL, &none) > 0)
		g_atomic_int_set(&b->stop, 1);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
}

/* ---- the run ---- */

static int jobs_default(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? (int)n : 1;
}

int batch_run(struct declc_run *run, const struct batch_opts *o, char **inputs)
{
	struct batch b = { .run = run, .o = o };
	GStatBuf out_st;
	int status = DECLC_OK;
	char *style_sha = NULL, *fonts_sha = NULL;

	if (g_mkdir_with_parents(o->outdir, 0777) != 0 || g_stat(o->outdir, &out_st) != 0) {
		fprintf(stderr, _("declc batch: cannot make %s: %s\n"), o->outdir, g_strerror(errno));
		return DECLC_EENV;
	}
	b.root = o->bag ? g_build_filename(o->outdir, "data", NULL) : g_strdup(o->outdir);
	b.state_dir = g_build_filename(o->outdir, BATCH_STATE_DIR, NULL);
	g_mkdir_with_parents(b.root, 0777);
	g_mkdir_with_parents(b.state_dir, 0777);
	g_mutex_init(&b.lock);
	b.finished = g_array_new(FALSE, FALSE, sizeof(gint));

	b.jobs = g_ptr_array_new_with_free_func((GDestroyNotify)bjob_free);
	for (char **a = inputs; *a; a++) {
		if (strcmp(*a, "-") == 0) {
			char line[BATCH_MAX_LIST_LINE];
			while (fgets(line, sizeof line, stdin)) {
				g_strchomp(line);
				if (line[0])
					add_arg(b.jobs, line, &out_st, o->import);
			}
		} else {
			add_arg(b.jobs, *a, &out_st, o->import);
		}
	}
	for (guint i = 0; i < b.jobs->len; i++) {
		struct bjob *j = b.jobs->pdata[i];
		j->import = o->import && !is_xml_name(j->rel);
	}
	g_ptr_array_sort(b.jobs, job_cmp);
	find_collisions(b.jobs, o->formats);
	b.todo = g_ptr_array_new();
	for (guint i = 0; i < b.jobs->len; i++)
		if (!o->shard_n || in_shard(b.jobs->pdata[i], o->shard_k, o->shard_n))
			g_ptr_array_add(b.todo, b.jobs->pdata[i]);

	char *options = batch_options_json(run, o->formats, o->bag, o->import);
	b.run_key = make_run_key(run, options, &style_sha, &fonts_sha);
	run_workers(&b, o->jobs > 0 ? o->jobs : jobs_default());

	/* A run killed mid-write left temporary files beside outputs this run
	 * has now written whole: they go. */
	batch_sweep_strays(o->outdir, 0);
	/* The outputs and records were renamed into place unsynced: make them
	 * durable before the manifest that lists them. */
	int dfd = open(o->outdir, O_RDONLY | O_DIRECTORY);
	if (dfd >= 0) {
		syncfs(dfd);
		close(dfd);
	}

	struct batch_manifest m = {
		.options = options, .style_sha = style_sha, .fonts_sha = fonts_sha,
		.shard_k = o->shard_k, .shard_n = o->shard_n, .bag = o->bag, .jobs = b.todo,
	};
	if (batch_manifest_write(o->outdir, &m) != 0)
		status = DECLC_EENV;
	if (o->bag && batch_bag_write(o->outdir, b.root, b.todo) != 0)
		status = DECLC_EENV;

	int ok = 0, failed = 0, pending = 0;
	for (guint i = 0; i < b.todo->len; i++) {
		const struct bjob *j = b.todo->pdata[i];
		if (!j->done)
			pending++;
		else if (j->exit == DECLC_OK)
			ok++;
		else
			failed++;
	}
	if (!o->quiet || failed || pending) {
		fprintf(stderr, _("declc batch: %d documents: %d ok, %d failed (%d built, %d up to date)"),
			(int)b.todo->len, ok, failed, ok + failed - b.n_reused, b.n_reused);
		if (pending)
			fprintf(stderr, _(", %d not started (interrupted)"), pending);
		fputc('\n', stderr);
		for (guint i = 0; i < b.todo->len && failed; i++) {
			const struct bjob *j = b.todo->pdata[i];
			if (j->done && j->exit != DECLC_OK)
				fprintf(stderr, "  %s: %s\n", j->status, j->input);
		}
	}
	if (status == DECLC_OK && (failed || pending))
		status = DECLC_EDOC;
	g_free(options);
	g_free(style_sha);
	g_free(fonts_sha);
	g_free(b.run_key);
	g_ptr_array_unref(b.todo);
	g_ptr_array_unref(b.jobs);
	g_array_unref(b.finished);
	g_mutex_clear(&b.lock);
	g_free(b.root);
	g_free(b.state_dir);
	return status;
}
