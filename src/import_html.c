/*
 * import_html.c — HTML saved from a website into blocks.
 *
 * Consumes: the bytes of an .html page. Produces: the blocks of struct
 * imp_input (import_priv.h), the same as import_text.c makes, for import.c.
 *
 * libxml2's HTML parser reads the page, with no network and no external
 * loading (HTML_PARSE_NONET; the page's own errors are not ours to report:
 * NOERROR, NOWARNING). What counts is what a browser shows: the text of
 * <body>, with its white space collapsed; script, style, noscript and
 * template are not shown and not read. Headings, paragraphs, list items,
 * block quotations and table rows become blocks; b/strong, i/em, u, sup and
 * sub become marks; a link with a web address keeps its target; <br> breaks
 * a line. The numbers a browser writes before the items of an <ol> are given
 * as the items' labels. Anything else is a container whose text becomes
 * paragraphs.
 */
#include <string.h>
#include <libxml/HTMLparser.h>
#include "import_priv.h"

struct walker {
	struct declc_doc *doc;
	struct imp_input *in;
	GPtrArray *out;              /* where blocks go (the input's, or a quotation's) */
	struct imp_block *cur;       /* the block being filled, or NULL */
	struct imp_line *line;       /* its open line, or NULL */
	bool in_item;                /* inside <li>: paragraphs are lines of the item */
	bool in_cell;                /* inside a table cell: everything is one line */
	int list_depth;              /* <ul>/<ol> nesting */
	int list_group;              /* numbers the lists, so two lists stay two */
	const char *container;       /* "nav", "footer", "aside" around us, or NULL */
	bool deep_warned;
};

/* Elements that only mark text; everything else (except the skipped ones)
 * breaks it. tests/import/fidelity.py reads pages with the same list. */
static const char *const inline_tags[] = {
	"a", "abbr", "acronym", "b", "bdi", "bdo", "big", "cite", "code", "data", "del",
	"dfn", "em", "font", "i", "ins", "kbd", "label", "mark", "nobr", "q", "s", "samp",
	"small", "span", "strike", "strong", "sub", "sup", "time", "tt", "u", "var", "wbr",
	NULL
};
static const char *const skipped_tags[] = {
	"script", "style", "noscript", "template", "head", "title", NULL
};

static bool in_list(const char *const *list, const xmlChar *name)
{
	for (; *list; list++)
		if (xmlStrcasecmp(name, BAD_CAST *list) == 0)
			return true;
	return false;
}

static bool is(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && xmlStrcasecmp(n->name, BAD_CAST name) == 0;
}

static int line_of(const xmlNode *n)
{
	for (; n; n = n->parent) {
		long l = xmlGetLineNo(n);
		if (l > 0)
			return (int)l;
	}
	return 0;
}

/* Closes the open block: its lines squeezed, empty ones dropped, and the
 * block itself dropped if nothing is left. */
static void flush(struct walker *w)
{
	struct imp_block *b = w->cur;
	w->cur = NULL;
	w->line = NULL;
	if (!b)
		return;
	for (guint i = 0; i < b->lines->len;) {
		struct imp_line *l = g_ptr_array_index(b->lines, i);
		imp_line_squeeze(l);
		/* A row keeps its empty cells: they are columns. */
		if (l->text->len == 0 && b->kind != IMP_ROW) {
			if (i > 0)
				((struct imp_line *)g_ptr_array_index(b->lines, i - 1))->hard_break |= l->hard_break;
			g_ptr_array_remove_index(b->lines, i);
		} else {
			i++;
		}
	}
	if (b->lines->len == 0 && b->kind != IMP_ITEM && b->kind != IMP_ROW)
		g_ptr_array_remove(w->out, b);
}

static struct imp_block *open_block(struct walker *w, enum imp_kind kind, const xmlNode *at)
{
	flush(w);
	w->cur = imp_block_new(kind, line_of(at));
	w->cur->container = w->container;
	g_ptr_array_add(w->out, w->cur);
	return w->cur;
}

static struct imp_line *cur_line(struct walker *w, const xmlNode *at)
{
	if (!w->cur)
		open_block(w, IMP_TEXT, at);
	if (!w->line) {
		w->line = imp_line_new(line_of(at));
		g_ptr_array_add(w->cur->lines, w->line);
	}
	return w->line;
}

