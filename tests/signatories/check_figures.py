#!/usr/bin/env python3
"""Images as figures with a text alternative, in the tagged PDF and the HTML.

    check_figures.py DECLC FIXTURE.xml FILE.pdf ALT...

Through `qpdf --json`: the structure tree, walked in order from the
StructTreeRoot, has exactly one Figure element per ALT, in that order, each
with that /Alt and with marked content of its own (an MCID in its /K), so
that the picture is the figure's content and not an artifact. In the HTML
copy of FIXTURE.xml (declc -f html): every image is an img embedded as a
data: URI with alt ALT, in the same order, and none is left as a span.
"""
import html.parser
import json
import os
import subprocess
import sys
import tempfile


def pdf_string(v):
    """qpdf JSON v2 writes text strings as "u:…" (or "b:" hex)."""
    if isinstance(v, str) and v.startswith("u:"):
        return v[2:]
    if isinstance(v, str) and v.startswith("b:"):
        raw = bytes.fromhex(v[2:])
        return raw[2:].decode("utf-16-be") if raw[:2] == b"\xfe\xff" else raw.decode("latin-1")
    return v


def figures(pdf):
    j = json.loads(subprocess.run(["qpdf", "--json", "--json-key=qpdf", pdf],
                                  capture_output=True, text=True, check=True).stdout)
    objs = {k[4:]: v for k, v in j["qpdf"][1].items() if k.startswith("obj:")}
    trailer = j["qpdf"][1]["trailer"]["value"]

    def get(x):
        while isinstance(x, str) and x.endswith(" R"):
            o = objs[x]
            x = o["stream"]["dict"] if "stream" in o else o["value"]
        return x

    root = get(trailer["/Root"])
    out, stack = [], [get(get(root["/StructTreeRoot"]).get("/K"))]
    while stack:
        o = get(stack.pop())
        if isinstance(o, list):
            stack.extend(reversed(o))
        elif isinstance(o, dict) and "/S" in o:
            if o["/S"] == "/Figure":
                k = get(o.get("/K"))
                ks = k if isinstance(k, list) else [k]
                marked = any(isinstance(get(x), int) or (isinstance(get(x), dict) and "/MCID" in get(x))
                             for x in ks)
                out.append((pdf_string(o.get("/Alt")), marked))
            stack.append(o.get("/K"))
    return out


class Images(html.parser.HTMLParser):
    """Per image of the page: ("img", alt) for an embedded one, (role, aria-label)
    for one left as a span."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "img" and (a.get("src") or "").startswith("data:image/"):
            self.found.append(("img", a.get("alt")))
        elif "grafico" in (a.get("class") or "").split():
            self.found.append((a.get("role"), a.get("aria-label")))


def main():
    declc, xml, pdf, want = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
    errors = []
    page = os.path.join(tempfile.mkdtemp(), "copy.html")
    subprocess.run([declc, "-q", xml, "-f", "html", "-o", page], check=True)
    got = figures(pdf)
    if [a for a, _ in got] != want:
        errors.append("%s: Figure /Alt %s, expected %s" % (pdf, [a for a, _ in got], want))
    for i, (alt, marked) in enumerate(got, 1):
        if not marked:
            errors.append("%s: Figure %d (%s) has no marked content" % (pdf, i, alt))
    p = Images()
    p.feed(open(page, encoding="utf-8").read())
    os.remove(page)
    os.rmdir(os.path.dirname(page))
    if p.found != [("img", a) for a in want]:
        errors.append("%s: images %s, expected embedded imgs with alt %s" % (page, p.found, want))
    for e in errors:
        print(e)
    if errors:
        sys.exit(1)
    print("%s and its HTML copy: %d figures with their text alternative: ok" % (pdf, len(want)))


if __name__ == "__main__":
    main()
