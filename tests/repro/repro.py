#!/usr/bin/env python3
"""Every output format is byte-identical across runs (DESIGN §4).

    repro.py builds DECLC INPUT WORK FORMAT [DECLC OPTIONS...]
        Builds INPUT in FORMAT twice, under conditions that differ in every
        way that must not matter, and requires the same files, byte for byte:

                      first build              second build
        clock         the real one             faketime 2031-05-05 12:00:00
        time zone     UTC                      Pacific/Chatham (+12:45/+13:45)
        locale        C.UTF-8                  es_CL.UTF-8 (decimal comma,
                                               Spanish messages) when it can
                                               be made, else POSIX
        folder        WORK/a, input absolute,  WORK/b/c/d, input relative,
                      output relative          output absolute
        umask         022                      077

        Then the same pair again with SOURCE_DATE_EPOCH set: again identical.
        Prints the SHA-256 of every file of each build. The Chilean locale is
        looked for in $REPRO_LOCPATH (see "locale").

    repro.py locale DIR
        Compiles es_CL.UTF-8 into DIR with localedef, for the builds above.

    repro.py dates DECLC INPUT WORK
        The dates' precedence, on a plain PDF and a PDF/A: the teiHeader's
        date (publicationStmt/date/@when) wins over SOURCE_DATE_EPOCH; without
        it, SOURCE_DATE_EPOCH; without both, 1970-01-01T00:00:00Z. Never the
        clock.

faketime is required (Debian: faketime): without it the clock is not varied
and the test fails rather than pass unproved.
"""
import glob
import hashlib
import os
import shutil
import subprocess
import sys

FAKE = "2031-05-05 12:00:00"
EPOCH = "1700000000"            # 2023-11-14T22:13:20Z


def fail(msg):
    sys.exit(f"FAIL: {msg}")


def make_locale(loc):
    """Compiles es_CL.UTF-8 into the folder LOC with localedef (no root
    needed), when the locale sources are installed."""
    os.makedirs(loc, exist_ok=True)
    if shutil.which("localedef"):
        r = subprocess.run(["localedef", "-i", "es_CL", "-f", "UTF-8",
                            os.path.join(loc, "es_CL.UTF-8")], capture_output=True, text=True)
        print(r.stdout + r.stderr)
    print("es_CL.UTF-8 made" if os.path.isdir(os.path.join(loc, "es_CL.UTF-8"))
          else "no es_CL.UTF-8: the second builds run in POSIX")


def locale_b(loc):
    """A locale unlike C: es_CL.UTF-8 from LOC (make_locale) when it could be
    made, else POSIX."""
    if loc and os.path.isdir(os.path.join(loc, "es_CL.UTF-8")):
        return {"LOCPATH": loc, "LC_ALL": "es_CL.UTF-8", "LANGUAGE": "es"}
    return {"LC_ALL": "POSIX"}


def base_env():
    return {k: v for k, v in os.environ.items()
            if k not in ("SOURCE_DATE_EPOCH", "TZ", "LC_ALL", "LANG", "LANGUAGE", "LOCPATH")}


def declc(cmd, cwd, env, clock=None, umask=0o022):
    env = dict(env)
    if clock:
        # libfaketime is preloaded; under ASan the runtime then is not first.
        env["ASAN_OPTIONS"] = ":".join(filter(None, [env.get("ASAN_OPTIONS"),
                                                     "verify_asan_link_order=0"]))
        cmd = ["faketime", clock] + cmd
    old = os.umask(umask)
    try:
        r = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True)
    finally:
        os.umask(old)
    if r.returncode != 0:
        fail(f"{' '.join(cmd)} (in {cwd}): exit {r.returncode}\n{r.stderr.decode(errors='replace')}")


def digests(folder):
    out = {}
    for path in sorted(glob.glob(os.path.join(folder, "out*"))):
        with open(path, "rb") as f:
            out[os.path.basename(path)] = hashlib.sha256(f.read()).hexdigest()
    if not out:
        fail(f"no output in {folder}")
    return out


