/*
 * image.c — reading the images of the layout tree safely (image.h).
 *
 * Consumes an l:image's src and the document's folder; produces a struct img
 * that knows its natural size and draws itself on any Cairo context. The path
 * is checked before anything is read: a relative path without a scheme,
 * resolved with realpath (so "..", and symbolic links, are followed first)
 * and then required to lie inside the realpath of the document's folder.
 * The format comes from the file's first bytes, not its name. Raster images
 * become one Cairo image surface each; a JPEG also keeps its original bytes
 * as the surface's MIME data, so Cairo's PDF embeds it unchanged (DCTDecode)
 * instead of re-encoding pixels. An SVG stays a librsvg handle and is drawn
 * as vectors; it is parsed from memory, with no base file, so it cannot pull
 * in other files or the network.
 *
 * librsvg and gdk-pixbuf are opened on first use (dynlib.h), not linked:
 * loading them and the libraries they bring costs every process about 3 ms
 * and 0.3 ms of its start-up, and most declarations have no image. Their
 * symbols, once looked up, are the only process-wide state here: read-only
 * after a GOnce.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <librsvg/rsvg.h>
#include "dynlib.h"
#include "i18n.h"
#include "image.h"

/* The runtime names (SONAMEs) of librsvg 2 and gdk-pixbuf 2, stable since
 * each 2.x began. */
#define IMG_RSVG_LIBRARY "librsvg-2.so.2"
#define IMG_PIXBUF_LIBRARY "libgdk_pixbuf-2.0.so.0"

/* The librsvg and gdk-pixbuf calls declc makes, looked up once each. */
#define IMG_RSVG_FUNCTIONS(X) \
	X(rsvg_handle_new_from_data) \
	X(rsvg_handle_set_dpi) \
	X(rsvg_handle_get_intrinsic_size_in_pixels) \
	X(rsvg_handle_get_intrinsic_dimensions) \
	X(rsvg_handle_render_document)
#define IMG_PIXBUF_FUNCTIONS(X) \
	X(gdk_pixbuf_get_file_info) \
	X(gdk_pixbuf_new_from_file) \
	X(gdk_pixbuf_apply_embedded_orientation) \
	X(gdk_pixbuf_get_width) \
	X(gdk_pixbuf_get_height) \
	X(gdk_pixbuf_get_n_channels) \
	X(gdk_pixbuf_get_rowstride) \
	X(gdk_pixbuf_get_has_alpha) \
	X(gdk_pixbuf_read_pixels)

struct img_rsvg {
	IMG_RSVG_FUNCTIONS(DYNLIB_POINTER)
};
struct img_pixbuf {
	IMG_PIXBUF_FUNCTIONS(DYNLIB_POINTER)
};

static struct img_rsvg img_rsvg_fns;
static struct img_pixbuf img_pixbuf_fns;
static const struct dynlib_symbol img_rsvg_symbols[] = {
#define IMG_SYMBOL(f) DYNLIB_SYMBOL(&img_rsvg_fns, f)
	IMG_RSVG_FUNCTIONS(IMG_SYMBOL)
#undef IMG_SYMBOL
};
static const struct dynlib_symbol img_pixbuf_symbols[] = {
#define IMG_SYMBOL(f) DYNLIB_SYMBOL(&img_pixbuf_fns, f)
	IMG_PIXBUF_FUNCTIONS(IMG_SYMBOL)
#undef IMG_SYMBOL
};
static struct dynlib img_rsvg_lib = {
	IMG_RSVG_LIBRARY, false, img_rsvg_symbols, G_N_ELEMENTS(img_rsvg_symbols), G_ONCE_INIT
};
static struct dynlib img_pixbuf_lib = {
	IMG_PIXBUF_LIBRARY, false, img_pixbuf_symbols, G_N_ELEMENTS(img_pixbuf_symbols), G_ONCE_INIT
};

/* librsvg's calls, or NULL if it cannot be opened. */
static const struct img_rsvg *img_rsvg(void)
{
	return dynlib_load(&img_rsvg_lib) ? NULL : &img_rsvg_fns;
}

/* gdk-pixbuf's calls, or NULL if it cannot be opened. */
static const struct img_pixbuf *img_pixbuf(void)
{
	return dynlib_load(&img_pixbuf_lib) ? NULL : &img_pixbuf_fns;
}

struct img {
	cairo_surface_t *surface;   /* PNG, JPEG: the pixels; NULL for SVG */
	RsvgHandle *svg;            /* SVG; NULL for raster images */
	double width, height;       /* natural size, points */
	GBytes *source;             /* the file as read (HTML embeds it) */
	const char *mime;           /* its type, from its first bytes */
};

