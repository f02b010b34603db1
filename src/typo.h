/*
 * typo.h — the Spanish typography pass (rule book: spanish-typography.md).
 *
 * typo_run walks the TEI tree, cuts it into units (the running text of one
 * paragraph, heading, item, line… with its inline elements), resolves
 * xml:lang for every character and runs the ES-xx rule table of typo_es.c
 * over each unit. In TYPO_FIX mode (compile) it rewrites the text nodes in
 * place, so every output carries the corrected text; in TYPO_REPORT mode
 * (check) it changes nothing and reports what it would change. The same
 * rules run in both modes.
 *
 * The first half of this header is the interface; the second half is shared
 * only by typo.c (the walk, units, positions, write-back) and typo_es.c (the
 * rules and their table).
 */
#ifndef TYPO_H
#define TYPO_H

#include <stdbool.h>
#include <string.h>
#include <glib.h>
#include "context.h"

enum typo_mode {
	TYPO_FIX,     /* rewrite text nodes; warn only about what could not be fixed */
	TYPO_REPORT   /* change nothing; warn about every slip found */
};

/* The rule book's options for these rules (first-day and year-article are
 * for generated dates: the stylesheet's). All false is the default. */
struct typo_opts {
	bool quotes_latam;     /* quotes=latam, ES-04: “ ” → ‘ ’ → « » instead of « » → “ ” → ‘ ’ */
	bool quotes_preserve;  /* quotes=preserve, ES-04: curly quotes keep the glyph typed */
	bool numbers_rae;      /* numbers=rae, ES-12: 1.500.000 → 1‹thin›500‹thin›000, 1.500 → 1500 */
	bool percent_thin;     /* percent-space=thin, ES-15: a thin space, not ⍽, before % and ‰ */
};

/* Runs the Spanish rules over doc->tei. In TYPO_FIX mode rewrites text nodes
 * in place (and wraps Roman numerals after "siglo" in <hi rend="smallcaps">,
 * ES-21, and the letters of an ordinal ending, 1.er, in <hi rend="sup">,
 * ES-17); lint findings (unbalanced ¿? ¡!,
 * quotes, capitalised months…) are reported as warnings. In TYPO_REPORT mode
 * changes nothing and reports every finding, fixable or not, as a WARNING at
 * the file:line:col of the offending character, with the suggested text.
 * OPTS may be NULL (defaults). Returns 0, -1 on internal failure. */
int typo_run(struct declc_doc *doc, enum typo_mode mode, const struct typo_opts *opts);

/* The same rules on one string of running text (no markup), for tests and
 * for `declc check`'s self-tests: returns the fixed text (g_free) and, if
 * FINDINGS is not NULL, appends to it (as g_free'd strings) "CODE@offset"
 * for every finding report mode would give, OFFSET counting characters
 * (code points) from 0 in TEXT. LANG is a BCP 47 tag (NULL: "es"). */
char *typo_fix_string(const char *text, const char *lang, const struct typo_opts *opts,
		      GPtrArray *findings);
/* The same, and with EVERY_RULE every rule of the table runs, whatever its
 * NEEDS column (below) says: a test compares the two to check that skipping
 * the rules that cannot apply changes nothing (tests/unit/test_typo.c). */
char *typo_fix_string_full(const char *text, const char *lang, const struct typo_opts *opts,
			   GPtrArray *findings, bool every_rule);
/* Whether WORD (LEN bytes, -1: to its end), its final period included, is
 * one of the Spanish abbreviations the rules know ("admón.", "págs."): the
 * hyphenator never divides them (ES-32). */
bool typo_es_abbreviation(const char *word, gssize len);

/* ---- Internal: shared by typo.c and typo_es.c only ---------------------- */

/* Locale profiles (rule book, "Locale profiles"); TYPO_L_FOREIGN is any
 * language that is not Spanish: its text is left as typed (ES-34). */
enum typo_locale {
	TYPO_L_ES, TYPO_L_ES_ES, TYPO_L_ES_CL, TYPO_L_ES_CO, TYPO_L_ES_MX, TYPO_L_ES_AR,
	TYPO_L_ES_419, TYPO_L_FOREIGN
};
enum typo_locale typo_locale_of(const char *lang);

/* Markup inside a unit is represented by private-use characters, so rules
 * see it in context without knowing XML. They are never written back. */
