#!/bin/sh
# callgrind.sh [DECLC [FLOOR]] — issue 10: instruction counts, which stay
# stable on a noisy machine where wall times do not, for the floor
# (bench/floor.c) and for declc to PDF and to PDF/A-2b, on the founding
# declaration; and where they go.
#
# Each program runs once under valgrind --tool=callgrind (all threads,
# including the fontconfig initialisation thread Pango starts). Printed:
#   1. total instructions of each, and declc / floor;
#   2. a table of stages: dynamic linking, start-up (fonts, schemas,
#      stylesheet, hyphenation dictionary), the per-document stages and the
#      tear-down, each as inclusive instructions (callgrind_annotate
#      --inclusive=yes) and share of the total;
#   3. the top TOP (default 30) named functions by inclusive count, for each.
# Inclusive counts of nested stages overlap (a stage includes its callees);
# shares do not add up to 100 %.
#
# DECLC (argument or environment) defaults to build/declc; FLOOR to the
# declc-floor beside it. KEEP=DIR keeps the callgrind.out files in DIR, for
# kcachegrind or callgrind_annotate. Debian: apt-get install valgrind.
# Takes about half a minute per program.
set -eu
NAME=callgrind.sh
TOOLS="valgrind callgrind_annotate python3"
# shellcheck source=bench/common.sh
. "$(dirname "$0")/common.sh"
top=${TOP:-30}
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) (does not change instruction counts)"

cg() {
	name=$1
	shift
	valgrind --tool=callgrind --callgrind-out-file="$work/$name.out" "$@" \
		>/dev/null 2>"$work/$name.log" || { cat "$work/$name.log" >&2; exit 1; }
	callgrind_annotate --inclusive=yes --threshold=100 "$work/$name.out" \
		>"$work/$name.txt" 2>/dev/null
}
cg floor "$floor" "$seed" "$work/floor.pdf"
cg pdf "$declc" -q "$seed" -o "$work/declc.pdf"
cg pdfa "$declc" -q -f pdfa --pdfa 2b "$seed" -o "$work/declc-a.pdf"
if [ -n "${KEEP:-}" ]; then
	mkdir -p "$KEEP"
	cp "$work"/*.out "$KEEP"/
fi

python3 - "$work" "$top" <<'PY'
import re, sys
work, top = sys.argv[1], int(sys.argv[2])
line_re = re.compile(r"^\s*([\d,]+) \([ \d.]+%\)\s+(.*?):(.+?) \[(.+)\]\s*$")

def load(name):
    total, funcs = 0, {}
    for line in open(f"{work}/{name}.txt"):
        m = re.match(r"^\s*([\d,]+) \(100.0%\)\s+PROGRAM TOTALS", line)
        if m:
            total = int(m.group(1).replace(",", ""))
            continue
        m = line_re.match(line)
        if m:
            ir = int(m.group(1).replace(",", ""))
            fn = m.group(3)
            # keep the outermost (first, largest) entry of a name
            funcs.setdefault(fn, (ir, m.group(4).rsplit("/", 1)[-1]))
    return total, funcs

runs = {n: load(n) for n in ("floor", "pdf", "pdfa")}
t_floor = runs["floor"][0]
print("\n== Instructions (whole process, all threads) ==")
for n, label in (("floor", "floor"), ("pdf", "declc -> PDF"), ("pdfa", "declc -> PDF/A-2b")):
    t = runs[n][0]
    print(f"  {label:20} {t/1e6:8.1f} M   x{t/t_floor:.2f} floor")

# Stages: (label, function). Nested stages are indented.
stages = {
    "floor": [
        ("dynamic linking (ld.so, before main)", "_dl_start"),
        ("Pango's FcInit thread (system fontconfig)", "FcInit"),
        ("main", "main"),
        ("  bundled fonts (FcConfigAppFontAddFile)", "FcConfigAppFontAddFile"),
        ("  hyphenation dictionary (hnj_hyphen_load)", "hnj_hyphen_load"),
        ("  read the TEI (xmlReadFile)", "xmlReadFile"),
        ("  soft hyphens (hnj_hyphen_hyphenate2)", "hnj_hyphen_hyphenate2"),
        ("  Pango layout (pango_layout_get_iter)", "pango_layout_get_iter"),
        ("  draw lines (pango_cairo_show_layout_line)", "pango_cairo_show_layout_line"),
        ("  PDF pages (cairo_show_page)", "cairo_show_page"),
        ("  PDF finish: fonts, xref (cairo_surface_finish)", "cairo_surface_finish"),
    ],
}
stages["pdf"] = [
    ("dynamic linking (ld.so, before main)", "_dl_start"),
    ("Pango's FcInit thread (system fontconfig)", "FcInit"),
    ("main", "main"),
    ("  start-up: declc_run_new", "declc_run_new"),
    ("    schemas: RELAX NG + Schematron (validate_load)", "validate_load"),
    ("    stylesheet layout.xsl (xform_load)", "xform_load"),
    ("    hyphenation dictionary (hy_load)", "hy_load"),
    ("    bundled fonts (fonts_new)", "fonts_new"),
    ("  per document: declc_compile", "declc_compile"),
    ("    parse (load_document)", "load_document"),
    ("    validate (validate_document)", "validate_document"),
    ("    Spanish typography (typo_run)", "typo_run"),
    ("    XSLT (xform_apply)", "xform_apply"),
    ("    soft hyphens (hy_insert_soft_hyphens)", "hy_insert_soft_hyphens"),
    ("    line breaking (compose_block)", "compose_block"),
    ("      shaping (compose_shape)", "compose_shape"),
    ("    drawing (render_document)", "render_document"),
    ("      PDF pages (cairo_show_page)", "cairo_show_page"),
    ("      PDF finish (dc_finish)", "dc_finish"),
    ("    qpdf rewrite (pdfa_finish)", "pdfa_finish"),
    ("  tear-down (declc_run_free)", "declc_run_free"),
    ("spare thread: libqpdf, then the glyphs (warm_thread)", "warm_thread"),
    ("  libqpdf opened (dynlib_open)", "dynlib_open"),
    ("  glyphs loaded ahead (FT_Load_Glyph)", "FT_Load_Glyph"),
]
stages["pdfa"] = stages["pdf"]

for n, label in (("floor", "floor"), ("pdf", "declc -> PDF"), ("pdfa", "declc -> PDF/A-2b")):
    total, funcs = runs[n]
    print(f"\n== Stages: {label} ({total/1e6:.1f} M instructions) ==")
    for desc, fn in stages[n]:
        if fn in funcs:
            ir = funcs[fn][0]
            print(f"  {desc:52} {ir/1e6:8.1f} M {100*ir/total:5.1f} %")
        else:
            print(f"  {desc:52} {'-':>8}   (not seen)")

for n, label in (("floor", "floor"), ("pdf", "declc -> PDF")):
    total, funcs = runs[n]
    print(f"\n== Top {top} named functions, inclusive: {label} ==")
    shown = 0
    for fn, (ir, obj) in sorted(funcs.items(), key=lambda kv: -kv[1][0]):
        if fn.startswith("0x") or "'" in fn or fn.startswith("(below main)") \
                or fn in ("__libc_start_main@@GLIBC_2.34", "start_thread", "main"):
            continue
        print(f"  {ir/1e6:8.1f} M {100*ir/total:5.1f} %  {fn}  [{obj}]")
        shown += 1
        if shown == top:
            break
PY
