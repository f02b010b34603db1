#!/usr/bin/env python3
"""Writes the signatory fixtures into OUTDIR (with the images they use).

    gen_fixtures.py OUTDIR

Every fixture is a small declaration whose closer has N signatories; the
names are made from fixed lists, so the same files come out on every run.
Next to each NAME.xml goes NAME.json: the signatories in source order, each
with the lines its cell prints (name, cargos, institution and units), which
is what check_signatories.py looks for in the PDF.

Fixtures: 1, 2, 3, 4, 7, 12, 40 and 500 signatories; people only,
institutions only, mixed; with signature images (PNG, JPEG, SVG) and logos;
with nested units; and a sweep of the four-signatory case over growing text
so that the signatures meet the page break at every height (ES-27). Also:
signatories sorted by surname (closer rend="sort-surname", names marked up
with forename and surname) and by institution (rend="sort-org"), whose JSON
lists them in the order expected, worked out here independently of the
stylesheet; and a declaration of three pages with a PNG logo (escudo.png,
pure blue, written here) and an SVG one, and signature images without desc
(generated text alternatives).
"""
import json
import os
import shutil
import struct
import sys
import unicodedata
import zlib

GIVEN = ["Ana", "Beatriz", "Carlos", "Dolores", "Emilio", "Fátima", "Gonzalo", "Inés",
         "Joaquín", "Lucía", "Martín", "Núria", "Óscar", "Paula", "Ramón", "Sofía",
         "Tomás", "Úrsula", "Vicente", "Ximena", "Yolanda", "Zoe", "Íñigo", "Begoña"]
SURNAMES = ["Pérez", "Muñoz", "Ibáñez", "Quispe", "Echeverría", "Güemes", "Núñez",
            "Olmedo", "Sáenz", "Vidal", "Zúñiga", "Arancibia", "Peña", "Llorente",
            "Díaz", "Fernández", "Castañeda", "Rodríguez", "Mamani", "O'Higgins"]
ROLES = ["Rectora", "Decano", "Directora ejecutiva", "Presidente", "Secretario general",
         "Investigadora", "Coordinador académico", "Representante legal"]
ORGS = ["Universidad de Cartagena", "Universidad Nacional del Litoral Oriental",
        "Fundación Ciudadanía Activa", "Instituto de Administración Pública del Sur",
        "Red Iberoamericana de Gestión Pública Abierta", "Universidad de Santiago de Chile",
        "Asociación de Municipios del Valle Central", "Laboratorio Ciudadano de Montevideo"]
UNITS = [["Facultad de Ciencias Sociales"],
         ["Facultad Tecnológica", "Departamento de Tecnologías de Gestión"],
         ["Escuela de Gobierno"]]

PARAGRAPH = ("Los firmantes reafirmamos el compromiso de promover una gestión pública "
             "abierta, transparente y orientada al bienestar común, y de fortalecer la "
             "cooperación entre las instituciones que representamos. ")


def signatory(i, kind, nested):
    """The i-th signatory of a fixture of KIND (people, institutions, mixed)."""
    if kind == "mixed":
        kind = ["people", "institutions", "people-org"][i % 3]
    s = {"pers": None, "roles": [], "orgs": []}
    if kind in ("people", "people-org"):
        s["pers"] = "%s %s %s" % (GIVEN[i % len(GIVEN)], SURNAMES[(i * 7) % len(SURNAMES)],
                                  SURNAMES[(i * 3 + 5) % len(SURNAMES)])
    if kind == "people-org" or (kind == "people" and i % 2 == 0):
        s["roles"] = [ROLES[i % len(ROLES)]]
        s["orgs"] = [ORGS[i % len(ORGS)]]
    if kind == "institutions":
        s["orgs"] = [ORGS[i % len(ORGS)] if i < len(ORGS) else "%s, sede %d" % (ORGS[i % len(ORGS)], i)]
    if nested and s["orgs"]:
        s["orgs"] += UNITS[i % len(UNITS)]
    return s


