/*
 * dev_trace.c — the text trace device: the golden format of layout tests.
 *
 * Consumes draw calls (dev.h); produces plain UTF-8 text, one line per call,
 * every number an integer in Pango units (1/1024 pt), so that a trace is
 * stable across machines and a change in layout shows up as a readable diff:
 *
 *   page N WIDTH HEIGHT
 *   begin TAG / end TAG                structure of tagged PDF
 *   begin Figure "alt"                 an image's element with its text alternative
 *   text X BASELINE WIDTH "line text"  soft hyphens dropped, '-' where one ends the line
 *   rule X Y WIDTH THICKNESS           top-left corner
 *   outline LEVEL X Y "title"
 *   break DEMERITS RATIO FITNESS END   after a text line, only with
 *                                      --param trace-decisions=true
 *
 * The break line gives the line breaker's reasons (compose.c): the line's
 * demerits, its adjustment ratio r in thousandths (how far its spaces
 * stretch, 1000 = all their stretch, negative when they shrink), its
 * fitness class (very-loose, loose, decent, tight) and how it ends: space,
 * hyphen (a division), compound (ES-31), forced (l:br) or last.
 *   image X Y WIDTH HEIGHT             top-left corner
 *
 * Quotes and backslashes inside text are escaped with a backslash.
 */
#include "compose.h"
#include "dev.h"

struct dev_trace {
	struct dev dev;
	GString *out;
	int page;              /* pages begun so far */
};

static void trace_quoted(GString *out, const char *s)
{
	g_string_append_c(out, '"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			g_string_append_c(out, '\\');
		g_string_append_c(out, *s);
	}
	g_string_append(out, "\"\n");
}

static void trace_begin_page(struct dev *d, int width, int height)
{
	struct dev_trace *t = (struct dev_trace *)d;

	g_string_append_printf(t->out, "page %d %d %d\n", ++t->page, width, height);
}

static void trace_end_page(struct dev *d)
{
}

static void trace_text(struct dev *d, const struct compose_line *line, int x, int y, int width)
{
	struct dev_trace *t = (struct dev_trace *)d;
	char *text = compose_line_text(line);
	const char *why = line->decision;

	g_string_append_printf(t->out, "text %d %d %d ", x, y, width);
	trace_quoted(t->out, text);
	if (why)
		g_string_append_printf(t->out, "%s\n", why);
	g_free(text);
}

static void trace_rule(struct dev *d, int x, int y, int width, int thickness, guint32 color)
{
	struct dev_trace *t = (struct dev_trace *)d;

	g_string_append_printf(t->out, "rule %d %d %d %d\n", x, y, width, thickness);
}

static void trace_image(struct dev *d, const struct img *im, int x, int y, int width, int height)
{
	struct dev_trace *t = (struct dev_trace *)d;

	g_string_append_printf(t->out, "image %d %d %d %d\n", x, y, width, height);
}

static void trace_tag_begin(struct dev *d, const char *tag, const char *alt)
{
	struct dev_trace *t = (struct dev_trace *)d;

	if (alt == NULL) {
		g_string_append_printf(t->out, "begin %s\n", tag);
		return;
	}
	g_string_append_printf(t->out, "begin %s ", tag);
	trace_quoted(t->out, alt);
}

static void trace_tag_end(struct dev *d, const char *tag)
{
	g_string_append_printf(((struct dev_trace *)d)->out, "end %s\n", tag);
}

static void trace_outline(struct dev *d, int level, const char *title, int x, int y)
{
	struct dev_trace *t = (struct dev_trace *)d;

	g_string_append_printf(t->out, "outline %d %d %d ", level, x, y);
	trace_quoted(t->out, title);
}

static int trace_finish(struct dev *d, GByteArray *out)
{
	struct dev_trace *t = (struct dev_trace *)d;

	g_byte_array_append(out, (const guint8 *)t->out->str, (guint)t->out->len);
	return 0;
}

static void trace_free(struct dev *d)
{
	struct dev_trace *t = (struct dev_trace *)d;

	g_string_free(t->out, TRUE);
	g_free(t);
}

static const struct dev_ops trace_ops = {
	trace_begin_page, trace_end_page, trace_text, trace_rule, trace_tag_begin,
	trace_tag_end, trace_outline, trace_finish, trace_free, trace_image,
};

struct dev *dev_trace_new(void)
{
	struct dev_trace *t = g_new0(struct dev_trace, 1);

	t->dev.ops = &trace_ops;
	t->out = g_string_new(NULL);
	return &t->dev;
}
