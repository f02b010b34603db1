#!/usr/bin/env python3
"""check_output.py html|text SOURCE.xml OUT [-- COMMAND...] — the HTML or plain-text copy of a
declaration is what it promises to be.

With a COMMAND after `--`, it first runs it to make OUT, with {IN} and {OUT} in its arguments
replaced by SOURCE.xml and OUT (today `xsltproc -o {OUT} stylesheets/html.xsl {IN}`, later
`declc -f html {IN} -o {OUT}`); without one, OUT must exist.

Both formats:
  * every word of the TEI <text> is in OUT, in order, with the words the stylesheet writes
    for empty dates where they belong (tests/tools/tei_words.py, shared with the PDF test);
    the words of notes in the notes at the end, in their order;
  * no word of OUT is unexplained: anything not from the source must be a list label or
    note mark, a heading number, a web address, or one of the few words the stylesheet
    writes (Notas, Firmantes, the document title when there is no title block).
  Words compare after Unicode NFC and case folding, with punctuation and quotation marks
  stripped from both ends, so "Antecedentes." (source) is "Antecedentes" (heading, ES-25)
  and "año" is "AÑO" (uppercase title, ES-20); a word is never joined across a line break.

html:
  * starts with <!DOCTYPE html>; `xmllint --html` reports no error other than the HTML5
    elements libxml2's HTML 4 parser does not know;
  * <html lang> is the document's xml:lang; exactly one encoding declaration (utf-8);
  * Dublin Core: DC.title, DC.language, and DC.creator / DC.publisher / DC.date /
    DC.subject / DC.identifier for each teiHeader author, publisher, date, term, idno;
  * nothing loaded from outside: the only src is that of an <img>, and it is the image
    itself as a data: URI (data:image/png, image/jpeg or image/svg+xml, base64), with a
    non-empty alt; no srcset/poster/data/background attribute, no script, iframe,
    object, embed, base, audio, video or inline svg, no link but rel="schema.DC", no
    @import or url( in CSS; a link (<a href>) goes to http(s), mailto or an id of the
    page, and every id is unique;
  * every <q> stands between the Spanish marks of its depth (« », “ ”, ‘ ’, ES-04), a
    block quotation counting as a level (it is quoted too, ES-05);
  * one <li> in ul.firmantes per TEI <signed>.

text:
  * valid UTF-8, every line at most --width (72) characters, no soft hyphen (U+00AD), no
    private-use character, no tab, no line ending in a space, one newline at the end and
    no blank line after it.

Exit status: 0 pass, 1 fail, 2 usage or environment error.
"""
import argparse
import html.parser
import os
import re
import shutil
import subprocess
import sys
import unicodedata
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools"))
from tei_words import source_words  # noqa: E402  (the one definition of "the source's words")

TEI = "{http://www.tei-c.org/ns/1.0}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SPACES = re.compile(r"[\s\u00a0\u202f\u2009\u2007]+")
# No-break and thin spaces are where the typography pass joined pieces (S.‹thin›A.,
# 15‹thin›000, 50⍽%): a word followed by one carries GLUE, and a source word may
# match such pieces taken together.
NOBREAK = re.compile(r"[\u00a0\u202f\u2009\u2007]+")
GLUE = "\u2060"
INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff\ufe0e\ufe0f"))
EDGE = re.compile(r"^[^\w]+|[^\w]+$")
LABEL = re.compile(r"^(\d+(\.\d+)*|[a-zñ]{1,2}|[ivxlcdm]+|\*+)$")
GENERATED = {"notas", "firmantes"}
HTML5_TAGS = ("main article section header footer nav aside time figure figcaption mark "
              "data bdi wbr details summary").split()
INLINE_TAGS = set("a abbr b bdi bdo cite code data dfn em i kbd mark q s samp small span strong "
                  "sub sup time u var".split())
QUOTES = {"es": ("«“‘", "»”’"), "latam": ("“‘«", "”’»")}
CONTEXT = 8
# What an <img src> may be: the picture itself, embedded (html.xsl, d:image-data-uri).
DATA_IMAGE = re.compile(r"data:image/(png|jpeg|svg\+xml);base64,[A-Za-z0-9+/]+={0,2}")


