/*
 * import_text.c — plain text and Markdown-like text into blocks.
 *
 * Consumes: the bytes of a .txt or .md past edition (UTF-8). Produces: the
 * blocks of struct imp_input (import_priv.h), which import.c structures.
 *
 * What is markup here, and so not a word: the Markdown that text pulled out of
 * a PDF or written by hand actually uses — ** and * or _ around emphasis, #
 * before a heading, > before a quotation, the | of a table and its |---| rule,
 * lines of only - _ * = (rules, signature lines, setext underlines), [text]
 * (url) links, a backslash escaping punctuation or ending a line. A blank
 * line ends a block; a form feed (pdftotext's page end) is a page break.
 * List markers (-, 1., a)) stay in the text: import.c recognises them, in
 * text and HTML alike. Everything else is kept byte for byte, double spaces
 * and all: the typography is check's business, not the importer's.
 */
#include <string.h>
#include "import_priv.h"

#define MAX_QUOTE_DEPTH 16     /* > > > … nested deeper is taken as text */
#define MAX_INLINE_DEPTH 8     /* emphasis nested deeper is taken as text */

/* One input line as read: its text without the newline, its number, and
 * whether a form feed stood before it. */
struct raw {
	const char *s;
	size_t len;
	int lineno;
	bool ff;
};

struct reader {
	struct declc_doc *doc;
};

static bool is_blank(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (!g_ascii_isspace(s[i]))
			return false;
	return true;
}

/* Leading white space in columns (a tab is 4), and its length in bytes. */
static int indent_of(const char *s, size_t len, size_t *skip)
{
	int col = 0;
	size_t i = 0;
	for (; i < len && (s[i] == ' ' || s[i] == '\t'); i++)
		col += s[i] == '\t' ? 4 : 1;
	*skip = i;
	return col;
}

/* ---- inline Markdown: emphasis, links, escapes ---- */

static bool is_ascii_punct(char c)
{
	return c > 32 && c < 127 && !g_ascii_isalnum(c);
}

/* Where a closing run of exactly N characters C is, in S[from, len), or -1.
 * A closer follows a character that is not a space; an underscore closer is
 * not followed by a letter or digit (snake_case is no emphasis). */
static gssize find_closer(const char *s, size_t len, size_t from, char c, size_t n)
{
	for (size_t i = from; i < len; i++) {
		if (s[i] == '\\') {
			i++;
			continue;
		}
		if (s[i] != c)
			continue;
		size_t j = i;
		while (j < len && s[j] == c)
			j++;
		if (j - i == n && i > from && !g_ascii_isspace(s[i - 1]) &&
		    (c != '_' || j == len || !g_ascii_isalnum(s[j])))
			return (gssize)i;
		i = j - 1;
	}
	return -1;
}

#define MAX_LINK_TEXT 1000    /* [text](url): longer bracketed text is no link */