/* Whether SRC may be read at all: relative, no scheme, not empty. */
static const char *img_bad_name(const char *src)
{
	const char *colon, *slash;

	if (src == NULL || *src == '\0')
		return _("the image has no file name");
	if (src[0] == '/' || src[0] == '\\')
		return _("absolute paths are not allowed; name the image relative to the document");
	colon = strchr(src, ':');
	slash = strchr(src, '/');
	if (colon && (slash == NULL || colon < slash))
		return _("URLs are not allowed; put the image in the document's folder");
	return NULL;
}

/* The real path of SRC inside DIR, or NULL with *WHY set. */
static char *img_resolve(const char *dir, const char *src, const char **why)
{
	char *joined, *real, *base;
	size_t n;

	*why = img_bad_name(src);
	if (*why)
		return NULL;
	base = realpath(dir && *dir ? dir : ".", NULL);
	if (base == NULL) {
		*why = g_strerror(errno);
		return NULL;
	}
	joined = g_build_filename(base, src, NULL);
	real = realpath(joined, NULL);
	g_free(joined);
	if (real == NULL) {
		*why = g_strerror(errno);
		free(base);
		return NULL;
	}
	n = strlen(base);
	if (strncmp(real, base, n) != 0 || (real[n] != '/' && strcmp(base, "/") != 0)) {
		*why = _("it lies outside the document's folder (through '..' or a symbolic link)");
		free(real);
		real = NULL;
	}
	free(base);
	return real;
}

/* A cairo image surface from PB (premultiplied ARGB). */
static cairo_surface_t *img_surface(const struct img_pixbuf *px_lib, GdkPixbuf *pb)
{
	int w = px_lib->gdk_pixbuf_get_width(pb), h = px_lib->gdk_pixbuf_get_height(pb);
	int nc = px_lib->gdk_pixbuf_get_n_channels(pb), rs = px_lib->gdk_pixbuf_get_rowstride(pb);
	bool alpha = px_lib->gdk_pixbuf_get_has_alpha(pb);
	const guchar *px = px_lib->gdk_pixbuf_read_pixels(pb);
	cairo_surface_t *s = cairo_image_surface_create(alpha ? CAIRO_FORMAT_ARGB32 : CAIRO_FORMAT_RGB24,
						       w, h);
	unsigned char *out;
	int ors;

	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS)
		return s;
	cairo_surface_flush(s);
	out = cairo_image_surface_get_data(s);
	ors = cairo_image_surface_get_stride(s);
	for (int y = 0; y < h; y++) {
		const guchar *p = px + (size_t)y * rs;
		guint32 *q = (guint32 *)(out + (size_t)y * ors);

		for (int x = 0; x < w; x++, p += nc) {
			guint32 a = alpha ? p[3] : 255;
			guint32 r = p[0] * a / 255, g = p[1] * a / 255, b = p[2] * a / 255;

			q[x] = a << 24 | r << 16 | g << 8 | b;
		}
	}
	cairo_surface_mark_dirty(s);
	return s;
}

static bool img_load_raster(struct img *im, const char *path, GBytes *bytes, bool jpeg,
			    double max_pixels, const char **why, GError **err)
{
	const struct img_pixbuf *px_lib = img_pixbuf();
	int w = 0, h = 0;
	GdkPixbuf *pb, *rot;

	if (px_lib == NULL) {
		*why = _("gdk-pixbuf, which reads PNG and JPEG images, could not be loaded; install libgdk-pixbuf-2.0-0");
		return false;
	}
	if (px_lib->gdk_pixbuf_get_file_info(path, &w, &h) == NULL) {
		*why = _("not a PNG or JPEG image gdk-pixbuf can read");
		return false;
	}
	if (w <= 0 || h <= 0 || (double)w * h > max_pixels) {
		*why = _("it has too many pixels (the limit is 40 million unless --max-image-pixels says otherwise)");
		return false;
	}
	pb = px_lib->gdk_pixbuf_new_from_file(path, err);
	if (pb == NULL)
		return false;
	rot = px_lib->gdk_pixbuf_apply_embedded_orientation(pb);
	if (rot != pb)
		jpeg = false;   /* turned: the original bytes would stand sideways */
	g_object_unref(pb);
	im->surface = img_surface(px_lib, rot);
	im->width = px_lib->gdk_pixbuf_get_width(rot) * 72.0 / 96.0;
	im->height = px_lib->gdk_pixbuf_get_height(rot) * 72.0 / 96.0;
	g_object_unref(rot);
	if (cairo_surface_status(im->surface) != CAIRO_STATUS_SUCCESS) {
		*why = cairo_status_to_string(cairo_surface_status(im->surface));
		return false;
	}
	/* A JPEG without rotation goes into the PDF as it is. */
	if (jpeg) {
		gsize len;
		const void *data = g_bytes_get_data(bytes, &len);

		/* The bytes themselves, not a copy: Cairo holds a reference. */
		cairo_surface_set_mime_data(im->surface, CAIRO_MIME_TYPE_JPEG, data, len,
					    (cairo_destroy_func_t)g_bytes_unref, g_bytes_ref(bytes));
	}
	return true;
}

