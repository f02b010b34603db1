#!/usr/bin/env python3
"""Previews and print: --pages for PNG and SVG, PostScript for print shops.

    previews.py pages DECLC INPUT WORK
        --pages picks exactly the asked pages (3-4, 11-, -2, 5), each the same
        bytes as that page of a full build; a range past the end is refused
        with [usage:pages] and writes nothing; a malformed range, or --pages
        without PNG or SVG, is a usage error (exit 2).

    previews.py ps DECLC INPUT WORK
        -f ps gives PostScript that Ghostscript runs without an error, with
        one page per page of the PDF (its %%Pages comment and the pages
        Ghostscript's bbox device measures agree with pdfinfo's count).
"""
import glob
import os
import re
import shutil
import subprocess
import sys


def fail(msg):
    sys.exit(f"FAIL: {msg}")


def run(cmd, expect=0):
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != expect:
        fail(f"{' '.join(cmd)}: exit {r.returncode}, expected {expect}\n{r.stdout}{r.stderr}")
    return r


def fresh(path):
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(path)
    return path


def written(folder):
    return sorted(os.path.basename(p) for p in glob.glob(os.path.join(folder, "*")))


def read(path):
    with open(path, "rb") as f:
        return f.read()


def pages(exe, source, work):
    full = fresh(os.path.join(work, "full"))
    run([exe, "-q", source, "-f", "png,svg", "--dpi", "30", "-o", os.path.join(full, "p")])
    n = len(glob.glob(os.path.join(full, "p-*.png")))
    if n < 5:
        fail(f"{source} has {n} pages; the test needs at least 5")
    cases = {"3-4": [3, 4], f"{n - 1}-": [n - 1, n], "-2": [1, 2], "5": [5]}
    for i, (rng, want) in enumerate(cases.items()):
        out = fresh(os.path.join(work, f"range{i}"))
        run([exe, "-q", source, "-f", "png,svg", "--dpi", "30", "--pages", rng,
             "-o", os.path.join(out, "p")])
        names = [f"p-{k}.{e}" for k in want for e in ("png", "svg")]
        if written(out) != sorted(names):
            fail(f"--pages {rng}: wrote {written(out)}, expected {sorted(names)}")
        for name in names:
            if read(os.path.join(out, name)) != read(os.path.join(full, name)):
                fail(f"--pages {rng}: {name} differs from the full build's")
        print(f"ok: --pages {rng} → {', '.join(names)}")

    out = fresh(os.path.join(work, "beyond"))
    r = run([exe, "-q", source, "-f", "png", "--pages", f"{n + 1}-", "-o", os.path.join(out, "p.png")], 2)
    if "[usage:pages]" not in r.stderr or written(out):
        fail(f"--pages {n + 1}-: {r.stderr!r}, wrote {written(out)}")
    for bad in ("0", "2-1", "-", "x", "1-2-3", "1,3", ""):
        run([exe, "-q", source, "-f", "png", "--pages", bad, "-o", os.path.join(out, "p.png")], 2)
    run([exe, "-q", source, "-f", "pdf", "--pages", "1", "-o", os.path.join(out, "p.pdf")], 2)
    if written(out):
        fail(f"refused ranges wrote {written(out)}")
    print("ok: ranges past the end, malformed ranges and --pages without PNG or SVG refused")


def ps(exe, source, work):
    out = fresh(work)
    ps_file, pdf_file = os.path.join(out, "doc.ps"), os.path.join(out, "doc.pdf")
    run([exe, "-q", source, "-f", "ps,pdf", "-o", ps_file])
    want = int(re.search(r"^Pages:\s+(\d+)", run(["pdfinfo", pdf_file]).stdout, re.M).group(1))
    head = read(ps_file)[:4096].decode("latin-1")
    if not head.startswith("%!PS-Adobe-3.0"):
        fail(f"not DSC PostScript: {head[:40]!r}")
    dsc = re.search(r"^%%Pages: (\d+)", read(ps_file).decode("latin-1"), re.M)
    if not dsc or int(dsc.group(1)) != want:
        fail(f"%%Pages {dsc and dsc.group(1)}, the PDF has {want}")
    r = run(["gs", "-q", "-dSAFER", "-dNOPAUSE", "-dBATCH", "-sDEVICE=nullpage", ps_file])
    if "Error" in r.stdout + r.stderr:
        fail(f"Ghostscript: {r.stdout}{r.stderr}")
    r = run(["gs", "-q", "-dSAFER", "-dNOPAUSE", "-dBATCH", "-sDEVICE=bbox", ps_file])
    boxes = len(re.findall(r"^%%BoundingBox:", r.stderr, re.M))
    if boxes != want:
        fail(f"Ghostscript drew {boxes} pages, the PDF has {want}")
    print(f"ok: {os.path.basename(source)}: {want} pages of PostScript, run by Ghostscript without error")


def main(argv):
    if len(argv) != 5 or argv[1] not in ("pages", "ps"):
        sys.exit(__doc__)
    {"pages": pages, "ps": ps}[argv[1]](argv[2], os.path.abspath(argv[3]), os.path.abspath(argv[4]))


if __name__ == "__main__":
    main(sys.argv)
