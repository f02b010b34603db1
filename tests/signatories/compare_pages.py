#!/usr/bin/env python3
"""Compares the pages of a PDF with reviewed reference images.

    compare_pages.py FILE.pdf REFDIR NAME [--update]

Each page is rasterised by poppler (pdftoppm, 40 dpi, grey) and compared
with REFDIR/NAME-N.png: the page count must match, and at most 0.5 % of the
pixels may differ by more than a quarter of the grey scale (anti-aliasing
may vary a little between poppler builds; a moved line or cell does not
pass). --update writes the references instead: look at them before keeping
them (tests/signatories/README.md).
"""
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib

DPI = "40"


def read_png(path):
    """Width, height and grey rows of an 8-bit grey, RGB or RGBA PNG
    (non-interlaced); poppler writes RGB even with -gray."""
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path
    pos, idat, w, h, bpp = 8, b"", 0, 0, 1
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            w, h, depth, ctype, _, _, inter = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and ctype in (0, 2, 6) and inter == 0, "%s: unexpected PNG kind" % path
            bpp = {0: 1, 2: 3, 6: 4}[ctype]
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    raw = zlib.decompress(idat)
    stride = w * bpp
    rows, prev = [], bytearray(stride)
    for y in range(h):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b = prev[x]
            c = prev[x - bpp] if x >= bpp else 0
            if f == 1:
                line[x] = (line[x] + a) & 255
            elif f == 2:
                line[x] = (line[x] + b) & 255
            elif f == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(line[::bpp])
        prev = line
    return w, h, rows


def references(refdir, name):
    """REFDIR/NAME-N.png in page order (not NAME-other-N.png)."""
    pat = re.compile(re.escape(name) + r"-(\d+)\.png$")
    found = [(int(m.group(1)), os.path.join(refdir, f)) for f in os.listdir(refdir)
             for m in [pat.match(f)] if m]
    return [p for _, p in sorted(found)]


def main():
    pdf, refdir, name = sys.argv[1:4]
    update = "--update" in sys.argv
    tmp = tempfile.mkdtemp()
    try:
        subprocess.run(["pdftoppm", "-r", DPI, "-gray", "-png", pdf, os.path.join(tmp, "p")], check=True)
        got = references(tmp, "p")
        if update:
            for old in references(refdir, name):
                os.remove(old)
            for i, g in enumerate(got, 1):
                shutil.copy(g, os.path.join(refdir, "%s-%d.png" % (name, i)))
            print("wrote %d reference pages for %s" % (len(got), name))
            return
        refs = references(refdir, name)
        if len(refs) != len(got):
            sys.exit("%s: %d pages, the reference has %d" % (pdf, len(got), len(refs)))
        for i, (g, r) in enumerate(zip(got, refs), 1):
            gw, gh, grows = read_png(g)
            rw, rh, rrows = read_png(r)
            if (gw, gh) != (rw, rh):
                sys.exit("%s page %d: %dx%d, the reference is %dx%d" % (pdf, i, gw, gh, rw, rh))
            bad = sum(1 for y in range(gh) for x in range(gw) if abs(grows[y][x] - rrows[y][x]) > 64)
            if bad > gw * gh * 0.005:
                sys.exit("%s page %d: %d pixels differ from %s" % (pdf, i, bad, r))
        print("%s: %d pages match the references" % (pdf, len(got)))
    finally:
        shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