static void parse_inline(struct imp_line *l, const char *s, size_t len, unsigned marks,
			 const char *href, int depth)
{
	size_t i = 0, lit = 0;   /* S[lit, i) is pending literal text */
	/* A closer of N characters C not found after some point is not found
	 * after any later one either: remembered, so that a line full of
	 * unmatched ** is read once, not once per run. */
	bool none[2][4] = { { false } };

#define FLUSH() do { if (i > lit) imp_line_append(l, s + lit, (gssize)(i - lit), marks, href); } while (0)
	while (i < len) {
		char c = s[i];
		if (c == '\\' && i + 1 < len && is_ascii_punct(s[i + 1])) {
			FLUSH();
			imp_line_append(l, s + i + 1, 1, marks, href);
			i += 2;
			lit = i;
			continue;
		}
		if (c == '[' && !href && depth < MAX_INLINE_DEPTH) {
			/* [text](target): the target has no spaces. */
			const char *close = memchr(s + i, ']', MIN(len - i, MAX_LINK_TEXT));
			if (close && (size_t)(close - s) + 1 < len && close[1] == '(') {
				const char *paren = memchr(close, ')', len - (size_t)(close - s));
				size_t tlen = paren ? (size_t)(paren - close - 2) : 0;
				if (paren && tlen > 0 && !memchr(close + 2, ' ', tlen) && close > s + i + 1) {
					char *target = g_strndup(close + 2, tlen);
					FLUSH();
					parse_inline(l, s + i + 1, (size_t)(close - s - i - 1), marks, target, depth + 1);
					g_free(target);
					i = (size_t)(paren - s) + 1;
					lit = i;
					continue;
				}
			}
		}
		if ((c == '*' || c == '_') && depth < MAX_INLINE_DEPTH) {
			size_t j = i;
			while (j < len && s[j] == c)
				j++;
			size_t n = j - i;
			bool opens = n <= 3 && j < len && !g_ascii_isspace(s[j]) &&
				     (c != '_' || i == 0 || !g_ascii_isalnum(s[i - 1]));
			bool *known = &none[c == '_'][MIN(n, 3)];
			gssize k = opens && !*known ? find_closer(s, len, j, c, n) : -1;
			if (opens && k < 0)
				*known = true;
			if (k > 0) {
				unsigned m = n == 1 ? IMP_ITALIC : n == 2 ? IMP_BOLD : IMP_BOLD | IMP_ITALIC;
				FLUSH();
				parse_inline(l, s + j, (size_t)k - j, marks | m, href, depth + 1);
				i = (size_t)k + n;
				lit = i;
				continue;
			}
			i = j;
			continue;
		}
		i++;
	}
	FLUSH();
#undef FLUSH
}

/* An imp_line from S: indentation measured, ends trimmed, a hard break noted
 * (two trailing spaces or a backslash), inline markup parsed. */
static struct imp_line *make_line(const char *s, size_t len, int lineno)
{
	struct imp_line *l = imp_line_new(lineno);
	size_t skip;

	l->indent = indent_of(s, len, &skip);
	s += skip;
	len -= skip;
	size_t end = len;
	while (end > 0 && (s[end - 1] == ' ' || s[end - 1] == '\t'))
		end--;
	if (len - end >= 2)
		l->hard_break = true;
	if (end > 0 && s[end - 1] == '\\' && (end < 2 || s[end - 2] != '\\')) {
		l->hard_break = true;
		end--;
		while (end > 0 && s[end - 1] == ' ')
			end--;
	}
	parse_inline(l, s, end, 0, NULL, 0);
	return l;
}

/* ---- line shapes ---- */

/* "### Heading ##" → level 3 and the heading's bytes; 0 if not one. */
static int atx_heading(const char *s, size_t len, size_t *start, size_t *hlen)
{
	size_t i, skip;
	if (indent_of(s, len, &skip) > 3)
		return 0;
	i = skip;
	int level = 0;
	while (i < len && s[i] == '#' && level < 7) {
		i++;
		level++;
	}
	if (level == 0 || level > 6 || (i < len && s[i] != ' ' && s[i] != '\t'))
		return 0;
	while (i < len && (s[i] == ' ' || s[i] == '\t'))
		i++;
	size_t end = len;
	while (end > i && g_ascii_isspace(s[end - 1]))
		end--;
	/* An optional closing run of #, after a space. */
	size_t e = end;
	while (e > i && s[e - 1] == '#')
		e--;
	if (e < end && (e == i || s[e - 1] == ' ')) {
		end = e;
		while (end > i && s[end - 1] == ' ')
			end--;
	}
	*start = i;
	*hlen = end - i;
	return level;
}

/* A line of three or more of one of - _ * = (spaces allowed between): a
 * rule, a signature line, or a setext underline. Returns the character. */
static char rule_char(const char *s, size_t len)
{
	char c = 0;
	int n = 0;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == ' ' || s[i] == '\t')
			continue;
		if (!strchr("-_*=", s[i]) || (c && s[i] != c))
			return 0;
		c = s[i];
		n++;
	}
	return n >= 3 ? c : 0;
}

