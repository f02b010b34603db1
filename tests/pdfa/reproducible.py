#!/usr/bin/env python3
"""The PDF/A stage's output depends on nothing but its input (DESIGN §4).

    reproducible.py PDFA_TEST FONTDIR SOURCE WORKDIR

Cairo is left to stamp the clock into its Info dictionary (make --clock),
once now and once at another time — under faketime when it is installed,
else a couple of seconds later — in another time zone, locale and working
directory. The two Cairo files must differ (the clock is in them) and the
two PDF/A-3b files made from them must not, byte for byte. Then the dates:
with no date in the document they come from SOURCE_DATE_EPOCH, and with
that unset from the fixed epoch 1970-01-01.
"""
import os
import shutil
import subprocess
import sys
import time

test, fonts, source, work = sys.argv[1:5]
os.makedirs(os.path.join(work, "elsewhere"), exist_ok=True)
base = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
faketime = shutil.which("faketime")


def run(args, cwd=work, when=None, **env):
    """Runs the test driver; WHEN fakes the clock (or waits past it)."""
    e = dict(base, **env)
    cmd = [test] + args
    asan = [e.get("ASAN_OPTIONS", "")]
    if args[0] == "make":
        # Pango's font thread loads fontconfig's default configuration and
        # never frees it; that is no business of the stage under test.
        asan.append("detect_leaks=0")
    if when and faketime:
        # libfaketime is preloaded; under ASan the runtime then is not first.
        asan.append("verify_asan_link_order=0")
        cmd = [faketime, when] + cmd
    elif when:
        time.sleep(2.1)
    e["ASAN_OPTIONS"] = ":".join(a for a in asan if a)
    r = subprocess.run(cmd, cwd=cwd, env=e, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"FAIL: {' '.join(cmd)}: exit {r.returncode}\n{r.stderr}")


def read(name):
    with open(os.path.join(work, name), "rb") as f:
        return f.read()


abs_ = lambda name: os.path.abspath(os.path.join(work, name))   # noqa: E731

run(["make", fonts, abs_("clock-a.pdf"), "--clock"], TZ="UTC", LC_ALL="C")
run(["make", fonts, abs_("clock-b.pdf"), "--clock"], cwd=os.path.join(work, "elsewhere"),
    when="2001-02-03 04:05:06", TZ="Pacific/Kiritimati", LC_ALL="es_CL.UTF-8")
if read("clock-a.pdf") == read("clock-b.pdf"):
    sys.exit("FAIL: Cairo's two files are equal: the test no longer puts the clock in them")

run(["finish", "3b", abs_("clock-a.pdf"), abs_("a.pdf"), "--source", source],
    TZ="UTC", LC_ALL="C")
run(["finish", "3b", abs_("clock-b.pdf"), abs_("b.pdf"), "--source", source],
    cwd=os.path.join(work, "elsewhere"), when="2031-12-31 23:59:59",
    TZ="America/Santiago", LC_ALL="es_CL.UTF-8")
if read("a.pdf") != read("b.pdf"):
    sys.exit("FAIL: two PDF/A files of the same document differ")

# Dates without the document's: SOURCE_DATE_EPOCH, else the fixed epoch.
run(["finish", "2b", abs_("clock-a.pdf"), abs_("epoch.pdf"), "--no-date"],
    SOURCE_DATE_EPOCH="1731542400")
run(["finish", "2b", abs_("clock-a.pdf"), abs_("none.pdf"), "--no-date"])
run(["finish", "2b", abs_("clock-b.pdf"), abs_("none-b.pdf"), "--no-date"],
    when="2011-06-01 12:00:00", TZ="Asia/Kolkata")
if read("none.pdf") != read("none-b.pdf"):
    sys.exit("FAIL: without any date, two runs differ")
for name, want in (("epoch.pdf", b"D:20241114000000Z"), ("none.pdf", b"D:19700101000000Z")):
    info = subprocess.run(["qpdf", "--show-object=trailer", abs_(name)],
                          capture_output=True, check=True).stdout
    ref = info.split(b"/Info ")[1].split(b" R")[0].decode()
    obj = subprocess.run(["qpdf", f"--show-object={ref}", abs_(name)],
                         capture_output=True, check=True).stdout
    if b"/CreationDate (" + want + b")" not in obj:
        sys.exit(f"FAIL: {name}: expected {want.decode()} in {obj.decode()}")
print("ok: byte-identical across clocks, time zones, locales and folders"
      + ("" if faketime else " (faketime not installed: two real times)"))
