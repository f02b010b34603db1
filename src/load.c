/*
 * load.c — safe libxml2 parsing with line and column for every node.
 *
 * Consumes: the bytes of one declaration. Produces: doc->tei and doc->pos (the
 * document context owns both). The parser runs with no network, no entity
 * substitution, no DTD loading; a DOCTYPE stops it at once, since everything
 * dangerous in XML (entity bombs, external entities) needs one.
 *
 * libxml2 records only the line of a node, so columns are taken here from the
 * parser's SAX events: when an element starts, the parser's cursor is at the
 * end of its start tag, and the '<' is the last one before it (attribute
 * values cannot hold a raw '<').
 */
#include <errno.h>
#include <string.h>
#include <glib/gstdio.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include "load.h"
#include "i18n.h"

/* Positions are packed into a pointer-sized integer: the column in the low
 * 20 bits, the line above. */
#define POS_COL_BITS 20
#define POS_PACK(l, c) ((guintptr)(l) << POS_COL_BITS | (guintptr)MIN((c), (1 << POS_COL_BITS) - 1))

#define TEI_NS "http://www.tei-c.org/ns/1.0"

struct load_state {
	struct declc_doc *doc;
	startElementNsSAX2Func start_element;   /* libxml2's own handlers, chained */
	endElementNsSAX2Func end_element;
	int depth, max_depth;                   /* open elements; the run's --max-depth */
	charactersSAXFunc characters;
	bool stopped;                           /* a refusal already reported */
	const char *bytes;                      /* the original document */
	size_t len;
	GArray *line_starts;                    /* size_t offsets of each line's first byte */
	/* The last position computed: events come in document order, so the
	 * next column is counted on from here, not from the line's start (a
	 * document on one long line would otherwise cost quadratic time). */
	guint last_line;                        /* index into line_starts */
	size_t last_off;                        /* byte offset */
	int last_col;
	xmlNode *text;                          /* the text node being filled, and */
	size_t text_len;                        /* its length so far, bytes */
};

/* Line and column of the byte AT of the parser's current input. libxml2
 * discards the part of its buffer it has read, so positions are computed in
 * the original bytes: the offset is what was consumed plus the distance into
 * the current buffer, and LINE_STARTS (offsets of every line's first byte)
 * turns it into a line; the column counts characters, not bytes. */
static void cursor_pos(struct load_state *st, xmlParserCtxtPtr ctxt, const xmlChar *at,
		       int *line, int *col)
{
	size_t off = (size_t)ctxt->input->consumed + (size_t)(at - ctxt->input->base);
	const GArray *ls = st->line_starts;
	guint lo = 0, hi = ls->len;

	*line = *col = 0;
	if (off > st->len)
		return;
	/* The last line start at or before OFF. */
	while (hi - lo > 1) {
		guint mid = (lo + hi) / 2;
		if (g_array_index(ls, size_t, mid) <= off)
			lo = mid;
		else
			hi = mid;
	}
	size_t start = g_array_index(ls, size_t, lo);
	*line = (int)lo + 1;
	if (st->last_off && st->last_line == lo && st->last_off <= off && st->last_off >= start)
		*col = st->last_col + (int)g_utf8_strlen(st->bytes + st->last_off, (gssize)(off - st->last_off));
	else
		*col = (int)g_utf8_strlen(st->bytes + start, (gssize)(off - start)) + 1;
	st->last_line = lo;
	st->last_off = off;
	st->last_col = *col;
}