/* A forced break: the next text starts a new line of the same block. */
static void line_break(struct walker *w)
{
	if (w->line)
		w->line->hard_break = true;
	w->line = NULL;
}

/* A block boundary inside an item or a cell is a line break or a space;
 * elsewhere it ends the block. */
static void boundary(struct walker *w, const xmlNode *at)
{
	if (w->in_cell) {
		if (w->line)
			imp_line_append(w->line, " ", 1, 0, NULL);
	} else if (w->in_item) {
		line_break(w);
	} else {
		flush(w);
	}
	(void)at;
}

static void walk(struct walker *w, const xmlNode *parent, unsigned marks, const char *href, int depth);

/* Text too deep to follow: its characters, flat, in one line. */
static void flat_text(struct walker *w, const xmlNode *n, unsigned marks, const char *href)
{
	xmlChar *s = xmlNodeGetContent(n);
	if (!w->deep_warned) {
		doc_diag(w->doc, line_of(n), 0, DIAG_W_IMPORT_DEEP, IMPORT_MAX_DEPTH);
		w->deep_warned = true;
	}
	if (s)
		imp_line_append(cur_line(w, n), " ", 1, 0, NULL),
		imp_line_append(w->line, (const char *)s, -1, marks, href);
	xmlFree(s);
}

static char *roman(int v, bool upper)
{
	static const struct { int v; const char *s; } r[] = {
		{ 1000, "m" }, { 900, "cm" }, { 500, "d" }, { 400, "cd" }, { 100, "c" }, { 90, "xc" },
		{ 50, "l" }, { 40, "xl" }, { 10, "x" }, { 9, "ix" }, { 5, "v" }, { 4, "iv" }, { 1, "i" }
	};
	GString *s = g_string_new(NULL);
	for (size_t i = 0; i < G_N_ELEMENTS(r) && v > 0 && v < 4000; i++)
		while (v >= r[i].v) {
			g_string_append(s, r[i].s);
			v -= r[i].v;
		}
	return upper ? g_string_free(g_string_ascii_up(s), FALSE) : g_string_free(s, FALSE);
}

/* The label a browser shows for the item numbered V of a list of TYPE. */
static char *ol_label(const char *type, int v)
{
	if (type && (*type == 'a' || *type == 'A') && v >= 1) {
		GString *s = g_string_new(NULL);
		for (; v > 0; v = (v - 1) / 26)
			g_string_prepend_c(s, (char)((*type == 'a' ? 'a' : 'A') + (v - 1) % 26));
		return g_string_free(s, FALSE);
	}
	if (type && (*type == 'i' || *type == 'I') && v >= 1)
		return roman(v, *type == 'I');
	return g_strdup_printf("%d", v);
}

static int int_attr(const xmlNode *n, const char *name, int dflt)
{
	xmlChar *v = xmlGetProp(n, BAD_CAST name);
	int r = dflt;
	if (v) {
		char *end;
		long x = strtol((const char *)v, &end, 10);
		if (end != (char *)v && x > -100000 && x < 100000)
			r = (int)x;
		xmlFree(v);
	}
	return r;
}

static void walk_list(struct walker *w, const xmlNode *list, int depth)
{
	bool ordered = is(list, "ol");
	xmlChar *type = ordered ? xmlGetProp(list, BAD_CAST "type") : NULL;
	bool reversed = ordered && xmlHasProp(list, BAD_CAST "reversed");
	int count = 0;
	for (const xmlNode *c = list->children; c; c = c->next)
		count += is(c, "li");
	int v = ordered ? int_attr(list, "start", reversed ? count : 1) : 0;
	int group = ++w->list_group;
	bool saved_item = w->in_item;

	flush(w);
	w->list_depth++;
	for (const xmlNode *c = list->children; c; c = c->next) {
		if (!is(c, "li")) {
			walk(w, c, 0, NULL, depth + 1);   /* stray text or a nested list */
			continue;
		}
		struct imp_block *b = open_block(w, IMP_ITEM, c);
		b->level = w->list_depth - 1;
		b->group = group;            /* two lists side by side stay two */
		b->list = !ordered ? IMP_BULLETED
			: type && (*type == 'a' || *type == 'A') ? IMP_LETTERED : IMP_NUMBERED;
		if (ordered) {
			v = int_attr(c, "value", v);
			b->label = ol_label((const char *)type, v);
			v += reversed ? -1 : 1;
		}
		w->in_item = true;
		walk(w, c, 0, NULL, depth + 1);
		w->in_item = saved_item;
		flush(w);
	}
	w->list_depth--;
	xmlFree(type);
}

