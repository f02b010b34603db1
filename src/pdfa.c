/*
 * pdfa.c — archival finishing: Cairo's PDF in, PDF/A-1b, 2b or 3b out.
 *
 * Consumes the bytes of the PDF the Cairo device rendered, the document's
 * metadata from its teiHeader (struct pdfa_meta) and, for 3b, the TEI source.
 * Produces PDF/A bytes appended to the caller's buffer; nothing else is kept.
 * The PDF is opened in memory with libqpdf's C API, patched object by object
 * and written again; LittleCMS makes the sRGB profile of the output intent.
 *
 * Cairo 1.16 writes good PDF that is not archival PDF. What it lacks, and so
 * what this file adds (ISO 19005-1 is PDF/A-1, 19005-2 and -3 are PDF/A-2
 * and -3; clause numbers are those of the first unless said otherwise):
 *
 *   - a trailer /ID (6.1.3), derived from the content, not from the clock;
 *   - no encryption (6.1.3), and EOL before "endstream" (6.1.7);
 *   - XMP metadata with the PDF/A identification (6.7.11) and Dublin Core
 *     equal to the Info dictionary (6.7.3), whose dates get their "D:"
 *     prefix (Cairo writes bare digits) and whose strings are written as
 *     Unicode PDF strings, so that "Declaración" reads the same in both;
 *   - an sRGB output intent (6.2.2), since Cairo paints in DeviceRGB;
 *   - the Print flag on annotations (6.5.3): Cairo's links have no /F;
 *   - /Lang in the catalog (not required by PDF/A-b, but asked by every
 *     accessibility check and free once the teiHeader says it);
 *   - an explicit /CIDToGIDMap on TrueType CIDFonts (6.3.3.2);
 *   - for PDF/A-1 only: version 1.4 (6.1.2), no transparency (6.4: Cairo
 *     puts a transparency group on every page even when nothing on it is
 *     transparent), /CharSet on Type 1 subsets and /CIDSet on CID subsets
 *     (6.3.5), worked out from the embedded font programs;
 *   - for PDF/A-3 only: the TEI source embedded as an associated file
 *     (19005-3 6.8), related to the whole document as its /Source.
 *
 * A plain PDF (PDFA_PLAIN) takes the light part of the same path: Info
 * rebuilt with "D:" dates, /Lang, the trailer /ID, and what every level gets
 * for accessibility — /MarkInfo and /ViewerPreferences /DisplayDocTitle —
 * but no XMP, output intent or font walk, and Cairo's version and object
 * layout kept; it costs a few milliseconds (a 2-page declaration: ~2 ms).
 *
 * Reproducibility (DESIGN §4): every date comes from the document, else from
 * SOURCE_DATE_EPOCH, else from the fixed epoch 1970-01-01T00:00:00Z; the ICC
 * profile's header date, which LittleCMS takes from the clock, is pinned;
 * qpdf derives the /ID from the written bytes. No locale-dependent call
 * formats a number that reaches the file.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <lcms2.h>
#include "artifact.h"
#include "dynlib.h"
#include "pdfa.h"
#include "qpdf_lib.h"

/* An sRGB profile's header date is the profile's, not the document's: any
 * fixed value keeps the bytes stable, and this one is the Unix epoch. */
#define PDFA_ICC_YEAR 1970

/* The latest date SOURCE_DATE_EPOCH may name: 9999-12-31T23:59:59Z. */
#define PDFA_EPOCH_MAX INT64_C(253402300799)

/* A point in time as PDF and XMP write it. */
struct pdfa_when {
	int year, mon, day, hour, min, sec;
	int tz;                  /* offset from UTC in minutes */
	char pdf[32];            /* D:20241114000000Z */
	char xmp[32];            /* 2024-11-14T00:00:00Z */
};

/* What every step of one call shares. */
struct pdfa_job {
	struct declc_doc *doc;
	qpdf_data q;
	enum pdfa_level level;
	GHashTable *seen;        /* object numbers already fixed: shared fonts, forms */
	int page;                /* 1-based, for diagnostics */
};

/* ---- Dates ------------------------------------------------------------- */

static void when_format(struct pdfa_when *w)
{
	int off = w->tz < 0 ? -w->tz : w->tz;
	char sign = w->tz < 0 ? '-' : '+';
	size_t n;

	n = (size_t)g_snprintf(w->pdf, sizeof w->pdf, "D:%04d%02d%02d%02d%02d%02d",
			       w->year, w->mon, w->day, w->hour, w->min, w->sec);
	if (w->tz == 0)
		g_strlcpy(w->pdf + n, "Z", sizeof w->pdf - n);
	else
		g_snprintf(w->pdf + n, sizeof w->pdf - n, "%c%02d'%02d'", sign, off / 60, off % 60);

	n = (size_t)g_snprintf(w->xmp, sizeof w->xmp, "%04d-%02d-%02dT%02d:%02d:%02d",
			       w->year, w->mon, w->day, w->hour, w->min, w->sec);
	if (w->tz == 0)
		g_strlcpy(w->xmp + n, "Z", sizeof w->xmp - n);
	else
		g_snprintf(w->xmp + n, sizeof w->xmp - n, "%c%02d:%02d", sign, off / 60, off % 60);
}

/* Reads exactly N digits at *S into *V. */
static bool digits(const char **s, int n, int *v)
{
	*v = 0;
	for (int i = 0; i < n; i++, (*s)++) {
		if (!g_ascii_isdigit(**s))
			return false;
		*v = *v * 10 + (**s - '0');
	}
	return true;
}

/* ISO 8601 as TEI's @when writes it: 2024, 2024-11, 2024-11-14, optionally
 * followed by Thh:mm[:ss[.fff]] and Z or ±hh:mm. A missing part is the
 * first of its range; a missing zone is taken as UTC, so that the same
 * document gives the same dates wherever it is compiled. */
static bool parse_when(const char *s, struct pdfa_when *w)
{
	int tzh = 0, tzm = 0;

	*w = (struct pdfa_when){ .mon = 1, .day = 1 };
	if (!digits(&s, 4, &w->year) || w->year < 1)
		return false;
	if (*s == '-' && !(s++, digits(&s, 2, &w->mon)))
		return false;
	if (*s == '-' && !(s++, digits(&s, 2, &w->day)))
		return false;
	if (*s == 'T') {
		s++;
		if (!digits(&s, 2, &w->hour) || *s++ != ':' || !digits(&s, 2, &w->min))
			return false;
		if (*s == ':' && !(s++, digits(&s, 2, &w->sec)))
			return false;
		if (*s == '.' || *s == ',')
			for (s++; g_ascii_isdigit(*s); s++)
				;
		if (*s == 'Z') {
			s++;
		} else if (*s == '+' || *s == '-') {
			int sign = *s++ == '-' ? -1 : 1;
			if (!digits(&s, 2, &tzh))
				return false;
			if (*s == ':')
				s++;
			if (!digits(&s, 2, &tzm) || tzh > 14 || tzm > 59)
				return false;
			w->tz = sign * (tzh * 60 + tzm);
		}
	}
	if (*s != '\0' || w->mon < 1 || w->mon > 12 || w->hour > 23 || w->min > 59 || w->sec > 60 ||
	    !g_date_valid_dmy((GDateDay)w->day, (GDateMonth)w->mon, (GDateYear)w->year))
		return false;
	when_format(w);
	return true;
}

/* The moment SOURCE_DATE_EPOCH names, or the fixed epoch when it is unset.
 * Returns -1 after reporting a malformed value: the reproducible-builds
 * convention is to refuse it rather than guess. */
