#!/usr/bin/env python3
"""gen_corpus.py SAMPLES DIR [N] — a collection for `declc batch` tests.

N good declarations (default 16) copied from the samples, of their four
different sizes, spread over nested folders; a name with a comma and quotes
(for the manifests' escaping); two broken ones (not XML; XML but not a
declaration); one that cannot be read (a link to nothing: the tests run as
root, for whom no permission bit is a barrier); and a name collision under
-f pdf,pdfa: clash/acta.xml makes clash/acta.pdfa.pdf, which is also the PDF
of clash/acta.pdfa.xml.

Prints nothing; the tests know the layout from this file's constants.
"""
import os
import shutil
import sys

BROKEN = ["broken/malformed.xml", "broken/not-tei.xml"]
UNREADABLE = ["broken/unreadable.xml"]
CLASH = ["clash/acta.pdfa.xml", "clash/acta.xml"]   # the second in path order loses
ODD = ['a/with, comma "quoted".xml']
FOLDERS = ["", "a/", "a/b/", "c/"]


def samples(src):
    names = sorted(n for n in os.listdir(src) if n.endswith(".xml"))
    return [os.path.join(src, n) for n in names]


def good_names(n):
    return [f"{FOLDERS[i % len(FOLDERS)]}doc-{i:03d}.xml" for i in range(n)]


def make(src, out, n=16):
    shutil.rmtree(out, ignore_errors=True)
    found = samples(src)

    def put(rel, data):
        path = os.path.join(out, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(data)

    def sample(i):
        with open(found[i % len(found)], "rb") as f:
            return f.read()

    for i, rel in enumerate(good_names(n)):
        put(rel, sample(i))
    put(ODD[0], sample(0))
    put(BROKEN[0], b"<TEI xmlns='http://www.tei-c.org/ns/1.0'><teiHeader>")
    put(BROKEN[1], sample(0).replace(b"teiHeader>", b"cabecera>"))
    for rel in CLASH:
        put(rel, sample(1))
    link = os.path.join(out, UNREADABLE[0])
    os.symlink("no-such-file.xml", link)


if __name__ == "__main__":
    make(sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 16)
