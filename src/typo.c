/*
 * typo.c — the Spanish typography pass over the TEI tree (DESIGN §1).
 *
 * Consumes: doc->tei after validation. Produces: in fix mode, the same tree
 * with its text nodes corrected (Roman numerals after "siglo" wrapped in
 * <hi rend="smallcaps">, ordinal endings in <hi rend="sup">); in report mode,
 * warnings on doc->diags and no change. The tree stays the document's.
 *
 * Like lowdown's smartypants pass, this is a tree-to-tree walk driven by a
 * table that classifies every element (elements[] below):
 *
 *   block      a unit of running text: p, head, item, salute, dateline, the
 *              lines of a signature, titlePart, <title> in the header…
 *   inline     phrase level (hi, foreign, name, date…): its text belongs to
 *              the enclosing unit, so a quotation opened in one text node and
 *              closed in the next is paired, and "word <hi>, </hi>" is seen
 *   quote      q and quote: inline, and one level of quotation whose marks
 *              the stylesheet writes (ES-04 counts it when levelling)
 *   container  structure (body, div, list, closer…): its own text is only
 *              the indentation between blocks and is never touched
 *   opaque     ES-33: code, ident, email, idno, sic, anything with
 *              rend="verbatim", <num type="identifier">, other namespaces:
 *              never read or changed; a single word to its neighbours
 *   aside      note: a unit of its own, invisible in the sentence around it
 *   header     teiHeader: metadata, left as typed, except <title>
 *
 * An element the table does not know is inline inside a unit, a block when
 * it holds text where blocks are expected, and a container otherwise; an
 * inline element standing where blocks are expected is a block. Empty
 * elements are words the stylesheet will write (<date when=…/>, <ptr/>,
 * <graphic/>), except lb (a line break) and pb, cb, anchor, milestone, index
 * (invisible). Attributes are never touched (ref/@target, ptr/@target…).
 *
 * A unit is flattened into an array of characters; each one remembers the
 * text node and the offset it came from, its language profile (xml:lang,
 * inherited) and flags. Markup inside the unit becomes private-use
 * characters (typo.h). The rules of typo_es.c rewrite the array; writing back
 * regroups the characters by text node, so an edit lands in the node the
 * character came from and positions of findings are exact.
 */
#include <string.h>
#include <libxml/tree.h>
#include "load.h"
#include "typo.h"

#define TEI_NS "http://www.tei-c.org/ns/1.0"

enum typo_class {
	TYPO_E_INLINE, TYPO_E_BLOCK, TYPO_E_CONTAINER, TYPO_E_OPAQUE, TYPO_E_ASIDE,
	TYPO_E_QUOTE,   /* inline quotation */
	TYPO_E_QBLOCK,  /* a quotation holding paragraphs: a container one level deep */
	TYPO_E_HEADER,
	TYPO_E_UNKNOWN
};

/* Element flags. */
enum {
	EF_HEADING = 1 << 0,   /* ES-25: no final period */
	EF_ITEM = 1 << 1,      /* ES-08: a leading "- " is a list marker */
	EF_LINE = 1 << 2,      /* a line of its own inside <signed> (ES-35) */
	EF_INVISIBLE = 1 << 3, /* empty and invisible in the text (pb, anchor) */
	EF_LB = 1 << 4
};

struct typo_elem {
	const char *name;      /* TEI local name */
	enum typo_class cls;
	unsigned ef;           /* EF_* */
	unsigned cf;           /* TYPO_C_* its text inherits */
};

