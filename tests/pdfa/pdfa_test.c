/*
 * pdfa_test.c — drives the PDF/A stage without the rest of declc.
 *
 *   pdfa-test make FONTDIR RAW.pdf [--clock] [--alpha] [--family "FAMILY SIZE"]
 *       Draws a two-page Cairo PDF the way the renderer does: Pango text in the
 *       bundled Linux Libertine (or FAMILY) through a private fontconfig on
 *       FONTDIR only, Spanish accents, a ligature, a link annotation, Info
 *       metadata. With --clock Cairo is left to stamp its own creation date
 *       from the clock, which pdfa_finish must not let through; --alpha adds
 *       a translucent box, which PDF/A-1 cannot hold.
 *
 *   pdfa-test finish 1b|2b|3b|plain RAW.pdf OUT.pdf [--source FILE] [--no-date]
 *                    [--date ISO8601] [--repeat N]
 *       Runs pdfa_finish on RAW.pdf with the metadata below; --source embeds
 *       FILE (3b), --no-date leaves the date to SOURCE_DATE_EPOCH, --date
 *       replaces the teiHeader's, --repeat times N calls and prints the mean.
 *
 * Exit status: 0; after pdfa_finish fails, the status its diagnostics call
 * for (1 document, 3 environment, 4 internal); 1 for any other failure.
 * Diagnostics go to stderr as declc prints them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cairo.h>
#include <cairo-pdf.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-fontmap.h>
#include "context.h"
#include "pdfa.h"

/* What the teiHeader of the test document would say. */
static const char title[] = "Declaración de Santiago sobre el acceso abierto";
static const char author[] = "Red de Bibliotecas Universitarias; Comité Técnico";
static const char subject[] = "Declaración final del seminario «Ciencia abierta»";
static const char keywords[] = "acceso abierto, ciencia, declaración";

static const char *const page_text[] = {
	"<b>Declaración de Santiago</b>\n\n"
	"Las organizaciones firmantes, reunidas en Santiago el 14 de noviembre "
	"de 2024, afirman que el acceso abierto a la información científica es "
	"un derecho; piden a las oficinas públicas que lo garanticen — sin "
	"excepción — y que publiquen sus datos en formatos abiertos.\n\n"
	"¿Quién firma? ¡Todas y todos!",
	"EN FE DE LO CUAL firman la presente declaración, en dos ejemplares, "
	"las organizaciones que aparecen al pie."
};

static void draw_text(cairo_t *cr, PangoContext *ctx, const char *family, double x, double y,
		      double width, const char *markup)
{
	PangoLayout *layout = pango_layout_new(ctx);
	PangoFontDescription *fd = pango_font_description_from_string(family);

	pango_layout_set_font_description(layout, fd);
	pango_layout_set_width(layout, (int)(width * PANGO_SCALE));
	pango_layout_set_wrap(layout, PANGO_WRAP_WORD);
	pango_layout_set_markup(layout, markup, -1);
	cairo_move_to(cr, x, y);
	pango_cairo_show_layout(cr, layout);
	pango_font_description_free(fd);
	g_object_unref(layout);
}

static cairo_status_t append(void *closure, const unsigned char *data, unsigned int len)
{
	g_byte_array_append(closure, data, len);
	return CAIRO_STATUS_SUCCESS;
}

static int make(const char *font_dir, const char *path, const char *family, bool clock,
		bool alpha)
{
	GByteArray *pdf = g_byte_array_new();
	FcConfig *config = FcConfigCreate();
	PangoFontMap *map = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT);
	PangoContext *ctx;
	cairo_surface_t *surface;
	cairo_t *cr;
	GError *err = NULL;
	int rc = 0;

	if (!FcConfigAppFontAddDir(config, (const FcChar8 *)font_dir)) {
		fprintf(stderr, "pdfa-test: cannot add fonts from %s\n", font_dir);
		rc = 1;
		goto done;
	}
	pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(map), config);
	pango_cairo_font_map_set_resolution(PANGO_CAIRO_FONT_MAP(map), 72);
	ctx = pango_font_map_create_context(map);

	surface = cairo_pdf_surface_create_for_stream(append, pdf, 595.28, 841.89);
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title);
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_AUTHOR, author);
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_SUBJECT, subject);
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_KEYWORDS, keywords);
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "declc 0.1.0");
	if (!clock)
		cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE,
					       "2024-11-14T00:00:00Z");
	cr = cairo_create(surface);
	for (int i = 0; i < 2; i++) {
		char *footer = g_strdup_printf("Página %d de 2", i + 1);

		cairo_set_source_rgb(cr, 0, 0, 0);
		draw_text(cr, ctx, family, 72, 72, 451, page_text[i]);
		if (i == 0) {
			cairo_tag_begin(cr, CAIRO_TAG_LINK, "uri='https://tei-c.org/'");
			draw_text(cr, ctx, family, 72, 300, 451, "Texto en TEI: https://tei-c.org/");
			cairo_tag_end(cr, CAIRO_TAG_LINK);
		}
		draw_text(cr, ctx, family, 260, 780, 200, footer);
		if (alpha) {            /* a translucent box: real transparency */
			cairo_set_source_rgba(cr, 0.8, 0.1, 0.1, 0.5);
			cairo_rectangle(cr, 60, 60, 200, 40);
			cairo_fill(cr);
		}
		cairo_show_page(cr);
		g_free(footer);
	}
	cairo_destroy(cr);
	cairo_surface_finish(surface);
	if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
		fprintf(stderr, "pdfa-test: cairo: %s\n",
			cairo_status_to_string(cairo_surface_status(surface)));
		rc = 1;
	}
	cairo_surface_destroy(surface);
	g_object_unref(ctx);
	if (rc == 0 && !g_file_set_contents(path, (const char *)pdf->data, pdf->len, &err)) {
		fprintf(stderr, "pdfa-test: %s\n", err->message);
		g_error_free(err);
		rc = 1;
	}