def xml_escape(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def fold(s):
    """A key in Spanish alphabetical order: case and accents ignored, ñ
    after every n and before o, punctuation (. , ' ’ -) ignored."""
    out = []
    for c in s.casefold():
        if c == "ñ":
            out.append("n\x7f")
        elif c in ".,'\u2019-":
            continue
        else:
            out.append("".join(ch for ch in unicodedata.normalize("NFD", c)
                               if not unicodedata.combining(ch)))
    return " ".join("".join(out).split())


def split_name(pers):
    """Forenames and surnames of a generated name: the last two words are
    the two apellidos."""
    words = pers.split()
    return " ".join(words[:-2]), " ".join(words[-2:])


def sort_key(order, i, s):
    """Where signatory I (S) goes when the closer has rend=ORDER."""
    surname = fold(split_name(s["pers"])[1]) if s["pers"] else fold(s["orgs"][0])
    person = (surname, fold(s["pers"] or ""), i)
    if order == "sort-org":
        return (0 if s["orgs"] else 1, fold(s["orgs"][0]) if s["orgs"] else "") + person
    return person


def pers_xml(pers, markup):
    if not markup:
        return xml_escape(pers)
    fore, sur = split_name(pers)
    return "<forename>%s</forename> <surname>%s</surname>" % (xml_escape(fore), xml_escape(sur))


def fixture(name, n, kind, paragraphs=3, nested=False, images=(), logos=False, order=None,
            desc=True):
    sigs = [signatory(i, kind, nested) for i in range(n)]
    out = []
    w = out.append
    w('<?xml version="1.0" encoding="UTF-8"?>')
    w('<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="es-ES">')
    w('  <teiHeader><fileDesc>')
    w('    <titleStmt><title>Declaración de prueba con %d firmantes</title></titleStmt>' % n)
    w('    <publicationStmt><publisher>declc</publisher><date when="2025-03-14"/></publicationStmt>')
    w('    <sourceDesc><p>Generado por tests/signatories/gen_fixtures.py.</p></sourceDesc>')
    w('  </fileDesc></teiHeader>')
    w('  <text>')
    w('    <front>')
    if logos == "png":
        w('      <figure><graphic url="images/escudo.png" height="1.2cm"/>'
          '<graphic url="images/logo.svg" height="1.5cm"/></figure>')
    elif logos:
        w('      <figure><graphic url="images/logo.svg" height="1.5cm"><desc>Logotipo de la red</desc></graphic>'
          '<graphic url="images/logo.svg" height="1.5cm"><desc>Logotipo de la universidad</desc></graphic></figure>')
    w('      <docTitle><titlePart type="main">DECLARACIÓN</titlePart>'
      '<titlePart type="sub">ENCUENTRO DE PRUEBA DE FIRMANTES</titlePart></docTitle>')
    w('      <docImprint><docDate><date when="2025-03-14"/></docDate>, <pubPlace>Sevilla</pubPlace></docImprint>')
    w('    </front>')
    w('    <body>')
    for k in range(paragraphs):
        w('      <p>Párrafo %d. %s</p>' % (k + 1, PARAGRAPH * (1 + k % 3)))
    w('      <closer%s>' % (' rend="%s"' % order if order else ""))
    w('        <dateline><placeName>Sevilla</placeName>, <date when="2025-03-14"/></dateline>')
    w('        <salute>Firmantes</salute>')
    for i, s in enumerate(sigs):
        parts = []
        if images:
            img = images[i % len(images)]
            if img and desc:
                parts.append('<graphic url="images/%s"><desc>Firma</desc></graphic>' % img)
            elif img:
                parts.append('<graphic url="images/%s"/>' % img)
        if s["pers"]:
            parts.append("<persName>%s</persName>" % pers_xml(s["pers"], order is not None))
        parts += ["<roleName>%s</roleName>" % xml_escape(r) for r in s["roles"]]
        parts += ["<orgName>%s</orgName>" % xml_escape(o) for o in s["orgs"]]
        w('        <signed>%s</signed>' % "".join(parts))
    w('      </closer>')
    w('    </body>')
    w('  </text>')
    w('</TEI>')
    if order:
        # The JSON lists the signatories in the order they must come out;
        # a fixture whose sorting changes nothing would test nothing.
        sorted_sigs = [s for _, s in sorted(enumerate(sigs), key=lambda p: sort_key(order, *p))]
        assert sorted_sigs != sigs, name
        sigs = sorted_sigs
    return "\n".join(out) + "\n", sigs


FIXTURES = [
    # name, count, kind, options
    ("sig-1", 1, "people", dict(images=["firma.png"])),
    ("sig-2", 2, "institutions", dict()),
    ("sig-3", 3, "mixed", dict(nested=True, images=["firma.jpg", "firma.svg", None])),
    ("sig-4", 4, "mixed", dict(nested=True, logos=True, images=[None, "firma.svg", None, "firma.png"])),
    ("sig-7", 7, "people", dict(paragraphs=5)),
    ("sig-12", 12, "mixed", dict(paragraphs=6, nested=True)),
    ("sig-40", 40, "mixed", dict(paragraphs=4)),
    ("sig-500", 500, "mixed", dict(paragraphs=2, nested=True)),
    # Sorted: a grid by surname, the compact list by institution.
    ("sig-12-surname", 12, "mixed", dict(paragraphs=3, order="sort-surname")),
    ("sig-40-org", 40, "mixed", dict(paragraphs=3, nested=True, order="sort-org")),
    # The letterhead on page 1 of 3 (a PNG and an SVG logo), signature
    # images without desc.
    ("letterhead-3p", 3, "people", dict(paragraphs=20, logos="png", desc=False,
                                        images=["firma.png", "firma.svg", None])),
]


def write_png(path, width, height, rgb):
    """A plain RGB PNG of one colour."""
    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff))
    row = b"\0" + bytes(rgb) * width
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
                + chunk(b"IDAT", zlib.compress(row * height)) + chunk(b"IEND", b""))


def main():
    outdir = sys.argv[1]
    os.makedirs(outdir, exist_ok=True)
    here = os.path.dirname(os.path.abspath(__file__))
    shutil.copytree(os.path.join(here, "images"), os.path.join(outdir, "images"), dirs_exist_ok=True)
    write_png(os.path.join(outdir, "images", "escudo.png"), 120, 48, (0, 0, 255))
    todo = list(FIXTURES)
    # The sweep: the same four signatories after more and more text.
    for k in range(4, 14):
        todo.append(("sweep-4-%02d" % k, 4, "mixed", dict(paragraphs=k, nested=True)))
    for name, n, kind, opts in todo:
        text, sigs = fixture(name, n, kind, **opts)
        with open(os.path.join(outdir, name + ".xml"), "w", encoding="utf-8") as f:
            f.write(text)
        with open(os.path.join(outdir, name + ".json"), "w", encoding="utf-8") as f:
            json.dump(sigs, f, ensure_ascii=False, indent=0)
    with open(os.path.join(outdir, "list.txt"), "w") as f:
        f.write("\n".join(t[0] for t in todo) + "\n")


if __name__ == "__main__":
    main()
