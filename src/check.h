/*
 * check.h — `declc check`: validation and the typography lint over many
 * files, for CI; writes nothing.
 *
 * check_paths takes files and folders (searched recursively for *.xml, in
 * sorted order), takes each document through declc_check with one run, and
 * reports through one diag_report: text on stderr with a summary line, or
 * JSON lines, one SARIF log or GitHub annotations on stdout.
 */
#ifndef CHECK_H
#define CHECK_H

#include "declc.h"

/* The -W threshold: the lowest level shown and counted in the exit status.
 * Returns the enum diag_level for "style", "warning" or "error", or -1. */
int check_level(const char *name);

/* Checks every document PATHS names ("-": stdin; a folder: its *.xml files,
 * recursively, skipping hidden entries). LEVEL is a check_level result; the
 * run's -q raises it to errors. Returns the exit status: the worst of the
 * documents', 1 when a diagnostic at or above LEVEL was shown, 2 when a
 * folder holds no .xml file (nothing is checked then). JOBS documents are
 * checked at once (0: one per processor); the output is the same. */
int check_paths(struct declc_run *run, char *const *paths, int level, int jobs);

#endif
