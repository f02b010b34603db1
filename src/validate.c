/*
 * validate.c — RELAX NG + Schematron validation in plain language.
 *
 * Consumes: a parsed TEI tree and its recorded positions. Produces:
 * diagnostics on the document's sink; the tree is not changed.
 *
 * libxml2's RELAX NG messages are terse ("Element p failed to validate
 * content") and cascade: one misplaced element makes every ancestor fail too.
 * We keep the most specific message for each fault, drop the echoes on its
 * ancestors, and rewrite the common ones to name the element found and the
 * elements allowed there. The "allowed there" lists come from the schema
 * itself: at load time we collect, for each element name the grammar defines,
 * the element names its content may hold.
 */
#include <string.h>
#include <libxml/relaxng.h>
#include <libxml/schematron.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include "validate.h"
#include "i18n.h"
#include "load.h"

#define RNG_NS "http://relaxng.org/ns/structure/1.0"

struct validate_schemas {
	xmlRelaxNGPtr rng;
	xmlSchematronPtr sch;        /* NULL when the run has none */
	char *rng_path;
	GHashTable *children;        /* element name → sorted, comma-separated allowed child
				      * names; read on first use (children_of) */
};

/* ---- what each element may contain, read from the grammar ---- */

/* Collects into SET the names of the elements CONTENT may hold directly,
 * following <ref>s through DEFINES but not descending into other elements.
 * SEEN guards against cycles through refs. */
static void collect_children(xmlNodePtr content, GHashTable *defines, GHashTable *set,
			     GHashTable *seen)
{
	GQueue todo = G_QUEUE_INIT;

	for (xmlNodePtr c = content; c; c = c->next)
		g_queue_push_tail(&todo, c);
	while (!g_queue_is_empty(&todo)) {
		xmlNodePtr n = g_queue_pop_head(&todo);
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (xmlStrEqual(n->name, BAD_CAST "element")) {
			xmlChar *name = xmlGetProp(n, BAD_CAST "name");
			if (name)
				g_hash_table_add(set, g_strdup((char *)name));
			xmlFree(name);
			continue;
		}
		if (xmlStrEqual(n->name, BAD_CAST "attribute"))
			continue;
		if (xmlStrEqual(n->name, BAD_CAST "ref")) {
			xmlChar *name = xmlGetProp(n, BAD_CAST "name");
			if (name && !g_hash_table_contains(seen, name)) {
				g_hash_table_add(seen, g_strdup((char *)name));
				GPtrArray *defs = g_hash_table_lookup(defines, name);
				for (guint i = 0; defs && i < defs->len; i++)
					for (xmlNodePtr c = ((xmlNodePtr)defs->pdata[i])->children; c; c = c->next)
						g_queue_push_tail(&todo, c);
			}
			xmlFree(name);
			continue;
		}
		for (xmlNodePtr c = n->children; c; c = c->next)
			g_queue_push_tail(&todo, c);
	}
}

static int cmp_str(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static GHashTable *allowed_children(const char *rng_path)
{
	GHashTable *out = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	GHashTable *defines = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
						    (GDestroyNotify)g_ptr_array_unref);
	GHashTable *per_name = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
						     (GDestroyNotify)g_hash_table_unref);
	xmlDocPtr rng = xmlReadFile(rng_path, NULL, XML_PARSE_NONET | XML_PARSE_NOBLANKS);
	xmlXPathContextPtr xp;
	xmlXPathObjectPtr res;

	if (!rng)
		goto done;
	xp = xmlXPathNewContext(rng);
	xmlXPathRegisterNs(xp, BAD_CAST "r", BAD_CAST RNG_NS);
	res = xmlXPathEvalExpression(BAD_CAST "//r:define", xp);
	for (int i = 0; res && res->nodesetval && i < res->nodesetval->nodeNr; i++) {
		xmlNodePtr d = res->nodesetval->nodeTab[i];
		xmlChar *name = xmlGetProp(d, BAD_CAST "name");
		GPtrArray *defs = g_hash_table_lookup(defines, name);
		if (!defs) {
			defs = g_ptr_array_new();
			g_hash_table_insert(defines, g_strdup((char *)name), defs);
		}
		g_ptr_array_add(defs, d);
		xmlFree(name);
	}
	xmlXPathFreeObject(res);
	res = xmlXPathEvalExpression(BAD_CAST "//r:element[@name]", xp);
	for (int i = 0; res && res->nodesetval && i < res->nodesetval->nodeNr; i++) {
		xmlNodePtr e = res->nodesetval->nodeTab[i];
		xmlChar *name = xmlGetProp(e, BAD_CAST "name");
		GHashTable *set = g_hash_table_lookup(per_name, name);
		GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
		if (!set) {
			set = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
			g_hash_table_insert(per_name, g_strdup((char *)name), set);
		}
		collect_children(e->children, defines, set, seen);
		g_hash_table_unref(seen);
		xmlFree(name);
	}
	xmlXPathFreeObject(res);
	xmlXPathFreeContext(xp);
	xmlFreeDoc(rng);

	GHashTableIter it;
	gpointer key, value;
	g_hash_table_iter_init(&it, per_name);
	while (g_hash_table_iter_next(&it, &key, &value)) {
		guint n;
		char **names = (char **)g_hash_table_get_keys_as_array(value, &n);
		GString *list = g_string_new(NULL);
		qsort(names, n, sizeof *names, cmp_str);
		for (guint i = 0; i < n; i++)
			g_string_append_printf(list, "%s<%s>", i ? ", " : "", names[i]);
		g_free(names);
		g_hash_table_insert(out, g_strdup(key), g_string_free(list, FALSE));
	}
