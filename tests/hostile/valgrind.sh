#!/bin/sh
# valgrind.sh DECLC SAMPLE OUT.pdf — one compile under memcheck: no invalid
# read or write, no use of uninitialised memory, no definite leak. Leaks
# "still reachable" at exit are fontconfig's and Cairo's caches, not ours.
set -e
here=$(dirname "$0")
exec valgrind --error-exitcode=9 --errors-for-leak-kinds=definite --leak-check=full \
	--show-leak-kinds=definite --track-origins=yes --num-callers=30 \
	--suppressions="$here/valgrind.supp" -q "$1" "$2" -o "$3"
