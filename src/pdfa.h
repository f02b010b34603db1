/*
 * pdfa.h — the finishing stage: Cairo's PDF → PDF/A-1b, 2b or 3b, or a
 * plain PDF with what Cairo 1.16 leaves out.
 *
 * The renderer's PDF goes in as bytes and PDF/A comes out as bytes; the stage
 * adds what an archive needs (XMP metadata from the teiHeader, an sRGB output
 * intent, a trailer ID, font and annotation fixes, and at 3b the TEI source
 * as an associated file). Same input, same bytes out: no clock, time zone,
 * locale or working directory reaches the result (DESIGN §4).
 */
#ifndef PDFA_H
#define PDFA_H

#include <stddef.h>
#include <glib.h>
#include "context.h"

struct pdfa_meta {            /* all UTF-8; NULL when absent */
	const char *title, *author, *subject, *keywords, *lang /* BCP 47, e.g. es-CL */;
	const char *date;         /* ISO 8601 date or date-time from the document, e.g. 2024-11-14 */
	const char *creator;      /* "declc 0.1.0" */
	const char *source_name;  /* file name for the embedded source, e.g. declaracion.xml (3b) */
	const void *source; size_t source_len;   /* the TEI source bytes (3b), or NULL */
};

/* PDFA_PLAIN is no PDF/A: the light finishing every plain PDF gets (Info
 * rebuilt with "D:" dates, /Lang, /MarkInfo, /ViewerPreferences
 * /DisplayDocTitle, a trailer /ID), and nothing that costs time (no XMP,
 * no output intent, no font walk). */
enum pdfa_level { PDFA_PLAIN = 0, PDFA_1B = 1, PDFA_2B = 2, PDFA_3B = 3 };

/* Turns Cairo's PDF (IN, LEN) into PDF/A at LEVEL (or a finished plain PDF),
 * appended to OUT. Returns 0, or -1 after reporting on DOC (file, reason).
 *
 * Dates: META->date; when it is NULL, SOURCE_DATE_EPOCH; when that is unset
 * too, 1970-01-01T00:00:00Z (SOURCE_DATE_EPOCH=0). Never the clock. A title,
 * author, subject, keywords or creator that META lacks is taken from the
 * input's Info dictionary, if Cairo wrote one. */
int pdfa_finish(struct declc_doc *doc, enum pdfa_level level, const struct pdfa_meta *meta,
		const void *in, size_t len, GByteArray *out);

/* Opens, ahead and from any thread, LittleCMS, which only a PDF/A's output
 * intent needs (libqpdf is opened by qpdf_lib_open); pdfa_finish reports a
 * failure. */
void pdfa_open_libraries(void);

#endif
