#!/usr/bin/env bash
# Two builds side by side on loopback: the one-country lookup and `{ __typename }`, every
# request executed (--response-cache-mib 0), on the real corpus, in alternating runs so that
# both see the same machine load. Prints "round query build req/s".
#
# Usage: scripts/ab-lookup.sh OLD_BINARY NEW_BINARY [ROUNDS] [SECONDS]
# Needs: wrk. Binaries: e.g. `git worktree add /tmp/old <rev>` and a release build there.
set -euo pipefail
cd "$(dirname "$0")/.."
old=${1:?old binary}; new=${2:?new binary}; rounds=${3:-4}; secs=${4:-5}
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
data=../shared/corpus/profiles
load_flags=${CYBERKG_LOAD_FLAGS---execution-ms-per-second 0 --max-connections-per-ip 100000}
"$old" serve --data "$data" --addr 127.0.0.1:18731 --response-cache-mib 0 --rate-per-second 0 $load_flags >/dev/null 2>&1 &
"$new" serve --data "$data" --addr 127.0.0.1:18732 --response-cache-mib 0 --rate-per-second 0 $load_flags >/dev/null 2>&1 &
for port in 18731 18732; do
  for _ in $(seq 1 300); do curl -sf -o /dev/null "http://127.0.0.1:$port/healthz" && break; sleep 0.1; done
done
printf '%s' '{"query":"{ country(code: \"PK\") { name relations(first: 1000) { edges { node { kind target { id name } } } } } }"}' > "$work/lookup"
printf '%s' '{"query":"{ __typename }"}' > "$work/typename"
for round in $(seq 1 "$rounds"); do
  for query in lookup typename; do
    for port in 18731 18732; do
      build=$([ "$port" = 18731 ] && echo old || echo new)
      rps=$(BODY_FILE="$work/$query" CONTENT_TYPE=application/json wrk -t2 -c16 -d"${secs}s" -s bench/post.lua "http://127.0.0.1:$port/graphql" | awk '/Requests\/sec/ {print $2}')
      echo "$round $query $build $rps"
    done
  done
done
