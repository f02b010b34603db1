#!/usr/bin/env python3
"""batch_test.py DECLC SAMPLES WORK CASE — the tests of `declc batch`.

Each CASE runs declc on a collection made by gen_corpus.py in WORK/CASE and
checks what it wrote, recomputing every checksum itself:

  main         statuses, outputs, manifest.json and manifest.csv
  jobs         -j 1 and -j 2 write byte-identical trees and manifests
  incremental  unchanged documents are skipped; a changed one, new options
               or --force build again
  kill         SIGKILL halfway: no partial file under a final name, and the
               rerun ends with the manifest of an uninterrupted run
  term         SIGTERM halfway: the manifest is written, unstarted documents
               are "pending", and the rerun completes
  bag          --bag: a valid BagIt bag (RFC 8493)
  shard        --shard 1/2 and 2/2 merged = the whole run
  import       --import: text, Markdown and HTML imported, then compiled
  cli          usage errors
"""
import csv
import hashlib
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_corpus  # noqa: E402

DECLC, SAMPLES, WORK, CASE = sys.argv[1:5]
FAILURES = []


def check(cond, what):
    if not cond:
        FAILURES.append(what)
        print("FAIL:", what)


def sha(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def run(args, **kw):
    p = subprocess.run([DECLC, "batch"] + args, capture_output=True, text=True, **kw)
    return p.returncode, p.stderr


def tree(root, skip_state=True):
    """Relative path → bytes of every file under ROOT."""
    out = {}
    for d, dirs, files in os.walk(root):
        if skip_state:
            dirs[:] = [x for x in dirs if x != ".declc-state"]
        for f in files:
            p = os.path.join(d, f)
            with open(p, "rb") as fh:
                out[os.path.relpath(p, root)] = fh.read()
    return out


def read_bytes(path):
    with open(path, "rb") as f:
        return f.read()


def read(path):
    with open(path, "rb") as f:
        return f.read()


def corpus(name, n=16):
    src = os.path.join(WORK, name, "in")
    gen_corpus.make(SAMPLES, src, n)
    return src


def expected_status(rel, formats):
    if rel in gen_corpus.BROKEN:
        return "invalid"
    if rel in gen_corpus.UNREADABLE:
        return "unreadable"
    if rel == gen_corpus.CLASH[1] and "pdf" in formats and "pdfa" in formats:
        return "collision"
    return "ok"


def check_manifest(out, src, formats, prefix=""):
    """The manifests of OUT against the collection SRC."""
    m = json.loads(read(os.path.join(out, "manifest.json")))
    docs = m["documents"]
    paths = [d["path"] for d in docs]
    check(paths == sorted(paths), "documents in path order")
    want = {os.path.relpath(os.path.join(d, f), src)
            for d, _, fs in os.walk(src) for f in fs if f.endswith(".xml")}
    check(set(paths) == want, f"every input once: {sorted(set(paths) ^ want)}")
    check(m["run"]["declc"], "declc version")
    check({"libxml2", "libxslt", "Pango", "Cairo", "HarfBuzz"} <= set(m["run"]["libraries"]),
          "library versions")
    check(m["run"]["options"]["formats"] == formats, "formats in the options")
    exts = {"pdf": ".pdf", "pdfa": ".pdfa.pdf", "txt": ".txt", "html": ".html"}
    for d in docs:
        rel, st = d["path"], d["status"]
        check(st == expected_status(rel, formats), f"{rel}: status {st}, not {expected_status(rel, formats)}")
        inp = os.path.join(src, rel)
        if st != "unreadable":
            check(d["sha256"] == sha(inp) and d["size"] == os.path.getsize(inp),
                  f"{rel}: input checksum and size")
        else:
            check(d["sha256"] is None and d["exit"] == 3 and d["diagnostics"],
                  f"{rel}: unreadable reported")
        if st == "ok":
            stem = rel[:-4]
            names = [prefix + stem + exts[f] for f in formats]
            check([o["path"] for o in d["outputs"]] == names, f"{rel}: output names")
        else:
            check(d["outputs"] == [] and d["diagnostics"], f"{rel}: no outputs, a reason")
        for o in d["outputs"]:
            p = os.path.join(out, o["path"])
            check(os.path.exists(p) and sha(p) == o["sha256"] and
                  os.path.getsize(p) == o["size"], f"{o['path']}: checksum and size")
    s = m["summary"]
    check(s["documents"] == len(docs) and s["ok"] == sum(d["status"] == "ok" for d in docs),
          "summary counts")
    # The CSV says the same, one row per output.
    rows = list(csv.reader(io.StringIO(read(os.path.join(out, "manifest.csv")).decode(),
                                       newline="")))
    check(rows[0][:4] == ["path", "sha256", "size", "status"], "CSV header")
    want_rows = []
    for d in docs:
        base = [d["path"], d["sha256"] or "", str(d["size"]) if d["size"] is not None else "",
                d["status"], str(d["exit"]), "\n".join(d["diagnostics"])]
        for o in d["outputs"] or [None]:
            want_rows.append(base + ([o["path"], o["sha256"], str(o["size"])] if o else
                                     ["", "", ""]))
    check(rows[1:] == want_rows, "CSV rows = JSON documents")
    check(read(os.path.join(out, "manifest.csv")).count(b"\r\n") >= len(want_rows) + 1,
          "CSV lines end in CRLF")
    return m


def no_temp_files(root):
    odd = [p for p in tree(root) if re.search(r"\.[A-Za-z0-9]{6}$", p)]
    check(not odd, f"no temporary files left: {odd}")


def case_main():
    src = corpus("main")
    out = os.path.join(WORK, "main", "out")
    rc, err = run([src, "-o", out, "-f", "pdf,pdfa,txt", "-j", "2"])
    check(rc == 1, f"exit 1 with bad documents (got {rc}): {err}")
    check("failed" in err and gen_corpus.BROKEN[0] in err, "summary names the failures")
    m = check_manifest(out, src, ["pdf", "pdfa", "txt"])
    clash = [d for d in m["documents"] if d["path"] == gen_corpus.CLASH[1]][0]
    check(gen_corpus.CLASH[0] in " ".join(clash["diagnostics"]), "collision names the other")
    check(not os.path.exists(os.path.join(out, "clash/acta.pdf")), "the loser wrote nothing")
    check(sha(os.path.join(out, "clash/acta.pdfa.pdf")) ==
          [o for d in m["documents"] if d["path"] == gen_corpus.CLASH[0]
           for o in d["outputs"] if o["path"] == "clash/acta.pdfa.pdf"][0]["sha256"],
          "the collided name holds the winner's PDF")
    no_temp_files(out)
    # A list on stdin gives the same documents.
    lst = "\n".join(os.path.join(d, f) for d, _, fs in os.walk(src) for f in fs
                    if f.endswith(".xml"))
    out2 = os.path.join(WORK, "main", "out-stdin")
    cwd = os.path.join(WORK, "main")
    p = subprocess.run([DECLC, "batch", "-", "-o", "out-stdin", "-f", "txt", "-q"],
                       input="\n".join(os.path.relpath(x, cwd) for x in lst.split("\n")),
                       capture_output=True, text=True, cwd=cwd)
    m2 = json.loads(read(os.path.join(out2, "manifest.json")))
    check(p.returncode == 1 and {d["path"] for d in m2["documents"]} ==
          {"in/" + d["path"] for d in m["documents"]}, "a list on stdin mirrors its paths")


def case_jobs():
    src = corpus("jobs")
    outs = []
    for j in ("1", "2"):
        out = os.path.join(WORK, "jobs", "out" + j)
        run([src, "-o", out, "-f", "pdf,txt", "-j", j, "-q"])
        outs.append(tree(out, skip_state=False))
    check(outs[0].keys() == outs[1].keys(), "the same files with -j 1 and -j 2")
    diff = [k for k in outs[0] if outs[0][k] != outs[1].get(k)]
    check(not diff, f"byte-identical with -j 1 and -j 2: {diff[:5]}")
    # A document compiled alone has its glyphs loaded ahead on a thread
    # (src/glyph_warm.h), in batch not: the PDFs are the same bytes.
    pdfs = sorted(k for k in outs[0] if k.endswith(".pdf") and not k.endswith(".pdfa.pdf"))
    check(len(pdfs) >= 8, f"PDFs to compare with single runs: {pdfs}")
    alone = os.path.join(WORK, "jobs", "alone.pdf")
    for k in pdfs:
        p = subprocess.run([DECLC, "-q", os.path.join(src, k[:-4] + ".xml"), "-o", alone],
                           capture_output=True, text=True)
        check(p.returncode == 0 and read_bytes(alone) == outs[0][k],
              f"{k}: declc alone writes the bytes batch writes ({p.returncode} {p.stderr[:200]})")


def built(err):
    return sorted(l.split(" ", 1)[1] for l in err.splitlines() if l.startswith("ok "))


def case_incremental():
    src = corpus("incr", 8)
    out = os.path.join(WORK, "incr", "out")
    run([src, "-o", out, "-f", "pdf", "-j", "2"])
    first = read(os.path.join(out, "manifest.json"))
    rc, err = run([src, "-o", out, "-f", "pdf", "-j", "2"])
    check(built(err) == [], f"nothing rebuilt when nothing changed: {built(err)}")
    check("up-to-date doc-000.xml" in err, "skipped documents are said to be up to date")
    check(read(os.path.join(out, "manifest.json")) == first, "same manifest when skipping")
    victim = os.path.join(src, "a/doc-001.xml")
    with open(victim, "ab") as f:
        f.write(b"\n<!-- changed -->\n")
    rc, err = run([src, "-o", out, "-f", "pdf"])
    check(built(err) == ["a/doc-001.xml"], f"only the changed one rebuilt: {built(err)}")
    rc, err = run([src, "-o", out, "-f", "pdf", "--no-hyphenate"])
    check(len(built(err)) == 11, f"new options rebuild all: {len(built(err))}")
    rc, err = run([src, "-o", out, "-f", "pdf", "--no-hyphenate", "--force"])
    check(len(built(err)) == 11, "--force rebuilds all")
    os.remove(os.path.join(out, "c/doc-003.pdf"))
    rc, err = run([src, "-o", out, "-f", "pdf", "--no-hyphenate"])
    check(built(err) == ["c/doc-003.xml"], f"a missing output is made again: {built(err)}")


def interrupted(name, sig):
    src = corpus(name, 48)
    ref = os.path.join(WORK, name, "ref")
    out = os.path.join(WORK, name, "out")
    run([src, "-o", ref, "-f", "pdf,txt", "-j", "2", "-q"])
    p = subprocess.Popen([DECLC, "batch", src, "-o", out, "-f", "pdf,txt", "-j", "2", "-q"],
                         stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while time.time() < deadline and p.poll() is None:
        n = sum(1 for _, _, fs in os.walk(out) for f in fs if f.endswith(".pdf"))
        if n >= 6:
            break
        time.sleep(0.005)
    p.send_signal(sig)
    rc = p.wait()
    want = tree(ref)
    got = tree(out)
    partial = [k for k in got if k in want and got[k] != want[k]
               and not k.startswith("manifest.")]
    check(not partial, f"no partial file under a final name: {partial}")
    done = sum(1 for k in got if k.endswith(".pdf"))
    print(f"{name}: {done} of {sum(1 for k in want if k.endswith('.pdf'))} PDFs before the signal")
    if sig == signal.SIGTERM:
        check(rc == 1, f"interrupted run exits 1 (got {rc})")
        m = json.loads(read(os.path.join(out, "manifest.json")))
        pend = [d for d in m["documents"] if d["status"] == "pending"]
        check(pend or done == 48, "unstarted documents are pending in the manifest")
        for d in m["documents"]:
            for o in d["outputs"]:
                check(os.path.exists(os.path.join(out, o["path"])), f"{o['path']} stands")
    if sig == signal.SIGKILL:
        # A kill mid-write leaves NAME.XXXXXX beside NAME (rarely caught by
        # the kill above, so planted): one beside an output that stands, one
        # beside an output only the rerun will write.
        pdfs = sorted(k for k in want if k.endswith(".pdf"))
        for k in (pdfs[0], pdfs[-1]):
            os.makedirs(os.path.dirname(os.path.join(out, k)), exist_ok=True)
            with open(os.path.join(out, k + ".a1B2c3"), "wb") as f:
                f.write(b"%PDF-1.7 half")
    rc, err = run([src, "-o", out, "-f", "pdf,txt", "-j", "2", "-q"])
    check(read(os.path.join(out, "manifest.json")) == read(os.path.join(ref, "manifest.json")),
          "the rerun ends with the uninterrupted run's manifest.json")
    check(read(os.path.join(out, "manifest.csv")) == read(os.path.join(ref, "manifest.csv")),
          "and its manifest.csv")
    check(tree(out) == tree(ref),
          f"and the same outputs: {sorted(set(tree(out)) ^ set(tree(ref)))}")
    no_temp_files(out) if sig == signal.SIGTERM else None


def case_kill():
    interrupted("kill", signal.SIGKILL)


def case_term():
    interrupted("term", signal.SIGTERM)


def case_bag():
    src = corpus("bag")
    out = os.path.join(WORK, "bag", "out")
    rc, _ = run([src, "-o", out, "-f", "pdf,txt", "--bag", "-q"])
    check(rc == 1, "exit 1 with bad documents")
    check(read(os.path.join(out, "bagit.txt")) ==
          b"BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n", "bagit.txt")
    listed = {}
    for line in read(os.path.join(out, "manifest-sha256.txt")).decode().splitlines():
        h, path = line.split("  ", 1)
        listed[path.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")] = h
    payload = {"data/" + k for k in tree(os.path.join(out, "data"))}
    check(set(listed) == payload, f"every payload file listed once: {set(listed) ^ payload}")
    for path, h in listed.items():
        check(sha(os.path.join(out, path)) == h, f"{path}: checksum")
    size = sum(os.path.getsize(os.path.join(out, p)) for p in payload)
    info = read(os.path.join(out, "bag-info.txt")).decode()
    check(f"Payload-Oxum: {size}.{len(payload)}" in info, "Payload-Oxum")
    tags = dict(reversed(l.split("  ", 1)) for l in
                read(os.path.join(out, "tagmanifest-sha256.txt")).decode().splitlines())
    check({"bagit.txt", "bag-info.txt", "manifest-sha256.txt"} <= set(tags), "tag manifest")
    for t, h in tags.items():
        check(sha(os.path.join(out, t)) == h, f"{t}: tag checksum")
    check_manifest(out, src, ["pdf", "txt"], prefix="data/")
    if shutil.which("bagit.py"):
        check(subprocess.run(["bagit.py", "--validate", out]).returncode == 0, "bagit.py")


def case_shard():
    src = corpus("shard")
    base = os.path.join(WORK, "shard")
    run([src, "-o", os.path.join(base, "all"), "-f", "txt", "-q"])
    parts = []
    for k in ("1/2", "2/2"):
        out = os.path.join(base, "part" + k[0])
        run([src, "-o", out, "-f", "txt", "--shard", k, "-q"])
        parts.append(out)
    docs = [{d["path"] for d in json.loads(read(os.path.join(p, "manifest.json")))["documents"]}
            for p in parts]
    check(docs[0] and docs[1] and not docs[0] & docs[1], "two non-empty, disjoint parts")
    rc, err = run(["--merge-manifests", "-o", os.path.join(base, "merged")] + parts)
    check(rc == 0, f"merge succeeds: {err}")
    for f in ("manifest.json", "manifest.csv"):
        check(read(os.path.join(base, "merged", f)) == read(os.path.join(base, "all", f)),
              f"merged {f} = the whole run's")
    rc, _ = run(["--merge-manifests", "-o", os.path.join(base, "twice"), parts[0], parts[0]])
    check(rc != 0, "a document in two parts is refused")
    rc, _ = run([src, "-o", os.path.join(base, "bad"), "--shard", "3/2"])
    check(rc == 2, "--shard 3/2 is a usage error")


def case_import():
    """--import: plain text, Markdown and HTML go through declc import first."""
    src = os.path.join(WORK, "import", "in")
    cases = os.path.join(os.path.dirname(SAMPLES.rstrip("/")), "tests", "import", "cases")
    os.makedirs(os.path.join(src, "web"))
    names = {"carta-posdata.txt": "carta-posdata.txt", "manifiesto-lista.md": "manifiesto-lista.md",
             "comunicado-web.html": "web/comunicado-web.html"}
    for name, rel in names.items():
        shutil.copy(os.path.join(cases, name), os.path.join(src, rel))
    shutil.copy(os.path.join(SAMPLES, "declaracion-santiago-2024.xml"), src)
    out = os.path.join(WORK, "import", "out")
    rc, err = run([src, "-o", out, "-f", "pdf", "--import", "-q"])
    check(rc == 0, f"imports compile (exit {rc}): {err}")
    m = json.loads(read(os.path.join(out, "manifest.json")))
    docs = {d["path"]: d for d in m["documents"]}
    check(set(docs) == set(names.values()) | {"declaracion-santiago-2024.xml"}, "inputs taken")
    for rel in names.values():
        stem = rel.rsplit(".", 1)[0]
        d = docs[rel]
        check([o["path"] for o in d["outputs"]] == [stem + ".xml", stem + ".pdf"],
              f"{rel}: the TEI, then the PDF")
        for o in d["outputs"]:
            check(sha(os.path.join(out, o["path"])) == o["sha256"], f"{o['path']}: checksum")
    check(m["run"]["options"]["import"] is True, "import in the options")
    rc, err = run([src, "-o", os.path.join(WORK, "import", "plain"), "-f", "pdf", "-q"])
    m = json.loads(read(os.path.join(WORK, "import", "plain", "manifest.json")))
    check([d["path"] for d in m["documents"]] == ["declaracion-santiago-2024.xml"],
          "without --import only *.xml")


def case_cli():
    src = corpus("cli", 2)
    out = os.path.join(WORK, "cli", "out")
    for args, what in (([src], "no -o"), ([src, "-o", "-"], "-o -"), (["-o", out], "no input"),
                       ([src, "-o", out, "--shard", "0/2"], "--shard 0/2"),
                       ([src, "-o", out, "--shard", "1/2x"], "--shard 1/2x"),
                       ([src, "-o", out, "-f", "nope"], "unknown format")):
        rc, err = run(args)
        check(rc == 2, f"{what}: usage error (got {rc})")
    p = subprocess.run([DECLC, "-j", "2", os.path.join(src, "doc-000.xml"), "-o",
                        os.path.join(WORK, "cli", "x.pdf")], capture_output=True)
    check(p.returncode == 2, "-j is an option of declc batch only")
    check(not os.path.exists(out), "nothing written on a usage error")


if __name__ == "__main__":
    os.makedirs(WORK, exist_ok=True)
    shutil.rmtree(os.path.join(WORK, CASE if CASE != "incremental" else "incr"),
                  ignore_errors=True)
    globals()["case_" + CASE]()
    sys.exit(1 if FAILURES else 0)
