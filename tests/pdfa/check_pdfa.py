#!/usr/bin/env python3
"""Checks one PDF/A requirement of a PDF that pdfa_finish wrote.

    check_pdfa.py CHECK PDF [ARGS...]

One check per ctest test, so that a failure names the requirement. Objects
are read through `qpdf --json` (qpdf 11, JSON v2, stream data inline and
decoded); nothing here trusts pdfa.c's own idea of what it wrote.

    version V          the header says %PDF-V
    xmp PART TITLE     XMP: pdfaid part/conformance, uncompressed packet,
                       Dublin Core and XMP dates equal to Info, title TITLE
    intent             an sRGB OutputIntent whose ICC profile is complete
    id                 a trailer /ID of two 16-byte strings
    encrypt            no /Encrypt
    fonts              every font but Type 3 has its program embedded
    annots             every annotation printable and visible (/F 4); some exist
    lang LANG          the catalog's /Lang is LANG
    af SOURCE NAME     /AF → Filespec NAME, /AFRelationship /Source, text/xml,
                       dates, checksum, bytes equal to the file SOURCE
    no-af              no embedded file at all (PDF/A-1 and -2)
    pdfa1              no transparency group; /CharSet on Type 1 subsets and
                       /CIDSet on CID subsets, agreeing with the widths
    date PDFDATE       Info /CreationDate and /ModDate are PDFDATE
    tagged             /MarkInfo /Marked true, /ViewerPreferences
                       /DisplayDocTitle true and a structure tree
    plain              no PDF/A claim: no XMP, no output intent
    struct TYPE...     the structure tree has elements of every TYPE
    artifacts MIN      no text, path, image or shading outside marked content
                       on any page, and at least MIN /Artifact sequences
    qpdf-check         `qpdf --check` exits 0 without a warning
    preflight CP valid|invalid
                       Apache PDFBox Preflight (PDF/A-1b) on class path CP
    diag STATUS CODE [TEXT] -- COMMAND...
                       COMMAND exits with STATUS and reports [CODE], with
                       TEXT in its message if given
"""
import base64
import hashlib
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET


class Pdf:
    def __init__(self, path):
        self.path = path
        out = subprocess.run(["qpdf", "--json", "--json-stream-data=inline", path],
                             check=True, capture_output=True).stdout
        self.json = json.loads(out)
        objs = self.json["qpdf"][1]
        self.trailer = objs.pop("trailer")["value"]
        self.objs = {k[4:]: v for k, v in objs.items()}   # "obj:1 0 R" → "1 0 R"

    def get(self, ref):
        """The value of REF (a dictionary for a stream), following references."""
        while isinstance(ref, str) and ref.endswith(" R"):
            o = self.objs[ref]
            ref = o["stream"]["dict"] if "stream" in o else o["value"]
        return ref

    def data(self, ref):
        return base64.b64decode(self.objs[ref]["stream"]["data"])

    def is_stream(self, ref):
        return isinstance(ref, str) and ref in self.objs and "stream" in self.objs[ref]

    def root(self):
        return self.get(self.trailer["/Root"])

    def info(self):
        return self.get(self.trailer["/Info"])

    def dicts(self, type_):
        for ref, o in self.objs.items():
            d = o["stream"]["dict"] if "stream" in o else o.get("value")
            if isinstance(d, dict) and d.get("/Type") == type_:
                yield ref, d


def text(s):
    """A JSON v2 string as Python: text for u:, bytes for b:."""
    if s.startswith("u:"):
        return s[2:]
    if s.startswith("b:"):
        return bytes.fromhex(s[2:])
    raise ValueError(s)


def pdf_date(s):
    m = re.fullmatch(r"D:(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(Z|([+-])(\d\d)'(\d\d)')", s)
    assert m, f"not a PDF date: {s}"
    zone = "Z" if m[7] == "Z" else f"{m[8]}{m[9]}:{m[10]}"
    return f"{m[1]}-{m[2]}-{m[3]}T{m[4]}:{m[5]}:{m[6]}{zone}"


def fail(msg):
    print(f"FAIL: {msg}")
    sys.exit(1)


def check(cond, msg):
    if not cond:
        fail(msg)


NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
    "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
}


def c_version(pdf, version):
    with open(pdf.path, "rb") as f:
        head = f.read(16)
    check(head.startswith(b"%PDF-" + version.encode() + b"\n"), f"header {head!r}")
    check(head[9:10] == b"%" and all(b > 127 for b in head[10:14]),
          "second line: % and four bytes above 127 (ISO 19005-1 6.1.2)")


