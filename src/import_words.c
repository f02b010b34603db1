/*
 * import_words.c — what the importer knows of Spanish declarations: dates,
 * datelines, list markers, heading keywords, closing formulas, and how a
 * signatory's name, cargo and institution look.
 *
 * Pure functions on strings (UTF-8), no state: the patterns are compiled
 * once per process and only read afterwards, so batch threads share them.
 * docs/import.md lists every pattern with an example; a change here is a
 * change there.
 */
#include <string.h>
#include "import_priv.h"

/* ---- the patterns, compiled once ---- */

#define MONTHS "(enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre)"
#define DAY "(\\d{1,2}|primero)(?:\\.?[º°](?!\\p{L}))?"
#define YEAR "(\\d{4})(?!\\d)"
#define NOT_AFTER_WORD "(?<![\\p{L}\\p{N}])"

enum {
	RX_RANGE_DAYS,       /* 13 y 14 de noviembre de 2024; del 13 al 15 de mayo de 2025 */
	RX_RANGE_MONTHS,     /* 30 de abril al 2 de mayo de 2025 */
	RX_DAY,              /* 14 de noviembre de 2024 */
	RX_MONTH,            /* noviembre de 2024 */
	RX_NUMERIC,          /* 14/11/2024, 14-11-2024, 14.11.2024 */
	RX_DATELINE_BEFORE,  /* "En Santiago de Chile, a " before a date */
	RX_DATELINE_AFTER,   /* ", Santiago de Chile." after a date */
	RX_PLACE_IN_TEXT,    /* "… en Montevideo, a " before a date in a sentence */
	RX_KEYWORD_HEAD,     /* Artículo 5.-, CAPÍTULO II, Título preliminar */
	RX_FORMULA,          /* EN FE DE LO CUAL… */
	RX_LABEL,            /* Firmantes, Organizaciones firmantes, Atentamente */
	RX_SALUTE,           /* Señor Ministro:, Estimadas autoridades: */
	RX_ADDRESS,          /* Señor / A la / Excelentísimo… first address line */
	RX_POSTSCRIPT,       /* P. D.:, PD:, Posdata */
	RX_PREAMBLE,         /* CONSIDERANDO, Vistos, Preámbulo */
	RX__COUNT
};

