/*
 * transform.h — XSLT, compiled once, run sandboxed.
 *
 * A stylesheet is compiled per run and applied per document. Each application
 * gets its own transformation context: its messages go to that document's
 * sink, it may read only the document's folder and declc's data, and it may
 * write nothing and reach no network. Stylesheets can ask for the source
 * position of a node with d:pos(node) in namespace urn:declc:xslt, and for
 * one of the document's images as a data: URI with d:image-data-uri(@url),
 * read under image.h's rules (the HTML copy embeds its images with it).
 */
#ifndef TRANSFORM_H
#define TRANSFORM_H

#include <libxml/tree.h>
#include "context.h"

struct xform;

/* Compiles PATH; its xsl:import and xsl:include may read only PATH's own
 * folder and DATA_DIR. Returns NULL after reporting on DIAGS. */
struct xform *xform_load(const char *path, const char *data_dir, struct diag_sink *diags);
void xform_free(struct xform *x);

/* Applies X to IN with PARAMS ("NAME=VALUE", NULL-terminated, may be NULL).
 * Returns the result, or NULL after reporting on DOC. */
xmlDoc *xform_apply(const struct xform *x, struct declc_doc *doc, xmlDoc *in,
		    char *const *params);

/* Applies X and serialises the result as the stylesheet's xsl:output says
 * (HTML, text or XML), appending to OUT. Returns 0, or -1 after reporting. */
int xform_apply_bytes(const struct xform *x, struct declc_doc *doc, xmlDoc *in,
		      char *const *params, GByteArray *out);

/* Checks the shape of a NAME=VALUE parameter. */
bool xform_param_ok(const char *param);

#endif