static int epoch_when(struct declc_doc *doc, struct pdfa_when *w)
{
	const char *env = g_getenv("SOURCE_DATE_EPOCH");
	gint64 secs = 0;
	GDateTime *dt;

	if (env) {
		const char *p = env;
		for (; g_ascii_isdigit(*p) && secs <= PDFA_EPOCH_MAX; p++)
			secs = secs * 10 + (*p - '0');
		if (p == env || *p != '\0' || secs > PDFA_EPOCH_MAX) {
			doc_diag(doc, 0, 0, DIAG_E_PDFA_EPOCH, env);
			return -1;
		}
	}
	dt = g_date_time_new_from_unix_utc(secs);
	*w = (struct pdfa_when){
		.year = g_date_time_get_year(dt), .mon = g_date_time_get_month(dt),
		.day = g_date_time_get_day_of_month(dt), .hour = g_date_time_get_hour(dt),
		.min = g_date_time_get_minute(dt), .sec = g_date_time_get_second(dt),
	};
	g_date_time_unref(dt);
	when_format(w);
	return 0;
}

static int resolve_when(struct declc_doc *doc, const char *date, struct pdfa_when *w)
{
	if (date && parse_when(date, w))
		return 0;
	if (date)
		doc_diag(doc, 0, 0, DIAG_W_PDFA_DATE, date,
			 g_getenv("SOURCE_DATE_EPOCH") ? "SOURCE_DATE_EPOCH" : "1970-01-01");
	return epoch_when(doc, w);
}

/* ---- Metadata ----------------------------------------------------------- */

/* The text as both Info and XMP will carry it: valid UTF-8, no control
 * characters or U+FFFE/U+FFFF (XML 1.0 cannot hold them), and whitespace
 * runs, such as a teiHeader title's line breaks and indentation, folded to
 * one space. NULL for NULL or blank text. */
static char *clean_text(const char *s)
{
	GString *out;
	char *valid;
	bool space = false;

	if (!s)
		return NULL;
	valid = g_utf8_make_valid(s, -1);
	out = g_string_new(NULL);
	for (const char *p = valid; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (c == 0xFFFE || c == 0xFFFF)
			continue;
		if (g_unichar_isspace(c) || g_unichar_iscntrl(c)) {
			space = out->len > 0;
			continue;
		}
		if (space)
			g_string_append_c(out, ' ');
		space = false;
		g_string_append_unichar(out, c);
	}
	g_free(valid);
	if (out->len == 0) {
		g_string_free(out, TRUE);
		return NULL;
	}
	return g_string_free(out, FALSE);
}

/* The metadata both Info and XMP say, each field cleaned and owned. */
struct pdfa_info {
	char *title, *author, *subject, *keywords, *creator, *producer, *lang;
	struct pdfa_when when;
};

static void info_clear(struct pdfa_info *in)
{
	g_free(in->title);
	g_free(in->author);
	g_free(in->subject);
	g_free(in->keywords);
	g_free(in->creator);
	g_free(in->producer);
	g_free(in->lang);
}

/* KEY of Cairo's Info dictionary as UTF-8, or NULL. */
static char *old_info(qpdf_data q, qpdf_oh info, const char *key)
{
	qpdf_oh v = qpdf_oh_get_key(q, info, key);
	return qpdf_oh_is_string(q, v) ? clean_text(qpdf_oh_get_utf8_value(q, v)) : NULL;
}

static void xml_text(GString *x, const char *s)
{
	char *esc = g_markup_escape_text(s, -1);
	g_string_append(x, esc);
	g_free(esc);
}

/* One simple XMP property, if VALUE is set. */
static void xmp_simple(GString *x, const char *name, const char *value)
{
	if (!value)
		return;
	g_string_append_printf(x, "   <%s>", name);
	xml_text(x, value);
	g_string_append_printf(x, "</%s>\n", name);
}

/* An XMP array property (rdf:Alt, Seq or Bag) of one item, if VALUE is set;
 * Alt items carry the default language, as PDF/A's Info mapping wants. */
static void xmp_array(GString *x, const char *name, const char *kind, const char *value)
{
	if (!value)
		return;
	g_string_append_printf(x, "   <%s><rdf:%s><rdf:li%s>", name, kind,
			       strcmp(kind, "Alt") == 0 ? " xml:lang=\"x-default\"" : "");
	xml_text(x, value);
	g_string_append_printf(x, "</rdf:li></rdf:%s></%s>\n", kind, name);
}

/* The XMP packet (ISO 19005-1 6.7): PDF/A identification, then Dublin Core
 * and the XMP and PDF schemas holding exactly what Info holds (6.7.3). The
 * packet is not compressed (6.7.2, qpdf leaves /Metadata streams alone) and
 * carries no "bytes" or "encoding" attribute (6.7.5). */
static GString *make_xmp(const struct pdfa_info *in, enum pdfa_level level)
{
	GString *x = g_string_new(NULL);

	g_string_append(x,
		"<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
		"<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
		" <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
		"  <rdf:Description rdf:about=\"\"\n"
		"    xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\"\n"
		"    xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
		"    xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n"
		"    xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n");
	g_string_append_printf(x, "   <pdfaid:part>%d</pdfaid:part>\n", (int)level);
	g_string_append(x, "   <pdfaid:conformance>B</pdfaid:conformance>\n");
	xmp_simple(x, "dc:format", "application/pdf");
	xmp_array(x, "dc:title", "Alt", in->title);
	xmp_array(x, "dc:creator", "Seq", in->author);
	xmp_array(x, "dc:description", "Alt", in->subject);
	xmp_array(x, "dc:language", "Bag", in->lang);
	xmp_array(x, "dc:date", "Seq", in->when.xmp);
	if (in->keywords) {
		/* Dublin Core's subject is a bag of keywords; PDF's is one string. */
		char **words = g_strsplit_set(in->keywords, ",;", -1);
		g_string_append(x, "   <dc:subject><rdf:Bag>");
		for (char **w = words; *w; w++) {
			g_strstrip(*w);
			if (**w) {
				g_string_append(x, "<rdf:li>");
				xml_text(x, *w);
				g_string_append(x, "</rdf:li>");
			}
		}
		g_string_append(x, "</rdf:Bag></dc:subject>\n");
		g_strfreev(words);
	}
	xmp_simple(x, "pdf:Keywords", in->keywords);
	xmp_simple(x, "pdf:Producer", in->producer);
	xmp_simple(x, "xmp:CreatorTool", in->creator);
	xmp_simple(x, "xmp:CreateDate", in->when.xmp);
	xmp_simple(x, "xmp:ModifyDate", in->when.xmp);
	xmp_simple(x, "xmp:MetadataDate", in->when.xmp);
	g_string_append(x, "  </rdf:Description>\n </rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>");
	return x;
}

/* A new stream holding DATA; its dictionary is returned in *DICT. qpdf
 * makes every new stream an indirect object. */
static qpdf_oh new_stream(qpdf_data q, const void *data, size_t len, qpdf_oh *dict)
{
	qpdf_oh s = qpdf_oh_new_stream(q);
	qpdf_oh_replace_stream_data(q, s, data, len, qpdf_oh_new_null(q), qpdf_oh_new_null(q));
	*dict = qpdf_oh_get_dict(q, s);
	return s;
}

static void set_string(qpdf_data q, qpdf_oh dict, const char *key, const char *utf8)
{
	if (utf8)
		qpdf_oh_replace_key(q, dict, key, qpdf_oh_new_unicode_string(q, utf8));
}

/* Info (PDF 1.4 10.2.1) rebuilt from scratch, so that nothing of Cairo's —
 * its clock date, its dates without "D:" — survives; and the XMP stream
 * saying the same. */