static void on_start_element(void *ctx, const xmlChar *localname, const xmlChar *prefix,
			     const xmlChar *uri, int nb_namespaces, const xmlChar **namespaces,
			     int nb_attributes, int nb_defaulted, const xmlChar **attributes)
{
	xmlParserCtxtPtr ctxt = ctx;
	struct load_state *st = ctxt->_private;
	const xmlChar *lt = ctxt->input->cur;
	int line, col;

	if (st->stopped)
		return;
	if (++st->depth > st->max_depth) {
		/* Refused here, not by libxml2, so that the limit is the run's. */
		while (lt > ctxt->input->base && *lt != '<')
			lt--;
		cursor_pos(st, ctxt, lt, &line, &col);
		doc_diag(st->doc, line, col, DIAG_E_TOO_DEEP, st->max_depth);
		st->stopped = true;
		xmlStopParser(ctxt);
		return;
	}
	st->start_element(ctx, localname, prefix, uri, nb_namespaces, namespaces,
			  nb_attributes, nb_defaulted, attributes);
	if (!ctxt->node)
		return;
	while (lt > ctxt->input->base && *lt != '<')
		lt--;
	if (*lt != '<')
		return;
	cursor_pos(st, ctxt, lt, &line, &col);
	g_hash_table_insert(st->doc->pos, ctxt->node, (gpointer)POS_PACK(line, col));
}

static void on_end_element(void *ctx, const xmlChar *localname, const xmlChar *prefix,
			   const xmlChar *uri)
{
	xmlParserCtxtPtr ctxt = ctx;
	struct load_state *st = ctxt->_private;

	if (st->stopped)
		return;
	st->depth--;
	st->end_element(ctx, localname, prefix, uri);
}

static void on_characters(void *ctx, const xmlChar *ch, int len)
{
	xmlParserCtxtPtr ctxt = ctx;
	struct load_state *st = ctxt->_private;
	xmlNodePtr parent = ctxt->node;
	xmlNodePtr before = parent ? parent->last : NULL;
	int line, col;

	if (st->stopped)
		return;
	st->characters(ctx, ch, len);
	if (parent && parent->last && parent->last == st->text) {
		st->text_len += (size_t)len;
	} else if (parent && parent->last && parent->last->type == XML_TEXT_NODE) {
		st->text = parent->last;
		st->text_len = (size_t)len;
	}
	if (st->text_len > LOAD_MAX_TEXT) {
		int l = 0, c = 0;
		load_pos(st->doc, parent, &l, &c);
		doc_diag(st->doc, l, c, DIAG_E_TEXT_TOO_LONG, LOAD_MAX_TEXT);
		st->stopped = true;
		xmlStopParser(ctxt);
		return;
	}
	/* Record only a text node this call created, at its first character.
	 * libxml2's fast path hands us a pointer into its input buffer, which is
	 * the position itself; its slow path copies the text and has moved the
	 * cursor past it, LEN bytes on unless references were expanded (then the
	 * position is approximate). */
	if (!parent || parent->last == before || !parent->last ||
	    parent->last->type != XML_TEXT_NODE)
		return;
	const xmlChar *start = ch;
	if (ch < ctxt->input->base || ch > ctxt->input->end)
		start = ctxt->input->cur - len;
	if (start < ctxt->input->base)
		start = ctxt->input->base;
	cursor_pos(st, ctxt, start, &line, &col);
	g_hash_table_insert(st->doc->pos, parent->last, (gpointer)POS_PACK(line, col));
}

static void on_internal_subset(void *ctx, const xmlChar *name, const xmlChar *ext_id,
			       const xmlChar *sys_id)
{
	xmlParserCtxtPtr ctxt = ctx;
	struct load_state *st = ctxt->_private;

	(void)name; (void)ext_id; (void)sys_id;
	doc_diag(st->doc, ctxt->input->line, 1, DIAG_E_DOCTYPE);
	st->stopped = true;
	xmlStopParser(ctxt);
}

/* An undeclared entity: libxml2 asks for it, finds nothing, and reports an
 * error we replace with a plainer one. */
