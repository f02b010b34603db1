/*
 * output.c — format table, atomic writes.
 *
 * Consumes: finished bytes from a device. Produces: files, each written whole
 * or not at all: a temporary file in the same folder, synced and renamed
 * over the target. An interrupted run (SIGINT, SIGTERM, SIGHUP) takes its
 * temporary file with it (out_guard_signals).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include "output.h"

static const struct out_format formats[] = {
	{ "pdf", "pdf", DECLC_FMT_PDF, OUT_DEVICE, DEV_PDF, NULL, false },
	/* Next to a plain PDF of the same stem the archival copy is x.pdfa.pdf. */
	{ "pdfa", "pdfa.pdf", DECLC_FMT_PDFA, OUT_DEVICE, DEV_PDF, NULL, false },
	{ "ps", "ps", DECLC_FMT_PS, OUT_DEVICE, DEV_PS, NULL, false },
	{ "png", "png", DECLC_FMT_PNG, OUT_DEVICE, DEV_PNG, NULL, true },
	{ "svg", "svg", DECLC_FMT_SVG, OUT_DEVICE, DEV_SVG, NULL, true },
	{ "trace", "trace", DECLC_FMT_TRACE, OUT_DEVICE, DEV_TRACE, NULL, false },
	{ "html", "html", DECLC_FMT_HTML, OUT_XSLT, 0, "stylesheets/html.xsl", false },
	{ "txt", "txt", DECLC_FMT_TXT, OUT_XSLT, 0, "stylesheets/text.xsl", false },
	/* The canonical TEI (C14N 1.0, comments kept): the archival master. */
	{ "xml", "tei.xml", DECLC_FMT_XML, OUT_C14N, 0, NULL, false },
	{ NULL, NULL, 0, 0, 0, NULL, false }
};

const struct out_format *out_formats(void) { return formats; }

const struct out_format *out_format_by_name(const char *name)
{
	for (const struct out_format *f = formats; f->name; f++)
		if (g_ascii_strcasecmp(f->name, name) == 0)
			return f;
	return NULL;
}

const struct out_format *out_format_by_ext(const char *path)
{
	const char *dot = strrchr(path, '.');
	const char *slash = strrchr(path, '/');
	if (!dot || (slash && dot < slash))
		return NULL;
	for (const struct out_format *f = formats; f->name; f++)
		if (g_ascii_strcasecmp(f->ext, dot + 1) == 0)
			return f;
	return NULL;
}

const struct out_format *out_format_by_bit(unsigned bit)
{
	for (const struct out_format *f = formats; f->name; f++)
		if (f->bit == bit)
			return f;
	return NULL;
}

char *out_path_for(const char *output, const struct out_format *fmt, int page)
{
	const char *dot = strrchr(output, '.');
	const char *slash = strrchr(output, '/');
	size_t stem = dot && (!slash || dot > slash) ? (size_t)(dot - output) : strlen(output);

	if (page > 0)
		return g_strdup_printf("%.*s-%d.%s", (int)stem, output, page, fmt->ext);
	return g_strdup_printf("%.*s.%s", (int)stem, output, fmt->ext);
}

/* The same file, even through another name or a link. */
static bool same_file(const char *a, const char *b)
{
	GStatBuf sa, sb;
	return g_stat(a, &sa) == 0 && g_stat(b, &sb) == 0 &&
	       sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/* The whole file under the temporary name TMP (a template ending in XXXXXX,
 * filled in place), synced when SYNC, then renamed to PATH; on a failure the
 * temporary file is removed and errno tells why. A killed process leaves no
 * partial file under PATH. *ARMED, when given, is set once TMP names the file
 * made here (and only then: a name mkstemp merely tried may be another's). */
static bool write_renamed(const char *path, char *tmp, const void *data, size_t len, bool sync,
			  volatile sig_atomic_t *armed)
{
	int fd = g_mkstemp_full(tmp, O_WRONLY, 0666);
	bool ok = fd >= 0;
	const char *p = data;

	if (ok && armed)
		*armed = 1;

	for (size_t left = len; ok && left > 0;) {
		ssize_t n = write(fd, p, left);
		if (n < 0 && errno == EINTR)
			continue;
		ok = n > 0;
		p += ok ? n : 0;
		left -= ok ? (size_t)n : 0;
	}
	ok = ok && (!sync || fsync(fd) == 0);
	if (fd >= 0)
		ok = close(fd) == 0 && ok;
	ok = ok && g_rename(tmp, path) == 0;
	if (!ok && fd >= 0) {
		int e = errno;

		g_unlink(tmp);
		errno = e;
	}
	return ok;
}

/* The temporary file a run writes one file at a time through, named here
 * so that the signal handler can remove it: armed once the file exists,
 * cleared once it is renamed (an unlink of a name already gone is
 * harmless). Only one document writes at a time where the handler is
 * installed; declc batch, which writes from several threads, takes its
 * signals on a thread of its own instead (and sweeps what a kill leaves),
 * and its files are synced once at the end (doc->sync_later). */
static char inflight[PATH_MAX + 8];
static volatile sig_atomic_t inflight_set;

static void on_fatal_signal(int sig)
{
	int saved = errno;

	if (inflight_set)
		unlink(inflight);
	signal(sig, SIG_DFL);
	errno = saved;
	raise(sig);
}

void out_guard_signals(void)
{
	struct sigaction sa = { .sa_handler = on_fatal_signal };

	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

static bool write_atomically(struct declc_doc *doc, const char *path, const void *data,
			     size_t len, GError **err)
{
	bool ok;

	if (strlen(path) + 8 > sizeof inflight) {
		errno = ENAMETOOLONG;
		ok = false;
	} else if (doc->sync_later) {
		char *tmp = g_strconcat(path, ".XXXXXX", NULL);

		ok = write_renamed(path, tmp, data, len, false, NULL);
		g_free(tmp);
	} else {
		/* Synced when it replaces a file, as GLib's "consistent" writes
		 * are: a crash then leaves the old file or the new one, never an
		 * empty one in its place. */
		GStatBuf st;
		bool replaces = g_stat(path, &st) == 0 && st.st_size > 0;

		g_snprintf(inflight, sizeof inflight, "%s.XXXXXX", path);
		ok = write_renamed(path, inflight, data, len, replaces, &inflight_set);
		inflight_set = 0;
	}
	if (!ok)
		g_set_error_literal(err, G_FILE_ERROR, g_file_error_from_errno(errno),
				    g_strerror(errno));
	return ok;
}

int out_write(struct declc_doc *doc, const char *path, const void *data, size_t len)
{
	GError *err = NULL;

	if (strcmp(path, "-") == 0) {
		if (fwrite(data, 1, len, stdout) != len || fflush(stdout) != 0) {
			doc_diag(doc, 0, 0, DIAG_E_WRITE, "<stdout>", g_strerror(errno));
			return -1;
		}
		return 0;
	}
	if (strcmp(doc->path, "<stdin>") != 0 && same_file(path, doc->path)) {
		doc_diag(doc, 0, 0, DIAG_E_OUT_IS_IN, path);
		return -1;
	}
	if (!write_atomically(doc, path, data, len, &err)) {
		doc_diag(doc, 0, 0, DIAG_E_WRITE, path, err->message);
		g_error_free(err);
		return -1;
	}
	return 0;
}