def c_xmp(pdf, part, title):
    ref = pdf.root().get("/Metadata")
    check(pdf.is_stream(ref), "no /Metadata stream in the catalog")
    d = pdf.get(ref)
    check(d.get("/Type") == "/Metadata" and d.get("/Subtype") == "/XML", f"metadata dict {d}")
    check("/Filter" not in d, "the metadata stream is compressed")
    packet = pdf.data(ref)
    check(packet.startswith(b'<?xpacket begin="\xef\xbb\xbf" id="W5M0MpCehiHzreSzNTczkc9d"?>'),
          "xpacket header")
    check(packet.rstrip().endswith(b'<?xpacket end="w"?>'), "xpacket trailer")
    desc = ET.fromstring(packet).find("rdf:RDF/rdf:Description", NS)

    def prop(name):
        e = desc.find(name, NS)
        return None if e is None else e.text

    def item(name, kind):
        e = desc.find(f"{name}/rdf:{kind}/rdf:li", NS)
        return None if e is None else e.text

    check(prop("pdfaid:part") == part, f"pdfaid:part {prop('pdfaid:part')}")
    check(prop("pdfaid:conformance") == "B", "pdfaid:conformance")
    info = pdf.info()
    check(text(info["/Title"]) == title, f"Info Title {info['/Title']!r}")
    pairs = [
        ("/Title", item("dc:title", "Alt")),
        ("/Author", item("dc:creator", "Seq")),
        ("/Subject", item("dc:description", "Alt")),
        ("/Keywords", prop("pdf:Keywords")),
        ("/Creator", prop("xmp:CreatorTool")),
        ("/Producer", prop("pdf:Producer")),
    ]
    for key, xmp in pairs:
        check(key in info, f"Info {key} missing")
        check(text(info[key]) == xmp, f"Info {key} {text(info[key])!r} ≠ XMP {xmp!r}")
    check(pdf_date(text(info["/CreationDate"])) == prop("xmp:CreateDate"), "CreateDate")
    check(pdf_date(text(info["/ModDate"])) == prop("xmp:ModifyDate"), "ModifyDate")
    check(len(desc.findall("dc:creator/rdf:Seq/rdf:li", NS)) == 1, "one dc:creator")


def c_intent(pdf):
    intents = pdf.get(pdf.root().get("/OutputIntents"))
    check(isinstance(intents, list) and len(intents) == 1, f"OutputIntents {intents}")
    oi = pdf.get(intents[0])
    check(oi.get("/S") == "/GTS_PDFA1", f"/S {oi.get('/S')}")
    check(text(oi["/OutputConditionIdentifier"]) == "sRGB IEC61966-2.1", "identifier")
    prof = oi["/DestOutputProfile"]
    check(pdf.is_stream(prof) and pdf.get(prof).get("/N") == 3, "DestOutputProfile, /N 3")
    icc = pdf.data(prof)
    size = int.from_bytes(icc[0:4], "big")
    check(size == len(icc), f"ICC size {size} ≠ {len(icc)}")
    check(icc[36:40] == b"acsp" and icc[16:20] == b"RGB " and icc[12:16] == b"mntr",
          "an RGB display profile")
    check(icc[8] == 2, f"ICC version {icc[8]} (PDF 1.4 reads version 2)")
    check(icc[24:36] == bytes([7, 178, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0]),
          f"ICC date not pinned to 1970-01-01: {icc[24:36].hex()}")


def c_id(pdf):
    ids = pdf.trailer.get("/ID")
    check(isinstance(ids, list) and len(ids) == 2, f"/ID {ids}")
    check(all(len(text(i)) == 16 for i in ids), "two 16-byte strings")


def c_encrypt(pdf):
    check("/Encrypt" not in pdf.trailer, "/Encrypt in the trailer")
    check(pdf.json["encrypt"]["encrypted"] is False, "qpdf says encrypted")


def c_fonts(pdf):
    n = 0
    for ref, font in pdf.dicts("/Font"):
        sub = font.get("/Subtype")
        if sub in ("/Type3", "/Type0"):
            continue
        desc = pdf.get(font.get("/FontDescriptor"))
        check(isinstance(desc, dict), f"{ref}: no FontDescriptor")
        files = [k for k in ("/FontFile", "/FontFile2", "/FontFile3") if pdf.is_stream(desc.get(k))]
        check(len(files) == 1, f"{font.get('/BaseFont')}: not embedded")
        if sub == "/CIDFontType2":
            check("/CIDToGIDMap" in font, f"{font.get('/BaseFont')}: no /CIDToGIDMap")
        n += 1
    check(n >= 2, f"only {n} fonts: the test PDF is not what it should be")


def c_annots(pdf):
    n = 0
    for page in pdf.json["pages"]:
        for ref in pdf.get(page["object"]).get("/Annots", []):
            a = pdf.get(ref)
            f = a.get("/F", 0)
            check(f & 4 and not f & (1 | 2 | 32), f"annotation {ref} flags {f}")
            n += 1
    check(n > 0, "no annotation: the test PDF has a link")


