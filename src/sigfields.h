/*
 * sigfields.h — empty digital signature fields over the signature lines.
 *
 * With --signature-fields, every l:rule that carries a field attribute (the
 * stylesheet puts the signatory's name there) gets one unsigned PDF signature
 * field (AcroForm /FT /Sig) whose widget lies over the rule and the room
 * above it, so that each signatory can sign the PDF with their own tools.
 * The fields are added with qpdf to Cairo's PDF, before pdfa.c finishes it:
 * each widget is printable (/F 4) and has an empty normal appearance, which
 * is what PDF/A-2b asks of an annotation.
 */
#ifndef SIGFIELDS_H
#define SIGFIELDS_H

#include <glib.h>
#include "context.h"
#include "paginate.h"

/* Room above the rule that the widget covers, points, unless the rule's
 * field-height says otherwise. */
#define SIGFIELDS_HEIGHT 30.0

/* Adds the fields of PS's signature lines to the PDF in PDF (replaced in
 * place). Returns 0 (also when there is no line, after a warning), or -1
 * after reporting on DOC. */
int sigfields_add(struct declc_doc *doc, const struct page_set *ps, GByteArray *pdf);

#endif
