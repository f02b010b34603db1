/*
 * import.c — bringing past editions into TEI: the interface (import.h), the
 * block model, the document, and the files.
 *
 * Consumes: a .txt, .md or .html file. Produces: a TEI declaration, written
 * atomically, then validated with the run's schemas in-process. The file is
 * read into blocks (import_text.c, import_html.c), the blocks are cut into
 * units (import_units.c), and the units are assigned in this order: the
 * title block from the top and a letter's opener after it (import_front.c),
 * the closer and its signatories from the end (import_closer.c), and the
 * body in between (import_body.c). docs/import.md lists the heuristics.
 *
 * Every word lands in the TEI once, in order: the TEI is built from ranges
 * of the input's lines, and before anything is written the words of the
 * input and of the TEI are compared (check_words): a difference is a bug,
 * reported as one, and nothing is written. Markup characters and list
 * labels (kept in @n) are all that is left out.
 */
#include <string.h>
#include <glib/gstdio.h>
#include <libxml/tree.h>
#include <libxml/xmlsave.h>
#include "import.h"
#include "import_priv.h"
#include "load.h"
#include "output.h"
#include "validate.h"

#define TEI_NS "http://www.tei-c.org/ns/1.0"

/* ---- the model (import_priv.h) ---- */

struct imp_line *imp_line_new(int lineno)
{
	struct imp_line *l = g_new0(struct imp_line, 1);
	l->text = g_string_new(NULL);
	l->spans = g_array_new(FALSE, FALSE, sizeof(struct imp_span));
	l->lineno = lineno;
	return l;
}

void imp_line_free(gpointer p)
{
	struct imp_line *l = p;
	if (!l)
		return;
	for (guint i = 0; i < l->spans->len; i++)
		g_free(g_array_index(l->spans, struct imp_span, i).href);
	g_array_free(l->spans, TRUE);
	g_string_free(l->text, TRUE);
	g_free(l);
}

void imp_line_append(struct imp_line *l, const char *text, gssize len, unsigned marks,
		     const char *href)
{
	size_t start = l->text->len;
	g_string_append_len(l->text, text, len < 0 ? (gssize)strlen(text) : len);
	if (!marks && !href)
		return;
	if (l->spans->len) {
		struct imp_span *last = &g_array_index(l->spans, struct imp_span, l->spans->len - 1);
		if (last->end == start && last->marks == marks && g_strcmp0(last->href, href) == 0) {
			last->end = l->text->len;
			return;
		}
	}
	struct imp_span s = { start, l->text->len, marks, g_strdup(href) };
	g_array_append_val(l->spans, s);
}

void imp_line_squeeze(struct imp_line *l)
{
	GString *out = g_string_new(NULL);
	size_t *map = g_new(size_t, l->text->len + 1);   /* old byte → new byte */
	bool space = true;                                /* drops leading space */

	for (size_t i = 0; i < l->text->len; i++) {
		map[i] = out->len;
		char c = l->text->str[i];
		bool ws = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
		if (ws) {
			if (!space)
				g_string_append_c(out, ' ');
			space = true;
		} else {
			g_string_append_c(out, c);
			space = false;
		}
	}
	map[l->text->len] = out->len;
	if (out->len && out->str[out->len - 1] == ' ')
		g_string_truncate(out, out->len - 1);
	for (guint i = 0; i < l->spans->len;) {
		struct imp_span *s = &g_array_index(l->spans, struct imp_span, i);
		s->start = MIN(map[s->start], out->len);
		s->end = MIN(map[s->end], out->len);
		if (s->end <= s->start) {
			g_free(s->href);
			g_array_remove_index(l->spans, i);
		} else {
			i++;
		}
	}
	g_free(map);
	g_string_assign(l->text, out->str);
	g_string_free(out, TRUE);
}

struct imp_block *imp_block_new(enum imp_kind kind, int line)
{
	struct imp_block *b = g_new0(struct imp_block, 1);
	b->kind = kind;
	b->line = line;
	b->lines = g_ptr_array_new_with_free_func(imp_line_free);
	b->children = g_ptr_array_new_with_free_func(imp_block_free);
	return b;
}

void imp_block_free(gpointer p)
{
	struct imp_block *b = p;
	if (!b)
		return;
	g_ptr_array_unref(b->lines);
	g_ptr_array_unref(b->children);
	g_free(b->label);
	g_free(b);
}

