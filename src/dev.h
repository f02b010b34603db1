/*
 * dev.h — the drawing device interface: a struct of callbacks.
 *
 * Devices draw; the engine decides (STYLE.md). render.c walks the pages of a
 * struct page_set and calls a device for each thing to draw, at positions
 * already chosen; a device adds no layout of its own. Coordinates are integer
 * Pango units (1/1024 pt) from the top-left corner of the page, y downwards.
 * Every device has the same life: dev_*_new, calls, finish (which writes the
 * result into a GByteArray), free.
 */
#ifndef DEV_H
#define DEV_H

#include <pango/pango.h>
#include "context.h"
#include "layout.h"
#include "typeset.h"
#include "image.h"

struct dev;
struct compose_line;

struct dev_ops {
	/* A new page of WIDTH × HEIGHT. */
	void (*begin_page)(struct dev *d, int width, int height);
	void (*end_page)(struct dev *d);
	/* One line of text with its left edge at X and its baseline at Y;
	 * WIDTH is its logical width (already justified). */
	void (*text)(struct dev *d, const struct compose_line *line, int x, int y, int width);
	/* A horizontal rule: top-left corner X, Y; WIDTH long, THICKNESS thick. */
	void (*rule)(struct dev *d, int x, int y, int width, int thickness, guint32 color);
	/* Structure of tagged PDF: properly nested, begun and ended on the same
	 * page. TAG is a PDF structure type (P, H1, L, LI, Lbl, TD, Figure …);
	 * ALT the element's text alternative (/Alt: an image's), or NULL. */
	void (*tag_begin)(struct dev *d, const char *tag, const char *alt);
	void (*tag_end)(struct dev *d, const char *tag);
	/* A bookmark at LEVEL (1 = top) pointing at X, Y on the current page. */
	void (*outline)(struct dev *d, int level, const char *title, int x, int y);
	/* Completes the output into OUT. Returns 0, or -1 after reporting. */
	int (*finish)(struct dev *d, GByteArray *out);
	void (*free)(struct dev *d);
	/* An image scaled into the box at X, Y (top-left), WIDTH × HEIGHT. */
	void (*image)(struct dev *d, const struct img *im, int x, int y, int width, int height);
};

/* Every device struct begins with this. */
struct dev {
	const struct dev_ops *ops;
};

/* The text trace: the golden format of the layout tests (dev_trace.c). */
struct dev *dev_trace_new(void);

/* Cairo: PDF, PS, PNG or SVG (dev_cairo.c), with a first page of WIDTH ×
 * HEIGHT. META fills the PDF document information; PNG is drawn at DOC's run
 * resolution. Returns NULL after reporting on DOC. */
struct dev *dev_cairo_new(struct declc_doc *doc, enum dev_kind kind, const struct lt_meta *meta,
			  int width, int height);

#endif
