/*
 * fuzz_common.h — what the libFuzzer harnesses share: one run context, made
 * once per process the way declc_run_new makes it for the command line, with
 * the data folder of the source tree. Diagnostics of the inputs are dropped
 * (doc_free discards them unprinted): the fuzzer looks for crashes, leaks,
 * hangs and sanitizer reports, not for messages.
 */
#ifndef FUZZ_COMMON_H
#define FUZZ_COMMON_H

#include <stdio.h>
#include <stdlib.h>
#include "declc.h"
#include "context.h"

static struct declc_run *fuzz_run;

static inline struct declc_run *fuzz_setup(void)
{
	if (!fuzz_run) {
		struct declc_options opts = { .data_dir = DECLC_SOURCE_DIR, .quiet = true };
		int status = 0;
		fuzz_run = declc_run_new(&opts, &status);
		if (!fuzz_run) {
			fprintf(stderr, "fuzz: cannot set up a run (status %d)\n", status);
			abort();
		}
	}
	return fuzz_run;
}

#endif