static void write_metadata(struct pdfa_job *job, const struct pdfa_info *in)
{
	qpdf_data q = job->q;
	qpdf_oh info = qpdf_make_indirect_object(q, qpdf_oh_new_dictionary(q));
	GString *xmp = make_xmp(in, job->level);
	qpdf_oh dict, stream;

	set_string(q, info, "/Title", in->title);
	set_string(q, info, "/Author", in->author);
	set_string(q, info, "/Subject", in->subject);
	set_string(q, info, "/Keywords", in->keywords);
	set_string(q, info, "/Creator", in->creator);
	set_string(q, info, "/Producer", in->producer);
	set_string(q, info, "/CreationDate", in->when.pdf);
	set_string(q, info, "/ModDate", in->when.pdf);
	qpdf_oh_replace_key(q, qpdf_get_trailer(q), "/Info", info);
	if (job->level == PDFA_PLAIN) {       /* no PDF/A identification to make */
		g_string_free(xmp, TRUE);
		return;
	}

	stream = new_stream(q, xmp->str, xmp->len, &dict);
	qpdf_oh_replace_key(q, dict, "/Type", qpdf_oh_new_name(q, "/Metadata"));
	qpdf_oh_replace_key(q, dict, "/Subtype", qpdf_oh_new_name(q, "/XML"));
	qpdf_oh_replace_key(q, qpdf_get_root(q), "/Metadata", stream);
	g_string_free(xmp, TRUE);
}

/* ---- Output intent ------------------------------------------------------ */

/* LittleCMS makes the one profile a PDF/A needs; opened then (dynlib.h), not
 * linked, so that no other run pays for loading it. */
#define PDFA_LCMS_LIBRARY "liblcms2.so.2"
#define PDFA_LCMS_FUNCTIONS(X) \
	X(cmsCreateContext) \
	X(cmsGetContextUserData) \
	X(cmsSetLogErrorHandlerTHR) \
	X(cmsCreate_sRGBProfileTHR) \
	X(cmsSetProfileVersion) \
	X(cmsSaveProfileToMem) \
	X(cmsCloseProfile) \
	X(cmsDeleteContext)

static struct {
	PDFA_LCMS_FUNCTIONS(DYNLIB_POINTER)
} lcms;
static const struct dynlib_symbol lcms_symbols[] = {
#define PDFA_LCMS_SYMBOL(f) DYNLIB_SYMBOL(&lcms, f)
	PDFA_LCMS_FUNCTIONS(PDFA_LCMS_SYMBOL)
#undef PDFA_LCMS_SYMBOL
};
static struct dynlib lcms_lib = {
	PDFA_LCMS_LIBRARY, false, lcms_symbols, G_N_ELEMENTS(lcms_symbols), G_ONCE_INIT
};

void pdfa_open_libraries(void)
{
	dynlib_load(&lcms_lib);
}

static void lcms_error(cmsContext ctx, cmsUInt32Number code, const char *text)
{
	GString *msg = lcms.cmsGetContextUserData(ctx);
	if (msg->len == 0)
		g_string_assign(msg, text);
}

/* The output intent every PDF/A needs when the pages paint in a device
 * colour space (ISO 19005-1 6.2.2; 19005-2 6.2.3): sRGB, as an ICC version 2
 * profile, which PDF 1.4 readers understand (ICC.1:1998-09). LittleCMS
 * stamps the clock into the header, so the date is pinned afterwards and
 * the optional MD5 profile ID, which would cover the date, is cleared. */
static int write_output_intent(struct pdfa_job *job)
{
	qpdf_data q = job->q;
	const char *why = dynlib_load(&lcms_lib);
	GString *msg = g_string_new(why);
	cmsContext ctx = NULL;
	cmsHPROFILE prof = NULL;
	cmsUInt32Number len = 0;
	guint8 *icc = NULL;
	qpdf_oh dict, stream, intent, intents;
	int rc = -1;

	if (why)
		goto done;
	ctx = lcms.cmsCreateContext(NULL, msg);
	lcms.cmsSetLogErrorHandlerTHR(ctx, lcms_error);
	prof = lcms.cmsCreate_sRGBProfileTHR(ctx);
	if (!prof)
		goto done;
	lcms.cmsSetProfileVersion(prof, 2.1);
	if (!lcms.cmsSaveProfileToMem(prof, NULL, &len) || len < 128)
		goto done;
	icc = g_malloc(len);
	if (!lcms.cmsSaveProfileToMem(prof, icc, &len))
		goto done;
	/* ICC.1 7.2.1: bytes 24–35 are the creation date, six big-endian
	 * 16-bit numbers; bytes 84–99 are the profile ID. */
	memset(icc + 24, 0, 12);
	icc[24] = PDFA_ICC_YEAR >> 8;
	icc[25] = PDFA_ICC_YEAR & 0xff;
	icc[27] = 1;
	icc[29] = 1;
	memset(icc + 84, 0, 16);

	stream = new_stream(q, icc, len, &dict);
	qpdf_oh_replace_key(q, dict, "/N", qpdf_oh_new_integer(q, 3));
	intent = qpdf_oh_new_dictionary(q);
	qpdf_oh_replace_key(q, intent, "/Type", qpdf_oh_new_name(q, "/OutputIntent"));
	qpdf_oh_replace_key(q, intent, "/S", qpdf_oh_new_name(q, "/GTS_PDFA1"));
	qpdf_oh_replace_key(q, intent, "/OutputConditionIdentifier",
			    qpdf_oh_new_string(q, "sRGB IEC61966-2.1"));
	qpdf_oh_replace_key(q, intent, "/RegistryName", qpdf_oh_new_string(q, "http://www.color.org"));
	qpdf_oh_replace_key(q, intent, "/Info", qpdf_oh_new_string(q, "sRGB IEC61966-2.1"));
	qpdf_oh_replace_key(q, intent, "/DestOutputProfile", stream);
	intents = qpdf_oh_new_array(q);
	qpdf_oh_append_item(q, intents, qpdf_make_indirect_object(q, intent));
	qpdf_oh_replace_key(q, qpdf_get_root(q), "/OutputIntents", intents);
	rc = 0;
done:
	if (rc != 0)
		doc_diag(job->doc, 0, 0, DIAG_E_PDFA_ICC, msg->len ? msg->str : "no reason given");
	if (prof)
		lcms.cmsCloseProfile(prof);
	if (ctx)
		lcms.cmsDeleteContext(ctx);
	g_free(icc);
	g_string_free(msg, TRUE);
	return rc;
}

/* ---- Associated source (PDF/A-3) ----------------------------------------- */

/* ISO 19005-3 6.8: the TEI source as an embedded file stream with its MIME
 * type and modification date, in a file specification with /F, /UF and
 * /AFRelationship, listed in the catalog's /AF and in the EmbeddedFiles name
 * tree so that viewers show it as an attachment. */
