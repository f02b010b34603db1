/*
 * founding_test.c — the typography pass on the founding declaration.
 *
 *   founding_test samples/declaracion-santiago-2024.xml
 *
 * The sample keeps the slips of its printed original. Report mode must find
 * exactly them, at their line:column, and change nothing; fix mode must
 * correct the two spaces before commas in the tree, leave the unclosed
 * "¡Hasta…" as typed (lint) and warn about it, and change nothing else.
 */
#include <stdio.h>
#include <string.h>
#include <glib.h>
#include <libxml/tree.h>
#include "context.h"
#include "load.h"
#include "typo.h"

static int failures;

#define CHECK(cond, ...) do { if (!(cond)) { printf("FAIL %s:%d: ", __FILE__, __LINE__); \
	printf(__VA_ARGS__); printf("\n"); failures++; } } while (0)

static struct declc_doc *parse(struct declc_run *run, const char *path)
{
	struct declc_doc *doc = doc_new(run, path);
	if (load_document(doc) != 0) {
		printf("FAIL: cannot parse %s\n", path);
		doc_free(doc);
		return NULL;
	}
	return doc;
}

static char *text_of(struct declc_doc *doc)
{
	xmlChar *t = xmlNodeGetContent(xmlDocGetRootElement(doc->tei));
	char *s = g_strdup((const char *)t);
	xmlFree(t);
	return s;
}

/* The diagnostics, as "CODE@line:col" (printed as they would be). */
static char *findings(struct declc_doc *doc)
{
	GPtrArray *a = g_ptr_array_new_with_free_func(g_free);
	GString *s = g_string_new(NULL);
	for (guint i = 0; i < doc->diags->items->len; i++) {
		const struct diag *d = &g_array_index(doc->diags->items, struct diag, i);
		g_ptr_array_add(a, g_strdup_printf("%s@%d:%d", diag_code_of(d->id), d->line, d->col));
		printf("  %s:%d:%d: %s [%s]\n", d->file, d->line, d->col, d->message, diag_code_of(d->id));
	}
	for (guint i = 0; i < a->len; i++)
		g_string_append_printf(s, "%s%s", i ? " " : "", (char *)g_ptr_array_index(a, i));
	g_ptr_array_free(a, TRUE);
	return g_string_free(s, FALSE);
}

static gint by_string(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *sorted(const char *list)
{
	char **w = g_strsplit(list, " ", -1);
	GPtrArray *a = g_ptr_array_new();
	for (char **p = w; *p; p++)
		g_ptr_array_add(a, *p);
	g_ptr_array_sort(a, by_string);
	g_ptr_array_add(a, NULL);
	char *r = g_strjoinv(" ", (char **)a->pdata);
	g_ptr_array_free(a, TRUE);
	g_strfreev(w);
	return r;
}

int main(int argc, char **argv)
{
	struct declc_run run = { 0 };
	struct declc_doc *doc;
	char *before, *after, *got, *want;

	if (argc != 2) {
		fprintf(stderr, "usage: founding_test SAMPLE.xml\n");
		return 2;
	}

	/* Report mode: the three slips, where they are; the tree untouched. */
	if (!(doc = parse(&run, argv[1])))
		return 1;
	before = text_of(doc);
	CHECK(typo_run(doc, TYPO_REPORT, NULL) == 0, "typo_run in report mode failed");
	after = text_of(doc);
	CHECK(strcmp(before, after) == 0, "report mode changed the text");
	char *list = findings(doc);
	got = sorted(list);
	g_free(list);
	want = sorted("W-SPACE-BEFORE-PUNCT@65:213 W-UNBALANCED-EXCL@65:10 W-SPACE-BEFORE-PUNCT@68:26");
	CHECK(strcmp(got, want) == 0, "report mode\n  want: %s\n  got:  %s", want, got);
	for (guint i = 0; i < doc->diags->items->len; i++) {
		const struct diag *d = &g_array_index(doc->diags->items, struct diag, i);
		CHECK(diag_level_of(d->id) == DIAG_WARNING, "%s is not a warning", diag_code_of(d->id));
		if (d->line == 65 && d->col == 213)
			CHECK(strstr(d->message, "\"Públicas,\""), "no suggested text in: %s", d->message);
	}
	g_free(got);
	g_free(want);
	g_free(after);
	doc_free(doc);

	/* Fix mode: the commas fixed in the tree, nothing else changed, the
	 * exclamation left as typed and warned about. */
	if (!(doc = parse(&run, argv[1])))
		return 1;
	CHECK(typo_run(doc, TYPO_FIX, NULL) == 0, "typo_run in fix mode failed");
	after = text_of(doc);
	char *expect = g_strdup(before);
	char *t = strstr(expect, "Públicas , el");
	CHECK(t != NULL, "the sample no longer has \"Públicas ,\"");
	if (t)
		memmove(t + strlen("Públicas"), t + strlen("Públicas "), strlen(t + strlen("Públicas ")) + 1);
	t = strstr(expect, "Firmantes ,");
	CHECK(t != NULL, "the sample no longer has \"Firmantes ,\"");
	if (t)
		memmove(t + strlen("Firmantes"), t + strlen("Firmantes "), strlen(t + strlen("Firmantes ")) + 1);
	CHECK(strcmp(after, expect) == 0, "fix mode changed more (or less) than the two commas");
	CHECK(strstr(after, "Políticas Públicas, el Departamento de Tecnologías") != NULL,
	      "\"Públicas ,\" not fixed across the <pb/>");
	CHECK(strstr(after, "Firmantes,") != NULL, "\"Firmantes ,\" not fixed");
	CHECK(strstr(after, "¡Hasta el próximo encuentro") != NULL, "the ¡ was touched");
	got = findings(doc);
	CHECK(strcmp(got, "W-UNBALANCED-EXCL@65:10") == 0,
	      "fix mode warns only about what it cannot fix\n  want: W-UNBALANCED-EXCL@65:10\n  got:  %s", got);
	g_free(got);
	g_free(expect);
	g_free(after);
	g_free(before);
	doc_free(doc);

	printf("%s\n", failures ? "FAILED" : "ok");
	return failures ? 1 : 0;
}