static const char *const patterns[RX__COUNT] = {
	[RX_RANGE_DAYS] = NOT_AFTER_WORD "(?:del?\\s+)?" DAY "\\s*(?:y|al|a|-|–)\\s*(?:el\\s+)?" DAY
		"\\s+de\\s+" MONTHS "\\s*(?:de|del|,)?\\s+" YEAR,
	[RX_RANGE_MONTHS] = NOT_AFTER_WORD "(?:del?\\s+)?" DAY "\\s+de\\s+" MONTHS
		"\\s+(?:y|al|a|-|–)\\s+(?:el\\s+)?" DAY "\\s+de\\s+" MONTHS "\\s*(?:de|del|,)?\\s+" YEAR,
	[RX_DAY] = NOT_AFTER_WORD DAY "\\s+de\\s+" MONTHS "\\s*(?:de|del|,)\\s*" YEAR,
	[RX_MONTH] = NOT_AFTER_WORD MONTHS "\\s+(?:de|del)\\s+" YEAR,
	[RX_NUMERIC] = NOT_AFTER_WORD "(\\d{1,2})([/.-])(\\d{1,2})\\2" YEAR,
	[RX_DATELINE_BEFORE] = "^((?:[\\p{L}.\\s]*?\\s)?en\\s+)?"
		"(\\p{Lu}[^\\d;:()«»\"“”]{0,80}?)\\s*,\\s*(?:a\\s+los\\s+|a\\s+|el\\s+|al\\s+)?$",
	[RX_DATELINE_AFTER] = "^\\s*,\\s*(\\p{Lu}[^\\d;:()«»\"“”]{0,80}?)\\s*\\.?$",
	[RX_PLACE_IN_TEXT] = "(?<![\\p{L}])en\\s+(\\p{Lu}[^\\d,;:()«»\"“”]{0,60}?),\\s*(?:a\\s+los\\s+|a\\s+|el\\s+)?$",
	[RX_KEYWORD_HEAD] = "^(art[íi]culo|art\\.|cap[íi]tulo|t[íi]tulo|secci[óo]n|parte|libro|anexo|ap[ée]ndice)\\s+"
		"(\\d{1,3}|[ivxlcdm]{1,7}|[a-z](?!\\p{L})|primer[oa]?|segund[oa]|tercer[oa]?|cuart[oa]|quint[oa]|sext[oa]|s[ée]ptim[oa]|"
		"octav[oa]|noven[oa]|d[ée]cim[oa]|[úu]nic[oa]|preliminar|final|transitori[oa]s?)"
		"(?:\\s*(?:º|°|\\.º|\\.°))?(?:\\s+(?:bis|ter|qu[áa]ter))?"
		"(?:\\s*(?:\\.-|\\.–|\\.—|\\.|:|-|–|—)\\s*|\\s*$|\\s+(?=\\p{Lu}))",
	[RX_FORMULA] = "^\\W*(en\\s+fe\\s+de\\s+lo\\s+cual|en\\s+testimonio\\s+de\\s+lo\\s+cual|en\\s+se[ñn]al\\s+de\\s+conformidad|"
		"en\\s+prueba\\s+de\\s+conformidad|para\\s+constancia|y\\s+para\\s+que\\s+as[íi]\\s+conste)",
	[RX_LABEL] = "^\\W*(?:firmantes|firman|firma|firmado|firmada|firmados|firmadas|firmamos|suscriben|suscribimos|"
		"suscriptor[ea]s|adhieren|adherimos|adhesiones|adherentes|signatari[oa]s|"
		"(?:organizaciones|instituciones|personas|entidades|redes|colectivos)\\s+(?:firmantes|adherentes|signatarias|que\\s+(?:firman|suscriben|adhieren))|"
		"atentamente|cordialmente|fraternalmente|respetuosamente|saludos|un\\s+saludo|sin\\s+otro\\s+particular|le\\s+saluda|les\\s+saluda|se\\s+despide|se\\s+despiden)"
		"(?![\\p{L}])",
	[RX_SALUTE] = "^(?:señor|señora|señores|señoras|señorita|sr\\.|sra\\.|sres\\.|srta\\.|estimad[oa]s?|querid[oa]s?|"
		"distinguid[oa]s?|apreciad[oa]s?|respetad[oa]s?|honorable|excelent[íi]sim[oa]|excmo\\.|excma\\.|"
		"de\\s+(?:mi|nuestra)\\s+(?:mayor\\s+|más\\s+alta\\s+)?consideraci[óo]n|a\\s+quien\\s+corresponda|compañer[oa]s|ciudadan[oa]s|hermanos|amigos)"
		"(?![\\p{L}]).*[:,]$",
	[RX_ADDRESS] = "^(?:señor|señora|señores|señoras|señorita|sr\\.|sra\\.|sres\\.|srta\\.|al|a\\s+la|a\\s+las|a\\s+los|"
		"excelent[íi]sim[oa]|excmo\\.|excma\\.|honorable|h\\.|don|doña|dr\\.|dra\\.|s\\.\\s?e\\.|su\\s+excelencia)(?![\\p{L}])",
	[RX_POSTSCRIPT] = "^(?:p\\.\\s?d\\.|p\\.\\s?s\\.|pd\\s*:|ps\\s*:|posdata)",
	[RX_PREAMBLE] = "^\\W*(considerando|considerandos|vistos?|pre[áa]mbulo|exposici[óo]n\\s+de\\s+motivos|"
		"teniendo\\s+presente|vistos\\s+y\\s+considerando)\\W*$",
};

static GRegex *rx[RX__COUNT];

static void compile_patterns(void)
{
	static gsize once;
	if (g_once_init_enter(&once)) {
		for (int i = 0; i < RX__COUNT; i++) {
			GError *err = NULL;
			rx[i] = g_regex_new(patterns[i], G_REGEX_CASELESS | G_REGEX_OPTIMIZE, 0, &err);
			if (!rx[i])
				g_error("import_words.c: pattern %d: %s", i, err->message);
		}
		g_once_init_leave(&once, 1);
	}
}

static bool rx_match(int which, const char *s, GMatchInfo **mi)
{
	compile_patterns();
	bool ok = g_regex_match(rx[which], s, 0, mi);
	if (!ok && mi) {
		g_match_info_free(*mi);
		*mi = NULL;
	}
	return ok;
}

/* ---- words ---- */

int import_words(const char *s)
{
	int n = 0;
	bool in = false;
	for (const char *p = s; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		bool sp = g_unichar_isspace(c) || c == 0xA0;
		if (!sp && !in)
			n++;
		in = !sp;
	}
	return n;
}

bool import_is_caps(const char *s)
{
	int upper = 0, lower = 0;
	for (const char *p = s; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (g_unichar_isupper(c))
			upper++;
		else if (g_unichar_islower(c))
			lower++;
	}
	return upper >= 3 && lower == 0;
}

