#!/usr/bin/env bash
# Side-by-side load test on loopback: cyberkg versus an Oxigraph server loaded with cyberkg's
# own N-Triples export, on the real corpus and on 2,000 synthetic countries, driven by wrk.
# Writes docs/PERFORMANCE.md. Not part of CI (it installs tools and takes minutes).
#
# Usage: bench/run.sh [SECONDS_PER_RUN] [CONNECTIONS]      (defaults 10 and 16)
# Needs: wrk (apt-get install wrk), oxigraph (cargo install oxigraph-cli --no-default-features,
# which needs libclang-dev); the script installs them when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-10}
conns=${2:-16}
root=$(pwd)
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
oxigraph=${OXIGRAPH:-$(command -v oxigraph || true)}
if [ -z "$oxigraph" ]; then
  command -v clang >/dev/null || apt-get install -y -qq libclang-dev clang
  cargo install oxigraph-cli --no-default-features --root "$root/target/bench-tools"
  oxigraph="$root/target/bench-tools/bin/oxigraph"
fi
cargo build --release --quiet
bin="$root/target/release/cyberkg"
. bench/common.sh


# run_wrk NAME URL BODY CONTENT_TYPE [ACCEPT] -> "rps p50 p99 errors"
run_wrk() {
  local body="$work/body-$1"; printf '%s' "$3" > "$body"
  local out
  out=$(BODY_FILE="$body" CONTENT_TYPE="$4" ACCEPT="${5:-*/*}" wrk -t2 -c"$conns" -d"${secs}s" --latency -s bench/post.lua "$2")
  local rps p50 p99 errors
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p50=$(echo "$out" | awk '$1=="50%" {print $2}')
  p99=$(echo "$out" | awk '$1=="99%" {print $2}')
  errors=$(echo "$out" | awk '/Non-2xx/ {n=$5} /Socket errors/ {s=$4+$6+$8+$10} END {print n+s}')
  echo "$rps $p50 $p99 $errors"
}



report="$work/report.md"
{
  echo "# Performance"
  echo
  echo "Measured $(date -u +%Y-%m-%d) on $(nproc) cores, loopback, wrk with $conns connections for ${secs} s per run."
  echo "Reproduce: \`bench/run.sh $secs $conns\`. cyberkg release build; Oxigraph $("$oxigraph" --version 2>/dev/null | head -1) (in-memory store) loaded with cyberkg's own N-Triples export into its default graph."
  echo "Before measuring, the script checks that Oxigraph holds every triple and that both sides' answers hold the same number of items (column 2)."
  echo
} > "$report"

sets=("real-corpus:$root/../shared/corpus/profiles")
"$bin" gen --countries 2000 --out "$work/gen2000" >/dev/null
sets+=("synthetic-2000:$work/gen2000")

