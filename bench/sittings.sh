#!/bin/sh
# sittings.sh [DECLC [FLOOR]] — issue 10: the seed's time against the floor's
# as this shared machine's speed changes. The floor itself takes from about
# 22 to over 35 ms here depending on the minute, so one sitting's absolute
# figure says more about the machine than about declc; what stays is how
# declc's time follows the floor's.
#
# K sittings (default 10), PAUSE seconds apart (default 200); each is a
# bench/rotate.sh of N rounds (default 100: declc and the floor interleaved,
# whole process, outputs into a temporary folder). Printed: one row per
# sitting (UTC time, load average, floor and declc medians in ms, the ratio
# of the medians and the median of the rounds' ratios); then, over all the
# sittings, the least-squares line declc = a × floor + b and what it gives
# for a floor of FLOOR_AT ms (default 21, the floor issue 10 measured), and
# the fastest sitting, and the range of declc's medians in the sittings whose
# floor ran within 10 % of FLOOR_AT. Nothing else should run on the machine
# meanwhile.
#
# DECLC and FLOOR as in seed.sh. Takes about K × (PAUSE + 10) seconds.
set -eu
NAME=sittings.sh
TOOLS="python3"
# shellcheck source=bench/common.sh
. "$(dirname "$0")/common.sh"
k=${K:-10}
pause=${PAUSE:-200}
i=0
while [ "$i" -lt "$k" ]; do
	[ "$i" -eq 0 ] || sleep "$pause"
	i=$((i + 1))
	printf '%s %s ' "$(date -u +%H:%M:%S)" "$(cut -d' ' -f1 /proc/loadavg)" >>"$work/rows"
	N=${N:-100} sh "$(dirname "$0")/rotate.sh" "$declc" "$floor" |
		awk '/^floor +median/ { f = $3 } /^declc +median/ { d = $3 }
		     /^declc\/floor:/ { print f, d, $5, $NF }' | tr -d ',' >>"$work/rows"
	tail -n 1 "$work/rows"
done
python3 - "$work/rows" "${FLOOR_AT:-21}" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1]) if len(l.split()) == 6]
at = float(sys.argv[2])
print(f"\n{'UTC':8} {'load':>5} {'floor ms':>8} {'declc ms':>8} {'ratio':>6} {'rounds':>6}")
for t, load, f, d, r, rr in rows:
    print(f"{t:8} {load:>5} {float(f):8.2f} {float(d):8.2f} {float(r):6.3f} {float(rr):6.3f}")
fs = [float(r[2]) for r in rows]
ds = [float(r[3]) for r in rows]
n = len(rows)
if n >= 2 and max(fs) > min(fs):
    mf, md = sum(fs) / n, sum(ds) / n
    a = sum((x - mf) * (y - md) for x, y in zip(fs, ds)) / sum((x - mf) ** 2 for x in fs)
    b = md - a * mf
    print(f"\ndeclc = {a:.3f} × floor {b:+.2f} ms over {n} sittings "
          f"(floor {min(fs):.2f}–{max(fs):.2f} ms); at a floor of {at:g} ms: {a * at + b:.2f} ms")
best = min(rows, key=lambda r: float(r[3]))
print(f"fastest sitting: {best[0]}, floor {float(best[2]):.2f} ms, declc {float(best[3]):.2f} ms")
# The issue's targets were set with the floor at FLOOR_AT: the sittings that
# ran the floor about that fast measure them directly, with no fit.
near = sorted(float(r[3]) for r in rows if float(r[2]) <= 1.1 * at)
if near:
    print(f"sittings with the floor within 10 % of {at:g} ms: {len(near)}, declc "
          f"{near[0]:.2f}–{near[-1]:.2f} ms (median {statistics.median(near):.2f} ms)")
else:
    print(f"no sitting ran the floor within 10 % of {at:g} ms")
PY