static void embed_source(struct pdfa_job *job, const struct pdfa_meta *meta,
			 const struct pdfa_info *in)
{
	qpdf_data q = job->q;
	qpdf_oh root = qpdf_get_root(q);
	char *name = g_path_get_basename(meta->source_name ? meta->source_name : "source.xml");
	GChecksum *md5 = g_checksum_new(G_CHECKSUM_MD5);
	guint8 digest[16];
	gsize digest_len = sizeof digest;
	qpdf_oh dict, file, params, ef, spec, af, names, tree, list;

	g_checksum_update(md5, meta->source, (gssize)meta->source_len);
	g_checksum_get_digest(md5, digest, &digest_len);
	g_checksum_free(md5);

	file = new_stream(q, meta->source, meta->source_len, &dict);
	qpdf_oh_replace_key(q, dict, "/Type", qpdf_oh_new_name(q, "/EmbeddedFile"));
	qpdf_oh_replace_key(q, dict, "/Subtype", qpdf_oh_new_name(q, "/text/xml"));
	params = qpdf_oh_new_dictionary(q);
	qpdf_oh_replace_key(q, params, "/Size", qpdf_oh_new_integer(q, (long long)meta->source_len));
	qpdf_oh_replace_key(q, params, "/CreationDate", qpdf_oh_new_string(q, in->when.pdf));
	qpdf_oh_replace_key(q, params, "/ModDate", qpdf_oh_new_string(q, in->when.pdf));
	qpdf_oh_replace_key(q, params, "/CheckSum",
			    qpdf_oh_new_binary_string(q, (const char *)digest, digest_len));
	qpdf_oh_replace_key(q, dict, "/Params", params);

	ef = qpdf_oh_new_dictionary(q);
	qpdf_oh_replace_key(q, ef, "/F", file);
	qpdf_oh_replace_key(q, ef, "/UF", file);
	spec = qpdf_make_indirect_object(q, qpdf_oh_new_dictionary(q));
	qpdf_oh_replace_key(q, spec, "/Type", qpdf_oh_new_name(q, "/Filespec"));
	set_string(q, spec, "/F", name);
	set_string(q, spec, "/UF", name);
	set_string(q, spec, "/Desc", "TEI XML source of this document");
	qpdf_oh_replace_key(q, spec, "/AFRelationship", qpdf_oh_new_name(q, "/Source"));
	qpdf_oh_replace_key(q, spec, "/EF", ef);

	af = qpdf_oh_new_array(q);
	qpdf_oh_append_item(q, af, spec);
	qpdf_oh_replace_key(q, root, "/AF", af);

	names = qpdf_oh_get_key(q, root, "/Names");
	if (!qpdf_oh_is_dictionary(q, names)) {
		names = qpdf_oh_new_dictionary(q);
		qpdf_oh_replace_key(q, root, "/Names", names);
	}
	tree = qpdf_oh_new_dictionary(q);
	list = qpdf_oh_new_array(q);
	qpdf_oh_append_item(q, list, qpdf_oh_new_unicode_string(q, name));
	qpdf_oh_append_item(q, list, spec);
	qpdf_oh_replace_key(q, tree, "/Names", list);
	qpdf_oh_replace_key(q, names, "/EmbeddedFiles", tree);
	g_free(name);
}

/* ---- Font programs -------------------------------------------------------- */

/* CFF standard strings (Adobe TN 5176, appendix A): the glyph names a CFF
 * font refers to by number instead of storing them. */
static const char *const cff_std[] = {
	".notdef", "space", "exclam", "quotedbl", "numbersign", "dollar", "percent", "ampersand",
	"quoteright", "parenleft", "parenright", "asterisk", "plus", "comma", "hyphen", "period",
	"slash", "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
	"colon", "semicolon", "less", "equal", "greater", "question", "at", "A", "B", "C", "D",
	"E", "F", "G", "H", "I", "J", "K", "L", "M", "N", "O", "P", "Q", "R", "S", "T", "U", "V",
	"W", "X", "Y", "Z", "bracketleft", "backslash", "bracketright", "asciicircum",
	"underscore", "quoteleft", "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l",
	"m", "n", "o", "p", "q", "r", "s", "t", "u", "v", "w", "x", "y", "z", "braceleft", "bar",
	"braceright", "asciitilde", "exclamdown", "cent", "sterling", "fraction", "yen", "florin",
	"section", "currency", "quotesingle", "quotedblleft", "guillemotleft", "guilsinglleft",
	"guilsinglright", "fi", "fl", "endash", "dagger", "daggerdbl", "periodcentered",
	"paragraph", "bullet", "quotesinglbase", "quotedblbase", "quotedblright",
	"guillemotright", "ellipsis", "perthousand", "questiondown", "grave", "acute",
	"circumflex", "tilde", "macron", "breve", "dotaccent", "dieresis", "ring", "cedilla",
	"hungarumlaut", "ogonek", "caron", "emdash", "AE", "ordfeminine", "Lslash", "Oslash",
	"OE", "ordmasculine", "ae", "dotlessi", "lslash", "oslash", "oe", "germandbls",
	"onesuperior", "logicalnot", "mu", "trademark", "Eth", "onehalf", "plusminus", "Thorn",
	"onequarter", "divide", "brokenbar", "degree", "thorn", "threequarters", "twosuperior",
	"registered", "minus", "eth", "multiply", "threesuperior", "copyright", "Aacute",
	"Acircumflex", "Adieresis", "Agrave", "Aring", "Atilde", "Ccedilla", "Eacute",
	"Ecircumflex", "Edieresis", "Egrave", "Iacute", "Icircumflex", "Idieresis", "Igrave",
	"Ntilde", "Oacute", "Ocircumflex", "Odieresis", "Ograve", "Otilde", "Scaron", "Uacute",
	"Ucircumflex", "Udieresis", "Ugrave", "Yacute", "Ydieresis", "Zcaron", "aacute",
	"acircumflex", "adieresis", "agrave", "aring", "atilde", "ccedilla", "eacute",
	"ecircumflex", "edieresis", "egrave", "iacute", "icircumflex", "idieresis", "igrave",
	"ntilde", "oacute", "ocircumflex", "odieresis", "ograve", "otilde", "scaron", "uacute",
	"ucircumflex", "udieresis", "ugrave", "yacute", "ydieresis", "zcaron", "exclamsmall",
	"Hungarumlautsmall", "dollaroldstyle", "dollarsuperior", "ampersandsmall", "Acutesmall",
	"parenleftsuperior", "parenrightsuperior", "twodotenleader", "onedotenleader",
	"zerooldstyle", "oneoldstyle", "twooldstyle", "threeoldstyle", "fouroldstyle",
	"fiveoldstyle", "sixoldstyle", "sevenoldstyle", "eightoldstyle", "nineoldstyle",
	"commasuperior", "threequartersemdash", "periodsuperior", "questionsmall", "asuperior",
	"bsuperior", "centsuperior", "dsuperior", "esuperior", "isuperior", "lsuperior",
	"msuperior", "nsuperior", "osuperior", "rsuperior", "ssuperior", "tsuperior", "ff", "ffi",
	"ffl", "parenleftinferior", "parenrightinferior", "Circumflexsmall", "hyphensuperior",
	"Gravesmall", "Asmall", "Bsmall", "Csmall", "Dsmall", "Esmall", "Fsmall", "Gsmall",
	"Hsmall", "Ismall", "Jsmall", "Ksmall", "Lsmall", "Msmall", "Nsmall", "Osmall", "Psmall",
	"Qsmall", "Rsmall", "Ssmall", "Tsmall", "Usmall", "Vsmall", "Wsmall", "Xsmall", "Ysmall",
	"Zsmall", "colonmonetary", "onefitted", "rupiah", "Tildesmall", "exclamdownsmall",
	"centoldstyle", "Lslashsmall", "Scaronsmall", "Zcaronsmall", "Dieresissmall",
	"Brevesmall", "Caronsmall", "Dotaccentsmall", "Macronsmall", "figuredash",
	"hypheninferior", "Ogoneksmall", "Ringsmall", "Cedillasmall", "questiondownsmall",
	"oneeighth", "threeeighths", "fiveeighths", "seveneighths", "onethird", "twothirds",
	"zerosuperior", "foursuperior", "fivesuperior", "sixsuperior", "sevensuperior",
	"eightsuperior", "ninesuperior", "zeroinferior", "oneinferior", "twoinferior",
	"threeinferior", "fourinferior", "fiveinferior", "sixinferior", "seveninferior",
	"eightinferior", "nineinferior", "centinferior", "dollarinferior", "periodinferior",
	"commainferior", "Agravesmall", "Aacutesmall", "Acircumflexsmall", "Atildesmall",
	"Adieresissmall", "Aringsmall", "AEsmall", "Ccedillasmall", "Egravesmall", "Eacutesmall",
	"Ecircumflexsmall", "Edieresissmall", "Igravesmall", "Iacutesmall", "Icircumflexsmall",
	"Idieresissmall", "Ethsmall", "Ntildesmall", "Ogravesmall", "Oacutesmall",
	"Ocircumflexsmall", "Otildesmall", "Odieresissmall", "OEsmall", "Oslashsmall",
	"Ugravesmall", "Uacutesmall", "Ucircumflexsmall", "Udieresissmall", "Yacutesmall",
	"Thornsmall", "Ydieresissmall", "001.000", "001.001", "001.002", "001.003", "Black",
	"Bold", "Book", "Light", "Medium", "Regular", "Roman", "Semibold"
};
_Static_assert(G_N_ELEMENTS(cff_std) == 391, "CFF has 391 standard strings");