/* The last character that is not a closing quotation mark or bracket. */
static gunichar last_significant(const char *s)
{
	const char *end = s + strlen(s);
	while (end > s) {
		const char *p = g_utf8_prev_char(end);
		gunichar c = g_utf8_get_char(p);
		if (!g_unichar_isspace(c) && !strchr("\"')]*_", (int)(c < 128 ? c : 1)) &&
		    c != 0xBB && c != 0x201D && c != 0x2019)
			return c;
		end = p;
	}
	return 0;
}

bool import_ends_sentence(const char *s)
{
	gunichar c = last_significant(s);
	return c == '.' || c == '!' || c == '?' || c == ':' || c == ';' || c == 0x2026;
}

bool import_starts_lower(const char *s)
{
	for (const char *p = s; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (g_unichar_isalpha(c))
			return g_unichar_islower(c);
		if (g_unichar_isdigit(c))
			return false;
	}
	return false;
}

/* The last word of S, lower-cased, without punctuation (owned by caller). */
char *import_last_word(const char *s)
{
	const char *end = s + strlen(s), *start;
	while (end > s && !g_unichar_isalnum(g_utf8_get_char(g_utf8_prev_char(end))))
		end = g_utf8_prev_char(end);
	start = end;
	while (start > s && g_unichar_isalnum(g_utf8_get_char(g_utf8_prev_char(start))))
		start = g_utf8_prev_char(start);
	return g_utf8_strdown(start, end - start);
}

/* The first word of S, lower-cased, without punctuation (owned by caller). */
char *import_first_word(const char *s)
{
	const char *start = s, *end;
	while (*start && !g_unichar_isalnum(g_utf8_get_char(start)))
		start = g_utf8_next_char(start);
	end = start;
	while (*end && g_unichar_isalnum(g_utf8_get_char(end)))
		end = g_utf8_next_char(end);
	return g_utf8_strdown(start, end - start);
}

static bool word_in(const char *word, const char *const *list)
{
	for (; *list; list++)
		if (strcmp(word, *list) == 0)
			return true;
	return false;
}

/* Words a paragraph cannot end on: a line ending in one goes on. */
bool import_continues(const char *s)
{
	static const char *const words[] = {
		"de", "del", "la", "las", "el", "los", "lo", "un", "una", "unos", "unas", "y", "e", "o",
		"u", "ni", "que", "en", "a", "al", "con", "por", "para", "sin", "sobre", "entre",
		"hacia", "hasta", "desde", "según", "su", "sus", "se", "como", "cuando", "donde", "cuyo",
		"cuya", "cuyos", "cuyas", "mi", "mis", "tu", "tus", "nuestro", "nuestra", "nuestros",
		"nuestras", "este", "esta", "estos", "estas", "ese", "esa", "esos", "esas", "aquel",
		"aquella", "muy", "más", "menos", "tan", "pero", "sino", "porque", "pues", "aunque",
		"si", "le", "les", "nos", "ante", "bajo", "contra", "durante", "mediante", "tras",
		"cual", "cuales", "quien", "quienes", NULL
	};
	char *w = import_last_word(s);
	bool yes = *w && word_in(w, words);
	g_free(w);
	return yes;
}

/* Words a title line may end on when the title goes on in the next line,
 * or start with when it continues the line before. */
bool import_title_connector(const char *s, bool first)
{
	static const char *const words[] = {
		"e", "y", "o", "u", "de", "del", "la", "las", "el", "los", "en", "a", "al", "con", "por",
		"para", "sobre", "entre", "sin", "hacia", "ante", NULL
	};
	char *w = first ? import_first_word(s) : import_last_word(s);
	bool yes = *w && word_in(w, words);
	g_free(w);
	return yes;
}

static bool place_ok(const char *s, size_t len);

/* ---- dates ---- */

static const char *const month_names[] = {
	"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
	"octubre", "noviembre", "diciembre"
};

static int month_of(const char *name)
{
	char *m = g_utf8_strdown(name, -1);
	int r = 0;
	for (int i = 0; i < 12 && !r; i++)
		if (strcmp(m, month_names[i]) == 0)
			r = i + 1;
	if (!r && strcmp(m, "setiembre") == 0)
		r = 9;
	g_free(m);
	return r;
}

static int day_of(const char *s)
{
	return g_ascii_strncasecmp(s, "primero", 7) == 0 ? 1 : atoi(s);
}

static bool valid_date(int y, int m, int d)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (y < 1000 || y > 2999 || m < 1 || m > 12)
		return false;
	if (d == 0)
		return true;
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return d >= 1 && d <= days[m - 1] + (m == 2 && leap);
}