static void walk_table(struct walker *w, const xmlNode *n, int depth)
{
	for (const xmlNode *c = n->children; c; c = c->next) {
		if (is(c, "thead") || is(c, "tbody") || is(c, "tfoot")) {
			walk_table(w, c, depth + 1);
			continue;
		}
		if (is(c, "caption")) {
			flush(w);
			walk(w, c, 0, NULL, depth + 1);
			flush(w);
			continue;
		}
		if (!is(c, "tr"))
			continue;
		struct imp_block *b = open_block(w, IMP_ROW, c);
		bool all_th = true, any = false;
		for (const xmlNode *cell = c->children; cell; cell = cell->next) {
			if (!is(cell, "td") && !is(cell, "th"))
				continue;
			any = true;
			all_th &= is(cell, "th");
			w->line = imp_line_new(line_of(cell));
			g_ptr_array_add(b->lines, w->line);
			bool saved = w->in_cell;
			w->in_cell = true;
			walk(w, cell, 0, NULL, depth + 1);
			w->in_cell = saved;
		}
		b->header_row = any && (all_th || (c->parent && is(c->parent, "thead")));
		w->line = NULL;
		flush(w);
	}
}

static void walk(struct walker *w, const xmlNode *parent, unsigned marks, const char *href, int depth)
{
	for (const xmlNode *n = parent->children; n; n = n->next) {
		if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
			const char *s = (const char *)n->content;
			if (!s || !*s)
				continue;
			bool blank = true;
			for (const char *p = s; *p && blank; p++)
				blank = g_ascii_isspace(*p);
			if (blank && !w->line)
				continue;
			imp_line_append(cur_line(w, n), s, -1, marks, href);
			continue;
		}
		if (n->type != XML_ELEMENT_NODE || in_list(skipped_tags, n->name))
			continue;
		if (depth >= IMPORT_MAX_DEPTH) {
			flat_text(w, n, marks, href);
			continue;
		}
		if (in_list(inline_tags, n->name)) {
			unsigned m = marks;
			xmlChar *target = NULL;
			if (is(n, "b") || is(n, "strong"))
				m |= IMP_BOLD;
			else if (is(n, "i") || is(n, "em") || is(n, "cite") || is(n, "dfn"))
				m |= IMP_ITALIC;
			else if (is(n, "u") || is(n, "ins"))
				m |= IMP_UNDERLINE;
			else if (is(n, "sup"))
				m |= IMP_SUP;
			else if (is(n, "sub"))
				m |= IMP_SUB;
			else if (is(n, "a") && !href && (target = xmlGetProp(n, BAD_CAST "href")) &&
				 !g_str_has_prefix((const char *)target, "http://") &&
				 !g_str_has_prefix((const char *)target, "https://") &&
				 !g_str_has_prefix((const char *)target, "mailto:")) {
				xmlFree(target);     /* a page-relative link leads nowhere in the TEI */
				target = NULL;
			}
			walk(w, n, m, target ? (const char *)target : href, depth + 1);
			xmlFree(target);
			continue;
		}
		if (is(n, "br")) {
			if (w->in_cell) {
				if (w->line)
					imp_line_append(w->line, " ", 1, 0, NULL);
			} else {
				cur_line(w, n);
				line_break(w);
			}
			continue;
		}
		if (is(n, "img") || is(n, "hr") || is(n, "input") || is(n, "svg") ||
		    is(n, "iframe") || is(n, "object") || is(n, "video") || is(n, "audio") ||
		    is(n, "canvas")) {
			if (is(n, "hr"))
				boundary(w, n);
			continue;
		}
		if (w->in_cell) {
			boundary(w, n);
			walk(w, n, marks, href, depth + 1);
			continue;
		}
		if (n->name[0] == 'h' && n->name[1] >= '1' && n->name[1] <= '6' && !n->name[2] &&
		    !w->in_item) {
			struct imp_block *b = open_block(w, IMP_HEADING, n);
			b->level = n->name[1] - '0';
			walk(w, n, marks, href, depth + 1);
			flush(w);
			continue;
		}
		if ((is(n, "ul") || is(n, "ol")) ) {
			walk_list(w, n, depth);
			continue;
		}
		if (is(n, "li")) {               /* an item outside a list */
			struct imp_block *b = open_block(w, IMP_ITEM, n);
			b->list = IMP_BULLETED;
			b->level = w->list_depth;
			b->group = ++w->list_group;
			bool saved = w->in_item;
			w->in_item = true;
			walk(w, n, 0, NULL, depth + 1);
			w->in_item = saved;
			flush(w);
			continue;
		}
		if (is(n, "table")) {
			flush(w);
			walk_table(w, n, depth);
			continue;
		}
		if (is(n, "blockquote") && !w->in_item) {
			struct imp_block *b = open_block(w, IMP_QUOTE, n);
			GPtrArray *saved = w->out;
			w->cur = NULL;
			w->line = NULL;
			w->out = b->children;
			walk(w, n, marks, href, depth + 1);
			flush(w);
			w->out = saved;
			continue;
		}
		if (is(n, "pre") && !w->in_item) {
			/* Preformatted: its line breaks are lines. */
			xmlChar *s = xmlNodeGetContent(n);
			struct imp_block *b = open_block(w, IMP_TEXT, n);
			int l = line_of(n);
			for (char **p = g_strsplit(s ? (const char *)s : "", "\n", -1), **q = p; *q; q++) {
				struct imp_line *il = imp_line_new(l++);
				imp_line_append(il, *q, -1, marks, href);
				g_ptr_array_add(b->lines, il);
				if (!q[1])
					g_strfreev(p);
			}
			xmlFree(s);
			flush(w);
			continue;
		}
		/* A container: p, div, section, article, header, nav, footer, … */
		const char *saved_container = w->container;
		if (is(n, "nav") || is(n, "footer") || is(n, "aside")) {
			xmlChar *s = xmlNodeGetContent(n);
			bool words = false;
			for (const xmlChar *p = s; p && *p && !words; p++)
				words = !g_ascii_isspace(*p);
			if (words && !w->container)
				doc_diag(w->doc, line_of(n), 0, DIAG_W_IMPORT_PAGE_PART, (const char *)n->name);
			xmlFree(s);
			w->container = (const char *)n->name;
		}
		boundary(w, n);
		walk(w, n, marks, href, depth + 1);
		boundary(w, n);
		w->container = saved_container;
	}
}

