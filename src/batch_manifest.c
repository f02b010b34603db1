/*
 * batch_manifest.c — the files declc batch writes about a run: manifest.json,
 * manifest.csv, the BagIt tag files, and the merge of shards' manifests.
 *
 * Consumes the finished jobs of batch.c (struct bjob). Produces files written
 * atomically (a temporary file renamed into place). Determinism is the point:
 * nothing from the clock, the machine or -j goes in, and documents are in
 * byte order of their path, so two runs on the same inputs — or the merge of
 * the shards of one — give the same bytes.
 *
 * manifest.json keeps every document on one line of its own, so the merge can
 * take documents out of the parts' manifests without a JSON library; CSV is
 * RFC 4180 (quoted fields, CRLF), one row per output.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <glib.h>
#include <glib/gstdio.h>
#include "batch.h"
#include "batch_manifest.h"
#include "i18n.h"
#include "output.h"

#define MANIFEST_FORMAT "declc-batch/1"
#define DOC_LINE_PREFIX "    {\"path\":"
#define CSV_HEADER "path,sha256,size,status,exit,diagnostics,output,output_sha256,output_size\r\n"

/* One document as the manifests show it. */
struct mentry {
	char *key;     /* its path: the sort key */
	char *json;    /* one line, no indent, no comma */
	char *csv;     /* its rows, each ending in CRLF */
	char *status;
};

static void mentry_free(struct mentry *e)
{
	g_free(e->key);
	g_free(e->json);
	g_free(e->csv);
	g_free(e->status);
	g_free(e);
}

static gint mentry_cmp(gconstpointer a, gconstpointer b)
{
	return strcmp((*(struct mentry *const *)a)->key, (*(struct mentry *const *)b)->key);
}

gint batch_strcmp_p(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

const char *batch_status_name(int exit_status)
{
	static const char *const names[] = {
		[DECLC_OK] = "ok", [DECLC_EDOC] = "invalid", [DECLC_EUSAGE] = "collision",
		[DECLC_EENV] = "error", [DECLC_EINTERNAL] = "internal",
	};
	return exit_status >= 0 && exit_status < (int)G_N_ELEMENTS(names) ? names[exit_status]
									  : "internal";
}

/* ---- JSON and CSV text ---- */

/* S as a JSON string: quotes, backslashes and control characters escaped;
 * a name that is not UTF-8 is shown as GLib displays file names. */
static void json_str(GString *out, const char *s)
{
	char *valid = NULL;

	if (!s) {
		g_string_append(out, "null");
		return;
	}
	if (!g_utf8_validate(s, -1, NULL))
		s = valid = g_filename_display_name(s);
	g_string_append_c(out, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"': g_string_append(out, "\\\""); break;
		case '\\': g_string_append(out, "\\\\"); break;
		case '\n': g_string_append(out, "\\n"); break;
		case '\r': g_string_append(out, "\\r"); break;
		case '\t': g_string_append(out, "\\t"); break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				g_string_append_printf(out, "\\u%04x", *p);
			else
				g_string_append_c(out, (char)*p);
		}
	}
	g_string_append_c(out, '"');
	g_free(valid);
}

/* The JSON string starting at P (at its opening quote) decoded; *END set
 * past its closing quote. Only what json_str writes needs reading back. */
static char *json_unstr(const char *p, const char **end)
{
	GString *s = g_string_new(NULL);

	if (*p == '"')
		p++;
	for (; *p && *p != '"'; p++) {
		if (*p != '\\') {
			g_string_append_c(s, *p);
			continue;
		}
		switch (*++p) {
		case 'n': g_string_append_c(s, '\n'); break;
		case 'r': g_string_append_c(s, '\r'); break;
		case 't': g_string_append_c(s, '\t'); break;
		case 'u': {
			char hex[5] = { 0 };
			for (int i = 0; i < 4 && p[1]; i++)
				hex[i] = *++p;
			g_string_append_unichar(s, (gunichar)strtoul(hex, NULL, 16));
			break;
		}
		case '\0': p--; break;
		default: g_string_append_c(s, *p);
		}
	}
	if (end)
		*end = *p ? p + 1 : p;
	return g_string_free(s, FALSE);
}