done:
	g_object_unref(map);
	FcConfigDestroy(config);
	g_byte_array_unref(pdf);
	return rc;
}

static int usage(void)
{
	fprintf(stderr, "usage: pdfa-test make FONTDIR RAW.pdf [--clock] [--alpha] [--family F]\n"
		"       pdfa-test finish 1b|2b|3b|plain RAW.pdf OUT.pdf [--source FILE] "
		"[--no-date] [--date D] [--repeat N]\n");
	return 2;
}

/* Reads PATH into *DATA; false after saying why. */
static bool slurp(const char *path, char **data, gsize *len)
{
	GError *err = NULL;

	if (g_file_get_contents(path, data, len, &err))
		return true;
	fprintf(stderr, "pdfa-test: %s\n", err->message);
	g_error_free(err);
	return false;
}

static int finish(enum pdfa_level level, const char *raw_path, const char *out_path,
		  struct pdfa_meta *meta, const char *source_path, int repeat)
{
	char *raw = NULL, *source = NULL;
	gsize raw_len = 0, source_len = 0;
	GByteArray *out = g_byte_array_new();
	GError *err = NULL;
	struct declc_doc doc = { .path = "pdfa-test.xml", .diags = diag_sink_new() };
	int rc = 1;

	if (!slurp(raw_path, &raw, &raw_len) ||
	    (source_path && !slurp(source_path, &source, &source_len)))
		goto done;
	meta->source = source;
	meta->source_len = source_len;

	if (repeat > 0) {
		gint64 start = g_get_monotonic_time();
		for (int i = 0; i < repeat; i++) {
			g_byte_array_set_size(out, 0);
			if (pdfa_finish(&doc, level, meta, raw, raw_len, out) != 0)
				break;
		}
		printf("pdfa_finish level %d: %.2f ms per call over %d calls (%zu → %u bytes)\n",
		       (int)level, (g_get_monotonic_time() - start) / 1000.0 / repeat,
		       repeat, (size_t)raw_len, out->len);
	}
	g_byte_array_set_size(out, 0);
	if (pdfa_finish(&doc, level, meta, raw, raw_len, out) != 0) {
		rc = diag_status(doc.diags) ? diag_status(doc.diags) : 1;
		goto done;
	}
	if (!g_file_set_contents(out_path, (const char *)out->data, out->len, &err)) {
		fprintf(stderr, "pdfa-test: %s\n", err->message);
		g_error_free(err);
		goto done;
	}
	rc = 0;
done:
	diag_flush(doc.diags, stderr, DECLC_DIAG_TEXT, false, false);
	diag_sink_free(doc.diags);
	g_byte_array_unref(out);
	g_free(raw);
	g_free(source);
	return rc;
}

int main(int argc, char **argv)
{
	if (argc >= 4 && strcmp(argv[1], "make") == 0) {
		const char *family = "Linux Libertine O 12";
		bool clock = false, alpha = false;

		for (int i = 4; i < argc; i++) {
			if (strcmp(argv[i], "--clock") == 0)
				clock = true;
			else if (strcmp(argv[i], "--alpha") == 0)
				alpha = true;
			else if (strcmp(argv[i], "--family") == 0 && i + 1 < argc)
				family = argv[++i];
			else
				return usage();
		}
		return make(argv[2], argv[3], family, clock, alpha);
	}
	if (argc >= 5 && strcmp(argv[1], "finish") == 0) {
		struct pdfa_meta meta = {
			.title = title, .author = author, .subject = subject,
			.keywords = keywords, .lang = "es-CL", .date = "2024-11-14",
			.creator = "declc 0.1.0", .source_name = "declaración.xml",
		};
		const char *source = NULL;
		int repeat = 0;
		bool plain = strcmp(argv[2], "plain") == 0;
		enum pdfa_level level = plain ? PDFA_PLAIN : (enum pdfa_level)(argv[2][0] - '0');

		if (!plain && (strlen(argv[2]) != 2 || argv[2][1] != 'b' || level < PDFA_1B ||
			       level > PDFA_3B))
			return usage();
		for (int i = 5; i < argc; i++) {
			if (strcmp(argv[i], "--source") == 0 && i + 1 < argc)
				source = argv[++i];
			else if (strcmp(argv[i], "--no-date") == 0)
				meta.date = NULL;
			else if (strcmp(argv[i], "--date") == 0 && i + 1 < argc)
				meta.date = argv[++i];
			else if (strcmp(argv[i], "--repeat") == 0 && i + 1 < argc)
				repeat = atoi(argv[++i]);
			else
				return usage();
		}
		return finish(level, argv[3], argv[4], &meta, source, repeat);
	}
	return usage();
}
