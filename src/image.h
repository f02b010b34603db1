/*
 * image.h — images of the layout tree (l:image): signatures and logos.
 *
 * img_open reads a PNG, JPEG or SVG named by an l:image's src, relative to
 * the document's folder and never outside it (DESIGN §7): absolute paths,
 * URLs, ".." escapes and symbolic links leading out are refused with a
 * diagnostic at the image's TEI position, as are files over IMG_MAX_BYTES and
 * raster images over IMG_MAX_PIXELS. PNG and JPEG are decoded by gdk-pixbuf;
 * SVG is parsed by librsvg and drawn as vectors. paginate.c asks an image for
 * its natural size to make room for it; a device draws it with img_draw. The
 * struct img belongs to whoever opened it (the page set keeps one per src).
 */
#ifndef IMAGE_H
#define IMAGE_H

#include <cairo.h>
#include "context.h"

/* Limits: a bigger file or picture is an error, never an allocation. */
#define IMG_MAX_BYTES (32 * 1024 * 1024)
#define IMG_MAX_PIXELS (40 * 1000 * 1000)

struct img;

/* Opens SRC (relative to DOC's folder). Returns NULL after reporting
 * DIAG_E_IMAGE at LINE:COL. */
struct img *img_open(struct declc_doc *doc, const char *src, int line, int col);
void img_free(struct img *im);

/* The natural size in points (pixels at 96 per inch for raster images
 * without a resolution; an SVG's own width and height). */
void img_size(const struct img *im, double *width, double *height);

/* The file's bytes exactly as img_open read and checked them, and their
 * MIME type (image/png, image/jpeg, image/svg+xml); owned by IM. */
GBytes *img_source(const struct img *im, const char **mime);

/* Draws IM scaled into the box at X, Y (points, top-left) of WIDTH × HEIGHT. */
void img_draw(const struct img *im, cairo_t *cr, double x, double y, double width, double height);

#endif
