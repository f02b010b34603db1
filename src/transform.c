/*
 * transform.c — libxslt, secured, with declc's extension functions.
 *
 * Consumes: a compiled stylesheet (owned by the run) and a document tree.
 * Produces: the result tree, owned by the caller. TEI knowledge lives in the
 * stylesheets; this file knows nothing of TEI or layout.
 *
 * Sandbox: libxslt's security preferences forbid writing files, creating
 * folders and any network access, and limit reads (document()) to the
 * document's own folder and declc's data folder. The network is also refused
 * by the parser's entity loader (load.c).
 *
 * Extension functions (namespace urn:declc:xslt): d:pos, a node's source
 * position; d:font-base64, a bundled font for the HTML copy; and
 * d:image-data-uri, a graphic of the document as a data: URI, so that the
 * HTML copy holds its signatures and logos itself. Images are read under
 * the PDF's rules (image.c), never through document().
 */
#include <string.h>
#include <libxslt/xslt.h>
#include <libxslt/xsltInternals.h>
#include <libxslt/transform.h>
#include <libxslt/xsltutils.h>
#include <libxslt/security.h>
#include <libxslt/documents.h>
#include <libxslt/extensions.h>
#include <libxslt/variables.h>
#include <libxml/xpathInternals.h>
#include <libexslt/exslt.h>
#include "transform.h"
#include "i18n.h"
#include "load.h"
#include "typeset_lib.h"

#define DECLC_XSLT_NS "urn:declc:xslt"

/* Named limits (docs/limits.md). libxslt's own defaults, stated here so that
 * they are ours: a template calling itself without end stops at this depth
 * with a diagnostic instead of exhausting the stack. */
#define XFORM_MAX_TEMPLATE_DEPTH 3000
#define XFORM_MAX_TEMPLATE_VARS 15000
/* What one transformation may embed as data: URIs (d:image-data-uri), in
 * bytes of URI, an image embedded twice counting twice: each image is
 * already at most IMG_MAX_BYTES, but a signature repeated over thousands of
 * signatories must not make an HTML copy of many gigabytes. */
#define XFORM_MAX_EMBED_BYTES ((size_t)256 * 1024 * 1024)

/* What compiling one stylesheet may read: its own folder and declc's data.
 * libxslt checks xsl:import and xsl:include against the process's default
 * security preferences with no transformation context, so the folders of
 * the compilation under way travel in a thread-local (batch threads may
 * compile the HTML and text stylesheets at once). */
struct compile_state {
	char *style_dir;         /* the stylesheet's own folder, resolved */
	const char *data_dir;
	struct diag_sink *diags;
	const char *path;
	bool refused;
};
static GPrivate compiling;
static GPrivate applying;    /* the struct apply_state under way, if any */

struct xform {
	xsltStylesheetPtr sheet;
	char *path;
};

/* What one transformation carries for its callbacks. */
struct apply_state {
	struct declc_doc *doc;
	GString *pending;        /* libxslt reports in fragments; joined here */
	bool refused;            /* a security check said no, or an image could not be
				  * embedded: the result is not to be used */
	GHashTable *images;      /* d:image-data-uri: url → its data: URI, "" if refused */
	size_t embedded;         /* bytes of data: URIs handed out so far */
	bool over_budget;        /* XFORM_MAX_EMBED_BYTES reached and reported */
};

static void flush_message(struct apply_state *st, bool error)
{
	g_strstrip(st->pending->str);
	st->pending->len = strlen(st->pending->str);
	if (st->pending->len)
		doc_diag(st->doc, 0, 0, error ? DIAG_E_XSLT : DIAG_W_XSLT_MESSAGE, st->pending->str);
	g_string_truncate(st->pending, 0);
}

static void on_xslt_error(void *ctx, const char *fmt, ...)
{
	struct apply_state *st = ctx;
	va_list ap;

	va_start(ap, fmt);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	g_string_append_vprintf(st->pending, fmt, ap);
#pragma GCC diagnostic pop
	va_end(ap);
}

static bool under(const char *path, const char *dir)
{
	size_t n = dir ? strlen(dir) : 0;
	return n && strncmp(path, dir, n) == 0 && (path[n] == '/' || path[n] == 0 || dir[n - 1] == '/');
}

/* A local path from a URI libxslt asks to read: NULL for anything but a
 * plain path or a file:// URL (which then cannot be read). */
