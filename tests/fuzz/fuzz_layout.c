/*
 * fuzz_layout.c — libFuzzer harness: layout vocabulary → typesetter → trace.
 *
 * The input is a layout tree (schemas/layout.rng) as a house style could
 * produce it: lt_parse's value checks, composition, pagination and the trace
 * device all see it. The layout is not validated first, on purpose: the
 * typesetter must survive what a broken stylesheet makes even when a
 * validation step is skipped.
 */
#include <stddef.h>
#include <stdint.h>
#include <libxml/parser.h>
#include "fuzz_common.h"
#include "typeset.h"

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
	struct page_set *ps;

	/* Typesetting is slow per byte; the interesting shapes are small. */
	if (size > 16384)
		return 0;
	doc = doc_new(run, "fuzz.xml");
	doc->layout = xmlReadMemory((const char *)data, (int)size, "layout.xml", NULL,
				    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (doc->layout && (ps = page_typeset(doc, doc->layout))) {
		GByteArray *out = g_byte_array_new();
		render_document(doc, ps, DEV_TRACE, 0, out);
		g_byte_array_unref(out);
		page_set_free(ps);
	}
	doc_free(doc);
	return 0;
}
