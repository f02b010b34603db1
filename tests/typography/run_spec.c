/*
 * run_spec.c — runs the typography spec files (README.md here has the format).
 *
 *   run_spec FILE.txt...     every case of every file, fix and report mode
 *   run_spec --table DIR     the rule table is sound and every rule this pass
 *                            implements has at least three cases in DIR
 *
 * A string case goes through typo_fix_string; an [xml] case is parsed as a
 * document and goes through typo_run in both modes. Every string case is also
 * checked to be stable: fixing the expected text again changes nothing.
 * Exit status: 0 when everything passed, 1 otherwise.
 */
#include <stdio.h>
#include <string.h>
#include <glib.h>
#include <libxml/tree.h>
#include "context.h"
#include "load.h"
#include "typo.h"

/* Notation for invisible characters, as in the rule book. */
static const char *const notation[][2] = {
	{"⍽", "\u00A0"}, {"‹thin›", "\u202F"}, {"‹wj›", "\u2060"}, {"‹shy›", "\u00AD"},
	{"‹tab›", "\t"}, {"‹nl›", "\n"}, {"␣", " "},
};

static char *replace_all(const char *s, const char *from, const char *to)
{
	char **parts = g_strsplit(s, from, -1);
	char *r = g_strjoinv(to, parts);
	g_strfreev(parts);
	return r;
}

static char *expand(const char *s)
{
	char *r = g_strdup(s);
	for (size_t i = 0; i < G_N_ELEMENTS(notation); i++) {
		char *t = replace_all(r, notation[i][0], notation[i][1]);
		g_free(r);
		r = t;
	}
	return r;
}

/* The other way, for messages; spaces stay spaces except at the ends. */
static char *visible(const char *s)
{
	char *r = g_strdup(s);
	for (size_t i = 0; i < G_N_ELEMENTS(notation) - 1; i++) {
		char *t = replace_all(r, notation[i][1], notation[i][0]);
		g_free(r);
		r = t;
	}
	return r;
}

struct spec_case {
	int line;             /* of the ### header */
	char *title;          /* the header without "### " */
	char *id;             /* "ES-02" */
	char *lang;
	struct typo_opts opts;
	bool xml, once;
	GString *input, *expected;
	GPtrArray *report;    /* expected findings */
	bool unchanged;       /* expected is "=" */
};

static void case_free(gpointer p)
{
	struct spec_case *c = p;
	g_free(c->title);
	g_free(c->id);
	g_free(c->lang);
	g_string_free(c->input, TRUE);
	g_string_free(c->expected, TRUE);
	g_ptr_array_free(c->report, TRUE);
	g_free(c);
}

static void parse_header(struct spec_case *c, const char *h)
{
	char **w = g_strsplit_set(h, " \t", -1);
	c->title = g_strdup(h);
	c->lang = g_strdup("es");
	for (char **p = w; *p; p++) {
		if (!c->id && g_str_has_prefix(*p, "ES-"))
			c->id = g_strdup(*p);
		if (**p != '[' || !g_str_has_suffix(*p, "]"))
			continue;
		char *opt = g_strndup(*p + 1, strlen(*p) - 2);
		if (strcmp(opt, "latam") == 0 || strcmp(opt, "quotes=latam") == 0)
			c->opts.quotes_latam = true;
		else if (strcmp(opt, "quotes=preserve") == 0)
			c->opts.quotes_preserve = true;
		else if (strcmp(opt, "numbers=rae") == 0)
			c->opts.numbers_rae = true;
		else if (strcmp(opt, "percent-space=thin") == 0)
			c->opts.percent_thin = true;
		else if (strcmp(opt, "xml") == 0)
			c->xml = true;
		else if (strcmp(opt, "once") == 0)
			c->once = true;
		else {
			g_free(c->lang);
			c->lang = g_strdup(opt);
		}
		g_free(opt);
	}
	if (!c->id)
		c->id = g_strdup("?");
	g_strfreev(w);
}

static void trim_newlines(GString *s)
{
	while (s->len && s->str[s->len - 1] == '\n')
		g_string_truncate(s, s->len - 1);
}

