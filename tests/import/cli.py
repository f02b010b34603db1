#!/usr/bin/env python3
"""cli.py DECLC CASES OUT — the command line of declc import.

  * -O DIR with several inputs writes DIR/NAME.xml for each (the folder is made if need be);
  * "-" reads standard input (HTML recognised by its bytes) and writes standard output;
  * -o with several inputs, and -o with -O, are usage errors (exit 2) and write nothing;
  * an unwritable output is an I/O error (exit 3).
Exit status: 0 pass, 1 fail.
"""
import os
import shutil
import subprocess
import sys


def run(args, stdin=None):
    return subprocess.run(args, input=stdin, capture_output=True,
                          env=dict(os.environ, LC_ALL="C", LANGUAGE="", NO_COLOR="1"))


def check(cond, what, r=None):
    if not cond:
        print(f"cli: FAIL: {what}")
        if r is not None:
            print(r.stderr.decode(errors="replace"))
        sys.exit(1)


def main():
    declc, cases, out = sys.argv[1:4]
    outdir = os.path.join(out, "import-cli")
    shutil.rmtree(outdir, ignore_errors=True)
    a = os.path.join(cases, "convenio-en-fe.txt")
    b = os.path.join(cases, "comunicado-web.html")

    r = run([declc, "import", a, b, "-O", outdir])
    check(r.returncode == 0, "-O with two inputs", r)
    for name in ("convenio-en-fe.xml", "comunicado-web.xml"):
        check(os.path.isfile(os.path.join(outdir, name)), f"-O did not write {name}")

    with open(b, "rb") as f:
        r = run([declc, "import", "-"], f.read())
    check(r.returncode == 0 and r.stdout.startswith(b"<?xml") and b"<TEI" in r.stdout,
          "stdin to stdout", r)
    check(b"Sobre el cierre de las bibliotecas barriales" in r.stdout, "stdin: HTML not recognised", r)

    r = run([declc, "import", a, b, "-o", os.path.join(outdir, "x.xml")])
    check(r.returncode == 2 and not os.path.exists(os.path.join(outdir, "x.xml")),
          "-o with two inputs must be a usage error", r)
    r = run([declc, "import", a, "-o", os.path.join(outdir, "y.xml"), "-O", outdir])
    check(r.returncode == 2, "-o with -O must be a usage error", r)
    r = run([declc, "import", a, "-o", os.path.join(outdir, "no", "such", "dir", "z.xml")])
    check(r.returncode == 3, "an unwritable output must be an I/O error (exit 3)", r)
    print("cli: OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
