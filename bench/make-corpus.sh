#!/bin/sh
# make-corpus.sh DIR [N [SOURCE]] — fills DIR with N copies (default 1,000)
# of SOURCE (default: the founding declaration, samples/declaracion-santiago-2024.xml),
# named 0001.xml, 0002.xml, …, half of them one folder down (DIR/sub/), so
# that `declc check DIR` also walks a folder. The copies are byte-identical
# to the source: the founding document, slips and all, is the size and the
# kind of text declc is built for.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:?usage: make-corpus.sh DIR [N [SOURCE]]}
n=${2:-1000}
src=${3:-$here/samples/declaracion-santiago-2024.xml}
mkdir -p "$dir/sub"
i=1
while [ "$i" -le "$n" ]; do
	name=$(printf '%04d.xml' "$i")
	if [ $((i % 2)) -eq 0 ]; then
		cp "$src" "$dir/sub/$name"
	else
		cp "$src" "$dir/$name"
	fi
	i=$((i + 1))
done
