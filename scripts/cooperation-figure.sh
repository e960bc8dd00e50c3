#!/usr/bin/env bash
# Draws the cooperation network of a running cyberkg (countries linked through ITU-IMPACT,
# FIRST, APCERT, OIC-CERT and AfricaCERT, and bilateral agreements) with Graphviz sfdp.
# Usage: scripts/cooperation-figure.sh [BASE_URL] [OUT.png]
#   e.g. cyberkg serve --data ../shared/corpus/profiles & scripts/cooperation-figure.sh
set -euo pipefail
base=${1:-http://127.0.0.1:8080}
out=${2:-docs/cooperation-network.png}
query='{ cooperationNetwork(organizations: ["org:itu-impact", "org:first", "org:apcert", "org:oic-cert", "org:africacert"]) { subgraph { export(format: DOT) } } }'
curl -sf "$base/graphql" -H 'content-type: application/json' \
  -d "$(python3 -c 'import json,sys; print(json.dumps({"query": sys.argv[1]}))' "$query")" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["cooperationNetwork"]["subgraph"]["export"])' \
  | sed -e 's/graph \[rankdir=LR\];/graph [overlap=false, outputorder=edgesfirst, bgcolor=white]; node [style=filled, fillcolor="#dbeafe", fontsize=8]; edge [color="#94a3b8", arrowsize=0.3];/' \
        -e 's/\(kind="ORGANIZATION", shape=ellipse\)/\1, fillcolor="#fb923c", fontsize=14/' \
        -e 's/ label="\(MEMBER_OF\|PARTICIPATES_IN\|COOPERATES_WITH\|PARTY_TO\)",/ /' \
  | sfdp -Tpng -Gsize=14,14 -Gdpi=90 -o "$out"
echo "wrote $out"
