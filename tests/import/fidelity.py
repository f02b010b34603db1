#!/usr/bin/env python3
"""fidelity.py INPUT TEI.xml — every word of an imported edition is in its TEI, in order.

declc import promises (docs/import.md) that it never edits, drops, adds or reorders a word.
This check compares the words of INPUT with the words of the TEI <text> element, exactly:
no word missing, none added, none moved, none changed (case and accents included).

What a word is, on both sides: a run of characters between white space, compared by a key
that leaves out punctuation at its two ends ("Públicas ," and "Públicas" are the same words;
a bare "," or "—" is no word) and the markup characters * _ | \\ anywhere. So a slip such as
a space before a comma is no difference, and it must not be: the importer keeps it, and
`declc check` reports it.

The words of the input:
  .txt, .md   the lines, less the Markdown markup the importer reads as markup: # before a
              heading, > before a quotation, rule lines (---, ___, ===, ***), the |---| rule
              of a table, [text](url) links (the text stays), backslash escapes.
  .html       what a browser shows of <body>: its text, without script, style, noscript and
              template; every element that is not inline (p, li, td, br, ...) separates
              words. The number a browser writes before each <ol> item is a word there.
The words of the TEI: the text of <text>, comments left out; elements other than inline
ones separate words; an item's label (@n) is a word before its text — for a typed list
("1. ...", "a) ...") that is the label as typed, for an HTML <ol> the number shown.

Exit status: 0 the same words, 1 a difference (the first is shown with its context and the
lines it comes from), 2 usage or unreadable input.
"""
import html.parser
import re
import sys
import xml.etree.ElementTree as ET

TEI = "{http://www.tei-c.org/ns/1.0}"
# TEI elements that do not separate words (phrase level), as in tests/tools/tei_words.py.
TEI_INLINE = set("""hi foreign num date time name persName orgName placeName roleName ref q
emph term abbr expan title seg pubPlace docDate publisher""".split())
# Inside these, every child is a line of its own.
TEI_OWN_LINES = {"signed", "address"}
# HTML: the same lists as src/import_html.c.
HTML_INLINE = set("""a abbr acronym b bdi bdo big cite code data del dfn em font i ins kbd label
mark nobr q s samp small span strike strong sub sup time tt u var wbr""".split())
HTML_SKIPPED = {"script", "style", "noscript", "template", "head", "title"}
HTML_VOID = {"br", "hr", "img", "input", "meta", "link", "area", "base", "col", "embed",
             "source", "track", "wbr", "param"}
CONTEXT = 8


def key(word):
    """What two words must share to be the same word."""
    w = re.sub(r"[*_|\\]", "", word)
    return re.sub(r"^[\W_]+|[\W_]+$", "", w)


def words_of(chunks):
    """[(text, line)] → [(word, line)]: the chunks joined (a word may run over two), split
    at any white space; each word carries the line it starts on."""
    text, starts, pos = "", [], 0
    for t, _ in chunks:
        starts.append(pos)
        pos += len(t)
    text = "".join(t for t, _ in chunks)
    out, k = [], 0
    for m in re.finditer(r"\S+", text):
        while k + 1 < len(starts) and starts[k + 1] <= m.start():
            k += 1
        out.append((m.group(), chunks[k][1] if chunks else 0))
    return out


# ---- plain text and Markdown ----

HEADING = re.compile(r"^ {0,3}#{1,6}(?=\s|$)")
CLOSING_HASHES = re.compile(r"\s+#+\s*$")
QUOTE = re.compile(r"^ {0,3}>\s?")
RULE = re.compile(r"^\s*([-_*=])(\s*\1){2,}\s*$")
TABLE_RULE = re.compile(r"^[\s|:-]*-[\s|:-]*$")
LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")
ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def text_words(path):
    with open(path, encoding="utf-8-sig") as f:
        lines = f.read().replace("\r\n", "\n").replace("\r", "\n").split("\n")
    chunks = []
    for n, line in enumerate(lines, 1):
        line = line.replace("\f", " ")
        while QUOTE.match(line):
            line = QUOTE.sub("", line, count=1)
        if RULE.match(line) or ("|" in line and TABLE_RULE.match(line)):
            continue
        if HEADING.match(line):
            line = CLOSING_HASHES.sub("", HEADING.sub("", line))
        line = LINK.sub(r"\1", line)
        line = ESCAPE.sub(r"\1", line)
        chunks.append((line.replace("|", " ") + "\n", n))
    return words_of(chunks)


# ---- HTML ----