static const struct typo_elem elements[] = {
	/* structure */
	{"TEI", TYPO_E_CONTAINER, 0, 0}, {"text", TYPO_E_CONTAINER, 0, 0},
	{"front", TYPO_E_CONTAINER, 0, 0}, {"body", TYPO_E_CONTAINER, 0, 0},
	{"back", TYPO_E_CONTAINER, 0, 0}, {"group", TYPO_E_CONTAINER, 0, 0},
	{"div", TYPO_E_CONTAINER, 0, 0}, {"list", TYPO_E_CONTAINER, 0, 0},
	{"listBibl", TYPO_E_CONTAINER, 0, 0}, {"table", TYPO_E_CONTAINER, 0, 0},
	{"row", TYPO_E_CONTAINER, 0, 0}, {"opener", TYPO_E_CONTAINER, 0, 0},
	{"closer", TYPO_E_CONTAINER, 0, 0}, {"docTitle", TYPO_E_CONTAINER, 0, 0},
	{"titlePage", TYPO_E_CONTAINER, 0, 0}, {"lg", TYPO_E_CONTAINER, 0, 0},
	{"figure", TYPO_E_CONTAINER, 0, 0}, {"epigraph", TYPO_E_CONTAINER, 0, 0},
	{"argument", TYPO_E_CONTAINER, 0, 0}, {"postscript", TYPO_E_CONTAINER, 0, 0},
	{"address", TYPO_E_CONTAINER, 0, 0}, {"floatingText", TYPO_E_CONTAINER, 0, 0},
	{"sp", TYPO_E_CONTAINER, 0, 0},
	/* units of running text */
	{"p", TYPO_E_BLOCK, 0, 0}, {"ab", TYPO_E_BLOCK, 0, 0},
	{"head", TYPO_E_BLOCK, EF_HEADING, 0}, {"titlePart", TYPO_E_BLOCK, EF_HEADING, 0},
	{"item", TYPO_E_BLOCK, EF_ITEM, 0}, {"label", TYPO_E_BLOCK, 0, 0},
	{"salute", TYPO_E_BLOCK, 0, 0}, {"dateline", TYPO_E_BLOCK, 0, 0},
	{"signed", TYPO_E_BLOCK, 0, 0}, {"docImprint", TYPO_E_BLOCK, 0, 0},
	{"cell", TYPO_E_BLOCK, 0, 0}, {"l", TYPO_E_BLOCK, 0, 0},
	{"trailer", TYPO_E_BLOCK, 0, 0}, {"addrLine", TYPO_E_BLOCK, 0, 0},
	{"figDesc", TYPO_E_BLOCK, 0, 0}, {"speaker", TYPO_E_BLOCK, 0, 0},
	{"stage", TYPO_E_BLOCK, 0, 0},
	/* phrase level */
	{"hi", TYPO_E_INLINE, 0, 0}, {"emph", TYPO_E_INLINE, 0, 0},
	{"foreign", TYPO_E_INLINE, 0, 0}, {"term", TYPO_E_INLINE, 0, 0},
	{"title", TYPO_E_INLINE, 0, 0}, {"rs", TYPO_E_INLINE, 0, 0},
	{"abbr", TYPO_E_INLINE, 0, 0}, {"expan", TYPO_E_INLINE, 0, 0},
	{"choice", TYPO_E_INLINE, 0, 0}, {"seg", TYPO_E_INLINE, 0, 0},
	{"mentioned", TYPO_E_INLINE, 0, 0}, {"soCalled", TYPO_E_INLINE, 0, 0},
	{"gloss", TYPO_E_INLINE, 0, 0}, {"distinct", TYPO_E_INLINE, 0, 0},
	{"ref", TYPO_E_INLINE, 0, 0}, {"add", TYPO_E_INLINE, 0, 0},
	{"del", TYPO_E_INLINE, 0, 0}, {"corr", TYPO_E_INLINE, 0, 0},
	{"reg", TYPO_E_INLINE, 0, 0}, {"unclear", TYPO_E_INLINE, 0, 0},
	{"supplied", TYPO_E_INLINE, 0, 0}, {"said", TYPO_E_INLINE, 0, 0},
	{"docDate", TYPO_E_INLINE, 0, 0}, {"docAuthor", TYPO_E_INLINE, 0, 0},
	{"docEdition", TYPO_E_INLINE, 0, 0}, {"byline", TYPO_E_INLINE, 0, 0},
	{"bibl", TYPO_E_INLINE, 0, 0}, {"cit", TYPO_E_INLINE, 0, 0},
	{"author", TYPO_E_INLINE, 0, 0}, {"editor", TYPO_E_INLINE, 0, 0},
	{"affiliation", TYPO_E_INLINE, EF_LINE, 0}, {"pubPlace", TYPO_E_INLINE, 0, 0},
	{"roleName", TYPO_E_INLINE, EF_LINE, 0}, {"measure", TYPO_E_INLINE, 0, 0},
	{"name", TYPO_E_INLINE, EF_LINE, TYPO_C_NAME},
	{"persName", TYPO_E_INLINE, EF_LINE, TYPO_C_NAME},
	{"orgName", TYPO_E_INLINE, EF_LINE, TYPO_C_NAME},
	{"placeName", TYPO_E_INLINE, 0, TYPO_C_NAME},
	{"geogName", TYPO_E_INLINE, 0, TYPO_C_NAME},
	{"settlement", TYPO_E_INLINE, 0, TYPO_C_NAME},
	{"country", TYPO_E_INLINE, 0, TYPO_C_NAME},
	{"date", TYPO_E_INLINE, 0, TYPO_C_NONUM}, {"time", TYPO_E_INLINE, 0, TYPO_C_NONUM},
	{"num", TYPO_E_INLINE, 0, TYPO_C_MARKED},
	{"lb", TYPO_E_INLINE, EF_LB, 0},
	{"pb", TYPO_E_INLINE, EF_INVISIBLE, 0}, {"cb", TYPO_E_INLINE, EF_INVISIBLE, 0},
	{"milestone", TYPO_E_INLINE, EF_INVISIBLE, 0}, {"anchor", TYPO_E_INLINE, EF_INVISIBLE, 0},
	{"index", TYPO_E_INLINE, EF_INVISIBLE, 0},
	{"q", TYPO_E_QUOTE, 0, 0}, {"quote", TYPO_E_QUOTE, 0, 0},
	/* ES-33: protected */
	{"code", TYPO_E_OPAQUE, 0, 0}, {"ident", TYPO_E_OPAQUE, 0, 0},
	{"email", TYPO_E_OPAQUE, 0, 0}, {"idno", TYPO_E_OPAQUE, 0, 0},
	{"eg", TYPO_E_OPAQUE, 0, 0}, {"gi", TYPO_E_OPAQUE, 0, 0},
	{"att", TYPO_E_OPAQUE, 0, 0}, {"val", TYPO_E_OPAQUE, 0, 0},
	{"tag", TYPO_E_OPAQUE, 0, 0}, {"formula", TYPO_E_OPAQUE, 0, 0},
	{"sic", TYPO_E_OPAQUE, 0, 0}, {"orig", TYPO_E_OPAQUE, 0, 0},
	{"ptr", TYPO_E_OPAQUE, 0, 0}, {"graphic", TYPO_E_OPAQUE, 0, 0},
	{"media", TYPO_E_OPAQUE, 0, 0}, {"fw", TYPO_E_OPAQUE, 0, 0},
	/* a unit of its own */
	{"note", TYPO_E_ASIDE, 0, 0},
	{"teiHeader", TYPO_E_HEADER, 0, 0},
};

