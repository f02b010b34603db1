#!/usr/bin/env python3
"""The lint-sort-surname warning.

    check_lint_sort.py DECLC FIXTURE.xml

FIXTURE.xml sorts its signatories by surname (closer rend="sort-surname")
and marks every surname: `declc check` is silent about it. The same
document with the forename and surname tags removed gets one warning
[lint-sort-surname] per person, at the persName's line, and no error:
`declc check` exits 1 (a warning shown is one to fix), compiling it still
succeeds (exit 0).
"""
import os
import re
import subprocess
import sys
import tempfile


def check(declc, path):
    return subprocess.run([declc, "check", path], capture_output=True, text=True)


def main():
    declc, fixture = sys.argv[1:3]
    errors = []
    source = open(fixture, encoding="utf-8").read()
    r = check(declc, fixture)
    if r.returncode != 0 or "lint-sort-surname" in r.stderr:
        errors.append("marked-up fixture: exit %d, %s" % (r.returncode, r.stderr.strip()))
    bare = re.sub(r"</?(forename|surname)>", "", source)
    lines = [i for i, l in enumerate(bare.splitlines(), 1) if "<persName>" in l]
    tmp = os.path.join(tempfile.mkdtemp(), "bare.xml")
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(bare)
    r = check(declc, tmp)
    got = [int(m.group(1)) for m in re.finditer(r":(\d+):\d+: warning: .*\[lint-sort-surname\]", r.stderr)]
    if r.returncode != 1 or ": error:" in r.stderr:
        errors.append("unmarked: check exit status %d, expected 1 with warnings only" % r.returncode)
    c = subprocess.run([declc, "-q", tmp, "-f", "trace", "-o", os.devnull], capture_output=True, text=True)
    if c.returncode != 0:
        errors.append("unmarked: compiling fails (%d): %s" % (c.returncode, c.stderr.strip()))
    if len(got) != sum(l.count("<persName>") for l in bare.splitlines()) or set(got) - set(lines):
        errors.append("unmarked: lint-sort-surname at lines %s, expected at %s: %s" % (got, lines, r.stderr.strip()))
    os.remove(tmp)
    os.rmdir(os.path.dirname(tmp))
    for e in errors:
        print(e)
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
