/*
 * layout.c — the layout XML (docs/layout.md) → a tree of nodes with resolved
 * styles (layout.h).
 *
 * Consumes the xmlDoc the stylesheet produced; produces a struct lt_tree that
 * owns all its memory (an arena for nodes, runs and styles, a string chunk for
 * text) and no longer needs the xmlDoc. Properties are read through one table
 * (lt_props): name, where the value goes, its type and its range. A bad value
 * is reported as DIAG_E_LAYOUT_VALUE at the TEI position of the element and
 * the inherited value stays, so one typo in a house style gives one clear
 * message instead of a broken page. Both walks (over containers, and over the
 * inline content of a block) are iterative: a deep tree cannot exhaust the
 * stack.
 */
#include <math.h>
#include <stddef.h>
#include <string.h>
#include "layout.h"

/* Limits on values, in points unless said otherwise. A PDF page may not exceed
 * 14,400 pt (200 in), so no length in a layout needs to be larger. */
#define LT_MAX_LENGTH 14400.0
#define LT_MAX_FONT_SIZE 1000.0
#define LT_DEFAULT_FAMILY "Linux Libertine O"

/* The arena: nodes, runs and styles are bump-allocated in chunks and freed
 * together, so freeing a tree is a walk over a handful of chunks, not over
 * the nodes. */
#define LT_ARENA_CHUNK 16384
struct lt_arena {
	struct lt_arena *prev;
	size_t used, cap;          /* bytes */
	max_align_t data[];
};

static void *lt_alloc(struct lt_tree *t, size_t size)
{
	struct lt_arena *a = t->arena;
	void *p;

	size = (size + sizeof(max_align_t) - 1) / sizeof(max_align_t) * sizeof(max_align_t);
	if (a == NULL || a->used + size > a->cap) {
		size_t cap = MAX(size, LT_ARENA_CHUNK);
		struct lt_arena *fresh = g_malloc(sizeof *fresh + cap);

		fresh->prev = a;
		fresh->used = 0;
		fresh->cap = cap;
		t->arena = a = fresh;
	}
	p = (char *)a->data + a->used;
	a->used += size;
	return memset(p, 0, size);
}

/* ---- The property table ---- */

enum lt_scope {
	LT_SCOPE_CHARS,   /* struct lt_chars: inherited, also on l:span */
	LT_SCOPE_SET,     /* struct lt_setting: inherited */
	LT_SCOPE_OWN      /* struct lt_node: the element's own */
};

enum lt_type {
	LT_T_LENGTH,      /* double, points, within [min, max] */
	LT_T_INT,         /* int within [min, max] */
	LT_T_BOOL,        /* bool: true / false */
	LT_T_STRING,      /* const char *, copied into the tree */
	LT_T_ENUM,        /* int (an enum) from a keyword */
	LT_T_FLAG,        /* bool from a keyword */
	LT_T_WEIGHT,      /* int: normal, bold or 100–900 */
	LT_T_SHIFT,       /* lt_chars.shift and .rise: super, sub or points */
	LT_T_COLOR        /* guint32 from #rrggbb */
};

struct lt_keyword {
	const char *word;
	int value;
};

static const struct lt_keyword lt_aligns[] = {
	{"justify", LT_JUSTIFY}, {"left", LT_LEFT}, {"right", LT_RIGHT},
	{"center", LT_CENTER}, {NULL, 0}
};
static const struct lt_keyword lt_breakings[] = {
	{"total-fit", LT_BREAK_TOTAL_FIT}, {"greedy", LT_BREAK_GREEDY}, {NULL, 0}
};
static const struct lt_keyword lt_variants[] = {
	{"normal", LT_VARIANT_NORMAL}, {"small-caps", LT_SMALL_CAPS},
	{"all-small-caps", LT_ALL_SMALL_CAPS}, {NULL, 0}
};
static const struct lt_keyword lt_styles[] = {
	{"normal", 0}, {"italic", 1}, {NULL, 0}
};
static const struct lt_keyword lt_transforms[] = {
	{"none", 0}, {"uppercase", 1}, {NULL, 0}
};
static const struct lt_keyword lt_hyphens[] = {
	{"auto", 0}, {"none", 1}, {NULL, 0}
};

