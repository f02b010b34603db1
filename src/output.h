/*
 * output.h — the format table and atomic writes.
 *
 * Every output goes to a temporary file beside its target and is renamed into
 * place only when complete, so a failure never leaves a partial file and never
 * clobbers the previous good one. The input is never overwritten.
 */
#ifndef OUTPUT_H
#define OUTPUT_H

#include <glib.h>
#include "context.h"
#include "typeset.h"

/* How a format is made: drawn by a device from the typeset pages, written
 * by a stylesheet from the TEI, or the TEI itself in canonical form. */
enum out_producer { OUT_DEVICE, OUT_XSLT, OUT_C14N };

struct out_format {
	const char *name;        /* as given to -f */
	const char *ext;         /* file name extension */
	unsigned bit;            /* enum declc_format */
	enum out_producer producer;
	enum dev_kind dev;       /* OUT_DEVICE: the device that draws it */
	const char *stylesheet;  /* OUT_XSLT: under the data folder */
	bool per_page;           /* one file per page: out-1.png, out-2.png … */
};

/* The row for a -f name or a file extension; NULL when unknown. */
const struct out_format *out_format_by_name(const char *name);
const struct out_format *out_format_by_ext(const char *path);
const struct out_format *out_format_by_bit(unsigned bit);
/* All rows, NULL-terminated by a row with name == NULL. */
const struct out_format *out_formats(void);

/* The file name for FMT given the user's OUTPUT: its extension is replaced by
 * the format's, and PAGE (1-based, 0 for none) is appended before it. */
char *out_path_for(const char *output, const struct out_format *fmt, int page);

/* Writes DATA atomically to PATH, or to stdout when PATH is "-". Refuses to
 * write over the document's input. With doc->sync_later (declc batch) the
 * file is renamed into place without an fsync; the caller syncs later.
 * Returns 0, or -1 after reporting. */
/* Makes SIGINT, SIGTERM and SIGHUP remove the temporary file being written
 * before they end the process as usual; for commands that write from one
 * thread (compile, import, init), not for batch or watch, which handle them. */
void out_guard_signals(void);
int out_write(struct declc_doc *doc, const char *path, const void *data, size_t len);

#endif
