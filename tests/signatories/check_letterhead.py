#!/usr/bin/env python3
"""The letterhead: logos in a band at the top of page 1, outside the flow.

    check_letterhead.py DECLC FIXTURE.xml FILE.pdf LOGOS

FILE.pdf is FIXTURE.xml compiled; its front has a figure of LOGOS logos, the
first a pure blue PNG of 120 × 48 pixels (gen_fixtures.py), and the text
runs over several pages. Checks:
  - the layout trace (declc -f trace): page 1 opens with LOGOS images,
    each a Figure of the structure, before the title block; they lie in the
    text area (at or below the top margin) and end above the title's first
    baseline less its size; no later page has an image outside a table
    cell (a signature), so the band is on page 1 only;
  - poppler: pdfimages lists the 120 × 48 logo on page 1 and on no other
    page; in the pages drawn by pdftoppm its blue lies between the top
    margin and the top of "DECLARACIÓN" as pdftotext -bbox places it on
    page 1, and nowhere on the other pages;
  - a letterhead of sixteen big logos, taller than half the text area, is
    refused: exit status 1, layout:value at the figure's line, no PDF.
"""
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile

MARGIN_TOP = 70.866           # points, layout.xsl's default
PU = 1024                     # Pango units per point in the trace


def trace_pages(declc, xml):
    out = subprocess.run([declc, "-q", xml, "-f", "trace", "-o", "-"], capture_output=True,
                         text=True, check=True).stdout
    pages, tags = [], []
    for line in out.splitlines():
        w = line.split(" ", 2)
        if w[0] == "page":
            pages.append([])
        elif w[0] == "begin":
            tags.append(w[1])
        elif w[0] == "end":
            tags.pop()
        pages[-1].append((line, list(tags)))
    return pages


def blue_rows(ppm):
    """The rows (top, bottom) of pure blue pixels in a binary PPM, or None."""
    data = open(ppm, "rb").read()
    m = re.match(rb"P6\s+(\d+)\s+(\d+)\s+255\s", data)
    w, h, off = int(m.group(1)), int(m.group(2)), m.end()
    rows = [y for y in range(h) if any(
        data[off + 3 * (y * w + x) + 2] > 200 and data[off + 3 * (y * w + x)] < 80
        and data[off + 3 * (y * w + x) + 1] < 80 for x in range(0, w, 2))]
    return (rows[0], rows[-1]) if rows else None


def main():
    declc, xml, pdf, logos = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    errors = []

    pages = trace_pages(declc, xml)
    if len(pages) < 2:
        errors.append("trace: %d page(s); the fixture must run over several" % len(pages))
    first = pages[0]
    title = next(i for i, (l, t) in enumerate(first) if l == "begin Title")
    head = [(l, t) for l, t in first[:title] if l.startswith("image ")]
    if len(head) != logos:
        errors.append("trace: %d images before the title on page 1, expected %d logos" % (len(head), logos))
    baseline = next(int(l.split()[2]) for l, t in first[title:] if l.startswith("text "))
    for l, t in head:
        x, y, w, h = map(int, l.split()[1:5])
        if t[-1] != "Figure":
            errors.append("trace: letterhead image not a Figure: %s in %s" % (l, t))
        if y < MARGIN_TOP * PU - PU or y + h > baseline - 14 * PU:
            errors.append("trace: logo %s not between the top margin and the title (baseline %d)" % (l, baseline))
    for n, page in enumerate(pages[1:], 2):
        for l, t in page:
            if l.startswith("image ") and "TD" not in t:
                errors.append("trace: page %d has an image outside the signatures: %s" % (n, l))

    rows = subprocess.run(["pdfimages", "-list", pdf], capture_output=True, text=True, check=True).stdout
    on = sorted({int(r.split()[0]) for r in rows.splitlines()[2:]
                 if r.split()[3:5] == ["120", "48"]})
    if on != [1]:
        errors.append("pdfimages: the PNG logo is on pages %s, expected [1]" % on)
    bbox = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", pdf, "-"],
                          capture_output=True, text=True, check=True).stdout
    m = re.search(r'<word xMin="[\d.]+" yMin="([\d.]+)"[^>]*>DECLARACIÓN</word>', bbox)
    if not m:
        errors.append("pdftotext: no DECLARACIÓN on page 1")
    tmp = tempfile.mkdtemp()
    subprocess.run(["pdftoppm", "-r", "72", pdf, tmp + "/p"], check=True)
    for n, ppm in enumerate(sorted(glob.glob(tmp + "/p-*.ppm")), 1):
        blue = blue_rows(ppm)
        if n == 1:
            if blue is None:
                errors.append("pdftoppm: no logo drawn on page 1")
            elif m and not (MARGIN_TOP - 2 <= blue[0] and blue[1] < float(m.group(1))):
                errors.append("pdftoppm: the logo spans rows %s, not between the margin (%.0f) and the title (%s)"
                              % (blue, MARGIN_TOP, m.group(1)))
        elif blue is not None:
            errors.append("pdftoppm: the logo's blue appears on page %d (rows %s)" % (n, blue))
    shutil.rmtree(tmp)
    source = open(xml, encoding="utf-8").read()
    big = re.sub(r"<figure>.*</figure>", "<figure>%s</figure>" % (
        '<graphic url="images/logo.svg" height="10cm"/>' * 16), source)
    line = next(i for i, l in enumerate(big.splitlines(), 1) if "<figure>" in l)
    doc = xml.replace(".xml", "-too-tall.xml")
    with open(doc, "w", encoding="utf-8") as f:
        f.write(big)
    r = subprocess.run([declc, doc, "-o", doc.replace(".xml", ".pdf")], capture_output=True, text=True)
    if r.returncode != 1 or not re.search(r":%d:\d+: error: .*first-page-only.*\[layout:value\]" % line, r.stderr):
        errors.append("a letterhead taller than half the page: exit %d, %s" % (r.returncode, r.stderr.strip()))
    if os.path.exists(doc.replace(".xml", ".pdf")):
        errors.append("a letterhead taller than half the page: a PDF was written")
    for e in errors:
        print(e)
    if errors:
        sys.exit(1)
    print("%s: the letterhead is on page 1 only, above the title: ok" % pdf)


if __name__ == "__main__":
    main()