done:
	g_hash_table_unref(defines);
	g_hash_table_unref(per_name);
	return out;
}

/* ---- loading ---- */

static void collect_load_error(void *data, xmlErrorPtr err)
{
	GString *msgs = data;
	if (err->level >= XML_ERR_ERROR && err->message)
		g_string_append_printf(msgs, "%s%s", msgs->len ? "; " : "", g_strstrip(err->message));
}

struct validate_schemas *validate_load(const char *rng, const char *sch, struct diag_sink *diags)
{
	struct validate_schemas *v = g_new0(struct validate_schemas, 1);
	GString *msgs = g_string_new(NULL);
	xmlRelaxNGParserCtxtPtr rp = xmlRelaxNGNewParserCtxt(rng);

	xmlRelaxNGSetParserStructuredErrors(rp, collect_load_error, msgs);
	v->rng = xmlRelaxNGParse(rp);
	xmlRelaxNGFreeParserCtxt(rp);
	if (!v->rng) {
		diag_emit(diags, rng, 0, 0, DIAG_E_SCHEMA_LOAD, rng, msgs->str);
		goto fail;
	}
	if (sch) {
		xmlSchematronParserCtxtPtr sp = xmlSchematronNewParserCtxt(sch);
		v->sch = xmlSchematronParse(sp);
		xmlSchematronFreeParserCtxt(sp);
		if (!v->sch) {
			diag_emit(diags, sch, 0, 0, DIAG_E_SCHEMA_LOAD, sch, _("not a Schematron schema libxml2 can compile"));
			goto fail;
		}
	}
	v->rng_path = g_strdup(rng);
	g_string_free(msgs, TRUE);
	return v;
fail:
	g_string_free(msgs, TRUE);
	validate_free(v);
	return NULL;
}

void validate_free(struct validate_schemas *v)
{
	if (!v)
		return;
	if (v->rng)
		xmlRelaxNGFree(v->rng);
	if (v->sch)
		xmlSchematronFree(v->sch);
	if (v->children)
		g_hash_table_unref(v->children);
	g_free(v->rng_path);
	g_free(v);
}

/* What each element may hold, read from the grammar by the first report
 * that names it: a valid document never needs it, and reading it took a
 * quarter of loading the schemas. check's workers may ask at once. */
static GHashTable *children_of(const struct validate_schemas *cv)
{
	struct validate_schemas *v = (struct validate_schemas *)cv;

	if (g_once_init_enter(&v->children))
		g_once_init_leave(&v->children, allowed_children(v->rng_path));
	return v->children;
}

/* ---- reporting ---- */

/* One libxml2 report, kept until all are in so the echoes can be dropped. */
struct fault {
	xmlNodePtr node;
	int code;
	char *str1, *str2, *message;
};

struct collector {
	struct declc_doc *doc;
	const struct validate_schemas *v;
	GArray *faults;               /* struct fault */
	bool layout;                  /* validating a layout tree, not TEI */
};

static void collect_fault(void *data, xmlErrorPtr err)
{
	struct collector *c = data;
	struct fault f = {
		.node = err->node, .code = err->code,
		.str1 = g_strdup(err->str1), .str2 = g_strdup(err->str2),
		.message = g_strdup(err->message ? err->message : "invalid"),
	};
	g_strstrip(f.message);
	g_array_append_val(c->faults, f);
}

