/*
 * batch_manifest.h — what batch.c and batch_manifest.c share: a document's
 * job and result, and the files written from them (manifest.json,
 * manifest.csv, the BagIt tag files).
 */
#ifndef BATCH_MANIFEST_H
#define BATCH_MANIFEST_H

#include <stdbool.h>
#include <glib.h>
#include "context.h"

/* One output file. */
struct bout {
	char *rel;             /* under the output root (OUTDIR, or OUTDIR/data) */
	char sha[65];          /* SHA-256, lower-case hex */
	gint64 size;           /* bytes */
};

/* One input document: what to do, then what came of it. */
struct bjob {
	char *input;           /* the name to open, as found or given */
	char *rel;             /* its mirrored path under the output root: the
				* manifest's key, and the stem of its outputs */
	char *collides_with;   /* the input that took its output names, or NULL */
	bool import;           /* --import and not XML: imported, then compiled */
	/* Results, written by the one worker that took the job. */
	bool done, readable, reused;
	char sha[65];          /* of the input; "" when unreadable */
	gint64 size;
	char key[65];          /* incremental key: input, options, style, fonts, version */
	int exit;              /* enum declc_status */
	const char *status;    /* ok, invalid, collision, unreadable, error, internal */
	char *diags;           /* diagnostics as text lines, or NULL */
	GPtrArray *outputs;    /* struct bout, format order */
};

struct batch_manifest {
	const char *options;    /* JSON object: batch_options_json */
	const char *style_sha;  /* house style + data files */
	const char *fonts_sha;
	int shard_k, shard_n;   /* N = 0: not sharded */
	bool bag;               /* output paths lie under data/ */
	GPtrArray *jobs;        /* struct bjob, in path order */
};

/* The status word of an exit status. */
const char *batch_status_name(int exit_status);
/* strcmp for a g_ptr_array_sort of strings. */
gint batch_strcmp_p(gconstpointer a, gconstpointer b);
/* The options that shape a document's outputs, as one JSON object. */
char *batch_options_json(const struct declc_run *run, unsigned formats, bool bag, bool import);
/* The TEI an imported input REL becomes: its stem with ".xml". */
char *batch_tei_rel(const char *rel);
/* Writes OUTDIR/manifest.json and manifest.csv atomically; 0 or -1 after
 * saying why on stderr. */
int batch_manifest_write(const char *outdir, const struct batch_manifest *m);
/* Removes under DIR (DEPTH folders deep already) the temporary files a killed
 * run left beside the outputs it was writing (NAME.XXXXXX beside NAME), so
 * that a rerun leaves the tree an uninterrupted run would have. */
void batch_sweep_strays(const char *dir, int depth);
/* Writes the BagIt tag files of OUTDIR, whose payload is ROOT (OUTDIR/data),
 * taking the checksums of JOBS' outputs as known. 0 or -1. */
int batch_bag_write(const char *outdir, const char *root, GPtrArray *jobs);

#endif