static const struct typo_elem *elem_of(const xmlNode *n)
{
	/* The first letter first: strcmp is a call, and this runs for every
	 * element of the document, several times. */
	for (size_t i = 0; i < G_N_ELEMENTS(elements); i++)
		if (n->name[0] == (xmlChar)elements[i].name[0] &&
		    strcmp((const char *)n->name, elements[i].name) == 0)
			return &elements[i];
	return NULL;
}

static bool is_tei(const xmlNode *n)
{
	return !n->ns || strcmp((const char *)n->ns->href, TEI_NS) == 0;
}

static bool named(const xmlNode *n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

static bool attr_is(const xmlNode *n, const char *attr, const char *value)
{
	xmlChar *v = xmlGetProp(n, BAD_CAST attr);
	bool yes = v && strcmp((const char *)v, value) == 0;
	xmlFree(v);
	return yes;
}

/* rend is a list of tokens: does it hold one of TOKENS (NULL-terminated)?
 * One look-up of the attribute for the whole list. */
static bool rend_has_any(const xmlNode *n, const char *const *tokens)
{
	xmlChar *v = xmlGetProp(n, BAD_CAST "rend");
	bool yes = false;
	if (v) {
		char **t = g_strsplit_set((const char *)v, " \t\n", -1);
		for (char **p = t; *p && !yes; p++)
			for (const char *const *k = tokens; *k && !yes; k++)
				yes = strcmp(*p, *k) == 0;
		g_strfreev(t);
	}
	xmlFree(v);
	return yes;
}

static bool rend_has(const xmlNode *n, const char *token)
{
	const char *const tokens[] = { token, NULL };
	return rend_has_any(n, tokens);
}

static bool has_text(const xmlNode *n)
{
	for (const xmlNode *c = n->children; c; c = c->next)
		if (c->type == XML_TEXT_NODE && c->content)
			for (const xmlChar *p = c->content; *p; p++)
				if (!g_ascii_isspace(*p))
					return true;
	return false;
}

static bool is_inside(enum typo_class c)
{
	return c == TYPO_E_BLOCK || c == TYPO_E_INLINE || c == TYPO_E_QUOTE || c == TYPO_E_ASIDE;
}

/* The class of element N, whose parent has class PARENT (see the top). */
static enum typo_class class_of(const xmlNode *n, enum typo_class parent)
{
	const struct typo_elem *e = elem_of(n);
	enum typo_class c = e ? e->cls : TYPO_E_UNKNOWN;

	if (parent == TYPO_E_HEADER)
		return named(n, "title") ? TYPO_E_BLOCK : TYPO_E_HEADER;
	if (!is_tei(n) || rend_has(n, "verbatim") ||
	    (named(n, "num") && attr_is(n, "type", "identifier")))
		return TYPO_E_OPAQUE;
	if (c == TYPO_E_QUOTE)
		for (const xmlNode *k = n->children; k; k = k->next) {
			const struct typo_elem *ke = k->type == XML_ELEMENT_NODE ? elem_of(k) : NULL;
			if (ke && (ke->cls == TYPO_E_BLOCK || ke->cls == TYPO_E_CONTAINER))
				return TYPO_E_QBLOCK;   /* a quotation of paragraphs */
		}
	if (e && (e->ef & EF_LINE) && named(n->parent, "signed"))
		return TYPO_E_BLOCK;
	if (c == TYPO_E_UNKNOWN)
		return is_inside(parent) ? TYPO_E_INLINE
			: has_text(n) ? TYPO_E_BLOCK : TYPO_E_CONTAINER;
	if ((c == TYPO_E_INLINE || c == TYPO_E_QUOTE) && !is_inside(parent))
		return TYPO_E_BLOCK;
	return c;
}

/* Flags an element gives the text inside it. */
static unsigned char_flags(const xmlNode *n)
{
	const struct typo_elem *e = is_tei(n) ? elem_of(n) : NULL;
	unsigned f = e ? e->cf : 0;

	static const char *const marked[] = {
		"smallcaps", "small-caps", "sc", "uppercase", "sup", "superscript", "sub",
		"subscript", NULL
	};

	if (rend_has_any(n, marked))
		f |= TYPO_C_MARKED;
	if (named(n, "num")) {
		if (attr_is(n, "type", "year") || attr_is(n, "type", "code"))
			f |= TYPO_C_NONUM;
		if (attr_is(n, "type", "cardinal"))
			f |= TYPO_C_CARDINAL;
	}
	return f;
}

enum typo_locale typo_locale_of(const char *lang)
{
	static const struct { const char *tag; enum typo_locale loc; } regions[] = {
		{"es", TYPO_L_ES}, {"es-es", TYPO_L_ES_ES}, {"es-cl", TYPO_L_ES_CL},
		{"es-co", TYPO_L_ES_CO}, {"es-mx", TYPO_L_ES_MX}, {"es-ar", TYPO_L_ES_AR},
	};
	char *low, *dash;
	enum typo_locale loc = TYPO_L_FOREIGN;

	if (!lang || !*lang)
		return TYPO_L_ES;
	low = g_ascii_strdown(lang, -1);
	/* Only the language and the region count: es-CL-x-foo is es-CL. */
	if ((dash = strchr(low, '-')) && (dash = strchr(dash + 1, '-')))
		*dash = '\0';
	for (size_t i = 0; i < G_N_ELEMENTS(regions); i++)
		if (strcmp(low, regions[i].tag) == 0)
			loc = regions[i].loc;
	if (loc == TYPO_L_FOREIGN && strncmp(low, "es-", 3) == 0)
		loc = TYPO_L_ES_419;
	g_free(low);
	return loc;
}

/* ---- Units ---------------------------------------------------------------- */

struct typo_seg {
	xmlNode *node;        /* NULL for typo_fix_string */
	const char *orig;     /* its text before the pass */
};

struct typo_state {
	struct declc_doc *doc;        /* NULL for typo_fix_string */
	enum typo_mode mode;
	struct typo_unit u;
	GPtrArray *segs;              /* struct typo_seg * of the unit being collected */
	struct typo_buf bufs[2];      /* u.ch and u.tmp, reused from unit to unit */
	const struct typo_rule *rules;
	size_t nrules;
	struct typo_set *needs;       /* of each rule: its NEEDS column as a set */
	struct typo_set *makes;       /* its MAKES column */
	bool verify;                  /* check the MAKES column after every rule */
	bool every_rule;              /* ignore the NEEDS column (tests) */
};

void typo_buf_grow(struct typo_buf *b, guint need)
{
	if (need <= b->cap)
		return;
	b->cap = MAX(MAX(need, b->cap * 2), 256);
	if (b->len) {
		b->v = g_renew(struct typo_ch, b->v, b->cap);
	} else {
		/* Empty (typo_begin): nothing to copy over. */
		g_free(b->v);
		b->v = g_new(struct typo_ch, b->cap);
	}
}

static void buf_push(struct typo_buf *b, struct typo_ch ch)
{
	if (G_UNLIKELY(b->len == b->cap))
		typo_buf_grow(b, b->len + 1);
	b->v[b->len++] = ch;
}

static void finding_free(gpointer p)
{
	struct typo_finding *f = p;
	for (int i = 0; i < 3; i++)
		g_free(f->arg[i]);
	g_free(f);
}

static void unit_reset(struct typo_state *st, enum typo_kind kind, int qdepth)
{
	g_ptr_array_set_size(st->segs, 0);
	g_ptr_array_set_size(st->u.findings, 0);
	/* The rules may have swapped the two buffers: either may be u.ch. */
	st->u.ch->len = 0;
	st->u.tmp->len = 0;
	st->u.kind = kind;
	st->u.qdepth = qdepth;
	st->u.dialogue = false;
}

static void add_marker(struct typo_state *st, gunichar c)
{
	struct typo_ch ch = { c, -1, 0, 0, TYPO_L_ES };
	buf_push(st->u.ch, ch);
}

static void add_text(struct typo_state *st, xmlNode *node, const char *text,
		     unsigned flags, enum typo_locale loc)
{
	struct typo_seg *s = g_new0(struct typo_seg, 1);
	int seg = (int)st->segs->len, off = 0;

	s->node = node;
	s->orig = text;
	g_ptr_array_add(st->segs, s);
	if (loc == TYPO_L_FOREIGN)
		flags |= TYPO_C_FOREIGN;
	for (const char *p = text; *p;) {
		/* Text is mostly ASCII: decode that without a call. */
		gunichar c = (unsigned char)*p < 0x80 ? (gunichar)*p : g_utf8_get_char(p);
		struct typo_ch ch = { c, seg, off++, flags, (unsigned char)loc };
		buf_push(st->u.ch, ch);
		p = (unsigned char)*p < 0x80 ? p + 1 : g_utf8_next_char(p);
	}
}

static bool worth_running(const struct typo_unit *u)
{
	for (guint i = 0; i < u->ch->len; i++) {
		const struct typo_ch *c = &u->ch->v[i];
		if (c->seg >= 0 && !g_unichar_isspace(c->c) && !(c->flags & TYPO_C_FOREIGN))
			return true;
	}
	return false;
}

/* The characters of UTF-8 string S as a set (NULL: none). */
static void set_of(struct typo_set *set, const char *s)
{
	memset(set, 0, sizeof *set);
	for (; s && *s; s = g_utf8_next_char(s))
		typo_set_add(set, g_utf8_get_char(s));
}

static bool set_meets(const struct typo_set *a, const struct typo_set *b)
{
	for (int k = 0; k < 4; k++)
		if (a->bits[k] & b->bits[k])
			return true;
	return false;
}

static void set_of_unit(struct typo_set *set, const struct typo_unit *u)
{
	memset(set, 0, sizeof *set);
	for (guint i = 0; i < u->ch->len; i++)
		typo_set_add(set, u->ch->v[i].c);
}

/* Every rule of the table in order, but only those that can apply: the
 * characters the unit may hold are known (typo_set), and a rule is skipped
 * when it holds none of those in its NEEDS column. Most units of running
 * text have no digit, quotation mark, dash or ¿¡, so most rules never look
 * at them; the result is the same as running them all. */
static void run_rules(struct typo_state *st)
{
	struct typo_unit *u = &st->u;
	struct typo_set has;

	set_of_unit(&has, u);
	for (size_t i = 0; i < st->nrules; i++) {
		const struct typo_rule *r = &st->rules[i];
		if (!r->fn)
			continue;
		if (r->needs && !st->every_rule && !set_meets(&has, &st->needs[i]))
			continue;
		r->fn(u);
		for (int k = 0; k < 4; k++)
			has.bits[k] |= st->makes[i].bits[k];
		if (st->verify) {
			struct typo_set now;
			set_of_unit(&now, u);
			for (int k = 0; k < 4; k++)
				if (now.bits[k] & ~has.bits[k])
					g_error("typo: %s wrote a character its MAKES column leaves out",
						r->id);
		}
	}
}

static gint by_position(gconstpointer a, gconstpointer b)
{
	const struct typo_finding *x = *(const struct typo_finding *const *)a;
	const struct typo_finding *y = *(const struct typo_finding *const *)b;
	return x->seg != y->seg ? (x->seg > y->seg) - (x->seg < y->seg)
		: (x->off > y->off) - (x->off < y->off);
}

/* Findings in text order, so that positions are counted in one pass over
 * each text node, however many findings it has. */
static void report(struct typo_state *st)
{
	const struct typo_seg *s = NULL;
	const char *p = NULL;
	int seg = -1, off = 0, line = 0, col = 0;

	g_ptr_array_sort(st->u.findings, by_position);
	for (guint i = 0; i < st->u.findings->len; i++) {
		const struct typo_finding *f = g_ptr_array_index(st->u.findings, i);
		if (f->seg != seg) {
			seg = f->seg;
			line = col = off = 0;
			if (seg >= 0) {
				s = g_ptr_array_index(st->segs, seg);
				p = s->orig;
				load_pos(st->doc, s->node, &line, &col);
			}
		}
		for (; seg >= 0 && off < f->off && *p; off++, p = g_utf8_next_char(p)) {
			if (*p == '\n') {
				line++;
				col = 1;
			} else if (col) {
				col++;
			}
		}
		if (st->mode == TYPO_FIX && f->fixed)
			continue;
		doc_diag(st->doc, line, col, f->id, f->arg[0] ? f->arg[0] : "",
			 f->arg[1] ? f->arg[1] : "", f->arg[2] ? f->arg[2] : "");
	}
}

/* What a character becomes on writing back: plain text, or a <hi> the pass
 * adds. ES-21: a run of small capitals becomes <hi rend="smallcaps">, the
 * one small-caps markup of the schema; ES-17: the letters of an ordinal
 * ending (1.er) become <hi rend="sup">, the schema's superscript. The tree
 * stays valid and the stylesheets have one case each (small capitals with
 * c2sc; superscripts with the font's sups glyphs, compose.c). */
enum typo_piece { TYPO_P_PLAIN, TYPO_P_SC, TYPO_P_SUP };

static void append_char(GString *s, gunichar c)
{
	if (c < 0x80)
		g_string_append_c(s, (char)c);   /* inline in GLib */
	else
		g_string_append_unichar(s, c);
}

static enum typo_piece piece_of(const struct typo_ch *c)
{
	return (c->flags & TYPO_C_SC) ? TYPO_P_SC : (c->flags & TYPO_C_SUP) ? TYPO_P_SUP
		: TYPO_P_PLAIN;
}

static xmlNode *add_piece(xmlNode *after, const GString *s, enum typo_piece kind)
{
	xmlNode *n;

	if (!s->len)
		return after;
	if (kind != TYPO_P_PLAIN) {
		xmlNs *ns = xmlSearchNsByHref(after->doc, after->parent, BAD_CAST TEI_NS);
		n = xmlNewDocNode(after->doc, ns, BAD_CAST "hi", NULL);
		xmlNewProp(n, BAD_CAST "rend", BAD_CAST (kind == TYPO_P_SC ? "smallcaps" : "sup"));
		xmlAddChild(n, xmlNewDocTextLen(after->doc, BAD_CAST s->str, (int)s->len));
	} else {
		n = xmlNewDocTextLen(after->doc, BAD_CAST s->str, (int)s->len);
	}
	return xmlAddNextSibling(after, n);
}

/* Regroups the characters by text node, in one pass, into pieces of one kind
 * each (the first always plain, possibly empty), and rewrites the nodes that
 * changed. */
static void write_back(struct typo_state *st)
{
	guint nseg = st->segs->len;
	GPtrArray **pieces = g_new0(GPtrArray *, nseg);   /* GString * */
	GArray **kinds = g_new0(GArray *, nseg);          /* enum typo_piece of each piece */
	const enum typo_piece plain = TYPO_P_PLAIN;

	for (guint i = 0; i < nseg; i++) {
		pieces[i] = g_ptr_array_new();
		g_ptr_array_add(pieces[i], g_string_new(NULL));
		kinds[i] = g_array_new(FALSE, FALSE, sizeof(enum typo_piece));
		g_array_append_val(kinds[i], plain);
	}
	for (guint i = 0; i < st->u.ch->len; i++) {
		const struct typo_ch *c = &st->u.ch->v[i];
		if (c->seg < 0)
			continue;
		GPtrArray *p = pieces[c->seg];
		enum typo_piece k = piece_of(c);
		if (g_array_index(kinds[c->seg], enum typo_piece, p->len - 1) != k) {
			g_ptr_array_add(p, g_string_new(NULL));
			g_array_append_val(kinds[c->seg], k);
		}
		append_char(g_ptr_array_index(p, p->len - 1), c->c);
	}
	for (guint i = 0; i < nseg; i++) {
		struct typo_seg *s = g_ptr_array_index(st->segs, i);
		GString *first = g_ptr_array_index(pieces[i], 0);
		if (pieces[i]->len > 1 || strcmp(first->str, s->orig) != 0)
			xmlNodeSetContentLen(s->node, BAD_CAST first->str, (int)first->len);
		xmlNode *last = s->node;
		for (guint k = 0; k < pieces[i]->len; k++) {
			GString *piece = g_ptr_array_index(pieces[i], k);
			if (k)
				last = add_piece(last, piece, g_array_index(kinds[i], enum typo_piece, k));
			g_string_free(piece, TRUE);
		}
		g_ptr_array_free(pieces[i], TRUE);
		g_array_free(kinds[i], TRUE);
	}
	g_free(pieces);
	g_free(kinds);
}

static void flush(struct typo_state *st)
{
	if (worth_running(&st->u)) {
		run_rules(st);
		report(st);
		if (st->mode == TYPO_FIX)
			write_back(st);
	}
	unit_reset(st, st->u.kind, st->u.qdepth);
}

/* Language profile and character flags of the text directly inside N. */
static enum typo_locale locale_at(const xmlNode *n)
{
	xmlChar *lang = xmlNodeGetLang(n);
	enum typo_locale loc = typo_locale_of((const char *)lang);
	xmlFree(lang);
	return loc;
}

static unsigned flags_at(const xmlNode *n)
{
	unsigned f = 0;
	for (; n && n->type == XML_ELEMENT_NODE; n = n->parent)
		f |= char_flags(n);
	return f;
}

struct frame {
	xmlNode *n;
	enum typo_class cls;
	unsigned flags;
	enum typo_locale loc;
};

/* Collects and runs the units of block ROOT: its text and that of its inline
 * elements, cut where a nested block starts (the outer walk runs those).
 * Iterative: the depth is bounded by the parser's limit, not the C stack. */
static void run_block(struct typo_state *st, xmlNode *root, enum typo_class cls)
{
	const struct typo_elem *e = elem_of(root);
	enum typo_kind kind = named(root, "title") || (e && (e->ef & EF_HEADING)) ? TYPO_K_HEADING
		: e && (e->ef & EF_ITEM) ? TYPO_K_ITEM : TYPO_K_PARA;
	int qdepth = 0;
	GArray *stack = g_array_new(FALSE, FALSE, sizeof(struct frame));
	struct frame top = { root, cls, flags_at(root), locale_at(root) };
	xmlNode *c = root->children;

	for (const xmlNode *a = root; a && a->type == XML_ELEMENT_NODE; a = a->parent)
		qdepth += named(a, "q") || named(a, "quote");
	unit_reset(st, kind, qdepth);
	g_array_append_val(stack, top);
	while (stack->len) {
		struct frame *f = &g_array_index(stack, struct frame, stack->len - 1);
		if (!c) {
			xmlNode *done = f->n;
			bool quote = f->cls == TYPO_E_QUOTE;
			g_array_set_size(stack, stack->len - 1);
			if (!stack->len)
				break;
			if (quote)
				add_marker(st, TYPO_QCLOSE);
			c = done->next;
			continue;
		}
		if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
			if (c->content)
				add_text(st, c, (const char *)c->content, f->flags, f->loc);
			c = c->next;
			continue;
		}
		if (c->type != XML_ELEMENT_NODE) {
			c = c->next;
			continue;
		}
		enum typo_class k = class_of(c, f->cls);
		const struct typo_elem *ce = elem_of(c);
		switch (k) {
		case TYPO_E_BLOCK: case TYPO_E_CONTAINER: case TYPO_E_QBLOCK: case TYPO_E_HEADER:
			flush(st);
			c = c->next;
			break;
		case TYPO_E_ASIDE:
			c = c->next;
			break;
		case TYPO_E_OPAQUE:
			add_marker(st, TYPO_OBJ);
			c = c->next;
			break;
		default:
			if (!c->children) {
				if (!ce || !(ce->ef & EF_INVISIBLE))
					add_marker(st, ce && (ce->ef & EF_LB) ? TYPO_LB : TYPO_OBJ);
				c = c->next;
				break;
			}
			xmlChar *lang = xmlGetNsProp(c, BAD_CAST "lang", XML_XML_NAMESPACE);
			struct frame nf = { c, k, f->flags | char_flags(c),
					    lang ? typo_locale_of((const char *)lang) : f->loc };
			xmlFree(lang);
			g_array_append_val(stack, nf);
			if (k == TYPO_E_QUOTE)
				add_marker(st, TYPO_QOPEN);
			c = c->children;
			break;
		}
	}
	flush(st);
	g_array_free(stack, TRUE);
}