static bool img_load_svg(struct img *im, GBytes *bytes, const char **why, GError **err)
{
	const struct img_rsvg *rsvg = img_rsvg();
	gsize len;
	const guint8 *data = g_bytes_get_data(bytes, &len);
	gdouble w = 0, h = 0;

	if (rsvg == NULL) {
		*why = _("librsvg, which draws SVG images, could not be loaded; install librsvg2-2");
		return false;
	}
	im->svg = rsvg->rsvg_handle_new_from_data(data, len, err);
	if (im->svg == NULL)
		return false;
	rsvg->rsvg_handle_set_dpi(im->svg, 96);
	if (!rsvg->rsvg_handle_get_intrinsic_size_in_pixels(im->svg, &w, &h)) {
		gboolean has_vb;
		RsvgRectangle vb;

		rsvg->rsvg_handle_get_intrinsic_dimensions(im->svg, NULL, NULL, NULL, NULL, &has_vb, &vb);
		if (!has_vb) {
			*why = _("the SVG has neither a width and height nor a viewBox");
			return false;
		}
		w = vb.width;
		h = vb.height;
	}
	if (!(w > 0 && h > 0)) {
		*why = _("the SVG has no size");
		return false;
	}
	im->width = w * 72.0 / 96.0;
	im->height = h * 72.0 / 96.0;
	return true;
}

struct img *img_open(struct declc_doc *doc, const char *src, int line, int col)
{
	const char *why = NULL;
	char *path = img_resolve(doc->dir, src, &why);
	struct img *im = g_new0(struct img, 1);
	GError *err = NULL;
	GBytes *bytes = NULL;
	struct stat st;
	const guint8 *head;
	gsize len;
	bool ok = false;

	if (path == NULL)
		goto out;
	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
		why = _("it is not a regular file");
		goto out;
	}
	if (st.st_size > IMG_MAX_BYTES) {
		why = _("the file is over 32 MiB");
		goto out;
	}
	{
		gchar *data;

		if (!g_file_get_contents(path, &data, &len, &err))
			goto out;
		bytes = g_bytes_new_take(data, len);
	}
	head = g_bytes_get_data(bytes, &len);
	if (len >= 8 && memcmp(head, "\x89PNG\r\n\x1a\n", 8) == 0) {
		im->mime = "image/png";
		ok = img_load_raster(im, path, bytes, false, doc->run->max_image_pixels, &why, &err);
	} else if (len >= 3 && memcmp(head, "\xff\xd8\xff", 3) == 0) {
		im->mime = "image/jpeg";
		ok = img_load_raster(im, path, bytes, true, doc->run->max_image_pixels, &why, &err);
	} else if (g_strstr_len((const char *)head, MIN(len, 4096), "<svg")) {
		im->mime = "image/svg+xml";
		ok = img_load_svg(im, bytes, &why, &err);
	} else {
		why = _("it is not a PNG, JPEG or SVG file");
	}
	if (ok)
		im->source = g_bytes_ref(bytes);
out:
	if (!ok) {
		doc_diag(doc, line, col, DIAG_E_IMAGE, src ? src : "",
			 err ? err->message : why ? why : _("unreadable"));
		img_free(im);
		im = NULL;
	}
	if (err)
		g_error_free(err);
	if (bytes)
		g_bytes_unref(bytes);
	free(path);
	return im;
}

void img_free(struct img *im)
{
	if (im == NULL)
		return;
	if (im->surface)
		cairo_surface_destroy(im->surface);
	if (im->svg)
		g_object_unref(im->svg);
	if (im->source)
		g_bytes_unref(im->source);
	g_free(im);
}

void img_size(const struct img *im, double *width, double *height)
{
	*width = im->width;
	*height = im->height;
}

void img_draw(const struct img *im, cairo_t *cr, double x, double y, double width, double height)
{
	cairo_save(cr);
	if (im->svg) {
		RsvgRectangle vp = { x, y, width, height };

		/* img_load_svg made the handle: librsvg is open. */
		img_rsvg()->rsvg_handle_render_document(im->svg, cr, &vp, NULL);
	} else {
		int pw = cairo_image_surface_get_width(im->surface);
		int ph = cairo_image_surface_get_height(im->surface);

		cairo_translate(cr, x, y);
		cairo_scale(cr, width / pw, height / ph);
		/* Painted through a clip to its own box: Cairo 1.16 loses its
		 * tag structure (a tag error, then a crash when the PDF is
		 * finished) when an unclipped paint is the first thing drawn
		 * on a page, as a letterhead's raster logo is. */
		cairo_rectangle(cr, 0, 0, pw, ph);
		cairo_clip(cr);
		cairo_set_source_surface(cr, im->surface, 0, 0);
		cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_GOOD);
		cairo_paint(cr);
	}
	cairo_restore(cr);
}

GBytes *img_source(const struct img *im, const char **mime)
{
	*mime = im->mime;
	return im->source;
}
