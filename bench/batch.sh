#!/bin/sh
# batch.sh [N] — the throughput of `declc batch` (bench/RESULTS.md, "declc batch").
#
# N copies (default 1,000) of the founding declaration (make-corpus.sh), to
# PDF and to PDF/A, with -j 1 and -j 2, every run from scratch (--force into
# an empty folder). For each: wall time, documents per second, CPU seconds
# (user + system), and peak resident memory of the whole process as
# /usr/bin/time -v reports it (all workers together).
#
# DECLC: the binary (default: build/declc). KEEP=1 keeps the work folder.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
n=${1:-1000}
declc=${DECLC:-$here/build/declc}
work=$(mktemp -d)
trap '[ "${KEEP:-}" ] || rm -rf "$work"' EXIT

sh "$here/bench/make-corpus.sh" "$work/in" "$n"
echo "machine: $(nproc) cores, $(uname -m), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "date: $(date -u +%Y-%m-%dT%H:%MZ)  commit: $(git -C "$here" rev-parse --short HEAD 2>/dev/null || echo '?')"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-6s %-3s %8s %8s %8s %10s\n' format -j wall/s docs/s cpu/s peakRSS/MB
for fmt in pdf pdfa; do
	for j in 1 2; do
		rm -rf "$work/out"
		/usr/bin/time -v -o "$work/time" "$declc" batch "$work/in" -o "$work/out" \
			-f "$fmt" -j "$j" -q --force 2>/dev/null || true
		wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$work/time" |
			awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }')
		user=$(sed -n 's/.*User time (seconds): //p' "$work/time")
		sys=$(sed -n 's/.*System time (seconds): //p' "$work/time")
		rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/time")
		awk -v f="$fmt" -v j="$j" -v w="$wall" -v u="$user" -v s="$sys" -v r="$rss" -v n="$n" \
			'BEGIN { printf "%-6s %-3s %8.2f %8.1f %8.2f %10.1f\n", f, j, w, n / w, u + s, r / 1024 }'
	done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