/* The outer walk: every element in document order, iteratively; blocks and
 * asides are run as they are entered (before their nested blocks). */
static void walk(struct typo_state *st, xmlNode *root)
{
	GArray *cls = g_array_new(FALSE, FALSE, sizeof(enum typo_class));
	xmlNode *n = root;
	enum typo_class k = class_of(root, TYPO_E_CONTAINER);

	for (;;) {
		if (k == TYPO_E_BLOCK || k == TYPO_E_ASIDE)
			run_block(st, n, k);
		g_array_append_val(cls, k);
		xmlNode *child = NULL;
		if (k != TYPO_E_OPAQUE)
			for (child = n->children; child && child->type != XML_ELEMENT_NODE;)
				child = child->next;
		if (child) {
			n = child;
			k = class_of(n, k);
			continue;
		}
		/* Up until a next element sibling. */
		for (;;) {
			g_array_set_size(cls, cls->len - 1);
			if (n == root || !cls->len)
				goto done;
			xmlNode *next = n->next;
			while (next && next->type != XML_ELEMENT_NODE)
				next = next->next;
			if (next) {
				n = next;
				k = class_of(n, g_array_index(cls, enum typo_class, cls->len - 1));
				break;
			}
			n = n->parent;
		}
	}
done:
	g_array_free(cls, TRUE);
}