static void iso(char *out, int y, int m, int d)
{
	if (d)
		g_snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
	else
		g_snprintf(out, 11, "%04d-%02d", y, m);
}

/* Reads match MI of pattern WHICH into D; false when the date does not exist. */
static bool read_date(int which, GMatchInfo *mi, struct imp_date *d)
{
	char *g[8] = { 0 };
	int n = g_match_info_get_match_count(mi);
	bool ok = false;

	for (int i = 1; i < n && i < 8; i++)
		g[i] = g_match_info_fetch(mi, i);
	memset(d->when, 0, sizeof d->when);
	memset(d->from, 0, sizeof d->from);
	memset(d->to, 0, sizeof d->to);
	switch (which) {
	case RX_RANGE_DAYS: {
		int d1 = day_of(g[1]), d2 = day_of(g[2]), m = month_of(g[3]), y = atoi(g[4]);
		if ((ok = valid_date(y, m, d1) && valid_date(y, m, d2) && d1 && d2 && d1 < d2)) {
			iso(d->from, y, m, d1);
			iso(d->to, y, m, d2);
		}
		break;
	}
	case RX_RANGE_MONTHS: {
		int d1 = day_of(g[1]), m1 = month_of(g[2]), d2 = day_of(g[3]), m2 = month_of(g[4]), y = atoi(g[5]);
		if ((ok = valid_date(y, m1, d1) && valid_date(y, m2, d2) && d1 && d2 && m1 < m2)) {
			iso(d->from, y, m1, d1);
			iso(d->to, y, m2, d2);
		}
		break;
	}
	case RX_DAY: {
		int dd = day_of(g[1]), m = month_of(g[2]), y = atoi(g[3]);
		if ((ok = dd && valid_date(y, m, dd)))
			iso(d->when, y, m, dd);
		break;
	}
	case RX_MONTH: {
		int m = month_of(g[1]), y = atoi(g[2]);
		if ((ok = valid_date(y, m, 0)))
			iso(d->when, y, m, 0);
		break;
	}
	case RX_NUMERIC: {
		int dd = atoi(g[1]), m = atoi(g[3]), y = atoi(g[4]);
		if ((ok = dd && valid_date(y, m, dd)))
			iso(d->when, y, m, dd);
		break;
	}
	}
	for (int i = 0; i < 8; i++)
		g_free(g[i]);
	return ok;
}

bool import_find_date(const char *s, size_t from, struct imp_date *d)
{
	static const int order[] = { RX_RANGE_MONTHS, RX_RANGE_DAYS, RX_DAY, RX_MONTH, RX_NUMERIC };
	bool found = false;

	compile_patterns();
	for (size_t i = 0; i < G_N_ELEMENTS(order); i++) {
		GMatchInfo *mi = NULL;
		g_regex_match_full(rx[order[i]], s, -1, (gint)from, 0, &mi, NULL);
		while (g_match_info_matches(mi)) {
			int a, b;
			struct imp_date t;
			g_match_info_fetch_pos(mi, 0, &a, &b);
			if (read_date(order[i], mi, &t)) {
				/* The earliest wins; at the same start, the longest. */
				if (!found || (size_t)a < d->start || ((size_t)a == d->start && (size_t)b > d->end)) {
					*d = t;
					d->start = (size_t)a;
					d->end = (size_t)b;
					found = true;
				}
				break;
			}
			g_match_info_next(mi, NULL);
		}
		g_match_info_free(mi);
	}
	return found;
}

/* S is, whole, a place and a date: "En Santiago de Chile, a 14 de noviembre
 * de 2024.", "Montevideo, 22 de mayo de 2025", "13 y 14 de noviembre de 2024,
 * Santiago de Chile", or a date alone. */
bool import_dateline(const char *s, struct imp_dateline *dl)
{
	size_t len = strlen(s);
	GMatchInfo *mi = NULL;

	memset(dl, 0, sizeof *dl);
	while (len > 0 && g_ascii_isspace(s[len - 1]))
		len--;
	if (import_words(s) > 24 || !import_find_date(s, 0, &dl->date))
		return false;
	char *before = g_strndup(s, dl->date.start);
	char *after = g_strndup(s + dl->date.end, len - dl->date.end);
	bool ok = false;
	bool after_empty = strspn(after, " .") == strlen(after);

	if (after_empty && rx_match(RX_DATELINE_BEFORE, before, &mi)) {
		int a, b;
		g_match_info_fetch_pos(mi, 2, &a, &b);
		dl->place_start = (size_t)a;
		dl->place_end = (size_t)b;
		ok = import_words(before) <= 12 && place_ok(s + a, (size_t)(b - a));
	} else if (!*before && rx_match(RX_DATELINE_AFTER, after, &mi)) {
		int a, b;
		g_match_info_fetch_pos(mi, 1, &a, &b);
		dl->place_start = dl->date.end + (size_t)a;
		dl->place_end = dl->date.end + (size_t)b;
		ok = place_ok(s + dl->place_start, (size_t)(b - a));
	} else if (!*before && after_empty) {
		ok = true;          /* a date alone */
	}
	if (mi)
		g_match_info_free(mi);
	g_free(before);
	g_free(after);
	return ok;
}

