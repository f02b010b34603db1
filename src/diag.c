/*
 * diag.c — the diagnostic sink and its printers.
 *
 * Consumes: diag_emit calls from every stage, each with a catalogue id and a
 * position. Produces: sorted lines on the run's stream, as a compiler would
 * print them (`file:line:col: error: message [code]`) or as JSON lines for
 * tools. The sink owns its strings; diag_flush empties it.
 */
#include <stdarg.h>
#include <string.h>
#include "diag.h"

struct diag_entry {
	enum diag_level level;
	int exit;            /* exit status of an ERROR */
	const char *code;
	const char *fmt;
};

static const struct diag_entry catalogue[] = {
#define DIAG(id, lvl, ex, cd, f) [DIAG_##id] = { DIAG_##lvl, ex, cd, f },
#include "diag.def"
#undef DIAG
};
_Static_assert(sizeof catalogue / sizeof catalogue[0] == DIAG__COUNT,
	       "every catalogue id has an entry");

static const char *const level_names[] = {
	[DIAG_STYLE] = "style", [DIAG_WARNING] = "warning", [DIAG_ERROR] = "error"
};

enum diag_level diag_level_of(enum diag_id id) { return catalogue[id].level; }
const char *diag_code_of(enum diag_id id) { return catalogue[id].code; }
int diag_exit_of(enum diag_id id) { return catalogue[id].exit; }

struct diag_sink *diag_sink_new(void)
{
	struct diag_sink *s = g_new0(struct diag_sink, 1);
	s->items = g_array_new(FALSE, FALSE, sizeof(struct diag));
	g_mutex_init(&s->lock);
	return s;
}

static void clear_items(struct diag_sink *s)
{
	for (guint i = 0; i < s->items->len; i++) {
		struct diag *d = &g_array_index(s->items, struct diag, i);
		g_free(d->file);
		g_free(d->message);
	}
	g_array_set_size(s->items, 0);
}

void diag_sink_free(struct diag_sink *s)
{
	if (!s)
		return;
	clear_items(s);
	g_array_free(s->items, TRUE);
	g_mutex_clear(&s->lock);
	g_free(s);
}

void diag_emit(struct diag_sink *s, const char *file, int line, int col,
	       enum diag_id id, ...)
{
	struct diag d = { g_strdup(file ? file : "declc"), line, col, id, NULL };
	va_list ap;

	va_start(ap, id);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	d.message = g_strdup_vprintf(catalogue[id].fmt, ap);
#pragma GCC diagnostic pop
	va_end(ap);
	/* One message per line, whatever a library handed us. */
	g_strstrip(d.message);
	for (char *p = d.message; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	g_mutex_lock(&s->lock);
	/* The same message at the same place twice says nothing new (libxml2
	 * sometimes reports one fault through two paths). */
	for (guint i = 0; i < s->items->len; i++) {
		struct diag *o = &g_array_index(s->items, struct diag, i);
		if (o->id == id && o->line == line && o->col == col &&
		    strcmp(o->message, d.message) == 0) {
			g_mutex_unlock(&s->lock);
			g_free(d.file);
			g_free(d.message);
			return;
		}
	}
	g_array_append_val(s->items, d);
	g_mutex_unlock(&s->lock);
}

bool diag_has_errors(const struct diag_sink *s)
{
	for (guint i = 0; i < s->items->len; i++)
		if (catalogue[g_array_index(s->items, struct diag, i).id].level == DIAG_ERROR)
			return true;
	return false;
}

int diag_status(const struct diag_sink *s)
{
	int worst = 0;
	for (guint i = 0; i < s->items->len; i++) {
		const struct diag_entry *e = &catalogue[g_array_index(s->items, struct diag, i).id];
		/* Internal beats environment beats usage beats document. */
		if (e->level == DIAG_ERROR && (worst == 0 || e->exit > worst))
			worst = e->exit;
	}
	return worst;
}

static int by_position(gconstpointer a, gconstpointer b)
{
	const struct diag *x = a, *y = b;
	int c = strcmp(x->file, y->file);
	if (c)
		return c;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	return 0;
}

/* JSON string escaping by hand is the one serialiser small enough to keep:
 * the strings are short, valid UTF-8 and need only the mandatory escapes. */
static void json_string(GString *out, const char *s)
{
	g_string_append_c(out, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"': g_string_append(out, "\\\""); break;
		case '\\': g_string_append(out, "\\\\"); break;
		default:
			if (*p < 0x20)
				g_string_append_printf(out, "\\u%04x", *p);
			else
				g_string_append_c(out, (char)*p);
		}
	}
	g_string_append_c(out, '"');
}

void diag_flush(struct diag_sink *s, FILE *out, enum declc_diag_format fmt,
		bool color, bool quiet)
{
	static const char *const colors[] = {
		[DIAG_STYLE] = "\033[1;36m", [DIAG_WARNING] = "\033[1;35m",
		[DIAG_ERROR] = "\033[1;31m"
	};
	GString *buf = g_string_new(NULL);

	g_mutex_lock(&s->lock);
	/* Stable sort keeps the emission order among equal positions. */
	g_array_sort(s->items, by_position);
	for (guint i = 0; i < s->items->len; i++) {
		const struct diag *d = &g_array_index(s->items, struct diag, i);
		const struct diag_entry *e = &catalogue[d->id];
		if (quiet && e->level != DIAG_ERROR)
			continue;
		if (fmt == DECLC_DIAG_JSON) {
			g_string_append(buf, "{\"file\":");
			json_string(buf, d->file);
			g_string_append_printf(buf, ",\"line\":%d,\"column\":%d,\"level\":\"%s\",\"code\":",
					       d->line, d->col, level_names[e->level]);
			json_string(buf, e->code);
			g_string_append(buf, ",\"message\":");
			json_string(buf, d->message);
			g_string_append(buf, "}\n");
			continue;
		}
		g_string_append(buf, d->file);
		if (d->line > 0) {
			g_string_append_printf(buf, ":%d", d->line);
			if (d->col > 0)
				g_string_append_printf(buf, ":%d", d->col);
		}
		g_string_append_printf(buf, ": %s%s%s: %s [%s]\n",
				       color ? colors[e->level] : "", level_names[e->level],
				       color ? "\033[0m" : "", d->message, e->code);
	}
	clear_items(s);
	g_mutex_unlock(&s->lock);
	fputs(buf->str, out);
	fflush(out);
	g_string_free(buf, TRUE);
}
