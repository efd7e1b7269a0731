#!/usr/bin/env bash
# The Debian package as a user gets it: cpack builds it from BUILD_DIR, its listing holds both
# programs, the desktop entry and the icon, the desktop entry validates, and the programs
# unpacked into a scratch root (dpkg -x) print their version.
# usage: tests/packaging/deb_check.sh BUILD_DIR
set -euo pipefail
build="$1"
cd "$build"
rm -f package/voxsiam-studio_*.deb
cpack -G DEB >/tmp/voxsiam-cpack.log 2>&1 || { cat /tmp/voxsiam-cpack.log >&2; exit 1; }
deb=$(ls package/voxsiam-studio_*.deb)
listing=$(dpkg-deb -c "$deb")
for path in ./usr/bin/voxsiam ./usr/bin/voxsiam-studio ./usr/share/applications/voxsiam-studio.desktop \
            ./usr/share/icons/hicolor/scalable/apps/voxsiam-studio.svg \
            ./usr/share/voxsiam/label_schemes/gibson8.json; do
  grep -q " $path\$" <<<"$listing" || { echo "deb_check: $deb lacks $path" >&2; exit 1; }
done
depends=$(dpkg-deb -f "$deb" Depends)
for library in libtorch libqt6widgets libvtk libsqlite3 libdcmtk; do
  grep -q "$library" <<<"$depends" || { echo "deb_check: Depends lacks $library: $depends" >&2; exit 1; }
done
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
dpkg -x "$deb" "$scratch"
desktop-file-validate "$scratch/usr/share/applications/voxsiam-studio.desktop"
version=$("$scratch/usr/bin/voxsiam" --version)
[ "$version" = "voxsiam $(dpkg-deb -f "$deb" Version)" ] || { echo "deb_check: voxsiam --version printed '$version'" >&2; exit 1; }
env -u DISPLAY "$scratch/usr/bin/voxsiam-studio" --version |
  grep -q "VoxSiam Studio $(dpkg-deb -f "$deb" Version)" ||
  { echo "deb_check: voxsiam-studio --version failed" >&2; exit 1; }
echo "deb_check: $deb ($(du -h "$deb" | cut -f1)) lists both programs, validates and runs: $version"
echo "deb_check: Depends: $depends"