static xmlEntityPtr on_get_entity(void *ctx, const xmlChar *name)
{
	xmlParserCtxtPtr ctxt = ctx;
	struct load_state *st = ctxt->_private;
	xmlEntityPtr predefined = xmlGetPredefinedEntity(name);

	if (predefined)
		return predefined;
	const xmlChar *amp = ctxt->input->cur;
	int line, col;
	while (amp > ctxt->input->base && *amp != '&')
		amp--;
	cursor_pos(st, ctxt, amp, &line, &col);
	doc_diag(st->doc, line, col, DIAG_E_ENTITY, (const char *)name);
	st->stopped = true;
	xmlStopParser(ctxt);
	return NULL;
}

/* libxml2 words its messages for XML experts; the frequent ones are said
 * again here in terms of what to do. The rest pass through unchanged. */
static char *plain_message(const xmlError *err)
{
	const char *s1 = err->str1 ? err->str1 : "?", *s2 = err->str2 ? err->str2 : "?";

	switch (err->code) {
	case XML_ERR_TAG_NAME_MISMATCH:
		return g_strdup_printf(_("</%s> closes <%s>, which was opened on line %d; close the inner element first"),
				       s2, s1, err->int1);
	case XML_ERR_TAG_NOT_FINISHED:
		return g_strdup_printf(_("the file ends before <%s> (line %d) is closed; is it truncated?"), s1, err->int1);
	case XML_ERR_DOCUMENT_END:
		return g_strdup(_("there is content after the end of the root element; a document has one root"));
	case XML_ERR_DOCUMENT_EMPTY:
		return g_strdup(_("no root element: the file holds no XML elements"));
	case XML_ERR_INVALID_CHAR:
	case XML_ERR_INVALID_CHARREF:
		return g_strdup_printf(_("a character XML does not allow (%s); remove it"),
				       err->message ? g_strstrip(err->message) : "control character");
	case XML_ERR_INVALID_ENCODING:
		return g_strdup(_("the bytes here are not valid UTF-8; save the file as UTF-8 (or declare its real encoding)"));
	case XML_ERR_LT_IN_ATTRIBUTE:
		return g_strdup(_("'<' inside an attribute value; write &lt; instead"));
	case XML_ERR_ATTRIBUTE_WITHOUT_VALUE:
	case XML_ERR_ATTRIBUTE_NOT_STARTED:
		return g_strdup_printf(_("an attribute needs a quoted value, as in name=\"value\" (%s)"),
				       err->message ? g_strstrip(err->message) : s1);
	case XML_ERR_GT_REQUIRED:
		return g_strdup(_("a tag is not closed with '>'"));
	default:
		return g_strstrip(g_strdup(err->message ? err->message : "malformed XML"));
	}
}

static void on_error(void *data, xmlErrorPtr err)
{
	xmlParserCtxtPtr ctxt = data;
	struct load_state *st = ctxt->_private;

	if (st->stopped || err->level == XML_ERR_WARNING)
		return;
	st->stopped = err->level == XML_ERR_FATAL;
	if (err->code == XML_ERR_INTERNAL_ERROR && err->message &&
	    strstr(err->message, "Excessive depth")) {
		doc_diag(st->doc, err->line, err->int2, DIAG_E_TOO_DEEP, (int)xmlParserMaxDepth);
		return;
	}
	if (err->message && strstr(err->message, "huge text node")) {
		doc_diag(st->doc, err->line, err->int2, DIAG_E_TEXT_TOO_LONG, LOAD_MAX_TEXT);
		return;
	}
	char *msg = plain_message(err);
	doc_diag(st->doc, err->line, err->int2, DIAG_E_XML_SYNTAX, msg);
	g_free(msg);
}

static void check_root(struct declc_doc *doc)
{
	xmlNodePtr root = xmlDocGetRootElement(doc->tei);
	int line, col;

	if (!root)
		return;
	if (xmlStrEqual(root->name, BAD_CAST "TEI") && root->ns &&
	    xmlStrEqual(root->ns->href, BAD_CAST TEI_NS))
		return;
	load_pos(doc, root, &line, &col);
	doc_diag(doc, line, col, DIAG_E_NAMESPACE, (const char *)root->name,
		 root->ns ? (const char *)root->ns->href : "");
}