bool import_place_before(const char *s, size_t date_start, size_t *ps, size_t *pe)
{
	char *before = g_strndup(s, date_start);
	GMatchInfo *mi = NULL;
	bool ok = rx_match(RX_PLACE_IN_TEXT, before, &mi);
	if (ok) {
		int a, b;
		g_match_info_fetch_pos(mi, 1, &a, &b);
		*ps = (size_t)a;
		*pe = (size_t)b;
		ok = place_ok(s + a, (size_t)(b - a));
		g_match_info_free(mi);
	}
	g_free(before);
	return ok;
}

/* ---- list markers and headings ---- */

static bool is_roman(const char *s, size_t len)
{
	static const char *const numerals[] = {
		"i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii",
		"xiv", "xv", "xvi", "xvii", "xviii", "xix", "xx", "xxi", "xxii", "xxiii", "xxiv",
		"xxv", "xxx", "xl", "l", "c", NULL
	};
	char *low = g_ascii_strdown(s, (gssize)len);
	bool yes = word_in(low, numerals);
	g_free(low);
	return yes;
}

bool import_marker(const char *s, struct imp_marker *m)
{
	size_t i = 0, len = strlen(s);

	memset(m, 0, sizeof *m);
	/* Bullets: - * + • · ◦ ▪ ‣ – followed by a space. */
	static const char *const bullets[] = { "-", "*", "+", "•", "·", "◦", "▪", "‣", "–", NULL };
	for (const char *const *b = bullets; *b; b++) {
		size_t bl = strlen(*b);
		if (strncmp(s, *b, bl) == 0 && (s[bl] == ' ' || s[bl] == '\t')) {
			m->list = IMP_BULLETED;
			i = bl;
			goto content;
		}
	}
	bool paren_open = s[0] == '(';
	i = paren_open;
	size_t start = i;
	while (i < len && i - start < 8 && g_ascii_isalnum(s[i]))
		i++;
	size_t lablen = i - start;
	if (lablen == 0 || lablen >= sizeof m->label)
		return false;
	memcpy(m->label, s + start, lablen);
	bool digits = strspn(m->label, "0123456789") == lablen;
	/* Multi-level numbers: 1.1, 2.3.1 (a final period optional); the
	 * parts after the first have one or two digits ("5.000 personas" is a
	 * number), and a capital follows ("12.5 por ciento" is one too). */
	if (digits && !paren_open && s[i] == '.' && g_ascii_isdigit(s[i + 1])) {
		while (i < len && s[i] == '.' && g_ascii_isdigit(s[i + 1])) {
			size_t d = strspn(s + i + 1, "0123456789");
			if (d > 2)
				return false;
			i += 1 + d;
		}
		if (i - start >= sizeof m->label)
			return false;
		memcpy(m->label, s + start, i - start);
		m->label[i - start] = 0;
		if (s[i] == '.')
			i++;
		if (s[i] != ' ' && s[i] != '\t')
			return false;
		size_t c = i;
		while (s[c] == ' ' || s[c] == '\t')
			c++;
		if (!g_unichar_isupper(g_utf8_get_char(s + c)))
			return false;
		m->list = IMP_NUMBERED;
		m->multilevel = true;
		goto content;
	}
	const char *punct = s + i;
	if (paren_open) {
		if (*punct != ')')
			return false;
		i++;
		m->paren = true;
	} else if (*punct == ')') {
		i++;
		m->paren = true;
	} else if (*punct == '.') {
		i++;
		if (s[i] == '-')
			i++;
		else if (strncmp(s + i, "–", 3) == 0)
			i += 3;
	} else {
		return false;
	}
	if (s[i] != ' ' && s[i] != '\t')
		return false;
	if (digits) {
		if (lablen > 3)
			return false;
		m->list = IMP_NUMBERED;
	} else if (lablen == 1 && g_ascii_isalpha(m->label[0]) && m->paren) {
		m->list = IMP_LETTERED;
		m->maybe_roman = is_roman(m->label, 1);
	} else if (is_roman(m->label, lablen) &&
		   (lablen > 1 || strchr("IVXivx", m->label[0])) &&
		   (m->paren || g_ascii_isupper(m->label[0]) || lablen > 1)) {
		m->list = IMP_NUMBERED;
		m->roman = true;
	} else {
		return false;
	}
content:
	while (s[i] == ' ' || s[i] == '\t')
		i++;
	if (!s[i])
		return false;
	m->content = i;
	return true;
}