/* "> text" (up to three spaces first): the byte after the marker, or 0. */
static size_t quote_marker(const char *s, size_t len)
{
	size_t skip;
	if (indent_of(s, len, &skip) > 3 || skip >= len || s[skip] != '>')
		return 0;
	skip++;
	if (skip < len && s[skip] == ' ')
		skip++;
	return skip;
}

/* A table row: "| a | b |". */
static bool table_row(const char *s, size_t len)
{
	size_t skip;
	indent_of(s, len, &skip);
	size_t end = len;
	while (end > skip && g_ascii_isspace(s[end - 1]))
		end--;
	return end - skip >= 2 && s[skip] == '|' && memchr(s + skip + 1, '|', end - skip - 1);
}

/* The |---|:--:| line under a table's header. */
static bool table_rule(const char *s, size_t len)
{
	bool dash = false;
	if (!memchr(s, '|', len))
		return false;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '-')
			dash = true;
		else if (!strchr("|: \t", s[i]))
			return false;
	}
	return dash;
}

/* The cells of a table row, each an imp_line (an escaped \| stays in its
 * cell). */
static struct imp_block *make_row(const char *s, size_t len, int lineno)
{
	struct imp_block *b = imp_block_new(IMP_ROW, lineno);
	size_t skip, end = len;

	indent_of(s, len, &skip);
	while (end > skip && g_ascii_isspace(s[end - 1]))
		end--;
	size_t i = skip + 1;           /* after the leading | */
	if (end > i && s[end - 1] == '|' && s[end - 2] != '\\')
		end--;
	size_t cell = i;
	for (; i <= end; i++) {
		if (i < end && s[i] == '\\') {
			i++;
			continue;
		}
		if (i == end || s[i] == '|') {
			g_ptr_array_add(b->lines, make_line(s + cell, i - cell, lineno));
			cell = i + 1;
		}
	}
	return b;
}

/* ---- blocks ---- */

static void parse_lines(struct reader *r, GArray *raws, GPtrArray *out, int depth);

/* Appends a line to the open TEXT block, opening one if needed. */
static struct imp_block *text_line(struct imp_block *cur, GPtrArray *out, const struct raw *rw,
				   bool *ff)
{
	if (!cur) {
		cur = imp_block_new(IMP_TEXT, rw->lineno);
		cur->page_break_before = *ff;
		*ff = false;
		g_ptr_array_add(out, cur);
	}
	struct imp_line *l = make_line(rw->s, rw->len, rw->lineno);
	/* A form feed inside a paragraph is a page break in it. */
	l->page_break_before = *ff;
	*ff = false;
	g_ptr_array_add(cur->lines, l);
	return cur;
}

