/*
 * compose_break.h — where a paragraph should break: what compose.c and the
 * line breaker (compose_break.c) share. Not part of the API.
 *
 * compose.c measures a paragraph with Pango into a struct compose_measure
 * (the pen position before each byte, and where a line may start);
 * compose_breaks chooses the lines from it. Lengths are Pango units.
 */
#ifndef COMPOSE_BREAK_H
#define COMPOSE_BREAK_H

#include <stdbool.h>
#include <glib.h>

/* A ragged (not justified) line may fall short by this much of the
 * measure at adjustment ratio 1. */
#define COMPOSE_RAGGED 0.3

/* The paragraph as one unbroken line, per byte of its text. */
struct compose_measure {
	gint64 *x;                        /* pen position before the byte, within its segment */
	guint8 *flag;                     /* COMPOSE_CAN_BREAK, COMPOSE_WHITE */
};
#define COMPOSE_CAN_BREAK 1               /* a line may start at this byte */
#define COMPOSE_WHITE 2                   /* a space starts at this byte */

/* How a line ends. */
enum compose_end {
	COMPOSE_END_SPACE,                /* at a space (or after /, at the end …): nothing added */
	COMPOSE_END_SOFT,                 /* at a soft hyphen: a hyphen is drawn */
	COMPOSE_END_HARD                  /* after a compound's hyphen: repeated on the next line */
};

/* The parameters of one segment's lines, Pango units. */
struct compose_frame {
	gint64 room_first;               /* the segment's first line (the indent taken off) */
	gint64 room;                     /* the others */
	gint64 hyphen;                   /* the width of a hyphen */
	gint64 short_last;               /* a last line shorter than this is penalised */
	gint64 ragged;                   /* a ragged line's stretch (0 when justified) */
	bool justify;
	bool greedy;                     /* line-breaking=greedy */
	int looseness;
};

/* TeX's fitness classes of a line, by its adjustment ratio r: r > 1,
 * 1 ≥ r > 0.5, 0.5 ≥ r ≥ -0.5, r < -0.5. */
enum compose_fitness { COMPOSE_VERY_LOOSE, COMPOSE_LOOSE, COMPOSE_DECENT, COMPOSE_TIGHT };

/* A chosen break: where the line ends and how, and why it was chosen. */
struct compose_break {
	int pos;                          /* the next line starts at this byte */
	int end;                          /* the line ending here ends at this byte */
	enum compose_end kind;
	bool last;                        /* the segment's end */
	double demerits, ratio;           /* of the line ending here */
	enum compose_fitness fitness;
};

/* ES-33's break points in the URLs of [FROM, TO) of TEXT, into M. */
void compose_url_breaks(const char *text, int from, int to, struct compose_measure *m);

/* Chooses the breaks of the segment [FROM, TO) of TEXT (no forced break
 * inside), measured in M, for the lines F describes: appends to BREAKS
 * (struct compose_break) one per line, in order, the last at TO. */
void compose_breaks(const char *text, int from, int to, const struct compose_measure *m,
		    const struct compose_frame *f, GArray *breaks);

/* The reasons for break B, as the trace shows them: "break DEMERITS RATIO
 * FITNESS END" (LAST: B ends the paragraph rather than a line of l:br). */
char *compose_break_reason(const struct compose_break *b, bool last);

#endif