/* The run's limits, or the defaults (a document made without a run, as the
 * fuzzing harness does). */
static size_t max_size(const struct declc_doc *doc)
{
	return doc->run && doc->run->max_size ? doc->run->max_size : LOAD_MAX_BYTES;
}

static int max_depth(const struct declc_doc *doc)
{
	int d = doc->run && doc->run->max_depth ? doc->run->max_depth : LOAD_MAX_DEPTH;
	return MIN(d, LOAD_DEPTH_CEILING);
}

static void too_large(struct declc_doc *doc, unsigned long long size)
{
	char *sz = g_strdup_printf("%llu", size);
	char *max = g_format_size_full(max_size(doc), G_FORMAT_SIZE_IEC_UNITS);
	doc_diag(doc, 0, 0, DIAG_E_TOO_LARGE, sz, max);
	g_free(sz);
	g_free(max);
}

int load_memory(struct declc_doc *doc, const char *bytes, size_t len)
{
	struct load_state st = { .doc = doc, .bytes = bytes, .len = len, .max_depth = max_depth(doc) };
	xmlParserCtxtPtr ctxt;
	size_t skip = 0;
	int rc = -1;

	if (len >= 3 && memcmp(bytes, "\xEF\xBB\xBF", 3) == 0)
		skip = 3;
	while (skip < len && g_ascii_isspace(bytes[skip]))
		skip++;
	if (skip == len) {
		doc_diag(doc, 1, 1, DIAG_E_EMPTY);
		return -1;
	}
	if (len >= 5 && memcmp(bytes, "%PDF-", 5) == 0) {
		doc_diag(doc, 1, 1, DIAG_E_NOT_XML, _("a PDF"));
		return -1;
	}
	if (len > max_size(doc)) {
		too_large(doc, len);
		return -1;
	}
	st.line_starts = g_array_new(FALSE, FALSE, sizeof(size_t));
	size_t first = 0;
	g_array_append_val(st.line_starts, first);
	for (const char *p = memchr(bytes, '\n', len); p; p = memchr(p + 1, '\n', len - (size_t)(p + 1 - bytes))) {
		size_t next = (size_t)(p + 1 - bytes);
		g_array_append_val(st.line_starts, next);
		if (next >= len)
			break;
	}
	ctxt = xmlCreateMemoryParserCtxt(bytes, (int)len);
	if (!ctxt)
		g_error("out of memory");
	ctxt->_private = &st;
	st.start_element = ctxt->sax->startElementNs;
	st.characters = ctxt->sax->characters;
	st.end_element = ctxt->sax->endElementNs;
	ctxt->sax->startElementNs = on_start_element;
	ctxt->sax->endElementNs = on_end_element;
	ctxt->sax->characters = on_characters;
	ctxt->sax->internalSubset = on_internal_subset;
	ctxt->sax->getEntity = on_get_entity;
	ctxt->sax->serror = on_error;
	ctxt->sax->error = NULL;
	ctxt->sax->warning = NULL;
	ctxt->vctxt.error = NULL;
	ctxt->vctxt.warning = NULL;
	xmlCtxtUseOptions(ctxt, XML_PARSE_NONET | XML_PARSE_BIG_LINES |
			  XML_PARSE_NOCDATA | XML_PARSE_NOXINCNODE);
	/* Stated explicitly: no DTD loading, no entity substitution. */
	ctxt->loadsubset = 0;
	ctxt->replaceEntities = 0;
	if (doc->path)
		ctxt->input->filename = (const char *)xmlStrdup(BAD_CAST doc->path);

	xmlParseDocument(ctxt);
	if (!ctxt->wellFormed || st.stopped) {
		if (!diag_has_errors(doc->diags))
			doc_diag(doc, ctxt->input ? ctxt->input->line : 0, 0,
				 DIAG_E_XML_SYNTAX, "the document is not well-formed XML");
		xmlFreeDoc(ctxt->myDoc);
		ctxt->myDoc = NULL;
		xmlFreeParserCtxt(ctxt);
		g_hash_table_remove_all(doc->pos);
		goto done;
	}
	doc->tei = ctxt->myDoc;
	ctxt->myDoc = NULL;
	xmlFreeParserCtxt(ctxt);
	check_root(doc);
	if (!diag_has_errors(doc->diags)) {
		rc = 0;
		goto done;
	}
	/* Not a declaration: nothing later should look at it. */
	xmlFreeDoc(doc->tei);
	doc->tei = NULL;
	g_hash_table_remove_all(doc->pos);
done:
	g_array_free(st.line_starts, TRUE);
	return rc;
}

