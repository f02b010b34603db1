/*
 * run_spec.c — runs the typography spec files (README.md here has the format).
 *
 *   run_spec FILE.txt...     every case of every file, fix and report mode
 *   run_spec --table DIR     the rule table is sound and every rule this pass
 *                            implements has at least three cases in DIR
 *   run_spec --outputs DECLC OUTDIR FILE.txt...
 *                            every case of every file through declc's PDF
 *                            (read back with poppler's pdftotext), HTML and
 *                            text outputs: the expected text is in each
 *
 * A string case goes through typo_fix_string (and, with [divide], then
 * through the layout's division points, hy_insert_soft_hyphens: ES-32); an
 * [xml] case is parsed as a document and goes through typo_run in both
 * modes. Every string case is also
 * checked to be stable: fixing the expected text again changes nothing.
 * --outputs is described before outputs_file below.
 * Exit status: 0 when everything passed, 1 otherwise; --outputs: 77 (skip)
 * without pdftotext.
 */
#include <stdio.h>
#include <string.h>
#include <glib.h>
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include "context.h"
#include "hyphen.h"
#include "load.h"
#include "typo.h"
#include "validate.h"

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
	bool divide;          /* [divide]: the text as the layout divides it */
	GString *input, *expected;
	GPtrArray *report;    /* expected findings */
	GPtrArray *outputs;   /* "--- outputs": the text the outputs must show */
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
	g_ptr_array_free(c->outputs, TRUE);
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
		else if (strcmp(opt, "divide") == 0)
			c->divide = true;
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
	int section = 0;   /* 0 input, 1 expected, 2 report, 3 outputs */

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
			c->outputs = g_ptr_array_new_with_free_func(g_free);
			parse_header(c, l + 4);
			g_ptr_array_add(cases, c);
			section = 0;
		} else if (!c) {
			continue;       /* the file's preamble */
		} else if (strcmp(l, "---") == 0 && section == 0) {
			section = 1;
		} else if (strcmp(l, "--- report") == 0 && (section <= 1 || section == 3)) {
			section = 2;
		} else if (strcmp(l, "--- outputs") == 0 && section >= 1) {
			section = 3;
		} else if (section == 3) {
			/* One piece a line, leading and trailing spaces kept (␣
			 * writes one where it matters); "#" starts a comment. */
			if (*l && *l != '#')
				g_ptr_array_add(c->outputs, g_strdup(l));
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

/* [divide] cases: the Spanish dictionary declc divides words with, loaded
 * once (dicts/hyph_es.dic and its exceptions). */
static struct hy_dict *divide_dict(void)
{
	static struct hy_dict *dict;
	static bool tried;

	if (!tried) {
		struct diag_sink *diags = diag_sink_new();
		char *path = g_build_filename(DECLC_SOURCE_DIR, "dicts", "hyph_es.dic", NULL);
		tried = true;
		dict = hy_load(path, diags, "run_spec");
		if (!dict)
			printf("%s: cannot load the hyphenation dictionary\n", path);
		g_free(path);
		diag_sink_free(diags);
	}
	return dict;
}

/* S with a soft hyphen at every point where the layout may divide it
 * (hy_insert_soft_hyphens, as compose.c does for a Spanish run). */
static char *divided(const char *s)
{
	struct hy_dict *d = divide_dict();
	return d ? hy_insert_soft_hyphens(d, NULL, s) : g_strdup(s);
}

static char *without_shy(const char *s)
{
	return replace_all(s, "\u00AD", "");
}

static void run_string(const char *file, const struct spec_case *c)
{
	struct typo_opts opts = c->opts;
	char *in = expand(c->input->str);
	char *want = c->unchanged ? g_strdup(in) : expand(c->expected->str);
	GPtrArray *found = g_ptr_array_new_with_free_func(g_free);
	char *got = typo_fix_string(in, c->lang, &opts, found);

	if (c->divide) {
		/* The fixed text as the layout divides it; "=" means the
		 * pass changes nothing and no word gets a division point. */
		char *d = divided(got);
		g_free(got);
		got = d;
		if (!divide_dict())
			failures++;
	}
	if (strcmp(got, want) != 0)
		fail(file, c, c->divide ? "fix mode, divided as the layout does" : "fix mode",
		     want, got);
	else if (!c->once) {
		char *plain = c->divide ? without_shy(want) : g_strdup(want);
		char *again = typo_fix_string(plain, c->lang, &opts, NULL);
		if (strcmp(again, plain) != 0)
			fail(file, c, "fixing the expected text again changes it", plain, again);
		g_free(again);
		g_free(plain);
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

/* ---- --outputs: every case through the PDF, trace, HTML and text outputs --
 *
 * The pass is one stage; what a reader gets is the outputs. So the cases of
 * a spec file are also compiled by declc, all in one document: one <div>
 * per case (its language on the div), a string case as a <p>, an [xml] case
 * as its markup. Cases with the same rule-book options share one document
 * and one declc run writing all the formats at once (-f
 * pdf,trace,html,txt), so a file costs one run per set of options (one to
 * three). The page is very wide and nothing is hyphenated (--no-hyphenate),
 * so that each paragraph is one line of the PDF and no division or line end
 * gets inside the expected text.
 *
 * Then each case's expected text (its input, for "=") must be found in each
 * output, the cases in document order: the search for a case starts where
 * the previous case's text was found, so a case cannot be satisfied by a
 * neighbour's text. The PDF is read by poppler (pdftotext -raw) and, for the
 * exact characters it draws, through the trace device. An [xml] case's
 * expected markup is read as text: each text node is one piece, found in
 * order (the stylesheets add quotation marks, heading numbers and generated
 * dates between pieces); a <note>'s text is looked for anywhere, since the
 * note is set at the foot or the end.
 *
 * What the outputs cannot show, and is therefore not compared:
 *   - runs of white space: XML, HTML, the text output and the PDF all
 *     collapse spaces, tabs and newlines, so ES-01's "two spaces → one" is
 *     checked as "the words are there, in order";
 *   - in the PDF as poppler reads it, which space it is: a no-break space
 *     (⍽) comes out as a space, a word joiner (‹wj›) as nothing, and a thin
 *     space (‹thin›) as a space or nothing, as wide as its gap is at that
 *     size; an expected thin space matches either (normalise, match_at).
 *     The trace, the HTML and the text keep them and are compared exactly;
 *   - soft hyphens (‹shy›): no output writes them;
 *   - [xml] cases whose markup a declaration cannot hold (a <teiHeader>,
 *     <code>, <idno>):
 *     declc refuses such a document, so each [xml] case is first validated
 *     alone (schemas/declaracion.rng and .sch, as declc does) and, when
 *     invalid, listed as "not compiled" with the reason and run only
 *     through the pass itself.
 *
 * A case that starts with a part of the declaration a <div> cannot hold
 * (title block, opener, closer, dateline, signed) gets a document of its
 * own with that part where the schema has it (placements, below). A case
 * with a "--- outputs" section is looked for as those pieces instead of
 * its expected text, and its "!" pieces must not be there: that is how a
 * markup rule done by the stylesheets (ES-20, ES-23, ES-24, ES-35, ES-36)
 * says what the reader gets.
 */

#define TEI_NS "http://www.tei-c.org/ns/1.0"

/* The fragment S (TEI markup) under one root element, or NULL. */
static xmlDoc *parse_fragment(const char *s)
{
	char *xml = g_strdup_printf("<x xmlns=\"" TEI_NS "\">%s</x>", s);
	xmlDoc *d = xmlReadMemory(xml, (int)strlen(xml), "case.xml", "UTF-8",
				  XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	g_free(xml);
	return d;
}

/* The declaration that holds the cases: one <div> per case. */
#define OUTPUTS_HEAD_FMT \
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" \
	"<TEI xmlns=\"" TEI_NS "\" xml:lang=\"%s\"><teiHeader><fileDesc><titleStmt>" \
	"<title>Casos</title></titleStmt><publicationStmt><publisher>declc</publisher>" \
	"</publicationStmt><sourceDesc><p>Pruebas</p></sourceDesc></fileDesc></teiHeader>" \
	"<text>"
static const char outputs_tail[] = "</text></TEI>\n";

/* Parts of a declaration that a <div> cannot hold, placed where the schema
 * has them: the case's markup starts with one of these elements, goes
 * between BEFORE and AFTER inside <text>, and the case gets a document of
 * its own (there is one title block, one opener and one closer). The
 * paragraph "Texto." is the body the schema requires. */
static const struct placement {
	const char *element, *before, *after;
} placements[] = {
	{ "front", "", "<body><p>Texto.</p></body>" },
	{ "docTitle", "<front>", "</front><body><p>Texto.</p></body>" },
	{ "opener", "<body>", "<p>Texto.</p></body>" },
	{ "closer", "<body><p>Texto.</p>", "</body>" },
	{ "dateline", "<body><p>Texto.</p><closer>", "<signed><orgName>Firma</orgName></signed></closer></body>" },
	{ "salute", "<body><p>Texto.</p><closer>", "<signed><orgName>Firma</orgName></signed></closer></body>" },
	{ "signed", "<body><p>Texto.</p><closer>", "</closer></body>" },
};

/* Where case C goes, or NULL for a <div> of the body. */
static const struct placement *placement_of(const struct spec_case *c)
{
	const char *p = c->input->str;

	if (!c->xml)
		return NULL;
	while (*p == ' ' || *p == '\n' || *p == '\t')
		p++;
	for (size_t i = 0; i < G_N_ELEMENTS(placements); i++) {
		size_t n = strlen(placements[i].element);
		if (p[0] == '<' && strncmp(p + 1, placements[i].element, n) == 0 &&
		    (p[n + 1] == '>' || p[n + 1] == ' ' || p[n + 1] == '/'))
			return &placements[i];
	}
	return NULL;
}

/* The declaration for the cases CS: one placed case alone, with its
 * language on the TEI element, or one <div> per case in the body. */
static GString *cases_document(GPtrArray *cs)
{
	const struct spec_case *first = g_ptr_array_index(cs, 0);
	const struct placement *pl = placement_of(first);
	GString *doc = g_string_new(NULL);

	g_string_append_printf(doc, OUTPUTS_HEAD_FMT, pl ? first->lang : "es");
	if (pl) {
		char *in = expand(first->input->str);
		g_string_append_printf(doc, "%s\n%s\n%s", pl->before, in, pl->after);
		g_free(in);
	} else {
		g_string_append(doc, "<body>\n");
		for (guint i = 0; i < cs->len; i++) {
			const struct spec_case *c = g_ptr_array_index(cs, i);
			char *in = expand(c->input->str);
			char *esc = c->xml ? NULL : g_markup_escape_text(in, -1);

			g_string_append_printf(doc, "<div xml:lang=\"%s\">%s%s%s</div>\n", c->lang,
					       c->xml ? "" : "<p>", c->xml ? in : esc,
					       c->xml ? "" : "</p>");
			g_free(esc);
			g_free(in);
		}
		g_string_append(doc, "</body>");
	}
	g_string_append(doc, outputs_tail);
	return doc;
}

/* NULL when case C, alone in the declaration, is valid (schemas/
 * declaracion.rng and .sch, as declc checks it); else the first problem. */
static char *case_invalid(struct declc_run *run, const struct spec_case *c)
{
	GPtrArray *one = g_ptr_array_new();
	g_ptr_array_add(one, (gpointer)c);
	GString *xml = cases_document(one);
	struct declc_doc *doc = doc_new(run, "case.xml");
	char *why = NULL;

	g_ptr_array_free(one, TRUE);
	if (load_memory(doc, xml->str, xml->len) != 0)
		why = g_strdup("not well-formed");
	else if (validate_document(doc, run->schemas) != 0) {
		const struct diag *d = doc->diags->items->len
			? &g_array_index(doc->diags->items, struct diag, 0) : NULL;
		why = g_strdup(d && d->message ? d->message : "invalid");
	}
	doc_free(doc);
	g_string_free(xml, TRUE);
	return why;
}

/* How text is compared: as the output has it, or as poppler reads a PDF. */
enum spec_norm {
	NORM_EXACT,       /* HTML, text, trace */
	NORM_PDF_TEXT,    /* what pdftotext printed */
	NORM_PDF_WANT     /* an expected text, to be found in NORM_PDF_TEXT */
};

/* White space as the outputs have it: runs of ASCII white space become one
 * space, soft hyphens go. In the PDF as poppler reads it a no-break space
 * is a space and a word joiner nothing; a thin space is a space when its
 * gap is wide enough for poppler, else nothing, so an expected thin space
 * stays, for find_in to match either (and the one pdftotext printed is a
 * space). Trimmed. */
static char *normalise(const char *s, enum spec_norm how)
{
	GString *out = g_string_new(NULL);
	bool space = false, pdf = how != NORM_EXACT;

	for (const char *p = s; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (c == 0x00AD || (pdf && c == 0x2060))
			continue;
		if (how == NORM_PDF_WANT && (c == 0x202F || c == 0x2009)) {
			g_string_append(out, "\u202F");
			space = false;
			continue;
		}
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
		    (pdf && (c == 0x00A0 || c == 0x202F || c == 0x2009))) {
			space = true;
			continue;
		}
		if (space && out->len)
			g_string_append_c(out, ' ');
		space = false;
		g_string_append_unichar(out, c);
	}
	return g_string_free(out, FALSE);
}

/* The text pieces of an expected [xml] fragment, in order (IN_ORDER) and of
 * its notes (ANYWHERE). */
static void collect_pieces(const xmlNode *n, bool in_note, GPtrArray *in_order, GPtrArray *anywhere)
{
	for (const xmlNode *k = n->children; k; k = k->next) {
		if (k->type == XML_TEXT_NODE && k->content) {
			char *t = g_strstrip(g_strdup((const char *)k->content));
			if (*t)
				g_ptr_array_add(in_note ? anywhere : in_order, t);
			else
				g_free(t);
		} else if (k->type == XML_ELEMENT_NODE) {
			collect_pieces(k, in_note || strcmp((const char *)k->name, "note") == 0,
				       in_order, anywhere);
		}
	}
}

/* One compiled output: its name and its text, normalised. */
struct spec_output {
	const char *format;   /* "pdf", "trace", "html", "txt" */
	char *text;
	long cursor;          /* bytes of text already matched by earlier cases */
};

static char *read_pdf_text(const char *path)
{
	char *argv[] = { "pdftotext", "-enc", "UTF-8", "-raw", (char *)path, "-", NULL };
	char *out = NULL, *err = NULL;
	int status = 0;

	if (!g_spawn_sync(NULL, argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err,
			  &status, NULL) || !g_spawn_check_wait_status(status, NULL)) {
		printf("%s: pdftotext failed: %s\n", path, err ? err : "");
		g_free(out);
		out = NULL;
	}
	g_free(err);
	return out;
}

/* The text the trace device says each line of the PDF draws, one line of
 * the trace ("text X Y WIDTH "…"") per line of the page. */
static char *read_trace_text(const char *path)
{
	char *raw = NULL;
	GString *out = g_string_new(NULL);

	if (!g_file_get_contents(path, &raw, NULL, NULL))
		return g_string_free(out, TRUE), NULL;
	char **lines = g_strsplit(raw, "\n", -1);
	for (char **l = lines; *l; l++) {
		const char *q = g_str_has_prefix(*l, "text ") ? strchr(*l, '"') : NULL;
		if (!q)
			continue;
		for (q++; *q && *q != '"'; q++) {
			if (*q == '\\' && q[1])
				q++;
			g_string_append_c(out, *q);
		}
		g_string_append_c(out, '\n');
	}
	g_strfreev(lines);
	g_free(raw);
	return g_string_free(out, FALSE);
}

/* The text of the HTML file's <body>, entities resolved, without <style>
 * and <script>. */
static void drop_elements(xmlNode *n)
{
	for (xmlNode *k = n->children, *next; k; k = next) {
		next = k->next;
		if (k->type == XML_ELEMENT_NODE && (strcmp((const char *)k->name, "style") == 0 ||
						    strcmp((const char *)k->name, "script") == 0)) {
			xmlUnlinkNode(k);
			xmlFreeNode(k);
		} else {
			drop_elements(k);
		}
	}
}

static char *read_html_text(const char *path)
{
	htmlDocPtr d = htmlReadFile(path, "UTF-8", HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
				    HTML_PARSE_NONET);
	xmlNode *n = d ? xmlDocGetRootElement(d) : NULL;
	char *text = NULL;

	for (n = n ? n->children : NULL; n; n = n->next)
		if (n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, "body") == 0)
			break;
	if (n) {
		drop_elements(n);
		xmlChar *c = xmlNodeGetContent(n);
		text = g_strdup((const char *)c);
		xmlFree(c);
	}
	if (d)
		xmlFreeDoc(d);
	return text;
}

/* A bit of TEXT at CURSOR, for a failure message. */
static char *near(const char *text, long cursor)
{
	const char *p = text + cursor;
	GString *s = g_string_new(NULL);

	for (int i = 0; *p && i < 70; i++, p = g_utf8_next_char(p))
		g_string_append_unichar(s, g_utf8_get_char(p));
	if (*p)
		g_string_append(s, "…");
	return g_string_free(s, FALSE);
}

/* The end of WANT matched at T, or NULL. With PDF, a thin space in WANT
 * (NORM_PDF_WANT) matches one space of T or none; everything else matches
 * itself. */
static const char *match_at(const char *t, const char *want, bool pdf)
{
	static const char thin[] = "\u202F";

	while (*want) {
		if (pdf && strncmp(want, thin, sizeof thin - 1) == 0) {
			want += sizeof thin - 1;
			if (*t == ' ') {
				const char *r = match_at(t + 1, want, pdf);
				if (r)
					return r;
			}
			continue;
		}
		if (*t != *want)
			return NULL;
		t++;
		want++;
	}
	return t;
}

/* The first place WANT matches in TEXT at or after FROM, or NULL; *END is
 * set to the end of the match. */
static const char *find_in(const char *text, const char *from, const char *want, bool pdf,
			   const char **end)
{
	for (const char *t = from; *t; t++) {
		const char *e = match_at(t, want, pdf);
		if (e) {
			*end = e;
			return t;
		}
	}
	*end = NULL;
	return *want ? NULL : from;
}

static const struct placement *placement_of(const struct spec_case *c);

/* Finds the case's pieces in OUT, in order from its cursor (the notes'
 * anywhere); moves the cursor past them when all are found. None of the
 * pieces of NOWHERE may be in OUT: in all of it when the case has a
 * document of its own, else between the start of its first piece and the
 * end of its last (the other cases' text is not its business). */
static void check_output(const char *file, const struct spec_case *c, struct spec_output *out,
			 GPtrArray *in_order, GPtrArray *anywhere, GPtrArray *nowhere)
{
	enum spec_norm how = strcmp(out->format, "pdf") == 0 ? NORM_PDF_WANT : NORM_EXACT;
	long at = out->cursor, first = -1;
	char *what = g_strdup_printf("%s output", out->format);

	for (guint i = 0; i < in_order->len; i++) {
		char *want = normalise(g_ptr_array_index(in_order, i), how);
		const char *end;
		const char *hit = find_in(out->text, out->text + at, want, how != NORM_EXACT, &end);
		if (!hit) {
			char *got = near(out->text, at);
			fail(file, c, what, want, got);
			g_free(got);
			g_free(want);
			g_free(what);
			return;
		}
		if (first < 0)
			first = (long)(hit - out->text);
		at = end ? (long)(end - out->text) : at;
		g_free(want);
	}
	for (guint i = 0; i < anywhere->len; i++) {
		char *want = normalise(g_ptr_array_index(anywhere, i), how);
		const char *end;
		if (!find_in(out->text, out->text, want, how != NORM_EXACT, &end))
			fail(file, c, what, want, "(not anywhere in the output)");
		g_free(want);
	}
	bool whole = placement_of(c) != NULL;
	char *span = whole ? g_strdup(out->text)
		: g_strndup(out->text + MAX(first, 0), (gsize)MAX(at - MAX(first, 0), 0));
	for (guint i = 0; i < nowhere->len; i++) {
		char *bad = normalise(g_ptr_array_index(nowhere, i), how);
		const char *end;
		char *want = g_strdup_printf("no \"%s\"", bad);
		const char *hit = find_in(span, span, bad, how != NORM_EXACT, &end);
		if (*bad && hit) {
			char *got = near(span, hit - span);
			fail(file, c, what, want, got);
			g_free(got);
		}
		g_free(want);
		g_free(bad);
	}
	g_free(span);
	out->cursor = at;
	g_free(what);
}

/* The rule-book options of a case as declc --param values. */
static GPtrArray *case_params(const struct spec_case *c)
{
	GPtrArray *p = g_ptr_array_new();
	if (c->opts.quotes_latam)
		g_ptr_array_add(p, "quotes=latam");
	if (c->opts.quotes_preserve)
		g_ptr_array_add(p, "quotes=preserve");
	if (c->opts.numbers_rae)
		g_ptr_array_add(p, "numbers=rae");
	if (c->opts.percent_thin)
		g_ptr_array_add(p, "percent-space=thin");
	return p;
}

static char *params_key(const struct spec_case *c)
{
	GPtrArray *p = case_params(c);
	g_ptr_array_add(p, NULL);
	char *key = g_strjoinv(" ", (char **)p->pdata);
	g_ptr_array_free(p, TRUE);
	return key;
}

/* Compiles the cases CS (all with the same options) of FILE as one document
 * BASE.xml into BASE.pdf, .html and .txt; checks every case in each. */
static void outputs_group(const char *declc, const char *file, GPtrArray *cs, const char *base)
{
	GString *doc = cases_document(cs);
	char *xml_path = g_strconcat(base, ".xml", NULL), *pdf_path = g_strconcat(base, ".pdf", NULL);
	GPtrArray *argv = g_ptr_array_new_with_free_func(g_free);
	const struct spec_case *first = g_ptr_array_index(cs, 0);
	GPtrArray *params = case_params(first);
	char *out = NULL, *err = NULL;
	int status = 0;

	if (!g_file_set_contents(xml_path, doc->str, (gssize)doc->len, NULL)) {
		printf("%s: cannot write %s\n", file, xml_path);
		failures++;
		goto done;
	}
	g_ptr_array_add(argv, g_strdup(declc));
	g_ptr_array_add(argv, g_strdup(xml_path));
	g_ptr_array_add(argv, g_strdup("-q"));
	g_ptr_array_add(argv, g_strdup("--no-hyphenate"));
	g_ptr_array_add(argv, g_strdup("-f"));
	g_ptr_array_add(argv, g_strdup("pdf,trace,html,txt"));
	g_ptr_array_add(argv, g_strdup("-o"));
	g_ptr_array_add(argv, g_strdup(pdf_path));
	/* One line per paragraph: a page 4 m wide, no indent. */
	g_ptr_array_add(argv, g_strdup("--param=page-width=11000"));
	g_ptr_array_add(argv, g_strdup("--param=paragraph-indent=0"));
	for (guint i = 0; i < params->len; i++)
		g_ptr_array_add(argv, g_strconcat("--param=", (char *)g_ptr_array_index(params, i), NULL));
	g_ptr_array_add(argv, NULL);
	if (!g_spawn_sync(NULL, (char **)argv->pdata, NULL, 0, NULL, NULL, &out, &err, &status, NULL) ||
	    !g_spawn_check_wait_status(status, NULL)) {
		printf("%s: declc could not compile the cases (%s):\n%s\n", file, xml_path, err ? err : "");
		failures++;
		goto done;
	}

	struct spec_output outs[4] = { { "pdf", NULL, 0 }, { "trace", NULL, 0 }, { "html", NULL, 0 },
				       { "txt", NULL, 0 } };
	for (int f = 0; f < 4; f++) {
		char *path = g_strconcat(base, ".", outs[f].format, NULL);
		char *raw = NULL;
		if (f == 0)
			raw = read_pdf_text(path);
		else if (f == 1)
			raw = read_trace_text(path);
		else if (f == 2)
			raw = read_html_text(path);
		else if (!g_file_get_contents(path, &raw, NULL, NULL))
			raw = NULL;
		if (!raw) {
			printf("%s: cannot read %s\n", file, path);
			failures++;
		}
		outs[f].text = raw ? normalise(raw, f == 0 ? NORM_PDF_TEXT : NORM_EXACT) : NULL;
		g_free(raw);
		g_free(path);
	}
	for (guint i = 0; i < cs->len; i++) {
		const struct spec_case *c = g_ptr_array_index(cs, i);
		char *exp = c->unchanged ? expand(c->input->str) : expand(c->expected->str);
		GPtrArray *in_order = g_ptr_array_new_with_free_func(g_free);
		GPtrArray *anywhere = g_ptr_array_new_with_free_func(g_free);
		GPtrArray *nowhere = g_ptr_array_new_with_free_func(g_free);
		if (c->outputs->len) {
			/* The case says what the outputs show ("--- outputs"):
			 * pieces in order, and "!" before what must not be
			 * there. */
			for (guint k = 0; k < c->outputs->len; k++) {
				const char *o = g_ptr_array_index(c->outputs, k);
				if (*o == '!')
					g_ptr_array_add(nowhere, expand(o + 1));
				else
					g_ptr_array_add(in_order, expand(o));
			}
		} else if (c->xml) {
			xmlDoc *d = parse_fragment(exp);
			if (d)
				collect_pieces(xmlDocGetRootElement(d), false, in_order, anywhere);
			else
				fail(file, c, "the expected markup is not well-formed", "", exp);
			xmlFreeDoc(d);
		} else {
			g_ptr_array_add(in_order, g_strdup(exp));
		}
		for (int f = 0; f < 4; f++)
			if (outs[f].text)
				check_output(file, c, &outs[f], in_order, anywhere, nowhere);
		g_ptr_array_free(nowhere, TRUE);
		g_ptr_array_free(in_order, TRUE);
		g_ptr_array_free(anywhere, TRUE);
		g_free(exp);
	}
	for (int f = 0; f < 4; f++)
		g_free(outs[f].text);
done:
	g_free(out);
	g_free(err);
	g_ptr_array_free(params, TRUE);
	g_ptr_array_free(argv, TRUE);
	g_string_free(doc, TRUE);
	g_free(xml_path);
	g_free(pdf_path);
}

/* All the cases of PATH through the outputs: one group of cases per set of
 * options, in the order of their first case; the [xml] cases a body cannot
 * hold are listed and left out. */
static int outputs_file(struct declc_run *run, const char *declc, const char *outdir,
			const char *path)
{
	GPtrArray *cases = parse_file(path);
	GPtrArray *keys = g_ptr_array_new_with_free_func(g_free);
	GPtrArray *groups = g_ptr_array_new_with_free_func((GDestroyNotify)g_ptr_array_unref);
	int before = failures, compiled = 0;
	char *name = g_path_get_basename(path);

	if (!cases) {
		printf("%s: cannot read\n", path);
		g_free(name);
		return 1;
	}
	*strrchr(name, '.') = '\0';
	for (guint i = 0; i < cases->len; i++) {
		struct spec_case *c = g_ptr_array_index(cases, i);
		char *why = c->xml ? case_invalid(run, c) : NULL;
		if (why) {
			printf("%s:%d: %s: not compiled, not a valid declaration body: %s\n",
			       path, c->line, c->title, why);
			g_free(why);
			continue;
		}
		/* A placed case (title block, opener, closer) has a document
		 * of its own. */
		char *key = placement_of(c) ? g_strdup_printf("#%d", c->line) : params_key(c);
		guint g;
		for (g = 0; g < keys->len && strcmp(g_ptr_array_index(keys, g), key) != 0; g++)
			;
		if (g == keys->len) {
			g_ptr_array_add(keys, key);
			g_ptr_array_add(groups, g_ptr_array_new());
		} else {
			g_free(key);
		}
		g_ptr_array_add(g_ptr_array_index(groups, g), c);
		compiled++;
	}
	for (guint g = 0; g < groups->len; g++) {
		char *file = g_strdup_printf("spec-%s-%u", name, g + 1);
		char *base = g_build_filename(outdir, file, NULL);
		outputs_group(declc, path, g_ptr_array_index(groups, g), base);
		g_free(base);
		g_free(file);
	}
	printf("%s: %d of %u cases through pdf, trace, html and txt (%u declc runs), %d failed\n", path,
	       compiled, cases->len, groups->len, failures - before);
	g_ptr_array_free(groups, TRUE);
	g_ptr_array_free(keys, TRUE);
	g_ptr_array_free(cases, TRUE);
	g_free(name);
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
	} else if (argc >= 5 && strcmp(argv[1], "--outputs") == 0) {
		char *pdftotext = g_find_program_in_path("pdftotext");
		if (!pdftotext) {
			printf("pdftotext not found (Debian package poppler-utils): skipped\n");
			return 77;
		}
		g_free(pdftotext);
		/* The schemas, to tell the [xml] cases a declaration can hold. */
		struct declc_run run = { 0 };
		struct diag_sink *diags = diag_sink_new();
		char *rng = g_build_filename(DECLC_SOURCE_DIR, "schemas", "declaracion.rng", NULL);
		char *sch = g_build_filename(DECLC_SOURCE_DIR, "schemas", "declaracion.sch", NULL);
		run.schemas = validate_load(rng, sch, diags);
		g_free(rng);
		g_free(sch);
		if (!run.schemas) {
			printf("cannot load the schemas of %s\n", DECLC_SOURCE_DIR);
			return 1;
		}
		g_mkdir_with_parents(argv[3], 0755);
		for (int i = 4; i < argc; i++)
			if (outputs_file(&run, argv[2], argv[3], argv[i]))
				failures++;
		validate_free(run.schemas);
		diag_sink_free(diags);
	} else if (argc < 2) {
		fprintf(stderr, "usage: run_spec FILE.txt... | run_spec --table DIR |\n"
			"       run_spec --outputs DECLC OUTDIR FILE.txt...\n");
		return 2;
	} else {
		for (int i = 1; i < argc; i++)
			if (run_file(argv[i]))
				failures++;
	}
	xmlCleanupParser();
	return failures ? 1 : 0;
}
