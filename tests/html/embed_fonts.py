#!/usr/bin/env python3
"""HTML with --param embed-fonts=true carries the bundled fonts, byte for byte.

Usage: embed_fonts.py DECLC SOURCE.xml FONTS_DIR OUTDIR

The default HTML has no @font-face (it stays small and names a font stack);
with embed-fonts=true it has one @font-face per bundled style, whose data:
URL decodes to exactly the file in fonts/, and still nothing loaded from
outside the page.
"""
import base64
import os
import re
import subprocess
import sys


def main():
    declc, source, fonts, outdir = sys.argv[1:5]
    plain, embedded = os.path.join(outdir, "plain.html"), os.path.join(outdir, "embedded.html")
    for out, extra in ((plain, []), (embedded, ["--param", "embed-fonts=true"])):
        r = subprocess.run([declc, source, "-f", "html", "-o", out] + extra,
                           capture_output=True, text=True, timeout=60)
        if r.returncode != 0:
            sys.exit(f"declc failed ({r.returncode}): {r.stderr}")
    if "@font-face" in open(plain, encoding="utf-8").read():
        sys.exit("the default HTML embeds fonts")
    html = open(embedded, encoding="utf-8").read()
    faces = re.findall(r'@font-face \{[^}]*font-style: (\w+); font-weight: (\w+); '
                       r'src: url\(data:font/otf;base64,([A-Za-z0-9+/=]+)\)', html)
    want = {("normal", "normal"): "LinLibertine_R.otf", ("italic", "normal"): "LinLibertine_RI.otf",
            ("normal", "bold"): "LinLibertine_RB.otf", ("italic", "bold"): "LinLibertine_RBI.otf"}
    got = {(s, w): b64 for s, w, b64 in faces}
    if set(got) != set(want):
        sys.exit(f"@font-face styles {sorted(got)}, expected {sorted(want)}")
    for key, name in want.items():
        with open(os.path.join(fonts, name), "rb") as f:
            if base64.b64decode(got[key]) != f.read():
                sys.exit(f"the embedded {name} differs from fonts/{name}")
    # The Dublin Core schema link names a vocabulary; it loads nothing.
    html = re.sub(r'<link rel="schema.DC"[^>]*>', "", html)
    if re.search(r'(src|href)="(https?:|//)|@import|url\((?!data:)', html):
        sys.exit("the embedded HTML loads something from outside the page")
    return 0


if __name__ == "__main__":
    sys.exit(main())
