#!/usr/bin/env bash
# All benchmarks in one run; prints a table and writes tests/bench/results.md.
#   bash tests/bench/run.sh   (BENCH_REPS=N, BENCH_BUILD_REPS=N for more repetitions, BENCH_ONLY=name for one)
set -euo pipefail
cd "$(dirname "$0")/../.."
bash tests/bench/corpus.sh build/corpus
cmake -S . -B build/release -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build/release -j "$(nproc)" --target cratebox >/dev/null
CRATEBOX="$PWD/build/release/driver/cratebox" CORPUS="$PWD/build/corpus" exec python3 tests/bench/bench.py
