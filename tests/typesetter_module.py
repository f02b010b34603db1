#!/usr/bin/env python3
"""typesetter_module.py DECLC SEED -- the drawing libraries load only to draw.

The typesetter is the module declc-typeset.so, linked with Pango, Cairo,
HarfBuzz, fontconfig and FreeType; the executable is not (src/typeset_lib.h).
Read from the dynamic loader's own record of what it loaded (LD_DEBUG=files):

1. declc check, and a compile to HTML, text and XML, load neither the module
   nor any of those libraries, and succeed;
2. a compile to PDF opens the module, and with it Pango and Cairo; with every
   symbol bound at load (LD_BIND_NOW=1), so that a function the module needs
   from the executable and cannot find fails here and not in some rare path
   later, it writes the same PDF as an ordinary run.

Only for builds that open the module: the sanitizer builds link the
typesetter in (CMakeLists.txt), and this test is not registered there.
"""
import glob
import os
import subprocess
import sys
import tempfile

DRAWING = ("declc-typeset.so", "libpango-1.0.so", "libcairo.so", "libharfbuzz.so",
           "libfontconfig.so", "libfreetype.so")


def loaded(declc, args, tmp, tag, extra_env=None):
    """Exit status, stderr and the set of DRAWING names the loader loaded."""
    prefix = os.path.join(tmp, "ld-" + tag)
    env = dict(os.environ, LC_ALL="C.UTF-8", NO_COLOR="1", LD_DEBUG="files",
               LD_DEBUG_OUTPUT=prefix)
    env.update(extra_env or {})
    r = subprocess.run([declc] + args, env=env, capture_output=True, text=True, timeout=120)
    log = ""
    for path in glob.glob(prefix + ".*"):
        with open(path, encoding="utf-8", errors="replace") as f:
            log += f.read()
    if "file=" not in log:
        sys.exit(f"FAIL: {tag}: the loader wrote no LD_DEBUG record")
    return r, {name for name in DRAWING if f"{name}" in log}


def read(path):
    with open(path, "rb") as f:
        return f.read()


def main():
    declc, seed = sys.argv[1:3]
    with tempfile.TemporaryDirectory() as tmp:
        # Exit 1: the seed keeps its original's typographic slips, which
        # check reports as warnings.
        r, names = loaded(declc, ["check", seed], tmp, "check")
        if r.returncode not in (0, 1) or ": error:" in r.stderr or names:
            sys.exit(f"FAIL: check: exit {r.returncode}, loaded {sorted(names)}\n{r.stderr}")
        for fmt in ("html", "txt", "xml"):
            out = os.path.join(tmp, "out." + fmt)
            r, names = loaded(declc, ["-q", "-f", fmt, seed, "-o", out], tmp, fmt)
            if r.returncode != 0 or names or not os.path.getsize(out):
                sys.exit(f"FAIL: -f {fmt}: exit {r.returncode}, loaded {sorted(names)}\n{r.stderr}")

        plain = os.path.join(tmp, "plain.pdf")
        r = subprocess.run([declc, "-q", seed, "-o", plain], capture_output=True, text=True,
                           timeout=120)
        if r.returncode != 0:
            sys.exit(f"FAIL: PDF: exit {r.returncode}\n{r.stderr}")
        bound = os.path.join(tmp, "bound.pdf")
        r, names = loaded(declc, ["-q", seed, "-o", bound], tmp, "pdf", {"LD_BIND_NOW": "1"})
        if r.returncode != 0:
            sys.exit(f"FAIL: PDF with LD_BIND_NOW=1: exit {r.returncode}\n{r.stderr}")
        if names != set(DRAWING):
            sys.exit(f"FAIL: PDF loaded {sorted(names)}, not all of {sorted(DRAWING)}")
        if read(bound) != read(plain) or read(plain)[:5] != b"%PDF-":
            sys.exit("FAIL: the PDF made with every symbol bound differs")
    print("ok: check, HTML, text and XML load no drawing library; PDF opens the module")


if __name__ == "__main__":
    main()