/* A CFF font program (Adobe TN 5176) as far as PDF/A needs it: for each
 * glyph, its name's string ID (name-keyed fonts) or its CID (CID-keyed). */
struct cff {
	const guint8 *p;
	size_t len;
	size_t strings;          /* offset of the String INDEX */
	bool cid;                /* CID-keyed: charset holds CIDs */
	GArray *ids;             /* guint: SID or CID of each glyph, by glyph index */
};

static guint be16(const guint8 *p) { return (guint)p[0] << 8 | p[1]; }

/* Bounds of item I of the INDEX at AT; false when out of range. */
static bool cff_item(const struct cff *c, size_t at, guint i, size_t *start, size_t *end)
{
	guint count, size;
	size_t offs, o[2];

	if (at + 3 > c->len || (count = be16(c->p + at)) <= i)
		return false;
	size = c->p[at + 2];
	offs = at + 3;
	if (size < 1 || size > 4 || offs + (size_t)(count + 1) * size > c->len)
		return false;
	for (int k = 0; k < 2; k++) {
		o[k] = 0;
		for (guint b = 0; b < size; b++)
			o[k] = o[k] << 8 | c->p[offs + (size_t)(i + k) * size + b];
	}
	offs += (size_t)(count + 1) * size - 1;   /* offsets count from 1 */
	*start = offs + o[0];
	*end = offs + o[1];
	return o[0] >= 1 && o[0] <= o[1] && *end <= c->len;
}

/* The offset just past the INDEX at AT, or 0. */
static size_t cff_skip(const struct cff *c, size_t at)
{
	size_t start, end;

	if (at + 2 > c->len)
		return 0;
	if (be16(c->p + at) == 0)
		return at + 2;
	return cff_item(c, at, be16(c->p + at) - 1, &start, &end) ? end : 0;
}

/* Reads the Top DICT (TN 5176 §9) for the offsets of charset and CharStrings
 * and for ROS, the mark of a CID-keyed font. */
static bool cff_top(struct cff *c, size_t start, size_t end, long *charset, long *charstrings)
{
	long ops[48];
	int n = 0;

	*charset = 0;
	*charstrings = -1;
	for (size_t i = start; i < end;) {
		guint b = c->p[i++];
		if (b <= 21) {                          /* an operator */
			if (b == 12 && i < end && c->p[i++] == 30)
				c->cid = true;
			else if (b == 15 && n > 0)
				*charset = ops[n - 1];
			else if (b == 17 && n > 0)
				*charstrings = ops[n - 1];
			n = 0;
			continue;
		}
		if (n == (int)G_N_ELEMENTS(ops))
			return false;
		if (b == 28 && i + 2 <= end) {
			ops[n++] = (int16_t)be16(c->p + i);
			i += 2;
		} else if (b == 29 && i + 4 <= end) {
			ops[n++] = (int32_t)((guint32)be16(c->p + i) << 16 | be16(c->p + i + 2));
			i += 4;
		} else if (b == 30) {                   /* a real: skip its nibbles */
			while (i < end && (c->p[i] & 0x0f) != 0x0f && (c->p[i] & 0xf0) != 0xf0)
				i++;
			i++;
			ops[n++] = 0;
		} else if (b >= 32 && b <= 246) {
			ops[n++] = (long)b - 139;
		} else if (b >= 247 && b <= 250 && i < end) {
			ops[n++] = ((long)b - 247) * 256 + c->p[i++] + 108;
		} else if (b >= 251 && b <= 254 && i < end) {
			ops[n++] = -((long)b - 251) * 256 - c->p[i++] - 108;
		} else {
			return false;
		}
	}
	return *charstrings > 0;
}

/* Parses P (LEN bytes) far enough to know each glyph's SID or CID. */
static bool cff_open(struct cff *c, const guint8 *p, size_t len)
{
	size_t names, top, start, end, at;
	long charset, charstrings;
	guint glyphs;

	*c = (struct cff){ .p = p, .len = len };
	if (len < 4 || p[0] != 1)
		return false;
	names = p[2];
	top = cff_skip(c, names);
	if (!top || !cff_item(c, top, 0, &start, &end))
		return false;
	c->strings = cff_skip(c, top);
	if (!c->strings || !cff_top(c, start, end, &charset, &charstrings) ||
	    (size_t)charstrings + 2 > len || (glyphs = be16(p + charstrings)) == 0)
		return false;

	c->ids = g_array_sized_new(FALSE, FALSE, sizeof(guint), glyphs);
	g_array_append_val(c->ids, (guint){ 0 });   /* glyph 0 is .notdef, CID 0 */
	if (charset == 0) {                       /* ISOAdobe: SID = glyph index */
		for (guint g = 1; g < glyphs && g < 229; g++)
			g_array_append_val(c->ids, g);
		return c->ids->len == glyphs;
	}
	if (charset < 3 || (size_t)charset >= len)
		return false;                     /* the Expert charsets: not for text */
	at = (size_t)charset + 1;
	while (c->ids->len < glyphs) {
		guint first, left = 0;
		switch (p[charset]) {
		case 0:
			if (at + 2 > len)
				return false;
			first = be16(p + at);
			at += 2;
			break;
		case 1:
			if (at + 3 > len)
				return false;
			first = be16(p + at);
			left = p[at + 2];
			at += 3;
			break;
		case 2:
			if (at + 4 > len)
				return false;
			first = be16(p + at);
			left = be16(p + at + 2);
			at += 4;
			break;
		default:
			return false;
		}
		for (guint k = 0; k <= left && c->ids->len < glyphs; k++)
			g_array_append_val(c->ids, (guint){ first + k });
	}
	return true;
}

/* The name of a glyph of a name-keyed font, or NULL. Names in the String
 * INDEX are returned in BUF, of size BUFLEN. */
static const char *cff_name(const struct cff *c, guint sid, char *buf, size_t buflen)
{
	size_t start, end;

	if (sid < G_N_ELEMENTS(cff_std))
		return cff_std[sid];
	if (!cff_item(c, c->strings, sid - G_N_ELEMENTS(cff_std), &start, &end) ||
	    end - start >= buflen)
		return NULL;
	memcpy(buf, c->p + start, end - start);
	buf[end - start] = '\0';
	return buf;
}

/* The glyph count of a TrueType font program: numGlyphs in 'maxp'. */
static guint tt_glyphs(const guint8 *p, size_t len)
{
	guint tables = len >= 12 ? be16(p + 4) : 0;

	for (guint t = 0; t < tables && 12 + 16 * (size_t)(t + 1) <= len; t++) {
		const guint8 *rec = p + 12 + 16 * (size_t)t;
		size_t off = (size_t)be16(rec + 8) << 16 | be16(rec + 10);
		if (memcmp(rec, "maxp", 4) == 0)
			return off + 6 <= len ? be16(p + off + 4) : 0;
	}
	return 0;
}

/* ---- Fonts ------------------------------------------------------------------ */

/* The decoded bytes of STREAM; free with free(). */
static guint8 *stream_bytes(qpdf_data q, qpdf_oh stream, size_t *len)
{
	unsigned char *buf = NULL;
	QPDF_BOOL filtered = QPDF_FALSE;

	*len = 0;
	/* Like every qpdf call, this reports QPDF_WARNINGS while any warning
	 * is pending, such as those of reading Cairo's file: only errors count. */
	if ((qpdf_oh_get_stream_data(q, stream, qpdf_dl_generalized, &filtered, &buf, len) & QPDF_ERRORS) ||
	    !filtered) {
		free(buf);
		return NULL;
	}
	return buf;
}

