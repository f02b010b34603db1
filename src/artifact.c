/*
 * artifact.c — marks page furniture as artifacts in a page's content stream.
 *
 * Consumes the decoded content stream of one page of Cairo's tagged PDF;
 * produces the same stream with every painting operation that lies outside
 * all marked content wrapped in "/Artifact BMC … EMC" (PDF 1.7 14.8.2.2),
 * or nothing when there is nothing to mark or the stream is not one this
 * file can vouch for. pdfa.c calls it for every page of a tagged PDF.
 *
 * Why this is reliable: render.c opens a structure element around every
 * draw that belongs to the document's content (a paragraph, a cell, a
 * signature line's container), and Cairo 1.16 puts everything drawn inside
 * an element in a marked-content sequence "/P <</MCID n>> BDC … EMC". What
 * render.c draws outside every element is exactly what paginate.c calls
 * PAGE_ROLE_ARTIFACT: running headers and footers, and the repeated label of
 * a list item continued on a new page. Cairo 1.16 has no artifact tag of its
 * own (an unknown tag name breaks its tag stack), so it leaves that content
 * unmarked — which PDF/UA forbids — and this pass marks it. Cairo also
 * leaves rules unmarked even inside an element (only text gets an MCID), so
 * the signature lines become artifacts too: decoration, which is what
 * PDF/UA asks of a line that carries no text.
 *
 * What is wrapped: a text object (BT … ET), a path from its first
 * construction operator to its painting operator, an XObject (Do) and a
 * shading (sh), each when it begins at marked-content depth 0. State
 * operators (q, Q, cm, gs, colours) stay outside, as they are no content.
 * The pass gives up, leaving the page as it is, on an inline image (whose
 * binary data a tokenizer cannot skip safely), on unbalanced marked content
 * and on a structure MCID inside what it was about to call an artifact.
 */
#include <stdbool.h>
#include <string.h>
#include "artifact.h"

/* PDF 1.7 7.2.2: white-space and delimiter characters. */
static bool is_space(guint8 c)
{
	return c == 0 || c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' ';
}

static bool is_delim(guint8 c)
{
	return c == '(' || c == ')' || c == '<' || c == '>' || c == '[' || c == ']' ||
	       c == '{' || c == '}' || c == '/' || c == '%';
}

/* One token of a content stream: where it starts and ends, and whether it
 * is an operator (a keyword: a regular token that is not a number). */
struct art_token {
	size_t start, end;
	bool op;
};

/* Reads the token at *AT into T and moves past it. Returns false at the
 * end of the data or on a malformed string. */
static bool art_next(const guint8 *s, size_t len, size_t *at, struct art_token *t)
{
	size_t i = *at;

	for (;;) {
		while (i < len && is_space(s[i]))
			i++;
		if (i < len && s[i] == '%') {          /* a comment, to the end of the line */
			while (i < len && s[i] != '\n' && s[i] != '\r')
				i++;
			continue;
		}
		break;
	}
	if (i >= len) {
		*at = len;
		return false;
	}
	t->start = i;
	t->op = false;
	if (s[i] == '(') {                               /* literal string, nested parentheses */
		int nest = 0;
		for (; i < len; i++) {
			if (s[i] == '\\')
				i++;
			else if (s[i] == '(')
				nest++;
			else if (s[i] == ')' && --nest == 0)
				break;
		}
		if (i >= len)
			return false;
		i++;
	} else if (s[i] == '<' && i + 1 < len && s[i + 1] == '<') {
		i += 2;
	} else if (s[i] == '>' && i + 1 < len && s[i + 1] == '>') {
		i += 2;
	} else if (s[i] == '<') {                        /* hex string */
		while (i < len && s[i] != '>')
			i++;
		if (i >= len)
			return false;
		i++;
	} else if (s[i] == '/') {                        /* name */
		for (i++; i < len && !is_space(s[i]) && !is_delim(s[i]); i++)
			;
	} else if (is_delim(s[i])) {                     /* [ ] { } */
		i++;
	} else {
		guint8 c = s[i];
		for (; i < len && !is_space(s[i]) && !is_delim(s[i]); i++)
			;
		t->op = !(g_ascii_isdigit(c) || c == '+' || c == '-' || c == '.');
	}
	t->end = i;
	if (t->op && ((i - t->start == 4 && (memcmp(s + t->start, "true", 4) == 0 ||
					     memcmp(s + t->start, "null", 4) == 0)) ||
		      (i - t->start == 5 && memcmp(s + t->start, "false", 5) == 0)))
		t->op = false;                           /* objects, not operators */
	*at = i;
	return true;
}