static void state_init(struct typo_state *st, struct declc_doc *doc, enum typo_mode mode,
		       const struct typo_opts *opts)
{
	static const struct typo_opts defaults = { 0 };
	memset(st, 0, sizeof *st);
	st->doc = doc;
	st->mode = mode;
	st->segs = g_ptr_array_new_with_free_func(g_free);
	st->u.ch = &st->bufs[0];
	st->u.tmp = &st->bufs[1];
	st->rules = typo_rule_table(&st->nrules);
	st->needs = g_new(struct typo_set, st->nrules);
	st->makes = g_new(struct typo_set, st->nrules);
	for (size_t i = 0; i < st->nrules; i++) {
		set_of(&st->needs[i], st->rules[i].needs);
		set_of(&st->makes[i], st->rules[i].makes);
	}
	st->u.opts = opts ? opts : &defaults;
	st->u.findings = g_ptr_array_new_with_free_func(finding_free);
	unit_reset(st, TYPO_K_PARA, 0);
}

static void state_free(struct typo_state *st)
{
	g_ptr_array_free(st->segs, TRUE);
	g_ptr_array_free(st->u.findings, TRUE);
	g_free(st->bufs[0].v);
	g_free(st->bufs[1].v);
	g_free(st->needs);
	g_free(st->makes);
}