def builds(exe, source, work, fmt, opts):
    if not shutil.which("faketime"):
        fail("faketime is not installed (apt-get install faketime): the clock cannot be varied")
    source, work = os.path.abspath(source), os.path.abspath(work)
    ext = {"pdfa": "pdf"}.get(fmt, fmt)
    loc = locale_b(os.environ.get("REPRO_LOCPATH"))
    for sde in (None, EPOCH):
        tag = "sde" if sde else "nosde"
        a = os.path.join(work, tag, "a")
        b = os.path.join(work, tag, "b", "c", "d")
        for d in (a, b):
            shutil.rmtree(d, ignore_errors=True)
            os.makedirs(d)
        env = base_env()
        if sde:
            env["SOURCE_DATE_EPOCH"] = sde
        declc([exe, source, "-f", fmt, "-o", f"out.{ext}"] + opts, a,
              dict(env, TZ="UTC", LC_ALL="C.UTF-8"))
        declc([exe, os.path.relpath(source, b), "-f", fmt, "-o", os.path.join(b, f"out.{ext}")] + opts,
              b, dict(env, TZ="Pacific/Chatham", **loc), clock=FAKE, umask=0o077)
        da, db = digests(a), digests(b)
        for name in sorted(set(da) | set(db)):
            print(f"{tag} {name}: {da.get(name, '-')}  {db.get(name, '-')}")
        if da != db:
            fail(f"{fmt} {' '.join(opts)} ({tag}): the two builds differ")
    print(f"ok: {fmt} {' '.join(opts)} byte-identical across clock, time zone, locale, "
          f"folder and umask ({loc['LC_ALL']}), with and without SOURCE_DATE_EPOCH")


def info_date(pdf):
    """Info /CreationDate and /ModDate, through qpdf."""
    trailer = subprocess.run(["qpdf", "--show-object=trailer", pdf], capture_output=True,
                             check=True).stdout
    ref = trailer.split(b"/Info ")[1].split(b" R")[0].decode()
    info = subprocess.run(["qpdf", f"--show-object={ref}", pdf], capture_output=True,
                          check=True).stdout.decode("latin-1")
    get = lambda k: info.split(f"/{k} (")[1].split(")")[0]   # noqa: E731
    return get("CreationDate"), get("ModDate")


def dates(exe, source, work):
    work = os.path.abspath(work)
    os.makedirs(work, exist_ok=True)
    with open(source, encoding="utf-8") as f:
        text = f.read()
    when = '<date when="2024-11-14"/>'
    if when not in text:
        fail(f"{source} no longer has {when} in its publicationStmt")
    nodate = os.path.join(work, "nodate.xml")
    with open(nodate, "w", encoding="utf-8") as f:
        f.write(text.replace(when, "<date>noviembre de 2024</date>", 1))
    cases = [
        (source, None, "D:20241114000000Z"),     # the teiHeader's date …
        (source, EPOCH, "D:20241114000000Z"),    # … wins over SOURCE_DATE_EPOCH
        (nodate, EPOCH, "D:20231114221320Z"),    # else SOURCE_DATE_EPOCH
        (nodate, None, "D:19700101000000Z"),     # else the epoch, not the clock
    ]
    for fmt in ("pdf", "pdfa"):
        for i, (src, sde, want) in enumerate(cases):
            env = base_env()
            if sde:
                env["SOURCE_DATE_EPOCH"] = sde
            out = os.path.join(work, f"{fmt}-{i}.pdf")
            declc([exe, src, "-f", fmt, "-o", out], work, env, clock=FAKE)
            got = info_date(out)
            if got != (want, want):
                fail(f"{fmt} of {os.path.basename(src)} with SOURCE_DATE_EPOCH={sde}: "
                     f"dates {got}, expected {want}")
            print(f"ok: {fmt} {os.path.basename(src)} SOURCE_DATE_EPOCH={sde}: {want}")


def main(argv):
    if len(argv) == 3 and argv[1] == "locale":
        make_locale(argv[2])
    elif len(argv) >= 6 and argv[1] == "builds":
        builds(argv[2], argv[3], argv[4], argv[5], argv[6:])
    elif len(argv) == 5 and argv[1] == "dates":
        dates(argv[2], argv[3], argv[4])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
