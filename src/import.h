/*
 * import.h — bringing past editions into TEI (declc import).
 *
 * Archivists' past declarations rarely exist as TEI: they are plain text
 * pulled out of a PDF, Markdown, or HTML saved from a website. import_file
 * reads one such file and writes a TEI declaration that validates against
 * schemas/declaracion.rng, recognising its structure by the heuristics that
 * docs/import.md documents (title block, paragraphs joined across page breaks,
 * headings, numbered articles, lists, quotations, opener, dateline, closer and
 * signatories).
 *
 * The import is faithful: every word of the input is in the output, in order;
 * nothing is edited, dropped or reordered (slips such as a space before a comma
 * are left to the compiler's fix mode and to check's lint). Each guess it was
 * not sure of is marked in the TEI with a comment "<!-- declc import: … -->" at
 * that place and reported as a warning at the input's line.
 *
 * The files: import.c (the structure and the TEI it becomes, this interface),
 * import_text.c (plain text and Markdown into blocks), import_html.c (HTML
 * into the same blocks); import_priv.h is what the three share.
 */
#ifndef IMPORT_H
#define IMPORT_H

struct declc_run;

/* What import_file makes of a file, judged by its name. */
enum import_kind {
	IMPORT_NONE,     /* .xml: already TEI, nothing to import */
	IMPORT_TEXT,     /* .txt, .text, .md, .markdown, and anything unknown: plain text, Markdown-like */
	IMPORT_HTML      /* .html, .htm, .xhtml */
};

/* The kind of PATH from its extension; a name without a known extension (and
 * "-", stdin) is IMPORT_TEXT, unless its bytes start like HTML (import_file
 * looks). */
enum import_kind import_kind_of(const char *path);

/* The TEI file an import of INPUT writes by default: in OUTDIR (or beside the
 * input when OUTDIR is NULL) with the input's name and the extension .xml
 * ("actas/2019.txt" → "OUTDIR/2019.xml"). "-" gives "-". Owned by the caller
 * (g_free). */
char *import_output_path(const char *input, const char *outdir);

/* Imports INPUT (a file name, or "-" for stdin) and writes the TEI to
 * OUTPUT_XML ("-" for stdout) atomically, then validates what it wrote with
 * the run's schemas, in-process. Diagnostics — warnings at the input's lines
 * for every guess, errors — go to the run's diagnostic stream. Only the run's
 * schemas are used (no stylesheet, font or dictionary), so any run will do,
 * and batch threads may call it at once. Returns an enum declc_status:
 * DECLC_OK (warnings allowed), DECLC_EDOC (the input cannot be imported: not
 * UTF-8, empty), DECLC_EUSAGE (INPUT is already XML), DECLC_EENV (unreadable
 * input, unwritable output), DECLC_EINTERNAL (the importer wrote TEI that does
 * not validate: a bug; the file is left for the report). */
int import_file(struct declc_run *run, const char *input, const char *output_xml);

/* The same for a document context made with doc_new(run, INPUT) (context.h):
 * the diagnostics stay in doc->diags for the caller (declc batch keeps them
 * for its manifest), the output is written as out_write does for DOC
 * (doc->sync_later is honoured). OUTPUT_XML NULL: import_output_path. */
struct declc_doc;
int import_doc(struct declc_doc *doc, const char *output_xml);

#endif