static char *resolved_local(const char *value)
{
	const char *p = value;

	if (g_str_has_prefix(p, "file://"))
		p += 7;
	else if (strstr(p, "://"))
		return NULL;
	return realpath(p, NULL);
}

/* xsl:import and xsl:include while compiling (no transformation context). */
static int check_compile_read(const char *value)
{
	struct compile_state *cs = g_private_get(&compiling);
	char *real = resolved_local(value);
	bool ok = cs && real && (under(real, cs->style_dir) || under(real, cs->data_dir));

	if (!ok && cs && !cs->refused) {
		diag_emit(cs->diags, cs->path, 0, 0, DIAG_E_XSLT_IMPORT, value);
		cs->refused = true;
	}
	free(real);
	return ok;
}

/* libxslt's process-wide messages (its template stack dump after a runaway
 * recursion, compile errors) go to stderr as before, except during a
 * transformation, whose errors its own handler has already reported. */
static void on_generic_error(void *ctx, const char *fmt, ...)
{
	va_list ap;

	(void)ctx;
	if (g_private_get(&applying))
		return;
	va_start(ap, fmt);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	vfprintf(stderr, fmt, ap);
#pragma GCC diagnostic pop
	va_end(ap);
}

/* document() and friends: local files under the document's folder or declc's
 * data only; symlinks and ".." resolved first so neither leads outside. */
static int check_read(xsltSecurityPrefsPtr sec, xsltTransformContextPtr ctxt, const char *value)
{
	struct apply_state *st = ctxt ? ctxt->_private : NULL;
	char *real;
	int ok;

	(void)sec;
	if (!ctxt)
		return check_compile_read(value);
	if (!st)
		return 0;
	real = resolved_local(value);
	ok = real && (under(real, st->doc->dir) || under(real, st->doc->run->data_dir));
	if (!ok) {
		/* TRANSLATORS: completes "stylesheet tried to %s '%s'". */
		doc_diag(st->doc, 0, 0, DIAG_E_XSLT_FORBIDDEN, _("read"), value);
		st->refused = true;
	}
	free(real);
	return ok;
}

static int forbid(xsltSecurityPrefsPtr sec, xsltTransformContextPtr ctxt, const char *value)
{
	struct apply_state *st = ctxt ? ctxt->_private : NULL;
	(void)sec;
	if (st) {
		/* TRANSLATORS: completes "stylesheet tried to %s '%s'". */
		doc_diag(st->doc, 0, 0, DIAG_E_XSLT_FORBIDDEN, _("write or reach"), value);
		st->refused = true;
	}
	return 0;
}

/* d:pos(node-set) → "LINE:COL" of the first node, or "" when unknown. */
static void fn_pos(xmlXPathParserContextPtr ctxt, int nargs)
{
	xsltTransformContextPtr tctxt = xsltXPathGetTransformContext(ctxt);
	struct apply_state *st = tctxt ? tctxt->_private : NULL;
	xmlNodePtr node = ctxt->context->node;
	int line = 0, col = 0;

	if (nargs == 1) {
		xmlXPathObjectPtr arg = valuePop(ctxt);
		node = arg && arg->type == XPATH_NODESET && arg->nodesetval && arg->nodesetval->nodeNr
			? arg->nodesetval->nodeTab[0] : NULL;
		xmlXPathFreeObject(arg);
	} else if (nargs != 0) {
		xmlXPathSetArityError(ctxt);
		return;
	}
	if (st && node)
		load_pos(st->doc, node, &line, &col);
	if (line <= 0) {
		valuePush(ctxt, xmlXPathNewCString(""));
		return;
	}
	char buf[32];
	g_snprintf(buf, sizeof buf, "%d:%d", line, col);
	valuePush(ctxt, xmlXPathNewCString(buf));
}

/* d:font-base64(NAME) → the bundled font fonts/NAME in base64, for an HTML
 * copy that embeds its fonts (html.xsl, embed-fonts=true). Only a plain file
 * name in declc's own fonts/ folder is accepted, so a stylesheet cannot read
 * anything else through it; "" otherwise. */
