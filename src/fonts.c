/*
 * fonts.c — a private fontconfig configuration and the Pango font map on it.
 *
 * Consumes the bundled fonts/ folder and an optional --font-dir; produces a
 * struct fonts owning an FcConfig that knows only those files and a PangoCairo
 * (FreeType) font map bound to it. No system configuration is read. So a
 * document sets the same way on any machine, whatever fonts it has installed
 * (DESIGN §4, "Self-contained").
 *
 * Scanning a font (FreeType opens it; fontconfig lists its characters and
 * the languages they cover) costs half a millisecond a face, on every run.
 * What fontconfig learns of the bundled folder is kept in fontconfig's own
 * cache format under the user's cache folder ($XDG_CACHE_HOME/declc/
 * fontconfig, as fontconfig keeps the system's in ~/.cache/fontconfig) and
 * read back while it is still valid for the folder (fontconfig checks the
 * folder's modification time). Without a usable cache the files are scanned
 * one by one, as before, and the cache is written for the next run where the
 * folder can be made; nothing else is ever written. A --font-dir is always
 * scanned.
 *
 * fontconfig never says "no": asked for a family it lacks, it hands over the
 * closest face it has. fonts_has_family asks the same question Pango will ask
 * and compares the answer, so a misspelt family in a house style is an error
 * (DIAG_E_FONT_MISSING) rather than a document quietly set in another face.
 * fonts_missing_glyphs finds the characters that even the chosen face cannot
 * draw, which Pango would otherwise show as hex boxes.
 */
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-fontmap.h>
#include <string.h>
#include <unistd.h>
#include "fonts.h"
#include "i18n.h"
#include "locate.h"

struct fonts {
	FcConfig *config;      /* only our folders and our cache; no system config */
	PangoFontMap *map;     /* PangoCairoFcFontMap on CONFIG */
};

static gint fonts_cmp(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Adds the font files of DIR to CONFIG, file by file in name order, so that
 * a file fontconfig cannot read is reported by name (a folder-wide scan,
 * FcConfigAppFontAddDir, skips it silently, and writes a cache wherever
 * CONFIG names one). Returns false after reporting. */
static bool fonts_add_dir(FcConfig *config, const char *dir, struct diag_sink *diags,
			  const char *file)
{
	GError *err = NULL;
	GDir *d = g_dir_open(dir, 0, &err);
	GPtrArray *names;
	const char *name;

	if (d == NULL) {
		diag_emit(diags, file, 0, 0, DIAG_E_FONT_DIR, dir, err->message);
		g_error_free(err);
		return false;
	}
	names = g_ptr_array_new_with_free_func(g_free);
	while ((name = g_dir_read_name(d)) != NULL) {
		char *lower = g_ascii_strdown(name, -1);

		if (g_str_has_suffix(lower, ".otf") || g_str_has_suffix(lower, ".ttf") ||
		    g_str_has_suffix(lower, ".ttc") || g_str_has_suffix(lower, ".otc"))
			g_ptr_array_add(names, g_build_filename(dir, name, NULL));
		g_free(lower);
	}
	g_dir_close(d);
	g_ptr_array_sort(names, fonts_cmp);
	for (guint i = 0; i < names->len; i++)
		if (!FcConfigAppFontAddFile(config, (const FcChar8 *)names->pdata[i])) {
			char *why = g_strdup_printf(_("fontconfig cannot read %s"),
						    (const char *)names->pdata[i]);

			diag_emit(diags, file, 0, 0, DIAG_E_FONT_DIR, dir, why);
			g_free(why);
			g_ptr_array_free(names, TRUE);
			return false;
		}
	g_ptr_array_free(names, TRUE);
	return true;
}

/* Tells CONFIG to read and write caches in DIR only. */
static bool fonts_use_cache_dir(FcConfig *config, const char *dir)
{
	char *esc = g_markup_escape_text(dir, -1);
	char *xml = g_strdup_printf("<fontconfig><cachedir>%s</cachedir></fontconfig>", esc);
	bool ok = FcConfigParseAndLoadFromMemory(config, (const FcChar8 *)xml, FcFalse);

	g_free(xml);
	g_free(esc);
	return ok;
}

/* Adds the bundled DIR from the cache when it holds a valid one; else
 * scans it file by file (fonts_add_dir) and, if the cache folder can be
 * made, caches it for the next run. */
static bool fonts_add_bundled(FcConfig *config, const char *dir, const char *cache,
			      struct diag_sink *diags, const char *file)
{
	FcCache *c = cache ? FcDirCacheLoad((const FcChar8 *)dir, config, NULL) : NULL;

	if (c) {
		FcDirCacheUnload(c);
		/* Reads the same cache again (an mmap), finding it valid. */
		return FcConfigAppFontAddDir(config, (const FcChar8 *)dir);
	}
	if (!fonts_add_dir(config, dir, diags, file))
		return false;
	if (cache && g_mkdir_with_parents(cache, 0700) == 0 && access(cache, W_OK) == 0) {
		/* Scans the folder once more, the way the cache wants it, and
		 * writes it (fontconfig writes atomically, under a lock). */
		c = FcDirCacheRead((const FcChar8 *)dir, FcTrue, config);
		if (c)
			FcDirCacheUnload(c);
	}
	return true;
}

struct fonts *fonts_new(const char *bundled_dir, const char *extra_dir,
			struct diag_sink *diags, const char *file)
{
	struct fonts *f = g_new0(struct fonts, 1);
	FcFontSet *set;

	f->config = FcConfigCreate();
	/* Made the process's current configuration too, before Pango starts:
	 * Pango's font map otherwise loads the system's whole configuration
	 * (FcInit, on a thread it then waits for), which declc never uses —
	 * about a tenth of a one-page run, and seconds while the system's
	 * font cache is stale. Done while it is still empty: fontconfig
	 * builds a configuration's font sets when it becomes current, and
	 * loses (leaks) application fonts added before. */
	FcConfigSetCurrent(f->config);
	/* App fonts are never rescanned behind our back. */
	FcConfigSetRescanInterval(f->config, 0);
	char *cache = locate_cache_dir("DECLC_FONT_CACHE", "fontconfig");
	if (cache && !fonts_use_cache_dir(f->config, cache)) {
		g_free(cache);
		cache = NULL;
	}
	bool added = fonts_add_bundled(f->config, bundled_dir, cache, diags, file);
	g_free(cache);
	if (!added)
		goto fail;
	if (extra_dir && !fonts_add_dir(f->config, extra_dir, diags, file))
		goto fail;
	set = FcConfigGetFonts(f->config, FcSetApplication);
	if (set == NULL || set->nfont == 0) {
		diag_emit(diags, file, 0, 0, DIAG_E_FONT_DIR, bundled_dir, _("it holds no fonts"));
		goto fail;
	}
	f->map = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT);
	pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(f->map), f->config);
	pango_cairo_font_map_set_resolution(PANGO_CAIRO_FONT_MAP(f->map), 72.0);
	return f;
