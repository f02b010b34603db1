#!/usr/bin/env python3
"""compare_png.py ACTUAL.png REFERENCE.png [--max-ratio 0.002] [--diff OUT.png] — two page renders match.

A page render catches what the text layer cannot: a font that changed, a rule or a signature
block that moved, a line that overflows the margin. The two images must have the same size,
and the share of pixels that differ by more than --fuzz (ImageMagick's
`compare -metric AE -fuzz 15%`, which forgives anti-aliasing noise) must be at most
--max-ratio (0.002 = 0.2 % of the page). On failure a diff image is written (differing
pixels in red over a faded copy of the reference): --diff, or ACTUAL.diff.png by default.
What it catches: an A4 page at 60 dpi has 348 894 pixels, so 0.2 % is about 700 of them; a
line of text moved by a few points changes about 900, a signatory row moved twice that. A
single word changed in place may stay under it: check_words.py is the test for words.

Making or refreshing a reference (render at 60 dpi: small files, stable across poppler
versions, still shows every line):

    declc samples/NAME.xml -o NAME.pdf
    pdftoppm -png -r 60 -f 1 -l 1 -singlefile NAME.pdf NAME       # writes NAME.png
    # LOOK at NAME.png (and at the diff image, if a test failed): is the page right?
    cp NAME.png tests/pdf/NAME.png        # only then; commit it with the change

Never refresh a reference just to make a test pass: a reference is a page someone looked at.

Exit status: 0 match, 1 differ (or sizes differ), 2 usage or environment error.
"""
import argparse
import os
import struct
import subprocess
import sys


def png_size(path):
    """(width, height) from the PNG header; exits 2 if the file is not a PNG."""
    with open(path, "rb") as f:
        head = f.read(24)
    if head[:8] != b"\x89PNG\r\n\x1a\n" or head[12:16] != b"IHDR":
        print(f"compare_png: {path}: not a PNG file", file=sys.stderr)
        sys.exit(2)
    return struct.unpack(">II", head[16:24])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[1],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("actual", metavar="ACTUAL.png")
    ap.add_argument("reference", metavar="REFERENCE.png")
    ap.add_argument("--max-ratio", type=float, default=0.002,
                    help="largest share of differing pixels that still passes (default 0.002)")
    ap.add_argument("--fuzz", default="15%",
                    help="colour distance below which pixels count as equal (default 15%%)")
    ap.add_argument("--diff", metavar="OUT.png", help="where to write the diff image on failure")
    args = ap.parse_args()
    diff = args.diff or os.path.splitext(args.actual)[0] + ".diff.png"
    for path in (args.actual, args.reference):
        if not os.path.isfile(path):
            print(f"compare_png: {path}: no such file", file=sys.stderr)
            return 2
    a, r = png_size(args.actual), png_size(args.reference)
    if a != r:
        print(f"compare_png: FAIL: {args.actual} is {a[0]}x{a[1]} but {args.reference} is "
              f"{r[0]}x{r[1]}: the page size or the resolution changed (render the reference "
              "with pdftoppm -r 60, see --help)")
        return 1
    tmp = diff + ".tmp.png"
    try:
        p = subprocess.run(["compare", "-metric", "AE", "-fuzz", args.fuzz,
                            args.actual, args.reference, tmp], capture_output=True, text=True)
    except FileNotFoundError:
        print("compare_png: ImageMagick's compare not found (Debian package imagemagick)",
              file=sys.stderr)
        return 2
    try:
        pixels = float(p.stderr.split()[0])
    except (IndexError, ValueError):
        pixels = None
    if p.returncode > 1 or pixels is None:
        print(f"compare_png: compare failed: {p.stderr.strip()}", file=sys.stderr)
        return 2
    ratio = pixels / (a[0] * a[1])
    if ratio <= args.max_ratio:
        if os.path.exists(tmp):
            os.remove(tmp)
        print(f"compare_png: OK: {int(pixels)} of {a[0] * a[1]} pixels differ "
              f"({ratio:.4%} <= {args.max_ratio:.4%})")
        return 0
    os.replace(tmp, diff)
    print(f"compare_png: FAIL: {args.actual} differs from {args.reference}: {int(pixels)} of "
          f"{a[0] * a[1]} pixels ({ratio:.4%} > {args.max_ratio:.4%}); differences in red in "
          f"{diff}. Look at both; refresh the reference only if the new page is right (--help)")
    return 1


if __name__ == "__main__":
    sys.exit(main())