#define TYPO_OBJ    0xE000u  /* an opaque or generated element: one word to its neighbours */
#define TYPO_QOPEN  0xE001u  /* start of <q>/<quote>: the stylesheet writes the opening mark */
#define TYPO_QCLOSE 0xE002u  /* its end: the closing mark */
#define TYPO_LB     0xE003u  /* <lb/>: a forced line break, a space to its neighbours */

/* The characters the rules produce. */
#define TYPO_NBSP   0x00A0u  /* ⍽ no-break space */
#define TYPO_THIN   0x202Fu  /* narrow no-break space */
#define TYPO_WJ     0x2060u  /* word joiner */

/* Per-character flags. */
enum {
	TYPO_C_PROTECT  = 1u << 0,  /* ES-33: a URL, e-mail address or path */
	TYPO_C_FOREIGN  = 1u << 1,  /* ES-34: another language */
	TYPO_C_NONUM    = 1u << 2,  /* ES-13: inside <date>, <time>, <num type="year|code"> */
	TYPO_C_CARDINAL = 1u << 3,  /* inside <num type="cardinal">: grouped whatever precedes */
	TYPO_C_NAME     = 1u << 4,  /* inside <name>, <persName>, <orgName>, <placeName> (ES-22) */
	TYPO_C_MARKED   = 1u << 5,  /* inside <num> or rend="smallcaps|uppercase|sup|sub":
				     * the author's markup decides how numerals and
				     * ordinal endings look (ES-21, ES-17) */
	TYPO_C_SC       = 1u << 6,  /* ES-21 result: to be set in small capitals */
	TYPO_C_DONE     = 1u << 7,  /* claimed by a rule: apostrophe, dialogue dash, abbreviation */
	TYPO_C_QMARK    = 1u << 8,  /* a quotation mark resolved by ES-04 as closing */
	TYPO_C_SUP      = 1u << 9   /* ES-17 result: an ordinal ending (1.er) to be set
				     * as superscript letters */
};

struct typo_ch {
	gunichar c;
	int seg;          /* the text node it belongs to (index into the unit's segments); -1: markup */
	int off;          /* its offset in characters in that node's original text; an
			   * inserted character has its neighbour's (for positions only) */
	unsigned flags;   /* TYPO_C_* */
	unsigned char loc; /* enum typo_locale */
};

/* Where a rule's work happens: here, or by another part of declc. */
enum typo_rule_mode { TYPO_M_AUTOMATIC, TYPO_M_LINT, TYPO_M_AUTOLINT, TYPO_M_MARKUP,
		      TYPO_M_LAYOUT };

/* What a unit is, for the few rules that care. */
enum typo_kind { TYPO_K_PARA, TYPO_K_HEADING, TYPO_K_ITEM };

struct typo_finding {
	enum diag_id id;
	int seg, off;       /* position of the offending character */
	bool fixed;         /* fix mode corrects it (so fix mode does not warn) */
	char *arg[3];       /* the catalogue message's %s, in its order */
};

/* The characters of a unit. Not a GArray: every rule that rebuilds the text
 * appends each character of the unit once, and an inline store into room
 * made beforehand (typo_begin) is a fraction of a call into GLib per
 * character (bench/RESULTS.md, "declc check"). */
struct typo_buf {
	struct typo_ch *v;
	guint len;    /* characters in use */
	guint cap;    /* characters allocated */
};

/* Which characters a unit may hold: a set of 256 slots (typo_slot), code
 * points hashed into them. A character whose slot is clear is certainly not
 * in the unit; one whose slot is set may be (two code points can share a
 * slot, and a character deleted since still counts). typo.c fills it from
 * the unit and adds what each rule may write (the rule table's MAKES), so
 * that a rule that cannot apply — no digit for the number rules, no quote
 * for ES-04 — is not run at all (NEEDS). */
struct typo_set {
	guint64 bits[4];
};

static inline unsigned typo_slot(gunichar c)
{
	return c < 0x80 ? c : 0x80 | ((c ^ (c >> 7)) & 0x7F);
}
static inline void typo_set_add(struct typo_set *s, gunichar c)
{
	unsigned k = typo_slot(c);
	s->bits[k >> 6] |= G_GUINT64_CONSTANT(1) << (k & 63);
}
static inline bool typo_set_has(const struct typo_set *s, gunichar c)
{
	unsigned k = typo_slot(c);
	return (s->bits[k >> 6] >> (k & 63)) & 1;
}

struct typo_unit {
	struct typo_buf *ch;           /* the text being worked on */
	struct typo_buf *tmp;          /* scratch for rules that rebuild the text */
	const struct typo_opts *opts;
	GPtrArray *findings;           /* struct typo_finding * */
	enum typo_kind kind;
	int qdepth;                    /* quotation levels opened by enclosing <q>/<quote> */
	bool dialogue;                 /* ES-08: the unit is a speech turn */
};

