#!/usr/bin/env python3
"""ES-17: ordinal endings in the outputs, read back from the PDF.

usage: check_ordinals.py DECLC OUTDIR

Compiles one small declaration (OUTDIR/ordinals.xml) to PDF, HTML and text in one declc run
and checks each case below in each output. In the PDF, poppler's `pdftotext` must give the
normalised words (1.er, 2.º, N.º 45), and `mutool trace` (MuPDF), which lists every glyph
drawn with its font size, baseline and advance, must show how the ending was set:

  sups      the letters of 1.er are the font's superior glyphs (OpenType sups): drawn at the
            size of the text and on its baseline (the glyph itself is raised), and narrower
            than the same letter set ordinarily elsewhere in the document;
  glyph     º and ª are superscript glyphs of their own: drawn as they are, at the size of
            the text, on its baseline;
  raised    the fallback for a superscript the font has no superior glyph for (Linux
            Libertine has none for é): the ordinary glyph, smaller and above the baseline.

Without mutool the test fails: scripts/setup-debian.sh installs it (mupdf-tools).
Exit status: 0 pass, 1 fail, 2 usage or environment error.
"""
import html
import os
import re
import shutil
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools"))
from testkit import arguments, run, tei_document  # noqa: E402

# (rule, TEI markup of one paragraph, words pdftotext must give, ending, how it is set)
# The ending is looked for right after the first word of `words` that contains it.
CASES = [
    ("ES-17", "el 1er Seminario", "el 1.er Seminario", ("1.", "er"), "sups"),
    ("ES-17", "en 3.er lugar", "en 3.er lugar", ("3.", "er"), "sups"),
    ("ES-17", "el 2º piso y la 1ª vez", "el 2.º piso y la 1.ª vez", ("2.", "º"), "glyph"),
    ("ES-17", "la 1ª vez", "la 1.ª vez", ("1.", "ª"), "glyph"),
    ("ES-17", "la Resolución Nº 45", "la Resolución N.º 45", ("N.", "º"), "glyph"),
    ("ES-17", 'el 1.<hi rend="sup">er</hi> lugar', "el 1.er lugar", ("1.", "er"), "sups"),
    ("ES-17", 'la nota<hi rend="sup">é</hi> final', "la notaé final", ("nota", "é"), "raised"),
]

failures = 0


def fail(case, what):
    global failures
    failures += 1
    print(f"FAIL {case[0]} {case[1]!r}: {what}")


def glyphs(pdf):
    """Every glyph drawn, in order: (char, size, x, y, advance)."""
    out = []
    size = 0.0
    for line in run(["mutool", "trace", pdf]).splitlines():
        m = re.search(r'<span [^>]*trm="([-\d.]+) ', line)
        if m:
            size = float(m.group(1))
            continue
        m = re.search(r'<g unicode="([^"]*)" [^>]*x="([-\d.]+)" y="([-\d.]+)" adv="([-\d.]+)"', line)
        if m:
            out.append((html.unescape(m.group(1)), size, float(m.group(2)), float(m.group(3)),
                        float(m.group(4))))
    return out


def plain_advance(gl, ch, size):
    """The advance of CH set ordinarily: the most frequent one at SIZE."""
    advs = [g[4] for g in gl if g[0] == ch and abs(g[1] - size) < 0.01]
    return max(set(advs), key=advs.count) if advs else None


def check_glyphs(case, gl, body_size):
    before, ending = case[3]
    text = "".join(g[0] for g in gl)
    at = text.find(before + ending)
    if at < 0:
        fail(case, f"glyphs: {before + ending!r} not drawn")
        return
    base = gl[at]             # the first character before the ending: the text's own size
    for k, ch in enumerate(ending):
        g = gl[at + len(before) + k]
        if case[4] in ("sups", "glyph"):
            if abs(g[1] - base[1]) > 0.01 or abs(g[3] - base[3]) > 0.01:
                fail(case, f"glyph {ch!r}: size {g[1]} at y {g[3]}, want the text's {base[1]} at y {base[3]}")
        if case[4] == "sups":
            plain = plain_advance(gl, ch, body_size)
            if plain is None:
                fail(case, f"no ordinary {ch!r} in the document to compare with")
            elif not g[4] < plain - 0.02:
                fail(case, f"glyph {ch!r}: advance {g[4]}, the ordinary one's is {plain}: "
                     "not the font's superior letter (sups)")
        if case[4] == "raised":
            if not (g[1] < base[1] - 0.5 and g[3] < base[3] - 0.5):
                fail(case, f"glyph {ch!r}: size {g[1]} at y {g[3]}, want smaller than {base[1]} "
                     f"and above y {base[3]}")


def main():
    declc, outdir = arguments(__doc__, 2)
    os.makedirs(outdir, exist_ok=True)
    src = os.path.join(outdir, "ordinals.xml")
    pdf = os.path.join(outdir, "ordinals.pdf")
    with open(src, "w", encoding="utf-8") as f:
        f.write(tei_document("Ordinales", "Prueba de ES-17.", "".join(
            f"<!-- {case[0]} -->\n<p>{case[1]} (ordinario: e r).</p>\n" for case in CASES)))
    run([declc, src, "-q", "-f", "pdf,html,txt", "-o", pdf])

    words = " ".join(run(["pdftotext", "-enc", "UTF-8", pdf, "-"]).split())
    with open(os.path.join(outdir, "ordinals.html"), encoding="utf-8") as f:
        page = f.read()
    with open(os.path.join(outdir, "ordinals.txt"), encoding="utf-8") as f:
        text = " ".join(f.read().replace("\u00a0", " ").split())
    for case in CASES:
        if case[2] not in words:
            fail(case, f"pdftotext has no {case[2]!r}")
        if case[2] not in text:
            fail(case, f"the text output has no {case[2]!r}")
        before, ending = case[3]
        if case[4] in ("sups", "raised"):
            want = f'<sup class="volada">{ending}</sup>'
            if before + want not in page:
                fail(case, f"the HTML has no {before + want!r}")
        elif before + ending not in page:
            fail(case, f"the HTML has no {before + ending!r}")

    if shutil.which("mutool") is None:
        print("FAIL: mutool not found (Debian package mupdf-tools; scripts/setup-debian.sh installs it)")
        return 1
    gl = glyphs(pdf)
    # The size of the running text: the most frequent size of a letter.
    sizes = [g[1] for g in gl if g[0].isalpha()]
    body_size = max(set(sizes), key=sizes.count)
    for case in CASES:
        check_glyphs(case, gl, body_size)
    print(f"{len(CASES)} cases, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
