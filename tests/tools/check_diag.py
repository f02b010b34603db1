#!/usr/bin/env python3
"""Checks that declc reports exactly the expected diagnostics for a document.

Usage: check_diag.py [--compile OUT] DECLC FILE.xml FILE.expect [ARG...]

FILE.expect holds the expected exit status on its first line, then one line
per diagnostic: `LINE:COL CODE [RULE]`. A COL of 0 accepts any column (used
where libxml2, not declc, decides where a syntax error is noticed). declc runs
as `declc check --diagnostics json FILE.xml` (JSON on stdout); every expected diagnostic must be
reported, at that position with that code, and no other error may be. Each
reported message must also name the problem in words (non-empty), and the text
output must start with the file name, as editors parse it.

With --compile OUT the document is compiled (`declc FILE.xml -o OUT ARG...`)
instead of checked, and when declc fails no file may appear at OUT: a failure
never leaves a partial output.
"""
import json
import os
import subprocess
import sys


def parse_expect(path):
    with open(path, encoding="utf-8") as f:
        lines = [l.strip() for l in f if l.strip() and not l.startswith("#")]
    status = int(lines[0])
    expected = []
    for l in lines[1:]:
        parts = l.split()
        line, col = (int(x) for x in parts[0].split(":"))
        expected.append((line, col, parts[1], parts[2] if len(parts) > 2 else None))
    return status, expected


def main():
    args = sys.argv[1:]
    out = None
    if args[:1] == ["--compile"] and len(args) > 1:
        out, args = args[1], args[2:]
    if len(args) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    declc, doc, expect, extra = args[0], args[1], args[2], args[3:]
    status, expected = parse_expect(expect)
    if out:
        if os.path.exists(out):
            os.remove(out)
        base = [declc, doc, "-o", out] + extra
    else:
        base = [declc, "check", doc] + extra
    run = subprocess.run(base + ["--diagnostics", "json"],
                         capture_output=True, text=True, timeout=60)
    # `declc check` writes JSON to stdout (docs/ci.md); compiling, to stderr.
    got = [json.loads(l) for l in (run.stdout + run.stderr).splitlines() if l.startswith("{")]
    failures = []
    if run.returncode != status:
        failures.append(f"exit status {run.returncode}, expected {status}")
    if out and run.returncode != 0 and os.path.exists(out):
        failures.append(f"{out} exists although declc failed")
    for line, col, code, rule in expected:
        match = [d for d in got if d["line"] == line and (col == 0 or d["column"] == col)
                 and d["code"] == code and (rule is None or f"[{rule}]" in d["message"])]
        if not match:
            failures.append(f"missing {line}:{col} {code} {rule or ''}")
    for d in got:
        if d["level"] != "error":
            continue
        if not d["message"].strip():
            failures.append(f"empty message: {d}")
        if not any(d["line"] == l and (c == 0 or d["column"] == c) and d["code"] == k
                   for l, c, k, _ in expected):
            failures.append(f"unexpected {d['line']}:{d['column']} {d['code']}: {d['message']}")
    text = subprocess.run(base, capture_output=True, text=True, timeout=60)
    for l in text.stderr.splitlines():
        if not l.startswith(doc + ":"):
            failures.append(f"text diagnostic does not start with the file name: {l}")
    if failures:
        print(f"{doc}:")
        for f in failures:
            print("  " + f)
        print("declc said:\n" + text.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