int typo_run(struct declc_doc *doc, enum typo_mode mode, const struct typo_opts *opts)
{
	struct typo_state st;
	xmlNode *root;

	if (!doc || !doc->tei)
		return -1;
	root = xmlDocGetRootElement(doc->tei);
	if (!root)
		return 0;
	state_init(&st, doc, mode, opts);
	walk(&st, root);
	state_free(&st);
	return 0;
}

char *typo_fix_string(const char *text, const char *lang, const struct typo_opts *opts,
		      GPtrArray *findings)
{
	return typo_fix_string_full(text, lang, opts, findings, false);
}

char *typo_fix_string_full(const char *text, const char *lang, const struct typo_opts *opts,
			   GPtrArray *findings, bool every_rule)
{
	struct typo_state st;
	char *valid = g_utf8_make_valid(text ? text : "", -1);
	GString *out = g_string_new(NULL);

	state_init(&st, NULL, TYPO_REPORT, opts);
	/* Only the tests come here: they check the rule table too. */
	st.verify = true;
	st.every_rule = every_rule;
	add_text(&st, NULL, valid, 0, typo_locale_of(lang));
	if (worth_running(&st.u))
		run_rules(&st);
	for (guint i = 0; i < st.u.ch->len; i++) {
		const struct typo_ch *c = &st.u.ch->v[i];
		if (c->seg >= 0)
			append_char(out, c->c);
	}
	for (guint i = 0; findings && i < st.u.findings->len; i++) {
		const struct typo_finding *f = g_ptr_array_index(st.u.findings, i);
		g_ptr_array_add(findings, g_strdup_printf("%s@%d", diag_code_of(f->id), f->off));
	}
	state_free(&st);
	g_free(valid);
	return g_string_free(out, FALSE);
}

