/*
 * diag.c — the diagnostic sink and its printers.
 *
 * Consumes: diag_emit calls from every stage, each with a catalogue id and a
 * position. Produces: sorted lines on the run's stream, as a compiler would
 * print them (`file:line:col: error: message [code]`) or as JSON lines for
 * tools, as SARIF 2.1.0 for code scanning, or as GitHub workflow commands
 * (`::error file=…,line=…,col=…::…`). The sink owns its strings; diag_flush
 * empties it. A report prints many documents' sinks as one output for
 * `declc check`: a threshold, counts, and one SARIF log at the end.
 */
#include <stdarg.h>
#include <string.h>
#include "diag.h"
#include "i18n.h"

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

/* English in JSON (a tool's field), translated in text (a person's word). */
static const char *const level_names[] = {
	[DIAG_STYLE] = N_("style"), [DIAG_WARNING] = N_("warning"), [DIAG_ERROR] = N_("error")
};

enum diag_level diag_level_of(enum diag_id id) { return catalogue[id].level; }
const char *diag_code_of(enum diag_id id) { return catalogue[id].code; }
int diag_exit_of(enum diag_id id) { return catalogue[id].exit; }

struct diag_sink *diag_sink_new(void)
{
	struct diag_sink *s = g_new0(struct diag_sink, 1);
	s->items = g_array_new(FALSE, FALSE, sizeof(struct diag));
	s->seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	g_mutex_init(&s->lock);
	return s;
}

static void clear_items(struct diag_sink *s)
{
	for (guint i = 0; i < s->items->len; i++) {
		struct diag *d = &g_array_index(s->items, struct diag, i);
		g_free(d->file);
		g_free(d->message);
		g_free(d->rule);
	}
	g_array_set_size(s->items, 0);
	g_hash_table_remove_all(s->seen);
}

void diag_sink_free(struct diag_sink *s)
{
	if (!s)
		return;
	clear_items(s);
	g_array_free(s->items, TRUE);
	g_hash_table_unref(s->seen);
	g_mutex_clear(&s->lock);
	g_free(s);
}

static void emit_v(struct diag_sink *s, const char *file, int line, int col,
		   enum diag_id id, const char *rule, va_list ap)
{
	struct diag d = { g_strdup(file ? file : "declc"), line, col, id, NULL,
			  rule ? g_strdup(rule) : NULL };

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	d.message = g_strdup_vprintf(_(catalogue[id].fmt), ap);
#pragma GCC diagnostic pop
	/* One message per line, whatever a library handed us. */
	g_strstrip(d.message);
	for (char *p = d.message; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	g_mutex_lock(&s->lock);
	/* The same message at the same place twice says nothing new (libxml2
	 * sometimes reports one fault through two paths). A set keeps this
	 * linear for documents with tens of thousands of findings. */
	char *key = g_strdup_printf("%d %d %d %s", (int)id, line, col, d.message);
	if (!g_hash_table_add(s->seen, key)) {
		g_mutex_unlock(&s->lock);
		g_free(d.file);
		g_free(d.message);
		g_free(d.rule);
		return;
	}
	g_array_append_val(s->items, d);
	g_mutex_unlock(&s->lock);
}

void diag_emit(struct diag_sink *s, const char *file, int line, int col,
	       enum diag_id id, ...)
{
	va_list ap;

	va_start(ap, id);
	emit_v(s, file, line, col, id, NULL, ap);
	va_end(ap);
}

void diag_emit_rule(struct diag_sink *s, const char *file, int line, int col,
		    enum diag_id id, const char *rule, ...)
{
	va_list ap;

