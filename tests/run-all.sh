#!/usr/bin/env bash
# The whole test suite, from a fresh Debian 12 machine (run as root): installs what is missing,
# then builds and tests the driver twice — Release (with the sandboxed nix-build tests) and
# Debug with AddressSanitizer + UndefinedBehaviorSanitizer.
set -euo pipefail
cd "$(dirname "$0")/.."

bash tests/setup.sh

jobs=$(nproc)
echo "== Release build, unit + integration + nix tests"
cmake -S . -B build/release -DCMAKE_BUILD_TYPE=Release -DCRATEBOX_NIX_TESTS=ON
cmake --build build/release -j "$jobs"
ctest --test-dir build/release --output-on-failure --no-tests=error

echo "== Debug build with ASan+UBSan, unit + integration tests"
cmake -S . -B build/debug -DCMAKE_BUILD_TYPE=Debug
cmake --build build/debug -j "$jobs"
ctest --test-dir build/debug --output-on-failure --no-tests=error -LE nix