/* Ordinal words as numbers, for @n. */
static const char *ordinal_number(const char *w)
{
	static const struct { const char *prefix; const char *n; } ord[] = {
		{ "primer", "1" }, { "segund", "2" }, { "tercer", "3" }, { "cuart", "4" }, { "quint", "5" },
		{ "sext", "6" }, { "séptim", "7" }, { "septim", "7" }, { "octav", "8" }, { "noven", "9" },
		{ "décim", "10" }, { "decim", "10" },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(ord); i++)
		if (g_str_has_prefix(w, ord[i].prefix))
			return ord[i].n;
	return NULL;
}

bool import_keyword_heading(const char *s, struct imp_heading *h)
{
	static const struct { const char *prefix; int rank; const char *type; } kinds[] = {
		{ "art", 5, "article" }, { "cap", 3, "chapter" }, { "tít", 2, "title" }, { "tit", 2, "title" },
		{ "sec", 4, "section" }, { "parte", 1, "part" }, { "libro", 1, "part" },
		{ "anexo", 2, "annex" }, { "apé", 2, "annex" }, { "ape", 2, "annex" },
	};
	GMatchInfo *mi = NULL;

	memset(h, 0, sizeof *h);
	/* "Artículo", "ARTÍCULO": a lower-case "artículo 5" is a citation. */
	if (!g_unichar_isupper(g_utf8_get_char(s)) || !rx_match(RX_KEYWORD_HEAD, s, &mi))
		return false;
	char *kw = g_match_info_fetch(mi, 1), *num = g_match_info_fetch(mi, 2);
	char *kwl = g_utf8_strdown(kw, -1), *numl = g_utf8_strdown(num, -1);
	int a, b;
	g_match_info_fetch_pos(mi, 0, &a, &b);
	h->label_end = (size_t)b;
	for (size_t i = 0; i < G_N_ELEMENTS(kinds); i++)
		if (g_str_has_prefix(kwl, kinds[i].prefix)) {
			h->rank = kinds[i].rank;
			h->type = kinds[i].type;
			break;
		}
	const char *n = ordinal_number(numl);
	g_strlcpy(h->n, n ? n : num, sizeof h->n);
	/* Letters are a number only as a roman numeral (one letter: in
	 * capitals) or an annex's capital letter; "Parte de …" is no heading. */
	bool number = n || g_ascii_isdigit(num[0]) || g_str_has_prefix(numl, "únic") ||
		      g_str_has_prefix(numl, "unic") || strcmp(numl, "preliminar") == 0 ||
		      strcmp(numl, "final") == 0 || g_str_has_prefix(numl, "transitori") ||
		      (is_roman(num, strlen(num)) && (strlen(num) > 1 || g_ascii_isupper(num[0]))) ||
		      (strlen(num) == 1 && g_ascii_isupper(num[0]));
	if (!number)
		h->type = NULL;
	g_free(kw);
	g_free(num);
	g_free(kwl);
	g_free(numl);
	g_match_info_free(mi);
	return h->type != NULL;
}

bool import_preamble(const char *s)
{
	return rx_match(RX_PREAMBLE, s, NULL);
}

/* ---- openers and closers ---- */

bool import_formula(const char *s)
{
	return rx_match(RX_FORMULA, s, NULL);
}

bool import_closing_label(const char *s)
{
	return import_words(s) <= 10 && rx_match(RX_LABEL, s, NULL);
}

bool import_salute(const char *s)
{
	return import_words(s) <= 10 && rx_match(RX_SALUTE, s, NULL);
}

bool import_address_start(const char *s)
{
	return import_words(s) <= 12 && rx_match(RX_ADDRESS, s, NULL);
}

bool import_postscript(const char *s)
{
	return rx_match(RX_POSTSCRIPT, s, NULL);
}

/* ---- signatories ---- */

/* Words that make a line an institution (or a unit of one). Compared
 * without regard to case. */