/* Adds a /CIDSet stream to DESC (ISO 19005-1 6.3.5): one bit per CID, most
 * significant bit first, set for every CID the embedded program defines. */
static void set_cidset(qpdf_data q, qpdf_oh desc, const guint *cids, guint n)
{
	guint max = 0;
	guint8 *bits;
	qpdf_oh dict;

	for (guint i = 0; i < n; i++)
		max = MAX(max, cids[i]);
	bits = g_malloc0(max / 8 + 1);
	for (guint i = 0; i < n; i++)
		bits[cids[i] / 8] |= (guint8)(0x80 >> (cids[i] % 8));
	qpdf_oh_replace_key(q, desc, "/CIDSet", new_stream(q, bits, max / 8 + 1, &dict));
	g_free(bits);
}

/* /CharSet of a Type 1 (CFF) subset (ISO 19005-1 6.3.5): the names of all
 * its glyphs but .notdef, as one string "/A/a/aacute…". */
static bool set_charset(qpdf_data q, qpdf_oh desc, const struct cff *c)
{
	GString *set = g_string_new(NULL);
	char buf[128];
	bool ok = true;

	for (guint g = 1; g < c->ids->len && ok; g++) {
		const char *name = cff_name(c, g_array_index(c->ids, guint, g), buf, sizeof buf);
		if (name)
			g_string_append_printf(set, "/%s", name);
		ok = name != NULL;
	}
	if (ok)
		qpdf_oh_replace_key(q, desc, "/CharSet", qpdf_oh_new_string(q, set->str));
	g_string_free(set, TRUE);
	return ok;
}

/* The CIDs a TrueType CIDFont defines: with an explicit CIDToGIDMap those
 * mapped to a glyph other than .notdef, and CID 0; with the identity, one
 * per glyph of the program. */
static GArray *tt_cids(qpdf_data q, qpdf_oh cidfont, const guint8 *prog, size_t len)
{
	qpdf_oh map = qpdf_oh_get_key(q, cidfont, "/CIDToGIDMap");
	GArray *cids = g_array_new(FALSE, FALSE, sizeof(guint));

	if (qpdf_oh_is_stream(q, map)) {
		size_t n = 0;
		guint8 *gids = stream_bytes(q, map, &n);
		for (guint cid = 0; gids && cid < n / 2; cid++)
			if (cid == 0 || be16(gids + 2 * cid) != 0)
				g_array_append_val(cids, cid);
		free(gids);
	} else {
		for (guint g = 0, n = tt_glyphs(prog, len); g < n; g++)
			g_array_append_val(cids, g);
	}
	return cids;
}

/* PDF/A-1's descriptions of a subset's glyphs (ISO 19005-1 6.3.5): /CIDSet
 * for CIDFonts, /CharSet for Type 1 (CFF) fonts, from the embedded program
 * FILE. FontFile (Type 1 proper) is left alone: Cairo embeds one only for
 * a PostScript font, which Pango (since 1.44) no longer loads. */
static bool describe_glyphs(qpdf_data q, qpdf_oh cidfont, qpdf_oh desc, qpdf_oh file)
{
	qpdf_oh kind = qpdf_oh_get_key(q, qpdf_oh_get_dict(q, file), "/Subtype");
	bool cid_cff = qpdf_oh_is_name_and_equals(q, kind, "/CIDFontType0C");
	bool type1_cff = qpdf_oh_is_name_and_equals(q, kind, "/Type1C");
	bool truetype = qpdf_oh_is_name_and_equals(q, qpdf_oh_get_key(q, cidfont, "/Subtype"),
						   "/CIDFontType2");
	struct cff cff = { 0 };
	GArray *cids = NULL;
	guint8 *prog;
	size_t len;
	bool ok = false;

	if (!cid_cff && !type1_cff && !truetype)
		return true;
	if (!(prog = stream_bytes(q, file, &len)))
		return false;
	if (truetype) {
		cids = tt_cids(q, cidfont, prog, len);
		if ((ok = cids->len > 0))
			set_cidset(q, desc, (guint *)cids->data, cids->len);
		g_array_unref(cids);
	} else if (cid_cff && cff_open(&cff, prog, len)) {
		/* A name-keyed CFF used as a CIDFont has CID = glyph index. */
		for (guint g = 0; !cff.cid && g < cff.ids->len; g++)
			g_array_index(cff.ids, guint, g) = g;
		set_cidset(q, desc, (guint *)cff.ids->data, cff.ids->len);
		ok = true;
	} else if (type1_cff && cff_open(&cff, prog, len) && !cff.cid) {
		ok = set_charset(q, desc, &cff);
	}
	if (cff.ids)
		g_array_unref(cff.ids);
	free(prog);
	return ok;
}

/* FONT's /BaseFont without the slash, for diagnostics. */
static char *font_name(qpdf_data q, qpdf_oh font)
{
	qpdf_oh base = qpdf_oh_get_key(q, font, "/BaseFont");
	return g_strdup(qpdf_oh_is_name(q, base) ? qpdf_oh_get_name(q, base) + 1 : "?");
}

/* Checks that FONT, a font dictionary of some resources, is embedded
 * (ISO 19005-1 6.3.4) and completes its description for the level.
 * Returns -1 after reporting. */
static int fix_font(struct pdfa_job *job, qpdf_oh font)
{
	qpdf_data q = job->q;
	qpdf_oh subtype = qpdf_oh_get_key(q, font, "/Subtype");
	qpdf_oh cidfont = font, desc, file = qpdf_oh_new_null(q);
	char *name;

	if (qpdf_oh_is_name_and_equals(q, subtype, "/Type3"))
		return 0;                 /* glyphs drawn by content streams: nothing to embed */
	if (qpdf_oh_is_name_and_equals(q, subtype, "/Type0"))
		cidfont = qpdf_oh_get_array_item(q, qpdf_oh_get_key(q, font, "/DescendantFonts"), 0);
	desc = qpdf_oh_get_key(q, cidfont, "/FontDescriptor");
	for (const char *const *k = (const char *const[]){ "/FontFile3", "/FontFile2", "/FontFile", NULL };
	     *k && !qpdf_oh_is_stream(q, file); k++)
		file = qpdf_oh_get_key(q, desc, *k);
	if (!qpdf_oh_is_stream(q, file)) {
		name = font_name(q, font);
		doc_diag(job->doc, 0, 0, DIAG_E_PDFA_FONT, name);
		g_free(name);
		return -1;
	}
	/* 6.3.3.2: a TrueType CIDFont says how CIDs map to glyphs; Cairo's
	 * map is the identity, which PDF would otherwise only imply. */
	if (qpdf_oh_is_name_and_equals(q, qpdf_oh_get_key(q, cidfont, "/Subtype"), "/CIDFontType2") &&
	    !qpdf_oh_has_key(q, cidfont, "/CIDToGIDMap"))
		qpdf_oh_replace_key(q, cidfont, "/CIDToGIDMap", qpdf_oh_new_name(q, "/Identity"));
	if (job->level == PDFA_1B && !describe_glyphs(q, cidfont, desc, file)) {
		name = font_name(q, font);
		doc_diag(job->doc, 0, 0, DIAG_E_PDFA_FONT_PROGRAM, name);
		g_free(name);
		return -1;
	}
	return 0;
}

/* Reports qpdf's error, if it has one. Returns -1 when it had. Every call
 * that may fail stores its error in Q (the object handle calls included:
 * they return a null object and carry on; qpdf_oh_new_stream, which does
 * not, is made safe by qpdf_lib_no_room first), so checking after a run of
 * calls is enough; taking the error also keeps qpdf from printing it. */
static int qpdf_failed(struct declc_doc *doc, qpdf_data q)
{
	if (!qpdf_has_error(q))
		return 0;
	doc_diag(doc, 0, 0, DIAG_E_PDFA_QPDF, qpdf_get_error_full_text(q, qpdf_get_error(q)));
	return -1;
}

