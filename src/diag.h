/*
 * diag.h — diagnostics: one catalogue (diag.def), one sink per document.
 *
 * Stages report through diag_emit with a source position; nothing prints
 * directly. A sink keeps what a document produced; diag_flush sorts it by
 * position and writes it to the run's stream in text or JSON. The worst level
 * seen decides the exit status (DESIGN §3).
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
};

struct diag_sink {
	GArray *items;       /* struct diag */
	GMutex lock;         /* sinks may be shared by threads of one document */
};

struct diag_sink *diag_sink_new(void);
void diag_sink_free(struct diag_sink *s);

/* Records one diagnostic; the arguments fill the catalogue entry's format. */
void diag_emit(struct diag_sink *s, const char *file, int line, int col,
	       enum diag_id id, ...);

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

#endif