struct lt_prop {
	const char *name;
	enum lt_type type;
	enum lt_scope scope;
	size_t offset;                    /* into the struct of the scope */
	double min, max;                  /* LT_T_LENGTH, LT_T_INT */
	const struct lt_keyword *words;   /* LT_T_ENUM, LT_T_FLAG */
};

#define CH(f) LT_SCOPE_CHARS, offsetof(struct lt_chars, f)
#define SE(f) LT_SCOPE_SET, offsetof(struct lt_setting, f)
#define OW(f) LT_SCOPE_OWN, offsetof(struct lt_node, f)
static const struct lt_prop lt_props[] = {
	{"font-family", LT_T_STRING, CH(family), 0, 0, NULL},
	{"font-size", LT_T_LENGTH, CH(size), 0.1, LT_MAX_FONT_SIZE, NULL},
	{"font-style", LT_T_FLAG, CH(italic), 0, 0, lt_styles},
	{"font-weight", LT_T_WEIGHT, CH(weight), 100, 900, NULL},
	{"font-variant", LT_T_ENUM, CH(variant), 0, 0, lt_variants},
	{"font-features", LT_T_STRING, CH(features), 0, 0, NULL},
	{"text-transform", LT_T_FLAG, CH(uppercase), 0, 0, lt_transforms},
	{"hyphens", LT_T_FLAG, CH(no_hyphens), 0, 0, lt_hyphens},
	{"letter-spacing", LT_T_LENGTH, CH(letter_spacing), -100, 100, NULL},
	{"baseline-shift", LT_T_SHIFT, CH(shift), -LT_MAX_FONT_SIZE, LT_MAX_FONT_SIZE, NULL},
	{"color", LT_T_COLOR, CH(color), 0, 0, NULL},
	{"lang", LT_T_STRING, CH(lang), 0, 0, NULL},
	{"line-height", LT_T_LENGTH, SE(line_height), 0.1, LT_MAX_LENGTH, NULL},
	{"align", LT_T_ENUM, SE(align), 0, 0, lt_aligns},
	{"text-indent", LT_T_LENGTH, SE(text_indent), -LT_MAX_LENGTH, LT_MAX_LENGTH, NULL},
	{"start-indent", LT_T_LENGTH, SE(start_indent), 0, LT_MAX_LENGTH, NULL},
	{"end-indent", LT_T_LENGTH, SE(end_indent), 0, LT_MAX_LENGTH, NULL},
	{"label-gap", LT_T_LENGTH, SE(label_gap), 0, LT_MAX_LENGTH, NULL},
	{"hyphenate", LT_T_BOOL, SE(hyphenate), 0, 0, NULL},
	{"widows", LT_T_INT, SE(widows), 1, 100, NULL},
	{"orphans", LT_T_INT, SE(orphans), 1, 100, NULL},
	{"line-breaking", LT_T_ENUM, SE(breaking), 0, 0, lt_breakings},
	{"looseness", LT_T_INT, SE(looseness), -10, 10, NULL},
	{"space-before", LT_T_LENGTH, OW(space_before), 0, LT_MAX_LENGTH, NULL},
	{"space-after", LT_T_LENGTH, OW(space_after), 0, LT_MAX_LENGTH, NULL},
	{"keep-with-next", LT_T_BOOL, OW(keep_with_next), 0, 0, NULL},
	{"keep-together", LT_T_BOOL, OW(keep_together), 0, 0, NULL},
	{"keep-with-previous", LT_T_INT, OW(keep_with_previous), 0, 1000, NULL},
	{"tag", LT_T_STRING, OW(tag), 0, 0, NULL},
	{"label", LT_T_STRING, OW(label), 0, 0, NULL},
	{"outline-level", LT_T_INT, OW(outline_level), 1, 9, NULL},
	{"columns", LT_T_INT, OW(columns), 1, 4, NULL},
	{"column-gap", LT_T_LENGTH, OW(column_gap), 0, LT_MAX_LENGTH, NULL},
	{"row-gap", LT_T_LENGTH, OW(row_gap), 0, LT_MAX_LENGTH, NULL},
	{"continued-label", LT_T_STRING, OW(continued_label), 0, 0, NULL},
	{"width", LT_T_LENGTH, OW(width), 0, LT_MAX_LENGTH, NULL},
	{"thickness", LT_T_LENGTH, OW(thickness), 0, 100, NULL},
	{"height", LT_T_LENGTH, OW(height), 0, LT_MAX_LENGTH, NULL},
	{"field", LT_T_STRING, OW(field), 0, 0, NULL},
	{"field-height", LT_T_LENGTH, OW(field_height), 1, LT_MAX_LENGTH, NULL},
	{"fields-only", LT_T_BOOL, OW(fields_only), 0, 0, NULL},
	{"alt", LT_T_STRING, OW(alt), 0, 0, NULL},
};
#undef CH
#undef SE
#undef OW