fail:
	fonts_free(f);
	return NULL;
}

void fonts_free(struct fonts *f)
{
	if (f == NULL)
		return;
	/* Pango 1.50 keeps the reference set_config took past the font map's
	 * end; handing it back through set_config itself is right in any
	 * version, since set_config always releases the configuration it
	 * replaces. */
	if (f->map) {
		pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(f->map), NULL);
		g_object_unref(f->map);
	}
	if (f->config)
		FcConfigDestroy(f->config);
	g_free(f);
}

PangoFontMap *fonts_map(const struct fonts *f)
{
	return f->map;
}

PangoContext *fonts_context(const struct fonts *f)
{
	PangoContext *ctx = pango_font_map_create_context(f->map);
	cairo_font_options_t *fo = cairo_font_options_create();

	/* Hinted metrics would round advances to whole device pixels of a
	 * 72 dpi "device": visibly uneven spacing once printed. */
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
	pango_cairo_context_set_font_options(ctx, fo);
	cairo_font_options_destroy(fo);
	pango_cairo_context_set_resolution(ctx, 72.0);
	pango_context_set_round_glyph_positions(ctx, FALSE);
	pango_context_set_language(ctx, pango_language_from_string("es"));
	return ctx;
}

bool fonts_has_family(const struct fonts *f, const char *family, char **offered)
{
	FcPattern *want = FcPatternCreate();
	FcPattern *got;
	FcResult res = FcResultNoMatch;
	bool found = false;
	FcChar8 *name;

	FcPatternAddString(want, FC_FAMILY, (const FcChar8 *)family);
	FcConfigSubstitute(f->config, want, FcMatchPattern);
	FcDefaultSubstitute(want);
	got = FcFontMatch(f->config, want, &res);
	/* A face may carry several family names (one per language, or a
	 * typographic family beside a legacy one): any of them will do. */
	for (int i = 0; got && FcPatternGetString(got, FC_FAMILY, i, &name) == FcResultMatch; i++)
		if (FcStrCmpIgnoreCase(name, (const FcChar8 *)family) == 0) {
			found = true;
			break;
		}
	if (!found && offered)
		*offered = g_strdup(got && FcPatternGetString(got, FC_FAMILY, 0, &name) == FcResultMatch
				    ? (const char *)name : "nothing");
	if (got)
		FcPatternDestroy(got);
	FcPatternDestroy(want);
	return found;
}

GArray *fonts_missing_glyphs(GSList *runs)
{
	GArray *at = NULL;

	/* An unknown glyph carries its character (PANGO_GET_UNKNOWN_GLYPH); the
	 * run's log clusters give where that character sits in the text. */
	for (GSList *r = runs; r; r = r->next) {
		PangoGlyphItem *run = r->data;
		PangoGlyphString *gs = run->glyphs;

		for (int i = 0; i < gs->num_glyphs; i++) {
			int index;

			if (!(gs->glyphs[i].glyph & PANGO_GLYPH_UNKNOWN_FLAG))
				continue;
			if (at == NULL)
				at = g_array_new(FALSE, FALSE, sizeof(int));
			index = run->item->offset + gs->log_clusters[i];
			g_array_append_val(at, index);
		}
	}
	return at;
}
