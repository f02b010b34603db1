/*
 * layout.h — the layout tree as the typesetter sees it (docs/layout.md).
 *
 * lt_parse reads the XML made by stylesheets/layout.xsl (namespace
 * urn:declc:layout:1) into a tree of struct lt_node whose style properties are
 * already resolved: every node carries the full set of inherited values, so
 * compose.c and paginate.c never look up an ancestor. All nodes and strings live
 * in the tree's arena; lt_free releases them at once. The tree does not point
 * into the xmlDoc, which may be freed first.
 *
 * Inheritance. docs/layout.md says a property not set on an element comes from
 * the nearest ancestor that sets it. That holds here for the character
 * properties and for the block properties that describe how text is set
 * (line-height, align, indents, hyphenate, widows, orphans, label-gap). The
 * properties that describe an element's own place in the flow (space-before,
 * space-after, keep-*, label, tag, outline-level, continued-label) belong to
 * the element that carries them: a group's space-before is the space above the
 * group, not above each of its paragraphs; a group's keep-together keeps the
 * group together. The src position is inherited, so a node without its own
 * still reports the nearest known place in the TEI source.
 */
#ifndef LAYOUT_H
#define LAYOUT_H

#include <stdbool.h>
#include <glib.h>
#include <libxml/tree.h>
#include "context.h"

#define LT_NS "urn:declc:layout:1"

enum lt_kind {
	LT_BODY,       /* the flow */
	LT_HEADER,     /* page furniture: blocks in the top margin */
	LT_FOOTER,     /* page furniture: blocks in the bottom margin */
	LT_GROUP,      /* structural container */
	LT_BLOCK,      /* a paragraph: inline runs set as one Pango layout */
	LT_GRID,       /* cells in rows of `columns` */
	LT_CELL,       /* a vertical stack inside a grid */
	LT_RULE,       /* a horizontal line */
	LT_SPACE,      /* vertical space, dropped at a page top */
	LT_IMAGE       /* a PNG, JPEG or SVG picture (image.h) */
};

enum lt_align { LT_JUSTIFY, LT_LEFT, LT_RIGHT, LT_CENTER };
/* How a block's lines are chosen (compose.c): the whole paragraph at once,
 * or one line at a time as far as it goes (kept to measure against). */
enum lt_breaking { LT_BREAK_TOTAL_FIT, LT_BREAK_GREEDY };
enum lt_variant { LT_VARIANT_NORMAL, LT_SMALL_CAPS, LT_ALL_SMALL_CAPS };
enum lt_shift { LT_SHIFT_NONE, LT_SHIFT_SUPER, LT_SHIFT_SUB, LT_SHIFT_POINTS };

/* Character style, fully resolved. Shared between runs and nodes: never
 * modified after lt_parse. */
struct lt_chars {
	const char *family;      /* font family name */
	double size;             /* font size, points */
	bool italic;
	int weight;              /* 100–900; 400 normal, 700 bold */
	enum lt_variant variant;
	const char *features;    /* extra OpenType features ("onum=1, liga=1") or NULL */
	bool uppercase;          /* text-transform=uppercase */
	bool no_hyphens;         /* hyphens=none: its words are never divided, even in a
				  * hyphenated block (ES-32: personal names) */
	double letter_spacing;   /* points, added after each character */
	enum lt_shift shift;
	double rise;             /* points, when shift is LT_SHIFT_POINTS; positive raises */
	guint32 color;           /* 0xRRGGBB */
	const char *lang;        /* BCP 47, or NULL */
};

/* How a block's text is set: inherited block properties. */
struct lt_setting {
	double line_height;      /* baseline to baseline, points; 0: 1.27 × font size */
	enum lt_align align;
	double text_indent;      /* first-line indent, points (negative: hanging) */
	double start_indent;     /* points from the left edge of the measure */
	double end_indent;       /* points from the right edge */
	double label_gap;        /* points between a label and the text */
	bool hyphenate;
	int widows;              /* minimum lines of a block at the head of a page */
	int orphans;             /* minimum lines of a block at the foot of a page */
	enum lt_breaking breaking; /* line-breaking */
	int looseness;           /* lines to add (or, negative, take away) if the breaks allow */
};

