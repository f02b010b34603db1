/*
 * artifact.h — page furniture marked as artifacts in tagged PDF content.
 */
#ifndef ARTIFACT_H
#define ARTIFACT_H

#include <stddef.h>
#include <glib.h>

/* The content stream S (LEN bytes, decoded) with every painting operation
 * outside all marked content — text objects, paths, XObjects, shadings —
 * wrapped in "/Artifact BMC … EMC". NULL when there is nothing to mark, or
 * when the stream holds an inline image, unbalanced marked content or a
 * structure MCID where an artifact would begin: the caller then keeps the
 * stream as it was. */
GString *artifact_mark(const guint8 *s, size_t len);

#endif