static void parse_lines(struct reader *r, GArray *raws, GPtrArray *out, int depth)
{
	struct imp_block *cur = NULL;       /* the TEXT block being filled */
	bool ff = false;                    /* a form feed since the last block */

	for (guint k = 0; k < raws->len; k++) {
		const struct raw *rw = &g_array_index(raws, struct raw, k);
		size_t hs, hl, q;
		int level;
		char rc;

		ff |= rw->ff;
		if (is_blank(rw->s, rw->len)) {
			cur = NULL;
			continue;
		}
		if (depth < MAX_QUOTE_DEPTH && (q = quote_marker(rw->s, rw->len)) > 0) {
			/* The quotation runs while lines start with '>'. */
			GArray *inner = g_array_new(FALSE, FALSE, sizeof(struct raw));
			struct imp_block *b = imp_block_new(IMP_QUOTE, rw->lineno);
			b->page_break_before = ff;
			ff = false;
			for (; k < raws->len; k++) {
				const struct raw *x = &g_array_index(raws, struct raw, k);
				size_t m = quote_marker(x->s, x->len);
				if (!m)
					break;
				struct raw in = { x->s + m, x->len - m, x->lineno, x->ff };
				g_array_append_val(inner, in);
			}
			k--;
			parse_lines(r, inner, b->children, depth + 1);
			g_array_free(inner, TRUE);
			g_ptr_array_add(out, b);
			cur = NULL;
			continue;
		}
		if ((level = atx_heading(rw->s, rw->len, &hs, &hl)) > 0) {
			struct imp_block *b = imp_block_new(IMP_HEADING, rw->lineno);
			b->level = level;
			b->page_break_before = ff;
			ff = false;
			g_ptr_array_add(b->lines, make_line(rw->s + hs, hl, rw->lineno));
			g_ptr_array_add(out, b);
			cur = NULL;
			continue;
		}
		if (table_rule(rw->s, rw->len) && out->len > 0 &&
		    ((struct imp_block *)g_ptr_array_index(out, out->len - 1))->kind == IMP_ROW &&
		    !cur) {
			/* The rule under a header row marks it; it has no words. */
			struct imp_block *last = g_ptr_array_index(out, out->len - 1);
			if (last->line == rw->lineno - 1)
				last->header_row = true;
			continue;
		}
		if ((rc = rule_char(rw->s, rw->len)) != 0) {
			/* Setext: "Title" over "=====" or "-----", a one-line block. */
			if (cur && (rc == '=' || rc == '-') && cur->lines->len == 1) {
				struct imp_line *l = g_ptr_array_index(cur->lines, 0);
				if (g_utf8_strlen(l->text->str, -1) <= 120) {
					cur->kind = IMP_HEADING;
					cur->level = rc == '=' ? 1 : 2;
				}
			}
			cur = NULL;
			continue;
		}
		if (table_row(rw->s, rw->len)) {
			struct imp_block *b = make_row(rw->s, rw->len, rw->lineno);
			b->page_break_before = ff;
			ff = false;
			g_ptr_array_add(out, b);
			cur = NULL;
			continue;
		}
		cur = text_line(cur, out, rw, &ff);
	}
}

/* The line holding byte OFF (1-based). */
static int line_at(const char *bytes, size_t off)
{
	int line = 1;
	for (size_t i = 0; i < off; i++)
		if (bytes[i] == '\n')
			line++;
	return line;
}

int import_read_text(struct declc_doc *doc, const char *bytes, size_t len, struct imp_input *in)
{
	struct reader r = { doc };
	const char *end;

	if (!g_utf8_validate(bytes, (gssize)len, &end)) {
		doc_diag(doc, line_at(bytes, (size_t)(end - bytes)), 0, DIAG_E_IMPORT_ENCODING);
		return -1;
	}
	if (len >= 3 && memcmp(bytes, "\xEF\xBB\xBF", 3) == 0) {
		bytes += 3;
		len -= 3;
	}
	/* Lines, ended by \n, \r\n or \r. A form feed anywhere in a line is a
	 * page break before it (pdftotext starts each page's first line with
	 * one); it is taken out of the text. */
	GArray *raws = g_array_new(FALSE, FALSE, sizeof(struct raw));
	GPtrArray *owned = g_ptr_array_new_with_free_func(g_free);
	int lineno = 1;
	for (size_t i = 0; i <= len;) {
		size_t j = i;
		while (j < len && bytes[j] != '\n' && bytes[j] != '\r')
			j++;
		struct raw rw = { bytes + i, j - i, lineno++, false };
		if (memchr(rw.s, '\f', rw.len)) {
			GString *s = g_string_new_len(rw.s, (gssize)rw.len);
			for (char *p; (p = strchr(s->str, '\f'));)
				g_string_erase(s, p - s->str, 1);
			rw.ff = true;
			rw.len = s->len;
			rw.s = s->str;
			g_ptr_array_add(owned, g_string_free(s, FALSE));
		}
		if (j < len || rw.len > 0)
			g_array_append_val(raws, rw);
		if (j < len && bytes[j] == '\r' && j + 1 < len && bytes[j + 1] == '\n')
			j++;
		i = j + 1;
	}
	parse_lines(&r, raws, in->blocks, 0);
	g_array_free(raws, TRUE);
	g_ptr_array_unref(owned);
	in->html = false;
	return 0;
}
