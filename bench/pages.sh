#!/bin/sh
# pages.sh [DECLC] — issue 10: time and peak memory against the number of
# pages. Targets: 200 pages under 2 s and 200 MB, both linear in the pages.
#
# For each size in SIZES (default "10 50 100 200" pages) bench/make-long.sh
# writes a declaration of about that many pages into a temporary folder; declc
# compiles it to PDF RUNS times (default 3) under /usr/bin/time, and the
# median wall time, the median CPU time (user + system) and the largest peak
# resident set size are kept. The page count is read back from the PDF
# (pdfinfo, Debian poppler-utils; without it the requested size is used).
#
# Printed: one row per size (wall, CPU, ms per page, peak MB), the least-
# squares slope and intercept of wall time, CPU time and peak memory against
# the page count (ms/page, MB/page), and the slope between consecutive sizes:
# a slope that grows with the page count is a super-linear (quadratic) cost.
#
# DECLC (argument or environment) defaults to build/declc. FLAT=1 (passed on
# to make-long.sh) measures documents without sections, every paragraph a
# child of <body>.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
declc=${1:-${DECLC:-$here/build/declc}}
sizes=${SIZES:-10 50 100 200}
runs=${RUNS:-3}
[ -x "$declc" ] || { echo "pages.sh: no executable $declc; build it first" >&2; exit 3; }
[ -x /usr/bin/time ] || { echo "pages.sh: GNU time is not installed (apt-get install time)" >&2; exit 3; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM

echo "machine: $(nproc) processors, $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')"
echo "date: $(date -u +%Y-%m-%dT%H:%MZ)  commit: $(git -C "$here" rev-parse --short HEAD 2>/dev/null || echo '?')"
echo "declc: $declc, built $(date -u -r "$declc" +%Y-%m-%dT%H:%MZ) (the commit above is the checkout's HEAD now, not necessarily the binary's)"

median() { awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
: >"$work/rows"
for n in $sizes; do
	sh "$here/bench/make-long.sh" "$n" "$work/doc$n.xml"
	: >"$work/t$n"
	i=0
	while [ "$i" -lt "$runs" ]; do
		/usr/bin/time -f '%e %U %S %M' -a -o "$work/t$n" \
			"$declc" -q "$work/doc$n.xml" -o "$work/doc$n.pdf"
		i=$((i + 1))
	done
	if command -v pdfinfo >/dev/null 2>&1; then
		pages=$(pdfinfo "$work/doc$n.pdf" | awk '/^Pages:/ { print $2 }')
	else
		pages=$n
	fi
	load=$(cut -d' ' -f1 /proc/loadavg)
	wall=$(awk '{ print $1 }' "$work/t$n" | sort -n | median)
	cpu=$(awk '{ print $2 + $3 }' "$work/t$n" | sort -n | median)
	rss=$(awk '{ print $4 }' "$work/t$n" | sort -n | tail -n 1)
	echo "$pages $wall $cpu $rss $load" >>"$work/rows"
done

awk '
	{ p[NR] = $1; w[NR] = $2 * 1000; c[NR] = $3 * 1000; r[NR] = $4 / 1024; l[NR] = $5 }
	function fit(y, name, unit,    i, sx, sy, sxx, sxy, b, a) {
		sx = sy = sxx = sxy = 0
		for (i = 1; i <= NR; i++) { sx += p[i]; sy += y[i]; sxx += p[i] * p[i]; sxy += p[i] * y[i] }
		b = (NR * sxy - sx * sy) / (NR * sxx - sx * sx)
		a = (sy - b * sx) / NR
		printf "  %-12s slope %8.3f %s/page   intercept %8.1f %s\n", name, b, unit, a, unit
	}
	END {
		printf "%6s %9s %9s %8s %9s %8s %6s\n", "pages", "wall ms", "cpu ms", "ms/page", "peak MB", "MB/page", "load"
		for (i = 1; i <= NR; i++)
			printf "%6d %9.0f %9.0f %8.1f %9.1f %8.3f %6s\n", p[i], w[i], c[i], w[i] / p[i], r[i], r[i] / p[i], l[i]
		print "least squares (all sizes):"
		fit(w, "wall", "ms"); fit(c, "cpu", "ms"); fit(r, "peak memory", "MB")
		print "slope between consecutive sizes (growing = super-linear):"
		for (i = 2; i <= NR; i++)
			printf "  %4d -> %4d pages: wall %6.1f ms/page, cpu %6.1f ms/page, memory %6.3f MB/page\n",
				p[i - 1], p[i], (w[i] - w[i - 1]) / (p[i] - p[i - 1]),
				(c[i] - c[i - 1]) / (p[i] - p[i - 1]), (r[i] - r[i - 1]) / (p[i] - p[i - 1])
	}' "$work/rows"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
