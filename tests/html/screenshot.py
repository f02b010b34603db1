#!/usr/bin/env python3
"""screenshot.py SOURCE.xml REFERENCE.png OUTDIR [--size W,H] [--max-ratio R] -- COMMAND...
— the HTML copy looks right in a real browser.

Runs COMMAND (its {IN} and {OUT} replaced by SOURCE.xml and OUTDIR/NAME.html) to make the
HTML, photographs it with headless Chromium (Debian's `chromium`, the whole page at W×H CSS
pixels, default 1000×2300, no scrollbars) into OUTDIR/NAME.png, and compares that with
REFERENCE.png through tests/tools/compare_png.py (ImageMagick `compare -metric AE -fuzz
10%`): at most --max-ratio (default 0.0005, 0.05 %: a dateline moved from right to
left changes 0.13 %) of the pixels may differ. On failure the
diff image is OUTDIR/NAME.diff.png.

Chromium draws with the system's fonts: the page asks for "Linux Libertine O" (Debian's
fonts-linuxlibertine) and falls back to Georgia or any serif, which moves every line. The
check says so when that font is not installed.

Making or refreshing the reference (only after LOOKING at the new image):

    tests/html/screenshot.py samples/declaracion-santiago-2024.xml tests/html/reference/NAME.png \\
        shots -- xsltproc -o {OUT} stylesheets/html.xsl {IN}     # fails, writes the PNG
    # look at shots/NAME.png: title block, paragraphs, dateline, the signatory grid
    cp shots/NAME.png tests/html/reference/NAME.png

Exit status: 0 match, 1 differ or the HTML could not be made, 2 usage or environment error.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile

TOOLS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools")


def main():
    argv = sys.argv[1:]
    if "--" not in argv:
        print("screenshot.py: the command that makes the HTML goes after --", file=sys.stderr)
        return 2
    k = argv.index("--")
    argv, command = argv[:k], argv[k + 1:]
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("source")
    ap.add_argument("reference")
    ap.add_argument("outdir")
    ap.add_argument("--size", default="1000,2300", help="window size W,H in CSS pixels")
    ap.add_argument("--max-ratio", default="0.0005", help="share of pixels that may differ")
    ap.add_argument("--fuzz", default="10%", help="colour distance forgiven per pixel")
    args = ap.parse_args(argv)

    chromium = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        print("screenshot.py: no chromium (Debian package: chromium)", file=sys.stderr)
        return 2
    fc = subprocess.run(["fc-list", ":family=Linux Libertine O", "family"], capture_output=True, text=True)
    if "Linux Libertine O" not in fc.stdout:
        print("screenshot.py: warning: font \"Linux Libertine O\" not installed (Debian package: "
              "fonts-linuxlibertine); Chromium will fall back to another serif and the "
              "comparison will fail", file=sys.stderr)

    os.makedirs(args.outdir, exist_ok=True)
    name = os.path.splitext(os.path.basename(args.source))[0]
    page = os.path.abspath(os.path.join(args.outdir, name + ".html"))
    shot = os.path.abspath(os.path.join(args.outdir, name + ".png"))
    for f in (page, shot):
        if os.path.exists(f):
            os.remove(f)
    cmd = [c.replace("{IN}", args.source).replace("{OUT}", page) for c in command]
    if subprocess.run(cmd).returncode != 0 or not os.path.exists(page):
        print(f"screenshot.py: {' '.join(cmd)} failed", file=sys.stderr)
        return 1

    with tempfile.TemporaryDirectory(prefix="declc-chromium-") as profile:
        run = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
               "--no-first-run", "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--hide-scrollbars", "--force-device-scale-factor=1",
               f"--user-data-dir={profile}", f"--screenshot={shot}", f"--window-size={args.size}",
               "file://" + page]
        try:
            r = subprocess.run(run, capture_output=True, text=True, timeout=120)
        except subprocess.TimeoutExpired:
            print("screenshot.py: chromium did not finish in 120 s", file=sys.stderr)
            return 2
    if not os.path.exists(shot):
        print(f"screenshot.py: chromium wrote no screenshot (exit {r.returncode}):\n{r.stderr[-2000:]}",
              file=sys.stderr)
        return 2
    if not os.path.exists(args.reference):
        print(f"screenshot.py: no reference {args.reference}; the new image is {shot}: "
              "look at it, then copy it there", file=sys.stderr)
        return 1
    diff = os.path.join(args.outdir, name + ".diff.png")
    r = subprocess.run([sys.executable, os.path.join(TOOLS, "compare_png.py"), shot, args.reference,
                        "--max-ratio", args.max_ratio, "--fuzz", args.fuzz, "--diff", diff])
    if r.returncode == 1:
        print(f"screenshot.py: {shot} differs from {args.reference}; see {diff}", file=sys.stderr)
    return r.returncode


if __name__ == "__main__":
    sys.exit(main())