for set in "${sets[@]}"; do
  label=${set%%:*}; dir=${set#*:}
  # cyberkg twice: without the response cache (every request executed, like Oxigraph's) and
  # with it (the default: a repeated query is answered from the cache).
  "$bin" serve --data "$dir" --addr 127.0.0.1:18601 --rate-per-second 0 $load_flags --max-complexity 100000000 --response-cache-mib 0 >"$work/cyberkg.log" 2>&1 &
  ck=$!
  "$bin" serve --data "$dir" --addr 127.0.0.1:18605 --rate-per-second 0 $load_flags --max-complexity 100000000 >"$work/cyberkg-cached.log" 2>&1 &
  ckc=$!
  wait_up http://127.0.0.1:18601/healthz
  wait_up http://127.0.0.1:18605/healthz
  curl -s http://127.0.0.1:18601/export/graph.nt > "$work/$label.nt"
  triples=$(wc -l < "$work/$label.nt")
  start_oxigraph "$work/$label.nt" 18602
  ox=$OXIGRAPH_PID
  declare -A G S C_RPS
  define_queries
  {
    echo "## $label ($triples triples)"
    echo
    echo "| query | answer size cyberkg / Oxigraph | cyberkg req/s | p50 | p99 | errors | Oxigraph req/s | p50 | p99 | errors | ratio | cyberkg with response cache req/s | p50 | p99 | errors | ratio |"
    echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
  } >> "$report"
  ratio() { python3 -c "print(f'{float(\"$1\")/max(float(\"$2\"),1e-9):.2f}x')"; }
  for q in lookup neighborhood neighborhood+relations paths typename; do
    read -r c_rps c_50 c_99 c_err <<<"$(run_wrk "g-$q" http://127.0.0.1:18601/graphql "${G[$q]}" application/json)"
    read -r h_rps h_50 h_99 h_err <<<"$(run_wrk "h-$q" http://127.0.0.1:18605/graphql "${G[$q]}" application/json)"
    C_RPS[$q]=$c_rps
    c_size=$(answer_size http://127.0.0.1:18601/graphql "${G[$q]}" application/json)
    if [ -z "${S[$q]}" ]; then
      echo "| $q | $c_size / — | $c_rps | $c_50 | $c_99 | $c_err | — | — | — | — | — | $h_rps | $h_50 | $h_99 | $h_err | — |" >> "$report"
      continue
    fi
    # Both sides must answer the same question: the same number of items.
    o_size=$(answer_size http://127.0.0.1:18602/query "${S[$q]}" application/sparql-query)
    if [ "$c_size" != "$o_size" ] || [ "$c_size" = 0 ]; then
      echo "$label $q: cyberkg answers $c_size items, Oxigraph $o_size" >&2; exit 1
    fi
    read -r o_rps o_50 o_99 o_err <<<"$(run_wrk "s-$q" http://127.0.0.1:18602/query "${S[$q]}" application/sparql-query application/sparql-results+json)"
    echo "| $q | $c_size / $o_size | $c_rps | $c_50 | $c_99 | $c_err | $o_rps | $o_50 | $o_99 | $o_err | $(ratio "$c_rps" "$o_rps") | $h_rps | $h_50 | $h_99 | $h_err | $(ratio "$h_rps" "$o_rps") |" >> "$report"
  done
  # The floor of cyberkg's HTTP stack: its cheapest route, no GraphQL at all.
  floor=$(wrk -t2 -c"$conns" -d"${secs}s" http://127.0.0.1:18601/healthz | awk '/Requests\/sec/ {print $2}')
  ceiling=$(python3 -c "print(f'{float(\"${C_RPS[lookup]}\")/max(float(\"${C_RPS[typename]}\"),1e-9):.2f}')")
  echo >> "$report"
  echo "cyberkg's one-country lookup runs at $ceiling of its own \`{ __typename }\` ceiling. The floor of its HTTP stack, \`GET /healthz\` (no GraphQL), serves $floor req/s." >> "$report"
  echo >> "$report"
  kill "$ck" "$ckc" "$ox"; wait "$ck" "$ckc" "$ox" 2>/dev/null || true
done

{
  echo "## Start-up and memory"
  echo
  echo "| data | documents | entities | relations | start-up to healthy (median of 5) | peak RSS |"
  echo "|---|---|---|---|---|---|"
} >> "$report"
for n in 200 2000; do
  dir="$work/gen$n"; [ -d "$dir" ] || "$bin" gen --countries "$n" --out "$dir" >/dev/null
  sizes=$("$bin" check --data "$dir")
  rss=$( { /usr/bin/time -v "$bin" check --data "$dir" >/dev/null; } 2>&1 | awk -F: '/Maximum resident/ {gsub(/ /,"",$2); print $2}')
  times=()
  for _ in 1 2 3 4 5; do
    start=$(date +%s%N)
    "$bin" serve --data "$dir" --addr 127.0.0.1:18603 >/dev/null 2>&1 &
    pid=$!
    wait_up http://127.0.0.1:18603/healthz
    times+=($(( ($(date +%s%N) - start) / 1000000 )))
    kill "$pid"; wait "$pid" 2>/dev/null || true
  done
  median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 3p)
  docs=$(echo "$sizes" | sed -E 's/.*: ([0-9]+) documents, ([0-9]+) entities, ([0-9]+) relations.*/\1 | \2 | \3/')
  echo "| synthetic-$n | $docs | ${median} ms | $((rss / 1024)) MiB |" >> "$report"
done
echo >> "$report"

# Reads under load while a writer ingests a document every second.
cp -r "$root/data" "$work/live"
CYBERKG_ADMIN_TOKEN=bench-token "$bin" serve --data "$work/live" --addr 127.0.0.1:18604 --rate-per-second 0 $load_flags >"$work/live.log" 2>&1 &
live=$!
wait_up http://127.0.0.1:18604/healthz
load_secs=${LOAD_SECONDS:-60}
(
  for i in $(seq 1 "$load_secs"); do
    body=$(printf '{"query":"mutation { ingestDocument(text: \\"Pakistan adopted the Bench Policy %s (BP%s), 2024.\\", name: \\"bench-%s\\", metadata: {country: \\"PK\\", published: \\"2024\\"}) { version } }"}' "$i" "$i" "$i")
    if curl -sf -H 'authorization: Bearer bench-token' -H 'content-type: application/json' -d "$body" http://127.0.0.1:18604/graphql | grep -q '"version"'; then
      echo ok >> "$work/writes.ok"
    else
      echo failed >> "$work/writes.failed"
    fi
    sleep 1
  done
) &
writer=$!
printf '%s' "${G[lookup]}" > "$work/body-live"
out=$(BODY_FILE="$work/body-live" CONTENT_TYPE=application/json wrk -t2 -c64 -d"${load_secs}s" --latency -s bench/post.lua http://127.0.0.1:18604/graphql)
wait "$writer" || true
count_lines() { if [ -f "$1" ]; then wc -l < "$1"; else echo 0; fi; }
acknowledged=$(count_lines "$work/writes.ok")
failed=$(count_lines "$work/writes.failed")
stored=$(ls "$work/live/documents/submitted" 2>/dev/null | grep -c '\.txt$' || true)
rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
non2xx=$(echo "$out" | awk '/Non-2xx/ {print $5}'); non2xx=${non2xx:-0}
sockerr=$(echo "$out" | awk '/Socket errors/ {print $4+$6+$8+$10}'); sockerr=${sockerr:-0}
{
  echo "## ${load_secs}-second load at 64 connections with a write every second (default settings: response cache on)"
  echo
  echo "| reads/s | p50 | p99 | non-2xx | socket errors | writes acknowledged | writes failed | documents stored |"
  echo "|---|---|---|---|---|---|---|---|"
  echo "| $rps | $(echo "$out" | awk '$1=="50%" {print $2}') | $(echo "$out" | awk '$1=="99%" {print $2}') | $non2xx | $sockerr | $acknowledged | $failed | $stored |"
  echo
} >> "$report"
kill "$live"; wait "$live" 2>/dev/null || true

# Keep the hand-written reading of the numbers (everything from its heading on).
if [ -f docs/PERFORMANCE.md ]; then
  sed -n '/^## Reading the numbers/,$p' docs/PERFORMANCE.md >> "$report"
fi
cp "$report" docs/PERFORMANCE.md
cat docs/PERFORMANCE.md