/* ---- the document ---- */

static void add_header(struct em *em, xmlNode *header, const char *input_name, const char *kind)
{
	xmlNode *fd = tei_el(em, header, "fileDesc");
	xmlNode *ts = tei_el(em, fd, "titleStmt");
	xmlNode *title = tei_el(em, ts, "title");
	tei_text(em, title, em->title->str, em->title->len);
	xmlNode *ps = tei_el(em, fd, "publicationStmt");
	import_comment(em, ps, "the text does not say who publishes it: write the publisher here");
	xmlNode *pub = tei_el(em, ps, "publisher");
	xmlNodeAddContent(pub, BAD_CAST "Editor desconocido");
	if (em->pub_place) {
		xmlNode *pp = tei_el(em, ps, "pubPlace");
		xmlNodeAddContent(pp, BAD_CAST em->pub_place);
	}
	if (em->date_when[0])
		tei_set(tei_el(em, ps, "date"), "when", em->date_when);
	xmlNode *sd = tei_el(em, fd, "sourceDesc");
	xmlNode *p = tei_el(em, sd, "p");
	char *s = g_strdup_printf("Importado con declc import de «%s» (%s). Los comentarios «declc import» "
				  "señalan lo que conviene revisar.", input_name, kind);
	xmlNodeAddContent(p, BAD_CAST s);
	g_free(s);
}

/* Builds the TEI of IN into a new document. */
static xmlDoc *build(struct declc_doc *doc, struct imp_input *in, const char *input_name)
{
	struct em em = { .doc = doc, .html = in->html, .title = g_string_new(NULL),
			 .pend = g_string_new(NULL) };
	em.xml = xmlNewDoc(BAD_CAST "1.0");
	xmlNode *tei = xmlNewDocNode(em.xml, NULL, BAD_CAST "TEI", NULL);
	xmlDocSetRootElement(em.xml, tei);
	em.ns = xmlNewNs(tei, BAD_CAST TEI_NS, NULL);
	xmlSetNs(tei, em.ns);
	xmlNodeSetLang(tei, BAD_CAST "es");
	xmlNode *header = tei_el(&em, tei, "teiHeader");
	xmlNode *textn = tei_el(&em, tei, "text");

	em.units = import_cut_units(in->blocks, in->html);
	guint n = em.units->len;

	/* From the end: the page's own footer (an HTML <footer>, <nav> or
	 * <aside> after the text) is closing lines, trailers; before it, a
	 * postscript ("P. D.") and everything after it. */
	guint tail_start = n;
	while (tail_start > 1 && ((struct unit *)g_ptr_array_index(em.units, tail_start - 1))->b->container)
		tail_start--;
	n = tail_start;
	guint ps_start = n;
	for (guint i = 1; i < n; i++) {
		struct unit *u = g_ptr_array_index(em.units, i);
		if (u->kind == U_P && import_postscript(u->text)) {
			ps_start = i;
			break;
		}
	}
	bool guessed_title;
	guint title_end = import_find_title(&em, ps_start, &guessed_title);
	if (title_end > 0) {
		xmlNode *front = tei_el(&em, textn, "front");
		import_emit_title(&em, front, title_end, guessed_title);
	}
	xmlNode *body = tei_el(&em, textn, "body");
	guint body_start = import_emit_opener(&em, body, title_end, ps_start);
	struct closer_plan cp = { 0 };
	bool has_closer = body_start < ps_start && import_find_closer(&em, body_start, ps_start, &cp);
	guint body_end = has_closer ? cp.start : ps_start;
	import_classify_body(&em, body_start, body_end);
	bool any = false;
	for (guint i = body_start; i < body_end; i++)
		any |= !((struct unit *)g_ptr_array_index(em.units, i))->joined;
	if (!any) {
		xmlNode *p = tei_el(&em, body, "p");
		import_comment(&em, p, "no paragraph of text was found: this empty paragraph keeps the document valid");
		doc_diag(doc, body_start < n ? import_uline(g_ptr_array_index(em.units, MIN(body_start, n - 1)), 0)->lineno : 0,
			 0, DIAG_W_IMPORT_NO_BODY);
	}
	import_emit_body(&em, body, body_start, body_end);
	xmlNode *ps = has_closer ? import_emit_closer(&em, body, &cp, ps_start < n) : NULL;
	if (ps_start < n) {
		if (!ps)
			ps = tei_el(&em, body, "postscript");
		import_emit_flow(&em, ps, em.units, ps_start, n);
	}
	for (guint i = tail_start; i < em.units->len; i++) {
		struct unit *u = g_ptr_array_index(em.units, i);
		xmlNode *t = tei_el(&em, body, "trailer");
		if (u->kind == U_QUOTE)
			import_emit_quote(&em, t, u);
		else if (u->kind == U_ROW)
			import_emit_cells(&em, t, u);
		else
			import_emit_lines(&em, t, u, JOIN_LB, 0);
	}
	if (!em.title->len) {
		if (in->title)
			g_string_assign(em.title, in->title);
		else
			g_string_printf(em.title, "%s", input_name);
	}
	tei_flush(&em);
	add_header(&em, header, input_name, in->kind_name);
	tei_flush(&em);
	g_ptr_array_unref(em.units);
	g_string_free(em.title, TRUE);
	g_string_free(em.pend, TRUE);
	g_free(em.pub_place);
	return em.xml;
}

