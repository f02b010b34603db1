#!/usr/bin/env bash
# selftest.sh — proves that each checker in tests/tools/ can pass AND fail, without declc.
#
# The PDFs are made by real PDF producers, as declc's would be:
#   * pango-view (Debian pango1.0-tools): Pango + Cairo, the same stack as declc, set in the
#     bundled Linux Libertine O through a private fontconfig file that lists only fonts/ —
#     or, for the negative font case, in the machine's DejaVu Sans;
#   * Ghostscript (Debian ghostscript) running selftest/grid.ps: a two-page document with a
#     signatory grid placed exactly, page furniture, document info, /Lang and bookmarks.
# Page images come from pdftoppm, as the real tests' do.
#
# Usage: tests/tools/selftest.sh [-v]     (-v shows every checker's full output)
# Prints one "ok"/"not ok" line per case and ends with "N passed, N failed"; exit 0 when all
# pass, 1 otherwise (also when a needed tool is missing: it names the Debian package).
set -u
here=$(cd "$(dirname "$0")" && pwd)
fonts=$(cd "$here/../../fonts" && pwd)
fix=$here/selftest
verbose=${1:-}
passed=0 failed=0

missing=""
for tool in python3:python3 pdftotext:poppler-utils pdftoppm:poppler-utils \
	pdffonts:poppler-utils pdfinfo:poppler-utils compare:imagemagick qpdf:qpdf \
	fc-scan:fontconfig pango-view:pango1.0-tools gs:ghostscript; do
	command -v "${tool%%:*}" >/dev/null || missing="$missing ${tool#*:}"
done
if [ -n "$missing" ]; then
	echo "selftest: missing tools; install the Debian packages:$missing" >&2
	echo "0 passed, 1 failed"
	exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1

indent() { sed 's/^/    /'; }

# expect STATUS PATTERN DESCRIPTION -- COMMAND...: the command exits with STATUS and its
# output (stdout and stderr, as one text: . matches newlines) matches the extended regex
# PATTERN (empty: anything).
expect() {
	local want=$1 pattern=$2 what=$3 out got
	shift 4
	out=$("$@" 2>&1)
	got=$?
	if [ "$got" -eq "$want" ] && { [ -z "$pattern" ] || grep -Ezq -- "$pattern" <<<"$out"; }; then
		passed=$((passed + 1))
		echo "ok - $what"
		if [ -n "$verbose" ]; then indent <<<"$out"; else head -n 2 <<<"$out" | cut -c 1-150 | indent; fi
	else
		failed=$((failed + 1))
		echo "not ok - $what (exit $got, wanted $want${pattern:+ and output matching /$pattern/})"
		indent <<<"$out"
	fi
}

# A PDF from a text file, set by Pango + Cairo in the bundled fonts only.
cat >fonts.conf <<EOF
<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig><dir>$fonts</dir><cachedir>$tmp/fc-cache</cachedir></fontconfig>
EOF
pango() { # pango TEXT-FILE OUT.pdf [FONT]
	FONTCONFIG_FILE=$tmp/fonts.conf pango-view -q --font "${3:-Linux Libertine O 11}" -o "$2" "$1"
}
ghostscript() { # ghostscript IN.ps OUT.pdf
	gs -q -dNOPAUSE -dBATCH -dSAFER -sDEVICE=pdfwrite -sOutputFile="$2" "$1"
}

# --- check_words ---------------------------------------------------------------------------
W() { python3 "$here/check_words.py" "$@"; }
pango "$fix/mini.txt" mini.pdf
expect 0 "OK: 62 source words" "check_words: typeset text (quotes, hyphenation, dates, capitals, note, labels, footer) passes" \
	-- W "$fix/mini.xml" mini.pdf
sed 's/Primera //' "$fix/mini.txt" >missing.txt && pango missing.txt missing.pdf
expect 1 "'Primera' is missing" "check_words: a word left out fails" -- W "$fix/mini.xml" missing.pdf
sed 's/la tarea¹ de/de la tarea¹/' "$fix/mini.txt" >swapped.txt && pango swapped.txt swapped.pdf
expect 1 "out of order" "check_words: two words swapped fail" -- W "$fix/mini.xml" swapped.pdf
sed 's/^-práctico/práctico/; s/teórico-$/teórico/' "$fix/mini.txt" >nohyphen.txt && pango nohyphen.txt nohyphen.pdf
expect 1 "'teórico-práctico' is missing" "check_words: a compound that lost its hyphen at a line end fails" \
	-- W "$fix/mini.xml" nohyphen.pdf
sed 's/Rectora/Rectora suplente/' "$fix/mini.txt" >extra.txt && pango extra.txt extra.pdf
expect 1 "'suplente' is not in the source" "check_words: an extra word fails" -- W "$fix/mini.xml" extra.pdf
expect 0 "OK" "check_words: ... unless a test declares it with --allow" -- W "$fix/mini.xml" extra.pdf --allow suplente
sed 's/Big Data/big Data/' "$fix/mini.txt" >lower.txt && pango lower.txt lower.pdf
expect 1 "case changed" "check_words: a case change that is not capitals fails" -- W "$fix/mini.xml" lower.pdf

