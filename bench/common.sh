# common.sh — sourced by seed.sh, callgrind.sh, rotate.sh and sittings.sh: the programs to measure,
# the tools they need, a temporary folder, and the header every report opens
# with (machine, date, commit, binary). NAME is the sourcing script's name,
# for messages; TOOLS the commands it needs.
here=$(cd "$(dirname "$0")/.." && pwd)
declc=${1:-${DECLC:-$here/build/declc}}
floor=${2:-${FLOOR:-$(dirname "$declc")/declc-floor}}
seed=${SEED:-$here/samples/declaracion-santiago-2024.xml}
for tool in $TOOLS; do
	command -v "$tool" >/dev/null 2>&1 ||
		{ echo "$NAME: $tool is not installed" >&2; exit 3; }
done
for bin in "$declc" "$floor"; do
	[ -x "$bin" ] || { echo "$NAME: no executable $bin; build it first" >&2; exit 3; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM

echo "machine: $(nproc) processors, $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')"
echo "date: $(date -u +%Y-%m-%dT%H:%MZ)  commit: $(git -C "$here" rev-parse --short HEAD 2>/dev/null || echo '?')"
echo "declc: $declc, built $(date -u -r "$declc" +%Y-%m-%dT%H:%MZ) (the commit above is the checkout's HEAD now, not necessarily the binary's)"
