#!/usr/bin/env python3
"""check_words.py SOURCE.xml OUT.pdf — every source word is in the PDF's text layer, in order.

DESIGN.md §4 promises a faithful PDF: every word of the source appears in the text layer, in
order, extractable, with hyphenation removable. This test reads the PDF as a reader does
(poppler's pdftotext) and compares it with the words of the TEI <text> (see tei_words.py).

Reading order: the PDF is read with `pdftotext -bbox-layout` (pdf_words.py says why not
plain pdftotext or -layout). --order auto (the default) tries poppler's own reading order,
then "rows" (a grid row by row, each cell whole), "lines" (across the page line by line) and
"raw" (drawing order), and passes if one of them reads the document in order: poppler may
take a signatory grid's columns for text columns; rows reads cells of several lines, lines
a tight grid of one-line cells, raw a grid whose rows are as close as its lines. Each is
what some reader gives. The failure shown is that of the order with the fewest problems.

Matching. Both word lists are normalised: NFKC, case-folded, quotes and other punctuation
stripped from both ends of a word (a bare punctuation token is no word), internal periods
dropped (1º = 1.º, S.A. = S. A.), dash and apostrophe variants unified, U+00A0/U+202F/U+2009
are spaces, soft hyphens and joiners removed. A PDF word ending in a hyphen at a line end is
joined to the next line's first word, without the hyphen (hyphenation) or with it (a
compound; also "teórico-|-práctico", ES-31), whichever form the source has. Neighbouring
words whose concatenation is a word of the other side are merged (15 000 = 15000). The
lists are then aligned (difflib, no junk heuristics).

Every source word must be matched in order. A case difference is accepted only where the
PDF has the word in capitals (the stylesheet uppercases titles) and is reported. Every PDF
word not matched must be explained: page furniture lines ("Página N de M", "… (continuación)",
--furniture), list labels and numbers ("1.", "a)", "iv.", "•"), --allow words, or the words
of a footnote (<note>), which may stand anywhere as long as they keep their own order.
Words the stylesheet writes for empty <date/> are expected at their place (tei_words.py).

Exit status: 0 pass, 1 fail, 2 usage or environment error (unreadable input, no pdftotext).
"""
import argparse
import difflib
import re
import sys
import unicodedata
import xml.parsers.expat

sys.dont_write_bytecode = True      # no __pycache__ in the source tree for our two modules
from pdf_words import ORDERS, pdf_lines  # noqa: E402
from tei_words import source_words  # noqa: E402

HYPHENS = "-\u00ad\u2010"
SPACES = re.compile(r"[\s\u00a0\u202f\u2009\u2007]+")
FOLD = {ord(c): None for c in "\u00ad\u200b\u200c\u200d\u2060\ufeff"}
FOLD.update({ord(c): "'" for c in "\u2019\u2018\u02bc\u2032"})
FOLD.update({ord(c): "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"})
FOLD[ord("\u00b0")] = "o"                       # N° = N.º (ES-17)
ORDINAL = re.compile(r"^(\d+)(?:ero|ro|do|to|mo|vo|no)$|^(\d+)(?:era|ra|da|ta|ma|va|na)$")
LABEL = re.compile(r"^[(\[]?(\d+(\.\d+)*|[a-z]|[ivxlcdm]+)[.)\]]*$|^[•·◦▪‣*–—-]$", re.I)
FURNITURE = [r"Página \d+ de \d+", r".*\(continuación\)"]
CONTEXT = 10
MAX_SHOWN = 25


def bare(w):
    """The word with invisible marks removed and punctuation stripped from both ends."""
    w = unicodedata.normalize("NFKC", w.translate(FOLD))
    return re.sub(r"^[^\w]+|[^\w]+$", "", w).replace("_", "")


def key(w):
    """What two words must share to match (1ro = 1.º, 2da = 2.ª as ES-17 rewrites them)."""
    k = bare(w).replace(".", "").casefold()
    return ORDINAL.sub(lambda m: m.group(1) + "o" if m.group(1) else m.group(2) + "a", k)


class Tok:
    """A word, where it came from (file:line or a page number), and its matching key."""
    def __init__(self, text, where, line_end=False):
        self.text, self.where, self.line_end, self.k = text, where, line_end, key(text)


def pdf_tokens(lines, furniture):
    """The words of the PDF lines, less whole furniture lines; and how many words those had."""
    toks, explained = [], 0
    for page, text in lines:
        text = SPACES.sub(" ", text).strip()
        if any(re.fullmatch(f, text) for f in furniture):
            explained += len(text.split())
            continue
        words = text.split()
        toks += [Tok(w, page, i == len(words) - 1) for i, w in enumerate(words)]
    return toks, explained