def c_lang(pdf, lang):
    check(text(pdf.root().get("/Lang", "u:")) == lang, f"/Lang {pdf.root().get('/Lang')}")


def c_af(pdf, source, name):
    root = pdf.root()
    af = pdf.get(root.get("/AF"))
    check(isinstance(af, list) and len(af) == 1, f"/AF {af}")
    spec = pdf.get(af[0])
    check(spec.get("/Type") == "/Filespec", "Filespec")
    check(spec.get("/AFRelationship") == "/Source", f"/AFRelationship {spec.get('/AFRelationship')}")
    check(text(spec["/UF"]) == name and text(spec["/F"]) == name, f"names {spec['/F']} {spec['/UF']}")
    ef = pdf.get(spec["/EF"])
    check(ef["/F"] == ef["/UF"] and pdf.is_stream(ef["/F"]), "/EF /F and /UF")
    d = pdf.get(ef["/F"])
    check(d.get("/Type") == "/EmbeddedFile", "/Type /EmbeddedFile")
    check(d.get("/Subtype") == "/text/xml", f"MIME type {d.get('/Subtype')}")
    with open(source, "rb") as f:
        want = f.read()
    got = pdf.data(ef["/F"])
    check(got == want, f"embedded {len(got)} bytes ≠ source {len(want)} bytes")
    params = pdf.get(d["/Params"])
    check(params.get("/Size") == len(want), "/Params /Size")
    check(text(params["/CheckSum"]) == hashlib.md5(want).digest(), "/Params /CheckSum")
    check(text(params["/ModDate"]) == text(pdf.info()["/ModDate"]), "/Params /ModDate from the document")
    names = pdf.get(pdf.get(root["/Names"])["/EmbeddedFiles"])["/Names"]
    check(text(names[0]) == name and names[1] == af[0], "EmbeddedFiles name tree")
    check([a["filespec"] for a in pdf.json["attachments"].values()] == [af[0]], "qpdf's attachments")


def c_no_af(pdf):
    root = pdf.root()
    check("/AF" not in root, "/AF")
    check(not pdf.json["attachments"], "embedded files")