typedef void typo_rule_fn(struct typo_unit *u);

/* One row of the rule table (typo_es.c). Rows with no function are done
 * elsewhere (WHERE says by what); the table lists them so that every ES id
 * has one place saying who owns it. */
struct typo_rule {
	const char *id;        /* "ES-04" */
	const char *title;
	enum typo_rule_mode mode;
	const char *codes;     /* the W- codes it reports, space-separated, or NULL */
	typo_rule_fn *fn;      /* applied in table order */
	const char *where;     /* for rows without a function: who does it */
	/* A cheap test of whether FN can apply (typo_set above). NEEDS: the
	 * rule changes and finds nothing in a unit holding none of these
	 * characters (UTF-8; NULL: run it always). MAKES: every character FN
	 * may write that was not in the unit before it (NULL: none).
	 * typo_fix_string checks MAKES after every rule, so the typography
	 * tests catch a rule that writes a character its row leaves out. */
	const char *needs;
	const char *makes;
};

const struct typo_rule *typo_rule_table(size_t *n);

/* Helpers typo.c offers the rules. Indices are into u->ch. */
/* Inline: the rules call these for every character they look at. */
static inline struct typo_ch *typo_at(const struct typo_unit *u, gssize i)
{
	if (i < 0 || i >= (gssize)u->ch->len)
		return NULL;
	return &u->ch->v[i];
}
static inline gunichar typo_c(const struct typo_unit *u, gssize i)   /* 0 out of range */
{
	const struct typo_ch *c = typo_at(u, i);
	return c ? c->c : 0;
}
static inline bool typo_frozen(const struct typo_unit *u, gssize i)  /* markup, protected or foreign */
{
	const struct typo_ch *c = typo_at(u, i);
	return !c || c->seg < 0 || (c->flags & (TYPO_C_PROTECT | TYPO_C_FOREIGN));
}
/* Records a finding at character AT (of u->ch or u->tmp); the strings are
 * copied (NULL: ""). */
void typo_find(struct typo_unit *u, enum diag_id id, const struct typo_ch *at, bool fixed,
	       const char *a0, const char *a1, const char *a2);
/* The text of [FROM, TO) as UTF-8, for messages: markup shown as "…", a
 * space or <q>; ⍽ and ‹thin› as spaces; ‹wj› left out. */
char *typo_text(const struct typo_unit *u, gssize from, gssize to);
/* Rebuilding: rules copy u->ch into u->tmp with changes, then swap. */
void typo_buf_grow(struct typo_buf *b, guint need);  /* room for NEED characters */
static inline void typo_begin(struct typo_unit *u)
{
	/* Room for the unit and a quarter more: what a rule inserts (thin
	 * spaces, ⍽, word joiners) rarely needs another allocation. */
	u->tmp->len = 0;
	if (u->tmp->cap < u->ch->len + u->ch->len / 4 + 16)
		typo_buf_grow(u->tmp, u->ch->len + u->ch->len / 4 + 16);
}
/* typo_begin, with the first N characters of u->ch copied as they are: for
 * a rule that has looked for the first place it changes. */
static inline void typo_begin_copy(struct typo_unit *u, guint n)
{
	typo_begin(u);
	memcpy(u->tmp->v, u->ch->v, n * sizeof *u->ch->v);
	u->tmp->len = n;
}
static inline void typo_put(struct typo_unit *u, struct typo_ch ch)
{
	struct typo_buf *t = u->tmp;
	if (G_UNLIKELY(t->len == t->cap))
		typo_buf_grow(t, t->len + 1);
	t->v[t->len++] = ch;
}
void typo_put_new(struct typo_unit *u, gunichar c, gssize near);  /* inserted next to u->ch[near] */
/* The character BACK from the end of the rebuilt text; NULL when too far back. */
static inline struct typo_ch *typo_out_last(struct typo_unit *u, guint back)
{
	if (back >= u->tmp->len)
		return NULL;
	return &u->tmp->v[u->tmp->len - 1 - back];
}
static inline void typo_out_pop(struct typo_unit *u)
{
	if (u->tmp->len)
		u->tmp->len--;
}
static inline void typo_end(struct typo_unit *u)
{
	struct typo_buf *t = u->ch;
	u->ch = u->tmp;
	u->tmp = t;
}

#endif