int load_document(struct declc_doc *doc)
{
	GError *err = NULL;
	char *bytes = NULL;
	gsize len = 0;
	int rc;

	if (strcmp(doc->path, "<stdin>") == 0) {
		GByteArray *in = g_byte_array_new();
		guint8 chunk[65536];
		size_t n;
		while ((n = fread(chunk, 1, sizeof chunk, stdin)) > 0) {
			g_byte_array_append(in, chunk, (guint)n);
			if (in->len > max_size(doc))
				break;
		}
		len = in->len;
		bytes = (char *)g_byte_array_free(in, FALSE);
	} else {
		GStatBuf sb;
		if (g_stat(doc->path, &sb) == 0 && !S_ISREG(sb.st_mode)) {
			doc_diag(doc, 0, 0, DIAG_E_READ, _("not a regular file"));
			return -1;
		}
		if (g_stat(doc->path, &sb) == 0 && (size_t)sb.st_size > max_size(doc)) {
			too_large(doc, (unsigned long long)sb.st_size);
			return -1;
		}
		if (!g_file_get_contents(doc->path, &bytes, &len, &err)) {
			doc_diag(doc, 0, 0, DIAG_E_READ, err->message);
			g_error_free(err);
			return -1;
		}
	}
	rc = load_memory(doc, bytes, len);
	if (rc == 0)
		doc->source = g_bytes_new_take(bytes, len);
	else
		g_free(bytes);
	return rc;
}

void load_pos(const struct declc_doc *doc, const xmlNode *n, int *line, int *col)
{
	*line = *col = 0;
	for (; n; n = n->parent) {
		gpointer v;
		if (g_hash_table_lookup_extended(doc->pos, n, NULL, &v)) {
			guintptr p = (guintptr)v;
			*line = (int)(p >> POS_COL_BITS);
			*col = (int)(p & ((1 << POS_COL_BITS) - 1));
			return;
		}
		if (n->type == XML_ELEMENT_NODE && n->line) {
			*line = xmlGetLineNo(n) > 0 ? (int)xmlGetLineNo(n) : 0;
			return;
		}
	}
}

/* Every external resource a parser asks for passes here. Documents never
 * reach it (no DTD, no entities); stylesheets do, for xsl:import and
 * document(). Network URLs are refused outright; which files may be read is
 * decided per transformation by libxslt's security preferences (transform.c). */
static xmlExternalEntityLoader default_loader;

static xmlParserInputPtr guarded_loader(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
	if (url && strstr(url, "://") && g_ascii_strncasecmp(url, "file://", 7) != 0)
		return NULL;    /* the caller reports the load as failed */
	return default_loader(url, id, ctxt);
}

void load_install_guards(void)
{
	static gsize once;
	if (g_once_init_enter(&once)) {
		default_loader = xmlGetExternalEntityLoader();
		xmlSetExternalEntityLoader(guarded_loader);
		/* libxml2's own depth guard (256) sits at the ceiling so that the
		 * run's --max-depth, enforced in on_start_element, decides. */
		xmlParserMaxDepth = LOAD_DEPTH_CEILING;
		g_once_init_leave(&once, 1);
	}
}