def c_pdfa1(pdf):
    for page in pdf.json["pages"]:
        check("/Group" not in pdf.get(page["object"]), "a page transparency group")
    type1 = cid = 0
    for ref, desc in pdf.dicts("/FontDescriptor"):
        sub = pdf.get(desc["/FontFile3"]).get("/Subtype") if "/FontFile3" in desc else None
        if sub == "/Type1C":
            names = text(desc["/CharSet"]).split("/")[1:]
            font = next(f for _, f in pdf.dicts("/Font") if f.get("/FontDescriptor") == ref)
            drawn = sum(1 for w in font["/Widths"] if w)
            check(all(re.fullmatch(r"[A-Za-z0-9._]+", n) for n in names), f"CharSet {names}")
            check(len(set(names)) == len(names) == drawn,
                  f"{desc['/FontName']}: {len(names)} names in /CharSet, {drawn} glyphs drawn")
            type1 += 1
        elif "/FontFile2" in desc or sub == "/CIDFontType0C":
            font = next((f for _, f in pdf.dicts("/Font") if f.get("/FontDescriptor") == ref), None)
            if font is None or font.get("/Subtype") not in ("/CIDFontType0", "/CIDFontType2"):
                continue
            check(pdf.is_stream(desc.get("/CIDSet")), f"{desc['/FontName']}: no /CIDSet")
            bits = pdf.data(desc["/CIDSet"])
            have = {i for i in range(len(bits) * 8) if bits[i // 8] & (0x80 >> i % 8)}
            widths = set()
            w = font.get("/W", [])
            i = 0
            while i < len(w):          # [c [w1 w2 …]] or [c1 c2 w]
                if isinstance(w[i + 1], list):
                    widths |= set(range(w[i], w[i] + len(w[i + 1])))
                    i += 2
                else:
                    widths |= set(range(w[i], w[i + 1] + 1))
                    i += 3
            check(have == widths | {0}, f"{desc['/FontName']}: CIDSet {sorted(have)} ≠ W {sorted(widths)}")
            cid += 1
    check(type1 >= 1 and cid >= 1, f"{type1} Type 1 and {cid} CID subsets: expected both kinds")


def c_date(pdf, date):
    info = pdf.info()
    check(text(info["/CreationDate"]) == date and text(info["/ModDate"]) == date,
          f"dates {info['/CreationDate']} {info['/ModDate']}, expected {date}")


def c_tagged(pdf):
    root = pdf.root()
    check(pdf.get(root.get("/MarkInfo", {})).get("/Marked") is True, f"/MarkInfo {root.get('/MarkInfo')}")
    check(pdf.get(root.get("/ViewerPreferences", {})).get("/DisplayDocTitle") is True,
          f"/ViewerPreferences {root.get('/ViewerPreferences')}")
    check("/StructTreeRoot" in root, "no /StructTreeRoot")


def c_plain(pdf):
    root = pdf.root()
    check("/Metadata" not in root and "/OutputIntents" not in root,
          "a plain PDF carries XMP or an output intent")


def c_struct(pdf, *types):
    have = {d.get("/S") for _, d in pdf.dicts("/StructElem")}
    missing = [t for t in types if "/" + t not in have]
    check(not missing, f"no {', '.join(missing)} in the structure tree (it has {sorted(map(str, have))})")


CONTENT_TOKEN = re.compile(rb"""
    \s+ | %[^\r\n]* | \((?:\\.|[^\\()]|\((?:\\.|[^\\()])*\))*\) | <<|>> | <[0-9A-Fa-f\s]*>
    | /[^\s()<>\[\]{}/%]* | [\[\]{}] | [^\s()<>\[\]{}/%]+""", re.X | re.S)


def c_artifacts(pdf, minimum):
    """Walks each page's content (through qpdf --show-npages / --show-pages
    would need the JSON page list: the page objects' /Contents are used)."""
    paint = {b"BT", b"m", b"l", b"c", b"v", b"y", b"re", b"Do", b"sh", b"BI"}
    pages = [d for _, d in pdf.dicts("/Page")]
    check(pages, "no pages")
    artifacts = 0
    for n, page in enumerate(pages, 1):
        refs = page["/Contents"] if isinstance(page["/Contents"], list) else [page["/Contents"]]
        data = b"\n".join(pdf.data(r) for r in refs)
        depth, operands = 0, []
        for m in CONTENT_TOKEN.finditer(data):
            tok = m.group(0)
            if tok.isspace() or tok.startswith(b"%"):
                continue
            if not re.fullmatch(rb"[A-Za-z'\"][A-Za-z0-9*'\"]*", tok) or tok in (b"true", b"false", b"null"):
                operands.append(tok)
                continue
            if tok in (b"BDC", b"BMC"):
                artifacts += operands[:1] == [b"/Artifact"]
                depth += 1
            elif tok == b"EMC":
                depth -= 1
                check(depth >= 0, f"page {n}: EMC without BMC/BDC")
            elif tok in paint:
                check(depth > 0, f"page {n}: {tok.decode()} outside marked content")
            operands = []
        check(depth == 0, f"page {n}: marked content left open")
    check(artifacts >= int(minimum), f"{artifacts} /Artifact sequences, expected at least {minimum}")


def c_qpdf_check(path):
    r = subprocess.run(["qpdf", "--check", path], capture_output=True, text=True)
    print(r.stdout + r.stderr)
    check(r.returncode == 0 and "WARNING" not in r.stdout + r.stderr, f"qpdf --check exit {r.returncode}")


def c_preflight(path, classpath, expect):
    r = subprocess.run(["java", "-cp", classpath, "org.apache.pdfbox.preflight.Validator_A1b", path],
                       capture_output=True, text=True, timeout=300)
    print(r.stdout + r.stderr)
    if expect == "valid":
        check(r.returncode == 0 and "is a valid PDF/A-1b file" in r.stdout, "Preflight rejects it")
    else:
        check(r.returncode != 0 and "is not a valid PDF/A-1b file" in r.stdout, "Preflight accepts it")


def c_diag(status, code, text, cmd):
    r = subprocess.run(cmd, capture_output=True, text=True)
    print(r.stdout + r.stderr)
    check(r.returncode == int(status), f"exit {r.returncode}, expected {status}")
    check(f"[{code}]" in r.stderr, f"no [{code}] diagnostic")
    check(text is None or text in r.stderr, f"the diagnostic does not say {text!r}")


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__)
    name, args = argv[1], argv[2:]
    if name == "qpdf-check":
        return c_qpdf_check(*args)
    if name == "preflight":
        return c_preflight(*args)
    if name == "diag":
        sep = args.index("--")
        return c_diag(args[0], args[1], args[2] if sep == 3 else None, args[sep + 1:])
    checks = {
        "version": c_version, "xmp": c_xmp, "intent": c_intent, "id": c_id,
        "encrypt": c_encrypt, "fonts": c_fonts, "annots": c_annots, "lang": c_lang,
        "af": c_af, "no-af": c_no_af, "pdfa1": c_pdfa1, "date": c_date,
        "tagged": c_tagged, "plain": c_plain, "struct": c_struct, "artifacts": c_artifacts,
    }
    if name not in checks:
        sys.exit(__doc__)
    checks[name](Pdf(args[0]), *args[1:])
    print(f"ok: {name} {' '.join(args)}")


if __name__ == "__main__":
    main(sys.argv)