ghostscript "$fix/grid.ps" grid.pdf
expect 0 "read in rows order" "check_words: a two-page signatory grid passes, read row by row" \
	-- W "$fix/grid.xml" grid.pdf
expect 1 "FAIL" "check_words: ... which poppler's own order reads column-wise" -- W --order poppler "$fix/grid.xml" grid.pdf
expect 1 "FAIL" "check_words: ... and -layout-style line order interleaves" -- W --order lines "$fix/grid.xml" grid.pdf
sed 's/(Ana P\\351rez)/(TMP)/; s/(Luis Soto)/(Ana P\\351rez)/; s/(TMP)/(Luis Soto)/' "$fix/grid.ps" >grid-swapped.ps
ghostscript grid-swapped.ps grid-swapped.pdf
expect 1 "out of order" "check_words: two signatories swapped in the grid fail in every order" \
	-- W "$fix/grid.xml" grid-swapped.pdf

# --- check_fonts ---------------------------------------------------------------------------
F() { python3 "$here/check_fonts.py" "$@"; }
expect 0 "OK.*LinLibertineO" "check_fonts: bundled Linux Libertine, embedded subset, passes" -- F mini.pdf "$fonts"
pango-view -q --font "DejaVu Sans 11" -o dejavu.pdf "$fix/mini.txt"
expect 1 "is not a bundled font" "check_fonts: a system font (DejaVu Sans) fails" -- F dejavu.pdf "$fonts"
printf '%%!PS\n/Times-Roman findfont 11 scalefont setfont 72 720 moveto (Hola) show showpage\n' >times.ps
gs -q -dNOPAUSE -dBATCH -dSAFER -sDEVICE=pdfwrite -dEmbedAllFonts=false -sOutputFile=times.pdf times.ps
expect 1 "is not embedded" "check_fonts: a font left unembedded (Ghostscript's Times-Roman) fails" -- F times.pdf "$fonts"
expect 1 "no ToUnicode" "check_fonts: an embedded font with no ToUnicode map (Ghostscript's) fails" -- F grid.pdf "$fonts"

# --- compare_png ---------------------------------------------------------------------------
C() { python3 "$here/compare_png.py" "$@"; }
pdftoppm -png -r 60 -f 1 -l 1 -singlefile grid.pdf reference
pdftoppm -png -r 60 -f 1 -l 1 -singlefile grid.pdf actual
expect 0 "OK: 0 of" "compare_png: the same page rendered twice passes" -- C actual.png reference.png
sed 's/^\(100\|330\) 660 /\1 630 /; s/^\(100\|330\) 646 /\1 616 /' "$fix/grid.ps" >moved.ps
ghostscript moved.ps moved.pdf && pdftoppm -png -r 60 -f 1 -l 1 -singlefile moved.pdf moved
expect 1 "differs" "compare_png: a signatory row moved down 30 pt fails" -- C moved.png reference.png --diff diff.png
expect 0 "" "compare_png: ... and leaves a diff image" -- test -s diff.png
pdftoppm -png -r 72 -f 1 -l 1 -singlefile grid.pdf bigger
expect 1 "is [0-9]+x[0-9]+ but" "compare_png: a render of another size fails" -- C bigger.png reference.png

# --- check_pdf -----------------------------------------------------------------------------
P() { python3 "$here/check_pdf.py" "$@"; }
expect 0 "OK" "check_pdf: pages, A4, title, /Lang and bookmarks pass" \
	-- P grid.pdf --pages 2 --title "Prueba de grilla" --lang es-CL --outline Cuerpo Firmantes
expect 1 "expected 3.*expected 'Otro'.*expected 'es-ES'" "check_pdf: wrong page count, title and language fail" \
	-- P grid.pdf --pages 3 --title Otro --lang es-ES
expect 1 "not letter" "check_pdf: A4 pages fail --paper letter" -- P grid.pdf --paper letter
expect 1 "not tagged.*no structure tree" "check_pdf: an untagged PDF fails --tagged" -- P grid.pdf --tagged
expect 1 "outline is" "check_pdf: other bookmarks fail" -- P grid.pdf --outline Cuerpo
expect 1 "no outline" "check_pdf: no bookmarks fails --outline" -- P mini.pdf --paper any --outline
expect 1 "not a4" "check_pdf: a page that is not A4 fails" -- P mini.pdf

# --- usage errors exit 2 -------------------------------------------------------------------
expect 2 "" "usage: a missing argument exits 2" -- W "$fix/mini.xml"
expect 2 "no such file" "usage: a missing PDF exits 2" -- F nothing.pdf "$fonts"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
