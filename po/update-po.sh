#!/bin/sh
# Extracts every translatable string of declc into po/declc.pot and merges it
# into each po/LANG.po (po/README.md). Run from anywhere:
#
#   po/update-po.sh          regenerate declc.pot, update the .po files
#   po/update-po.sh --check  change nothing; fail if a string lacks a
#                            translation (the test editor.po-complete)
#
# Strings are found in two shapes: _("…"), N_("…") and g_dngettext(domain,
# "…", "…", n) in the C sources, and the fifth argument of every DIAG(…) row
# of src/diag.def (xgettext reads the X-macro rows as calls of a function
# DIAG).
set -eu
cd "$(dirname "$0")/.."

extract() {
	xgettext --language=C --from-code=UTF-8 \
		--keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
		--keyword=g_dngettext:2,3 --flag=g_dngettext:2:c-format --flag=g_dngettext:3:c-format \
		--keyword=DIAG:5 --flag=DIAG:5:c-format \
		--add-comments=TRANSLATORS: --sort-by-file --no-wrap --add-location=file \
		--package-name=declc --msgid-bugs-address="the declc issue tracker" \
		-o "$1" src/*.c src/*.h src/diag.def
	# No creation date: the same sources give the same file.
	sed -i '/^"POT-Creation-Date: /d' "$1"
}

if [ "${1:-}" = --check ]; then
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	extract "$tmp/declc.pot"
	status=0
	for po in po/*.po; do
		# msgcmp fails on a string the .po lacks, leaves empty or marks fuzzy.
		msgcmp "$po" "$tmp/declc.pot" || status=1
		msgfmt --check -o /dev/null "$po" || status=1
	done
	[ "$status" -eq 0 ] || echo "untranslated strings: run po/update-po.sh, translate, see po/README.md" >&2
	exit "$status"
fi

extract po/declc.pot
for po in po/*.po; do
	[ -e "$po" ] || continue
	msgmerge --quiet --update --backup=none --no-wrap --sort-by-file --add-location=file \
		"$po" po/declc.pot
done
