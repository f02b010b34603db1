/*
 * import_priv.h — what import.c, import_text.c and import_html.c share: the
 * block model.
 *
 * A reader (import_text.c, import_html.c) turns its input into a flat list of
 * blocks — the units a person sees separated on the page: paragraphs,
 * headings, list items, block quotations, table rows — each made of lines of
 * plain text in which the markup characters (Markdown's ** and #, HTML's
 * tags) are already gone and the emphasis they meant is kept as spans. The
 * structurer then decides what each block is in TEI. Every line remembers
 * the input line it came from, for the warnings.
 *
 * The names shared by the import*.c files carry the prefix import_ (imp_
 * for the block model); the files are:
 *   import.c         the interface (import.h), the model, the document, files
 *   import_text.c    plain text and Markdown → blocks
 *   import_html.c    HTML → blocks
 *   import_words.c   what is known of Spanish declarations: dates, markers, names
 *   import_units.c   blocks → units; the TEI made from a unit's lines
 *   import_front.c   the title block and a letter's opener
 *   import_body.c    divisions, lists, paragraphs, quotations, page-break joins
 *   import_closer.c  the closer: formulas, datelines, signatories
 */
#ifndef IMPORT_PRIV_H
#define IMPORT_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <glib.h>
#include "context.h"

/* Named limits. */
#define IMPORT_MAX_BYTES ((size_t)16 << 20)  /* a past edition larger than 16 MiB is refused */
#define IMPORT_MAX_DEPTH 200                 /* HTML nesting followed; deeper text is taken flat */

/* Emphasis of a stretch of text (Markdown * and **, HTML b/i/u/sup/sub). */
enum imp_mark {
	IMP_BOLD = 1 << 0,
	IMP_ITALIC = 1 << 1,
	IMP_UNDERLINE = 1 << 2,
	IMP_SUP = 1 << 3,
	IMP_SUB = 1 << 4
};

/* A marked stretch of a line: bytes [start, end) of its text. Spans do not
 * overlap; a stretch with two marks is one span with both. */
struct imp_span {
	size_t start, end;
	unsigned marks;          /* enum imp_mark bits */
	char *href;              /* a link's target, or NULL */
};

struct imp_line {
	GString *text;           /* the words as typed, markup characters removed */
	GArray *spans;           /* struct imp_span, in order */
	int lineno;              /* 1-based line of the input */
	int indent;              /* leading columns (a tab counts 4); text input only */
	bool hard_break;         /* ends with a forced break (Markdown "  " or "\", HTML <br>) */
	bool page_break_before;  /* a form feed (pdftotext's page end) came before it */
};

enum imp_kind {
	IMP_TEXT,                /* lines of text, not yet classified */
	IMP_HEADING,             /* a heading the markup says is one (# …, <h2>) */
	IMP_ITEM,                /* a list item the markup says is one (<li>) */
	IMP_QUOTE,               /* a block quotation (> …, <blockquote>): children */
	IMP_ROW                  /* a table row: one line per cell */
};

enum imp_list { IMP_BULLETED, IMP_NUMBERED, IMP_LETTERED };

struct imp_block {
	enum imp_kind kind;
	int level;               /* HEADING: 1–6; ITEM: nesting depth, 0 outermost */
	enum imp_list list;      /* ITEM: how its list is labelled */
	char *label;             /* ITEM: the label the page shows ("3", "c"), or NULL */
	int group;               /* ITEM: which list it belongs to (HTML); 0: unknown */
	GPtrArray *lines;        /* struct imp_line *: the lines, or a ROW's cells */
	GPtrArray *children;     /* QUOTE: struct imp_block * */
	bool header_row;         /* ROW: a table's header (<th>, the row above |---|) */
	bool page_break_before;  /* a form feed (pdftotext's page end) came before it */
	const char *container;   /* HTML: the page part it sits in ("nav", "footer"), or NULL */
	int line;                /* 1-based input line of its start */
};

