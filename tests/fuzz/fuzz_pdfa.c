/*
 * fuzz_pdfa.c — libFuzzer harness: the PDF/A finishing step (qpdf + LittleCMS).
 *
 * The first byte chooses the level (plain, 1b, 2b, 3b); the rest is the PDF
 * the renderer would have handed over. Cairo's PDFs are well formed, but the
 * finisher must fail cleanly (a diagnostic, never a crash or a hang) on
 * anything, since a bug upstream or a damaged file must not take a batch
 * down with it.
 */
#include <stddef.h>
#include <stdint.h>
#include "fuzz_common.h"
#include "pdfa.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc; (void)argv;
	fuzz_setup();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct declc_run *run = fuzz_setup();
	struct declc_doc *doc;
	static const char source[] = "<TEI xmlns=\"http://www.tei-c.org/ns/1.0\"/>";
	struct pdfa_meta meta = {
		.title = "Declaración", .author = "Red", .lang = "es-CL", .date = "2024-11-14",
		.creator = "declc fuzz", .source_name = "fuzz.xml",
		.source = source, .source_len = sizeof source - 1,
	};

	if (size < 1)
		return 0;
	doc = doc_new(run, "fuzz.xml");
	GByteArray *out = g_byte_array_new();
	pdfa_finish(doc, (enum pdfa_level)(data[0] % 4), &meta, data + 1, size - 1, out);
	g_byte_array_unref(out);
	doc_free(doc);
	return 0;
}