/* Reads FILE into cases; NULL if it cannot be read. */
static GPtrArray *parse_file(const char *path)
{
	char *text;
	GPtrArray *cases;
	struct spec_case *c = NULL;
	int section = 0;   /* 0 input, 1 expected, 2 report */

	if (!g_file_get_contents(path, &text, NULL, NULL))
		return NULL;
	cases = g_ptr_array_new_with_free_func(case_free);
	char **lines = g_strsplit(text, "\n", -1);
	for (int i = 0; lines[i]; i++) {
		const char *l = lines[i];
		if (g_str_has_prefix(l, "### ")) {
			c = g_new0(struct spec_case, 1);
			c->line = i + 1;
			c->input = g_string_new(NULL);
			c->expected = g_string_new(NULL);
			c->report = g_ptr_array_new_with_free_func(g_free);
			parse_header(c, l + 4);
			g_ptr_array_add(cases, c);
			section = 0;
		} else if (!c) {
			continue;       /* the file's preamble */
		} else if (strcmp(l, "---") == 0 && section == 0) {
			section = 1;
		} else if (strcmp(l, "--- report") == 0 && section <= 1) {
			section = 2;
		} else if (section == 2) {
			char *t = g_strstrip(g_strdup(l));
			if (*t && *t != '#')
				g_ptr_array_add(c->report, t);
			else
				g_free(t);
		} else {
			GString *s = section ? c->expected : c->input;
			g_string_append(s, l);
			g_string_append_c(s, '\n');
		}
	}
	for (guint i = 0; i < cases->len; i++) {
		c = g_ptr_array_index(cases, i);
		trim_newlines(c->input);
		trim_newlines(c->expected);
		c->unchanged = strcmp(c->expected->str, "=") == 0;
	}
	g_strfreev(lines);
	g_free(text);
	return cases;
}

