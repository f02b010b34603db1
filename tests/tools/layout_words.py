#!/usr/bin/env python3
"""layout_words.py SOURCE.xml LAYOUT.xml — the layout tree keeps every source word, in order.

The stylesheet (stylesheets/layout.xsl, or a house style) is where words are most easily lost:
a template that forgets a child, whitespace normalisation that glues two words or drops one.
This test checks the layout tree itself, before any typesetting, with the same rules as the
PDF test: the words of the TEI <text> (tei_words.py, with the Spanish dates the stylesheet
writes) must all appear in the layout's body in order (check_words.py's matching: punctuation
stripped, case differences from uppercasing accepted, list labels and footnotes explained).

Layout text: every l:block of l:body in document order, its label first; l:br ends a line.
Header, footer, meta and continued-label are furniture and not read.

It also checks what whitespace normalisation promises (see layout.xsl, "WHITESPACE"): no line
of a block starts or ends with a space, no two spaces in a row, no tab or newline in text.

Produce the layout with xsltproc:
    xsltproc stylesheets/layout.xsl samples/X.xml > X.layout.xml
    python3 tests/tools/layout_words.py samples/X.xml X.layout.xml

Exit status: 0 pass, 1 fail, 2 usage error.
"""
import argparse
import os
import re
import sys
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from check_words import compare, MAX_SHOWN   # noqa: E402
from tei_words import source_words            # noqa: E402

L = "{urn:declc:layout:1}"


def inline_text(el):
    """The text of a block or span; l:br becomes a newline."""
    out = [el.text or ""]
    for child in el:
        if child.tag == L + "br":
            out.append("\n")
        elif child.tag == L + "span":
            out.append(inline_text(child))
        out.append(child.tail or "")
    return "".join(out)


def layout_lines(path):
    """(block number, line text) for every line of every block of the body; and the blocks."""
    root = ET.parse(path).getroot()
    body = root.find(L + "body")
    if body is None:
        raise ValueError(f"{path}: no l:body")
    lines, blocks = [], []
    for n, block in enumerate(body.iter(L + "block"), 1):
        text = inline_text(block)
        blocks.append((n, block.get("src", "?"), text))
        label = block.get("label")
        for i, line in enumerate(text.split("\n")):
            lines.append((n, (label + " " if label and i == 0 else "") + line))
    return lines, blocks


def whitespace_problems(blocks):
    problems = []
    for n, src, text in blocks:
        for line in text.split("\n"):
            why = None
            if re.search(r"[\t\r]", line):
                why = "a tab or CR"
            elif line != line.strip(" "):
                why = "a space at the start or end of a line"
            elif "  " in line:
                why = "two spaces in a row"
            if why:
                problems.append(f"block {n} (src {src}): {why}: {line!r}")
    return problems


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("source", metavar="SOURCE.xml")
    ap.add_argument("layout", metavar="LAYOUT.xml")
    ap.add_argument("--allow", nargs="+", default=[], action="extend", metavar="WORD",
                    help="extra words the stylesheet generates")
    ap.add_argument("--words-only", action="store_true",
                    help="print both normalised word lists and exit 0")
    args = ap.parse_args()
    args.furniture = []
    try:
        flow, notes = source_words(args.source)
        lines, blocks = layout_lines(args.layout)
    except (OSError, ValueError, ET.ParseError) as e:
        print(f"layout_words: {e}", file=sys.stderr)
        return 2
    problems, info, (ns, nl, nexp), src, lay = compare(flow, notes, lines, args)
    if args.words_only:
        print(f"# source words ({len(src)})")
        print("\n".join(f"{n}\t{t.text}\t{t.where}" for n, t in enumerate(src, 1)))
        print(f"# layout words ({len(lay)})")
        print("\n".join(f"{n}\t{t.text}\tblock {t.where}" for n, t in enumerate(lay, 1)))
        return 0
    problems = [p.replace("PDF page", "layout block").replace("the PDF", "the layout").replace("PDF:", "layout:")
                for p in problems]
    problems += whitespace_problems(blocks)
    for line in info:
        print(f"layout_words: note: {line}")
    if problems:
        print(f"layout_words: FAIL: {args.layout} is not faithful to {args.source} "
              f"({len(problems)} problems)", file=sys.stderr)
        for p in problems[:MAX_SHOWN]:
            print(p, file=sys.stderr)
        if len(problems) > MAX_SHOWN:
            print(f"… and {len(problems) - MAX_SHOWN} more", file=sys.stderr)
        return 1
    print(f"layout_words: OK: {ns} source words in order among {nl} layout words "
          f"({nexp} generated words explained)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
