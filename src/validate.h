/*
 * validate.h — RELAX NG and Schematron, reported at file:line:col.
 *
 * The schemas are compiled once per run (validate_load) and only read
 * afterwards, so batch threads share them. validate_document reports every
 * problem of one document on its sink in plain language.
 */
#ifndef VALIDATE_H
#define VALIDATE_H

#include <libxml/tree.h>
#include "context.h"

struct validate_schemas;

/* SCH may be NULL. Returns NULL after reporting on DIAGS. */
struct validate_schemas *validate_load(const char *rng, const char *sch,
				       struct diag_sink *diags);
void validate_free(struct validate_schemas *v);

/* Validates doc->tei. Returns 0 when valid, -1 after reporting. */
int validate_document(struct declc_doc *doc, const struct validate_schemas *v);

/* Validates an arbitrary tree (a layout tree) against V's RELAX NG schema
 * only; problems are reported as DIAG_E_LAYOUT_INVALID. */
int validate_tree(struct declc_doc *doc, const struct validate_schemas *v,
		  const xmlDoc *tree);

#endif