def join_hyphens(toks, vocab):
    """Undo line-end hyphenation, keeping the hyphen where the source has a compound."""
    out, i = [], 0
    while i < len(toks):
        t = toks[i]
        if t.line_end and len(t.text) > 1 and t.text[-1] in HYPHENS and i + 1 < len(toks):
            n, stem = toks[i + 1], t.text[:-1]
            forms = [stem + n.text, stem + "-" + n.text]      # hyphenated word; compound
            found = [f for f in forms if key(f) in vocab]
            if found or not (t.k in vocab and n.k in vocab):  # else: "pre- y posguerra"
                out.append(Tok((found or forms)[0], t.where, n.line_end))
                i += 2
                continue
        out.append(t)
        i += 1
    return out


def merge(toks, vocab, split=None):
    """Merge neighbours whose concatenation is a word of the other side: "15 000" = "15000",
    "S. A." = "S.A.", a justified line's letter-spaced word "s a t i s f a c c i ó n"."""
    prefixes = {k[:n] for k in vocab for n in range(1, len(k) + 1)}
    out, i = [], 0
    while i < len(toks):
        best, text = 1, toks[i].text
        for n in range(2, len(toks) - i + 1):
            text += toks[i + n - 1].text
            k, parts = key(text), toks[i:i + n]
            if k not in prefixes:
                break
            if k in vocab and (any(p.k not in vocab for p in parts)
                               or all(re.search(r"[\d.]", p.text) for p in parts)):
                best = n
        parts = toks[i:i + best]
        if best > 1 and split is not None and not all(re.search(r"[\d.]", p.text) for p in parts):
            split.append(" ".join(p.text for p in parts))
        out.append(parts[0] if best == 1 else
                   Tok("".join(p.text for p in parts), parts[0].where, parts[-1].line_end))
        i += best
    return out


def context(toks, i, mark):
    """Ten words either side of position I, with MARK at it ("^" marks a gap)."""
    before = " ".join(t.text for t in toks[max(0, i - CONTEXT):i])
    after = " ".join(t.text for t in toks[i + (mark != "^"):i + (mark != "^") + CONTEXT])
    return f"… {before} {mark} {after} …"


