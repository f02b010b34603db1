#!/usr/bin/env python3
"""make_long.py OUT.xml [--words N] — writes a long, valid declaration for the stress tests.

The text stylesheet breaks lines with recursive templates; libxslt stops a transformation
whose templates nest deeper than 3000. This document has one paragraph of N words (default
40 000: about 4 000 lines of text), a list of 400 items, 60 articles with headings, 30 notes
and 12 signatories, so that a test shows the recursion stays bounded and the time sane. The
words come from a fixed list in a fixed order: the file is the same on every run.
"""
import argparse

WORDS = ("la red internacional de modernización e innovación en la gestión pública "
         "promueve el diálogo entre gobiernos academia y sociedad civil con transparencia "
         "probidad participación ciudadana y rendición de cuentas para el bienestar común "
         "desde Santiago de Chile hasta Cartagena de Indias").split()


def words(n, start=0):
    return " ".join(WORDS[(start + i) % len(WORDS)] for i in range(n))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out")
    ap.add_argument("--words", type=int, default=40000)
    args = ap.parse_args()

    body = []
    # One huge paragraph, wrapped in the source every 12 words.
    lines = [words(12, i) for i in range(0, args.words, 12)]
    body.append("<p>" + "\n".join(lines) + ".</p>")
    items = "\n".join(f'<item n="{i}">{words(9 + i % 30, i)}.</item>' for i in range(1, 401))
    body.append(f'<list rend="numbered">\n{items}\n</list>')
    for a in range(1, 61):
        note = f"<note>{words(15, a)}.</note>" if a <= 30 else ""
        body.append(f'<div type="article" n="{a}"><head n="{a}">{words(4, a).capitalize()}</head>'
                    f"<p>{words(80, a)}{note} y <q>{words(6, a)} <q>{words(3, a)}</q></q>.</p></div>")
    signed = "\n".join(
        f"<signed><persName>Persona {chr(65 + s)} {words(2, s).title()}</persName>"
        f"<roleName>{words(3, s).capitalize()}</roleName><orgName>{words(10, s).title()}</orgName></signed>"
        for s in range(12))
    doc = f"""<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="es-CL">
<teiHeader><fileDesc><titleStmt><title>Documento largo de prueba</title></titleStmt>
<publicationStmt><publisher>declc</publisher><date when="2025-01-01"/><idno>largo</idno></publicationStmt>
<sourceDesc><p>Generado por make_long.py.</p></sourceDesc></fileDesc></teiHeader>
<text><front><docTitle><titlePart type="main">Carta larga</titlePart></docTitle></front>
<body>
{chr(10).join(body)}
<closer><dateline><placeName>Santiago</placeName><date when="2025-01-01"/></dateline>
<salute>Firmantes</salute>
{signed}
</closer>
</body></text></TEI>
"""
    with open(args.out, "w", encoding="utf-8") as f:
        f.write(doc)


if __name__ == "__main__":
    main()
