# Shared by bench/run.sh and bench/alternate.sh (sourced, not run): the queries both sides
# answer and the Oxigraph server they are asked of. Needs `$oxigraph` and `$work` set.

# Flags a load test needs: all its connections come from one address, which the per-client
# execution share and connection cap would otherwise hold back. Empty it
# (CYBERKG_LOAD_FLAGS=) to measure a build older than those flags.
load_flags=${CYBERKG_LOAD_FLAGS---execution-ms-per-second 0 --max-connections-per-ip 100000}

# wait_up URL: waits until URL answers (30 s at most).
wait_up() { for _ in $(seq 1 600); do curl -sf -o /dev/null "$1" && return 0; sleep 0.05; done; echo "no answer from $1" >&2; return 1; }

# gql QUERY: a GraphQL request body.
gql() { printf '{"query":%s}' "$(printf '%s' "$1" | python3 -c 'import json,sys; print(json.dumps(sys.stdin.read()))')"; }

# start_oxigraph NT_FILE PORT: an in-memory Oxigraph in the background (its pid in
# `OXIGRAPH_PID`), with NT_FILE in its default graph; stops the script unless it holds every
# triple.
start_oxigraph() {
  local nt=$1 port=$2 triples held
  triples=$(wc -l < "$nt")
  "$oxigraph" serve --bind "127.0.0.1:$port" >"$work/oxigraph.log" 2>&1 &
  local pid=$!
  wait_up "http://127.0.0.1:$port/"
  # Into the default graph (`?default`): a POST to the bare /store puts the triples in a new
  # named graph, which queries without FROM/GRAPH do not see.
  curl -sf -X POST -H 'Content-Type: application/n-triples' --data-binary @"$nt" "http://127.0.0.1:$port/store?default" >/dev/null
  held=$(curl -sf "http://127.0.0.1:$port/query" -H 'Content-Type: application/sparql-query' -H 'Accept: application/sparql-results+json' \
    --data 'SELECT (COUNT(*) AS ?c) WHERE { ?s ?p ?o }' | python3 -c 'import json,sys; print(json.load(sys.stdin)["results"]["bindings"][0]["c"]["value"])')
  if [ "$held" != "$triples" ]; then echo "Oxigraph holds $held triples of $triples" >&2; exit 1; fi
  OXIGRAPH_PID=$pid
}

# answer_size URL BODY CONTENT_TYPE: how many items the answer holds (relations of the lookup,
# nodes of the neighbourhood, paths; SPARQL rows; 1 for `__typename` and ASK).
answer_size() {
  curl -sf "$1" -H "Content-Type: $3" -H 'Accept: application/sparql-results+json, application/json' --data "$2" | python3 -c '
import json, sys
d = json.load(sys.stdin)
if "results" in d:
    print(len(d["results"]["bindings"]))
elif "boolean" in d:
    print(1)
else:
    v = next(iter((d.get("data") or {}).values()), None)
    if isinstance(v, list):
        print(len(v))
    elif isinstance(v, dict) and "relations" in v and "edges" in v["relations"]:
        print(len(v["relations"]["edges"]))
    elif isinstance(v, dict) and "nodes" in v:
        print(len(v["nodes"]))
    else:
        print(1 if v is not None else 0)
'
}

# define_queries: fills the caller's associative arrays G (GraphQL bodies) and S (the
# equivalent SPARQL; empty where there is none) by query name.
define_queries() {
  local pk='urn:cyberkg:country:PK' tj='urn:cyberkg:country:TJ'
  # The relation kinds both sides follow, and the same set with MENTIONS (all of them).
  kinds='ENACTED, ADOPTED, HAS_CERT, HAS_AGENCY, MEMBER_OF, PARTY_TO, PROTOCOL_TO, PARTICIPATES_IN, RUNS, COOPERATES_WITH, ISSUED_UNDER, COMPLIES_WITH, ESTABLISHES, RESPONSIBLE_FOR, PART_OF'
  values() { local v=""; for k in ${kinds//,/} ${2-}; do v="$v <urn:cyberkg:vocab:$k>"; done; echo "VALUES ?$1 {$v }"; }
  # Every relation of Pakistan, either way, with the entity at its target and that entity's name.
  G[lookup]=$(gql '{ country(code: "PK") { name relations(first: 1000) { edges { node { kind target { id name } } } } } }')
  S[lookup]="SELECT ?p ?o ?label WHERE { $(values p MENTIONS) { <$pk> ?p ?o } UNION { ?s ?p <$pk> BIND(<$pk> AS ?o) } OPTIONAL { ?o <http://www.w3.org/2000/01/rdf-schema#label> ?label } }"
  # The ids of the entities within two steps (Pakistan itself included); the SPARQL has no
  # relation ids to return, so "neighborhood+relations" (also every relation followed) has no
  # counterpart.
  G[neighborhood]=$(gql "{ neighborhood(id: \"country:PK\", depth: 2, kinds: [$kinds]) { nodes { id } } }")
  G[neighborhood+relations]=$(gql "{ neighborhood(id: \"country:PK\", depth: 2, kinds: [$kinds]) { nodes { id } relations { id } } }")
  S[neighborhood+relations]=""
  S[neighborhood]="SELECT DISTINCT ?n WHERE { { BIND(<$pk> AS ?n) } UNION { $(values p) { <$pk> ?p ?n } UNION { ?n ?p <$pk> } } UNION { $(values p) $(values q) { <$pk> ?p ?n1 } UNION { ?n1 ?p <$pk> } { ?n1 ?q ?n } UNION { ?n ?q ?n1 } } }"
  # Up to 5 paths of at most two relations from Pakistan to Tajikistan (MENTIONS not followed),
  # the shortest first.
  G[paths]=$(gql '{ paths(from: "country:PK", to: "country:TJ", maxLength: 2, limit: 5) { length nodes { id } } }')
  S[paths]="SELECT ?p ?mid ?q WHERE { { $(values p) { <$pk> ?p <$tj> } UNION { <$tj> ?p <$pk> } } UNION { $(values p) $(values q) { <$pk> ?p ?mid } UNION { ?mid ?p <$pk> } { <$tj> ?q ?mid } UNION { ?mid ?q <$tj> } FILTER(?mid != <$pk> && ?mid != <$tj>) } } ORDER BY (BOUND(?mid)) LIMIT 5"
  G[typename]=$(gql '{ __typename }')
  S[typename]="ASK { }"
}