	va_start(ap, rule);
	emit_v(s, file, line, col, id, rule, ap);
	va_end(ap);
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

/* ---- the printers: one diagnostic each, except SARIF ---- */

/* Level names as tools spell them; style is a SARIF "note" and a GitHub
 * "notice" (neither has a weaker level). */
static const char *const sarif_levels[] = {
	[DIAG_STYLE] = "note", [DIAG_WARNING] = "warning", [DIAG_ERROR] = "error"
};
static const char *const github_levels[] = {
	[DIAG_STYLE] = "notice", [DIAG_WARNING] = "warning", [DIAG_ERROR] = "error"
};

/* Diagnostics about the run rather than a document carry "declc" as their
 * file (diag_emit's default); those from stdin carry "<stdin>". Neither is
 * a file a tool could open. */
static bool names_a_file(const char *file)
{
	return strcmp(file, "declc") != 0 && strcmp(file, "<stdin>") != 0;
}

static void print_text(GString *buf, const struct diag *d, bool color)
{
	static const char *const colors[] = {
		[DIAG_STYLE] = "\033[1;36m", [DIAG_WARNING] = "\033[1;35m",
		[DIAG_ERROR] = "\033[1;31m"
	};
	const struct diag_entry *e = &catalogue[d->id];

	g_string_append(buf, d->file);
	if (d->line > 0) {
		g_string_append_printf(buf, ":%d", d->line);
		if (d->col > 0)
			g_string_append_printf(buf, ":%d", d->col);
	}
	g_string_append_printf(buf, ": %s%s%s: %s [%s]\n",
			       color ? colors[e->level] : "", _(level_names[e->level]),
			       color ? "\033[0m" : "", d->message, e->code);
}

static void print_json(GString *buf, const struct diag *d)
{
	const struct diag_entry *e = &catalogue[d->id];

	g_string_append(buf, "{\"file\":");
	json_string(buf, d->file);
	g_string_append_printf(buf, ",\"line\":%d,\"column\":%d,\"level\":\"%s\",\"code\":",
			       d->line, d->col, level_names[e->level]);
	json_string(buf, e->code);
	if (d->rule) {
		g_string_append(buf, ",\"rule\":");
		json_string(buf, d->rule);
	}
	g_string_append(buf, ",\"message\":");
	json_string(buf, d->message);
	g_string_append(buf, "}\n");
}

/* GitHub workflow commands: `%`, CR and LF are escaped in the message; a
 * property value also escapes `:` and `,`, which end it. */
static void github_escaped(GString *buf, const char *s, bool property)
{
	for (; *s; s++) {
		switch (*s) {
		case '%': g_string_append(buf, "%25"); break;
		case '\r': g_string_append(buf, "%0D"); break;
		case '\n': g_string_append(buf, "%0A"); break;
		case ':': g_string_append(buf, property ? "%3A" : ":"); break;
		case ',': g_string_append(buf, property ? "%2C" : ","); break;
		default: g_string_append_c(buf, *s);
		}
	}
}

static void print_github(GString *buf, const struct diag *d)
{
	const struct diag_entry *e = &catalogue[d->id];

	g_string_append_printf(buf, "::%s", github_levels[e->level]);
	if (names_a_file(d->file)) {
		g_string_append(buf, " file=");
		github_escaped(buf, d->file, true);
		if (d->line > 0) {
			g_string_append_printf(buf, ",line=%d", d->line);
			if (d->col > 0)
				g_string_append_printf(buf, ",col=%d", d->col);
		}
	}
	g_string_append(buf, "::");
	github_escaped(buf, d->message, false);
	g_string_append(buf, " [");
	github_escaped(buf, e->code, false);
	g_string_append(buf, "]\n");
}

/* ---- SARIF 2.1.0 ---- */

/* A JSON writer just big enough for the SARIF log: objects and arrays,
 * indented two spaces, commas placed for the caller. */
struct jw {
	GString *s;
	int depth;
	bool need_comma;   /* a value was written at this depth */
};

static void jw_newline(struct jw *w)
{
	g_string_append_c(w->s, '\n');
	for (int i = 0; i < w->depth; i++)
		g_string_append(w->s, "  ");
}

/* Starts a member (KEY non-NULL) or an array element (KEY NULL). */
static void jw_item(struct jw *w, const char *key)
{
	if (w->need_comma)
		g_string_append_c(w->s, ',');
	jw_newline(w);
	if (key) {
		json_string(w->s, key);
		g_string_append(w->s, ": ");
	}
	w->need_comma = true;
}

static void jw_open(struct jw *w, const char *key, char bracket)
{
	jw_item(w, key);
	g_string_append_c(w->s, bracket);
	w->depth++;
	w->need_comma = false;
}

static void jw_close(struct jw *w, char bracket)
{
	w->depth--;
	if (w->need_comma)      /* not empty */
		jw_newline(w);
	g_string_append_c(w->s, bracket);
	w->need_comma = true;
}

static void jw_string(struct jw *w, const char *key, const char *value)
{
	jw_item(w, key);
	json_string(w->s, value);
}

static void jw_int(struct jw *w, const char *key, int value)
{
	jw_item(w, key);
	g_string_append_printf(w->s, "%d", value);
}

/* The location as a URI reference: a relative path stays relative (code
 * scanning resolves it against the repository), "./" dropped; an absolute
 * one becomes a file: URI. */
static char *artifact_uri(const char *file)
{
	if (g_path_is_absolute(file)) {
		char *uri = g_filename_to_uri(file, NULL, NULL);
		if (uri)
			return uri;
	}
	while (file[0] == '.' && file[1] == '/')
		for (file += 2; *file == '/'; file++)
			;
	return g_uri_escape_string(file, "/", FALSE);
}

/* A rule's short description: its message with each printf conversion
 * shown as "…". Messages that are nothing but a library's words ("%s") say
 * what kind of fault they report here instead. */
static char *describe(const struct diag_entry *e)
{
	static const struct { const char *code, *text; } whole[] = {
		{ "xml:syntax", "the file is not well-formed XML" },
		{ "schema:attribute", "an attribute is missing, not allowed or has a bad value" },
		{ "schema:text", "text where the schema allows only elements" },
		{ "schema:value", "a value the schema does not allow" },
		{ "schema:invalid", "the document does not follow the schema" },
		{ "schema:rule", "a rule of schemas/declaracion.sch is broken" },
		{ "schema:rule-warning", "a lint rule of schemas/declaracion.sch reports a problem" },
	};
	GString *out = g_string_new(NULL);
	bool words = false;

	for (const char *p = e->fmt; *p; p++) {
		if (*p != '%') {
			g_string_append_c(out, *p);
			words |= g_ascii_isalpha(*p);
			continue;
		}
		if (p[1] == '%') {
			g_string_append_c(out, '%');
			p++;
			continue;
		}
		/* Flags, width, precision, length, then the conversion letter. */
		while (p[1] && !g_ascii_isalpha(p[1]))
			p++;
		while (p[1] == 'l' || p[1] == 'h' || p[1] == 'z')
			p++;
		if (p[1])
			p++;
		g_string_append(out, "…");
	}
	if (!words) {
		g_string_assign(out, e->code);
		for (size_t i = 0; i < G_N_ELEMENTS(whole); i++)
			if (strcmp(whole[i].code, e->code) == 0)
				g_string_assign(out, whole[i].text);
	}
	return g_string_free(out, FALSE);
}

/* One SARIF log for ITEMS (struct diag, in the order they are shown): the
 * tool with the rules the results use, in catalogue order, and the results.
 * Required by the 2.1.0 schema: version, runs, tool.driver.name,
 * results[].message. */
static void print_sarif(GString *buf, const GArray *items)
{
	int index[DIAG__COUNT];
	int nrules = 0;
	struct jw w = { buf, 0, false };

	for (int i = 0; i < DIAG__COUNT; i++)
		index[i] = -1;
	for (guint i = 0; i < items->len; i++)
		index[g_array_index(items, struct diag, i).id] = 0;
	for (int i = 0; i < DIAG__COUNT; i++)
		if (index[i] == 0)
			index[i] = nrules++;

	g_string_append_c(buf, '{');
	w.depth = 1;
	jw_string(&w, "$schema",
		  "https://docs.oasis-open.org/sarif/sarif/v2.1.0/os/schemas/sarif-schema-2.1.0.json");
	jw_string(&w, "version", "2.1.0");
	jw_open(&w, "runs", '[');
	jw_open(&w, NULL, '{');
	jw_open(&w, "tool", '{');
	jw_open(&w, "driver", '{');
	jw_string(&w, "name", "declc");
	jw_string(&w, "version", DECLC_VERSION);
	jw_string(&w, "semanticVersion", DECLC_VERSION);
	jw_open(&w, "rules", '[');
	for (int i = 0; i < DIAG__COUNT; i++) {
		if (index[i] < 0)
			continue;
		char *text = describe(&catalogue[i]);
		jw_open(&w, NULL, '{');
		jw_string(&w, "id", catalogue[i].code);
		jw_open(&w, "shortDescription", '{');
		jw_string(&w, "text", text);
		jw_close(&w, '}');
		jw_open(&w, "defaultConfiguration", '{');
		jw_string(&w, "level", sarif_levels[catalogue[i].level]);
		jw_close(&w, '}');
		jw_close(&w, '}');
		g_free(text);
	}
	jw_close(&w, ']');
	jw_close(&w, '}');
	jw_close(&w, '}');
	/* Our columns count characters (code points), not UTF-16 units. */
	jw_string(&w, "columnKind", "unicodeCodePoints");
	jw_open(&w, "results", '[');
	for (guint i = 0; i < items->len; i++) {
		const struct diag *d = &g_array_index(items, struct diag, i);
		const struct diag_entry *e = &catalogue[d->id];
		jw_open(&w, NULL, '{');
		jw_string(&w, "ruleId", e->code);
		jw_int(&w, "ruleIndex", index[d->id]);
		jw_string(&w, "level", sarif_levels[e->level]);
		jw_open(&w, "message", '{');
		jw_string(&w, "text", d->message);
		jw_close(&w, '}');
		if (names_a_file(d->file)) {
			char *uri = artifact_uri(d->file);
			jw_open(&w, "locations", '[');
			jw_open(&w, NULL, '{');
			jw_open(&w, "physicalLocation", '{');
			jw_open(&w, "artifactLocation", '{');
			jw_string(&w, "uri", uri);
			jw_close(&w, '}');
			if (d->line > 0) {
				jw_open(&w, "region", '{');
				jw_int(&w, "startLine", d->line);
				if (d->col > 0)
					jw_int(&w, "startColumn", d->col);
				jw_close(&w, '}');
			}
			jw_close(&w, '}');
			jw_close(&w, '}');
			jw_close(&w, ']');
			g_free(uri);
		}
		if (d->rule) {
			jw_open(&w, "properties", '{');
			jw_string(&w, "rule", d->rule);
			jw_close(&w, '}');
		}
		jw_close(&w, '}');
	}
	jw_close(&w, ']');
	jw_close(&w, '}');
	jw_close(&w, ']');
	w.depth = 0;
	jw_newline(&w);
	g_string_append(buf, "}\n");
}

/* ---- reports ---- */

/* One document's output, held back until every earlier one is written. */
struct slot {
	GString *text;               /* text, JSON or GitHub lines */
	GArray *kept;                /* struct diag: SARIF results */
	int shown[DIAG_ERROR + 1];
	bool done;                   /* diag_report_end was called */
};

struct diag_report {
	FILE *out;
	enum declc_diag_format fmt;
	enum diag_level threshold;   /* shown: this level and above */
	bool color;
	int shown[DIAG_ERROR + 1];   /* per level, over the whole report */
	GArray *kept;                /* struct diag: the SARIF results written, owned */
	GHashTable *threads;         /* GThread * → 1 + index of the document it checks */
	GPtrArray *slots;            /* struct slot * by document index; NULL: none yet */
	guint next;                  /* the first document not written yet */
	GMutex lock;                 /* documents may finish on several threads */
};

static void free_diags(GArray *a)
{
	for (guint i = 0; i < a->len; i++) {
		struct diag *d = &g_array_index(a, struct diag, i);
		g_free(d->file);
		g_free(d->message);
		g_free(d->rule);
	}
	g_array_free(a, TRUE);
}

static void slot_free(gpointer p)
{
	struct slot *sl = p;
	if (!sl)
		return;
	g_string_free(sl->text, TRUE);
	free_diags(sl->kept);
	g_free(sl);
}

struct diag_report *diag_report_new(FILE *out, enum declc_diag_format fmt,
				    enum diag_level threshold, bool color)
{
	struct diag_report *r = g_new0(struct diag_report, 1);

