#!/bin/sh
# make-long.sh PAGES [OUT.xml] — writes a valid declaration of about PAGES
# pages (A4, declc's default style) for the page-count measurements of
# issue 10 (bench/pages.sh). Default output: standard output.
#
# Built from the founding declaration (samples/declaracion-santiago-2024.xml):
# its header, title block and closer, and a body of numbered sections
# (<div type="section"><head>Sección K</head>…</div>), each holding the
# seed's seven paragraphs in a different rotation, so consecutive pages do
# not repeat line for line. The seed's slips are mended in the copies (the
# space before a comma, the unclosed '¡', the <pb/> of the printed original),
# so that `declc check` on the result is clean; it is valid against
# schemas/declaracion.rng and .sch. One section sets at about PER_SECTION
# pages (default 1.0, measured at commit 326694b: 20 sections, 21 pages; 40,
# 41) and the title block and closer at about one more; the page count of
# the result is what bench/pages.sh reads back from the PDF, not this
# estimate.
#
# FLAT=1: no sections; all the paragraphs straight in <body>, one after the
# other (what a long declaration without divisions looks like): the shape in
# which a cost that grows with the number of sibling blocks shows most.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
pages=${1:?usage: make-long.sh PAGES [OUT.xml]}
out=${2:-}
seed=${SEED:-$here/samples/declaracion-santiago-2024.xml}
per=${PER_SECTION:-1.0}
sections=$(awk -v p="$pages" -v s="$per" 'BEGIN { n = int((p - 1) / s + 0.5); print n < 1 ? 1 : n }')

gen() {
	awk -v sections="$sections" -v flat="${FLAT:-0}" '
	# Mend the slips of the printed original in the copies.
	function mend(s) {
		gsub(/ ,/, ",", s)
		gsub(/<pb[^>]*\/>/, "", s)
		sub(/Santiago de Chile\.<\/p>/, "Santiago de Chile!</p>", s)
		return s
	}
	/<body>/ { print; inbody = 1; next }
	inbody && /^[ \t]*<p>/ { para[np++] = mend($0); next }
	inbody && /<closer>/ {
		for (k = 0; k < sections; k++) {
			if (flat) {
				for (i = 0; i < np; i++)
					print para[(i + k) % np]
				continue
			}
			printf "      <div type=\"section\" n=\"%d\">\n", k + 1
			printf "        <head>Sección %d</head>\n", k + 1
			for (i = 0; i < np; i++)
				print "  " para[(i + k) % np]
			print "      </div>"
		}
		inbody = 0
	}
	/<salute>/ { sub(/Firmantes ,/, "Firmantes") }
	{ print }
	' "$seed"
}
if [ -n "$out" ]; then
	gen >"$out"
else
	gen
fi