static gint cmp_str(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *joined(GPtrArray *a)
{
	GString *s = g_string_new(NULL);
	g_ptr_array_sort(a, cmp_str);
	for (guint i = 0; i < a->len; i++)
		g_string_append_printf(s, "%s%s", i ? " " : "", (char *)g_ptr_array_index(a, i));
	return g_string_free(s, FALSE);
}

static int failures;

static void fail(const char *file, const struct spec_case *c, const char *what,
		 const char *want, const char *got)
{
	char *w = visible(want), *g = visible(got);
	printf("%s:%d: %s: %s\n  want: %s\n  got:  %s\n", file, c->line, c->title, what, w, g);
	g_free(w);
	g_free(g);
	failures++;
}

static void check_findings(const char *file, const struct spec_case *c, GPtrArray *got)
{
	GPtrArray *want = g_ptr_array_new();
	for (guint i = 0; i < c->report->len; i++)
		g_ptr_array_add(want, g_ptr_array_index(c->report, i));
	char *w = joined(want), *g = joined(got);
	if (strcmp(w, g) != 0)
		fail(file, c, "report mode", *w ? w : "(none)", *g ? g : "(none)");
	g_free(w);
	g_free(g);
	g_ptr_array_free(want, TRUE);
}

static void run_string(const char *file, const struct spec_case *c)
{
	struct typo_opts opts = c->opts;
	char *in = expand(c->input->str);
	char *want = c->unchanged ? g_strdup(in) : expand(c->expected->str);
	GPtrArray *found = g_ptr_array_new_with_free_func(g_free);
	char *got = typo_fix_string(in, c->lang, &opts, found);

	if (strcmp(got, want) != 0)
		fail(file, c, "fix mode", want, got);
	else if (!c->once) {
		char *again = typo_fix_string(want, c->lang, &opts, NULL);
		if (strcmp(again, want) != 0)
			fail(file, c, "fixing the expected text again changes it", want, again);
		g_free(again);
	}
	check_findings(file, c, found);
	g_ptr_array_free(found, TRUE);
	g_free(got);
	g_free(want);
	g_free(in);
}

/* The input wrapped as a declaration; its first line is line 3. */
#define XML_LINES_BEFORE 2
static struct declc_doc *parse_case(struct declc_run *run, const struct spec_case *c, const char *in)
{
	struct declc_doc *doc = doc_new(run, "case.xml");
	char *xml = g_strdup_printf("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
				    "<TEI xmlns=\"http://www.tei-c.org/ns/1.0\" xml:lang=\"%s\"><text><body>\n"
				    "%s\n</body></text></TEI>\n", c->lang, in);
	int rc = load_memory(doc, xml, strlen(xml));
	g_free(xml);
	if (rc != 0) {
		doc_free(doc);
		return NULL;
	}
	return doc;
}

static xmlNode *body_of(xmlDoc *d)
{
	xmlNode *n = xmlDocGetRootElement(d);
	for (int depth = 0; n && depth < 2; depth++) {
		for (n = n->children; n && n->type != XML_ELEMENT_NODE; n = n->next)
			;
	}
	return n;
}

static void run_xml(const char *file, const struct spec_case *c)
{
	struct declc_run run = { 0 };
	struct typo_opts opts = c->opts;
	char *in = expand(c->input->str);
	char *want = c->unchanged ? g_strdup(in) : expand(c->expected->str);
	struct declc_doc *doc = parse_case(&run, c, in);

	if (!doc) {
		fail(file, c, "the input is not well-formed", "", in);
		goto done;
	}
	if (typo_run(doc, TYPO_FIX, &opts) != 0)
		fail(file, c, "typo_run failed", "0", "-1");
	xmlBuffer *buf = xmlBufferCreate();
	for (xmlNode *k = body_of(doc->tei)->children; k; k = k->next)
		xmlNodeDump(buf, doc->tei, k, 0, 0);
	char *got = g_strstrip(g_strdup((const char *)xmlBufferContent(buf)));
	xmlBufferFree(buf);
	if (strcmp(got, want) != 0)
		fail(file, c, "fix mode", want, got);
	g_free(got);
	doc_free(doc);

	doc = parse_case(&run, c, in);
	typo_run(doc, TYPO_REPORT, &opts);
	GPtrArray *found = g_ptr_array_new_with_free_func(g_free);
	for (guint i = 0; i < doc->diags->items->len; i++) {
		const struct diag *d = &g_array_index(doc->diags->items, struct diag, i);
		g_ptr_array_add(found, g_strdup_printf("%s@%d:%d", diag_code_of(d->id),
						       d->line - XML_LINES_BEFORE, d->col));
	}
	check_findings(file, c, found);
	g_ptr_array_free(found, TRUE);
	doc_free(doc);
done:
	g_free(want);
	g_free(in);
}

static int run_file(const char *path)
{
	GPtrArray *cases = parse_file(path);
	int before = failures;

	if (!cases) {
		printf("%s: cannot read\n", path);
		return 1;
	}
	if (!cases->len) {
		printf("%s: no cases\n", path);
		failures++;
	}
	for (guint i = 0; i < cases->len; i++) {
		const struct spec_case *c = g_ptr_array_index(cases, i);
		if (c->xml)
			run_xml(path, c);
		else
			run_string(path, c);
	}
	printf("%s: %u cases, %d failed\n", path, cases->len, failures - before);
	g_ptr_array_free(cases, TRUE);
	return 0;
}

/* --table: codes exist, ids are unique, and enough cases per rule. */
static int check_table(const char *dir)
{
	size_t n;
	const struct typo_rule *t = typo_rule_table(&n);
	GHashTable *count = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	GDir *d = g_dir_open(dir, 0, NULL);
	const char *name;
	/* Rules with no function of their own but with behaviour tested here. */
	static const char *const tested[] = { "ES-09", "ES-13", "ES-14", "ES-34", NULL };

	if (!d) {
		printf("%s: cannot open\n", dir);
		return 1;
	}
	while ((name = g_dir_read_name(d))) {
		if (!g_str_has_suffix(name, ".txt") || strcmp(name, "hyphenation-rae.txt") == 0 ||
		    strcmp(name, "CMakeLists.txt") == 0)
			continue;
		char *path = g_build_filename(dir, name, NULL);
		GPtrArray *cases = parse_file(path);
		for (guint i = 0; cases && i < cases->len; i++) {
			const struct spec_case *c = g_ptr_array_index(cases, i);
			gpointer v = g_hash_table_lookup(count, c->id);
			g_hash_table_insert(count, g_strdup(c->id), GINT_TO_POINTER(GPOINTER_TO_INT(v) + 1));
		}
		if (cases)
			g_ptr_array_free(cases, TRUE);
		g_free(path);
	}
	g_dir_close(d);
	for (size_t i = 0; i < n; i++) {
		for (size_t k = 0; k < i; k++)
			if (strcmp(t[i].id, t[k].id) == 0)
				printf("rule %s: listed twice\n", t[i].id), failures++;
		if (!t[i].fn && !t[i].where)
			printf("rule %s: no function and nobody else does it\n", t[i].id), failures++;
		char **codes = g_strsplit(t[i].codes ? t[i].codes : "", " ", -1);
		for (char **c = codes; *c; c++) {
			bool known = false;
			for (int id = 0; id < DIAG__COUNT && **c; id++)
				known |= strcmp(diag_code_of(id), *c) == 0 && diag_level_of(id) == DIAG_WARNING;
			if (**c && !known)
				printf("rule %s: code %s is not a warning of diag.def\n", t[i].id, *c), failures++;
		}
		g_strfreev(codes);
		bool must = t[i].fn != NULL;
		for (const char *const *p = tested; *p; p++)
			must |= strcmp(*p, t[i].id) == 0;
		int cases = GPOINTER_TO_INT(g_hash_table_lookup(count, t[i].id));
		if (must && cases < 3)
			printf("rule %s: %d cases; write at least 3\n", t[i].id, cases), failures++;
		printf("%s %-3d %s\n", t[i].id, cases, t[i].title);
	}
	/* Every W- code of the catalogue is some rule's. */
	for (int id = 0; id < DIAG__COUNT; id++) {
		const char *code = diag_code_of(id);
		bool owned = false;
		if (!g_str_has_prefix(code, "W-"))
			continue;
		for (size_t i = 0; i < n && !owned; i++)
			owned = t[i].codes && strstr(t[i].codes, code);
		if (!owned)
			printf("code %s: no rule reports it\n", code), failures++;
	}
	g_hash_table_unref(count);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "--table") == 0) {
		check_table(argv[2]);
	} else if (argc < 2) {
		fprintf(stderr, "usage: run_spec FILE.txt... | run_spec --table DIR\n");
		return 2;
	} else {
		for (int i = 1; i < argc; i++)
			if (run_file(argv[i]))
				failures++;
	}
	xmlCleanupParser();
	return failures ? 1 : 0;
}