struct lt_parser {
	struct declc_doc *doc;
	struct lt_tree *t;
};

static const char *lt_str(struct lt_parser *p, const char *s)
{
	return s ? g_string_chunk_insert_const(p->t->strings, s) : NULL;
}

static bool lt_is_layout(const xmlNode *x, const char *name)
{
	return x->type == XML_ELEMENT_NODE && x->ns && x->ns->href &&
	       strcmp((const char *)x->ns->href, LT_NS) == 0 &&
	       (name == NULL || strcmp((const char *)x->name, name) == 0);
}

static bool lt_parse_number(const char *s, double *out)
{
	char *end;
	double v;

	while (g_ascii_isspace(*s))
		s++;
	if (*s == '\0')
		return false;
	v = g_ascii_strtod(s, &end);
	while (g_ascii_isspace(*end))
		end++;
	if (*end != '\0' || !isfinite(v))
		return false;
	*out = v;
	return true;
}

static int lt_keyword(const struct lt_keyword *w, const char *s)
{
	for (; w->word; w++)
		if (strcmp(w->word, s) == 0)
			return w->value;
	return -1;
}

/* Stores the value S of property PR into BASE. Returns false when S is not a
 * valid value, leaving BASE untouched. */
static bool lt_store(struct lt_parser *p, const struct lt_prop *pr, char *base, const char *s)
{
	void *f = base + pr->offset;
	double v;
	int k;

	switch (pr->type) {
	case LT_T_LENGTH:
		if (!lt_parse_number(s, &v) || v < pr->min || v > pr->max)
			return false;
		*(double *)f = v;
		return true;
	case LT_T_INT:
		if (!lt_parse_number(s, &v) || v != floor(v) || v < pr->min || v > pr->max)
			return false;
		*(int *)f = (int)v;
		return true;
	case LT_T_BOOL:
		if (strcmp(s, "true") != 0 && strcmp(s, "false") != 0)
			return false;
		*(bool *)f = s[0] == 't';
		return true;
	case LT_T_STRING:
		*(const char **)f = *s ? lt_str(p, s) : NULL;
		return true;
	case LT_T_ENUM:
		if ((k = lt_keyword(pr->words, s)) < 0)
			return false;
		*(int *)f = k;
		return true;
	case LT_T_FLAG:
		if ((k = lt_keyword(pr->words, s)) < 0)
			return false;
		*(bool *)f = k != 0;
		return true;
	case LT_T_WEIGHT:
		if (strcmp(s, "normal") == 0)
			v = 400;
		else if (strcmp(s, "bold") == 0)
			v = 700;
		else if (!lt_parse_number(s, &v) || v != floor(v) || v < pr->min || v > pr->max)
			return false;
		*(int *)f = (int)v;
		return true;
	case LT_T_SHIFT: {
		struct lt_chars *c = (struct lt_chars *)base;

		if (strcmp(s, "super") == 0)
			c->shift = LT_SHIFT_SUPER;
		else if (strcmp(s, "sub") == 0)
			c->shift = LT_SHIFT_SUB;
		else if (lt_parse_number(s, &v) && v >= pr->min && v <= pr->max) {
			c->shift = v == 0 ? LT_SHIFT_NONE : LT_SHIFT_POINTS;
			c->rise = v;
		} else
			return false;
		return true;
	}
	case LT_T_COLOR: {
		unsigned rgb = 0;

		if (s[0] != '#' || strlen(s) != 7)
			return false;
		for (int i = 1; i < 7; i++) {
			if (!g_ascii_isxdigit(s[i]))
				return false;
			rgb = rgb << 4 | (unsigned)g_ascii_xdigit_value(s[i]);
		}
		*(guint32 *)f = rgb;
		return true;
	}
	}
	return false;
}