class Failures:
    def __init__(self, out):
        self.out, self.list = out, []

    def add(self, msg):
        self.list.append(msg)

    def report(self):
        for m in self.list:
            print(f"{self.out}: {m}", file=sys.stderr)
        return 1 if self.list else 0


def norm(word):
    """The comparison key of a word: NFC, invisible marks removed, punctuation stripped from
    both ends, case-folded. Pure punctuation ("," or "—") gives ""."""
    w = unicodedata.normalize("NFC", word.translate(INVISIBLE))
    # ES-17: the typography pass writes "1er" as "1.er" and "1º" as "1.º".
    w = re.sub(r"(\d+)\.(?=[a-zºª])", r"\1", EDGE.sub("", w))
    return w.casefold()


def keys(words):
    return [(norm(w), w, where) for w, where in words if norm(w)]


def header_info(source):
    """What the teiHeader says, for the metadata checks."""
    root = ET.parse(source).getroot()
    fd = root.find(f"{TEI}teiHeader/{TEI}fileDesc")

    def texts(path):
        return [" ".join("".join(e.itertext()).split()) for e in fd.iterfind(path)] if fd is not None else []
    pub_dates = fd.findall(f"{TEI}publicationStmt/{TEI}date") if fd is not None else []
    terms = [" ".join("".join(e.itertext()).split())
             for e in root.iterfind(f"{TEI}teiHeader/{TEI}profileDesc/{TEI}textClass/{TEI}keywords/{TEI}term")]
    lang = root.get(XML_LANG) or "es"
    signed = len(root.findall(f".//{TEI}text//{TEI}closer/{TEI}signed"))
    return {
        "titles": texts(f"{TEI}titleStmt/{TEI}title"),
        "authors": texts(f"{TEI}titleStmt/{TEI}author"),
        "publishers": texts(f"{TEI}publicationStmt/{TEI}publisher"),
        "idnos": texts(f"{TEI}publicationStmt/{TEI}idno"),
        "dates": [d.get("when") for d in pub_dates if d.get("when")],
        "terms": terms, "lang": lang, "signed": signed,
        "has_front": root.find(f"{TEI}text/{TEI}front") is not None,
    }


def joined(out, j, k):
    """How many output words from J, each but the last ending in a comma, spell the source
    word K: a dateline's place and date are one word to tei_words when the author typed
    nothing between them, and the stylesheet writes ", " there (ES-24). A word broken by a
    line wrap has no comma at the break, so it is still caught. 0 if none."""
    text = ""
    for n in range(j, min(j + 3, len(out) - 1)):
        if not out[n][1].endswith(","):
            return 0
        text += out[n][0]
        if not k.startswith(text):
            return 0
        if text + out[n + 1][0] == k:
            return n + 2 - j
    return 0


def glued(out, j, k):
    """How many output words from J, joined by no-break or thin spaces, spell the source
    word K (the typography pass writes S.A. as S.‹thin›A., ES-18). 0 if none."""
    raw = ""
    for n in range(j, min(j + 4, len(out))):
        raw += out[n][1]
        if norm(raw) == k:
            return n + 1 - j
        if not out[n][1].endswith(GLUE):
            return 0
    return 0


def compare_words(src, out, label, allowed, fail):
    """Every source word in OUT in order (greedy subsequence, which finds one whenever one
    exists); then every OUT word left over must be explained."""
    matched, j = set(), 0
    for i, (k, w, where) in enumerate(src):
        start, span = j, 1
        while j < len(out):
            if out[j][0] == k:
                span = 1
                break
            span = joined(out, j, k) or glued(out, j, k)
            if span:
                break
            j += 1
        if j == len(out):
            near = " ".join(o[1] for o in out[max(0, start - CONTEXT):start + CONTEXT])
            before = " ".join(s[1] for s in src[max(0, i - CONTEXT):i])
            fail.add(f"{label}: source word {w!r} ({where}) missing or out of order after "
                     f"«{before}»; output there: «{near}»")
            return
        matched.update(range(j, j + span))
        j += span
    extra = [o for n, o in enumerate(out) if n not in matched
             and not (LABEL.match(o[0]) or o[0] in allowed or o[0].startswith(("http", "mailto:")))]
    if extra:
        shown = ", ".join(repr(o[1]) for o in extra[:12])
        fail.add(f"{label}: {len(extra)} word(s) not in the source: {shown}")


