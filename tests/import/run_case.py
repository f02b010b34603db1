#!/usr/bin/env python3
"""run_case.py — one declc import test: INPUT against its expected TEI and warnings.

    run_case.py --declc DECLC --expected DIR --out DIR [--tools DIR] [--update] INPUT
    run_case.py --declc DECLC --expected DIR --out DIR --refusal INPUT

A case (tests/import/cases/NAME.txt|.md|.html) passes when, in this order:
  1. `declc import INPUT -o OUT/NAME.xml` exits 0;
  2. its diagnostics are those of expected/NAME.diag, line for line (the input's folder
     left out of the file names);
  3. the TEI is expected/NAME.xml, byte for byte, but for the <?xml-model?> paths, which
     depend on where a file is written (expected/ files point at ../../../schemas/);
  4. fidelity.py finds every word of INPUT in the TEI, in order, and no other;
  5. the TEI compiles (`declc OUT/NAME.xml -o OUT/NAME.pdf`), and
  6. tests/tools/check_words.py finds every word of the TEI in the PDF's text layer.
A refusal (tests/import/refusals/NAME.*) passes when the import fails with the exit status
and diagnostics of expected/NAME.diag (its last line: "exit N") and writes no file.

--update writes expected/NAME.xml and NAME.diag from this run instead of comparing: for a
new case, or after a deliberate change — then read the diff line by line before committing.
Exit status: 0 pass, 1 fail.
"""
import argparse
import difflib
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
MODEL = re.compile(r'(<\?xml-model href=")[^"]*/(declaracion\.(?:rng|sch))"')


def fail(msg, detail=""):
    print(f"run_case: FAIL: {msg}")
    if detail:
        print(detail)
    sys.exit(1)


def diff(expected, actual, a, b):
    return "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True), a, b))


def normalise_diag(text, input_path):
    folder = os.path.dirname(input_path) + os.sep
    return text.replace(folder, "")


def compare(path, actual, update, what):
    if update:
        with open(path, "w", encoding="utf-8") as f:
            f.write(actual)
        print(f"run_case: wrote {path}")
        return
    try:
        with open(path, encoding="utf-8") as f:
            expected = f.read()
    except OSError:
        fail(f"no expected {what} {path} (run with --update to write it, then review it)")
    if expected != actual:
        fail(f"{what} differs from {path}", diff(expected, actual, path, "actual"))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[1],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--declc", required=True)
    ap.add_argument("--expected", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--tools")
    ap.add_argument("--update", action="store_true")
    ap.add_argument("--refusal", action="store_true")
    ap.add_argument("input")
    args = ap.parse_args()
    name = os.path.splitext(os.path.basename(args.input))[0]
    os.makedirs(args.out, exist_ok=True)
    xml = os.path.join(args.out, name + ".xml")
    if os.path.exists(xml):
        os.remove(xml)
    env = dict(os.environ, LC_ALL="C", LANGUAGE="", NO_COLOR="1")
    run = subprocess.run([args.declc, "import", args.input, "-o", xml],
                         capture_output=True, text=True, env=env)
    diag = normalise_diag(run.stderr, args.input)
    diag_path = os.path.join(args.expected, name + ".diag")

    if args.refusal:
        if run.returncode == 0:
            fail(f"the import of {args.input} succeeded; it should be refused")
        if os.path.exists(xml):
            fail(f"a refused import wrote {xml}")
        compare(diag_path, diag + f"exit {run.returncode}\n", args.update, "diagnostics")
        print(f"run_case: OK: {name} refused with exit {run.returncode}")
        return 0

    if run.returncode != 0:
        fail(f"declc import exited {run.returncode}", run.stderr)
    compare(diag_path, diag, args.update, "diagnostics")
    # The expected files live in tests/import/expected/: their xml-model paths lead from
    # there to the repository's schemas.
    with open(xml, encoding="utf-8") as f:
        tei = MODEL.sub(lambda m: m.group(1) + "../../../schemas/" + m.group(2) + '"', f.read())
    compare(os.path.join(args.expected, name + ".xml"), tei, args.update, "TEI")

    fid = subprocess.run([sys.executable, os.path.join(HERE, "fidelity.py"), args.input, xml],
                         capture_output=True, text=True)
    if fid.returncode != 0:
        fail("words differ", fid.stdout + fid.stderr)
    pdf = os.path.join(args.out, name + ".pdf")
    comp = subprocess.run([args.declc, xml, "-o", pdf], capture_output=True, text=True, env=env)
    if comp.returncode != 0:
        fail(f"the imported TEI does not compile (exit {comp.returncode})", comp.stderr)
    if args.tools:
        words = subprocess.run([sys.executable, os.path.join(args.tools, "check_words.py"), xml, pdf],
                               capture_output=True, text=True)
        if words.returncode != 0:
            fail("the PDF is not faithful to the imported TEI", words.stdout + words.stderr)
    print(f"run_case: OK: {name}: {fid.stdout.strip()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
