#!/bin/sh
# seed.sh [DECLC [FLOOR]] — issue 10: whole-process time and peak memory of
# one founding declaration (samples/declaracion-santiago-2024.xml, 2 pages),
# for the floor and for declc, in the same run.
#
# Three commands, timed together by hyperfine (3 warm-up runs, RUNS runs,
# default 15; outputs into a temporary folder, never the repository):
#   floor        bench/floor.c: fonts + hyphenation + Pango layout + Cairo PDF
#   declc pdf    declc SEED -o OUT.pdf
#   declc pdfa   declc SEED -f pdfa --pdfa 2b -o OUT.pdf   (PDF/A-2b)
# Then peak resident memory of each (/usr/bin/time -f %M, the median of
# RSS_RUNS runs, default 5), the medians, and the ratio declc/floor.
# Targets (issue 10): PDF ≤ 25 ms median and < 25 MB; PDF/A-2b ≤ 40 ms;
# declc/floor ≤ 1.2.
#
# DECLC (argument or environment) defaults to build/declc; FLOOR to the
# declc-floor beside it (cmake --build BUILD --target declc-floor).
# Needs hyperfine and GNU time (Debian: apt-get install hyperfine time).
set -eu
NAME=seed.sh
TOOLS="hyperfine /usr/bin/time python3"
# shellcheck source=bench/common.sh
. "$(dirname "$0")/common.sh"
runs=${RUNS:-15}
rss_runs=${RSS_RUNS:-5}
echo "seed: $seed ($(wc -c <"$seed") bytes)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

# -N: no intermediate shell, so nothing to subtract. declc exits 1 on the
# seed's lint warnings only with `check`; compiling exits 0.
hyperfine -N --warmup 3 --runs "$runs" --export-json "$work/h.json" --style basic \
	--command-name floor "$floor $seed $work/floor.pdf" \
	--command-name "declc pdf" "$declc -q $seed -o $work/declc.pdf" \
	--command-name "declc pdfa-2b" "$declc -q -f pdfa --pdfa 2b $seed -o $work/declc-a.pdf"
echo "load average after hyperfine: $(cut -d' ' -f1-3 /proc/loadavg)"

# Peak RSS: median of rss_runs runs of each, in KB.
rss() {
	i=0
	: >"$work/rss"
	while [ "$i" -lt "$rss_runs" ]; do
		/usr/bin/time -f %M -a -o "$work/rss" "$@" >/dev/null 2>&1
		i=$((i + 1))
	done
	sort -n "$work/rss" | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}
rss_floor=$(rss "$floor" "$seed" "$work/floor.pdf")
rss_pdf=$(rss "$declc" -q "$seed" -o "$work/declc.pdf")
rss_pdfa=$(rss "$declc" -q -f pdfa --pdfa 2b "$seed" -o "$work/declc-a.pdf")

python3 - "$work/h.json" "$rss_floor" "$rss_pdf" "$rss_pdfa" <<'PY'
import json, sys
res = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
rss = dict(zip(["floor", "declc pdf", "declc pdfa-2b"], (int(x) / 1024 for x in sys.argv[2:5])))
print(f"{'':14} {'median ms':>9} {'min ms':>7} {'max ms':>7} {'user ms':>7} {'sys ms':>7} {'peak MB':>8} {'/floor':>6}")
base = res["floor"]["median"]
for name in ["floor", "declc pdf", "declc pdfa-2b"]:
    r = res[name]
    print(f"{name:14} {r['median']*1e3:9.1f} {r['min']*1e3:7.1f} {r['max']*1e3:7.1f} "
          f"{r['user']*1e3:7.1f} {r['system']*1e3:7.1f} {rss[name]:8.1f} {r['median']/base:6.2f}")
PY
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