static void fn_font_base64(xmlXPathParserContextPtr ctxt, int nargs)
{
	xsltTransformContextPtr tctxt = xsltXPathGetTransformContext(ctxt);
	struct apply_state *st = tctxt ? tctxt->_private : NULL;
	char *name, *data = NULL, *b64 = NULL;
	gsize len = 0;

	if (nargs != 1) {
		xmlXPathSetArityError(ctxt);
		return;
	}
	name = (char *)xmlXPathPopString(ctxt);
	if (st && name && *name && !strchr(name, '/') && strcmp(name, "..") != 0) {
		char *path = g_build_filename(st->doc->run->data_dir, "fonts", name, NULL);
		if (g_file_get_contents(path, &data, &len, NULL))
			b64 = g_base64_encode((const guchar *)data, len);
		g_free(path);
	}
	valuePush(ctxt, xmlXPathNewCString(b64 ? b64 : ""));
	g_free(b64);
	g_free(data);
	xmlFree(name);
}

/* URL (a graphic's @url) as a data: URI, or "" when img_open, which applies
 * every rule and limit of the PDF, refuses it (reported at LINE:COL, and
 * dropped by the sink when the PDF reports it too). The bytes embedded are
 * the ones img_open read and checked. */
static char *image_uri(struct declc_doc *doc, const char *url, int line, int col)
{
	const char *why = NULL;
	const struct typeset_lib *ts = typeset_lib(&why);
	struct img *im = ts ? ts->img_open(doc, url, line, col) : NULL;
	const char *mime;
	const guchar *data;
	GBytes *bytes;
	gsize len;
	char *b64, *uri;

	if (!ts)
		doc_diag(doc, line, col, DIAG_E_TYPESET_LOAD, why);
	if (!im)
		return g_strdup("");
	bytes = ts->img_source(im, &mime);
	data = g_bytes_get_data(bytes, &len);
	b64 = g_base64_encode(data, len);
	uri = g_strconcat("data:", mime, ";base64,", b64, NULL);
	g_free(b64);
	ts->img_free(im);
	return uri;
}

/* d:image-data-uri(@url) → "data:image/png;base64,…" (PNG, JPEG or SVG), for
 * an HTML copy that holds its images; "" when the image cannot be used, which
 * is reported at the position of the attribute's element (or of the context
 * node, for a string). The stylesheet then goes on (html.xsl leaves a
 * placeholder), but the transformation fails as the PDF does: a copy that
 * lost an image is not written. Each url is read once per transformation. */
static void fn_image_data_uri(xmlXPathParserContextPtr ctxt, int nargs)
{
	xsltTransformContextPtr tctxt = xsltXPathGetTransformContext(ctxt);
	struct apply_state *st = tctxt ? tctxt->_private : NULL;
	xmlNodePtr node = ctxt->context->node;
	xmlXPathObjectPtr arg;
	xmlChar *url;
	const char *uri = "";
	int line = 0, col = 0;

	if (nargs != 1) {
		xmlXPathSetArityError(ctxt);
		return;
	}
	arg = valuePop(ctxt);
	if (arg && arg->type == XPATH_NODESET && arg->nodesetval && arg->nodesetval->nodeNr)
		node = arg->nodesetval->nodeTab[0];
	url = arg ? xmlXPathCastToString(arg) : NULL;
	if (st && url) {
		char *known = g_hash_table_lookup(st->images, url);
		if (!known) {
			if (node)
				load_pos(st->doc, node, &line, &col);
			known = image_uri(st->doc, (const char *)url, line, col);
			g_hash_table_insert(st->images, g_strdup((const char *)url), known);
		}
		size_t n = strlen(known);
		if (!n)
			st->refused = true;
		else if (st->embedded + n > XFORM_MAX_EMBED_BYTES) {
			if (!st->over_budget) {
				if (node)
					load_pos(st->doc, node, &line, &col);
				char *max = g_format_size_full(XFORM_MAX_EMBED_BYTES, G_FORMAT_SIZE_IEC_UNITS);
				char *why = g_strdup_printf(_("the HTML copy would hold more than %s of images"), max);
				doc_diag(st->doc, line, col, DIAG_E_IMAGE, (const char *)url, why);
				g_free(why);
				g_free(max);
				st->over_budget = true;
			}
			st->refused = true;
		} else {
			st->embedded += n;
			uri = known;
		}
	}
	valuePush(ctxt, xmlXPathNewCString(uri));
	xmlFree(url);
	xmlXPathFreeObject(arg);
}

