#!/usr/bin/env python3
"""Tests of `declc check` (tests/check/README.md).

Usage: run_check.py DECLC DOCS TEST [ARG]

  case EXPECTED    run the case an expected file describes and compare
  sarif            the SARIF log has the shape SARIF 2.1.0 requires
  walk             folders are searched recursively, *.xml only, in order
  status           exit statuses 0, 1, 2 and 3
  nowrite          check writes no file, wherever it runs

DOCS is tests/check/docs; cases run there, so paths in the output are the
relative ones written in the expected files.

An expected file tests/check/expected/NAME.FORMAT (FORMAT: text, json,
sarif or github) starts with two header lines, then holds exactly what
declc must print:

    # args: lint.xml            the arguments after `declc check --diagnostics FORMAT`
    # exit: 1                   the exit status

Text goes to stderr, the other formats to stdout; the other stream must be
empty. @VERSION@ stands for declc's version.
"""
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile

FORMATS = ("text", "json", "sarif", "github")
SARIF_LEVELS = {"none", "note", "warning", "error"}


def run(declc, args, cwd, stdin=None):
    env = dict(os.environ, LC_ALL="C.UTF-8", NO_COLOR="1")
    env.pop("DECLC_DATA_DIR", None)
    return subprocess.run([declc] + args, cwd=cwd, capture_output=True, timeout=120,
                          input=stdin, env=env)


def version(declc):
    out = run(declc, ["--version"], None).stdout.decode()
    return out.split("\n")[0].split()[1]


def fail(msgs):
    for m in msgs:
        print(m)
    return 1 if msgs else 0


def test_case(declc, docs, expected):
    fmt = os.path.splitext(expected)[1][1:]
    with open(expected, encoding="utf-8") as f:
        lines = f.read().split("\n")
    if not (lines[0].startswith("# args:") and lines[1].startswith("# exit:")):
        return fail([f"{expected}: needs '# args:' and '# exit:' header lines"])
    args = shlex.split(lines[0][len("# args:"):])
    status = int(lines[1][len("# exit:"):])
    want = "\n".join(lines[2:]).replace("@VERSION@", version(declc))
    r = run(declc, ["check", "--diagnostics", fmt] + args, docs)
    got, other = (r.stderr, r.stdout) if fmt == "text" else (r.stdout, r.stderr)
    got = got.decode("utf-8")
    msgs = []
    if r.returncode != status:
        msgs.append(f"exit status {r.returncode}, expected {status}")
    if got != want:
        import difflib
        msgs.append("output differs from the expected file:")
        msgs.extend(difflib.unified_diff(want.splitlines(), got.splitlines(),
                                         expected, "declc", lineterm=""))
    if other:
        stream = "stdout" if fmt == "text" else "stderr"
        msgs.append(f"{stream} should be empty for {fmt}, got:\n{other.decode()}")
    return fail(msgs)


def check_sarif_log(log, msgs):
    """The properties SARIF 2.1.0's schema requires, and code scanning's needs."""
    def need(cond, what):
        if not cond:
            msgs.append("SARIF: " + what)
        return cond

    need(log.get("version") == "2.1.0", "version must be \"2.1.0\"")
    need(isinstance(log.get("$schema"), str) and log["$schema"].endswith("sarif-schema-2.1.0.json"),
         "$schema names the 2.1.0 schema")
    if not need(isinstance(log.get("runs"), list) and len(log["runs"]) == 1, "one run"):
        return
    r = log["runs"][0]
    driver = r.get("tool", {}).get("driver")
    if not need(isinstance(driver, dict), "runs[0].tool.driver is an object"):
        return
    need(driver.get("name") == "declc", "tool.driver.name is declc")
    rules = driver.get("rules", [])
    need(isinstance(rules, list), "rules is an array")
    ids = [x.get("id") for x in rules]
    need(len(ids) == len(set(ids)), "rule ids are unique")
    for x in rules:
        need(isinstance(x.get("id"), str) and x["id"], "every rule has an id")
        need(isinstance(x.get("shortDescription", {}).get("text"), str)
             and x["shortDescription"]["text"].strip(), f"rule {x.get('id')} has a shortDescription.text")
        need(x.get("defaultConfiguration", {}).get("level") in SARIF_LEVELS,
             f"rule {x.get('id')} has a defaultConfiguration.level")
    results = r.get("results")
    if not need(isinstance(results, list), "runs[0].results is an array"):
        return
    for n, res in enumerate(results):
        where = f"results[{n}]"
        need(isinstance(res.get("message", {}).get("text"), str) and res["message"]["text"],
             f"{where}.message.text is a non-empty string")
        need(res.get("ruleId") in ids, f"{where}.ruleId names a rule of tool.driver.rules")
        if "ruleIndex" in res:
            need(0 <= res["ruleIndex"] < len(rules) and rules[res["ruleIndex"]]["id"] == res.get("ruleId"),
                 f"{where}.ruleIndex points at its rule")
        need(res.get("level") in SARIF_LEVELS, f"{where}.level is one of {sorted(SARIF_LEVELS)}")
        for loc in res.get("locations", []):
            pl = loc.get("physicalLocation", {})
            uri = pl.get("artifactLocation", {}).get("uri")
            need(isinstance(uri, str) and uri and " " not in uri and not uri.startswith("./"),
                 f"{where}: artifactLocation.uri is a URI reference ({uri!r})")
            reg = pl.get("region")
            if reg is not None:
                need(isinstance(reg.get("startLine"), int) and reg["startLine"] >= 1,
                     f"{where}: region.startLine >= 1")
                need(reg.get("startColumn", 1) >= 1, f"{where}: region.startColumn >= 1")


