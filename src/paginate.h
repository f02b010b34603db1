/*
 * paginate.h — the paginated document: what render.c walks.
 *
 * page_typeset (typeset.h) leaves a struct page_set: per page, the list of
 * things to draw at absolute positions. Every decision (line breaks, page
 * breaks, furniture, page numbers) is taken by then; a device only draws.
 * All lengths are integer Pango units (1/1024 pt), y growing downwards from
 * the top of the page.
 */
#ifndef PAGINATE_H
#define PAGINATE_H

#include <pango/pango.h>
#include "typeset.h"
#include "layout.h"
#include "image.h"

enum page_draw_kind {
	PAGE_TEXT,           /* one line of text */
	PAGE_RULE,           /* a horizontal rule */
	PAGE_IMAGE           /* a picture (image.h) */
};

/* What a text draw is, for the structure tags of tagged PDF. */
enum page_role {
	PAGE_ROLE_BODY,      /* a line of its block */
	PAGE_ROLE_LABEL,     /* the label of a list item (Lbl) */
	PAGE_ROLE_ARTIFACT   /* page furniture and continued labels: no structure */
};

struct compose_line;

struct page_draw {
	enum page_draw_kind kind;
	enum page_role role;
	int x;                        /* left edge */
	int y;                        /* text: baseline; rule: top edge */
	int width;                    /* text: logical width; rule: length */
	int thickness;                /* rule */
	guint32 color;                /* rule: 0xRRGGBB */
	const struct compose_line *line; /* text; owned by the page set */
	const struct lt_node *node;   /* the block or rule it comes from */
	int row;                      /* in a grid: the row, for the TR of tagged PDF */
	const char *title;            /* on the first line of a block with outline-level: its text */
	int height;                   /* image: height (width above); y is its top edge */
	const struct img *image;      /* image: owned by the page set */
};

struct page {
	struct page_draw *draws;
	int n_draws;
};

struct page_set {
	struct lt_tree *tree;
	int width, height;            /* page size */
	GPtrArray *paras;             /* struct compose_para *: owns every layout drawn */
	GHashTable *images;           /* src → struct img *: every image drawn, opened once */
	struct page *pages;
	int n_pages;
};

#endif