/* Reads src="LINE:COL" of X into *LINE, *COL (left as inherited when
 * absent or bad). */
static void lt_read_src(struct lt_parser *p, const xmlNode *x, int *line, int *col)
{
	xmlChar *v = xmlGetNoNsProp(x, (const xmlChar *)"src");
	int l, c;
	char tail;

	if (v == NULL)
		return;
	if (sscanf((const char *)v, "%d:%d%c", &l, &c, &tail) == 2 && l > 0 && c >= 0) {
		*line = l;
		*col = c;
	} else
		doc_diag(p->doc, *line, *col, DIAG_E_LAYOUT_VALUE, (const char *)v, "src");
	xmlFree(v);
}

/* Applies the attributes of X to the three property scopes: CHARS, SET and
 * OWN (the node). A NULL scope ignores its properties: l:span passes only
 * CHARS. A bad value is reported at LINE:COL. Returns whether a character
 * property was set, so that the caller keeps its own copy of the style. */
static bool lt_read_props(struct lt_parser *p, const xmlNode *x, struct lt_chars *chars,
			  struct lt_setting *set, struct lt_node *own, int line, int col)
{
	bool chars_changed = false;

	for (const xmlAttr *a = x->properties; a; a = a->next) {
		const char *name = (const char *)a->name;
		const struct lt_prop *pr = NULL;
		char *base = NULL;
		xmlChar *v;

		if (a->ns && strcmp((const char *)a->ns->href,
				    "http://www.w3.org/XML/1998/namespace") == 0 &&
		    strcmp(name, "lang") == 0)
			name = "lang";
		else if (a->ns)
			continue;
		for (size_t i = 0; i < G_N_ELEMENTS(lt_props); i++)
			if (strcmp(lt_props[i].name, name) == 0) {
				pr = &lt_props[i];
				break;
			}
		if (pr == NULL)
			continue;   /* src, and what layout.rng checks */
		switch (pr->scope) {
		case LT_SCOPE_CHARS: base = (char *)chars; break;
		case LT_SCOPE_SET: base = (char *)set; break;
		case LT_SCOPE_OWN: base = (char *)own; break;
		}
		if (base == NULL)
			continue;   /* a block property on l:span: not meaningful there */
		v = xmlNodeGetContent((const xmlNode *)a);
		if (lt_store(p, pr, base, v ? (const char *)v : ""))
			chars_changed |= pr->scope == LT_SCOPE_CHARS;
		else
			doc_diag(p->doc, line, col, DIAG_E_LAYOUT_VALUE,
				 v ? (const char *)v : "", pr->name);
		xmlFree(v);
	}
	return chars_changed;
}

/* Makes a node of KIND from element X (NULL: no attributes), appended to
 * PARENT's children when PARENT is not NULL, inheriting style and position
 * from FROM. */