	r->out = out;
	r->fmt = fmt;
	r->threshold = threshold;
	r->color = color;
	r->kept = g_array_new(FALSE, FALSE, sizeof(struct diag));
	r->threads = g_hash_table_new(g_direct_hash, g_direct_equal);
	r->slots = g_ptr_array_new_with_free_func(slot_free);
	g_mutex_init(&r->lock);
	return r;
}

int diag_report_add(struct diag_report *r, struct diag_sink *s)
{
	GString *direct = g_string_new(NULL);
	GString *text = direct;
	GArray *kept = r->kept;
	int *shown_here = NULL;
	int shown = 0;

	g_mutex_lock(&r->lock);
	/* On a thread checking a document, its output waits in its slot. */
	guint at = GPOINTER_TO_UINT(g_hash_table_lookup(r->threads, g_thread_self()));
	if (at > 0) {
		struct slot *sl = g_ptr_array_index(r->slots, at - 1);
		text = sl->text;
		kept = sl->kept;
		shown_here = sl->shown;
	}
	g_mutex_lock(&s->lock);
	/* Stable sort keeps the emission order among equal positions. */
	g_array_sort(s->items, by_position);
	for (guint i = 0; i < s->items->len; i++) {
		struct diag *d = &g_array_index(s->items, struct diag, i);
		enum diag_level level = catalogue[d->id].level;
		if (level < r->threshold)
			continue;
		shown++;
		r->shown[level]++;
		if (shown_here)
			shown_here[level]++;
		switch (r->fmt) {
		case DECLC_DIAG_TEXT: print_text(text, d, r->color); break;
		case DECLC_DIAG_JSON: print_json(text, d); break;
		case DECLC_DIAG_GITHUB: print_github(text, d); break;
		case DECLC_DIAG_SARIF: {
			/* The log is written once, at the end: keep the strings. */
			struct diag copy = *d;
			d->file = d->message = d->rule = NULL;
			g_array_append_val(kept, copy);
			break;
		}
		}
	}
	clear_items(s);
	g_mutex_unlock(&s->lock);
	fputs(direct->str, r->out);
	fflush(r->out);
	g_mutex_unlock(&r->lock);
	g_string_free(direct, TRUE);
	return shown;
}

void diag_report_begin(struct diag_report *r, guint index)
{
	struct slot *sl = g_new0(struct slot, 1);

	sl->text = g_string_new(NULL);
	sl->kept = g_array_new(FALSE, FALSE, sizeof(struct diag));
	g_mutex_lock(&r->lock);
	if (r->slots->len <= index)
		g_ptr_array_set_size(r->slots, (gint)index + 1);
	g_assert(r->slots->pdata[index] == NULL && index >= r->next);
	r->slots->pdata[index] = sl;
	g_hash_table_insert(r->threads, g_thread_self(), GUINT_TO_POINTER(index + 1));
	g_mutex_unlock(&r->lock);
}

void diag_report_end(struct diag_report *r, guint index, int shown[DIAG_ERROR + 1])
{
	g_mutex_lock(&r->lock);
	g_hash_table_remove(r->threads, g_thread_self());
	struct slot *sl = g_ptr_array_index(r->slots, index);
	if (shown)
		memcpy(shown, sl->shown, sizeof sl->shown);
	sl->done = true;
	/* Write every finished document that no earlier one is waiting for. */
	while (r->next < r->slots->len && r->slots->pdata[r->next] &&
	       ((struct slot *)r->slots->pdata[r->next])->done) {
		sl = r->slots->pdata[r->next];
		fputs(sl->text->str, r->out);
		g_array_append_vals(r->kept, sl->kept->data, sl->kept->len);
		g_array_set_size(sl->kept, 0);   /* the strings moved to r->kept */
		slot_free(sl);
		r->slots->pdata[r->next++] = NULL;
	}
	fflush(r->out);
	g_mutex_unlock(&r->lock);
}

int diag_report_count(struct diag_report *r, enum diag_level level)
{
	g_mutex_lock(&r->lock);
	int n = r->shown[level];
	g_mutex_unlock(&r->lock);
	return n;
}

static void report_end(struct diag_report *r, bool write_log)
{
	if (write_log && r->fmt == DECLC_DIAG_SARIF) {
		GString *buf = g_string_new(NULL);
		print_sarif(buf, r->kept);
		fputs(buf->str, r->out);
		fflush(r->out);
		g_string_free(buf, TRUE);
	}
	free_diags(r->kept);
	g_hash_table_unref(r->threads);
	g_ptr_array_unref(r->slots);
	g_mutex_clear(&r->lock);
	g_free(r);
}

void diag_report_finish(struct diag_report *r)
{
	report_end(r, true);
}

/* One document (or a run's set-up) on its own. A SARIF log is written only
 * when there is something in it: the set-up of every run flushes an empty
 * sink. */
void diag_flush(struct diag_sink *s, FILE *out, enum declc_diag_format fmt,
		bool color, bool quiet)
{
	struct diag_report *r = diag_report_new(out, fmt, quiet ? DIAG_ERROR : DIAG_STYLE, color);
	int shown = diag_report_add(r, s);

	report_end(r, shown > 0);
}