# ---------------------------------------------------------------------------------------
# HTML
# ---------------------------------------------------------------------------------------

class Page(html.parser.HTMLParser):
    """Collects the words of the page (flow and notes apart), its metas, links and ids."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []            # (tag, attrs) of open elements
        self.flow, self.notes = [], []
        self.metas, self.links, self.ids, self.hrefs = [], [], [], []
        self.resources, self.css = [], []
        self.images = []           # (src, alt) of each <img>
        self.quotes = []           # (depth, char before, position in the text) per <q>
        self.q_open = []           # indices into self.quotes of open <q>s
        self.text = []             # every character of the body, for the quote checks
        self.firmantes = None      # number of li in ul.firmantes
        self.lang = None

    VOID = set("area base br col embed hr img input link meta source track wbr".split())

    def _in(self, pred):
        return any(pred(tag, a) for tag, a in self.stack)

    def _boundary(self):
        target = self.notes[-1] if self._in(lambda t, a: a.get("role") == "doc-endnotes") and self.notes else self.flow
        target.append(" ")

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        for k in ("src", "srcset", "poster", "data", "background", "lowsrc", "dynsrc", "longdesc"):
            if k in a and not (tag == "img" and k == "src"):
                self.resources.append(f"<{tag} {k}=\"{a[k][:60]}\">")
        if tag == "img":
            self.images.append((a.get("src"), dict(attrs).get("alt")))
        if tag in ("script", "iframe", "object", "embed", "base", "frame", "applet", "audio",
                   "video", "source", "picture", "svg", "portal"):
            self.resources.append(f"<{tag}>")
        if tag == "link":
            self.links.append(a)
        if tag == "meta":
            self.metas.append(a)
        if tag == "html":
            self.lang = a.get("lang")
        if "style" in a:
            self.css.append(a["style"])
        if "id" in a:
            self.ids.append(a["id"])
        if tag == "a" and "href" in a:
            self.hrefs.append(a["href"])
        if tag == "ul" and "firmantes" in a.get("class", "").split():
            self.firmantes = 0
        if tag == "li" and self.stack and self.stack[-1][0] == "ul" and \
                "firmantes" in self.stack[-1][1].get("class", "").split():
            self.firmantes += 1
        if tag == "li" and self._in(lambda t, x: x.get("role") == "doc-endnotes"):
            self.notes.append([])
        if tag == "q":
            # Block quotations are quoted too (ES-05, block-quote-marks).
            depth = sum(1 for t, _ in self.stack if t in ("q", "blockquote"))
            self.quotes.append([depth, "".join(self.text[-1:]), None])
            self.q_open.append(len(self.quotes) - 1)
        if tag not in INLINE_TAGS:
            self._boundary()
        if tag not in self.VOID:
            self.stack.append((tag, a))

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        while self.stack:
            t, _ = self.stack.pop()
            if t == tag:
                break
        if tag == "q" and self.q_open:
            self.quotes[self.q_open.pop()][2] = sum(map(len, self.text))
        if tag not in INLINE_TAGS:
            self._boundary()

    def handle_data(self, data):
        if self._in(lambda t, a: t in ("style", "script")):
            if self._in(lambda t, a: t == "style"):
                self.css.append(data)
            return
        if not self._in(lambda t, a: t == "body"):
            return
        self.text.append(data)
        # Note calls are marks, not words; a note's own mark and its way back likewise.
        if self._in(lambda t, a: a.get("role") in ("doc-noteref", "doc-backlink")):
            return
        if self._in(lambda t, a: a.get("role") == "doc-endnotes"):
            if self.notes and not self._in(lambda t, a: "etiqueta" in a.get("class", "").split()):
                self.notes[-1].append(data)
            return
        self.flow.append(data)


def words_of(chunks, where):
    text = NOBREAK.sub(GLUE + " ", "".join(chunks))
    return [(w, where) for w in SPACES.split(text) if w]


def read_utf8(path, fail):
    """The text of PATH, or None after failing it as not UTF-8."""
    try:
        return open(path, "rb").read().decode("utf-8")
    except UnicodeDecodeError as e:
        fail.add(f"not UTF-8: {e}")
        return None


def check_html(path, source, info, fail, quotes):
    text = read_utf8(path, fail)
    if text is None:
        return
    page = Page()
    page.feed(text)
    page.close()

    if not re.match(r"\s*<!DOCTYPE html>", text, re.I):
        fail.add("does not start with <!DOCTYPE html>")
    xmllint = shutil.which("xmllint")
    if not xmllint:
        print("check_output: xmllint not found (Debian: libxml2-utils)", file=sys.stderr)
        sys.exit(2)
    r = subprocess.run([xmllint, "--html", "--noout", path], capture_output=True, text=True)
    errors = [ln for ln in r.stderr.splitlines() if "error" in ln.lower()
              and not re.search(r"Tag (%s) invalid" % "|".join(HTML5_TAGS), ln)]
    for e in errors:
        fail.add(f"xmllint --html: {e}")

    if page.lang != info["lang"]:
        fail.add(f"<html lang={page.lang!r}>, the document's xml:lang is {info['lang']!r}")
    charsets = [m for m in page.metas if "charset" in m or
                m.get("http-equiv", "").lower() == "content-type"]
    if len(charsets) != 1 or "utf-8" not in (charsets[0].get("charset", "") +
                                             charsets[0].get("content", "")).lower():
        fail.add(f"needs exactly one utf-8 encoding declaration, has {charsets}")

    dc = {}
    for m in page.metas:
        if m.get("name", "").startswith("DC."):
            dc.setdefault(m["name"], []).append(" ".join(m.get("content", "").split()))
    want = {"DC.title": info["titles"][:1], "DC.language": [info["lang"]],
            "DC.creator": info["authors"], "DC.publisher": info["publishers"],
            "DC.subject": info["terms"], "DC.identifier": info["idnos"], "DC.date": info["dates"][:1]}
    for name, values in want.items():
        for v in values:
            if v not in dc.get(name, []):
                fail.add(f"<meta name={name!r} content={v!r}> missing (has {dc.get(name)})")
    if not dc.get("DC.title") or not dc["DC.title"][0]:
        fail.add("DC.title missing or empty")

    for r_ in page.resources:
        fail.add(f"external or active resource: {r_}")
    for src, alt in page.images:
        if src is None or not DATA_IMAGE.fullmatch(src):
            fail.add(f"<img src={(src or '')[:60]!r}>: an image must be embedded as a "
                     f"data:image/png, jpeg or svg+xml base64 URI")
        if not (alt or "").strip():
            fail.add(f"<img src={(src or '')[:40]!r}…> has no text alternative (alt)")
    for link in page.links:
        if link.get("rel", "").lower() != "schema.dc":
            fail.add(f"<link> loads something: {link}")
    for css in page.css:
        for bad in ("@import", "url("):
            if bad in css.lower():
                fail.add(f"CSS uses {bad}")
    ids = set(page.ids)
    if len(ids) != len(page.ids):
        dup = sorted({i for i in page.ids if page.ids.count(i) > 1})
        fail.add(f"duplicate ids: {dup}")
    for h in page.hrefs:
        if h.startswith("#"):
            if h[1:] not in ids:
                fail.add(f"link to #{h[1:]}, which is no id of the page")
        elif not re.match(r"(?i)(https?://|mailto:)", h):
            fail.add(f"link to {h!r}: only http(s), mailto and #id are allowed")
    if re.search(r"\u00ad", text):
        fail.add("soft hyphen (U+00AD) in the page")

    body = "".join(page.text)
    opens, closes = QUOTES[quotes]
    for depth, before, end in page.quotes:
        want_o, want_c = opens[depth % 3], closes[depth % 3]
        after = body[end:end + 1] if end is not None else ""
        if before[-1:] != want_o or after != want_c:
            fail.add(f"<q> at depth {depth} should stand between {want_o} and {want_c}, "
                     f"has {before[-1:]!r} … {after!r}")

    if info["signed"] and page.firmantes != info["signed"]:
        fail.add(f"ul.firmantes has {page.firmantes} signatories, the source {info['signed']}")

    flow, notes = source_words(source)
    allowed = set(GENERATED)
    if not info["has_front"]:
        allowed |= {norm(w) for t in info["titles"] for w in t.split()}
    compare_words(keys(flow), keys(words_of(page.flow, "html")), "text", allowed, fail)
    if len(notes) != len(page.notes):
        fail.add(f"{len(page.notes)} notes in the page, {len(notes)} in the source")
    for n, (src, out) in enumerate(zip(notes, page.notes), 1):
        compare_words(keys(src), keys(words_of(out, "html")), f"note {n}", set(), fail)


# ---------------------------------------------------------------------------------------
# Text
# ---------------------------------------------------------------------------------------

NOTE_START = re.compile(r"^\[([^\]\s]{1,6})\] ")
NOTE_CALL = re.compile(r"(?<=\S)\[[^\]\s]{1,6}\]")


def check_text(path, source, info, fail, width):
    text = read_utf8(path, fail)
    if text is None:
        return
    if not text.endswith("\n"):
        fail.add("does not end with a newline")
    elif text.endswith("\n\n"):
        fail.add("ends with a blank line")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    for n, line in enumerate(lines, 1):
        if len(line) > width:
            fail.add(f"line {n}: {len(line)} characters (at most {width}): {line!r}")
        if line != line.rstrip():
            fail.add(f"line {n}: ends in white space: {line!r}")
        if "\t" in line:
            fail.add(f"line {n}: tab")
        if "\u00ad" in line:
            fail.add(f"line {n}: soft hyphen (U+00AD)")
        if any(unicodedata.category(c) in ("Co", "Cc") for c in line):
            fail.add(f"line {n}: control or private-use character")

    # The notes: from the last "Notas" line followed by a blank line and "[mark] ...".
    flow_lines, note_texts = lines, []
    flow, notes = source_words(source)
    if notes:
        for i in range(len(lines) - 3, -1, -1):
            if lines[i] == "Notas" and lines[i + 1] == "" and NOTE_START.match(lines[i + 2]):
                flow_lines, rest = lines[:i], lines[i + 2:]
                for ln in rest:
                    m = NOTE_START.match(ln)
                    if m:
                        note_texts.append([ln[m.end():]])
                    elif note_texts:
                        note_texts[-1].append(ln)
                break
        else:
            fail.add("no \"Notas\" section at the end, but the source has notes")
    body = NOTE_CALL.sub("", "\n".join(flow_lines))
    allowed = set(GENERATED)
    if not info["has_front"]:
        allowed |= {norm(w) for t in info["titles"] for w in t.split()}
    compare_words(keys(flow), keys(words_of([body], "txt")), "text", allowed, fail)
    if notes and len(notes) != len(note_texts):
        fail.add(f"{len(note_texts)} notes at the end, {len(notes)} in the source")
    for n, (src, out) in enumerate(zip(notes, note_texts), 1):
        out_text = NOTE_CALL.sub("", "\n".join(out))
        compare_words(keys(src), keys(words_of([out_text], "txt")), f"note {n}", set(), fail)


def main():
    argv = sys.argv[1:]
    command = []
    if "--" in argv:
        k = argv.index("--")
        argv, command = argv[:k], argv[k + 1:]
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("format", choices=("html", "text"))
    ap.add_argument("source")
    ap.add_argument("out")
    ap.add_argument("--width", type=int, default=72, help="longest text line (default 72)")
    ap.add_argument("--quotes", choices=tuple(QUOTES), default="es",
                    help="quotation hierarchy, as the stylesheet parameter quotes (default es)")
    args = ap.parse_args(argv)

    if command:
        cmd = [c.replace("{IN}", args.source).replace("{OUT}", args.out) for c in command]
        if os.path.exists(args.out):
            os.remove(args.out)
        r = subprocess.run(cmd)
        if r.returncode != 0:
            print(f"check_output: {' '.join(cmd)}: exit status {r.returncode}", file=sys.stderr)
            return 1
    if not os.path.exists(args.out):
        print(f"check_output: {args.out}: no such file", file=sys.stderr)
        return 2

    info = header_info(args.source)
    fail = Failures(args.out)
    if args.format == "html":
        check_html(args.out, args.source, info, fail, args.quotes)
    else:
        check_text(args.out, args.source, info, fail, args.width)
    status = fail.report()
    print(f"check_output: {args.format} {args.out}: {'FAIL' if status else 'ok'}")
    return status


if __name__ == "__main__":
    sys.exit(main())