/* One RFC 4180 field: quoted when it holds a comma, a quote or a line end. */
static void csv_field(GString *out, const char *s)
{
	if (!s)
		return;
	if (!strpbrk(s, ",\"\r\n")) {
		g_string_append(out, s);
		return;
	}
	g_string_append_c(out, '"');
	for (; *s; s++) {
		if (*s == '"')
			g_string_append_c(out, '"');
		g_string_append_c(out, *s);
	}
	g_string_append_c(out, '"');
}

/* ---- the run's description ---- */

char *batch_tei_rel(const char *rel)
{
	const char *dot = strrchr(rel, '.'), *slash = strrchr(rel, '/');
	size_t stem = dot && (!slash || dot > slash) ? (size_t)(dot - rel) : strlen(rel);
	return g_strdup_printf("%.*s.xml", (int)stem, rel);
}

char *batch_options_json(const struct declc_run *run, unsigned formats, bool bag, bool import)
{
	GString *s = g_string_new("{\"formats\":[");
	bool first = true;

	for (const struct out_format *f = out_formats(); f->name; f++)
		if (formats & f->bit) {
			g_string_append_printf(s, "%s\"%s\"", first ? "" : ",", f->name);
			first = false;
		}
	g_string_append(s, "],\"params\":[");
	for (char **p = run->params; p && *p; p++) {
		if (p != run->params)
			g_string_append_c(s, ',');
		json_str(s, *p);
	}
	g_string_append_printf(s, "],\"pdfa\":\"%db\",\"hyphenate\":%s,\"dpi\":%g,"
			       "\"house_style\":%s,\"font_dir\":%s,\"bag\":%s,\"import\":%s}",
			       run->pdfa_level, run->no_hyphenate ? "false" : "true", run->dpi,
			       run->style ? "true" : "false", run->font_dir ? "true" : "false",
			       bag ? "true" : "false", import ? "true" : "false");
	return g_string_free(s, FALSE);
}

/* "  \"run\": {…}," — the same for every shard of a collection. */
static char *run_line(const struct batch_manifest *m)
{
	GString *s = g_string_new("  \"run\": {\"declc\":\"" DECLC_VERSION "\",\"options\":");
	char *versions = declc_versions();
	char **lines = g_strsplit(versions, "\n", -1);

	g_string_append(s, m->options);
	g_string_append(s, ",\"style_sha256\":");
	json_str(s, m->style_sha);
	g_string_append(s, ",\"fonts_sha256\":");
	json_str(s, m->fonts_sha);
	g_string_append(s, ",\"libraries\":{");
	bool first = true;
	for (char **l = lines; *l; l++) {
		char *sp = strchr(*l, ' ');
		if (!sp || g_str_has_prefix(*l, "declc "))
			continue;
		*sp = '\0';
		if (!first)
			g_string_append_c(s, ',');
		json_str(s, *l);
		g_string_append_c(s, ':');
		json_str(s, sp + 1);
		first = false;
	}
	g_string_append(s, "}},");
	g_strfreev(lines);
	g_free(versions);
	return g_string_free(s, FALSE);
}

static struct mentry *entry_of(const struct bjob *j, const char *prefix)
{
	struct mentry *e = g_new0(struct mentry, 1);
	GString *js = g_string_new("{\"path\":"), *csv = g_string_new(NULL);
	char **diags = j->diags && *j->diags ? g_strsplit(j->diags, "\n", -1) : g_new0(char *, 1);
	const char *status = j->done ? j->status : "pending";
	bool known = j->done && j->readable;
	char size[32] = "", exit_s[16] = "";

