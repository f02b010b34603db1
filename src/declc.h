/*
 * declc.h — the public interface of libdeclc, the declaration typesetter.
 *
 * A program embeds declc by creating one run context (declc_run_new) with the
 * options that stay fixed for a whole run — schemas, stylesheets, fonts and the
 * hyphenation dictionary are loaded once there — and then compiling or checking
 * as many documents as it likes through it. Diagnostics go to the run's
 * diagnostic stream (stderr by default) in the chosen format.
 *
 * Legend of name prefixes: the architecture map. One prefix, one file.
 *   declc_   this header: the public API (pipeline.c; declc_init in init.c,
 *            declc_watch in watch.c, declc_init_locale in locate.c)
 *   diag_    diag.c      diagnostics: catalogue (diag.def), sink, text/JSON/SARIF/GitHub
 *   load_    load.c      safe libxml2 parsing, limits, source positions
 *   validate_ validate.c RELAX NG + Schematron → diagnostics at file:line:col
 *   typo_    typo.c      Spanish typography pass over the TEI tree
 *   xform_   transform.c libxslt, secured, with declc's extension functions
 *   lt_      layout.c    layout XML → node tree with resolved styles
 *   fonts_   fonts.c     private fontconfig, face checks, missing glyphs
 *   hy_      hyphen.c    libhyphen: where a word may break; hy_cache_ hyphen_cache.c:
 *            libhyphen's compiled dictionary kept between runs
 *   compose_ compose.c   blocks → lines (Pango)
 *   page_    paginate.c  lines → pages: keeps, widows/orphans, furniture
 *   dev_     render.c, dev_*.c  drawing devices (Cairo PDF/PNG/SVG/PS, text trace)
 *   glyph_warm_ glyph_warm.c a PDF's glyphs loaded into Cairo ahead, on the
 *            spare processor, while the paragraphs are composed
 *   out_     output.c    format table, atomic writes
 *   pdfa_    pdfa.c      qpdf finishing of Cairo's PDF: PDF/A-1b/2b/3b, or the light
 *                        finishing of a plain PDF (dates, /Lang, /ID, tagged flags)
 *   artifact_ artifact.c page furniture marked /Artifact in tagged PDF content
 *   check_   check.c     validation and lint front end, writes nothing
 *   batch_   batch.c, batch_manifest.c  declc batch: many documents on worker
 *            threads (each with its own font map), manifests, BagIt, shards
 *   locate_  locate.c    where the data folder and the message catalogues are
 *            init.c      declc init: a starting declaration from templates/
 *            watch.c     --watch: build again when a source changes
 *   import_  import*.c   declc import: past editions (text, Markdown, HTML) into TEI
 *   image_   image.c     PNG/JPEG/SVG images, confined to the document's folder
 *   sigfields_ sigfields.c empty PDF signature fields over the signature lines
 *   thread_  thread.c    threads started on another processor than their creator's
 *   dynlib_  dynlib.c    libraries opened on first use, not linked (libqpdf,
 *            librsvg, gdk-pixbuf, LittleCMS); qpdf_lib_ qpdf_lib.c: libqpdf's calls
 *   typeset_lib typeset_lib.c the typesetter (fonts, compose, paginate, render,
 *            dev_*, glyph_warm, image, layout, sigfields: the files that draw),
 *            built as the module declc-typeset.so and opened when a drawn
 *            format is asked for; typeset_export.c is the module's table
 */
#ifndef DECLC_H
#define DECLC_H

#include <stdbool.h>

#define DECLC_VERSION "0.1.0"

/* Exit statuses (DESIGN §3); also the return values of declc_compile. */
enum declc_status {
	DECLC_OK = 0,        /* success, warnings allowed */
	DECLC_EDOC = 1,      /* the document has errors */
	DECLC_EUSAGE = 2,    /* usage error */
	DECLC_EENV = 3,      /* environment or I/O: unreadable input, unwritable output, missing font */
	DECLC_EINTERNAL = 4  /* a bug in declc */
};

/* Output formats, as a bit set: several may be asked for at once. */
enum declc_format {
	DECLC_FMT_PDF = 1 << 0,
	DECLC_FMT_PNG = 1 << 1,
	DECLC_FMT_SVG = 1 << 2,
	DECLC_FMT_TRACE = 1 << 3,  /* the layout trace: golden format of the tests */
	DECLC_FMT_PS = 1 << 4,
	DECLC_FMT_PDFA = 1 << 5,   /* archival PDF/A (level from declc_options.pdfa_level) */
	DECLC_FMT_HTML = 1 << 6,   /* self-contained HTML5 */
	DECLC_FMT_TXT = 1 << 7,    /* plain UTF-8 text, 72 columns */
	DECLC_FMT_XML = 1 << 8     /* canonical TEI (C14N) */
};

