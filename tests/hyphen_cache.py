#!/usr/bin/env python3
"""hyphen_cache.py DECLC DATA_DIR SEED -- the cache of the compiled dictionary.

declc keeps the state machine libhyphen compiles from dicts/hyph_es.dic in
DECLC_HYPHEN_CACHE (default $XDG_CACHE_HOME/declc/hyphen), in a file named
after a digest of the dictionary's bytes (src/hyphen_cache.c). A run that
reads the file leaves it alone; one that compiles the dictionary writes it.
So whether a run read the cache is seen on the file's modification time.
Checked, on a copy of the data folder, every PDF compared byte for byte with
the one made without any cache:

1. DECLC_HYPHEN_CACHE empty: nothing is written;
2. a first run compiles the dictionary and leaves one cache file;
3. a second run reads it: the file is not written again;
4. a damaged file (cut short) is not used: the dictionary is compiled again
   and the file rewritten whole, the same bytes as the first;
5. an edited dictionary gets a file of its own; the first is left alone.
"""
import glob
import os
import shutil
import subprocess
import sys
import tempfile


def run(declc, data, seed, out, cache):
    # DECLC_FONT_CACHE empty: no fontconfig cache for this copy's fonts.
    env = dict(os.environ, LC_ALL="C.UTF-8", NO_COLOR="1", DECLC_FONT_CACHE="")
    env.pop("XDG_CACHE_HOME", None)
    env["DECLC_HYPHEN_CACHE"] = cache
    r = subprocess.run([declc, "-q", "--data-dir", data, seed, "-o", out], env=env,
                       capture_output=True, text=True, timeout=120)
    if r.returncode != 0 or r.stderr:
        sys.exit(f"FAIL: declc exited {r.returncode}: {r.stderr[-2000:]}")
    return out


def read(path):
    with open(path, "rb") as f:
        return f.read()


def main():
    declc, data_src, seed = sys.argv[1:4]
    with tempfile.TemporaryDirectory() as tmp:
        data = os.path.join(tmp, "data")
        for d in ("schemas", "stylesheets", "fonts", "dicts"):
            shutil.copytree(os.path.join(data_src, d), os.path.join(data, d))
        cache = os.path.join(tmp, "cache")
        plain = read(run(declc, data, seed, os.path.join(tmp, "plain.pdf"), ""))
        if os.path.exists(cache):
            sys.exit("FAIL: DECLC_HYPHEN_CACHE empty, yet the folder was made")
        print("1. DECLC_HYPHEN_CACHE empty: nothing written")

        if read(run(declc, data, seed, os.path.join(tmp, "1.pdf"), cache)) != plain:
            sys.exit("FAIL: the PDF made while writing the cache differs")
        files = glob.glob(os.path.join(cache, "*"))
        if len(files) != 1 or not files[0].endswith(".hyph"):
            sys.exit(f"FAIL: expected one .hyph file, found {files}")
        first = read(files[0])
        print(f"2. first run: one cache file, {len(first)} bytes")

        os.utime(files[0], (946684800, 946684800))    # 2000-01-01
        if read(run(declc, data, seed, os.path.join(tmp, "2.pdf"), cache)) != plain:
            sys.exit("FAIL: the PDF made from the cache differs")
        if os.stat(files[0]).st_mtime != 946684800:
            sys.exit("FAIL: a valid cache file was written again")
        print("3. second run: read the file, did not write it, the same PDF")

        with open(files[0], "r+b") as f:
            f.truncate(len(first) - 1000)
        if read(run(declc, data, seed, os.path.join(tmp, "3.pdf"), cache)) != plain:
            sys.exit("FAIL: the PDF made beside a damaged cache differs")
        if read(files[0]) != first:
            sys.exit("FAIL: the damaged cache file was not rewritten whole")
        print("4. damaged file: compiled again, rewritten byte for byte, the same PDF")

        with open(os.path.join(data, "dicts", "hyph_es.dic"), "a", encoding="utf-8") as f:
            f.write("zz1z\n")
        if read(run(declc, data, seed, os.path.join(tmp, "5.pdf"), cache)) != plain:
            sys.exit("FAIL: a pattern no Spanish word has changed the PDF")
        now = sorted(glob.glob(os.path.join(cache, "*")))
        if len(now) != 2 or files[0] not in now or read(files[0]) != first:
            sys.exit(f"FAIL: expected a second file beside the first, found {now}")
        print("5. edited dictionary: a file of its own, the first untouched")
    print("PASS")


if __name__ == "__main__":
    main()