/* What a reader hands the structurer. */
struct imp_input {
	GPtrArray *blocks;       /* struct imp_block *, in reading order */
	char *title;             /* HTML <title>, or NULL */
	bool html;               /* labels of <ol> items are generated, not typed */
	const char *kind_name;   /* "texto plano", "Markdown", "HTML": for sourceDesc */
};

/* Readers: fill IN from the input's bytes. Return 0, or -1 after reporting
 * on DOC's sink (the input is unusable). */
int import_read_text(struct declc_doc *doc, const char *bytes, size_t len, struct imp_input *in);
int import_read_html(struct declc_doc *doc, const char *bytes, size_t len, struct imp_input *in);

/* The model's constructors (import.c). Blocks own their lines and children. */
struct imp_line *imp_line_new(int lineno);
void imp_line_free(gpointer line);
/* Appends LEN bytes of TEXT (-1: up to NUL) with MARKS and HREF. */
void imp_line_append(struct imp_line *l, const char *text, gssize len, unsigned marks,
		     const char *href);
struct imp_block *imp_block_new(enum imp_kind kind, int line);
void imp_block_free(gpointer block);

/* Collapses runs of white space in L to one space and trims both ends,
 * keeping the spans on their words (HTML text; pasted text). */
void imp_line_squeeze(struct imp_line *l);

/* ---- import_words.c: what the importer knows of Spanish declarations ---- */

int import_words(const char *s);               /* words, split at white space */
bool import_is_caps(const char *s);            /* three capitals or more, no lower case */
bool import_ends_sentence(const char *s);      /* . ! ? : ; … last (quotes aside) */
bool import_starts_lower(const char *s);       /* its first letter is lower-case */
char *import_last_word(const char *s);         /* lower-cased, no punctuation */
bool import_continues(const char *s);          /* ends on a word no paragraph ends on */
char *import_first_word(const char *s);        /* lower-cased, no punctuation */
/* A title line ending on "E", "DE", … (or, FIRST, starting on one). */
bool import_title_connector(const char *s, bool first);

/* A date in running text, with its ISO value: when, or from and to. */
struct imp_date {
	size_t start, end;       /* its bytes in the text */
	char when[11], from[11], to[11];   /* "2024-11-14", "2024-11"; "" when unset */
};
/* The first date in S at or after byte FROM. */
bool import_find_date(const char *s, size_t from, struct imp_date *d);

/* A line that is a place and a date and nothing else. */
struct imp_dateline {
	size_t place_start, place_end;     /* the place's bytes; equal when there is none */
	struct imp_date date;
};
bool import_dateline(const char *s, struct imp_dateline *dl);
/* "… en Montevideo, a " just before the date at DATE_START: the place. */
bool import_place_before(const char *s, size_t date_start, size_t *ps, size_t *pe);

/* A list marker at the start of a line: "- ", "3. ", "b) ", "(iv) ". */
struct imp_marker {
	enum imp_list list;
	char label[16];          /* "3", "b", "iv", "2.1"; "" for a bullet */
	size_t content;          /* the byte where the item's text starts */
	bool paren;              /* typed with a parenthesis: "b)", "(2)" */
	bool roman;              /* a roman numeral (IMP_NUMBERED) */
	bool maybe_roman;        /* a letter that is also a numeral: "i)", "v)" */
	bool multilevel;         /* 2.1, 3.1.4 */
};
bool import_marker(const char *s, struct imp_marker *m);

/* "Artículo 5.-", "CAPÍTULO II", "Título preliminar": a division heading. */
struct imp_heading {
	int rank;                /* 1 part, 2 title or annex, 3 chapter, 4 section, 5 article */
	const char *type;        /* div/@type */
	char n[32];              /* div/@n: "5", "II", "preliminar" */
	size_t label_end;        /* the byte after the keyword, number and their punctuation */
};
bool import_keyword_heading(const char *s, struct imp_heading *h);
bool import_preamble(const char *s);           /* CONSIDERANDO, Vistos, Preámbulo */