	if (known)
		g_snprintf(size, sizeof size, "%" G_GINT64_FORMAT, j->size);
	if (j->done)
		g_snprintf(exit_s, sizeof exit_s, "%d", j->exit);
	json_str(js, j->rel);
	g_string_append(js, ",\"sha256\":");
	json_str(js, known ? j->sha : NULL);
	g_string_append_printf(js, ",\"size\":%s,\"status\":", known ? size : "null");
	json_str(js, status);
	g_string_append_printf(js, ",\"exit\":%s,\"diagnostics\":[", j->done ? exit_s : "null");
	for (char **d = diags; *d; d++) {
		if (d != diags)
			g_string_append_c(js, ',');
		json_str(js, *d);
	}
	g_string_append(js, "],\"outputs\":[");
	guint n = j->outputs ? j->outputs->len : 0;
	for (guint i = 0; i < n; i++) {
		const struct bout *o = j->outputs->pdata[i];
		char *path = g_strconcat(prefix, o->rel, NULL);
		g_string_append_printf(js, "%s{\"path\":", i ? "," : "");
		json_str(js, path);
		g_string_append_printf(js, ",\"sha256\":\"%s\",\"size\":%" G_GINT64_FORMAT "}",
				       o->sha, o->size);
		g_free(path);
	}
	g_string_append(js, "]}");

	/* CSV: one row per output, or one row with empty output fields. */
	for (guint i = 0; i < (n ? n : 1); i++) {
		const struct bout *o = n ? j->outputs->pdata[i] : NULL;
		csv_field(csv, j->rel);
		g_string_append_c(csv, ',');
		csv_field(csv, known ? j->sha : "");
		g_string_append_c(csv, ',');
		csv_field(csv, size);
		g_string_append_c(csv, ',');
		csv_field(csv, status);
		g_string_append_c(csv, ',');
		csv_field(csv, exit_s);
		g_string_append_c(csv, ',');
		csv_field(csv, j->diags ? j->diags : "");
		g_string_append_c(csv, ',');
		if (o) {
			char *path = g_strconcat(prefix, o->rel, NULL);
			csv_field(csv, path);
			g_string_append_printf(csv, ",%s,%" G_GINT64_FORMAT, o->sha, o->size);
			g_free(path);
		} else {
			g_string_append(csv, ",");
			g_string_append_c(csv, ',');
		}
		g_string_append(csv, "\r\n");
	}
	g_strfreev(diags);
	e->key = g_strdup(j->rel);
	e->json = g_string_free(js, FALSE);
	e->csv = g_string_free(csv, FALSE);
	e->status = g_strdup(status);
	return e;
}

static int write_file(const char *dir, const char *name, const GString *s)
{
	char *path = g_build_filename(dir, name, NULL);
	GError *err = NULL;
	int rc = 0;

	if (!g_file_set_contents_full(path, s->str, (gssize)s->len, G_FILE_SET_CONTENTS_CONSISTENT,
				      0666, &err)) {
		fprintf(stderr, "declc batch: %s\n", err->message);
		g_error_free(err);
		rc = -1;
	}
	g_free(path);
	return rc;
}

/* Writes both manifests from RUN (the run line), SHARD ("K/N" or NULL) and
 * ENTRIES, which it sorts. */
static int emit(const char *outdir, const char *run, const char *shard, GPtrArray *entries)
{
	GString *js = g_string_new("{\n  \"manifest\": \"" MANIFEST_FORMAT "\",\n");
	GString *csv = g_string_new(CSV_HEADER);
	int ok = 0, failed = 0, pending = 0, rc;

	g_ptr_array_sort(entries, mentry_cmp);
	for (guint i = 0; i < entries->len; i++) {
		const struct mentry *e = entries->pdata[i];
		if (strcmp(e->status, "ok") == 0)
			ok++;
		else if (strcmp(e->status, "pending") == 0)
			pending++;
		else
			failed++;
	}
	g_string_append_printf(js, "%s\n", run);
	if (shard)
		g_string_append_printf(js, "  \"shard\": \"%s\",\n", shard);
	g_string_append_printf(js, "  \"summary\": {\"documents\":%u,\"ok\":%d,\"failed\":%d,"
			       "\"pending\":%d},\n  \"documents\": [\n",
			       entries->len, ok, failed, pending);
	for (guint i = 0; i < entries->len; i++) {
		const struct mentry *e = entries->pdata[i];
		g_string_append_printf(js, "    %s%s\n", e->json, i + 1 < entries->len ? "," : "");
		g_string_append(csv, e->csv);
	}
	g_string_append(js, "  ]\n}\n");
	rc = write_file(outdir, "manifest.json", js);
	if (rc == 0)
		rc = write_file(outdir, "manifest.csv", csv);
	g_string_free(js, TRUE);
	g_string_free(csv, TRUE);
	return rc;
}

