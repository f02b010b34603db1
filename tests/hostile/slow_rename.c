/*
 * slow_rename.c — a preloaded rename() that waits before renaming, for
 * hostile.py's output-signal-in-write case: it holds declc inside the moment
 * between writing its temporary file and renaming it into place, where an
 * interruption must still leave neither a partial file nor the temporary
 * one. The wait, in milliseconds, is DECLC_TEST_RENAME_WAIT_MS (default 0:
 * no wait). Test code only; never linked into declc.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

int rename(const char *from, const char *to)
{
	static int (*real)(const char *, const char *);
	const char *ms = getenv("DECLC_TEST_RENAME_WAIT_MS");

	if (!real)
		real = (int (*)(const char *, const char *))dlsym(RTLD_NEXT, "rename");
	if (ms && atol(ms) > 0) {
		struct timespec t = { atol(ms) / 1000, (atol(ms) % 1000) * 1000000L };

		while (nanosleep(&t, &t) != 0)
			;
	}
	return real(from, to);
}