static const char *const org_words[] = {
	"universidad", "facultad", "departamento", "instituto", "fundación", "asociación", "red",
	"colectivo", "observatorio", "centro", "corporación", "ministerio", "municipalidad",
	"municipio", "gobierno", "consejo", "comité", "comisión", "escuela", "colegio", "sindicato",
	"federación", "confederación", "cámara", "programa", "laboratorio", "secretaría",
	"dirección", "oficina", "organización", "movimiento", "agrupación", "alianza", "academia",
	"sociedad", "cooperativa", "ong", "grupo", "unidad", "servicio", "agencia", "tribunal",
	"contraloría", "defensoría", "procuraduría", "superintendencia", "subsecretaría",
	"intendencia", "gobernación", "alcaldía", "junta", "plataforma", "foro", "núcleo", "área",
	"división", "vicerrectoría", "rectoría", "decanato", "carrera", "magíster", "doctorado",
	"hospital", "biblioteca", "museo", "archivo", "editorial", "revista", "partido", "frente",
	"unión", "liga", "congreso", "senado", "asamblea", "cátedra", "coalición", "comunidad",
	"consorcio", "empresa", "banco", "club", "círculo", "colegiatura", "iniciativa", "proyecto",
	"sede", "campus", "coordinación", "gerencia", "jefatura", "s.a.", "ltda.", "spa",
	/* Portuguese, for the region's other language. */
	"veeduría", "arquivo", "universidade", "fundação", "associação", "prefeitura", "faculdade",
	NULL
};
/* Units: an institution line that belongs to the one above it. */
static const char *const unit_words[] = {
	"facultad", "departamento", "escuela", "programa", "carrera", "unidad", "área", "división",
	"secretaría", "dirección", "vicerrectoría", "instituto", "centro", "laboratorio", "núcleo",
	"magíster", "doctorado", "sede", "campus", "cátedra", "oficina", "coordinación", "gerencia",
	"jefatura", "decanato", NULL
};
/* First words of a cargo. */
static const char *const role_words[] = {
	"rector", "rectora", "vicerrector", "vicerrectora", "decano", "decana", "vicedecano",
	"vicedecana", "director", "directora", "subdirector", "subdirectora", "presidente",
	"presidenta", "vicepresidente", "vicepresidenta", "secretario", "secretaria",
	"subsecretario", "subsecretaria", "ministro", "ministra", "coordinador", "coordinadora",
	"jefe", "jefa", "representante", "alcalde", "alcaldesa", "gobernador", "gobernadora",
	"profesor", "profesora", "investigador", "investigadora", "académico", "académica",
	"consejero", "consejera", "embajador", "embajadora", "gerente", "senador", "senadora",
	"diputado", "diputada", "concejal", "concejala", "fundador", "fundadora", "cofundador",
	"cofundadora", "vocero", "vocera", "miembro", "integrante", "tesorero", "tesorera",
	"delegado", "delegada", "intendente", "encargado", "encargada", "asesor", "asesora",
	"abogado", "abogada", "defensor", "defensora", "contralor", "contralora",
	"superintendente", "directivo", "directiva", "socio", "socia", "editor", "editora",
	"párroco", "obispo", "arzobispo", "cónsul", "canciller", "comisionado", "comisionada",
	"relator", "relatora", "presidente(a)", "rector(a)", "director(a)", "coordinador(a)",
	"docente", "estudiante", "ex", "exministro", "exministra", NULL
};
static const char *const honorifics[] = {
	"dr.", "dra.", "sr.", "sra.", "srta.", "prof.", "profa.", "mg.", "mgtr.", "lic.", "ing.",
	"abog.", "arq.", "don", "doña", "d.", "dña.", "pbro.", "mtro.", "mtra.", "ph.d.", "phd", NULL
};
static const char *const particles[] = {
	"de", "del", "la", "las", "los", "y", "e", "i", "van", "von", "da", "das", "do", "dos", "di",
	"le", "mac", "mc", "san", "santa", NULL
};

/* S's words, lower-cased, with commas and parentheses taken off their ends. */
static char **lower_words(const char *s)
{
	char *low = g_utf8_strdown(s, -1);
	char **w = g_strsplit_set(low, " \t", -1);
	g_free(low);
	GPtrArray *out = g_ptr_array_new();
	for (char **p = w; *p; p++) {
		char *x = *p;
		while (*x && strchr(",;()«»\"", *x))
			x++;
		size_t n = strlen(x);
		while (n > 0 && strchr(",;()«»\":", x[n - 1]))
			n--;
		if (n)
			g_ptr_array_add(out, g_strndup(x, n));
	}
	g_strfreev(w);
	g_ptr_array_add(out, NULL);
	return (char **)g_ptr_array_free(out, FALSE);
}