/* Stylesheets are parsed without the whitespace-only text between their
 * elements, which XSLT strips from a stylesheet anyway (XSLT 1.0 §3.4):
 * libxml2 keeps it wherever that rule keeps it (inside xsl:text, under
 * xml:space="preserve", and as an element's only content), and not making
 * the ~2,900 nodes layout.xsl and common-es.xsl indent with only to strip
 * them again is a tenth of compiling them. Documents read by document()
 * are parsed as libxslt parses them. */
#define XFORM_PARSE_STYLESHEET XML_PARSE_NOBLANKS
static xsltDocLoaderFunc default_loader;

static xmlDocPtr load_imported(const xmlChar *uri, xmlDictPtr dict, int options, void *ctxt,
			       xsltLoadType type)
{
	if (type == XSLT_LOAD_STYLESHEET)
		options |= XFORM_PARSE_STYLESHEET;
	return default_loader(uri, dict, options, ctxt, type);
}

struct xform *xform_load(const char *path, const char *data_dir, struct diag_sink *diags)
{
	static gsize once;
	struct xform *x;
	xsltStylesheetPtr sheet;

	if (g_once_init_enter(&once)) {
		exsltRegisterAll();
		/* The defaults apply while compiling: imports are checked, and a
		 * stylesheet can write nothing even at compile time. */
		xsltSecurityPrefsPtr sec = xsltNewSecurityPrefs();
		xsltSetSecurityPrefs(sec, XSLT_SECPREF_READ_FILE, check_read);
		xsltSetSecurityPrefs(sec, XSLT_SECPREF_WRITE_FILE, forbid);
		xsltSetSecurityPrefs(sec, XSLT_SECPREF_CREATE_DIRECTORY, forbid);
		xsltSetSecurityPrefs(sec, XSLT_SECPREF_READ_NETWORK, forbid);
		xsltSetSecurityPrefs(sec, XSLT_SECPREF_WRITE_NETWORK, forbid);
		xsltSetDefaultSecurityPrefs(sec);
		xsltSetGenericErrorFunc(NULL, on_generic_error);
		default_loader = xsltDocDefaultLoader;
		xsltSetLoaderFunc(load_imported);
		g_once_init_leave(&once, 1);
	}
	char *real = realpath(path, NULL);
	char *dir = real ? g_path_get_dirname(real) : NULL;
	struct compile_state cs = { dir, data_dir, diags, path, false };
	free(real);
	/* No DTD, no entities, no network: a stylesheet is untrusted input too. */
	xmlDocPtr sdoc = xmlReadFile(path, NULL,
				     XML_PARSE_NONET | XML_PARSE_NOXINCNODE | XFORM_PARSE_STYLESHEET);
	if (sdoc && (sdoc->intSubset || sdoc->extSubset)) {
		xmlFreeDoc(sdoc);
		g_free(dir);
		diag_emit(diags, path, 0, 0, DIAG_E_XSLT_LOAD, path, _("a stylesheet may not have a <!DOCTYPE>"));
		return NULL;
	}
	if (!sdoc) {
		g_free(dir);
		diag_emit(diags, path, 0, 0, DIAG_E_XSLT_LOAD, path, _("not readable as XML"));
		return NULL;
	}
	g_private_set(&compiling, &cs);
	sheet = xsltParseStylesheetDoc(sdoc);
	g_private_set(&compiling, NULL);
	g_free(dir);
	if (!sheet || sheet->errors || cs.refused) {
		if (!cs.refused)
			diag_emit(diags, path, 0, 0, DIAG_E_XSLT_LOAD, path, _("it does not compile"));
		if (sheet)
			xsltFreeStylesheet(sheet);
		else
			xmlFreeDoc(sdoc);
		return NULL;
	}
	x = g_new0(struct xform, 1);
	x->sheet = sheet;
	x->path = g_strdup(path);
	return x;
}

void xform_free(struct xform *x)
{
	if (!x)
		return;
	xsltFreeStylesheet(x->sheet);
	g_free(x->path);
	g_free(x);
}

bool xform_param_ok(const char *param)
{
	const char *eq = strchr(param, '=');
	if (!eq || eq == param)
		return false;
	for (const char *p = param; p < eq; p++)
		if (!g_ascii_isalnum(*p) && *p != '-' && *p != '_' && *p != '.')
			return false;
	return true;
}