/* Whether the page says its encoding (a <meta charset> or an XML
 * declaration) in its first kilobyte; if not, it is read as UTF-8. */
static bool declares_charset(const char *bytes, size_t len)
{
	char *head = g_ascii_strdown(bytes, (gssize)MIN(len, 1024));
	bool yes = strstr(head, "charset") != NULL || strstr(head, "encoding=") != NULL;
	g_free(head);
	return yes;
}

int import_read_html(struct declc_doc *doc, const char *bytes, size_t len, struct imp_input *in)
{
	if (len > INT_MAX)
		return doc_diag(doc, 0, 0, DIAG_E_IMPORT_EMPTY), -1;
	htmlDocPtr page = htmlReadMemory(bytes, (int)len, NULL,
					 declares_charset(bytes, len) ? NULL : "UTF-8",
					 HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
	if (!page) {
		doc_diag(doc, 1, 0, DIAG_E_IMPORT_EMPTY);
		return -1;
	}
	struct walker w = { .doc = doc, .in = in, .out = in->blocks };
	xmlNode *root = xmlDocGetRootElement(page);
	const xmlNode *body = NULL;

	for (const xmlNode *n = root ? root->children : NULL; n; n = n->next) {
		if (is(n, "body"))
			body = n;
		if (is(n, "head"))
			for (const xmlNode *t = n->children; t; t = t->next)
				if (is(t, "title") && !in->title) {
					xmlChar *s = xmlNodeGetContent(t);
					struct imp_line *l = imp_line_new(0);
					imp_line_append(l, s ? (const char *)s : "", -1, 0, NULL);
					imp_line_squeeze(l);
					if (l->text->len)
						in->title = g_strdup(l->text->str);
					imp_line_free(l);
					xmlFree(s);
				}
	}
	if (body)
		walk(&w, body, 0, NULL, 0);
	else if (root)
		walk(&w, root, 0, NULL, 0);
	flush(&w);
	xmlFreeDoc(page);
	in->html = true;
	return 0;
}
