#!/usr/bin/env python3
"""quality.py — the typographic quality of a typeset PDF, measured on its
text layer (poppler's pdftotext -bbox-layout), and checked against limits.

For one sample it runs declc (with the --param and --font-dir given), reads
every word box, rebuilds the lines (words sharing a baseline, left to right,
without the header and footer margins) and measures:

  widest gap   the largest distance between two consecutive words of a
               justified line (one that reaches the right margin and is not
               the last of its paragraph), in em of the body font size;
  hyphenated   lines whose last word ends in a hyphen after a letter, and
               the longest run of them on consecutive lines (ES-28);
  overfull     words that end beyond the right margin;
  widows and orphans
               a paragraph cut by a page turn with fewer than two lines on
               either side (ES-27); a paragraph ends at a line that stops
               short of the right margin or before a larger baseline step;
  hyphen at a page turn
               the last line of a page ending in a hyphen (ES-28);
  signatures alone
               a page holding nothing but signatory lines, or signatures
               whose first row has fewer than three lines of text (the dateline
               and two lines) above it on its page (ES-27, ES-35); signatory
               lines are those made only of words of the source's <signed>.

  quality.py DECLC SAMPLE OUT.pdf [--param N=V]... [--font-dir D]
             [--font-size PT] [--margin PT] [--leading PT]
             [--max-gap EM] [--max-hyphens N] [--max-run N] [--against-greedy]
             [--report]

Exit status 0 when every limit holds; --report prints the figures only.
Standard library only.
"""
import argparse
import html
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

TEI = "{http://www.tei-c.org/ns/1.0}"
LABEL = re.compile(r"^([0-9]+|[a-zA-Z]|[ivxlcdmIVXLCDM]+)[.)º°]?$|^[•◦–—-]$")


def words_of(pdf):
    """Per page: (width, height, [(xmin, ymin, xmax, ymax, text)])."""
    out = subprocess.run(["pdftotext", "-bbox-layout", pdf, "-"], check=True,
                         capture_output=True, text=True).stdout
    pages = []
    for m in re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', out, re.S):
        words = [(float(a), float(b), float(c), float(d), html.unescape(t))
                 for a, b, c, d, t in re.findall(
                     r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>',
                     m.group(3), re.S)]
        pages.append((float(m.group(1)), float(m.group(2)), words))
    return pages