int batch_manifest_write(const char *outdir, const struct batch_manifest *m)
{
	GPtrArray *entries = g_ptr_array_new_with_free_func((GDestroyNotify)mentry_free);
	char *run = run_line(m);
	char *shard = m->shard_n ? g_strdup_printf("%d/%d", m->shard_k, m->shard_n) : NULL;

	for (guint i = 0; i < m->jobs->len; i++)
		g_ptr_array_add(entries, entry_of(m->jobs->pdata[i], m->bag ? "data/" : ""));
	int rc = emit(outdir, run, shard, entries);
	g_ptr_array_unref(entries);
	g_free(run);
	g_free(shard);
	return rc;
}

/* ---- BagIt (RFC 8493) ---- */

/* A payload path in a manifest line: CR, LF and % percent-encoded (§2.1.3). */
static void bag_path(GString *out, const char *p)
{
	for (; *p; p++)
		if (*p == '\r' || *p == '\n' || *p == '%')
			g_string_append_printf(out, "%%%02X", (unsigned char)*p);
		else
			g_string_append_c(out, *p);
}

/* A temporary file GLib left when killed mid-write: NAME.XXXXXX beside NAME. */
static bool is_stray_temp(const char *dir, const char *name)
{
	size_t n = strlen(name);
	if (n < 8 || name[n - 7] != '.')
		return false;
	for (size_t i = n - 6; i < n; i++)
		if (!g_ascii_isalnum(name[i]))
			return false;
	char *base = g_strndup(name, n - 7);
	char *path = g_build_filename(dir, base, NULL);
	bool stray = g_file_test(path, G_FILE_TEST_IS_REGULAR);
	g_free(base);
	g_free(path);
	return stray;
}

void batch_sweep_strays(const char *dir, int depth)
{
	GDir *d = depth < 64 ? g_dir_open(dir, 0, NULL) : NULL;
	const char *name;

	while (d && (name = g_dir_read_name(d))) {
		char *path = g_build_filename(dir, name, NULL);

		if (g_file_test(path, G_FILE_TEST_IS_DIR) && !g_file_test(path, G_FILE_TEST_IS_SYMLINK))
			batch_sweep_strays(path, depth + 1);
		else if (is_stray_temp(dir, name))
			g_unlink(path);
		g_free(path);
	}
	if (d)
		g_dir_close(d);
}

static void bag_walk(const char *dir, const char *rel, GPtrArray *files, int depth)
{
	GDir *d = depth < 64 ? g_dir_open(dir, 0, NULL) : NULL;
	const char *name;

	while (d && (name = g_dir_read_name(d))) {
		char *path = g_build_filename(dir, name, NULL);
		char *r = rel ? g_strconcat(rel, "/", name, NULL) : g_strdup(name);
		if (g_file_test(path, G_FILE_TEST_IS_DIR))
			bag_walk(path, r, files, depth + 1);
		else if (is_stray_temp(dir, name))
			g_unlink(path);
		else
			g_ptr_array_add(files, g_strdup(r));
		g_free(path);
		g_free(r);
	}
	if (d)
		g_dir_close(d);
}