bool import_formula(const char *s);            /* EN FE DE LO CUAL… */
bool import_closing_label(const char *s);      /* Firmantes, Firman:, Atentamente, */
bool import_salute(const char *s);             /* Señor Ministro:, Estimadas autoridades: */
bool import_address_start(const char *s);      /* Señor, A la, Excelentísimo … */
bool import_postscript(const char *s);         /* P. D.:, PD:, Posdata */

enum imp_name { IMP_NAME_UNSURE, IMP_NAME_PERSON, IMP_NAME_ROLE, IMP_NAME_ORG };
enum imp_name import_name_kind(const char *s);
bool import_unit_line(const char *s);          /* Facultad …, Departamento … (a unit) */

/* ---- the structure (import_units.c, import_front.c, import_body.c,
 * import_closer.c) and the TEI it becomes ---- */

#include <libxml/tree.h>

#define NOLIM ((size_t)-1)

/* What a unit is: a paragraph, a heading, one list item, a block quotation,
 * a table row. */
enum unit_kind { U_P, U_HEAD, U_ITEM, U_QUOTE, U_ROW };

/* A unit: lines [first, end) of a block, or part of them. */
struct unit {
	enum unit_kind kind;
	struct imp_block *b;
	guint first, end;        /* its lines of b: [first, end) */
	size_t off;              /* its text starts at this byte of line FIRST */
	size_t lim;              /* and ends at this byte of line END-1 (NOLIM: the line's end) */
	char *text;              /* its plain text, lines joined by a space (for the heuristics) */
	/* U_HEAD */
	int rank;                /* 1 part … 5 article, 6 deeper */
	const char *div_type;    /* div/@type, or NULL */
	char n[32];              /* div/@n, or "" */
	bool explicit_head;      /* markup says so (# …, <h2>) */
	bool bare_number;        /* "1. Objeto", "II. PROPUESTAS": ranked once all are seen */
	bool bare_roman;
	/* U_ITEM */
	struct imp_marker m;     /* its label, as typed, or as an <ol> shows it */
	bool has_label;
	int indent;              /* columns (text) or depth × 4 (HTML) */
	int group;               /* its list, when the markup says (HTML) */
	/* U_P */
	struct unit *cont;       /* the same paragraph after a page break */
	bool joined;             /* this unit continues the one before it */
	bool quote_guess;        /* a paragraph wholly in quotation marks */
};

/* The TEI under construction, and what is noted for the header on the way. */
struct em {
	struct declc_doc *doc;
	xmlDoc *xml;
	xmlNs *ns;
	bool html;
	GPtrArray *units;
	/* Found on the way, for the header. */
	GString *title;
	char *pub_place;
	char date_when[11];
	/* Text waiting to be added to PEND_PARENT: libxml2 measures a text
	 * node again at every append, so a long paragraph is added at once. */
	GString *pend;
	xmlNode *pend_parent;
};

/* How the lines of a unit are put together. */
enum join { JOIN_SPACE, JOIN_LB };

/* How import_emit_range treats its range. */
enum {
	EM_WHOLE_PLAIN = 1,      /* a mark over the whole range is the block's style: no hi */
	EM_KEEP_SPACE = 2        /* a piece of a line: its spaces are the line's, keep them */
};

/* Where the closer is: units [start, end), announced by TRIGGER. */
struct closer_plan {
	guint start, end;        /* units of the closer region */
	guint trigger;           /* the unit announcing it (or start, when guessed) */
	bool guessed;            /* no trigger: signatories read from the shape alone */
};

/* Tree helpers: text (kept pending until something else is added), an
 * element of the TEI namespace, an attribute. Call tei_flush before reading
 * or changing the tree by other means. */
static inline void tei_flush(struct em *em)
{
	if (em->pend_parent && em->pend->len)
		xmlNodeAddContentLen(em->pend_parent, BAD_CAST em->pend->str, (int)em->pend->len);
	g_string_truncate(em->pend, 0);
	em->pend_parent = NULL;
}