xmlDoc *xform_apply(const struct xform *x, struct declc_doc *doc, xmlDoc *in, char *const *params)
{
	struct apply_state st = {
		.doc = doc, .pending = g_string_new(NULL),
		.images = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free),
	};
	GPtrArray *kv = g_ptr_array_new_with_free_func(g_free);
	xsltSecurityPrefsPtr sec = xsltNewSecurityPrefs();
	xsltTransformContextPtr tctxt;
	xmlDocPtr out = NULL;

	for (char *const *p = params; p && *p; p++) {
		const char *eq = strchr(*p, '=');
		g_ptr_array_add(kv, g_strndup(*p, eq - *p));
		g_ptr_array_add(kv, g_strdup(eq + 1));
	}
	g_ptr_array_add(kv, NULL);

	xsltSetSecurityPrefs(sec, XSLT_SECPREF_READ_FILE, check_read);
	xsltSetSecurityPrefs(sec, XSLT_SECPREF_WRITE_FILE, forbid);
	xsltSetSecurityPrefs(sec, XSLT_SECPREF_CREATE_DIRECTORY, forbid);
	xsltSetSecurityPrefs(sec, XSLT_SECPREF_READ_NETWORK, forbid);
	xsltSetSecurityPrefs(sec, XSLT_SECPREF_WRITE_NETWORK, forbid);

	tctxt = xsltNewTransformContext(x->sheet, in);
	tctxt->_private = &st;
	tctxt->maxTemplateDepth = XFORM_MAX_TEMPLATE_DEPTH;
	tctxt->maxTemplateVars = XFORM_MAX_TEMPLATE_VARS;
	xsltSetCtxtSecurityPrefs(sec, tctxt);
	xsltSetTransformErrorFunc(tctxt, &st, on_xslt_error);
	xsltRegisterExtFunction(tctxt, BAD_CAST "pos", BAD_CAST DECLC_XSLT_NS, fn_pos);
	xsltRegisterExtFunction(tctxt, BAD_CAST "font-base64", BAD_CAST DECLC_XSLT_NS, fn_font_base64);
	xsltRegisterExtFunction(tctxt, BAD_CAST "image-data-uri", BAD_CAST DECLC_XSLT_NS,
				fn_image_data_uri);
	/* Parameters are strings, never XPath: quoting keeps "a'b" literal. */
	g_private_set(&applying, &st);
	if (xsltQuoteUserParams(tctxt, (const char **)kv->pdata) == 0)
		out = xsltApplyStylesheetUser(x->sheet, in, NULL, NULL, NULL, tctxt);
	g_private_set(&applying, NULL);
	bool failed = !out || tctxt->state != XSLT_STATE_OK || st.refused;
	if (strstr(st.pending->str, "infinite template recursion") ||
	    strstr(st.pending->str, "infinite variable recursion")) {
		g_string_truncate(st.pending, 0);
		doc_diag(doc, 0, 0, DIAG_E_XSLT_DEPTH, XFORM_MAX_TEMPLATE_DEPTH);
	}
	flush_message(&st, failed);
	if (failed) {
		if (!diag_has_errors(doc->diags))
			doc_diag(doc, 0, 0, DIAG_E_XSLT, _("the transformation failed"));
		xmlFreeDoc(out);
		out = NULL;
	}
	xsltFreeTransformContext(tctxt);
	xsltFreeSecurityPrefs(sec);
	g_ptr_array_unref(kv);
	g_string_free(st.pending, TRUE);
	g_hash_table_destroy(st.images);
	return out;
}

int xform_apply_bytes(const struct xform *x, struct declc_doc *doc, xmlDoc *in,
		      char *const *params, GByteArray *out)
{
	xmlDocPtr res = xform_apply(x, doc, in, params);
	xmlChar *mem = NULL;
	int len = 0;

	if (!res)
		return -1;
	/* libxslt's own serialiser honours xsl:output (method, doctype). */
	if (xsltSaveResultToString(&mem, &len, res, x->sheet) != 0) {
		xmlFreeDoc(res);
		doc_diag(doc, 0, 0, DIAG_E_XSLT, _("the result could not be serialised"));
		return -1;
	}
	if (mem)
		g_byte_array_append(out, mem, (guint)len);
	xmlFree(mem);
	xmlFreeDoc(res);
	return 0;
}
