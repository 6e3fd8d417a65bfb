#!/usr/bin/env bash
# The main job, from a fresh Debian 12 machine (as root): installs what is missing, builds
# the driver, then builds an example project with buildPackage through the Nix sandbox and
# runs it. Arguments (optional): FIXTURE [BINARY], default build-script.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tests/setup.sh
cmake -S . -B build/release -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build/release -j "$(nproc)" --target cratebox
CRATEBOX="$PWD/build/release/driver/cratebox" exec python3 tests/example.py "$@"
