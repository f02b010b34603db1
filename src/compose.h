/*
 * compose.h — one block of the layout tree → lines of text (Pango).
 *
 * compose_block chooses where a block's inline runs break into lines at a
 * given measure (Knuth–Plass total fit, or greedy on request, with soft
 * hyphens from hyphen.c as the places a word may divide) and sets each line
 * — its text and shaped runs — justified or aligned, with its horizontal
 * position. Lines are placed by the caller at a fixed baseline-to-baseline
 * distance, so nothing here decides vertical positions beyond a line's own
 * baseline offset. Problems (a family that does not resolve, a character
 * without a glyph, an overfull line) are reported on the document at the
 * TEI position of the run or block they come from.
 */
#ifndef COMPOSE_H
#define COMPOSE_H

#include <pango/pango.h>
#include "context.h"
#include "layout.h"

/* One line as set: its text and the shaped runs that draw it. No
 * PangoLayout is kept: a line holds only what a device needs. */
struct compose_line {
	char *text;              /* as it reads: a division's hyphen in, soft hyphens out */
	GSList *runs;            /* PangoGlyphItem, left to right; their offsets index TEXT */
	char *decision;          /* the breaker's reasons (trace-decisions), or NULL */
	int x;                   /* left edge of the line, Pango units from the measure's left */
	int width;               /* logical width, Pango units */
	bool hyphenated;         /* ends in a division (a drawn hyphen) */
};

struct compose_para {
	const struct lt_node *node;   /* the block */
	char *plain;                  /* the whole text as read (for bookmarks) */
	struct compose_line *label;   /* the block's label (list number), or NULL; its x
				       * is the label's left edge from the measure's left */
	int line_height;              /* baseline to baseline, Pango units */
	int ascent;                   /* from the top of a line's box to its baseline */
	struct compose_line *lines;
	int n_lines;
};

/* Page numbers for furniture blocks (l:page-number, l:page-count). */
struct compose_vars {
	int page, pages;
};

struct compose;

/* A composer for one document, on PC (see fonts_context). HYPH may be NULL
 * (--no-hyphenate). FONTS checks families. */
struct compose *compose_new(struct declc_doc *doc, PangoContext *pc, const struct fonts *fonts,
			    const struct hy_dict *hyph);
void compose_free(struct compose *c);

/* Sets BLOCK at MEASURE (Pango units). TEXT, when not NULL, replaces the
 * block's runs (a continued label in the block's style); VARS fills page
 * numbers (NULL outside furniture). Never fails: problems are reported and
 * counted (compose_errors). */
struct compose_para *compose_block(struct compose *c, const struct lt_node *block, int measure,
				   const char *text, const struct compose_vars *vars);
void compose_para_free(struct compose_para *p);

/* A line's text as it reads on the page (with the hyphen of a division),
 * without soft hyphens, line separators or trailing spaces. */
char *compose_line_text(const struct compose_line *line);

/* The line breaker alone, on a fixed-width metric (neatroff's test font),
 * for unit tests: every character of TEXT is one unit wide (a soft hyphen
 * none; the hyphen drawn at a division one), every space one unit that
 * stretches by half and shrinks by a third, in a justified block whose first
 * line holds FIRST units and the others ROOM. GREEDY and LOOSENESS as the
 * block attributes line-breaking and looseness. Returns one line of text per
 * line set, as it would read (with the hyphen of a division, ES-31's
 * repeated hyphen), a tab, and the breaker's reasons as in the trace
 * ("break DEMERITS RATIO FITNESS END"). */
char *compose_test_breaks(const char *text, int first, int room, bool greedy, int looseness);

/* The errors reported so far (missing fonts and glyphs). */
int compose_errors(const struct compose *c);

#endif
