#!/usr/bin/env bash
# Measures the time from process start to the first 200 on /healthz, over N runs, on loopback.
# Usage: scripts/startup-time.sh [DATA_DIR] [RUNS]   (builds the release binary first)
set -euo pipefail
cd "$(dirname "$0")/.."
data=${1:-data}
runs=${2:-11}
port=${PORT:-18555}
cargo build --release --quiet
times=()
for _ in $(seq 1 "$runs"); do
  start=$(date +%s%N)
  target/release/cyberkg serve --data "$data" --addr "127.0.0.1:$port" >/dev/null 2>&1 &
  pid=$!
  until curl -sf -o /dev/null "http://127.0.0.1:$port/healthz"; do
    kill -0 "$pid" 2>/dev/null || { echo "server exited; run: cyberkg check --data $data" >&2; exit 1; }
    sleep 0.002
  done
  end=$(date +%s%N)
  times+=($(( (end - start) / 1000000 )))
  kill "$pid"
  wait "$pid" 2>/dev/null || true
done
sorted=$(printf '%s\n' "${times[@]}" | sort -n)
median=$(echo "$sorted" | sed -n "$(( (runs + 1) / 2 ))p")
echo "start-up to healthy on $data over $runs runs (ms): $(echo $sorted)"
echo "median: ${median} ms"