enum declc_diag_format {
	DECLC_DIAG_TEXT,     /* file:line:col: level: message [code] */
	DECLC_DIAG_JSON,     /* one JSON object per line */
	DECLC_DIAG_SARIF,    /* one SARIF 2.1.0 log (code scanning) */
	DECLC_DIAG_GITHUB    /* GitHub workflow commands: ::error file=…,line=…,col=…::… */
};

/* Options fixed for a whole run. Strings are copied by declc_run_new. */
struct declc_options {
	const char *data_dir;      /* holds schemas/, stylesheets/, fonts/; NULL: built-in */
	const char *style;         /* house style (XSLT importing layout.xsl), or NULL */
	const char *font_dir;      /* an institution's own fonts, added to the bundled ones */
	const char *const *params; /* NULL-terminated "NAME=VALUE" stylesheet parameters */
	bool no_hyphenate;
	bool signature_fields;     /* an empty PDF signature field over each signature line */
	double dpi;                /* PNG resolution; 0: 150 */
	int pdfa_level;            /* 1, 2 or 3 (PDF/A-1b, -2b, -3b); 0: 2 */
	int page_first, page_last; /* --pages for PNG and SVG, 1-based and inclusive;
				    * 0: from the first, to the last */
	enum declc_diag_format diag_format;
	bool quiet;                /* only errors */
	bool validate_only;        /* a run for check: no stylesheets, fonts or dictionary loaded */
	bool no_typesetter;        /* no drawn format will be asked for (declc_formats_drawn):
				    * the layout stylesheet, fonts and dictionary are not loaded */
	bool one_document;         /* declc_compile will be called once: what only the
				    * set-up needs (schemas, layout stylesheet) is
				    * freed as soon as it has served, which lowers
				    * the peak memory of a PDF by 3 MB */
	bool color;                /* colour diagnostics (a terminal, and NO_COLOR unset) */
	/* Limits on hostile or runaway input (docs/limits.md); 0: the default. */
	long long max_size;        /* bytes of one document; default 64 MiB */
	int max_depth;             /* element nesting; default 256, at most 2048 */
	int max_words;             /* words in one paragraph; default 50,000 */
	int max_signatories;       /* <signed> in one document; default 2,000 */
	int max_pages;             /* pages of one document; default 5,000 */
	double max_image_pixels;   /* pixels of one raster image; default 40 million */
};

struct declc_run;

/* Sets up a run: loads schemas, stylesheets, fonts and dictionary. Returns NULL
 * after printing the reason when the environment is broken (*status is then
 * DECLC_EENV or DECLC_EUSAGE). */
struct declc_run *declc_run_new(const struct declc_options *opts, int *status);
void declc_run_free(struct declc_run *run);
/* Part of a run's set-up (stylesheet, fonts, dictionary) finishes on a
 * thread while the first document is read; compiling waits for it by
 * itself. Waits now: 0, or the exit status of the set-up's failure (its
 * diagnostics written). */
int declc_run_wait(struct declc_run *run);
/* For a process about to exit: waits for the set-up thread and leaves the
 * run's memory to the system, which takes it back at once. Built for a leak
 * checker (DECLC_FREE_AT_EXIT), frees it all like declc_run_free. */
void declc_run_exit(struct declc_run *run);

/* Whether FORMATS holds a format the typesetter draws (PDF, PDF/A, PNG, SVG,
 * PostScript, the trace); HTML, text and canonical XML come from the TEI. */
bool declc_formats_drawn(unsigned formats);

/* Compiles INPUT ("-" for stdin) into OUTPUT ("-" for stdout) in the formats of
 * the bit set FORMATS. PNG and SVG write one file per page (out-1.png, …).
 * Returns an enum declc_status. */
int declc_compile(struct declc_run *run, const char *input, const char *output,
		  unsigned formats);

/* Validates and lints INPUT without writing anything. */
int declc_check(struct declc_run *run, const char *input);

/* WORD with '-' at each point where declc may divide it at a line end, for
 * the Spanish profile LANG (NULL: es). g_free the result. */
char *declc_hyphenate(const struct declc_run *run, const char *word, const char *lang);

/* The versions of declc and of the libraries it runs on, one per line. */
char *declc_versions(void);

/* Binds declc's message catalogues (text domain "declc"), so that messages
 * and --help follow the locale. Call once, after setlocale. */
void declc_init_locale(void);

/* Writes the commented starting declaration (templates/init.xml in the run's
 * data folder), its <?xml-model?> lines pointing at that folder's schemas,
 * to OUTPUT, atomically; never over an existing file. OUTPUT NULL or "-":
 * stdout. Returns an enum declc_status (DECLC_EUSAGE when OUTPUT exists). */
int declc_init(const struct declc_run *run, const char *output);

/* Compiles as declc_compile does, then again whenever the document, an image
 * it references, the house style or a font folder changes, until SIGINT or
 * SIGTERM. A failing build is reported and leaves the previous outputs as
 * they were. A change of style or fonts sets up a new run like RUN (RUN
 * itself stays the caller's). Returns DECLC_OK when interrupted. */
int declc_watch(struct declc_run *run, const char *input, const char *output,
		unsigned formats);

#endif
