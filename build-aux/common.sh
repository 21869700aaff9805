# SPDX-License-Identifier: GPL-3.0-or-later
# common.sh: shared by build-aux/run and build-aux/test: install missing packages, configure, build

set -euo pipefail

RUNNEL_SRCDIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNNEL_BUILDDIR="${RUNNEL_BUILDDIR:-$RUNNEL_SRCDIR/_build}"

runnel_install_deps ()
{
  local missing=() pkg
  while read -r pkg; do
    pkg="${pkg%%#*}"
    pkg="${pkg//[[:space:]]/}"
    [ -n "$pkg" ] || continue
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$pkg")
    fi
  done < "$RUNNEL_SRCDIR/build-aux/deps"

  [ ${#missing[@]} -gt 0 ] || return 0

  echo "Installing missing packages: ${missing[*]}" >&2
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    sudo=(sudo)
  fi
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${missing[@]}"
}

runnel_build ()
{
  if [ ! -f "$RUNNEL_BUILDDIR/build.ninja" ]; then
    meson setup "$RUNNEL_BUILDDIR" "$RUNNEL_SRCDIR" "$@"
  fi
  meson compile -C "$RUNNEL_BUILDDIR"
}
