/*
 * fuzz_load.c — libFuzzer harness: bytes → load → validate → typography.
 *
 * The input is a whole document. Everything a hostile file can reach before
 * any stylesheet runs is exercised: the guarded parser (DOCTYPEs, entities,
 * depth and text limits, encodings, positions), RELAX NG + Schematron
 * validation, and the Spanish pass in both modes (report, as `declc check`
 * runs it, and fix, as compiling does).
 */
#include <stddef.h>
#include <stdint.h>
#include "fuzz_common.h"
#include "load.h"
#include "typo.h"
#include "validate.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc; (void)argv;
	fuzz_setup();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct declc_run *run = fuzz_setup();
	struct declc_doc *doc = doc_new(run, "fuzz.xml");
	struct typo_opts topts = { 0 };

	if (load_memory(doc, (const char *)data, size) == 0 &&
	    validate_document(doc, run->schemas) == 0) {
		typo_run(doc, TYPO_REPORT, NULL);
		typo_run(doc, TYPO_FIX, &topts);
	}
	doc_free(doc);
	return 0;
}