int batch_bag_write(const char *outdir, const char *root, GPtrArray *jobs)
{
	GHashTable *known = g_hash_table_new(g_str_hash, g_str_equal);
	GPtrArray *files = g_ptr_array_new_with_free_func(g_free);
	GString *man = g_string_new(NULL), *tag = g_string_new(NULL), *info;
	GString *bagit = g_string_new("BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n");
	gint64 bytes = 0;
	int rc = 0;

	for (guint i = 0; i < jobs->len; i++) {
		const struct bjob *j = jobs->pdata[i];
		for (guint k = 0; j->outputs && k < j->outputs->len; k++) {
			const struct bout *o = j->outputs->pdata[k];
			g_hash_table_insert(known, o->rel, (gpointer)o);
		}
	}
	bag_walk(root, NULL, files, 0);
	g_ptr_array_sort(files, batch_strcmp_p);
	for (guint i = 0; i < files->len; i++) {
		const char *rel = files->pdata[i];
		const struct bout *o = g_hash_table_lookup(known, rel);
		char *path = g_build_filename(root, rel, NULL);
		GStatBuf st;
		char *sha = NULL;

		/* A recorded checksum is trusted only when the size still agrees. */
		if (o && g_stat(path, &st) == 0 && st.st_size == o->size) {
			sha = g_strdup(o->sha);
			bytes += o->size;
		} else {
			char *data;
			gsize len;
			if (g_file_get_contents(path, &data, &len, NULL)) {
				sha = g_compute_checksum_for_data(G_CHECKSUM_SHA256, (guchar *)data, len);
				bytes += (gint64)len;
				g_free(data);
			}
		}
		if (sha) {
			g_string_append_printf(man, "%s  data/", sha);
			bag_path(man, rel);
			g_string_append_c(man, '\n');
		}
		g_free(sha);
		g_free(path);
	}
	/* No Bagging-Date: the bag, like the manifest, depends on the inputs only. */
	info = g_string_new(NULL);
	g_string_append_printf(info, "Bag-Software-Agent: declc %s\nPayload-Oxum: %" G_GINT64_FORMAT
			       ".%u\n", DECLC_VERSION, bytes, files->len);
	rc |= write_file(outdir, "bagit.txt", bagit);
	rc |= write_file(outdir, "bag-info.txt", info);
	rc |= write_file(outdir, "manifest-sha256.txt", man);
	static const char *const tags[] = { "bag-info.txt", "bagit.txt", "manifest-sha256.txt",
					    "manifest.csv", "manifest.json" };
	for (size_t i = 0; i < G_N_ELEMENTS(tags) && rc == 0; i++) {
		char *path = g_build_filename(outdir, tags[i], NULL);
		char *data;
		gsize len;
		if (g_file_get_contents(path, &data, &len, NULL)) {
			char *h = g_compute_checksum_for_data(G_CHECKSUM_SHA256, (guchar *)data, len);
			g_string_append_printf(tag, "%s  %s\n", h, tags[i]);
			g_free(h);
			g_free(data);
		}
		g_free(path);
	}
	if (rc == 0)
		rc = write_file(outdir, "tagmanifest-sha256.txt", tag);
	g_hash_table_unref(known);
	g_ptr_array_unref(files);
	g_string_free(man, TRUE);
	g_string_free(tag, TRUE);
	g_string_free(info, TRUE);
	g_string_free(bagit, TRUE);
	return rc ? -1 : 0;
}

/* ---- merging shards ---- */

/* The records of an RFC 4180 text, each as it stands (CRLF included), with
 * its first field decoded. */