static struct lt_node *lt_node_new(struct lt_parser *p, enum lt_kind kind, struct lt_node *parent,
				   const struct lt_node *from, const xmlNode *x)
{
	struct lt_node *n = lt_alloc(p->t, sizeof *n);
	struct lt_chars c;

	n->kind = kind;
	n->parent = parent;
	if (parent) {
		if (parent->last)
			parent->last->next = n;
		else
			parent->first = n;
		parent->last = n;
	}
	n->line = from->line;
	n->col = from->col;
	n->chars = from->chars;
	n->set = from->set;
	if (kind == LT_GRID)
		n->columns = 1;
	if (kind == LT_RULE)
		n->thickness = 0.5;
	if (x == NULL)
		return n;
	if (kind != LT_IMAGE)
		lt_read_src(p, x, &n->line, &n->col);
	c = *n->chars;
	if (lt_read_props(p, x, &c, &n->set, n, n->line, n->col)) {
		struct lt_chars *own = lt_alloc(p->t, sizeof *own);

		*own = c;
		n->chars = own;
	}
	if (kind == LT_IMAGE) {
		xmlChar *v = xmlGetNoNsProp(x, (const xmlChar *)"src");
		int l, cl;

		n->src = lt_str(p, (const char *)v);
		xmlFree(v);
		/* An image's TEI position is in pos (src is its file). */
		v = xmlGetNoNsProp(x, (const xmlChar *)"pos");
		if (v && sscanf((const char *)v, "%d:%d", &l, &cl) == 2 && l > 0 && cl >= 0) {
			n->line = l;
			n->col = cl;
		}
		xmlFree(v);
	}
	return n;
}

/* ---- Inline content ---- */

struct lt_frame {
	const struct lt_chars *chars;
	int line, col;
};

static void lt_add_run(struct lt_parser *p, GArray *runs, enum lt_run_kind kind,
		       const char *text, const struct lt_frame *fr)
{
	struct lt_run r = { kind, text ? lt_str(p, text) : NULL, fr->chars, fr->line, fr->col };

	g_array_append_val(runs, r);
}

/* Turns the inline content of block element X into N's runs: text, l:span
 * (pushing a style), l:br, l:page-number, l:page-count. */
static void lt_inline(struct lt_parser *p, const xmlNode *x, struct lt_node *n, GArray *runs,
		      GArray *stack)
{
	struct lt_frame top = { n->chars, n->line, n->col };
	const xmlNode *c = x->children;

	g_array_set_size(runs, 0);
	g_array_set_size(stack, 0);
	g_array_append_val(stack, top);
	while (c) {
		struct lt_frame *fr = &g_array_index(stack, struct lt_frame, stack->len - 1);
		bool descend = false;

		if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
			if (c->content && *c->content)
				lt_add_run(p, runs, LT_RUN_TEXT, (const char *)c->content, fr);
		} else if (lt_is_layout(c, "span")) {
			struct lt_frame in = *fr;
			struct lt_chars ch = *fr->chars;

			lt_read_src(p, c, &in.line, &in.col);
			if (lt_read_props(p, c, &ch, NULL, NULL, in.line, in.col)) {
				struct lt_chars *own = lt_alloc(p->t, sizeof *own);

				*own = ch;
				in.chars = own;
			}
			if (c->children) {
				g_array_append_val(stack, in);
				descend = true;
			}
		} else if (lt_is_layout(c, "br")) {
			lt_add_run(p, runs, LT_RUN_BREAK, NULL, fr);
		} else if (lt_is_layout(c, "page-number")) {
			lt_add_run(p, runs, LT_RUN_PAGE_NUMBER, NULL, fr);
		} else if (lt_is_layout(c, "page-count")) {
			lt_add_run(p, runs, LT_RUN_PAGE_COUNT, NULL, fr);
		} else if (c->type == XML_ELEMENT_NODE) {
			char *what = g_strdup_printf("<%s> inside a block", (const char *)c->name);

			doc_diag(p->doc, fr->line, fr->col, DIAG_E_LAYOUT_INVALID, what);
			g_free(what);
		}
		if (descend) {
			c = c->children;
			continue;
		}
		while (c->next == NULL) {
			c = c->parent;
			if (c == x)
				goto done;
			g_array_set_size(stack, stack->len - 1);
		}
		c = c->next;
	}