/* ---- Pages ------------------------------------------------------------------ */

/* The values of DICT. qpdf's key iterator is one per document, so the
 * values are collected before anything else may iterate. */
static GArray *dict_values(qpdf_data q, qpdf_oh dict)
{
	GPtrArray *keys = g_ptr_array_new_with_free_func(g_free);
	GArray *values = g_array_new(FALSE, FALSE, sizeof(qpdf_oh));

	if (qpdf_oh_is_dictionary(q, dict)) {
		qpdf_oh_begin_dict_key_iter(q, dict);
		while (qpdf_oh_dict_more_keys(q))
			g_ptr_array_add(keys, g_strdup(qpdf_oh_dict_next_key(q)));
	}
	for (guint i = 0; i < keys->len; i++) {
		qpdf_oh v = qpdf_oh_get_key(q, dict, keys->pdata[i]);
		g_array_append_val(values, v);
	}
	g_ptr_array_unref(keys);
	return values;
}

/* Whether OH, if indirect, was met before; marks it met. */
static bool seen(struct pdfa_job *job, qpdf_oh oh)
{
	int id = qpdf_oh_get_object_id(job->q, oh);
	if (id == 0)
		return false;
	return !g_hash_table_add(job->seen, GINT_TO_POINTER(id));
}

static bool is_transparency_group(qpdf_data q, qpdf_oh dict)
{
	return qpdf_oh_is_name_and_equals(q,
		qpdf_oh_get_key(q, qpdf_oh_get_key(q, dict, "/Group"), "/S"), "/Transparency");
}

/* ISO 19005-1 6.4: no soft mask, no constant alpha below 1, no blend mode
 * but Normal. Returns what breaks the rule, or NULL. */
static const char *gstate_transparency(qpdf_data q, qpdf_oh gs)
{
	qpdf_oh smask = qpdf_oh_get_key(q, gs, "/SMask");
	qpdf_oh bm = qpdf_oh_get_key(q, gs, "/BM");

	if (!qpdf_oh_is_null(q, smask) && !qpdf_oh_is_name_and_equals(q, smask, "/None"))
		return "a soft mask";
	for (const char *const *k = (const char *const[]){ "/CA", "/ca", NULL }; *k; k++) {
		qpdf_oh a = qpdf_oh_get_key(q, gs, *k);
		if (qpdf_oh_is_number(q, a) && qpdf_oh_get_numeric_value(q, a) < 1.0)
			return "an opacity below 1";
	}
	if (!qpdf_oh_is_null(q, bm) && !qpdf_oh_is_name_and_equals(q, bm, "/Normal") &&
	    !qpdf_oh_is_name_and_equals(q, bm, "/Compatible"))
		return "a blend mode";
	return NULL;
}

/* Walks the resources of one page — and of the forms, patterns and Type 3
 * fonts they use, without recursion and visiting each object once — fixing
 * fonts and, for PDF/A-1, dropping transparency groups and refusing real
 * transparency. Returns -1 after reporting. */
static int fix_resources(struct pdfa_job *job, qpdf_oh page_resources)
{
	qpdf_data q = job->q;
	GArray *todo = g_array_new(FALSE, FALSE, sizeof(qpdf_oh));
	const char *why = NULL;
	bool pdfa1 = job->level == PDFA_1B;
	int rc = 0;

	g_array_append_val(todo, page_resources);
	while (todo->len > 0 && rc == 0 && !why) {
		qpdf_oh res = g_array_index(todo, qpdf_oh, todo->len - 1);
		GArray *fonts, *xobjects, *states, *patterns;

		g_array_set_size(todo, todo->len - 1);
		if (!qpdf_oh_is_dictionary(q, res))
			continue;
		fonts = dict_values(q, qpdf_oh_get_key(q, res, "/Font"));
		xobjects = dict_values(q, qpdf_oh_get_key(q, res, "/XObject"));
		states = dict_values(q, qpdf_oh_get_key(q, res, "/ExtGState"));
		patterns = dict_values(q, qpdf_oh_get_key(q, res, "/Pattern"));

		for (guint i = 0; i < fonts->len && rc == 0; i++) {
			qpdf_oh font = g_array_index(fonts, qpdf_oh, i);
			if (seen(job, font))
				continue;
			rc = fix_font(job, font);
			if (qpdf_oh_has_key(q, font, "/Resources")) {
				qpdf_oh r = qpdf_oh_get_key(q, font, "/Resources");
				g_array_append_val(todo, r);
			}
		}
		for (guint i = 0; i < xobjects->len && !why; i++) {
			qpdf_oh xo = g_array_index(xobjects, qpdf_oh, i), d;
			if (seen(job, xo))
				continue;
			d = qpdf_oh_get_dict(q, xo);
			if (pdfa1 && qpdf_oh_has_key(q, d, "/SMask"))
				why = "an image with a soft mask";
			if (pdfa1 && is_transparency_group(q, d))
				qpdf_oh_remove_key(q, d, "/Group");
			if (qpdf_oh_has_key(q, d, "/Resources")) {
				qpdf_oh r = qpdf_oh_get_key(q, d, "/Resources");
				g_array_append_val(todo, r);
			}
		}
		for (guint i = 0; i < states->len && pdfa1 && !why; i++)
			why = gstate_transparency(q, g_array_index(states, qpdf_oh, i));
		for (guint i = 0; i < patterns->len && !why; i++) {
			qpdf_oh pat = g_array_index(patterns, qpdf_oh, i);
			qpdf_oh d = qpdf_oh_is_stream(q, pat) ? qpdf_oh_get_dict(q, pat) : pat, r;
			if (seen(job, pat))
				continue;
			if (pdfa1 && qpdf_oh_has_key(q, d, "/ExtGState"))
				why = gstate_transparency(q, qpdf_oh_get_key(q, d, "/ExtGState"));
			r = qpdf_oh_get_key(q, d, "/Resources");
			g_array_append_val(todo, r);
		}
		g_array_unref(fonts);
		g_array_unref(xobjects);
		g_array_unref(states);
		g_array_unref(patterns);
	}
	if (why) {
		doc_diag(job->doc, 0, 0, DIAG_E_PDFA_TRANSPARENCY, job->page, why);
		rc = -1;
	}
	g_array_unref(todo);
	return rc;
}

/* ISO 19005-1 6.5.3 (and 19005-2 6.3.2): every annotation is printed as it
 * is shown — the Print flag set; Invisible, Hidden and NoView clear. */
static void fix_annotations(qpdf_data q, qpdf_oh page)
{
	qpdf_oh annots = qpdf_oh_get_key(q, page, "/Annots");
	int n = qpdf_oh_is_array(q, annots) ? qpdf_oh_get_array_n_items(q, annots) : 0;

	for (int i = 0; i < n; i++) {
		qpdf_oh a = qpdf_oh_get_array_item(q, annots, i);
		qpdf_oh f = qpdf_oh_get_key(q, a, "/F");
		long long flags = qpdf_oh_is_integer(q, f) ? qpdf_oh_get_int_value(q, f) : 0;

		flags = (flags & ~(1LL | 2LL | 32LL)) | 4LL;
		qpdf_oh_replace_key(q, a, "/F", qpdf_oh_new_integer(q, flags));
	}
}

static int fix_pages(struct pdfa_job *job)
{
	qpdf_data q = job->q;
	int n = qpdf_get_num_pages(q);

	for (int i = 0; i < n; i++) {
		qpdf_oh page = qpdf_get_page_n(q, (size_t)i);

		job->page = i + 1;
		/* 6.4: a page group makes the page a transparency group even
		 * when nothing on it is transparent; PDF/A-1 forbids it. */
		if (job->level == PDFA_1B && is_transparency_group(q, page))
			qpdf_oh_remove_key(q, page, "/Group");
		fix_annotations(q, page);
		if (fix_resources(job, qpdf_oh_get_key(q, page, "/Resources")) != 0)
			return -1;
	}
	return n < 0 ? qpdf_failed(job->doc, q) : 0;
}

