#!/usr/bin/env python3
"""The division points declc itself uses, checked against the RAE list (ES-29, ES-30, ES-32).

Usage: check_hyphenate.py DECLC LIST

Every word of LIST (tests/typography/hyphenation-rae.txt; format in its header) goes through
`declc hyphenate --lang L` for both locale classes (es-ES, which may divide t|l, and es-CL
for all the others). The test fails on any division point declc would use that the RAE list
does not allow; valid points it misses are counted and printed, not failed (the patterns
leave some out on purpose, and ES-28 forbids dividing words of under five letters).
"""
import importlib.util
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tools"))
from testkit import arguments  # noqa: E402
spec = importlib.util.spec_from_file_location(
    "measure", os.path.join(HERE, "..", "..", "scripts", "measure-hyphenation.py"))
measure = importlib.util.module_from_spec(spec)
spec.loader.exec_module(measure)


def points_of(word, shown):
    """Division points (letters before each) from declc's 'mo-der-ni-za-ción'; a '-' that
    stands in the word itself (teórico-práctico) is the word's own hyphen, not a point."""
    points, i = set(), 0
    for ch in shown:
        if i < len(word) and ch == word[i]:
            i += 1
        elif ch == "-":
            points.add(i)
        else:
            raise ValueError(f"declc changed {word!r} into {shown!r}")
    if i != len(word):
        raise ValueError(f"declc changed {word!r} into {shown!r}")
    return points


def main():
    declc, path = arguments(__doc__, 2)
    entries = measure.read_list(path)
    words = list(entries)
    bad = 0
    for lang, lclass in (("es-ES", "es-ES"), ("es-CL", "es-419")):
        run = subprocess.run([declc, "hyphenate", "--lang", lang], input="\n".join(words) + "\n",
                             capture_output=True, text=True, timeout=60)
        if run.returncode != 0:
            print(run.stderr)
            return 1
        shown = run.stdout.splitlines()
        if len(shown) != len(words):
            print(f"{lang}: {len(shown)} lines for {len(words)} words")
            return 1
        forbidden = missed = 0
        for word, out in zip(words, shown):
            got = points_of(word, out)
            valid = entries[word][lclass]
            for p in sorted(got - valid):
                print(f"{lang}: FORBIDDEN {measure.mark(word, {p})} (declc: {out}, "
                      f"valid: {measure.mark(word, valid)})")
            forbidden += len(got - valid)
            missed += len(valid - got)
        print(f"{lang}: {len(words)} words; forbidden points used {forbidden}, "
              f"valid points missed {missed}")
        bad += forbidden
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
