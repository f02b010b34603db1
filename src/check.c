/*
 * check.c — `declc check FILE|DIR…`: validation and the Spanish typography
 * lint over many documents, for CI and editors; writes no file.
 *
 * Consumes: the paths on the command line and a run set up by the caller.
 * Produces: diagnostics through one diag_report (diag.c) and an exit status.
 * Documents are checked on one thread per processor, and reported in the
 * order of the paths whatever order they finish in.
 *
 * The paths are expanded first — a folder into its *.xml files, searched
 * recursively, sorted by byte order so that every machine reports in the same
 * order — and only then checked, so that a folder with nothing to check is a
 * usage error before any output. Every document goes through declc_check
 * with the same run (schemas compiled once). The report shows what reaches
 * the threshold (-W, mandoc's habit): style shows everything, warning (the
 * default) warnings and errors, error only errors; whatever is shown counts
 * toward the exit status, so a warning fails CI unless -W error says it may
 * not. Where each format goes: text, read by people, on stderr like a
 * compiler's, with a summary line when there are several files; JSON lines,
 * SARIF and GitHub annotations, read by tools, on stdout, which holds nothing
 * else. SARIF is one log for the whole run, written at the end.
 */
#include <string.h>
#include <glib.h>
#include "check.h"
#include "context.h"
#include "diag.h"
#include "i18n.h"

/* Folders nested deeper than this under an argument are not searched: a
 * bound on runaway trees (symbolic links to folders are never followed
 * inside a search, so they cannot loop). */
#define CHECK_MAX_DEPTH 64
/* Documents checked at once: one per processor, up to this. */
#define CHECK_MAX_JOBS 64

int check_level(const char *name)
{
	static const char *const names[] = {
		[DIAG_STYLE] = "style", [DIAG_WARNING] = "warning", [DIAG_ERROR] = "error"
	};

	for (int i = 0; name && i < (int)G_N_ELEMENTS(names); i++)
		if (strcmp(name, names[i]) == 0)
			return i;
	return -1;
}

