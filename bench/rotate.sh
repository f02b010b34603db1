#!/bin/sh
# rotate.sh [DECLC [FLOOR [OTHER]]] — issue 10: declc, the floor and, if
# given, another declc binary (an older build, say) timed in rotation on the
# founding declaration: A, B, C, B, C, A, C, A, B … N rounds (default 100,
# environment N), whole process, outputs into a temporary folder. On this
# machine wall times drift by ±15 % from one minute to the next; timing the
# programs side by side, round after round, lets the drift hit them alike.
# Prints each one's median and, for each pair, the ratio of the medians and
# the median of the per-round ratios.
#
# DECLC and FLOOR as in seed.sh; OTHER (argument or environment) is run
# with the same arguments as DECLC.
set -eu
NAME=rotate.sh
TOOLS="python3"
# shellcheck source=bench/common.sh
. "$(dirname "$0")/common.sh"
other=${3:-${OTHER:-}}
[ -z "$other" ] || [ -x "$other" ] || { echo "$NAME: no executable $other" >&2; exit 3; }
echo "other: ${other:-none}"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$declc" "$floor" "$seed" "$work" "${N:-100}" "$other" <<'PY'
import statistics, subprocess, sys, time
declc, floor, seed, work, n, other = sys.argv[1:7]
n = int(n)
progs = [("declc", [declc, "-q", seed, "-o", f"{work}/a.pdf"]),
         ("floor", [floor, seed, f"{work}/b.pdf"])]
if other:
    progs.append(("other", [other, "-q", seed, "-o", f"{work}/c.pdf"]))
times = {name: [] for name, _ in progs}

def once(cmd):
    t = time.perf_counter()
    subprocess.run(cmd, check=True)
    return (time.perf_counter() - t) * 1000

for name, cmd in progs * 3:          # warm-up
    once(cmd)
for i in range(n):
    k = i % len(progs)
    for name, cmd in progs[k:] + progs[:k]:
        times[name].append(once(cmd))
med = statistics.median
for name, _ in progs:
    t = times[name]
    print(f"{name:6} median {med(t):7.2f} ms   min {min(t):7.2f}   max {max(t):7.2f}   ({n} runs)")
for a, b in (("declc", "floor"), ("other", "floor"), ("declc", "other")):
    if a in times and b in times:
        r = med([x / y for x, y in zip(times[a], times[b])])
        print(f"{a}/{b}: ratio of medians {med(times[a]) / med(times[b]):.3f}, "
              f"median of the rounds' ratios {r:.3f}")
PY
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
