/*
 * cyberkg explorer: the GraphQL documents the page sends and the one function that sends them.
 * Every request goes to POST /graphql on the same origin; nothing else is fetched.
 */

const ENDPOINT = '/graphql';

/** The relation and entity vocabularies, so the filters and legend follow the server. */
export const VOCABULARY_QUERY = `query ExplorerVocabulary {
  relationKinds: __type(name: "RelationKind") { enumValues { name description } }
  entityKinds: __type(name: "EntityKind") { enumValues { name description } }
}`;

export const SEARCH_QUERY = `query ExplorerSearch($text: String!) {
  search(text: $text, first: 12) { score matched entity { id kind name } }
}`;

/** One expanded node's neighbourhood, with everything the side panel shows. */
export const NEIGHBORHOOD_QUERY = `query ExplorerNeighborhood($id: ID!, $kinds: [RelationKind!], $asOf: Date) {
  neighborhood(id: $id, depth: 1, kinds: $kinds, asOf: $asOf) {
    nodes { id kind name aliases }
    relations {
      id kind source { id } target { id } since until firstReported qualifiers
      evidence { section excerpt method confidence rule document { id title published format } }
    }
  }
}`;

export const EXPORT_QUERY = `query ExplorerExport($id: ID!, $kinds: [RelationKind!], $asOf: Date, $format: ExportFormat!) {
  neighborhood(id: $id, depth: 1, kinds: $kinds, asOf: $asOf) { export(format: $format) }
}`;

/** The formats of `Subgraph.export`, with the file names the server's /export URLs use. */
export const EXPORTS = [
  { format: 'CYTOSCAPE_JSON', label: 'Cytoscape JSON', ext: 'cyjs.json', mime: 'application/json' },
  { format: 'GRAPHML', label: 'GraphML', ext: 'graphml', mime: 'application/graphml+xml' },
  { format: 'GEXF', label: 'GEXF', ext: 'gexf', mime: 'application/gexf+xml' },
  { format: 'DOT', label: 'DOT', ext: 'dot', mime: 'text/vnd.graphviz' },
  { format: 'D3_JSON', label: 'D3 JSON', ext: 'd3.json', mime: 'application/json' },
  { format: 'JSONLD', label: 'JSON-LD', ext: 'jsonld', mime: 'application/ld+json' },
  { format: 'NTRIPLES', label: 'N-Triples', ext: 'nt', mime: 'application/n-triples' },
];

/** Runs one GraphQL document; resolves to `data`, rejects with the server's messages. */
export async function gql(query, variables = {}) {
  const res = await fetch(ENDPOINT, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  let body;
  try {
    body = await res.json();
  } catch {
    throw new Error(`the server answered HTTP ${res.status}`);
  }
  if (body.errors && body.errors.length) throw new Error(body.errors.map((e) => e.message).join('; '));
  if (!res.ok || !body.data) throw new Error(`the server answered HTTP ${res.status}`);
  return body.data;
}