static int by_name(gconstpointer a, gconstpointer b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static bool is_xml_name(const char *name)
{
	size_t n = strlen(name);
	return n > 4 && g_ascii_strcasecmp(name + n - 4, ".xml") == 0;
}

/* Appends to FILES (sorted) every *.xml file under DIR, skipping hidden
 * entries. A folder that cannot be read is reported on PROBLEMS. */
static void search(const char *dir, GPtrArray *files, struct diag_sink *problems)
{
	GPtrArray *found = g_ptr_array_new();
	GQueue todo = G_QUEUE_INIT;   /* char * folder; its depth in DEPTHS */
	GQueue depths = G_QUEUE_INIT;

	g_queue_push_tail(&todo, g_strdup(dir));
	g_queue_push_tail(&depths, GINT_TO_POINTER(0));
	while (!g_queue_is_empty(&todo)) {
		char *path = g_queue_pop_head(&todo);
		int depth = GPOINTER_TO_INT(g_queue_pop_head(&depths));
		GError *err = NULL;
		GDir *d = g_dir_open(path, 0, &err);
		const char *name;

		if (!d) {
			diag_emit(problems, path, 0, 0, DIAG_E_READ, err->message);
			g_error_free(err);
			g_free(path);
			continue;
		}
		while ((name = g_dir_read_name(d))) {
			if (name[0] == '.')
				continue;
			char *child = g_build_filename(path, name, NULL);
			if (g_file_test(child, G_FILE_TEST_IS_DIR)) {
				if (!g_file_test(child, G_FILE_TEST_IS_SYMLINK) &&
				    depth + 1 < CHECK_MAX_DEPTH) {
					g_queue_push_tail(&todo, child);
					g_queue_push_tail(&depths, GINT_TO_POINTER(depth + 1));
					continue;
				}
			} else if (is_xml_name(name)) {
				g_ptr_array_add(found, child);
				continue;
			}
			g_free(child);
		}
		g_dir_close(d);
		g_free(path);
	}
	g_ptr_array_sort(found, by_name);
	for (guint i = 0; i < found->len; i++)
		g_ptr_array_add(files, found->pdata[i]);
	g_ptr_array_free(found, TRUE);
}

/* "12 files, 2 with errors, 5 warnings" on stderr: what a person reading a
 * long text report wants last. */
static void summary(struct diag_report *rep, int files, int with_errors, int level)
{
	GString *s = g_string_new(NULL);

	g_string_append_printf(s, g_dngettext(GETTEXT_PACKAGE, "%d file", "%d files", files), files);
	g_string_append(s, ", ");
	g_string_append_printf(s, g_dngettext(GETTEXT_PACKAGE, "%d with errors", "%d with errors",
					      with_errors), with_errors);
	if (level <= DIAG_WARNING) {
		int n = diag_report_count(rep, DIAG_WARNING);
		g_string_append(s, ", ");
		g_string_append_printf(s, g_dngettext(GETTEXT_PACKAGE, "%d warning", "%d warnings", n), n);
	}
	if (level <= DIAG_STYLE) {
		int n = diag_report_count(rep, DIAG_STYLE);
		g_string_append(s, ", ");
		g_string_append_printf(s, g_dngettext(GETTEXT_PACKAGE, "%d style suggestion",
						      "%d style suggestions", n), n);
	}
	fprintf(stderr, "%s\n", s->str);
	g_string_free(s, TRUE);
}

/* The documents to check and what became of each; shared by the workers. */
struct check_job {
	struct declc_run *run;
	struct diag_report *rep;
	GPtrArray *files;            /* char * paths, in report order */
	int *status;                 /* per document: its exit status */
	int *errors;                 /* per document: errors shown */
	int next;                    /* the next index to take (atomic) */
};

/* Takes documents in order until none is left. Documents are independent
 * and the run is read-only, so several workers share it (DESIGN §5: batch
 * does the same); the report writes their output in document order. */
static gpointer worker(gpointer data)
{
	struct check_job *job = data;
	int i;

	while ((i = g_atomic_int_add(&job->next, 1)) < (int)job->files->len) {
		int shown[DIAG_ERROR + 1] = { 0 };
		diag_report_begin(job->rep, (guint)i);
		int rc = declc_check(job->run, job->files->pdata[i]);
		diag_report_end(job->rep, (guint)i, shown);
		/* A warning that is shown is one to fix (mandoc: the exit status
		 * is the worst level reported). */
		if (rc == DECLC_OK && shown[DIAG_STYLE] + shown[DIAG_WARNING] + shown[DIAG_ERROR] > 0)
			rc = DECLC_EDOC;
		job->status[i] = rc;
		job->errors[i] = shown[DIAG_ERROR];
	}
	return NULL;
}

int check_paths(struct declc_run *run, char *const *paths, int level, int jobs)
{
	GPtrArray *files = g_ptr_array_new_with_free_func(g_free);
	struct diag_sink *problems = diag_sink_new();
	struct diag_report *rep;
	int status = DECLC_OK, with_errors = 0;

	if (level < DIAG_STYLE || level > DIAG_ERROR)
		level = DIAG_WARNING;
	if (run->quiet)
		level = DIAG_ERROR;
	for (char *const *p = paths; *p; p++) {
		guint before = files->len;
		if (strcmp(*p, "-") == 0 || !g_file_test(*p, G_FILE_TEST_IS_DIR)) {
			/* A file, stdin, or nothing: declc_check says which. */
			g_ptr_array_add(files, g_strdup(*p));
			continue;
		}
		search(*p, files, problems);
		if (files->len == before && !diag_status(problems)) {
			fprintf(stderr, _("declc: no .xml file in the folder '%s'\n"), *p);
			status = DECLC_EUSAGE;
		}
	}
	if (status != DECLC_OK)
		goto done;

	rep = diag_report_new(run->diag_format == DECLC_DIAG_TEXT ? stderr : stdout,
			      run->diag_format, (enum diag_level)level, run->color);
	status = diag_status(problems);
	diag_report_add(rep, problems);

	struct check_job job = {
		run, rep, files, g_new0(int, files->len), g_new0(int, files->len), 0
	};
	if (jobs <= 0)
		jobs = (int)g_get_num_processors();
	jobs = MIN(jobs, MIN((int)files->len, CHECK_MAX_JOBS));
	run->report = rep;
	if (jobs <= 1) {
		worker(&job);
	} else {
		GThread **threads = g_new(GThread *, jobs);
		for (int t = 0; t < jobs; t++)
			threads[t] = g_thread_new("check", worker, &job);
		for (int t = 0; t < jobs; t++)
			g_thread_join(threads[t]);
		g_free(threads);
	}
	run->report = NULL;
	for (guint i = 0; i < files->len; i++) {
		with_errors += job.errors[i] > 0;
		status = MAX(status, job.status[i]);
	}
	if (run->diag_format == DECLC_DIAG_TEXT && files->len > 1 && !run->quiet)
		summary(rep, (int)files->len, with_errors, level);
	diag_report_finish(rep);
	g_free(job.status);
	g_free(job.errors);
done:
	diag_sink_free(problems);
	g_ptr_array_unref(files);
	return status;
}
