/*
 * load.h — reading a document safely, with positions.
 *
 * load_document reads a file (or stdin), refuses what a declaration never
 * needs (DOCTYPEs, entities, the network, other files) and parses it with
 * libxml2 into doc->tei, recording the line and column of every element's '<'
 * and of every text node's first character in doc->pos. Failures are reported
 * on the document's sink.
 */
#ifndef LOAD_H
#define LOAD_H

#include <stddef.h>
#include <libxml/tree.h>
#include "context.h"

/* Named limits (hostile input, DESIGN §7). */
#define LOAD_MAX_BYTES ((size_t)64 << 20)   /* a document larger than 64 MiB is refused (--max-size) */
#define LOAD_MAX_DEPTH 256                  /* elements nested deeper are refused (--max-depth) */
#define LOAD_DEPTH_CEILING 2048             /* the most --max-depth may ask: later stages walk the
					     * tree recursively (libxslt, RELAX NG) */
#define LOAD_MAX_TEXT 1000000               /* bytes of one run of text without markup: far
					     * above any paragraph --max-words allows */

/* Reads doc->path ("-": stdin) and parses it. Returns 0, or -1 after
 * reporting why. */
int load_document(struct declc_doc *doc);

/* Parses BYTES as the document (for tests and fuzzing). */
int load_memory(struct declc_doc *doc, const char *bytes, size_t len);

/* The source position of node N (the nearest recorded ancestor's when N itself
 * has none); 0 when unknown. */
void load_pos(const struct declc_doc *doc, const xmlNode *n, int *line, int *col);

/* Installs, once per process, the external-entity loader that refuses the
 * network; libxml2 has no per-parser hook for this. */
void load_install_guards(void);

#endif
