#!/bin/sh
# check.sh [DECLC] — times `declc check` over 1,000 documents the size of the
# founding one (issue: under one second on the reference machine).
#
# The corpus is made in a temporary folder (bench/make-corpus.sh) and removed
# afterwards; nothing is written into the repository. hyperfine runs the
# whole process — start-up, schema compilation, walking the folder, every
# document — with a warm cache (three warm-up runs first) and reports the
# mean, median, min and max of ten runs. The exit status of declc is 1,
# because the founding document has typographic slips for the lint to find
# (the diagnostics go to /dev/null), so hyperfine is told to ignore it.
#
# DECLC defaults to build/declc. Debian: apt-get install hyperfine.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
declc=${1:-$here/build/declc}
runs=${RUNS:-10}
if ! command -v hyperfine >/dev/null 2>&1; then
	echo "check.sh: hyperfine is not installed (Debian: apt-get install hyperfine)" >&2
	exit 3
fi
if [ ! -x "$declc" ]; then
	echo "check.sh: no declc at $declc; build first or give its path" >&2
	exit 3
fi
corpus=$(mktemp -d)
json=$(mktemp)
trap 'rm -rf "$corpus" "$json"' EXIT INT TERM
"$here/bench/make-corpus.sh" "$corpus" 1000
count=$(find "$corpus" -name '*.xml' | wc -l)
echo "corpus: $count copies of samples/declaracion-santiago-2024.xml ($(wc -c <"$here/samples/declaracion-santiago-2024.xml") bytes each)"
hyperfine --warmup 3 --runs "$runs" --ignore-failure --export-json "$json" \
	--command-name "declc check (1,000 documents)" "$declc check $corpus"
# The figure for RESULTS.md: median and range, in seconds.
python3 - "$json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
print(f"median {r['median']:.3f} s, min {r['min']:.3f} s, max {r['max']:.3f} s, "
      f"mean {r['mean']:.3f} ± {r['stddev']:.3f} s, user {r['user']:.3f} s, system {r['system']:.3f} s")
PY
echo "machine: $(nproc) processors, $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')"
echo "date: $(date -u +%Y-%m-%d), commit: $(git -C "$here" rev-parse --short HEAD 2>/dev/null || echo unknown)"