def lines_of(words, top, bottom):
    """Words between TOP and BOTTOM grouped into lines by their bottom edge;
    a smaller word (a superscript call mark) joins the line whose box holds
    its middle."""
    words = [w for w in words if w[3] >= top and w[1] <= bottom]
    if not words:
        return []
    heights = sorted(w[3] - w[1] for w in words)
    tall = heights[len(heights) // 2] * 0.8
    lines = []
    for w in sorted((w for w in words if w[3] - w[1] >= tall), key=lambda w: (w[3], w[0])):
        if lines and abs(lines[-1][0] - w[3]) < 1.0:
            lines[-1][1].append(w)
        else:
            lines.append([w[3], [w]])
    for w in (w for w in words if w[3] - w[1] < tall):
        mid = (w[1] + w[3]) / 2
        home = [l for l in lines if l[1][0][1] <= mid <= l[0]]
        if home:
            home[0][1].append(w)
        else:
            lines.append([w[3], [w]])
    lines.sort(key=lambda l: l[0])
    return [(y, sorted(ws)) for y, ws in lines]


def signed_words(sample):
    words = {"Firmantes", "(continuación)", "Firman:", "Firman"}
    root = ET.parse(sample).getroot()
    for s in root.iter(TEI + "signed"):
        words.update("".join(s.itertext()).split())
    return words


def measure(pages, size, margin, leading, signers):
    fig = {"gap": 0.0, "gap_at": "", "hyphenated": 0, "run": 0, "overfull": [], "widows": [],
           "page_hyphen": [], "signatures": []}
    run = 0
    body = []   # per page: lines
    for width, height, words in pages:
        right = width - margin
        lines = lines_of(words, margin - 2, height - margin + 2)
        body.append((right, lines))
        for y, ws in lines:
            for w in ws:
                if w[2] > right + 0.5:
                    fig["overfull"].append(w[4])
            full = ws[-1][2] >= right - 1.0
            if all(w[4] in signers for w in ws):
                continue   # a row of signature cells, not a line of text
            gaps = list(zip(ws, ws[1:]))
            if gaps and LABEL.match(ws[0][4]):
                gaps = gaps[1:]   # a list label and its text
            if full:
                for a, b in gaps:
                    g = (b[0] - a[2]) / size
                    if g > fig["gap"]:
                        fig["gap"], fig["gap_at"] = g, a[4] + " " + b[4]
            last = ws[-1][4]
            if full and re.search(r"\w-$", last):
                fig["hyphenated"] += 1
                run += 1
                fig["run"] = max(fig["run"], run)
            else:
                run = 0
    # The last line of a paragraph: short of the margin, or before a step
    # larger than the leading. Widows, orphans, hyphens at a page turn.
    for k, (right, lines) in enumerate(body):
        if not lines:
            continue
        y, ws = lines[-1]
        cont = ws[-1][2] >= right - 1.0 and not all(w[4] in signers for w in ws)
        if cont and k + 1 < len(body) and body[k + 1][1]:
            if re.search(r"\w-$", ws[-1][4]):
                fig["page_hyphen"].append(k + 1)
            before = lines[-2] if len(lines) > 1 else None
            if before is None or abs(y - before[0] - leading) > 1.0 or before[1][-1][2] < right - 1.0:
                fig["widows"].append("orphan on page %d" % (k + 1))
            nright, nlines = body[k + 1]
            first = nlines[0]
            if all(w[4] in signers for w in first[1]):
                continue
            second = nlines[1] if len(nlines) > 1 else None
            if first[1][-1][2] < nright - 1.0 or second is None or abs(second[0] - first[0] - leading) > 1.0:
                fig["widows"].append("widow on page %d" % (k + 2))
    seen_signature = False
    for k, (right, lines) in enumerate(body):
        sig = [all(w[4] in signers for w in ws) for y, ws in lines]
        if lines and all(sig):
            fig["signatures"].append("page %d holds only signatures" % (k + 1))
        if not seen_signature and any(sig):
            seen_signature = True
            first = sig.index(True)
            if first < 3:
                fig["signatures"].append("signatures on page %d with %d lines above" % (k + 1, first))
    return fig


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("declc")
    ap.add_argument("sample")
    ap.add_argument("pdf")
    ap.add_argument("--param", action="append", default=[])
    ap.add_argument("--font-dir")
    ap.add_argument("--font-size", type=float, default=11.0)
    ap.add_argument("--margin", type=float, default=70.866)
    ap.add_argument("--leading", type=float, default=14.0)
    ap.add_argument("--max-gap", type=float)
    ap.add_argument("--max-hyphens", type=int)
    ap.add_argument("--max-run", type=int, default=2)
    ap.add_argument("--report", action="store_true")
    ap.add_argument("--against-greedy", action="store_true",
                    help="also set the sample with --param line-breaking=greedy; no figure may be worse")
    a = ap.parse_args()

    def run(pdf, extra):
        cmd = [a.declc, a.sample, "-o", pdf, "--quiet"]
        for p in a.param + extra:
            cmd += ["--param", p]
        if a.font_dir:
            cmd += ["--font-dir", a.font_dir]
        subprocess.run(cmd, check=True)
        pages = words_of(pdf)
        fig = measure(pages, a.font_size, a.margin, a.leading, signed_words(a.sample))
        print("%s%s: widest gap %.3f em (%s), %d hyphenated lines, longest run %d, %d pages"
              % (a.sample.rsplit("/", 1)[-1], " ".join([""] + extra), fig["gap"], fig["gap_at"],
                 fig["hyphenated"], fig["run"], len(pages)))
        return fig

    fig = run(a.pdf, [])
    greedy = run(re.sub(r"\.pdf$", "", a.pdf) + "-greedy.pdf", ["line-breaking=greedy"]) \
        if a.against_greedy else None
    if a.report:
        return 0
    bad = []
    if a.max_gap is not None and fig["gap"] > a.max_gap:
        bad.append("widest gap %.3f em > %.3f" % (fig["gap"], a.max_gap))
    if a.max_hyphens is not None and fig["hyphenated"] > a.max_hyphens:
        bad.append("%d hyphenated lines > %d" % (fig["hyphenated"], a.max_hyphens))
    if fig["run"] > a.max_run:
        bad.append("%d hyphenated lines in a row > %d" % (fig["run"], a.max_run))
    bad += ["beyond the right margin: " + w for w in fig["overfull"]]
    bad += fig["widows"]
    bad += ["hyphen at the foot of page %d" % p for p in fig["page_hyphen"]]
    bad += fig["signatures"]
    if greedy:
        for key, what in (("gap", "widest gap"), ("hyphenated", "hyphenated lines"),
                          ("run", "longest run")):
            if fig[key] > greedy[key] + 1e-9:
                bad.append("%s worse than greedy: %s > %s" % (what, fig[key], greedy[key]))
    for b in bad:
        print("FAIL: " + b)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