done:
	n->n_runs = (int)runs->len;
	n->runs = lt_alloc(p->t, runs->len * sizeof(struct lt_run) + 1);
	if (runs->len)
		memcpy(n->runs, runs->data, runs->len * sizeof(struct lt_run));
}

/* ---- Containers ---- */

/* What each container may hold. */
static bool lt_allowed(enum lt_kind parent, enum lt_kind child)
{
	switch (parent) {
	case LT_BODY:
	case LT_GROUP:
		return child == LT_BLOCK || child == LT_GROUP || child == LT_GRID ||
		       child == LT_RULE || child == LT_SPACE || child == LT_IMAGE;
	case LT_HEADER:
	case LT_FOOTER:
		/* A letterhead sets its logos side by side in a grid. */
		return child == LT_BLOCK || child == LT_RULE || child == LT_SPACE ||
		       child == LT_IMAGE || child == LT_GRID;
	case LT_CELL:
		return child == LT_BLOCK || child == LT_RULE || child == LT_SPACE ||
		       child == LT_IMAGE;
	case LT_GRID:
		return child == LT_CELL;
	default:
		return false;
	}
}

static const struct {
	const char *name;
	enum lt_kind kind;
} lt_elements[] = {
	{"block", LT_BLOCK}, {"group", LT_GROUP}, {"grid", LT_GRID},
	{"cell", LT_CELL}, {"rule", LT_RULE}, {"space", LT_SPACE},
	{"image", LT_IMAGE},
};

bool lt_is_container(const struct lt_node *n)
{
	return n->kind == LT_BODY || n->kind == LT_HEADER || n->kind == LT_FOOTER ||
	       n->kind == LT_GROUP || n->kind == LT_GRID || n->kind == LT_CELL;
}

static void lt_invalid(struct lt_parser *p, const struct lt_node *at, const char *fmt, const char *a,
		       const char *b)
{
	char *what = g_strdup_printf(fmt, a, b);

	doc_diag(p->doc, at->line, at->col, DIAG_E_LAYOUT_INVALID, what);
	g_free(what);
}

static const char *lt_kind_name(enum lt_kind k)
{
	static const char *const names[] = {
		[LT_BODY] = "body", [LT_HEADER] = "header", [LT_FOOTER] = "footer",
		[LT_GROUP] = "group", [LT_BLOCK] = "block", [LT_GRID] = "grid",
		[LT_CELL] = "cell", [LT_RULE] = "rule", [LT_SPACE] = "space",
		[LT_IMAGE] = "image",
	};
	return names[k];
}

/* Builds the nodes under container element TOP (already made as ROOT). */
static void lt_containers(struct lt_parser *p, const xmlNode *top, struct lt_node *root)
{
	GArray *runs = g_array_new(FALSE, FALSE, sizeof(struct lt_run));
	GArray *stack = g_array_new(FALSE, FALSE, sizeof(struct lt_frame));
	struct lt_node *parent = root;
	const xmlNode *x = top->children;

	while (x) {
		struct lt_node *made = NULL;

		if (x->type == XML_ELEMENT_NODE) {
			int kind = -1;

			for (size_t i = 0; lt_is_layout(x, NULL) && i < G_N_ELEMENTS(lt_elements); i++)
				if (strcmp((const char *)x->name, lt_elements[i].name) == 0)
					kind = (int)lt_elements[i].kind;
			if (kind < 0 || !lt_allowed(parent->kind, kind))
				lt_invalid(p, parent, "<%s> is not allowed in <l:%s>",
					   (const char *)x->name, lt_kind_name(parent->kind));
			else
				made = lt_node_new(p, kind, parent, parent, x);
			if (made && made->kind == LT_BLOCK)
				lt_inline(p, x, made, runs, stack);
		} else if (x->type == XML_TEXT_NODE || x->type == XML_CDATA_SECTION_NODE) {
			for (const xmlChar *s = x->content; s && *s; s++)
				if (!g_ascii_isspace(*s)) {
					lt_invalid(p, parent, "text outside a block%s%s", "", "");
					break;
				}
		}
		if (made && lt_is_container(made) && x->children) {
			parent = made;
			x = x->children;
			continue;
		}
		while (x->next == NULL) {
			x = x->parent;
			if (x == top)
				goto done;
			parent = parent->parent;
		}
		x = x->next;
	}
done:
	g_array_free(runs, TRUE);
	g_array_free(stack, TRUE);
}

