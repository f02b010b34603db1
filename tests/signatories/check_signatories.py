#!/usr/bin/env python3
"""Checks the signatories of a PDF made by declc from a generated fixture.

    check_signatories.py FIXTURE.json FILE.pdf [--compact] [--fits] [--fields N]
                         [--html DECLC FIXTURE.xml] [--text DECLC FIXTURE.xml]

Through poppler's pdftotext (one page at a time, in content-stream order):
  - every signatory's cell is whole on one page: its lines (name, cargos,
    institution, units; in the compact list "name, cargo — institution,
    unit") appear together on one page, so every name is in the text layer;
  - the signatories appear in the order of FIXTURE.json (source order, or
    the order a sorting closer asks for);
  - the page where the signatures begin also holds the dateline and at least
    two lines of the text before it (ES-27);
  - with --fits (the signatures with the dateline and two lines are
    shorter than a page), no page holds only signatures;
  - "(continuación)" heads every later page the signatures flow onto.
With --html, the HTML copy of FIXTURE.xml (declc -f html) lists the
signatories' names in the same order; with --text, so does its plain-text
copy (declc -f txt: one "- " item per signatory). With --fields N, through `qpdf --json`: N signature fields (/FT /Sig), each
named after its signatory (periods dropped), printable (/F 4), on the page
of its cell; 0 for none.
"""
import json
import re
import subprocess
import sys

FOOTER = re.compile(r"^Página \d+ de \d+$")


def norm(s):
    return re.sub(r"\s+", " ", s.replace("\u2019", "'")).strip().casefold()


def pages_of(pdf):
    n = int(re.search(r"Pages:\s+(\d+)", subprocess.run(
        ["pdfinfo", pdf], capture_output=True, text=True, check=True).stdout).group(1))
    out = []
    for i in range(1, n + 1):
        r = subprocess.run(["pdftotext", "-raw", "-f", str(i), "-l", str(i), pdf, "-"],
                           capture_output=True, text=True, check=True)
        out.append(r.stdout)
    return out


def cell_text(s, compact):
    if compact:
        lead = s["pers"] or s["orgs"][0]
        orgs = s["orgs"] if s["pers"] else s["orgs"][1:]
        t = lead + "".join(", " + r for r in s["roles"])
        if orgs:
            t += " — " + ", ".join(orgs)
        return t
    return " ".join(([s["pers"]] if s["pers"] else []) + s["roles"] + s["orgs"])


def main():
    args = sys.argv[1:]
    compact = "--compact" in args
    fits = "--fits" in args
    fields = None
    if "--fields" in args:
        fields = int(args[args.index("--fields") + 1])
    sigs = json.load(open(args[0], encoding="utf-8"))
    pdf = args[1]
    pages = pages_of(pdf)
    texts = [norm(p) for p in pages]
    errors = []

    # Whole cells, source order.
    where = []                      # (page, offset) of each signatory
    page, pos = 0, 0
    for i, s in enumerate(sigs):
        want = norm(cell_text(s, compact))
        found = None
        for p in range(page, len(texts)):
            k = texts[p].find(want, pos if p == page else 0)
            if k >= 0:
                found = (p, k)
                break
        if found is None:
            on_any = [p + 1 for p, t in enumerate(texts) if want in t]
            errors.append("signatory %d (%s): %s" % (
                i + 1, cell_text(s, compact),
                "out of source order (found on page %s)" % on_any if on_any
                else "not found whole on any page (split, or missing from the text layer)"))
            continue
        page, pos = found[0], found[1] + len(want)
        where.append(found)

    if where:
        first_page = where[0][0]
        before = texts[first_page][:where[0][1]]
        if "sevilla, 14 de marzo de 2025" not in before:
            errors.append("the dateline is not on page %d with the first signatory" % (first_page + 1))
        lines = [l for l in pages[first_page].splitlines() if l.strip()]
        body = [l for l in lines if l.lstrip().startswith("Párrafo") or "representamos" in l
                or "transparente" in l or "cooperación" in l]
        if len(body) < 2:
            errors.append("page %d begins the signatures with fewer than two lines of text" % (first_page + 1))
        last_page = where[-1][0]
        if fits:
            for p in range(first_page + 1, last_page + 1):
                if not any(l.lstrip().startswith("Párrafo") or "Sevilla" in l
                           for l in pages[p].splitlines()):
                    errors.append("page %d holds only signatures" % (p + 1))
        for p in range(first_page + 1, last_page + 1):
            head = [l for l in pages[p].splitlines() if l.strip()]
            if where and any(w[0] == p for w in where) and not any(
                    "(continuación)" in l for l in head[:2]) and not any(
                    "Sevilla" in l for l in head):
                errors.append("page %d continues the signatures without '(continuación)'" % (p + 1))

    if fields is not None:
        j = json.loads(subprocess.run(["qpdf", "--json", "--json-key=acroform", pdf],
                                      capture_output=True, text=True, check=True).stdout)
        got = [f for f in j["acroform"]["fields"] if f["fieldtype"] == "/Sig"]
        if len(got) != fields:
            errors.append("%d signature fields, expected %d" % (len(got), fields))
        seen = set()
        for i, f in enumerate(got[:len(sigs)]):
            s = sigs[i]
            name = (s["pers"] or s["orgs"][0]).replace(".", "")
            if norm(f["alternativename"]) != norm(s["pers"] or s["orgs"][0]):
                errors.append("field %d is for '%s', expected '%s'" % (i + 1, f["alternativename"], name))
            if f["partialname"] in seen:
                errors.append("field name '%s' repeated" % f["partialname"])
            seen.add(f["partialname"])
            if f["annotation"]["annotationflags"] & 4 == 0:
                errors.append("field %d is not printable" % (i + 1))
            if i < len(where) and f["pageposfrom1"] != where[i][0] + 1:
                errors.append("field %d is on page %d, its signatory on page %d" % (
                    i + 1, f["pageposfrom1"], where[i][0] + 1))

    if "--html" in args:
        declc, xml = args[args.index("--html") + 1:args.index("--html") + 3]
        page = subprocess.run([declc, "-q", xml, "-f", "html", "-o", "-"], capture_output=True,
                              text=True, check=True).stdout
        names = [re.sub(r"<[^>]+>", "", m) for m in
                 re.findall(r'<span class="nombre"[^>]*>(.*?)</span>\s*(?:\n|<)', page)]
        want = [s["pers"] or s["orgs"][0] for s in sigs]
        if [norm(n) for n in names] != [norm(n) for n in want]:
            errors.append("the HTML copy lists %s, expected %s" % (names, want))

    if "--text" in args:
        declc, xml = args[args.index("--text") + 1:args.index("--text") + 3]
        text = subprocess.run([declc, "-q", xml, "-f", "txt", "-o", "-"], capture_output=True,
                              text=True, check=True).stdout
        items = []                  # each signatory's lines: "- " and the ones under it
        for line in text.split("\n"):
            if line.startswith("- "):
                items.append([line[2:]])
            elif line.startswith("  ") and items:
                items[-1].append(line.strip())
        # Its name line: the first but a "[desc]" of a signature image.
        got = [next((ln for ln in item if not ln.startswith("[")), "") for item in items]
        want = [s["pers"] or s["orgs"][0] for s in sigs]
        if [norm(n) for n in got] != [norm(n) for n in want]:
            errors.append("the text copy lists %s, expected %s" % (got, want))

    for e in errors:
        print("%s: %s" % (pdf, e))
    if errors:
        sys.exit(1)
    print("%s: %d signatories on %d pages: ok" % (pdf, len(sigs), len(pages)))


if __name__ == "__main__":
    main()