static bool is_echo(int code)
{
	return code == XML_RELAXNG_ERR_CONTENTVALID || code == XML_RELAXNG_ERR_EXTRACONTENT ||
	       code == XML_RELAXNG_ERR_INTERSEQ || code == XML_RELAXNG_ERR_NOELEM;
}

static bool is_ancestor(const xmlNode *a, const xmlNode *n)
{
	for (n = n ? n->parent : NULL; n; n = n->parent)
		if (n == a)
			return true;
	return false;
}

static char *allowed_in(const struct collector *c, const xmlNode *parent)
{
	const char *list = parent ? g_hash_table_lookup(children_of(c->v), parent->name) : NULL;
	if (!list || !*list)
		return g_strdup_printf(_("; <%s> may hold no elements"), parent ? (const char *)parent->name : "?");
	return g_strdup_printf(_("; <%s> may hold %s"), parent->name, list);
}

static void report_fault(struct collector *c, const struct fault *f)
{
	struct declc_doc *doc = c->doc;
	const xmlNode *n = f->node;
	const char *name = n && n->name ? (const char *)n->name : (f->str1 ? f->str1 : "?");
	int line = 0, col = 0;
	char *extra = NULL;

	if (c->layout) {
		/* Layout nodes carry the TEI position they came from in @src. */
		for (const xmlNode *a = n; a && a->type == XML_ELEMENT_NODE; a = a->parent) {
			xmlChar *src = xmlGetProp(a, BAD_CAST "src");
			bool found = src && sscanf((const char *)src, "%d:%d", &line, &col) == 2;
			xmlFree(src);
			if (found)
				break;
		}
		char *m = g_strdup_printf(_("%s (at <%s>)"), f->message, name);
		doc_diag(doc, line, col, DIAG_E_LAYOUT_INVALID, m);
		g_free(m);
		return;
	}
	load_pos(doc, n, &line, &col);
	switch (f->code) {
	case XML_RELAXNG_ERR_ELEMWRONG:
	case XML_RELAXNG_ERR_INTEREXTRA:
	case XML_RELAXNG_ERR_ELEMNAME:
		extra = allowed_in(c, n ? n->parent : NULL);
		doc_diag(doc, line, col, DIAG_E_SCHEMA_UNEXPECTED, name, extra);
		break;
	case XML_RELAXNG_ERR_NOELEM:
	case XML_RELAXNG_ERR_INTERSEQ:
	case XML_RELAXNG_ERR_CONTENTVALID:
	case XML_RELAXNG_ERR_EXTRACONTENT:
	case XML_RELAXNG_ERR_ELEMNOTEMPTY: {
		const char *allowed = g_hash_table_lookup(children_of(c->v), name);
		if (f->code == XML_RELAXNG_ERR_NOELEM && f->str1 && *f->str1)
			extra = g_strdup_printf(_("a <%s> is required here"), f->str1);
		else if (allowed && *allowed)
			extra = g_strdup_printf(_("its content does not match the schema; it may hold %s (see docs/schema.md)"), allowed);
		else
			extra = g_strdup(_("its content does not match the schema (see docs/schema.md)"));
		doc_diag(doc, line, col, DIAG_E_SCHEMA_MISSING, name, extra);
		break;
	}
	case XML_RELAXNG_ERR_INVALIDATTR:
	case XML_RELAXNG_ERR_ATTRVALID:
	case XML_RELAXNG_ERR_ATTRNAME:
	case XML_RELAXNG_ERR_ATTRWRONGNS:
	case XML_RELAXNG_ERR_ATTREXTRANS:
		extra = f->code == XML_RELAXNG_ERR_INVALIDATTR && f->str1
			? g_strdup_printf(_("<%s> takes no attribute '%s'; remove it or see docs/schema.md for the attributes it takes"),
					  name, f->str1)
			: g_strdup_printf("<%s>: %s", name, f->message);
		doc_diag(doc, line, col, DIAG_E_SCHEMA_ATTR, extra);
		break;
	case XML_RELAXNG_ERR_TEXTWRONG:
	case XML_RELAXNG_ERR_NOTELEM:
	case XML_RELAXNG_ERR_EXTRADATA:
		extra = g_strdup_printf(_("text is not allowed directly in <%s>; put it inside an element such as <p>"), name);
		doc_diag(doc, line, col, DIAG_E_SCHEMA_TEXT, extra);
		break;
	case XML_RELAXNG_ERR_DATATYPE:
	case XML_RELAXNG_ERR_VALUE:
	case XML_RELAXNG_ERR_LIST:
	case XML_RELAXNG_ERR_TYPEVAL:
	case XML_RELAXNG_ERR_LACKDATA:
		extra = g_strdup_printf(_("<%s> has a value that is not allowed: %s"), name, f->message);
		doc_diag(doc, line, col, DIAG_E_SCHEMA_VALUE, extra);
		break;
	case XML_RELAXNG_ERR_ELEMWRONGNS:
	case XML_RELAXNG_ERR_ELEMNONS:
	case XML_RELAXNG_ERR_ELEMEXTRANS:
		doc_diag(doc, line, col, DIAG_E_SCHEMA_UNEXPECTED, name,
			 _(" in this namespace; TEI elements are in http://www.tei-c.org/ns/1.0"));
		break;
	default:
		extra = g_strdup_printf("<%s>: %s", name, f->message);
		doc_diag(doc, line, col, DIAG_E_SCHEMA_OTHER, extra);
	}
	g_free(extra);
}

