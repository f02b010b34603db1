/*
 * batch.h — declc batch: many documents, in parallel, into one output tree
 * with a manifest (DESIGN §5).
 *
 * batch_run compiles every input through one run context, each worker thread
 * typesetting with a font map of its own; batch_merge joins the manifests of
 * the shards of a collection.
 */
#ifndef BATCH_H
#define BATCH_H

#include <stdbool.h>
#include "declc.h"

struct batch_opts {
	const char *outdir;      /* the output tree, made if missing */
	unsigned formats;        /* enum declc_format bit set */
	int jobs;                /* worker threads; 0: one per core */
	bool force;              /* rebuild documents that are up to date */
	bool bag;                /* lay OUTDIR out as a BagIt bag (RFC 8493) */
	bool quiet;              /* no progress, no per-document lines */
	bool import;             /* also take .txt, .md and .html inputs: each is
				  * imported into TEI (declc import) written beside
				  * its outputs, and that TEI compiled */
	int shard_k, shard_n;    /* this run's part, 1 ≤ K ≤ N; N = 0: all inputs */
};

/* Compiles INPUTS (files, folders searched for *.xml, "-" for a list of
 * names on stdin) into OPTS->outdir and writes manifest.json and
 * manifest.csv there. Returns an enum declc_status: DECLC_EDOC when a
 * document failed or the run was interrupted. */
int batch_run(struct declc_run *run, const struct batch_opts *opts, char **inputs);

/* Joins the manifests MANIFESTS (manifest.json files, or folders holding
 * one and its manifest.csv) of the shards of one collection into OUTDIR's
 * manifest.json and manifest.csv. Returns an enum declc_status. */
int batch_merge(const char *outdir, char **manifests);

#endif