def test_sarif(declc, docs):
    msgs = []
    tmp = tempfile.mkdtemp()
    try:
        # Every kind of result at once: errors, warnings, an unreadable file
        # (no region), a path with a space and an accent (escaped in the URI).
        shutil.copytree(docs, os.path.join(tmp, "dos carpetas"))
        os.rename(os.path.join(tmp, "dos carpetas", "lint.xml"),
                  os.path.join(tmp, "dos carpetas", "revisión.xml"))
        r = run(declc, ["check", "--diagnostics", "sarif", "-W", "style", "dos carpetas",
                        "no-such-file.xml"], tmp)
        if r.returncode != 3:
            msgs.append(f"exit status {r.returncode}, expected 3 (an unreadable file)")
        log = json.loads(r.stdout)
        check_sarif_log(log, msgs)
        res = log["runs"][0]["results"]
        uris = [x["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for x in res]
        if "dos%20carpetas/revisi%C3%B3n.xml" not in uris:
            msgs.append(f"expected an escaped URI for 'dos carpetas/revisión.xml' in {uris}")
        levels = {x["level"] for x in res}
        if levels != {"error", "warning"}:
            msgs.append(f"levels {levels}, expected error and warning")
        if not any("rule" in x.get("properties", {}) for x in res):
            msgs.append("no result carries its Schematron rule in properties.rule")
        nofile = [x for x in res if x["ruleId"] == "io:read"]
        if len(nofile) != 1 or "region" in nofile[0]["locations"][0]["physicalLocation"]:
            msgs.append("the unreadable file gives one io:read result without a region")
        # A clean run is still a complete log, with no results.
        r = run(declc, ["check", "--diagnostics", "sarif", "valid.xml"], docs)
        clean = json.loads(r.stdout)
        check_sarif_log(clean, msgs)
        if r.returncode != 0 or clean["runs"][0]["results"] != []:
            msgs.append("a clean document gives exit 0 and an empty results array")
    finally:
        shutil.rmtree(tmp)
    return fail(msgs)


def test_walk(declc, docs):
    msgs = []
    tmp = tempfile.mkdtemp()
    try:
        valid = os.path.join(docs, "valid.xml")
        lint = os.path.join(docs, "lint.xml")
        tree = {
            "b.xml": lint, "a.xml": lint, "notes.txt": lint, "sub/z.xml": lint,
            "sub/deeper/c.XML": lint, "A-upper.xml": valid, ".hidden/h.xml": lint,
            "sub/.h.xml": lint, "sub/readme.md": valid,
        }
        for name, src in tree.items():
            os.makedirs(os.path.dirname(os.path.join(tmp, "tree", name)), exist_ok=True)
            shutil.copy(src, os.path.join(tmp, "tree", name))
        os.makedirs(os.path.join(tmp, "tree", "empty"))
        os.symlink(os.path.join(tmp, "tree"), os.path.join(tmp, "tree", "sub", "loop"))
        r = run(declc, ["check", "--diagnostics", "json", "tree"], tmp)
        files = []
        for line in r.stdout.decode().splitlines():
            f = json.loads(line)["file"]
            if not files or files[-1] != f:
                files.append(f)
        want = ["tree/a.xml", "tree/b.xml", "tree/sub/deeper/c.XML", "tree/sub/z.xml"]
        if files != want:
            msgs.append(f"files reported {files}, expected {want} (A-upper.xml is clean)")
        if r.returncode != 1:
            msgs.append(f"exit status {r.returncode}, expected 1")
        # The text summary counts every document searched, clean ones too.
        r = run(declc, ["check", "tree"], tmp)
        last = r.stderr.decode().splitlines()[-1]
        if last != "5 files, 0 with errors, 16 warnings":
            msgs.append(f"summary line {last!r}")
        # Several arguments keep their order; each folder is sorted within.
        r = run(declc, ["check", "--diagnostics", "json", "tree/sub", "tree/a.xml"], tmp)
        files = list(dict.fromkeys(json.loads(l)["file"] for l in r.stdout.decode().splitlines()))
        if files != ["tree/sub/deeper/c.XML", "tree/sub/z.xml", "tree/a.xml"]:
            msgs.append(f"arguments out of order: {files}")
        # One worker or several: the same output, byte for byte.
        outs = {run(declc, ["check", "-j", j, "--diagnostics", f, "tree"], tmp).stdout
                for j in ("1", "3") for f in ("sarif",)}
        if len(outs) != 1:
            msgs.append("-j 1 and -j 3 give different SARIF logs")
        # A folder with nothing to check is a usage error; nothing is checked.
        r = run(declc, ["check", "--diagnostics", "json", "tree/a.xml", "tree/empty"], tmp)
        if r.returncode != 2 or r.stdout or b"tree/empty" not in r.stderr:
            msgs.append(f"empty folder: exit {r.returncode}, stdout {r.stdout!r}, stderr {r.stderr!r}")
    finally:
        shutil.rmtree(tmp)
    return fail(msgs)


def test_status(declc, docs):
    empty = tempfile.mkdtemp()
    cases = [
        (0, ["valid.xml"]),
        (1, ["invalid.xml"]),
        (1, ["lint.xml"]),                       # warnings are shown, so they count
        (1, ["-W", "style", "lint.xml"]),
        (0, ["-W", "error", "lint.xml"]),        # warnings below the threshold
        (0, ["-q", "lint.xml"]),                 # -q: errors only
        (1, ["-W", "error", "invalid.xml", "lint.xml"]),
        (0, ["valid.xml", "valid.xml"]),
        (2, []),                                 # nothing to check
        (2, ["-W", "info", "valid.xml"]),
        (2, ["--diagnostics", "xml", "valid.xml"]),
        (2, ["-j", "-1", "valid.xml"]),
        (3, ["no-such-file.xml"]),
        (3, ["valid.xml", "no-such-file.xml", "invalid.xml"]),  # worst wins
        (3, ["--data-dir", empty, "valid.xml"]),  # no schemas there
    ]
    msgs = []
    try:
        for status, args in cases:
            r = run(declc, ["check"] + args, docs)
            if r.returncode != status:
                msgs.append(f"declc check {' '.join(args)}: exit {r.returncode}, expected {status}")
        # -W belongs to check.
        r = run(declc, ["-W", "error", "valid.xml", "-o", "-", "-f", "txt"], docs)
        if r.returncode != 2:
            msgs.append(f"declc -W error (compile): exit {r.returncode}, expected 2")
        # stdin.
        with open(os.path.join(docs, "lint.xml"), "rb") as f:
            r = run(declc, ["check", "--diagnostics", "github", "-"], docs, stdin=f.read())
        if r.returncode != 1 or not r.stdout.startswith(b"::warning::"):
            msgs.append(f"stdin: exit {r.returncode}, stdout {r.stdout[:80]!r}")
    finally:
        shutil.rmtree(empty)
    return fail(msgs)


def listing(top):
    out = []
    for d, dirs, files in os.walk(top):
        for name in sorted(dirs + files):
            p = os.path.join(d, name)
            st = os.lstat(p)
            out.append((os.path.relpath(p, top), st.st_size, st.st_mtime_ns))
    return sorted(out)


def test_nowrite(declc, docs):
    msgs = []
    tmp = tempfile.mkdtemp()
    try:
        shutil.copytree(docs, os.path.join(tmp, "docs"))
        before = listing(tmp)
        for fmt in FORMATS:
            for cwd in (tmp, os.path.join(tmp, "docs")):
                run(declc, ["check", "--diagnostics", fmt, os.path.join(tmp, "docs")], cwd)
        after = listing(tmp)
        if before != after:
            msgs.append(f"files changed: {sorted(set(after) ^ set(before))}")
    finally:
        shutil.rmtree(tmp)
    return fail(msgs)


def main():
    if len(sys.argv) < 4:
        print(__doc__, file=sys.stderr)
        return 2
    declc, docs, test = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2]), sys.argv[3]
    if test == "case":
        return test_case(declc, docs, sys.argv[4])
    return {"sarif": test_sarif, "walk": test_walk, "status": test_status,
            "nowrite": test_nowrite}[test](declc, docs)


if __name__ == "__main__":
    sys.exit(main())
