"""The text lines of a PDF as poppler reads them, in a chosen reading order (for check_words.py).

Why not plain `pdftotext`: it removes line-end hyphens itself and so loses the hyphen of a
compound broken at it ("teórico-|práctico" becomes "teóricopráctico"), which check_words must
be able to tell from a hyphenated word. Why not `pdftotext -layout`: it prints a signatory
grid line by line across the page, so two cells of several lines side by side come out
interleaved. `pdftotext -bbox-layout` gives the same words in poppler's reading order with
their blocks, lines and boxes, untouched; the orders below are built from it:

  poppler  poppler's blocks in poppler's order (what a viewer's select-and-copy gives).
           Poppler may take the two columns of a grid for text columns and read them one
           after the other: cell 1, cell 3, then cell 2, cell 4.
  rows     the page's boxes (poppler's blocks, cut where two lines are further apart than
           the block's usual line pitch, which separates the rows of a grid) grouped in bands of
           boxes that overlap vertically; bands top to bottom, boxes in a band left to right,
           lines of a box top to bottom: a grid is read row by row, each cell as a whole.
  lines    the same with every line its own box: read across the page line by line, as
           -layout does. Right for a tight grid of one-line cells, which poppler reads as
           columns and whose rows cannot be told apart geometrically.
  raw      `pdftotext -raw`: content-stream order, the order declc drew things in; the only
           one right for a grid whose rows are as close as its lines (nothing on the page
           tells such rows apart).
"""
import html
import re

import testkit  # beside this file: whoever imports pdf_words has tests/tools on sys.path

ORDERS = ("poppler", "rows", "lines", "raw")


def run(cmd):
    """stdout of a poppler tool; exit 2 (cannot check) if it is missing or fails."""
    return testkit.run(cmd, "poppler-utils")


def bbox_pages(pdf):
    """Per page, poppler's blocks; a block is a list of lines (x0, y0, x1, y1, words)."""
    doc = run(["pdftotext", "-enc", "UTF-8", "-bbox-layout", pdf, "-"])
    for page in re.findall(r"<page\b.*?</page>", doc, re.S):
        blocks = []
        for block in re.findall(r"<block\b.*?</block>", page, re.S):
            lines = re.findall(r'<line xMin="([-\d.]+)" yMin="([-\d.]+)" xMax="([-\d.]+)" '
                               r'yMax="([-\d.]+)">(.*?)</line>', block, re.S)
            blocks.append([tuple(map(float, ln[:4])) + (
                [html.unescape(w) for w in re.findall(r"<word[^>]*>(.*?)</word>", ln[4], re.S)],)
                for ln in lines])
        yield blocks


def by_rows(blocks, every_line=False):
    """One page's lines in band order (see the module docstring: rows, lines)."""
    boxes = []
    for lines in blocks:
        pitches = sorted(b[1] - a[1] for a, b in zip(lines, lines[1:]))
        usual = pitches[len(pitches) // 2] if pitches else 0
        box = []
        for ln in lines:     # a gap wider than the block's usual line pitch ends a grid row
            if box and (every_line or ln[1] - box[-1][1] > 1.1 * usual + 0.5):
                boxes.append(box)
                box = []
            box.append(ln)
        boxes += [box] if box else []
    boxes.sort(key=lambda b: min(ln[1] for ln in b))
    bands, bottom = [], 0.0
    for b in boxes:
        top, first = min(ln[1] for ln in b), b[0][3] - b[0][1]
        if not bands or top >= bottom - 0.5 * first:   # overlapping by half a line or less
            bands.append([])
            bottom = top
        bands[-1].append(b)
        bottom = max(bottom, max(ln[3] for ln in b))
    return [ln for band in bands for b in sorted(band, key=lambda b: min(ln[0] for ln in b))
            for ln in b]


def pdf_lines(pdf, order):
    """The PDF's text as a list of (page number, line text) in ORDER (one of ORDERS)."""
    if order == "raw":
        pages = run(["pdftotext", "-enc", "UTF-8", "-raw", pdf, "-"]).split("\f")
        return [(n, ln) for n, p in enumerate(pages, 1) for ln in p.splitlines()]
    out = []
    for n, blocks in enumerate(bbox_pages(pdf), 1):
        if order == "poppler":
            lines = [ln for b in blocks for ln in b]
        else:
            lines = by_rows(blocks, every_line=order == "lines")
        out += [(n, " ".join(ln[4])) for ln in lines]
    return out
