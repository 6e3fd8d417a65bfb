#!/usr/bin/env bash
# Regenerates a fixture's Cargo.lock against our packed tarballs of Debian's crate sources, so
# the lockfile reads like a crates.io one (source = crates.io registry) with OUR checksums.
#   tests/tools/lock_fixture.sh fixtures/one-dep [more fixture dirs...]
# LOCK_CRATES="name-version ..." restricts the registry to those crates (faster).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
only=()
if [ -n "${LOCK_CRATES:-}" ]; then only=(--only $LOCK_CRATES); fi
python3 "$here/pack_crates.py" --out "$work/crates" --directory-source "$work/dirsrc" "${only[@]}" >/dev/null
mkdir -p "$work/home"
cat > "$work/home/config.toml" <<CFG
[source.crates-io]
replace-with = "debian-packed"
[source.debian-packed]
directory = "$work/dirsrc"
CFG
for fixture in "$@"; do
  # No --offline: git dependencies of fixtures are local file:// repositories, and crates.io
  # is replaced by the directory source above, so nothing reaches the network.
  (cd "$fixture" && CARGO_HOME="$work/home" cargo generate-lockfile)
  echo "locked $fixture"
done
