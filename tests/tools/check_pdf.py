#!/usr/bin/env python3
"""check_pdf.py OUT.pdf [--pages N] [--paper P] [--title T] [--lang L] [--tagged] [--outline [TITLE...]] [--xmp]

What a reader's document properties dialog shows, checked against what declc promises:
  * every page has the paper size asked for (A4 by default; --paper letter|oficio|legal,
    within 1 pt, portrait; oficio is 8.5 x 13 in = 216 x 330 mm) — pdfinfo;
  * --pages N: the page count;
  * --title T: the Title in the document information equals T (from the teiHeader);
  * --lang L: the catalog's /Lang is L (screen readers pick their voice from it) — qpdf;
  * --tagged: `Tagged: yes` (MarkInfo) and a structure tree (/StructTreeRoot) — pdfinfo, qpdf;
  * --outline: the PDF has bookmarks; with titles, exactly these, in order, flattened — qpdf;
  * --xmp: an XMP metadata stream (PDF/A needs one), holding the --title if one is given.
Poppler shows the page sizes, the information dictionary, Tagged and XMP; it does not show
/Lang, the structure tree root or the outline tree, so those come from `qpdf --json`.

Exit status: 0 pass, 1 fail, 2 usage or environment error (missing file, pdfinfo or qpdf).
"""
import argparse
import html
import json
import os
import re
import subprocess
import sys

PAPER = {"a4": (595.276, 841.89), "letter": (612, 792), "legal": (612, 1008),
         "oficio": (612, 936)}


def run(cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    except FileNotFoundError:
        pkg = "qpdf" if cmd[0] == "qpdf" else "poppler-utils"
        print(f"check_pdf: {cmd[0]} not found (Debian package {pkg})", file=sys.stderr)
    except subprocess.CalledProcessError as e:
        print(f"check_pdf: {' '.join(cmd)} failed: {e.stderr.strip()}", file=sys.stderr)
    sys.exit(2)


def qpdf_json(pdf):
    """(catalog dictionary, flat list of outline titles) from qpdf's JSON."""
    doc = json.loads(run(["qpdf", "--json=2", "--json-key=qpdf", "--json-key=outlines", pdf]))
    objects = doc["qpdf"][1]
    root_ref = objects["trailer"]["value"]["/Root"]
    catalog = objects[f"obj:{root_ref}"]["value"]
    titles, todo = [], list(doc.get("outlines", []))
    while todo:                                  # depth first, in order
        item = todo.pop(0)
        titles.append(item.get("title", ""))
        todo[0:0] = item.get("kids", [])
    return catalog, titles


def text(value):
    """A qpdf JSON v2 string ("u:…" text, "/Name") as plain text."""
    return value[2:] if isinstance(value, str) and value[:2] in ("u:", "b:") else str(value)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[1],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("pdf", metavar="OUT.pdf")
    ap.add_argument("--pages", type=int, metavar="N", help="expected page count")
    ap.add_argument("--paper", choices=sorted(PAPER) + ["any"], default="a4",
                    help="expected size of every page (default a4)")
    ap.add_argument("--title", metavar="T", help="expected Title metadata")
    ap.add_argument("--lang", metavar="L", help="expected /Lang of the document, e.g. es-CL")
    ap.add_argument("--tagged", action="store_true", help="require a tagged PDF")
    ap.add_argument("--outline", nargs="*", metavar="TITLE",
                    help="require bookmarks; with titles, exactly these in order")
    ap.add_argument("--xmp", action="store_true", help="require XMP metadata")
    args = ap.parse_args()
    if not os.path.isfile(args.pdf):
        print(f"check_pdf: {args.pdf}: no such file", file=sys.stderr)
        return 2
    info = run(["pdfinfo", "-enc", "UTF-8", args.pdf])
    field = dict(re.findall(r"^([\w ]+?):\s*(.*)$", info, re.M))
    pages = int(field.get("Pages", 0))
    sizes = re.findall(r"^Page\s+(\d+) size:\s+([\d.]+) x ([\d.]+) pts",
                       run(["pdfinfo", "-f", "1", "-l", str(max(pages, 1)), args.pdf]), re.M)
    problems = []
    if args.pages is not None and pages != args.pages:
        problems.append(f"{pages} pages, expected {args.pages}")
    if args.paper != "any":
        want = PAPER[args.paper]
        for n, w, h in sizes:
            if abs(float(w) - want[0]) > 1 or abs(float(h) - want[1]) > 1:
                problems.append(f"page {n} is {w} x {h} pt, not {args.paper} "
                                f"({want[0]} x {want[1]} pt, within 1 pt)")
    if args.title is not None and field.get("Title", "") != args.title:
        problems.append(f"Title is {field.get('Title', '(none)')!r}, expected {args.title!r}")
    if args.tagged and field.get("Tagged") != "yes":
        problems.append("not tagged (pdfinfo: Tagged: no): no /MarkInfo /Marked true")
    if args.xmp:
        xmp = run(["pdfinfo", "-meta", args.pdf])
        if not xmp.strip():
            problems.append("no XMP metadata stream")
        elif args.title and args.title not in html.unescape(xmp):
            problems.append(f"the XMP metadata does not hold the title {args.title!r}")
    if args.lang or args.tagged or args.outline is not None:
        catalog, titles = qpdf_json(args.pdf)
        lang = text(catalog.get("/Lang", "(none)"))
        if args.lang and lang != args.lang:
            problems.append(f"/Lang is {lang!r}, expected {args.lang!r}")
        if args.tagged and "/StructTreeRoot" not in catalog:
            problems.append("no structure tree (/StructTreeRoot): the tags are missing")
        if args.outline is not None and not titles:
            problems.append("no outline (bookmarks)")
        elif args.outline and titles != args.outline:
            problems.append(f"outline is {titles}, expected {args.outline}")
    if problems:
        print(f"check_pdf: FAIL: {args.pdf}: {len(problems)} problem(s)")
        print("\n".join("  " + p for p in problems))
        return 1
    print(f"check_pdf: OK: {args.pdf}: {pages} page(s)"
          + (f", {args.paper}" if args.paper != "any" else "")
          + (f", title {args.title!r}" if args.title is not None else "")
          + (f", lang {args.lang}" if args.lang else "") + (", tagged" if args.tagged else "")
          + (", outline" if args.outline is not None else "") + (", XMP" if args.xmp else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