bool lt_step(const struct lt_node *top, struct lt_node **n, bool *entering)
{
	struct lt_node *cur = *n;

	if (*entering && lt_is_container(cur)) {
		if (cur->first) {
			*n = cur->first;
			return true;
		}
		*entering = false;
		return true;
	}
	if (cur == top)
		return false;
	if (cur->next) {
		*n = cur->next;
		*entering = true;
		return true;
	}
	*n = cur->parent;
	*entering = false;
	return true;
}

/* ---- Root, meta and page ---- */

static const char *lt_attr(struct lt_parser *p, const xmlNode *x, const char *name)
{
	xmlChar *v = xmlGetNoNsProp(x, (const xmlChar *)name);
	const char *s = v && *v ? lt_str(p, (const char *)v) : NULL;

	xmlFree(v);
	return s;
}

/* Reads a length attribute of l:page, l:header or l:footer into *OUT. */
static void lt_page_length(struct lt_parser *p, const xmlNode *x, const char *name, double min,
			   double *out)
{
	const char *s = lt_attr(p, x, name);
	double v;

	if (s == NULL)
		return;
	if (lt_parse_number(s, &v) && v >= min && v <= LT_MAX_LENGTH)
		*out = v;
	else
		doc_diag(p->doc, 0, 0, DIAG_E_LAYOUT_VALUE, s, name);
}

static void lt_first_page(struct lt_parser *p, const xmlNode *x, bool *out)
{
	const char *s = lt_attr(p, x, "first-page");

	if (s && (strcmp(s, "true") == 0 || strcmp(s, "false") == 0))
		*out = s[0] == 't';
	else if (s)
		doc_diag(p->doc, 0, 0, DIAG_E_LAYOUT_VALUE, s, "first-page");
}

/* Whether header X is page 1's letterhead (first-page-only="true"): a band
 * at the top of the first page's text area that the body starts below. */
static bool lt_first_page_only(struct lt_parser *p, const xmlNode *x)
{
	const char *s = lt_attr(p, x, "first-page-only");

	if (s && strcmp(s, "true") != 0 && strcmp(s, "false") != 0)
		doc_diag(p->doc, 0, 0, DIAG_E_LAYOUT_VALUE, s, "first-page-only");
	return s && strcmp(s, "true") == 0;
}

static void lt_read_meta(struct lt_parser *p, const xmlNode *x)
{
	struct lt_meta *m = &p->t->meta;

	m->title = lt_attr(p, x, "title");
	m->author = lt_attr(p, x, "author");
	m->subject = lt_attr(p, x, "subject");
	m->keywords = lt_attr(p, x, "keywords");
	m->date = lt_attr(p, x, "date");
	m->creator = lt_attr(p, x, "creator");
	if (lt_attr(p, x, "lang"))
		m->lang = lt_attr(p, x, "lang");
}

static void lt_read_page(struct lt_parser *p, const xmlNode *x)
{
	struct lt_page *pg = &p->t->page;

	lt_page_length(p, x, "width", 72, &pg->width);
	lt_page_length(p, x, "height", 72, &pg->height);
	lt_page_length(p, x, "margin-top", 0, &pg->margin_top);
	lt_page_length(p, x, "margin-bottom", 0, &pg->margin_bottom);
	lt_page_length(p, x, "margin-left", 0, &pg->margin_left);
	lt_page_length(p, x, "margin-right", 0, &pg->margin_right);
	lt_page_length(p, x, "header-offset", 0, &pg->header_offset);
	lt_page_length(p, x, "footer-offset", 0, &pg->footer_offset);
	/* A text area of at least an inch each way keeps every later step sane. */
	if (pg->width - pg->margin_left - pg->margin_right < 72 ||
	    pg->height - pg->margin_top - pg->margin_bottom < 72) {
		doc_diag(p->doc, 0, 0, DIAG_E_LAYOUT_VALUE, "margins", "l:page (the text area is under 1 in)");
		pg->margin_left = pg->margin_right = pg->margin_top = pg->margin_bottom = 0.1 * MIN(pg->width, pg->height);
	}
}

