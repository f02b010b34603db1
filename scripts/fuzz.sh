#!/usr/bin/env bash
# Runs each libFuzzer harness of tests/fuzz for SECONDS (default 60).
#
#   scripts/fuzz.sh [SECONDS]
#
# Configures a clang build in build-fuzz (-DDECLC_FUZZ=ON: ASan + UBSan +
# coverage), seeds one corpus per harness from samples/ and tests/ (kept in
# build-fuzz/corpus/NAME, so longer runs by hand go on from where the last
# one stopped) and prints libFuzzer's figures. Crashes are written to
# build-fuzz/crashes/; the script fails if any harness finds one.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
build=build-fuzz

cmake -S . -B "$build" -DDECLC_FUZZ=ON -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=Debug >/dev/null
cmake --build "$build" -j"$(nproc)" --target fuzz_load fuzz_layout fuzz_pdfa

mkdir -p "$build/corpus/load" "$build/corpus/layout" "$build/corpus/pdfa" "$build/crashes"
# Documents: the samples, every broken document of the tests, the hostile seeds.
find samples tests -name '*.xml' -size -256k -exec cp -t "$build/corpus/load" {} + 2>/dev/null || true
# Layout trees: those the stylesheet makes from the samples.
for s in samples/*.xml; do
	xsltproc --nonet stylesheets/layout.xsl "$s" > "$build/corpus/layout/$(basename "$s")" 2>/dev/null || true
done
find tests -name '*.layout.xml' -size -16k -exec cp -t "$build/corpus/layout" {} + 2>/dev/null || true
# PDFs: the first byte picks the PDF/A level. tests/pdfa holds the damaged
# ones the finishing must refuse.
for p in tests/hostile/data/*.pdf tests/pdfa/*.pdf; do
	for level in 0 2; do
		{ printf "\\x0$level"; cat "$p"; } > "$build/corpus/pdfa/$(basename "$p").$level"
	done
done
if [ -x build/declc ] || [ -x "$build/declc" ]; then
	d=$([ -x "$build/declc" ] && echo "$build/declc" || echo build/declc)
	ASAN_OPTIONS=detect_leaks=0 "$d" samples/declaracion-santiago-2024.xml -o "$build/seed.pdf" >/dev/null 2>&1 &&
		{ printf '\x02'; cat "$build/seed.pdf"; } > "$build/corpus/pdfa/santiago.pdf.2" || true
fi

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export LSAN_OPTIONS=suppressions=$PWD/tests/lsan.supp:print_suppressions=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
status=0
for name in load layout pdfa; do
	echo "== fuzz_$name for $seconds s"
	max_len=65536
	[ "$name" = layout ] && max_len=16384
	log="$build/fuzz_$name.log"
	rc=0
	"$build/fuzz_$name" "$build/corpus/$name" -max_total_time="$seconds" -max_len="$max_len" \
		-timeout=20 -rss_limit_mb=2048 -print_final_stats=1 \
		-artifact_prefix="$build/crashes/$name-" >"$log" 2>&1 || rc=$?
	# The figures: corpus, coverage, speed; and the report of anything found.
	grep -E '^#[0-9]+[[:space:]]+(INITED|DONE)|^stat::|ERROR|SUMMARY|artifact' "$log" || true
	[ "$rc" -eq 0 ] || { status=1; tail -n 60 "$log"; }
done
exit $status