static bool has_org_word(char **w)
{
	for (; *w; w++) {
		if (word_in(*w, org_words))
			return true;
		/* "Universidad" written without its accent, or "Fundacion". */
		char *plain = g_str_to_ascii(*w, "C");
		for (const char *const *o = org_words; *o; o++) {
			char *op = g_str_to_ascii(*o, "C");
			bool eq = strcmp(plain, op) == 0;
			g_free(op);
			if (eq) {
				g_free(plain);
				return true;
			}
		}
		g_free(plain);
	}
	return false;
}

/* An acronym: one word of two or more capitals (REMINGEP, CEPAL, ONU), or a
 * name that holds one in parentheses. */
static bool has_acronym(const char *s)
{
	char **w = g_strsplit_set(s, " \t()", -1);
	bool yes = false;
	int words = 0;
	for (char **p = w; *p; p++) {
		if (!**p)
			continue;
		words++;
		int upper = 0, other = 0;
		for (const char *c = *p; *c; c = g_utf8_next_char(c)) {
			gunichar u = g_utf8_get_char(c);
			if (g_unichar_isupper(u))
				upper++;
			else if (g_unichar_islower(u))
				other++;
		}
		if (upper >= 2 && other == 0 && strlen(*p) >= 2)
			yes = yes || strchr(s, '(') || words == 1;
	}
	/* A lone capitalised word is an acronym only when it is the whole line. */
	int total = 0;
	for (char **p = w; *p; p++)
		total += **p != 0;
	g_strfreev(w);
	return yes && (total == 1 || strchr(s, '('));
}

bool import_unit_line(const char *s)
{
	static const char *const boards[] = { "comisión", "comision", "consejo", "junta", "mesa", NULL };
	char **w = lower_words(s);
	/* A unit word, or the board of what is above: "Comisión Directiva". */
	bool yes = w[0] && (word_in(w[0], unit_words) || strcmp(w[0], "directorio") == 0 ||
			    (word_in(w[0], boards) && w[1] && g_str_has_prefix(w[1], "directiv")));
	g_strfreev(w);
	return yes;
}

static bool is_role(char **w)
{
	int i = 0;
	if (w[0] && (strcmp(w[0], "el") == 0 || strcmp(w[0], "la") == 0))
		i = 1;
	return w[i] && word_in(w[i], role_words);
}

/* A person's name: two to seven words, each capitalised (or an initial, or a
 * particle such as "de"), after an optional honorific; no digits. */
static bool is_person(const char *s, char **w)
{
	char **orig = g_strsplit_set(s, " \t", -1);
	int names = 0, i = 0;
	bool ok = true;

	for (const char *p = s; *p; p++)
		if (g_ascii_isdigit(*p))
			ok = false;
	char **o = orig;
	while (*o && !**o)
		o++;
	for (; ok && *o; o++) {
		if (!**o)
			continue;
		const char *word = w[i++];
		if (!word)
			break;
		if (word_in(word, honorifics) && names == 0)
			continue;
		if (word_in(word, particles) && names > 0)
			continue;
		gunichar c = g_utf8_get_char(*o);
		if (!g_unichar_isupper(c))
			ok = false;
		names++;
	}
	g_strfreev(orig);
	return ok && names >= 2 && names <= 7;
}

/* A place name: at most six words, none of them an institution's or an
 * event's ("Foro Andino …, 5 de junio" names no place). */
static bool place_ok(const char *s, size_t len)
{
	static const char *const events[] = {
		"foro", "seminario", "encuentro", "congreso", "jornada", "jornadas", "cumbre",
		"conferencia", "taller", "reunión", "sesión", "asamblea", "simposio", "coloquio",
		NULL
	};
	char *p = g_strndup(s, len);
	char **w = lower_words(p);
	bool ok = import_words(p) >= 1 && import_words(p) <= 6 && !has_org_word(w);
	for (char **q = w; ok && *q; q++)
		ok = !word_in(*q, events);
	g_strfreev(w);
	g_free(p);
	return ok;
}

enum imp_name import_name_kind(const char *s)
{
	char **w = lower_words(s);
	enum imp_name k = IMP_NAME_UNSURE;

	if (!w[0])
		k = IMP_NAME_UNSURE;
	else if (is_role(w))
		k = IMP_NAME_ROLE;
	else if (has_org_word(w) || has_acronym(s))
		k = IMP_NAME_ORG;
	else if (is_person(s, w))
		k = IMP_NAME_PERSON;
	g_strfreev(w);
	return k;
}
