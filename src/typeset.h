/*
 * typeset.h — the typesetter's whole interface to the pipeline.
 *
 * The typesetter reads only the layout vocabulary (docs/layout.md), never TEI.
 * page_typeset runs layout.c (tree → nodes with resolved styles), compose.c
 * (blocks → lines through Pango, hyphenated with hyphen.c) and paginate.c
 * (lines → pages) once; render_document then draws the result on any device
 * as often as asked. Problems are reported as diagnostics on DOC with the TEI
 * position each layout node carries in its src attribute.
 */
#ifndef TYPESET_H
#define TYPESET_H

#include <glib.h>
#include <libxml/tree.h>
#include "context.h"

struct page_set;   /* paginate.c: the composed, paginated document */

/* Named limits of the typesetter (docs/limits.md); the run's options
 * (--max-words, --max-signatories, --max-pages) replace them. */
#define PAGE_MAX_WORDS 50000          /* words in one paragraph (block) */
#define PAGE_MAX_SIGNATORIES 2000     /* <signed> in one document (pipeline.c counts) */
#define PAGE_MAX_PAGES 5000           /* pages of one document */

/* Returns NULL after reporting the reason on DOC. */
struct page_set *page_typeset(struct declc_doc *doc, const xmlDoc *layout);
void page_set_free(struct page_set *ps);
int page_count(const struct page_set *ps);

enum dev_kind { DEV_PDF, DEV_PS, DEV_PNG, DEV_SVG, DEV_TRACE };

/* Draws PS on a device into OUT (replacing its contents). For PNG and SVG,
 * PAGE is the 0-based page to draw; the other kinds draw every page and ignore
 * it. Returns 0, or -1 after reporting on DOC. */
int render_document(struct declc_doc *doc, const struct page_set *ps,
		    enum dev_kind kind, int page, GByteArray *out);

#endif
