#!/usr/bin/env python3
"""no_typesetter.py DECLC DATA_DIR SEED -- HTML, text and XML set up no typesetter.

Only the drawn formats (PDF, PDF/A, PNG, SVG, PostScript, the trace) need the
layout stylesheet, the fonts and the hyphenation dictionary; a run that asks
for none of them does not load them (declc_options.no_typesetter). Checked on
a copy of the data folder from which all three are gone:

1. -f html, -f txt, -f xml and -f html,txt,xml each succeed, say nothing, and
   write the same bytes as with the whole data folder;
2. -f pdf, and -f html,pdf, fail with exit status 3 (the set-up's failure,
   reported) and write nothing.
"""
import os
import shutil
import subprocess
import sys
import tempfile


def run(declc, data, seed, fmt, out):
    env = dict(os.environ, LC_ALL="C.UTF-8", NO_COLOR="1", DECLC_FONT_CACHE="",
               DECLC_HYPHEN_CACHE="")
    return subprocess.run([declc, "-q", "--data-dir", data, "-f", fmt, seed, "-o", out],
                          env=env, capture_output=True, text=True, timeout=120)


def main():
    declc, data_src, seed = sys.argv[1:4]
    with tempfile.TemporaryDirectory() as tmp:
        data = os.path.join(tmp, "data")
        for d in ("schemas", "stylesheets", "dicts"):
            shutil.copytree(os.path.join(data_src, d), os.path.join(data, d))
        os.remove(os.path.join(data, "stylesheets", "layout.xsl"))
        os.remove(os.path.join(data, "dicts", "hyph_es.dic"))
        os.mkdir(os.path.join(data, "fonts"))

        for fmt in ("html", "txt", "xml"):
            want = os.path.join(tmp, "whole." + fmt)
            got = os.path.join(tmp, "bare." + fmt)
            r = run(declc, data_src, seed, fmt, want)
            if r.returncode != 0:
                sys.exit(f"FAIL: -f {fmt} with the whole data folder: {r.returncode} {r.stderr}")
            r = run(declc, data, seed, fmt, got)
            if r.returncode != 0 or r.stderr:
                sys.exit(f"FAIL: -f {fmt} needed the typesetter: {r.returncode} {r.stderr}")
            with open(want, "rb") as a, open(got, "rb") as b:
                if a.read() != b.read():
                    sys.exit(f"FAIL: -f {fmt} differs without the typesetter's files")
        r = run(declc, data, seed, "html,txt,xml", os.path.join(tmp, "all"))
        if r.returncode != 0 or r.stderr:
            sys.exit(f"FAIL: -f html,txt,xml: {r.returncode} {r.stderr}")
        print("1. html, txt, xml (alone and together): no layout.xsl, fonts or dictionary needed")

        for fmt, out in (("pdf", "x.pdf"), ("html,pdf", "y")):
            r = run(declc, data, seed, fmt, os.path.join(tmp, "drawn", out))
            if r.returncode != 3 or not r.stderr:
                sys.exit(f"FAIL: -f {fmt} without the typesetter's files: {r.returncode} {r.stderr}")
            if os.path.exists(os.path.join(tmp, "drawn")):
                sys.exit(f"FAIL: -f {fmt} wrote something")
        print("2. pdf, html+pdf: refused (exit 3), nothing written")
    print("PASS")


if __name__ == "__main__":
    main()