struct lt_tree *lt_parse(struct declc_doc *doc, const xmlDoc *layout)
{
	struct lt_parser p = { doc, g_new0(struct lt_tree, 1) };
	struct lt_tree *t = p.t;
	const xmlNode *root = layout ? xmlDocGetRootElement(layout) : NULL;
	struct lt_chars *chars;
	struct lt_node *top;

	t->strings = g_string_chunk_new(4096);
	t->page = (struct lt_page){ 595.276, 841.89, 70.87, 70.87, 70.87, 70.87, 24, 28, false, true };
	if (root == NULL || !lt_is_layout(root, "layout")) {
		doc_diag(doc, 0, 0, DIAG_E_LAYOUT_INVALID, "the root element is not <l:layout>");
		lt_free(t);
		return NULL;
	}

	/* The typesetter's defaults, then the attributes of l:layout itself. */
	chars = lt_alloc(t, sizeof *chars);
	*chars = (struct lt_chars){ .family = LT_DEFAULT_FAMILY, .size = 11, .weight = 400 };
	top = lt_alloc(t, sizeof *top);
	top->kind = LT_GROUP;
	top->chars = chars;
	top->set = (struct lt_setting){ .align = LT_JUSTIFY, .label_gap = 6, .hyphenate = true,
					.widows = 2, .orphans = 2 };
	lt_read_src(&p, root, &top->line, &top->col);
	lt_read_props(&p, root, chars, &top->set, top, 0, 0);
	t->meta.lang = chars->lang;

	for (const xmlNode *x = root->children; x; x = x->next) {
		struct lt_node **slot = NULL;
		enum lt_kind kind = LT_BODY;

		if (x->type != XML_ELEMENT_NODE)
			continue;
		if (lt_is_layout(x, "meta")) {
			lt_read_meta(&p, x);
			continue;
		}
		if (lt_is_layout(x, "page")) {
			lt_read_page(&p, x);
			continue;
		}
		if (lt_is_layout(x, "header") && lt_first_page_only(&p, x)) {
			slot = &t->letterhead;
			kind = LT_HEADER;
		} else if (lt_is_layout(x, "header")) {
			slot = &t->header;
			kind = LT_HEADER;
			lt_first_page(&p, x, &t->page.header_first);
			lt_page_length(&p, x, "header-offset", 0, &t->page.header_offset);
		} else if (lt_is_layout(x, "footer")) {
			slot = &t->footer;
			kind = LT_FOOTER;
			lt_first_page(&p, x, &t->page.footer_first);
			lt_page_length(&p, x, "footer-offset", 0, &t->page.footer_offset);
		} else if (lt_is_layout(x, "body")) {
			slot = &t->body;
		}
		if (slot == NULL || *slot) {
			lt_invalid(&p, top, "<%s> is not allowed in <l:layout>%s", (const char *)x->name, "");
			continue;
		}
		*slot = lt_node_new(&p, kind, NULL, top, x);
		lt_containers(&p, x, *slot);
	}
	if (t->body == NULL) {
		t->body = lt_node_new(&p, LT_BODY, NULL, top, NULL);
	}
	return t;
}

void lt_free(struct lt_tree *t)
{
	if (t == NULL)
		return;
	while (t->arena) {
		struct lt_arena *prev = t->arena->prev;

		g_free(t->arena);
		t->arena = prev;
	}
	if (t->strings)
		g_string_chunk_free(t->strings);
	g_free(t);
}

double lt_line_height(const struct lt_node *n)
{
	return n->set.line_height > 0 ? n->set.line_height : 1.27 * n->chars->size;
}