def roman(v, upper):
    vals = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
            (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
    out = ""
    for n, s in vals:
        while v >= n:
            out, v = out + s, v - n
    return out.upper() if upper else out


def ol_label(kind, v):
    if kind in ("a", "A") and v >= 1:
        s = ""
        while v > 0:
            s = chr(ord(kind) + (v - 1) % 26) + s
            v = (v - 1) // 26
        return s
    if kind in ("i", "I") and v >= 1:
        return roman(v, kind == "I")
    return str(v)


class Page(html.parser.HTMLParser):
    """The words a browser shows, with the numbers of <ol> items."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.chunks, self.skip, self.in_body, self.lists = [], 0, False, []
        self.stack = []

    def out(self, s):
        if not self.skip:
            self.chunks.append((s, self.getpos()[0]))

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "body":
            self.in_body = True
        if tag in HTML_SKIPPED:
            self.skip += 1
        if tag not in HTML_VOID:
            self.stack.append(tag)
        if tag not in HTML_INLINE:
            self.out(" ")
        if tag == "ol":
            start = int(a["start"]) if a.get("start", "").lstrip("-").isdigit() else 1
            # (a reversed list without start counts down from 1 here: declarations
            # do not use them, and the importer says the same)
            self.lists.append(["ol", a.get("type"), start, "reversed" in a])
        elif tag == "ul":
            self.lists.append(["ul", None, 0, False])
        elif tag == "li" and self.lists and self.lists[-1][0] == "ol":
            lst = self.lists[-1]
            if a.get("value", "").lstrip("-").isdigit():
                lst[2] = int(a["value"])
            self.out(" " + ol_label(lst[1], lst[2]) + " ")
            lst[2] += -1 if lst[3] else 1

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in HTML_VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag in self.stack:
            while self.stack:
                t = self.stack.pop()
                if t in HTML_SKIPPED:
                    self.skip -= 1
                if t in ("ol", "ul") and self.lists:
                    self.lists.pop()
                if t == tag:
                    break
        if tag not in HTML_INLINE:
            self.out(" ")

    def handle_data(self, data):
        self.out(data)


def html_words(path):
    with open(path, encoding="utf-8-sig", errors="replace") as f:
        page = Page()
        page.feed(f.read())
        page.close()
    return words_of(page.chunks)


# ---- TEI ----

def tei_words(path):
    tree = ET.parse(path, parser=ET.XMLParser(target=ET.TreeBuilder(insert_comments=True)))
    text = tree.getroot().find(TEI + "text")
    if text is None:
        raise ValueError(f"{path}: no <text> element")
    chunks = []

    def walk(e, parent):
        name = e.tag.replace(TEI, "") if isinstance(e.tag, str) else None
        if name is None:                    # a comment or processing instruction
            if e.tail:
                chunks.append(e.tail)
            return
        boundary = name not in TEI_INLINE or parent in TEI_OWN_LINES
        if boundary:
            chunks.append(" ")
        if name == "item" and e.get("n"):
            chunks.append(" " + e.get("n") + " ")
        if e.text:
            chunks.append(e.text)
        for c in e:
            walk(c, name)
        if boundary:
            chunks.append(" ")
        if e.tail:
            chunks.append(e.tail)

    walk(text, None)
    return [(w, "TEI") for w in "".join(chunks).split()]


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    src, tei = sys.argv[1], sys.argv[2]
    try:
        ours = html_words(src) if re.search(r"\.x?html?$", src, re.I) else text_words(src)
        theirs = tei_words(tei)
    except (OSError, ValueError, ET.ParseError) as e:
        print(f"fidelity: {e}", file=sys.stderr)
        return 2
    a = [(w, ln) for w, ln in ours if key(w)]
    b = [w for w, _ in theirs if key(w)]
    for i in range(max(len(a), len(b))):
        ka = key(a[i][0]) if i < len(a) else None
        kb = key(b[i]) if i < len(b) else None
        if ka != kb:
            where = f"{src}:{a[i][1]}" if i < len(a) else f"{src}: end"
            before = " ".join(w for w, _ in a[max(0, i - CONTEXT):i])
            print(f"fidelity: FAIL: word {i + 1} differs ({where})")
            print(f"    input: … {before} [{a[i][0] if i < len(a) else '(end)'}] "
                  f"{' '.join(w for w, _ in a[i + 1:i + 1 + CONTEXT])} …")
            print(f"    TEI:   … {' '.join(b[max(0, i - CONTEXT):i])} [{b[i] if i < len(b) else '(end)'}] "
                  f"{' '.join(b[i + 1:i + 1 + CONTEXT])} …")
            return 1
    print(f"fidelity: OK: {len(a)} words of {src} in {tei}, in order")
    return 0


if __name__ == "__main__":
    sys.exit(main())
