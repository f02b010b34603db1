#!/bin/sh
# Installs, on Debian 12, every package declc needs to build, run and test.
# Run as root (CI and fresh machines are); uses sudo when it is not root.
set -eu
SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo

# Build: compiler, CMake, and the libraries declc links.
BUILD="build-essential cmake pkg-config
  libglib2.0-dev libxml2-dev libxslt1-dev
  libpango1.0-dev libcairo2-dev libharfbuzz-dev libfontconfig-dev libfreetype-dev
  libhyphen-dev libqpdf-dev liblcms2-dev libgdk-pixbuf-2.0-dev librsvg2-dev gettext"
# Tests: a real PDF reader (poppler), qpdf, image comparison, the TEI
# conformance check (jing) and the helpers' interpreter.
TEST="xsltproc poppler-utils qpdf imagemagick ghostscript pango1.0-tools fontconfig python3 jing fonts-sil-charis
  clang libclang-rt-14-dev valgrind faketime libxml2-utils chromium fonts-linuxlibertine
  locales groff-base mupdf-tools
  default-jre-headless libpdfbox2-java libactivation-java libjaxb-api-java"

missing=
for p in $BUILD $TEST; do
	dpkg-query -W --showformat='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed' ||
		missing="$missing $p"
done
if [ -n "$missing" ]; then
	export DEBIAN_FRONTEND=noninteractive
	$SUDO apt-get update -qq
	# shellcheck disable=SC2086
	$SUDO apt-get install -y -qq --no-install-recommends $missing
fi