static void report_all(struct collector *c)
{
	GArray *fs = c->faults;

	for (guint i = 0; i < fs->len; i++) {
		struct fault *f = &g_array_index(fs, struct fault, i);
		bool echo = false;
		/* An ancestor failing only because a descendant did is an echo. */
		if (is_echo(f->code))
			for (guint j = 0; j < fs->len && !echo; j++) {
				struct fault *g = &g_array_index(fs, struct fault, j);
				echo = j != i && (is_ancestor(f->node, g->node) ||
						  (g->node == f->node && !is_echo(g->code)));
			}
		if (!echo)
			report_fault(c, f);
	}
	for (guint i = 0; i < fs->len; i++) {
		struct fault *f = &g_array_index(fs, struct fault, i);
		g_free(f->str1);
		g_free(f->str2);
		g_free(f->message);
	}
	g_array_set_size(fs, 0);
}

/* Schematron: each pattern carries one rule, and its id is the rule id we
 * print, so CI can silence or count a rule by name. */
static void collect_rule(void *data, xmlErrorPtr err)
{
	struct collector *c = data;
	int line = 0, col = 0;
	const char *rule = err->str1 ? err->str1 : "rule";
	char *msg = g_strdup(err->str3 ? err->str3 : err->message);

	g_strstrip(msg);
	load_pos(c->doc, err->node, &line, &col);
	char *full = g_strdup_printf("%s [%s]", msg, rule);
	diag_emit_rule(c->doc->diags, c->doc->path, line, col,
		       g_str_has_prefix(rule, "lint-") ? DIAG_W_RULE : DIAG_E_RULE,
		       err->str1 ? rule : NULL, full);
	g_free(full);
	g_free(msg);
}

static int run_rng(struct collector *c, const xmlDoc *tree)
{
	xmlRelaxNGValidCtxtPtr vc = xmlRelaxNGNewValidCtxt(c->v->rng);
	int rc;

	xmlRelaxNGSetValidStructuredErrors(vc, collect_fault, c);
	rc = xmlRelaxNGValidateDoc(vc, (xmlDocPtr)tree);
	xmlRelaxNGFreeValidCtxt(vc);
	report_all(c);
	return rc;
}

int validate_document(struct declc_doc *doc, const struct validate_schemas *v)
{
	struct collector c = { doc, v, g_array_new(FALSE, FALSE, sizeof(struct fault)), false };
	int rc = run_rng(&c, doc->tei);

	/* Rules assume the structure the grammar guarantees; run them on a valid
	 * tree only, so one fault is not reported twice in two vocabularies. */
	if (rc == 0 && v->sch) {
		xmlSchematronValidCtxtPtr sc = xmlSchematronNewValidCtxt(v->sch, XML_SCHEMATRON_OUT_ERROR);
		xmlSchematronSetValidStructuredErrors(sc, collect_rule, &c);
		/* > 0 when an assert failed: each is a diagnostic already, an
		 * error or (lint-) a warning; only < 0 is a failure of its own. */
		if (xmlSchematronValidateDoc(sc, doc->tei) < 0)
			rc = -1;
		xmlSchematronFreeValidCtxt(sc);
	}
	g_array_free(c.faults, TRUE);
	return rc == 0 && !diag_has_errors(doc->diags) ? 0 : -1;
}

int validate_tree(struct declc_doc *doc, const struct validate_schemas *v, const xmlDoc *tree)
{
	struct collector c = { doc, v, g_array_new(FALSE, FALSE, sizeof(struct fault)), true };
	int rc = run_rng(&c, tree);
	g_array_free(c.faults, TRUE);
	return rc == 0 ? 0 : -1;
}