/* ---- The stage ------------------------------------------------------------ */

/* Page furniture (running headers and footers, continued labels), which
 * Cairo leaves unmarked, becomes /Artifact marked content (artifact.c says
 * how it is found). A page whose content cannot be read or vouched for is
 * left as it was: a missing artifact mark is a defect of accessibility,
 * not a reason to refuse the document. */
static void mark_artifacts(qpdf_data q)
{
	int n = qpdf_get_num_pages(q);

	for (int i = 0; i < n; i++) {
		qpdf_oh page = qpdf_get_page_n(q, (size_t)i), contents, dict;
		unsigned char *buf = NULL;
		size_t len = 0;
		GString *marked;

		if (qpdf_oh_get_page_content_data(q, page, &buf, &len) != QPDF_SUCCESS) {
			if (qpdf_has_error(q))
				qpdf_get_error(q);
			free(buf);
			continue;
		}
		if ((marked = artifact_mark(buf, len))) {
			/* One stream, even where Cairo wrote several; qpdf compresses
			 * it on writing. */
			contents = qpdf_oh_get_key(q, page, "/Contents");
			if (!qpdf_oh_is_stream(q, contents)) {
				contents = new_stream(q, "", 0, &dict);
				qpdf_oh_replace_key(q, page, "/Contents", contents);
			}
			qpdf_oh_replace_stream_data(q, contents, (const unsigned char *)marked->str,
						    marked->len, qpdf_oh_new_null(q), qpdf_oh_new_null(q));
			g_string_free(marked, TRUE);
		}
		free(buf);
	}
}

/* What a tagged, accessible PDF says in its catalog beyond the structure
 * tree Cairo writes (PDF 1.7 14.7.1, 12.2): that it is tagged, and that a
 * viewer's title bar shows the document's title rather than the file name.
 * Cairo 1.16 writes /MarkInfo only when tags were drawn; it is set here
 * whenever there is a structure tree (and never claimed without one), and
 * /ViewerPreferences Cairo never writes. */
static void mark_tagged(qpdf_data q)
{
	qpdf_oh root = qpdf_get_root(q);
	qpdf_oh mark = qpdf_oh_new_dictionary(q), prefs = qpdf_oh_new_dictionary(q);

	qpdf_oh_replace_key(q, mark, "/Marked", qpdf_oh_new_bool(q, QPDF_TRUE));
	if (qpdf_oh_has_key(q, root, "/StructTreeRoot")) {
		qpdf_oh_replace_key(q, root, "/MarkInfo", mark);
		mark_artifacts(q);
	}
	qpdf_oh_replace_key(q, prefs, "/DisplayDocTitle", qpdf_oh_new_bool(q, QPDF_TRUE));
	qpdf_oh_replace_key(q, root, "/ViewerPreferences", prefs);
}

int pdfa_finish(struct declc_doc *doc, enum pdfa_level level, const struct pdfa_meta *meta,
		const void *in, size_t len, GByteArray *out)
{
	struct pdfa_job job = { .doc = doc, .level = level };
	struct pdfa_info info = { 0 };
	qpdf_oh old;
	char *cairo_producer = NULL;
	const char *why = NULL;
	int rc = -1;

	if (!qpdf_lib_open(&why)) {
		doc_diag(doc, 0, 0, DIAG_E_QPDF_LOAD, why);
		return -1;
	}
	job.q = qpdf_init();
	job.seen = g_hash_table_new(g_direct_hash, g_direct_equal);
	if (level < PDFA_PLAIN || level > PDFA_3B || (level == PDFA_3B && !meta->source)) {
		doc_diag(doc, 0, 0, DIAG_E_INTERNAL, "pdfa_finish: bad level or no source for 3b");
		goto done;
	}
	/* Cairo's links leave a dangling object in its cross-reference table:
	 * qpdf repairs it on reading, with warnings nobody can act on. */
	qpdf_silence_errors(job.q);
	qpdf_set_suppress_warnings(job.q, QPDF_TRUE);
	qpdf_read_memory(job.q, "the rendered PDF", in, len, NULL);
	if (qpdf_failed(doc, job.q) != 0)
		goto done;
	if (qpdf_is_encrypted(job.q)) {      /* 6.1.3: never from Cairo */
		doc_diag(doc, 0, 0, DIAG_E_PDFA_QPDF, "the rendered PDF is encrypted");
		goto done;
	}
	if ((why = qpdf_lib_no_room(job.q))) {
		doc_diag(doc, 0, 0, DIAG_E_PDFA_QPDF, why);
		goto done;
	}

	/* Metadata: the document's, else what Cairo was told. */
	old = qpdf_oh_get_key(job.q, qpdf_get_trailer(job.q), "/Info");
	info.title = meta->title ? clean_text(meta->title) : old_info(job.q, old, "/Title");
	info.author = meta->author ? clean_text(meta->author) : old_info(job.q, old, "/Author");
	info.subject = meta->subject ? clean_text(meta->subject) : old_info(job.q, old, "/Subject");
	info.keywords = meta->keywords ? clean_text(meta->keywords) : old_info(job.q, old, "/Keywords");
	info.creator = meta->creator ? clean_text(meta->creator) : old_info(job.q, old, "/Creator");
	info.lang = clean_text(meta->lang);
	cairo_producer = old_info(job.q, old, "/Producer");
	info.producer = g_strdup_printf("%s; qpdf %s", cairo_producer ? cairo_producer : "cairo",
					qpdf_get_qpdf_version());
	if (resolve_when(doc, meta->date, &info.when) != 0)
		goto done;

	write_metadata(&job, &info);
	if (info.lang)                        /* PDF 1.4 10.8.1 */
		qpdf_oh_replace_key(job.q, qpdf_get_root(job.q), "/Lang",
				    qpdf_oh_new_unicode_string(job.q, info.lang));
	mark_tagged(job.q);
	if (level == PDFA_PLAIN)
		goto write;
	if (write_output_intent(&job) != 0 || fix_pages(&job) != 0)
		goto done;
	if (level == PDFA_3B)
		embed_source(&job, meta, &info);
	if (qpdf_failed(doc, job.q) != 0)
		goto done;

write:
	/* 6.1.2: PDF/A-1 is PDF 1.4, which has neither object nor
	 * cross-reference streams; PDF/A-2 and -3 are PDF 1.7 (ISO 32000-1).
	 * A plain PDF keeps Cairo's version and layout. */
	qpdf_init_write_memory(job.q);
	if (level != PDFA_PLAIN) {
		qpdf_force_pdf_version(job.q, level == PDFA_1B ? "1.4" : "1.7");
		qpdf_set_object_stream_mode(job.q, qpdf_o_disable);
	}
	qpdf_set_preserve_encryption(job.q, QPDF_FALSE);
	qpdf_set_newline_before_endstream(job.q, QPDF_TRUE);   /* 6.1.7 */
	qpdf_set_deterministic_ID(job.q, QPDF_TRUE);           /* 6.1.3 */
	qpdf_write(job.q);
	if (qpdf_failed(doc, job.q) != 0)
		goto done;
	g_byte_array_append(out, qpdf_get_buffer(job.q), (guint)qpdf_get_buffer_length(job.q));
	rc = 0;
done:
	/* After a failure reported otherwise, an error qpdf still holds is a
	 * consequence of it; taking it keeps qpdf from printing it. */
	if (qpdf_has_error(job.q))
		qpdf_get_error(job.q);
	info_clear(&info);
	g_free(cairo_producer);
	g_hash_table_unref(job.seen);
	qpdf_cleanup(&job.q);
	return rc;
}