/* ---- files ---- */

enum import_kind import_kind_of(const char *path)
{
	static const struct { const char *ext; enum import_kind kind; } exts[] = {
		{ ".xml", IMPORT_NONE }, { ".tei", IMPORT_NONE },
		{ ".html", IMPORT_HTML }, { ".htm", IMPORT_HTML }, { ".xhtml", IMPORT_HTML },
		{ ".txt", IMPORT_TEXT }, { ".text", IMPORT_TEXT }, { ".md", IMPORT_TEXT },
		{ ".markdown", IMPORT_TEXT },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(exts); i++)
		if (g_str_has_suffix(path, exts[i].ext) ||
		    (strlen(path) > strlen(exts[i].ext) &&
		     g_ascii_strcasecmp(path + strlen(path) - strlen(exts[i].ext), exts[i].ext) == 0))
			return exts[i].kind;
	return IMPORT_TEXT;
}

char *import_output_path(const char *input, const char *outdir)
{
	if (strcmp(input, "-") == 0)
		return g_strdup("-");
	char *base = g_path_get_basename(input);
	char *dot = strrchr(base, '.');
	if (dot && dot != base)
		*dot = 0;
	char *name = g_strconcat(base, ".xml", NULL);
	char *dir = outdir ? g_strdup(outdir) : g_path_get_dirname(input);
	char *out = g_build_filename(dir, name, NULL);
	g_free(base);
	g_free(name);
	g_free(dir);
	return out;
}

/* The relative path from folder FROM to file TO (both absolute). */
static char *relative_path(const char *from, const char *to)
{
	char **a = g_strsplit(from, "/", -1), **b = g_strsplit(to, "/", -1);
	guint i = 0;
	while (a[i] && b[i] && b[i + 1] && strcmp(a[i], b[i]) == 0)
		i++;
	GString *s = g_string_new(NULL);
	for (guint j = i; a[j]; j++)
		if (*a[j])
			g_string_append(s, "../");
	for (guint j = i; b[j]; j++) {
		g_string_append(s, b[j]);
		if (b[j + 1])
			g_string_append_c(s, '/');
	}
	g_strfreev(a);
	g_strfreev(b);
	return g_string_free(s, FALSE);
}

static char *real_dir(const char *path)
{
	if (strcmp(path, "-") == 0)
		return g_get_current_dir();
	char *dir = g_path_get_dirname(path);
	char *real = realpath(dir, NULL);
	char *out = real ? g_strdup(real) : g_canonicalize_filename(dir, NULL);
	free(real);
	g_free(dir);
	return out;
}

/* The <?xml-model?> lines: the schemas of the run's data folder, by a path
 * relative to where the document is written (as TEI editors expect). */