/* ---- Helpers for the rules ------------------------------------------------ */

/* The nearest character of I that came from the text, for positions. */
static const struct typo_ch *real_near(const struct typo_buf *a, gssize i)
{
	for (gssize k = i; k >= 0; k--)
		if (k < (gssize)a->len && a->v[k].seg >= 0)
			return &a->v[k];
	for (gssize k = i + 1; k < (gssize)a->len; k++)
		if (a->v[k].seg >= 0)
			return &a->v[k];
	return NULL;
}

void typo_find(struct typo_unit *u, enum diag_id id, const struct typo_ch *at, bool fixed,
	       const char *a0, const char *a1, const char *a2)
{
	struct typo_finding *f = g_new0(struct typo_finding, 1);

	f->id = id;
	f->seg = at ? at->seg : -1;
	f->off = at ? at->off : 0;
	f->fixed = fixed;
	f->arg[0] = g_strdup(a0 ? a0 : "");
	f->arg[1] = g_strdup(a1 ? a1 : "");
	f->arg[2] = g_strdup(a2 ? a2 : "");
	g_ptr_array_add(u->findings, f);
}

char *typo_text(const struct typo_unit *u, gssize from, gssize to)
{
	GString *s = g_string_new(NULL);

	for (gssize i = MAX(from, 0); i < to && i < (gssize)u->ch->len; i++) {
		gunichar c = typo_c(u, i);
		switch (c) {
		case TYPO_OBJ: g_string_append(s, "…"); break;
		case TYPO_LB: g_string_append_c(s, ' '); break;
		case TYPO_QOPEN: g_string_append(s, "<q>"); break;
		case TYPO_QCLOSE: g_string_append(s, "</q>"); break;
		/* Messages show what an author types. */
		case TYPO_NBSP: case TYPO_THIN: g_string_append_c(s, ' '); break;
		case TYPO_WJ: break;
		default: g_string_append_unichar(s, c); break;
		}
	}
	return g_string_free(s, FALSE);
}

void typo_put_new(struct typo_unit *u, gunichar c, gssize near)
{
	const struct typo_ch *n = real_near(u->ch, near);
	struct typo_ch ch = { c, -1, 0, 0, TYPO_L_ES };

	if (n) {
		ch.seg = n->seg;
		ch.off = n->off;
		ch.loc = n->loc;
		ch.flags = n->flags & (TYPO_C_NAME | TYPO_C_NONUM | TYPO_C_CARDINAL | TYPO_C_MARKED);
	}
	typo_put(u, ch);
}
