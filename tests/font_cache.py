#!/usr/bin/env python3
"""font_cache.py DECLC DATA_DIR SEED -- the cache of the bundled fonts.

declc keeps fontconfig's cache of its bundled fonts in DECLC_FONT_CACHE
(default $XDG_CACHE_HOME/declc/fontconfig) and reads it back while it is
valid (src/fonts.c). Whether a run scanned the font files is read from
fontconfig's own debugging output: FC_DEBUG=128 prints "Scanning file NAME..."
and then "done" for each file it scans (the first name of a process is lost,
being printed before fontconfig reads FC_DEBUG; its "done" is not). Checked,
on a copy of the data folder:

1. a first run scans the bundled fonts and leaves one cache file;
2. a second run scans nothing, and writes the same PDF byte for byte;
3. DECLC_FONT_CACHE empty: the fonts are scanned, nothing is written, the
   same PDF;
4. a cache folder that cannot be made (its parent is a file): the fonts are
   scanned, nothing is said on stderr, the same PDF;
5. a font removed from the folder (the folder changes): the cache is no
   longer valid, the remaining fonts are scanned again and the cache
   rewritten, and the run after that scans nothing again.
"""
import glob
import os
import shutil
import subprocess
import sys
import tempfile


def run(declc, data, seed, out, cache, expect_ok=True):
    env = dict(os.environ, FC_DEBUG="128", LC_ALL="C.UTF-8", NO_COLOR="1")
    env.pop("XDG_CACHE_HOME", None)
    if cache is None:
        env.pop("DECLC_FONT_CACHE", None)
    else:
        env["DECLC_FONT_CACHE"] = cache
    r = subprocess.run([declc, "-q", "--data-dir", data, seed, "-o", out], env=env,
                       capture_output=True, text=True, timeout=120)
    if expect_ok and r.returncode != 0:
        sys.exit(f"FAIL: declc exited {r.returncode}: {r.stderr[-2000:]}")
    lines = r.stdout.splitlines()
    named = sorted(os.path.basename(line.split("Scanning file", 1)[1].strip().split("...")[0])
                   for line in lines if "Scanning file" in line)
    return Scan(sum(1 for line in lines if line.endswith("done")), named), r.stderr


class Scan:
    """How many files a run scanned, and the names fontconfig printed."""
    def __init__(self, count, named):
        self.count, self.named = count, named

    def __bool__(self):
        return self.count > 0

    def __repr__(self):
        return f"{self.count} files ({', '.join(self.named)})"


def same(a, b, what):
    with open(a, "rb") as fa, open(b, "rb") as fb:
        if fa.read() != fb.read():
            sys.exit(f"FAIL: {what}: the PDF differs from the first run's")


def main():
    declc, data_src, seed = sys.argv[1:4]
    tmp = tempfile.mkdtemp(prefix="declc-font-cache-")
    try:
        data = os.path.join(tmp, "data")
        for d in ("schemas", "stylesheets", "fonts", "dicts", "templates"):
            shutil.copytree(os.path.join(data_src, d), os.path.join(data, d))
        fonts = sorted(f for f in os.listdir(os.path.join(data, "fonts")) if f.endswith(".otf"))
        cache = os.path.join(tmp, "cache", "declc", "fontconfig")

        # 1. First run: scans, writes the cache.
        scanned, _ = run(declc, data, seed, os.path.join(tmp, "1.pdf"), cache)
        if scanned.count < len(fonts):
            sys.exit(f"FAIL: the first run scanned {scanned}, not every bundled font {fonts}")
        files = glob.glob(os.path.join(cache, "*.cache-*"))
        if len(files) != 1:
            sys.exit(f"FAIL: the first run left {files} in the cache folder, not one cache file")
        print(f"1. first run: scanned {len(fonts)} fonts, wrote {os.path.basename(files[0])}")

        # 2. Second run: reads the cache.
        scanned, _ = run(declc, data, seed, os.path.join(tmp, "2.pdf"), cache)
        if scanned:
            sys.exit(f"FAIL: the second run scanned {scanned} though the cache was valid")
        same(os.path.join(tmp, "1.pdf"), os.path.join(tmp, "2.pdf"), "from the cache")
        print("2. second run: scanned nothing, the same PDF")

        # 3. No cache.
        before = sorted(os.listdir(tmp))
        scanned, _ = run(declc, data, seed, os.path.join(tmp, "3.pdf"), "")
        if scanned.count < len(fonts):
            sys.exit(f"FAIL: without a cache the fonts were not scanned ({scanned})")
        if sorted(os.listdir(tmp)) != sorted(before + ["3.pdf"]):
            sys.exit("FAIL: DECLC_FONT_CACHE empty, yet something was written")
        same(os.path.join(tmp, "1.pdf"), os.path.join(tmp, "3.pdf"), "without a cache")
        print("3. DECLC_FONT_CACHE empty: scanned, wrote nothing, the same PDF")

        # 4. A cache folder that cannot be made.
        blocker = os.path.join(tmp, "a-file")
        with open(blocker, "w") as f:
            f.write("not a folder\n")
        scanned, err = run(declc, data, seed, os.path.join(tmp, "4.pdf"),
                           os.path.join(blocker, "fontconfig"))
        if scanned.count < len(fonts) or err.strip():
            sys.exit(f"FAIL: with no usable cache folder: scanned {scanned}, stderr {err!r}")
        same(os.path.join(tmp, "1.pdf"), os.path.join(tmp, "4.pdf"), "with no cache folder")
        print("4. cache folder impossible: scanned, silent, the same PDF")

        # 5. The fonts folder changes: the cache is stale.
        gone = [f for f in fonts if f.endswith("RBI.otf")][0]
        os.remove(os.path.join(data, "fonts", gone))
        scanned, _ = run(declc, data, seed, os.path.join(tmp, "5.pdf"), cache)
        rest = [f for f in fonts if f != gone]
        if scanned.count < len(rest) or gone in scanned.named:
            sys.exit(f"FAIL: after removing {gone}, the run scanned {scanned}, not {rest}")
        scanned, _ = run(declc, data, seed, os.path.join(tmp, "6.pdf"), cache)
        if scanned:
            sys.exit(f"FAIL: the cache was not rewritten after the folder changed: {scanned}")
        same(os.path.join(tmp, "5.pdf"), os.path.join(tmp, "6.pdf"), "from the rewritten cache")
        print(f"5. {gone} removed: rescanned {len(rest)} fonts, cache rewritten, then read")
    finally:
        shutil.rmtree(tmp)
    print("font cache: ok")


if __name__ == "__main__":
    main()