enum lt_run_kind {
	LT_RUN_TEXT,             /* text, exactly as in the layout XML */
	LT_RUN_BREAK,            /* l:br */
	LT_RUN_PAGE_NUMBER,      /* l:page-number, furniture only */
	LT_RUN_PAGE_COUNT        /* l:page-count, furniture only */
};

/* A stretch of inline content with one character style. */
struct lt_run {
	enum lt_run_kind kind;
	const char *text;              /* LT_RUN_TEXT: UTF-8; NULL otherwise */
	const struct lt_chars *chars;
	int line, col;                 /* TEI position of the nearest element with src */
};

struct lt_node {
	enum lt_kind kind;
	struct lt_node *parent, *first, *last, *next;
	int line, col;                 /* TEI position (src), 0 when unknown */

	const struct lt_chars *chars;  /* resolved character style */
	struct lt_setting set;         /* resolved block setting */

	/* The element's own place in the flow (not inherited). */
	double space_before, space_after;   /* points */
	bool keep_with_next, keep_together;
	int keep_with_previous;        /* grid: lines of text that must precede row 1 */
	const char *tag;               /* PDF structure type, or NULL for the default */
	const char *label;             /* block: list label, or NULL */
	int outline_level;             /* block: bookmark level, 0 for none */

	/* LT_GRID */
	int columns;                   /* 1–4 */
	double column_gap, row_gap;    /* points */
	const char *continued_label;   /* above the grid's rows on later pages, or NULL */

	/* LT_RULE, LT_SPACE, LT_IMAGE */
	double width;                  /* points; rule: 0 means the full measure */
	double thickness;              /* rule: points */
	double height;                 /* space, image: points */
	const char *src;               /* image: path relative to the document */
	const char *field;             /* rule: the signature field over it, or NULL */
	double field_height;           /* rule: points of the field above the line; 0: SIGFIELDS_HEIGHT */
	bool fields_only;              /* rule: drawn (and given room) only with --signature-fields */
	const char *alt;               /* image: text alternative (/Alt of its Figure), or NULL */

	/* LT_BLOCK */
	struct lt_run *runs;
	int n_runs;
};

struct lt_meta {
	const char *title, *author, *subject, *keywords, *creator;
	const char *date;              /* ISO 8601 date (YYYY-MM-DD…), or NULL */
	const char *lang;
};

/* Page geometry, points. */
struct lt_page {
	double width, height;
	double margin_top, margin_bottom, margin_left, margin_right;
	double header_offset;          /* header baseline above the text area */
	double footer_offset;          /* footer first baseline below the text area */
	bool header_first;             /* the header appears on page 1 too */
	bool footer_first;             /* the footer appears on page 1 */
};

struct lt_arena;

struct lt_tree {
	struct lt_meta meta;
	struct lt_page page;
	struct lt_node *body;
	struct lt_node *header, *footer;   /* NULL when absent */
	struct lt_node *letterhead;        /* l:header first-page-only: page 1's band, or NULL */
	struct lt_arena *arena;            /* owns every node, run and style */
	GStringChunk *strings;             /* owns every string */
};

/* Parses LAYOUT into a tree. Reports bad values (DIAG_E_LAYOUT_VALUE) and
 * misplaced elements (DIAG_E_LAYOUT_INVALID) on DOC and carries on with the
 * default; returns NULL only when the root is not an l:layout. */
struct lt_tree *lt_parse(struct declc_doc *doc, const xmlDoc *layout);
void lt_free(struct lt_tree *t);

/* Containers (body, header, footer, group, grid, cell) hold other nodes. */
bool lt_is_container(const struct lt_node *n);

/* A walk over the nodes under TOP without recursion (cmark's iterator).
 * Start with *N = TOP and *ENTERING = true; each call moves to the next event
 * and returns false after TOP has been left. Containers are seen twice,
 * entering and leaving; other nodes only entering. */
bool lt_step(const struct lt_node *top, struct lt_node **n, bool *entering);

/* The line height of a setting in points, with the 1.27 × size default. */
double lt_line_height(const struct lt_node *n);

#endif
