#!/usr/bin/env python3
"""Images in declarations: drawn as they should be, refused when they must be.

    check_images.py DECLC OUTDIR

OUTDIR holds the generated fixtures (gen_fixtures.py). Checks, with poppler's
pdfimages: sig-3's JPEG signature is embedded as a JPEG (DCT) and its SVG one
as vectors (no image for it); sig-4's PNG signature is one image with its
transparency as a soft mask. Then a declaration whose image is a symbolic
link leading out of its folder, a missing file, a file that is no image and
a PNG of 50 million pixels: each is refused with exit status 1 and an
image:unusable error at the graphic's line, and no PDF is written.
"""
import os
import re
import struct
import subprocess
import sys
import zlib


def images(pdf):
    out = subprocess.run(["pdfimages", "-list", pdf], capture_output=True, text=True, check=True).stdout
    return [l.split() for l in out.splitlines()[2:] if l.strip()]


def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff)


def main():
    declc, outdir = sys.argv[1:3]
    errors = []

    for name, want in (("sig-3", ["jpeg"]), ("sig-4", ["image", "image"])):
        pdf = os.path.join(outdir, name + ".img.pdf")
        subprocess.run([declc, "-q", os.path.join(outdir, name + ".xml"), "-o", pdf], check=True)
        got = [row[8] for row in images(pdf)]
        kinds = [row[2] for row in images(pdf)]
        if got != want:
            errors.append("%s: images encoded %s, expected %s" % (name, got, want))
        if name == "sig-4" and kinds != ["image", "smask"]:
            errors.append("sig-4: the PNG signature should be an image with a soft mask, got %s" % kinds)

    bad = os.path.join(outdir, "bad-images")
    os.makedirs(bad, exist_ok=True)
    outside = os.path.abspath(os.path.join(outdir, "images", "firma.png"))
    link = os.path.join(bad, "link.png")
    if os.path.lexists(link):
        os.remove(link)
    os.symlink(outside, link)
    with open(os.path.join(bad, "not-an-image.png"), "wb") as f:
        f.write(b"GIF89a this is not a PNG")
    with open(os.path.join(bad, "huge.png"), "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 10000, 5000, 8, 0, 0, 0, 0))
                + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b""))
    source = open(os.path.join(outdir, "sig-1.xml"), encoding="utf-8").read()
    line = next(i for i, l in enumerate(source.splitlines(), 1) if "<graphic" in l)
    for case, why in (("link.png", "outside the document's folder"),
                      ("missing.png", ""),
                      ("not-an-image.png", "not a PNG, JPEG or SVG"),
                      ("huge.png", "too many pixels")):
        doc = os.path.join(bad, case.replace(".png", ".xml"))
        pdf = doc.replace(".xml", ".pdf")
        with open(doc, "w", encoding="utf-8") as f:
            f.write(source.replace('url="images/firma.png"', 'url="%s"' % case))
        if os.path.exists(pdf):
            os.remove(pdf)
        r = subprocess.run([declc, doc, "-o", pdf], capture_output=True, text=True)
        if r.returncode != 1:
            errors.append("%s: exit status %d, expected 1" % (case, r.returncode))
        if not re.search(r":%d:\d+: error: cannot use the image '%s': .*%s.*\[image:unusable\]"
                         % (line, re.escape(case), re.escape(why)), r.stderr):
            errors.append("%s: no image:unusable error saying '%s' at line %d: %s" % (case, why, line, r.stderr.strip()))
        if os.path.exists(pdf):
            errors.append("%s: a PDF was written" % case)

    for e in errors:
        print(e)
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
