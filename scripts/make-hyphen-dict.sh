#!/bin/sh
# Builds dicts/hyph_es.dic, the libhyphen dictionary declc divides Spanish
# words with, from Javier Bezos's Spanish TeX patterns (hyph-es, v5.0).
#
#   scripts/make-hyphen-dict.sh PATH/TO/hyph-es.pat.txt [OUT.dic]
#
# The .pat.txt file is the pattern list of hyph-utf8, one Liang pattern per
# line, UTF-8, lowercase.  On Debian it comes with texlive-lang-spanish
# (tex/generic/hyph-utf8/patterns/txt/hyph-es.pat.txt under the TeX tree).
# Neither the build nor CI needs that package: the result is kept in the
# repository; this script only documents and repeats how it was made.
#
# The conversion is libhyphen's own substrings.pl (package libhyphen-dev),
# which adds to every pattern the digits of the shorter patterns it contains
# (libhyphen's automaton applies one pattern per state, TeX applies all
# matches).  It is run with the charset UTF-8 and hyphenmins 2 and 2, the
# values of hyph-es.tex ("hyphenmins: typesetting: left 2, right 2") and of
# the RAE (ES-29 rule 8).  Bezos's patterns have no COMPOUND/NEXTWORD levels
# and no non-standard (replacement) patterns, so none are written.
#
# The output is deterministic: the same input gives the same bytes.
set -eu

usage() { echo "usage: $0 PATH/hyph-es.pat.txt [OUT.dic]" >&2; exit 2; }
if [ $# -lt 1 ] || [ $# -gt 2 ]; then usage; fi
pat=$1
here=$(cd "$(dirname "$0")/.." && pwd)
out=${2:-$here/dicts/hyph_es.dic}
substrings=/usr/share/libhyphen/substrings.pl

[ -r "$pat" ] || { echo "$0: cannot read $pat" >&2; exit 1; }
[ -r "$substrings" ] || {
	echo "$0: $substrings not found (apt-get install libhyphen-dev)" >&2; exit 1; }
command -v perl >/dev/null || { echo "$0: perl is needed" >&2; exit 1; }

# Check the conventions substrings.pl and libhyphen rely on: one pattern per
# line, made only of lowercase letters, digits and the word-boundary dot; no
# TeX comments, no \patterns{...} wrapper, no CR line ends, no replacement
# patterns (a '/').  Spanish letters: a-z, ñ, á é í ó ú, ü.
bad=$(LC_ALL=C.UTF-8 grep -nv '^[.a-zñáéíóúü0-9]\{1,\}$' "$pat" || true)
if [ -n "$bad" ]; then
	echo "$0: unexpected lines in $pat:" >&2
	printf '%s\n' "$bad" | head -n 10 >&2
	exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

# substrings.pl writes its progress to stdout; keep only the dictionary.
# It reads bytes, not characters, which is right here: a pattern never starts
# in the middle of a UTF-8 sequence, so it never embeds one there either.
perl "$substrings" "$pat" "$tmp/body.dic" UTF-8 2 2 >"$tmp/log"

# libhyphen reads the first line as the charset, then option lines; '%' lines
# are comments.  Say where the patterns came from, without any local path.
# The checksum of the v5.0 pattern list (texlive-lang-spanish 2022.20230122-1)
# names the version; another input is converted all the same, but said so.
v50=7ae8fa8d6a61ea4111c4a0412d019b62e7c07a62673121d0b711c5bc08d8e00c
sum=$(sha256sum "$pat" | cut -d' ' -f1)
if [ "$sum" = "$v50" ]; then
	version="Javier Bezos's hyph-es.tex v5.0 2019-09-24"
else
	version="version unknown: not the v5.0 list declc was measured with"
	echo "$0: warning: $pat is not hyph-es v5.0; measure the result again" >&2
fi
{
	sed -n '1,3p' "$tmp/body.dic"
	echo "% Spanish hyphenation patterns for libhyphen, used by declc."
	echo "% Converted by scripts/make-hyphen-dict.sh with libhyphen's substrings.pl from"
	echo "% hyph-es.pat.txt (hyph-utf8; $version)"
	echo "% sha256 $sum"
	echo "% Copyright (C) 1993, 1997 Javier Bezos, 2001-2019 Javier Bezos, CervanTeX."
	echo "% MIT/X11 licence: see LICENSE-hyph_es.txt beside this file."
	sed '1,3d' "$tmp/body.dic"
} >"$tmp/hyph_es.dic"

# Sanity: header as libhyphen expects it, and as many patterns as were read
# (substrings.pl may add embedded-pattern lines, never drop one).
head -n 1 "$tmp/hyph_es.dic" | grep -qx 'UTF-8'
in_n=$(wc -l <"$pat")
out_n=$(grep -cv '^%\|^UTF-8$\|HYPHENMIN' "$tmp/hyph_es.dic")
[ "$out_n" -ge "$in_n" ] || {
	echo "$0: $out_n patterns written, $in_n read" >&2; exit 1; }

mkdir -p "$(dirname "$out")"
mv "$tmp/hyph_es.dic" "$out"
echo "$0: wrote $out ($out_n patterns from $in_n)"