def compare(src_flow, notes, lines, args):
    """Compare the source words with one reading of the PDF. Returns (problems, notes,
    (source words, PDF words, PDF words explained), source tokens, PDF tokens)."""
    furniture = FURNITURE + (args.furniture or [])
    pdf, explained = pdf_tokens(lines, furniture)
    src = [Tok(w, where) for w, where in src_flow]
    note_toks = [[Tok(w, where) for w, where in note] for note in notes]
    svocab = {t.k for t in src} | {t.k for n in note_toks for t in n}
    pdf = [t for t in join_hyphens(pdf, svocab) if t.k]
    for t in pdf if notes else []:       # a note's call mark stuck to its word: tarea¹
        if t.k not in svocab and re.sub(r"\d+$", "", t.k) in svocab:
            t.k = re.sub(r"\d+$", "", t.k)
    src = merge([t for t in src if t.k], {t.k for t in pdf})
    split = []
    pdf = merge(pdf, {t.k for t in src} | svocab, split)
    sm = difflib.SequenceMatcher(None, [t.k for t in src], [t.k for t in pdf], autojunk=False)
    problems, info, capitals, missing, extra = [], [], [], [], []
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            for s, p in zip(src[i1:i2], pdf[j1:j2]):
                a, b = bare(s.text), bare(p.text)
                if a == b or a.casefold() != b.casefold():
                    continue
                if b == b.upper():
                    capitals.append(f"{a} → {b}")
                else:
                    problems.append(f"{s.where}: case changed: {s.text!r} is {p.text!r} "
                                    f"(PDF page {p.where})")
            continue
        missing += [(i, j1) for i in range(i1, i2)]
        extra += [(j, i1) for j in range(j1, j2)]
    n_extra = len(extra)
    for note in note_toks:                    # footnotes: anywhere, in their own order
        pos, used = 0, []
        for t in note:
            while pos < len(extra) and pdf[extra[pos][0]].k != t.k:
                pos += 1
            if pos == len(extra):
                problems.append(f"{t.where}: note word {t.text!r} is missing from the PDF")
                used = []
                break
            used.append(pos)
            pos += 1
        extra = [e for n, e in enumerate(extra) if n not in used]
    allowed = {key(w) for w in args.allow}
    extra = [(j, i) for j, i in extra if not (LABEL.match(pdf[j].text) or pdf[j].k in allowed)]
    extra_keys = {pdf[j].k for j, _ in extra}
    for i, j in missing:
        why = ("is out of order: the PDF has it elsewhere" if src[i].k in extra_keys
               else "is missing from the PDF")
        page = pdf[min(j, len(pdf) - 1)].where if pdf else "?"
        problems.append(f"{src[i].where}: source word {i + 1} {src[i].text!r} {why}\n"
                        f"    source:      {context(src, i, '[' + src[i].text + ']')}\n"
                        f"    PDF page {page}:  {context(pdf, j, '^')}")
    for j, i in extra:
        near = src[min(i, len(src) - 1)].where if src else "?"
        problems.append(f"PDF page {pdf[j].where}: word {j + 1} {pdf[j].text!r} is not in the "
                        f"source here and is not generated text (near {near})\n"
                        f"    PDF:     {context(pdf, j, '[' + pdf[j].text + ']')}\n"
                        f"    source:  {context(src, i, '^')}")
    if split:
        info.append(f"{len(split)} words come out of the PDF in pieces, so a search for them "
                    f"fails; e.g. {', '.join(repr(w) for w in split[:3])}")
    if capitals:
        info.append(f"{len(capitals)} words set in capitals by the stylesheet, e.g. "
                    + ", ".join(capitals[:3]))
    return problems, info, (len(src), len(pdf), explained + n_extra - len(extra)), src, pdf


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[1],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("source", metavar="SOURCE.xml")
    ap.add_argument("pdf", metavar="OUT.pdf")
    ap.add_argument("--order", choices=("auto",) + ORDERS, default="auto",
                    help="reading order of the PDF text (pdf_words.py); default auto: "
                    "poppler, then rows, then lines")
    ap.add_argument("--allow", nargs="+", default=[], metavar="WORD",
                    help="extra words the stylesheet generates (may be given several times)",
                    action="extend")
    ap.add_argument("--allow-file", metavar="FILE",
                    help="file of extra generated words, whitespace separated, # comments")
    ap.add_argument("--furniture", action="append", metavar="REGEX",
                    help="a whole PDF line that is page furniture (Python regex)")
    ap.add_argument("--words-only", action="store_true",
                    help="print both normalised word lists and exit 0")
    args = ap.parse_args()
    try:
        if args.allow_file:
            with open(args.allow_file, encoding="utf-8") as f:
                args.allow += re.sub(r"#.*", "", f.read()).split()
        flow, notes = source_words(args.source)
        open(args.pdf, "rb").close()
    except (OSError, ValueError) as e:
        print(f"check_words: {e}", file=sys.stderr)
        return 2
    except xml.parsers.expat.ExpatError as e:
        print(f"check_words: {args.source}: not well-formed XML: {e}", file=sys.stderr)
        return 2
    orders = ["poppler", "rows", "lines", "raw"] if args.order == "auto" else [args.order]
    results = []
    for order in orders:
        results.append((order,) + compare(flow, notes, pdf_lines(args.pdf, order), args))
        if args.words_only:
            _, _, _, _, src, pdf = results[-1]
            print(f"# source words ({len(src)})")
            print("\n".join(f"{n}\t{t.text}\t{t.k}\t{t.where}" for n, t in enumerate(src, 1)))
            print(f"# PDF words, {order} order ({len(pdf)})")
            print("\n".join(f"{n}\t{t.text}\t{t.k}\tpage {t.where}" for n, t in enumerate(pdf, 1)))
            return 0
        if not results[-1][1]:
            break
    order, problems, info, (ns, npdf, nexp), _, _ = min(results, key=lambda r: len(r[1]))
    tried = ", ".join(f"{o} {len(p)}" for o, p, *_ in results if o != order)
    for line in info:
        print(f"check_words: note: {line}")
    if problems:
        print(f"check_words: FAIL: {args.pdf} is not faithful to {args.source}: "
              f"{len(problems)} problem(s) in {order} reading order"
              + (f" (problems in other orders: {tried})" if tried else ""))
        for p in problems[:MAX_SHOWN]:
            print(p)
        if len(problems) > MAX_SHOWN:
            print(f"… and {len(problems) - MAX_SHOWN} more")
        return 1
    if tried:
        print(f"check_words: note: read in {order} order (problems in other orders: {tried})")
    print(f"check_words: OK: {ns} source words in order among {npdf} PDF words "
          f"({order} reading order; {nexp} furniture/generated words explained)")
    return 0

if __name__ == "__main__":
    sys.exit(main())
