#!/usr/bin/env bash
# Installs what building and testing cratebox needs on Debian 12, as root: every package
# named in tests/packages/*.txt (one a line, '#' comments). Idempotent: apt runs only when
# something is missing. The Rust toolchain (cargo, rustc) is expected on PATH.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
lists=("$here"/packages/*.txt)
if [ "$#" -gt 0 ]; then lists=("$@"); fi

wanted=$(sed -e 's/#.*//' "${lists[@]}" | tr -s ' \t' '\n' | sed '/^$/d' | sort -u)
missing=()
for package in $wanted; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup: installing ${#missing[@]} packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "setup: all $(echo "$wanted" | wc -w) packages present"
fi
# Nix builds as root run as the nixbld users; Debian creates them only through the
# recommended nix-setup-systemd package, so make sure they exist.
if ! getent group nixbld >/dev/null; then
  echo "setup: creating the nixbld group and build users"
  groupadd --system nixbld
  for i in 1 2 3 4; do
    useradd --system --no-create-home --home-dir /var/empty --gid nixbld --groups nixbld \
      --shell /usr/sbin/nologin --comment "Nix build user $i" "nixbld$i"
  done
fi
for tool in cargo rustc; do
  command -v "$tool" >/dev/null || { echo "setup: $tool is not on PATH; install a Rust toolchain (rustup) first" >&2; exit 1; }
done
