/*
 * init.c — `declc init [FILE]`: a commented starting declaration.
 *
 * Consumes: templates/init.xml in the data folder, a declaration that is
 * valid as it stands (title block, body, closer with two signatories) and
 * whose comments explain each part. Produces: the same text on stdout or in
 * a new FILE, with its two <?xml-model?> hrefs turned into absolute file:
 * URIs of the data folder's schemas.
 *
 * Why absolute: an editor resolves a relative href against the document.
 * The template's "../schemas/" is right only where the template itself lies;
 * a new declaration may be anywhere, and an absolute URI of the schemas this
 * very declc uses is what lets an editor that reads <?xml-model?> complete
 * and validate it as you type, wherever it is saved. If the installation
 * moves later, only that help is lost: declc ignores these lines and always
 * checks against its own schemas.
 *
 * The file is written to a temporary name beside FILE and linked into place,
 * which fails when FILE exists: never a partial file, never an overwrite,
 * not even when two editors race for the same name.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib.h>
#include <glib/gstdio.h>
#include "declc.h"
#include "context.h"
#include "i18n.h"

#define TEMPLATE "templates/init.xml"
#define RELATIVE_HREF "href=\"../schemas/"

/* TEXT with the schema hrefs of its <?xml-model?> instructions pointing at
 * DATA_DIR/schemas/ (owned by the caller). Other text is left alone. */
static char *point_at_schemas(const char *text, const char *data_dir)
{
	char *dir = g_build_filename(data_dir, "schemas", NULL);
	char *uri = g_filename_to_uri(dir, NULL, NULL);
	char *href = uri ? g_markup_escape_text(uri, -1) : NULL;
	GString *out = g_string_new(NULL);
	const char *p = text, *pi, *end;

	while (href && (pi = strstr(p, "<?xml-model")) && (end = strstr(pi, "?>"))) {
		const char *q = pi, *h;
		g_string_append_len(out, p, pi - p);
		while ((h = g_strstr_len(q, end - q, RELATIVE_HREF))) {
			g_string_append_len(out, q, h - q);
			g_string_append_printf(out, "href=\"%s/", href);
			q = h + strlen(RELATIVE_HREF);
		}
		g_string_append_len(out, q, end - q);
		p = end;
	}
	g_string_append(out, p);
	g_free(href);
	g_free(uri);
	g_free(dir);
	return g_string_free(out, FALSE);
}

/* Writes TEXT to a new file PATH. Returns 0, or -1 after reporting. */
static int write_new(struct diag_sink *diags, const char *path, const char *text)
{
	char *dir = g_path_get_dirname(path);
	char *tmp = g_build_filename(dir, ".declc-init-XXXXXX", NULL);
	size_t len = strlen(text);
	mode_t mask;
	int fd, rc = -1, err;

	if (g_file_test(path, G_FILE_TEST_EXISTS)) {
		diag_emit(diags, path, 0, 0, DIAG_E_INIT_EXISTS, path);
		goto out;
	}
	fd = g_mkstemp(tmp);
	if (fd < 0) {
		diag_emit(diags, path, 0, 0, DIAG_E_WRITE, path, g_strerror(errno));
		goto out;
	}
	/* mkstemp makes the file private; a document is as readable as any
	 * file the user creates. */
	mask = umask(0);
	umask(mask);
	if (fchmod(fd, 0666 & ~mask) != 0 || write(fd, text, len) != (ssize_t)len ||
	    fsync(fd) != 0) {
		err = errno;
		close(fd);
		diag_emit(diags, path, 0, 0, DIAG_E_WRITE, path, g_strerror(err));
		goto unlink;
	}
	if (close(fd) != 0) {
		diag_emit(diags, path, 0, 0, DIAG_E_WRITE, path, g_strerror(errno));
		goto unlink;
	}
	if (link(tmp, path) == 0) {
		rc = 0;
	} else if (errno == EEXIST) {
		diag_emit(diags, path, 0, 0, DIAG_E_INIT_EXISTS, path);
	} else if (errno == EPERM || errno == ENOTSUP || errno == EOPNOTSUPP || errno == EXDEV) {
		/* A file system without hard links: check, then rename. The
		 * check and the rename are two steps, the best it allows. */
		if (g_file_test(path, G_FILE_TEST_EXISTS)) {
			diag_emit(diags, path, 0, 0, DIAG_E_INIT_EXISTS, path);
		} else if (g_rename(tmp, path) == 0) {
			rc = 0;
			goto out;
		} else {
			diag_emit(diags, path, 0, 0, DIAG_E_WRITE, path, g_strerror(errno));
		}
	} else {
		diag_emit(diags, path, 0, 0, DIAG_E_WRITE, path, g_strerror(errno));
	}
unlink:
	g_unlink(tmp);
out:
	g_free(tmp);
	g_free(dir);
	return rc;
}

int declc_init(const struct declc_run *run, const char *output)
{
	struct diag_sink *diags = diag_sink_new();
	char *template = g_build_filename(run->data_dir, TEMPLATE, NULL);
	char *text = NULL, *doc = NULL;
	bool to_stdout = !output || strcmp(output, "-") == 0;
	GError *err = NULL;
	int status;

	if (!g_file_get_contents(template, &text, NULL, &err)) {
		diag_emit(diags, template, 0, 0, DIAG_E_TEMPLATE, template, err->message);
		g_error_free(err);
		goto done;
	}
	doc = point_at_schemas(text, run->data_dir);
	if (to_stdout) {
		if (fputs(doc, stdout) < 0 || fflush(stdout) != 0)
			diag_emit(diags, "declc", 0, 0, DIAG_E_WRITE, "<stdout>", g_strerror(errno));
	} else if (write_new(diags, output, doc) == 0 && !run->quiet &&
		   run->diag_format == DECLC_DIAG_TEXT) {
		/* A name the shell would split or expand is quoted. */
		char *arg = strpbrk(output, " \t\n'\"\\$`!*?[]{}()<>|&;#~")
			? g_shell_quote(output) : g_strdup(output);
		/* TRANSLATORS: the first %s is the new file, the second the
		 * same name in the command that compiles it. */
		fprintf(run->diag_out, _("declc: wrote %s; compile it with: declc %s\n"), output, arg);
		g_free(arg);
	}
done:
	status = diag_status(diags);
	diag_flush(diags, run->diag_out, run->diag_format, run->color, run->quiet);
	diag_sink_free(diags);
	g_free(doc);
	g_free(text);
	g_free(template);
	return status;
}
