#!/usr/bin/env bash
# Instructions per request through the whole HTTP application in process (`benches/http.rs`),
# counted by callgrind: they do not depend on the machine's load. Runs 100 and 600 requests and
# divides the difference by 500; the metrics recorder's one-time set-up (its clock calibration
# takes a different number of instructions on every run) is left out of both counts.
#
# Usage: scripts/instructions.sh [QUERY] [ROUNDS]   QUERY: typename, lookup, paths, neighborhood
#        BENCH=path/to/http-bench-binary scripts/instructions.sh …   to count another build
# Needs: valgrind.
set -euo pipefail
cd "$(dirname "$0")/.."
query=${1:-lookup}; rounds=${2:-2}
bench=${BENCH:-$(cargo bench --bench http --no-run 2>&1 | grep -o 'target/release/deps/http-[0-9a-f]*' | tail -1)}
[ -x "$bench" ] || { echo "no http bench binary ($bench)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

count() {
  CYBERKG_BENCH_ONLY=$query CYBERKG_BENCH_ITERATIONS=$1 valgrind --tool=callgrind \
    --callgrind-out-file="$work/out" --collect-atstart=no --toggle-collect='*http::repeat*' \
    "$bench" --bench >/dev/null 2>&1
  callgrind_annotate --inclusive=yes "$work/out" 2>/dev/null | awk '
    /PROGRAM TOTALS/ { gsub(",", "", $1); total = $1 }
    /PrometheusBuilder::install_recorder/ { gsub(",", "", $1); once = $1 }
    END { print total - once }'
  rm -f "$work"/out*
}

for round in $(seq 1 "$rounds"); do
  few=$(count 100); many=$(count 600)
  echo "$query round $round: $(( (many - few) / 500 )) instructions per request"
done
