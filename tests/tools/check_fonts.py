#!/usr/bin/env python3
"""check_fonts.py OUT.pdf FONTS_DIR [EXTRA_FONTS_DIR] — the PDF uses only bundled fonts, embedded.

DESIGN.md §4: fonts come from fonts/, never from whatever the machine has installed, so a
document looks the same everywhere; and the text stays extractable. For every font that
`pdffonts` lists, this checks that it is
  * embedded (emb = yes): a viewer must not substitute its own font;
  * subset (sub = yes, name tagged ABCDEF+): what Cairo does; a full font would bloat the file;
  * mapped to Unicode (uni = yes): without a ToUnicode map the words are not extractable;
  * one of ours: its name after the subset tag is the PostScript name of a font file in
    FONTS_DIR or EXTRA_FONTS_DIR (read with fontconfig's `fc-scan`, or from the OpenType
    'name' table when fc-scan is missing). DejaVu here means fontconfig fell back to the
    machine's fonts: a family name that did not resolve to a bundled face.
A PDF with no fonts at all fails too: it has no text layer.

Exit status: 0 pass, 1 fail, 2 usage or environment error (missing file, no pdffonts).
"""
import argparse
import os
import re
import struct
import subprocess
import sys

FONT_FILES = re.compile(r"\.(otf|ttf|ttc|otc|pfb|pfa|t1|woff2?)$", re.I)


def name_table_ps_name(path):
    """PostScript name (name ID 6) of an OpenType/TrueType file; None if it cannot tell."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:4] == b"ttcf":                      # a collection: its first font
        data_offset = struct.unpack(">I", data[12:16])[0]
    else:
        data_offset = 0
    num_tables = struct.unpack(">H", data[data_offset + 4:data_offset + 6])[0]
    for t in range(num_tables):
        rec = data_offset + 12 + 16 * t
        tag, _, offset, _ = struct.unpack(">4sIII", data[rec:rec + 16])
        if tag != b"name":
            continue
        _, count, strings = struct.unpack(">HHH", data[offset:offset + 6])
        for r in range(count):
            pid, eid, _, nid, length, off = struct.unpack(
                ">HHHHHH", data[offset + 6 + 12 * r:offset + 18 + 12 * r])
            if nid == 6:
                raw = data[offset + strings + off:offset + strings + off + length]
                return raw.decode("utf-16-be" if pid in (0, 3) else "latin-1")
    return None


def bundled_names(dirs):
    """{PostScript name: file} for the font files in DIRS (not recursive into hidden dirs)."""
    names = {}
    for d in dirs:
        for root, subdirs, files in os.walk(d):
            subdirs[:] = [s for s in subdirs if not s.startswith(".")]
            for fn in sorted(files):
                if not FONT_FILES.search(fn):
                    continue
                path = os.path.join(root, fn)
                try:
                    out = subprocess.run(["fc-scan", "--format", "%{postscriptname}\n", path],
                                         capture_output=True, text=True, check=True).stdout
                    found = out.split()
                except (FileNotFoundError, subprocess.CalledProcessError):
                    found = [name_table_ps_name(path)]
                names.update({n: path for n in found if n})
    return names


def pdf_fonts(pdf):
    """(name, type, emb, sub, uni) for each font pdffonts lists."""
    try:
        out = subprocess.run(["pdffonts", pdf], capture_output=True, text=True, check=True).stdout
    except FileNotFoundError:
        sys.exit("check_fonts: pdffonts not found (Debian package poppler-utils)")
    except subprocess.CalledProcessError as e:
        print(f"check_fonts: pdffonts {pdf} failed: {e.stderr.strip()}", file=sys.stderr)
        sys.exit(2)
    fonts = []
    for line in out.splitlines()[2:]:          # after the header and its ---- line
        cols = line.split()
        if len(cols) >= 7:                     # name type... encoding emb sub uni obj gen
            fonts.append((cols[0], " ".join(cols[1:-6]), cols[-5], cols[-4], cols[-3]))
    return fonts


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[1],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("pdf", metavar="OUT.pdf")
    ap.add_argument("fonts_dir", metavar="FONTS_DIR")
    ap.add_argument("extra_dir", metavar="EXTRA_FONTS_DIR", nargs="?")
    args = ap.parse_args()
    dirs = [d for d in (args.fonts_dir, args.extra_dir) if d]
    for path in [args.pdf] + dirs:
        if not os.path.exists(path):
            print(f"check_fonts: {path}: no such file or directory", file=sys.stderr)
            return 2
    ours = bundled_names(dirs)
    if not ours:
        print(f"check_fonts: no font files in {', '.join(dirs)}", file=sys.stderr)
        return 2
    fonts, problems = pdf_fonts(args.pdf), []
    if not fonts:
        problems.append("the PDF uses no font at all: it has no text layer")
    for name, kind, emb, sub, uni in fonts:
        tag, plus, base = name.partition("+")
        if not plus:
            tag, base = "", name
        if emb != "yes":
            problems.append(f"{name} ({kind}) is not embedded: a viewer would substitute a "
                            "font of its own")
        elif sub != "yes" or not re.fullmatch(r"[A-Z]{6}", tag):
            problems.append(f"{name} ({kind}) is not a subset (no ABCDEF+ tag): the whole "
                            "font is in the file")
        if uni != "yes":
            problems.append(f"{name} ({kind}) has no ToUnicode map: its text may not be extractable")
        if base not in ours:
            why = (" — the machine's DejaVu: a font family that did not resolve to a bundled "
                   "face, so fontconfig fell back to the system fonts") if "DejaVu" in base else ""
            problems.append(f"{name} ({kind}) is not a bundled font: {base!r} is not the "
                            f"PostScript name of a file in {', '.join(dirs)}{why}")
    if problems:
        print(f"check_fonts: FAIL: {args.pdf}: {len(problems)} problem(s)")
        print("\n".join("  " + p for p in problems))
        print(f"  bundled PostScript names: {', '.join(sorted(ours))}")
        return 1
    used = sorted({n.partition("+")[2] or n for n, *_ in fonts})
    print(f"check_fonts: OK: {len(fonts)} fonts, all embedded subsets of bundled fonts "
          f"({', '.join(used)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
