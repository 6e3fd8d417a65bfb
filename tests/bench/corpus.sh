#!/usr/bin/env bash
# Builds the benchmark corpus in DIR (default build/corpus): installs the crate sources of
# corpus-packages.txt, packs every crate of /usr/share/cargo/registry into a deterministic
# .crate (plus a crates.io-shaped mirror tree), and writes DIR/Cargo.lock listing them all
# (lockfile v3, crates.io source, our checksums). Nothing of it is committed.
#   tests/bench/corpus.sh [DIR]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/../../build/corpus}
bash "$here/../setup.sh" "$here/corpus-packages.txt" "$here/../packages/build.txt"
mkdir -p "$out"
python3 "$here/../tools/pack_crates.py" --out "$out/crates" --mirror
python3 - "$out" <<'PY'
import json, os, re, sys
out = sys.argv[1]
with open(os.path.join(out, "crates", "checksums.json")) as f:
    checksums = json.load(f)
lines = ["# The benchmark corpus: every packed crate, as a lockfile.", "version = 3", ""]
for key in sorted(checksums):
    # names may contain '-' and digits (md-5); a version is the first part that is semver
    parts = key.split("-")
    for i in range(1, len(parts)):
        if re.match(r"[0-9]+\.[0-9]+\.[0-9]+", parts[i]):
            name, version = "-".join(parts[:i]), "-".join(parts[i:])
            break
    else:
        sys.exit(f"corpus: cannot split {key!r} into name and version")
    lines += ["[[package]]", f'name = "{name}"', f'version = "{version}"',
              'source = "registry+https://github.com/rust-lang/crates.io-index"',
              f'checksum = "{checksums[key]}"', ""]
with open(os.path.join(out, "Cargo.lock"), "w") as f:
    f.write("\n".join(lines))
print(f"corpus: {len(checksums)} crates in {out}/crates, lockfile {out}/Cargo.lock", file=sys.stderr)
PY
