/*
 * dynlib.h — libraries opened on first use instead of linked.
 *
 * Every library an executable is linked with is loaded and relocated before
 * main, by every process, whether it is used or not. The ones most runs never
 * call — libqpdf (a finished PDF), librsvg (an SVG image), gdk-pixbuf (a PNG
 * or JPEG image), LittleCMS (a PDF/A output intent) — are opened here when
 * first needed. Each caller lists the functions it calls in an X-macro, keeps
 * them in a struct of pointers typed from the library's own header
 * (DYNLIB_POINTER), and opens the library once, under a GOnce.
 */
#ifndef DECLC_DYNLIB_H
#define DECLC_DYNLIB_H

#include <stdbool.h>
#include <stddef.h>
#include <glib.h>

/* A struct member holding a pointer to F, typed from F's declaration. */
#define DYNLIB_POINTER(f) __typeof__(f) *f;

/* One function to look up: its name, and where its address goes. */
struct dynlib_symbol {
	const char *name;
	void **slot;
};

/* For DYNLIB_SYMBOLS: the lookup of member F of the struct at P. */
#define DYNLIB_SYMBOL(p, f) { #f, (void **)&(p)->f },

/* A library to open: its SONAME, the symbols to look up, and whether to
 * bind it within its own dependencies first (DEEP: see dynlib.c). Static,
 * with ONCE = G_ONCE_INIT. */
struct dynlib {
	const char *soname;
	bool deep;
	const struct dynlib_symbol *syms;
	size_t n;
	GOnce once;
};

/* Opens LIB, once per process from any thread, for the rest of the process
 * (never unloaded: the objects and types it made outlive any one use), and
 * fills its slots. NULL when every symbol is there; otherwise why not, as
 * text that stays valid (the loader's message, or which symbol is
 * missing). */
const char *dynlib_load(struct dynlib *lib);

#endif
