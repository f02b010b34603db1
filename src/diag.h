/*
 * diag.h — diagnostics: one catalogue (diag.def), one sink per document.
 *
 * Stages report through diag_emit with a source position; nothing prints
 * directly. A sink keeps what a document produced; diag_flush sorts it by
 * position and writes it to the run's stream in text, JSON lines, SARIF 2.1.0
 * or GitHub workflow annotations. The worst level seen decides the exit
 * status (DESIGN §3).
 *
 * A report (diag_report_*) is the same printing spread over many documents:
 * `declc check` hands it each document's sink in turn, it shows what is at or
 * above a threshold level (mandoc's -W) and counts it, and the formats that
 * are one document for a whole run (SARIF) are written when it finishes.
 */
#ifndef DIAG_H
#define DIAG_H

#include <stdio.h>
#include <glib.h>
#include "declc.h"

enum diag_level { DIAG_STYLE, DIAG_WARNING, DIAG_ERROR };

enum diag_id {
#define DIAG(id, level, exit, code, fmt) DIAG_##id,
#include "diag.def"
#undef DIAG
	DIAG__COUNT
};

struct diag {
	char *file;          /* as the user named it */
	int line, col;       /* 1-based; 0 when unknown */
	enum diag_id id;
	char *message;       /* formatted */
	char *rule;          /* the rule that found it: a Schematron rule id, an
			      * ES-xx typography rule; NULL when the code says all */
};

struct diag_sink {
	GArray *items;       /* struct diag */
	GHashTable *seen;    /* "id line col message" of each item, to drop repeats */
	GMutex lock;         /* sinks may be shared by threads of one document */
};

struct diag_sink *diag_sink_new(void);
void diag_sink_free(struct diag_sink *s);

/* Records one diagnostic; the arguments fill the catalogue entry's format. */
void diag_emit(struct diag_sink *s, const char *file, int line, int col,
	       enum diag_id id, ...);
/* The same, naming the rule that found it (copied; NULL: none). JSON and
 * SARIF carry it as a field of its own; text shows only the message. */
void diag_emit_rule(struct diag_sink *s, const char *file, int line, int col,
		    enum diag_id id, const char *rule, ...);

/* The catalogue, for tools and tests. */
enum diag_level diag_level_of(enum diag_id id);
const char *diag_code_of(enum diag_id id);
int diag_exit_of(enum diag_id id);

bool diag_has_errors(const struct diag_sink *s);
/* The exit status the sink's worst diagnostic calls for (0 with none). */
int diag_status(const struct diag_sink *s);
/* Sorts by position, then writes to OUT and empties the sink. */
void diag_flush(struct diag_sink *s, FILE *out, enum declc_diag_format fmt,
		bool color, bool quiet);

/* ---- reports: many documents, one output ---- */

struct diag_report;

/* A report writing to OUT in FMT what is at level THRESHOLD or above. COLOR
 * only affects text. */
struct diag_report *diag_report_new(FILE *out, enum declc_diag_format fmt,
				    enum diag_level threshold, bool color);
/* Sorts S by position, shows what reaches the threshold (at once, or kept
 * for the end in SARIF), counts it and empties S. Safe from several threads.
 * Returns how many diagnostics it showed. */
int diag_report_add(struct diag_report *r, struct diag_sink *s);
/* Documents checked on several threads are still reported in order: the
 * thread about to check the document INDEX (0, 1, 2… in the order they are
 * to appear) calls diag_report_begin; what diag_report_add then gets on that
 * thread is held back until diag_report_end(INDEX) has been called for it
 * and every earlier index. diag_report_end fills SHOWN (if not NULL) with
 * how many diagnostics of each level the document showed. */
void diag_report_begin(struct diag_report *r, guint index);
void diag_report_end(struct diag_report *r, guint index, int shown[DIAG_ERROR + 1]);
/* How many diagnostics of LEVEL the report has shown so far. */
int diag_report_count(struct diag_report *r, enum diag_level level);
/* Writes what was kept for the end (the SARIF log, even with no results)
 * and frees R. */
void diag_report_finish(struct diag_report *r);

#endif