static void csv_records(const char *text, GHashTable *by_key)
{
	const char *p = text, *start;
	bool header = true;

	while (*p) {
		bool quoted = false;
		start = p;
		for (; *p; p++) {
			if (*p == '"')
				quoted = !quoted;
			else if (*p == '\n' && !quoted) {
				p++;
				break;
			}
		}
		if (header) {
			header = false;
			continue;
		}
		/* The first field. */
		GString *k = g_string_new(NULL);
		const char *q = start;
		if (*q == '"') {
			for (q++; *q; q++) {
				if (*q == '"' && q[1] == '"')
					g_string_append_c(k, *q++);
				else if (*q == '"')
					break;
				else
					g_string_append_c(k, *q);
			}
		} else {
			for (; *q && *q != ','; q++)
				g_string_append_c(k, *q);
		}
		GString *rows = g_hash_table_lookup(by_key, k->str);
		if (!rows) {
			rows = g_string_new(NULL);
			g_hash_table_insert(by_key, g_strdup(k->str), rows);
		}
		g_string_append_len(rows, start, p - start);
		g_string_free(k, TRUE);
	}
}

static void gstring_free_all(gpointer s)
{
	g_string_free(s, TRUE);
}

int batch_merge(const char *outdir, char **manifests)
{
	GPtrArray *entries = g_ptr_array_new_with_free_func((GDestroyNotify)mentry_free);
	GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
	char *run = NULL;
	int status = DECLC_OK;

	for (char **m = manifests; *m && status == DECLC_OK; m++) {
		bool is_dir = g_file_test(*m, G_FILE_TEST_IS_DIR);
		char *jpath = is_dir ? g_build_filename(*m, "manifest.json", NULL) : g_strdup(*m);
		char *dir = g_path_get_dirname(jpath);
		char *cpath = g_build_filename(dir, "manifest.csv", NULL);
		char *jtext = NULL, *ctext = NULL;
		GError *err = NULL;
		GHashTable *csv = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
							gstring_free_all);

		if (!g_file_get_contents(jpath, &jtext, NULL, &err) ||
		    !g_file_get_contents(cpath, &ctext, NULL, &err)) {
			fprintf(stderr, "declc batch: %s\n", err->message);
			g_error_free(err);
			status = DECLC_EENV;
		} else {
			csv_records(ctext, csv);
			char **lines = g_strsplit(jtext, "\n", -1);
			for (char **l = lines; *l && status == DECLC_OK; l++) {
				if (g_str_has_prefix(*l, "  \"run\": ")) {
					if (!run)
						run = g_strdup(*l);
					else if (strcmp(run, *l) != 0) {
						fprintf(stderr, _("declc batch: %s was made with other "
								  "options or versions than the "
								  "manifests before it\n"), jpath);
						status = DECLC_EUSAGE;
					}
				} else if (g_str_has_prefix(*l, DOC_LINE_PREFIX)) {
					struct mentry *e = g_new0(struct mentry, 1);
					const char *st;
					char *line = g_strchomp(g_strdup(*l + 4));
					size_t n = strlen(line);
					if (n && line[n - 1] == ',')
						line[n - 1] = '\0';
					e->json = line;
					e->key = json_unstr(line + strlen("{\"path\":"), NULL);
					st = strstr(line, ",\"status\":");
					e->status = st ? json_unstr(st + strlen(",\"status\":"), NULL)
						       : g_strdup("internal");
					GString *rows = g_hash_table_lookup(csv, e->key);
					e->csv = g_strdup(rows ? rows->str : "");
					g_ptr_array_add(entries, e);
					if (g_hash_table_contains(seen, e->key)) {
						fprintf(stderr, _("declc batch: %s is in two of the "
								  "manifests\n"), e->key);
						status = DECLC_EUSAGE;
					}
					g_hash_table_add(seen, e->key);
				}
			}
			g_strfreev(lines);
		}
		g_hash_table_unref(csv);
		g_free(jtext);
		g_free(ctext);
		g_free(jpath);
		g_free(cpath);
		g_free(dir);
	}
	if (status == DECLC_OK && !run) {
		fprintf(stderr, _("declc batch: no manifest to merge\n"));
		status = DECLC_EUSAGE;
	}
	if (status == DECLC_OK) {
		if (g_mkdir_with_parents(outdir, 0777) != 0 || emit(outdir, run, NULL, entries) != 0)
			status = DECLC_EENV;
	}
	g_hash_table_unref(seen);
	g_ptr_array_unref(entries);
	g_free(run);
	return status;
}