static void add_xml_models(xmlDoc *xml, const struct declc_run *run, const char *output)
{
	static const struct { const char *file, *ns; } models[] = {
		{ "declaracion.rng", "http://relaxng.org/ns/structure/1.0" },
		{ "declaracion.sch", "http://purl.oclc.org/dsdl/schematron" },
	};
	char *dir = real_dir(output);
	xmlNode *root = xmlDocGetRootElement(xml);
	for (size_t i = 0; i < G_N_ELEMENTS(models); i++) {
		char *target = g_build_filename(run->data_dir, "schemas", models[i].file, NULL);
		char *real = realpath(target, NULL);
		char *href = relative_path(dir, real ? real : target);
		char *data = g_strdup_printf("href=\"%s\" type=\"application/xml\" schematypens=\"%s\"",
					     href, models[i].ns);
		xmlAddPrevSibling(root, xmlNewDocPI(xml, BAD_CAST "xml-model", BAD_CAST data));
		free(real);
		g_free(target);
		g_free(href);
		g_free(data);
	}
	g_free(dir);
}

/* The input's bytes; NULL after reporting. */
static char *read_input(struct declc_doc *doc, gsize *len)
{
	GError *err = NULL;
	char *bytes = NULL;
	if (strcmp(doc->path, "<stdin>") == 0) {
		GByteArray *in = g_byte_array_new();
		guint8 chunk[65536];
		size_t n;
		while ((n = fread(chunk, 1, sizeof chunk, stdin)) > 0 && in->len <= IMPORT_MAX_BYTES)
			g_byte_array_append(in, chunk, (guint)n);
		*len = in->len;
		bytes = (char *)g_byte_array_free(in, FALSE);
	} else {
		GStatBuf sb;
		if (g_stat(doc->path, &sb) == 0 && !S_ISREG(sb.st_mode)) {
			doc_diag(doc, 0, 0, DIAG_E_READ, "not a regular file");
			return NULL;
		}
		if (!g_file_get_contents(doc->path, &bytes, len, &err)) {
			doc_diag(doc, 0, 0, DIAG_E_READ, err->message);
			g_error_free(err);
			return NULL;
		}
	}
	size_t limit = doc->run->max_size ? MIN(doc->run->max_size, IMPORT_MAX_BYTES) : IMPORT_MAX_BYTES;
	if (*len > limit) {
		char *size = g_strdup_printf("%zu", (size_t)*len);
		char *max = g_format_size_full(limit, G_FORMAT_SIZE_IEC_UNITS);
		doc_diag(doc, 0, 0, DIAG_E_TOO_LARGE, size, max);
		g_free(size);
		g_free(max);
		g_free(bytes);
		return NULL;
	}
	return bytes;
}

static bool looks_like_html(const char *bytes, size_t len)
{
	char *head = g_ascii_strdown(bytes, (gssize)MIN(len, 4096));
	char *p = head;
	while (*p && g_ascii_isspace(*p))
		p++;
	bool yes = *p == '<' && (strstr(head, "<html") || strstr(head, "<body") || strstr(head, "<p") ||
				 strstr(head, "<!doctype html"));
	g_free(head);
	return yes;
}

