/*
 * render.c — walks the pages of a struct page_set and calls a device.
 *
 * Consumes the paginated document (paginate.h); produces nothing itself: the
 * device (dev.h) writes the output. This file owns the only knowledge shared by
 * all devices beyond drawing: the structure of tagged PDF. Each draw's
 * structure is the chain of tags from its node up through the layout tree
 * (a block's tag or P, a cell's TD inside a grid's TR and Table, a group's
 * tag, and Lbl / LBody for the parts of a labelled list item); render opens
 * and closes tags so that consecutive draws share their common ancestors.
 * Each image is a Figure of its own, with its text alternative (alt) for
 * the device to write as /Alt. Only Document spans pages: every other element is closed at the end of a
 * page and opened again on the next, the simple case Cairo 1.16's tagging is
 * known to handle, so a paragraph split by a page break becomes two elements
 * of one type. Page furniture and continued labels are drawn in Document but outside
 * every other element; a rule belongs to its container.
 */
#include <string.h>
#include "dev.h"
#include "paginate.h"

/* Deeper structure than this keeps its innermost levels. */
#define RENDER_MAX_TAGS 24

struct render_tag {
	const void *key;       /* the node the level stands for */
	int sub;               /* 0 the node itself; 1 Lbl; 2 LBody; 3 + row for a TR */
	const char *name;
	const char *alt;       /* Figure: the image's text alternative, or NULL */
};

static const char *render_grid_tag(const struct lt_node *g)
{
	return g->tag ? g->tag : "Table";
}

/* Fills CHAIN (outermost first) with the structure of D; returns its length. */
static int render_chain(const struct page_draw *d, struct render_tag *chain)
{
	struct render_tag rev[RENDER_MAX_TAGS];
	int n = 0;

	if (d->role == PAGE_ROLE_ARTIFACT || d->node == NULL)
		return 0;
#define PUSH(k, s, nm) do { if (n < RENDER_MAX_TAGS) rev[n++] = (struct render_tag){ (k), (s), (nm), NULL }; } while (0)
	/* A rule belongs to its container (a signature line to its cell) but
	 * is no element of its own. */
	if (d->kind == PAGE_TEXT) {
		if (d->role == PAGE_ROLE_LABEL)
			PUSH(d->node, 1, "Lbl");
		else if (d->node->label)
			PUSH(d->node, 2, "LBody");
		PUSH(d->node, 0, d->node->tag ? d->node->tag : "P");
	} else if (d->kind == PAGE_IMAGE) {
		/* A picture is a Figure of its own, carrying its alt text. */
		PUSH(d->node, 0, "Figure");
		rev[n - 1].alt = d->node->alt;
	}
	for (const struct lt_node *a = d->node->parent; a && a->kind != LT_BODY; a = a->parent) {
		if (a->kind == LT_CELL) {
			bool table = strcmp(render_grid_tag(a->parent), "Table") == 0;

			if (a->tag || table)
				PUSH(a, 0, a->tag ? a->tag : "TD");
			if (table)
				PUSH(a->parent, 3 + d->row, "TR");
		} else if (a->kind == LT_GRID)
			PUSH(a, 0, render_grid_tag(a));
		else if (a->tag)
			PUSH(a, 0, a->tag);
	}
#undef PUSH
	for (int i = 0; i < n; i++)
		chain[i] = rev[n - 1 - i];
	return n;
}

/* Draws one page; the Document element opens on the FIRST page drawn and
 * closes on the LAST. */
static void render_page(struct dev *dev, const struct page_set *ps, const struct page *pg,
			bool first, bool last)
{
	struct render_tag open[RENDER_MAX_TAGS], chain[RENDER_MAX_TAGS];
	int n_open = 0;

	dev->ops->begin_page(dev, ps->width, ps->height);
	if (first)
		dev->ops->tag_begin(dev, "Document", NULL);
	for (int i = 0; i < pg->n_draws; i++) {
		const struct page_draw *d = &pg->draws[i];
		int n, common = 0;

		n = render_chain(d, chain);
		while (common < n && common < n_open && open[common].key == chain[common].key &&
		       open[common].sub == chain[common].sub)
			common++;
		while (n_open > common)
			dev->ops->tag_end(dev, open[--n_open].name);
		while (n_open < n) {
			open[n_open] = chain[n_open];
			dev->ops->tag_begin(dev, open[n_open].name, open[n_open].alt);
			n_open++;
		}
		if (d->title)
			dev->ops->outline(dev, d->node->outline_level, d->title, d->x, d->y);
		if (d->kind == PAGE_RULE)
			dev->ops->rule(dev, d->x, d->y, d->width, d->thickness, d->color);
		else if (d->kind == PAGE_IMAGE) {
			if (dev->ops->image)
				dev->ops->image(dev, d->image, d->x, d->y, d->width, d->height);
		} else
			dev->ops->text(dev, d->line, d->x, d->y, d->width);
	}
	while (n_open > 0)
		dev->ops->tag_end(dev, open[--n_open].name);
	if (last)
		dev->ops->tag_end(dev, "Document");
	dev->ops->end_page(dev);
}

int render_document(struct declc_doc *doc, const struct page_set *ps, enum dev_kind kind,
		    int page, GByteArray *out)
{
	struct dev *dev;
	int first = 0, last = ps->n_pages - 1, rc;

	if (kind == DEV_PNG || kind == DEV_SVG) {
		if (page < 0 || page >= ps->n_pages) {
			doc_diag(doc, 0, 0, DIAG_E_INTERNAL, "render_document: no such page");
			return -1;
		}
		first = last = page;
	}
	dev = kind == DEV_TRACE ? dev_trace_new() : dev_cairo_new(doc, kind, &ps->tree->meta,
								 ps->width, ps->height);
	if (dev == NULL)
		return -1;
	for (int i = first; i <= last; i++)
		render_page(dev, ps, &ps->pages[i], i == first, i == last);
	g_byte_array_set_size(out, 0);
	rc = dev->ops->finish(dev, out);
	dev->ops->free(dev);
	return rc;
}