static inline void tei_text(struct em *em, xmlNode *parent, const char *s, size_t len)
{
	if (!len)
		return;
	if (parent != em->pend_parent)
		tei_flush(em);
	em->pend_parent = parent;
	g_string_append_len(em->pend, s, (gssize)len);
}

static inline xmlNode *tei_el(struct em *em, xmlNode *parent, const char *name)
{
	tei_flush(em);
	return xmlNewChild(parent, em->ns, BAD_CAST name, NULL);
}

static inline void tei_set(xmlNode *n, const char *name, const char *value)
{
	xmlNewProp(n, BAD_CAST name, BAD_CAST value);
}

/* import_units.c: units, and the TEI made from their lines */
GPtrArray *import_cut_units(GPtrArray *blocks, bool html);
void import_emit_dateline(struct em *em, xmlNode *parent, const struct unit *u,
			  const struct imp_dateline *dl);
void import_emit_dateline_content(struct em *em, xmlNode *parent, const struct imp_line *l,
				  size_t a, size_t b, const struct imp_dateline *dl,
				  const char *place_name, bool doc_date);
void import_emit_dates(struct em *em, xmlNode *parent, const struct imp_line *l, size_t a,
			    size_t b, bool places);
void import_emit_lines(struct em *em, xmlNode *parent, const struct unit *u, enum join mode,
		       unsigned flags);
void import_emit_para(struct em *em, xmlNode *p, const struct unit *u);
void import_emit_range(struct em *em, xmlNode *parent, const struct imp_line *l, size_t a,
		       size_t b, unsigned flags);
void import_emit_salute(struct em *em, xmlNode *parent, const struct unit *u, guint end, const char *name);
xmlNode *import_emit_wrapped(struct em *em, xmlNode *parent, const char *name,
			     const struct imp_line *l, size_t a, size_t b, unsigned flags);
char *import_first_words(const char *s, int n);
char *import_last_words(const char *s, int n);
bool import_line_marked(const struct unit *u, guint i, unsigned mark);
void import_note_place_date(struct em *em, const struct imp_line *l, const struct imp_dateline *dl,
			    size_t at);
void import_set_date(xmlNode *n, const struct imp_date *d);
void import_trim(const struct imp_line *l, size_t *a, size_t *b);
const struct imp_line *import_uline(const struct unit *u, guint i);
char *import_uline_text(const struct unit *u, guint i);
bool import_unit_address(const struct unit *u);
bool import_unit_all_bold(const struct unit *u);
bool import_unit_dateline(const struct unit *u, struct imp_dateline *dl);
bool import_unit_salute(const struct unit *u);
void import_urange(const struct unit *u, guint i, size_t *a, size_t *b);
/* A comment "<!-- declc import: MSG -->" in PARENT. */
void import_comment(struct em *em, xmlNode *parent, const char *fmt, ...) G_GNUC_PRINTF(3, 4);

/* import_front.c: the title block and a letter's opener */
guint import_emit_opener(struct em *em, xmlNode *body, guint from, guint end);
void import_emit_title(struct em *em, xmlNode *front, guint end, bool guessed);
guint import_find_title(struct em *em, guint n, bool *guessed);

/* import_body.c: divisions, lists, paragraphs, quotations */
void import_classify_body(struct em *em, guint from, guint to);
void import_emit_cells(struct em *em, xmlNode *parent, const struct unit *u);
void import_emit_flow(struct em *em, xmlNode *container, GPtrArray *units, guint from, guint to);
void import_emit_quote(struct em *em, xmlNode *parent, struct unit *u);
/* The body's blocks, units [from, to): divisions opened by headings. */
void import_emit_body(struct em *em, xmlNode *body, guint from, guint to);

/* import_closer.c: the closer and its signatories */
xmlNode *import_emit_closer(struct em *em, xmlNode *body, const struct closer_plan *cp,
			    bool postscript_follows);
bool import_find_closer(struct em *em, guint from, guint end, struct closer_plan *cp);

#endif
