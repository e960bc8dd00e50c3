#!/usr/bin/env bash
# cyberkg (every request executed: --response-cache-mib 0) against Oxigraph on the equivalent
# SPARQL (bench/common.sh), in alternating short runs on one data set: in each round both
# servers are measured one right after the other, the first alternating between rounds, so
# both see the same load. Prints each round's req/s and ratio, then the median ratio per query.
# For a shared or loaded machine, where bench/run.sh's single run per side is at the mercy of
# whatever else runs meanwhile.
#
# Usage: bench/alternate.sh [DATA] [ROUNDS] [SECONDS] [QUERY...]
#   DATA: a data directory, or synthetic-N for N countries from `cyberkg gen` (default
#   synthetic-2000); ROUNDS default 6; SECONDS per run default 5; QUERY among lookup,
#   neighborhood, paths, typename (default: lookup paths typename).
# Needs: wrk, oxigraph (OXIGRAPH=path, or on PATH): see bench/run.sh. CYBERKG_BIN=path
# measures that binary instead of this tree's release build.
set -euo pipefail
cd "$(dirname "$0")/.."
data=${1:-synthetic-2000}; rounds=${2:-6}; secs=${3:-5}
shift $(( $# < 3 ? $# : 3 ))
queries=("$@"); [ ${#queries[@]} -gt 0 ] || queries=(lookup paths typename)
root=$(pwd)
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
oxigraph=${OXIGRAPH:-$(command -v oxigraph || true)}
[ -n "$oxigraph" ] || { echo "no oxigraph: set OXIGRAPH (bench/run.sh installs it)" >&2; exit 1; }
command -v wrk >/dev/null || { echo "no wrk (apt-get install wrk)" >&2; exit 1; }
# CYBERKG_BIN=path measures another build (one made in a `git worktree`, say).
if [ -n "${CYBERKG_BIN-}" ]; then bin=$CYBERKG_BIN; else cargo build --release --quiet; bin="$root/target/release/cyberkg"; fi
. bench/common.sh

case $data in
  synthetic-*) "$bin" gen --countries "${data#synthetic-}" --out "$work/data" >/dev/null; dir="$work/data" ;;
  *) dir=$data ;;
esac
"$bin" serve --data "$dir" --addr 127.0.0.1:18701 --rate-per-second 0 $load_flags --max-complexity 100000000 --response-cache-mib 0 >"$work/cyberkg.log" 2>&1 &
wait_up http://127.0.0.1:18701/healthz
curl -sf http://127.0.0.1:18701/export/graph.nt > "$work/graph.nt"
start_oxigraph "$work/graph.nt" 18702
declare -A G S
define_queries
for q in "${queries[@]}"; do
  [ -n "${S[$q]-}" ] || { echo "no SPARQL counterpart for $q" >&2; exit 1; }
  c_size=$(answer_size http://127.0.0.1:18701/graphql "${G[$q]}" application/json)
  o_size=$(answer_size http://127.0.0.1:18702/query "${S[$q]}" application/sparql-query)
  if [ "$c_size" != "$o_size" ] || [ "$c_size" = 0 ]; then
    echo "$q: cyberkg answers $c_size items, Oxigraph $o_size" >&2; exit 1
  fi
  printf '%s' "${G[$q]}" > "$work/g-$q"; printf '%s' "${S[$q]}" > "$work/s-$q"
done

# rps BODY_FILE CONTENT_TYPE ACCEPT URL
rps() { BODY_FILE="$1" CONTENT_TYPE="$2" ACCEPT="$3" wrk -t2 -c16 -d"${secs}s" -s bench/post.lua "$4" | awk '/Requests\/sec/ {print $2}'; }
echo "round query cyberkg_rps oxigraph_rps ratio"
for round in $(seq 1 "$rounds"); do
  for q in "${queries[@]}"; do
    if [ $((round % 2)) = 1 ]; then
      c=$(rps "$work/g-$q" application/json '*/*' http://127.0.0.1:18701/graphql)
      o=$(rps "$work/s-$q" application/sparql-query application/sparql-results+json http://127.0.0.1:18702/query)
    else
      o=$(rps "$work/s-$q" application/sparql-query application/sparql-results+json http://127.0.0.1:18702/query)
      c=$(rps "$work/g-$q" application/json '*/*' http://127.0.0.1:18701/graphql)
    fi
    echo "$round $q $c $o $(python3 -c "print(f'{$c/max($o,1e-9):.2f}')")"
  done
done | tee "$work/rounds"
python3 - "$work/rounds" "$data" <<'PY'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1]) if line[0].isdigit()]
for q in dict.fromkeys(r[1] for r in rows):
    mine = [r for r in rows if r[1] == q]
    med = lambda i: statistics.median(float(r[i]) for r in mine)
    print(f"{sys.argv[2]} {q}: median ratio {med(4):.2f}x over {len(mine)} rounds "
          f"(cyberkg {med(2):.0f} req/s, Oxigraph {med(3):.0f} req/s; ratios {min(float(r[4]) for r in mine):.2f}-{max(float(r[4]) for r in mine):.2f})")
PY