static bool art_is(const guint8 *s, const struct art_token *t, const char *op)
{
	size_t n = strlen(op);
	return t->op && t->end - t->start == n && memcmp(s + t->start, op, n) == 0;
}

static bool art_is_any(const guint8 *s, const struct art_token *t, const char *const *ops)
{
	for (; *ops; ops++)
		if (art_is(s, t, *ops))
			return true;
	return false;
}

GString *artifact_mark(const guint8 *s, size_t len)
{
	static const char *const path_ops[] = { "m", "l", "c", "v", "y", "h", "re", NULL };
	static const char *const paint_ops[] = { "S", "s", "f", "F", "f*", "B", "B*", "b", "b*",
						  "n", NULL };
	GString *out = g_string_sized_new(len + 256);
	struct art_token t;
	size_t at = 0, copied = 0, operands = 0;   /* operands: where the current operands begin */
	int depth = 0;                             /* open marked-content sequences */
	enum { ART_NONE, ART_TEXT, ART_PATH } open = ART_NONE;
	bool marked = false, seen_operand = false;

	while (art_next(s, len, &at, &t)) {
		if (!t.op) {
			if (!seen_operand)
				operands = t.start;
			seen_operand = true;
			continue;
		}
		if (!seen_operand)
			operands = t.start;
		seen_operand = false;
		if (art_is(s, &t, "BI") || art_is(s, &t, "ID"))
			goto give_up;
		if (art_is(s, &t, "BDC") || art_is(s, &t, "BMC")) {
			/* Structure content inside what would be an artifact. */
			if (open != ART_NONE && art_is(s, &t, "BDC") &&
			    g_strstr_len((const char *)s + operands, (gssize)(t.start - operands), "/MCID"))
				goto give_up;
			depth++;
			continue;
		}
		if (art_is(s, &t, "EMC")) {
			if (--depth < 0)
				goto give_up;
			continue;
		}
		bool begins = depth == 0 && open == ART_NONE &&
			(art_is(s, &t, "BT") || art_is_any(s, &t, path_ops) ||
			 art_is(s, &t, "Do") || art_is(s, &t, "sh"));
		if (begins) {
			g_string_append_len(out, (const char *)s + copied, (gssize)(operands - copied));
			g_string_append(out, "/Artifact BMC\n");
			copied = operands;
			marked = true;
			open = art_is(s, &t, "BT") ? ART_TEXT
			     : art_is_any(s, &t, path_ops) ? ART_PATH : ART_NONE;
			if (open == ART_NONE) {                 /* Do, sh: one operator */
				g_string_append_len(out, (const char *)s + copied, (gssize)(t.end - copied));
				g_string_append(out, "\nEMC");
				copied = t.end;
			}
			continue;
		}
		if ((open == ART_TEXT && art_is(s, &t, "ET")) ||
		    (open == ART_PATH && art_is_any(s, &t, paint_ops))) {
			g_string_append_len(out, (const char *)s + copied, (gssize)(t.end - copied));
			g_string_append(out, "\nEMC");
			copied = t.end;
			open = ART_NONE;
		}
	}
	if (at < len || depth != 0 || open != ART_NONE || !marked)
		goto give_up;
	g_string_append_len(out, (const char *)s + copied, (gssize)(len - copied));
	return out;
give_up:
	g_string_free(out, TRUE);
	return NULL;
}
