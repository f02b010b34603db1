"""The words a TEI declaration puts on the page, in reading order (used by check_words.py).

Only the TEI <text> element counts (front, body, back, closer...), never the teiHeader.
Each word carries the source line it came from, so a failure points at the XML.

What the stylesheet is expected to write itself is added here too, so that the
comparison expects it at its place:
  * an empty <date when|from|to=.../> becomes Spanish date words (ES-23):
    "14 de noviembre de 2024", "13 y 14 de noviembre de 2024", "del 13 al 15 de ...",
    "1.º de marzo" outside es-ES and plain es, "jueves, 14 de ..." with rend="weekday";
  * <dateline rend="formal"> adds "En" before the place and "a" before the date (ES-24).
Notes (<note>) are set out of the flow (footnotes), so their words are returned apart.

Element boundaries: inline elements (hi, foreign, date, orgName inside a paragraph...)
join their text to the surrounding words; every other element is a word boundary, and
so are the children of <signed>, which the stylesheet sets on lines of their own.
<lb/>, <pb/> and <cb/> separate words unless break="no".
"""
import bisect
import datetime
import re
import xml.parsers.expat

TEI = "http://www.tei-c.org/ns/1.0"
XML_LANG = "http://www.w3.org/XML/1998/namespace lang"
INLINE = set("""hi foreign num date time name persName orgName placeName roleName geogName
surname forename addName rs ref ptr q said emph term abbr expan title seg measure mentioned
soCalled gloss distinct sic corr reg orig unclear add c w pc g idno""".split())
OWN_LINES = {"signed", "byline", "address"}      # their children are set one per line
MILESTONES = {"lb", "pb", "cb", "milestone"}
SKIPPED = {"teiHeader", "figDesc", "del", "fw"}   # never set as running text
MONTHS = ("enero febrero marzo abril mayo junio julio agosto septiembre octubre "
          "noviembre diciembre").split()
WEEKDAYS = "lunes martes miércoles jueves viernes sábado domingo".split()


def _day(d, lang):
    """ES-23: the first of the month is "1.º" except in Spain and in plain es."""
    return "1.º" if d == 1 and lang not in ("es", "es-ES") else str(d)


def _parse(iso):
    m = re.match(r"(\d{4})(?:-(\d\d))?(?:-(\d\d))?", iso)
    if not m:
        raise ValueError(f"not an ISO date: {iso!r}")
    return [int(g) if g else None for g in m.groups()]


def spanish_date(attrs, lang):
    """The words the stylesheet writes for an empty <date>, or '' if it has no date."""
    if attrs.get("when"):
        y, m, d = _parse(attrs["when"])
        if m is None:
            return str(y)
        if d is None:
            return f"{MONTHS[m - 1]} de {y}"
        text = f"{_day(d, lang)} de {MONTHS[m - 1]} de {y}"
        if attrs.get("rend") == "weekday":
            text = f"{WEEKDAYS[datetime.date(y, m, d).weekday()]}, {text}"
        return text
    if attrs.get("from") and attrs.get("to"):
        (y1, m1, d1), (y2, m2, d2) = _parse(attrs["from"]), _parse(attrs["to"])
        a, b = _day(d1, lang), _day(d2, lang)
        if y1 != y2:
            return f"del {a} de {MONTHS[m1 - 1]} de {y1} al {b} de {MONTHS[m2 - 1]} de {y2}"
        if m1 != m2:
            return f"del {a} de {MONTHS[m1 - 1]} al {b} de {MONTHS[m2 - 1]} de {y2}"
        if d2 == d1 + 1:
            return f"{a} y {b} de {MONTHS[m1 - 1]} de {y1}"
        return f"del {a} al {b} de {MONTHS[m1 - 1]} de {y1}"
    return ""


class _Collector:
    """Streams the document through expat, building the running text and the notes."""

    def __init__(self):
        self.stack = []          # (local name, lang, attrs) of open elements
        self.skip = 0            # depth inside skipped content
        self.in_text = 0         # depth inside <text>
        self.flow = [[], []]     # running text: chunks, and the source line of each chunk
        self.notes = []          # one [chunks, lines] per note, when inside one
        self.pending = None      # (attrs, lang, line) of an open <date>, until we know it is empty
        self.parser = None

    def _out(self, s):
        if self.in_text and not self.skip and s:
            target = self.notes[-1] if self.note_depth() else self.flow
            target[0].append(s)
            target[1].append(self.parser.CurrentLineNumber)

    def note_depth(self):
        return any(name == "note" for name, _, _ in self.stack)

    def _flush_date(self, empty):
        if self.pending:
            attrs, lang = self.pending
            self.pending = None
            if empty:
                self._out(spanish_date(attrs, lang))

    def start(self, tag, attrs):
        self._flush_date(False)
        ns, _, name = tag.rpartition(" ")
        parent = self.stack[-1][0] if self.stack else None
        lang = attrs.get(XML_LANG) or (self.stack[-1][1] if self.stack else "es")
        plain = {k.rpartition(" ")[2]: v for k, v in attrs.items()}
        self.stack.append((name, lang, plain))
        if ns != TEI:
            self.skip += 1
            return
        if name == "text":
            self.in_text += 1
        if name in SKIPPED:
            self.skip += 1
        if name == "note" and not self.skip:
            self.notes.append([[], []])
        if name in MILESTONES:
            self._out("" if plain.get("break") == "no" else " ")
        elif name not in INLINE or parent in OWN_LINES:
            self._out(" ")
        if name == "dateline" and plain.get("rend") == "formal":
            self._out("En ")
        if name == "date":
            if parent == "dateline" and self.stack[-2][2].get("rend") == "formal":
                self._out(" a ")
            self.pending = (plain, lang)

    def end(self, tag):
        self._flush_date(True)
        name, _, _ = self.stack.pop()
        ns = tag.rpartition(" ")[0]
        if name not in INLINE and name not in MILESTONES:
            self._out(" ")
        if ns != TEI or name in SKIPPED:
            self.skip -= 1
        if ns == TEI and name == "text":
            self.in_text -= 1

    def data(self, s):
        if s.strip():
            self._flush_date(False)
        self._out(s)


def _words(chunks, lines, path):
    """Split the text into (word, "path:line") pairs; any Unicode space separates words."""
    text, starts, pos = "".join(chunks), [], 0
    for c in chunks:
        starts.append(pos)
        pos += len(c)
    out = []
    for m in re.finditer(r"[^\s\u00a0\u202f\u2009\u2007]+", text):
        i = max(bisect.bisect_right(starts, m.start()) - 1, 0)
        out.append((m.group(), f"{path}:{lines[i] if lines else 0}"))
    return out


def source_words(path):
    """Return (flow, notes): flow is a list of (word, where); notes a list of such lists."""
    c = _Collector()
    p = c.parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")
    p.StartElementHandler, p.EndElementHandler = c.start, c.end
    p.CharacterDataHandler = c.data
    with open(path, "rb") as f:
        p.ParseFile(f)
    return (_words(*c.flow, path), [_words(ch, ln, path) for ch, ln in c.notes])