static bool looks_like_xml(const char *bytes, size_t len)
{
	size_t i = len >= 3 && memcmp(bytes, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
	while (i < len && g_ascii_isspace(bytes[i]))
		i++;
	return len - i >= 5 && memcmp(bytes + i, "<?xml", 5) == 0 && !looks_like_html(bytes, len);
}

static bool has_words(GPtrArray *blocks)
{
	for (guint i = 0; i < blocks->len; i++) {
		const struct imp_block *b = g_ptr_array_index(blocks, i);
		for (guint k = 0; k < b->lines->len; k++)
			if (import_words(((struct imp_line *)g_ptr_array_index(b->lines, k))->text->str))
				return true;
		if (has_words(b->children))
			return true;
	}
	return false;
}

/* ---- the promise, checked: the same words, in order ---- */

/* Appends to KEYS the words of S: white-space separated, punctuation at
 * their ends left out, punctuation-only tokens dropped. */
static void add_keys(GPtrArray *keys, const char *s)
{
	char **w = g_strsplit_set(s, " \t\n\r\f\v", -1);
	for (char **p = w; *p; p++) {
		const char *a = *p, *b = *p + strlen(*p);
		while (a < b && !g_unichar_isalnum(g_utf8_get_char(a)))
			a = g_utf8_next_char(a);
		while (b > a && !g_unichar_isalnum(g_utf8_get_char(g_utf8_prev_char(b))))
			b = g_utf8_prev_char(b);
		if (b > a)
			g_ptr_array_add(keys, g_strndup(a, (gsize)(b - a)));
	}
	g_strfreev(w);
}

static void input_keys(GPtrArray *keys, GPtrArray *blocks, GString *buf)
{
	for (guint i = 0; i < blocks->len; i++) {
		const struct imp_block *b = g_ptr_array_index(blocks, i);
		if (b->kind == IMP_ITEM && b->label) {
			/* A label the page generates (<ol>) is the item's @n. */
			g_string_append_printf(buf, " %s ", b->label);
		}
		for (guint k = 0; k < b->lines->len; k++) {
			g_string_append_c(buf, ' ');
			g_string_append(buf, ((struct imp_line *)g_ptr_array_index(b->lines, k))->text->str);
			g_string_append_c(buf, ' ');
		}
		input_keys(keys, b->children, buf);
	}
}

static bool inline_element(const xmlNode *n)
{
	static const char *const names[] = {
		"hi", "ref", "date", "placeName", "pubPlace", "docDate", "persName", "orgName",
		"roleName", "name", "num", "foreign", "q", NULL
	};
	if (n->parent && xmlStrEqual(n->parent->name, BAD_CAST "signed"))
		return false;
	for (const char *const *p = names; *p; p++)
		if (xmlStrEqual(n->name, BAD_CAST *p))
			return true;
	return false;
}

/* The text of the TEI <text>, element boundaries as spaces (inline ones
 * aside), an item's @n before its words. Iterative: no recursion. */
/* The text of the TEI <text>, element boundaries as spaces (inline ones
 * aside), an item's @n before its words. Iterative: no recursion. */
static void text_of(const xmlNode *top, GString *buf)
{
	const xmlNode *n = top->children;
	while (n && n != top) {
		if (n->type == XML_TEXT_NODE) {
			g_string_append(buf, (const char *)n->content);
		} else if (n->type == XML_ELEMENT_NODE) {
			if (!inline_element(n))
				g_string_append_c(buf, ' ');
			xmlChar *label = xmlStrEqual(n->name, BAD_CAST "item") ? xmlGetProp(n, BAD_CAST "n") : NULL;
			if (label)
				g_string_append_printf(buf, " %s ", (const char *)label);
			xmlFree(label);
			if (n->children) {
				n = n->children;
				continue;
			}
			if (!inline_element(n))
				g_string_append_c(buf, ' ');
		}
		while (n && n != top && !n->next) {
			n = n->parent;
			if (n && n != top && n->type == XML_ELEMENT_NODE && !inline_element(n))
				g_string_append_c(buf, ' ');
		}
		if (n && n != top)
			n = n->next;
	}
}

/* Every word of the input is in the TEI, in order, and no other: if not,
 * the importer has a bug, and nothing is written. */
static int check_words(struct declc_doc *doc, struct imp_input *in, xmlDoc *xml)
{
	GPtrArray *a = g_ptr_array_new_with_free_func(g_free), *b = g_ptr_array_new_with_free_func(g_free);
	GString *sa = g_string_new(NULL), *sb = g_string_new(NULL);
	const xmlNode *text = NULL;
	int rc = 0;

	for (xmlNode *n = xmlDocGetRootElement(xml)->children; n; n = n->next)
		if (n->type == XML_ELEMENT_NODE && xmlStrEqual(n->name, BAD_CAST "text"))
			text = n;
	input_keys(a, in->blocks, sa);
	add_keys(a, sa->str);
	if (text)
		text_of(text, sb);
	add_keys(b, sb->str);
	for (guint i = 0; i < MAX(a->len, b->len); i++) {
		const char *x = i < a->len ? g_ptr_array_index(a, i) : "(end)";
		const char *y = i < b->len ? g_ptr_array_index(b, i) : "(end)";
		if (strcmp(x, y) != 0) {
			char *msg = g_strdup_printf("word %u of the input, \"%s\", is \"%s\" in the TEI", i + 1, x, y);
			doc_diag(doc, 0, 0, DIAG_E_IMPORT_LOST, msg);
			g_free(msg);
			rc = -1;
			break;
		}
	}
	g_ptr_array_unref(a);
	g_ptr_array_unref(b);
	g_string_free(sa, TRUE);
	g_string_free(sb, TRUE);
	return rc;
}

/* A block whose text would be one run longer than load.c reads. */
static bool too_long(struct declc_doc *doc, GPtrArray *blocks)
{
	for (guint i = 0; i < blocks->len; i++) {
		const struct imp_block *b = g_ptr_array_index(blocks, i);
		size_t n = 0;
		for (guint k = 0; k < b->lines->len; k++)
			n += ((struct imp_line *)g_ptr_array_index(b->lines, k))->text->len + 1;
		if (n > LOAD_MAX_TEXT) {
			doc_diag(doc, b->line, 0, DIAG_E_TEXT_TOO_LONG, LOAD_MAX_TEXT);
			return true;
		}
		if (too_long(doc, b->children))
			return true;
	}
	return false;
}

static int import_into(struct declc_doc *doc, const char *output)
{
	gsize len = 0;
	char *bytes = read_input(doc, &len);
	struct imp_input in = { .blocks = g_ptr_array_new_with_free_func(imp_block_free) };
	xmlChar *mem = NULL;
	int size = 0, rc = -1;
	xmlDoc *xml = NULL;

	if (!bytes)
		goto done;
	enum import_kind kind = import_kind_of(doc->path);
	if (kind == IMPORT_NONE || looks_like_xml(bytes, len)) {
		doc_diag(doc, 1, 0, DIAG_E_IMPORT_XML);
		goto done;
	}
	if (kind == IMPORT_TEXT && (strcmp(doc->path, "<stdin>") == 0 ||
				    !strrchr(doc->path, '.')) && looks_like_html(bytes, len))
		kind = IMPORT_HTML;
	bool md = g_str_has_suffix(doc->path, ".md") || g_str_has_suffix(doc->path, ".markdown");
	in.kind_name = kind == IMPORT_HTML ? "HTML" : md ? "Markdown" : "texto plano";
	if ((kind == IMPORT_HTML ? import_read_html : import_read_text)(doc, bytes, len, &in) != 0)
		goto done;
	if (!has_words(in.blocks)) {
		doc_diag(doc, 1, 0, DIAG_E_IMPORT_EMPTY);
		goto done;
	}
	if (too_long(doc, in.blocks))
		goto done;
	char *name = strcmp(doc->path, "<stdin>") == 0 ? g_strdup("<stdin>") : g_path_get_basename(doc->path);
	xml = build(doc, &in, name);
	g_free(name);
	if (check_words(doc, &in, xml) != 0)
		goto done;
	add_xml_models(xml, doc->run, output);
	xmlDocDumpFormatMemoryEnc(xml, &mem, &size, "UTF-8", 1);
	if (!mem || size <= 0) {
		doc_diag(doc, 0, 0, DIAG_E_INTERNAL, "the TEI could not be serialised");
		goto done;
	}
	if (out_write(doc, output, mem, (size_t)size) != 0)
		goto done;
	/* What was written must validate; if not, it is our bug. Its problems
	 * are reported at the output's lines, on DOC's sink. */
	struct declc_doc *vdoc = doc_new(doc->run, strcmp(output, "-") == 0 ? "<stdout>" : output);
	struct diag_sink *own = vdoc->diags;
	vdoc->diags = doc->diags;
	bool valid = load_memory(vdoc, (const char *)mem, (size_t)size) == 0 &&
		     validate_document(vdoc, doc->run->schemas) == 0;
	if (!valid)
		doc_diag(doc, 0, 0, DIAG_E_IMPORT_INVALID, vdoc->path);
	vdoc->diags = own;
	doc_free(vdoc);
	rc = valid ? 0 : -1;
done:
	xmlFree(mem);
	xmlFreeDoc(xml);
	g_free(in.title);
	g_ptr_array_unref(in.blocks);
	g_free(bytes);
	return rc;
}

int import_doc(struct declc_doc *doc, const char *output_xml)
{
	char *output = output_xml ? g_strdup(output_xml)
		: import_output_path(strcmp(doc->path, "<stdin>") ? doc->path : "-", NULL);
	int rc = import_into(doc, output);
	int status = diag_status(doc->diags);

	g_free(output);
	/* (An invalid output reports import:invalid, whose status, 4, is the
	 * worst; the schema's own errors under it count less.) */
	return rc != 0 && status == 0 ? DECLC_EINTERNAL : status;
}

int import_file(struct declc_run *run, const char *input, const char *output_xml)
{
	struct declc_doc *doc = doc_new(run, input);
	int status = import_doc(doc, output_xml);

	diag_flush(doc->diags, run->diag_out, run->diag_format, run->color, run->quiet);
	doc_free(doc);
	return status;
}
