#!/usr/bin/env python3
"""ES-32: personal names are never divided at a line end; the words around them are.

usage: check_names.py DECLC OUTDIR

Compiles one paragraph full of long names and long ordinary words at three narrow measures
(page-width 150, 170 and 200 pt with 10 pt margins: one declc run each, PDF and trace at
once) and reads every line back twice: from the PDF with poppler (`pdftotext -raw`, which
keeps the hyphen at a line end) and from the trace device (`-f trace`, the lines compose
set). At every measure:

  - no line ends inside a name: neither at a division point (Villa-|vicencio) nor at the
    name's own hyphen (Barrientos-|-Valenzuela, ES-31). Names are <persName>, <name
    type="person"> and the capitalised words after a title such as "Dra." (ES-18);
  - every word of every name is on one line, whole;
  - ordinary words are divided somewhere (hyphenation is on: the test can fail).

The HTML (written with the first measure) sets each <persName> in a span of class "nombre",
whose CSS says hyphens: manual: the browser does not divide it either.

Exit status: 0 pass, 1 fail, 2 usage or environment error.
"""
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools"))
from pdf_words import pdf_lines  # noqa: E402  (poppler's lines, in content-stream order)
from testkit import arguments, run, tei_document  # noqa: E402

NAMES = ["Bartolomé Villavicencio Altamirano", "Maximiliano Barrientos-Valenzuela",
         "Constanza Villavicencio Altamirano", "Guillermina Villavicencio"]

DOC = tei_document("Nombres", "Prueba de ES-32.", """<p>La comunicación extraordinaria de <persName>Bartolomé Villavicencio Altamirano</persName>
fue comentada por <persName>Maximiliano Barrientos-Valenzuela</persName>, y luego la
Dra. Constanza Villavicencio Altamirano respondió con argumentaciones interminables sobre la
administración descentralizada de <persName>Bartolomé Villavicencio Altamirano</persName> y
de <name type="person">Guillermina Villavicencio</name> con responsabilidades
constitucionales, extraordinariamente documentadas.</p>
""")

WIDTHS = (150, 170, 200)   # at 200 pt a break at the hyphen of Barrientos-Valenzuela is tempting
failures = 0


def fail(what):
    global failures
    failures += 1
    print("FAIL ES-32 " + what)


def trace_lines(path):
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            m = re.match(r'text -?\d+ -?\d+ -?\d+ "(.*)"$', line.rstrip("\n"))
            if m:
                out.append(re.sub(r"\\(.)", r"\1", m.group(1)))
    return out


def check(lines, source, width, name_words):
    """LINES of one paragraph as SOURCE read them at WIDTH."""
    divided = 0
    for i, line in enumerate(lines[:-1]):
        line = line.replace("\u00a0", " ").rstrip()
        nxt = lines[i + 1].replace("\u00a0", " ").strip()
        if not line.endswith("-") or not nxt:
            continue
        head = re.findall(r"[\w-]+-$", line)
        tail = re.findall(r"^-?[\w-]+", nxt)
        if not head or not tail:
            continue
        word = head[0][:-1] + tail[0].lstrip("-")
        whole = head[0] + tail[0].lstrip("-") if tail[0].startswith("-") else word
        if word in name_words or whole in name_words or head[0][:-1] in name_words:
            fail(f"{source} at {width} pt: the name is divided: {line!r} | {nxt!r}")
        else:
            divided += 1
    text = "\n".join(l.replace("\u00a0", " ") for l in lines)
    for w in sorted(name_words):
        if not re.search(r"(?<![\w-])" + re.escape(w) + r"(?![\w-])", text):
            fail(f"{source} at {width} pt: {w!r} is not whole on any line")
    return divided


def main():
    declc, outdir = arguments(__doc__, 2)
    os.makedirs(outdir, exist_ok=True)
    src = os.path.join(outdir, "names.xml")
    with open(src, "w", encoding="utf-8") as f:
        f.write(DOC)
    name_words = {w for n in NAMES for w in n.split()}
    for width in WIDTHS:
        base = os.path.join(outdir, f"names-{width}")
        run([declc, src, "-q", "-f", "pdf,trace,html", "-o", base + ".pdf",
             f"--param=page-width={width}", "--param=margin-left=10",
             "--param=margin-right=10", "--param=footer=false"])
        pdf = [ln for _, ln in pdf_lines(base + ".pdf", "raw") if ln.strip()]
        for source, lines in (("pdftotext", pdf), ("trace", trace_lines(base + ".trace"))):
            if check(lines, source, width, name_words) == 0:
                fail(f"{source} at {width} pt: no ordinary word is divided either; "
                     "the measure no longer tests anything")
    with open(os.path.join(outdir, f"names-{WIDTHS[0]}.html"), encoding="utf-8") as f:
        page = f.read()
    if not re.search(r"\.nombre\s*\{[^}]*hyphens:\s*manual", page):
        fail("HTML: no CSS rule .nombre { hyphens: manual }")
    for n in ("Bartolomé Villavicencio Altamirano", "Maximiliano Barrientos-Valenzuela",
              "Guillermina Villavicencio"):
        if f'<span class="nombre">{n}</span>' not in page:
            fail(f"HTML: {n!r} is not in a span of class nombre")
    print(f"{len(WIDTHS)} measures, {len(NAMES)} names, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
