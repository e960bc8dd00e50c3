/*
 * cyberkg graph explorer (/explore): state, graph and controls.
 *
 * Draws the depth-1 neighbourhood of an entity with Cytoscape.js (the global `cytoscape`);
 * clicking a node merges its own neighbourhood into the view, double-clicking centres the
 * view on it. Relation-kind filters and the "as of" slider re-query every expanded node.
 * The relation and entity vocabularies are read from the schema, so they follow the server.
 * A view is linkable as /explore?id=country:TJ&asOf=2015.
 *
 * For tests: window.cyberkgExplorer = { cy, ready, idle(), state, load(id), expand(id), select(id) }.
 */
import {
  EXPORTS,
  EXPORT_QUERY,
  NEIGHBORHOOD_QUERY,
  SEARCH_QUERY,
  VOCABULARY_QUERY,
  gql,
} from './explore-api.js';
import {
  emptyDetails,
  entityDetails,
  h,
  humanize,
  relationDetails,
  styleOf,
  swatch,
} from './explore-panel.js';

const HIDDEN_BY_DEFAULT = new Set(['MENTIONS']);
const YEAR_MIN = 2000;
const LATEST = 2027; // the slider position past the last year: no asOf
const MAX_FIT_ZOOM = 1.25;

const $ = (id) => document.getElementById(id);

// ---------------------------------------------------------------- state

const state = {
  relationKinds: [], // [{ name, description }] from the schema
  entityKinds: [],
  kinds: new Set(), // relation kinds shown
  root: null, // id of the entity the view is centred on
  expanded: [], // ids whose neighbourhoods are merged into the view, root first
  asOf: null, // a Date string, or null for the latest state
  generation: 0, // bumped by every refresh; older answers are dropped
  work: new Set(), // promises in flight, for idle()
};

function track(promise) {
  state.work.add(promise);
  const forget = () => state.work.delete(promise);
  promise.then(forget, forget);
  return promise;
}

/** Resolves once no query or layout is running. */
async function idle() {
  while (state.work.size) await Promise.allSettled([...state.work]);
}

function setStatus(text, tone = '') {
  const el = $('status');
  el.textContent = text;
  el.className = tone;
}

// ---------------------------------------------------------------- graph

const cy = cytoscape({
  container: $('graph'),
  selectionType: 'single',
  boxSelectionEnabled: false,
  minZoom: 0.2,
  maxZoom: 3,
  style: [
    {
      selector: 'node',
      style: {
        'background-color': 'data(color)',
        shape: 'data(shape)',
        width: 'data(size)',
        height: 'data(size)',
        label: 'data(name)',
        'font-family': 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
        'font-size': 11,
        color: '#1f2937',
        'text-valign': 'bottom',
        'text-margin-y': 4,
        'text-wrap': 'wrap',
        'text-max-width': 130,
        'text-background-color': '#ffffff',
        'text-background-opacity': 0.8,
        'text-background-padding': 1,
        'border-width': 1.5,
        'border-color': '#ffffff',
      },
    },
    { selector: 'node.expanded', style: { 'border-width': 3, 'border-color': '#94a3b8' } },
    { selector: 'node.root', style: { 'border-width': 4, 'border-color': '#0f172a', 'font-weight': 600 } },
    {
      selector: 'edge',
      style: {
        width: 1.5,
        'curve-style': 'bezier',
        'line-color': '#94a3b8',
        'target-arrow-color': '#94a3b8',
        'target-arrow-shape': 'triangle',
        'arrow-scale': 0.9,
        label: 'data(label)',
        'font-size': 9,
        color: '#475569',
        'text-rotation': 'autorotate',
        'text-background-color': '#f8fafc',
        'text-background-opacity': 0.9,
        'text-background-padding': 1,
      },
    },
    { selector: 'edge[kind = "MENTIONS"]', style: { 'line-style': 'dashed' } },
    { selector: '.filtered', style: { display: 'none' } },
    {
      selector: 'edge:selected',
      style: {
        width: 3.5,
        'line-color': '#f59e0b',
        'target-arrow-color': '#f59e0b',
        color: '#92400e',
        'z-index': 10,
      },
    },
    {
      selector: 'node:selected',
      style: { 'overlay-color': '#f59e0b', 'overlay-opacity': 0.25, 'overlay-padding': 6 },
    },
  ],
});

/** Merges neighbourhoods and keeps what is connected to the root (filters can cut links). */
function merge(subgraphs) {
  const nodes = new Map();
  const relations = new Map();
  for (const sub of subgraphs) {
    for (const n of sub.nodes) nodes.set(n.id, n);
    for (const r of sub.relations) if (state.kinds.has(r.kind)) relations.set(r.id, r);
  }
  const links = new Map([...nodes.keys()].map((id) => [id, []]));
  for (const r of relations.values()) {
    if (!links.has(r.source.id) || !links.has(r.target.id)) continue;
    links.get(r.source.id).push(r.target.id);
    links.get(r.target.id).push(r.source.id);
  }
  const reached = new Set(nodes.has(state.root) ? [state.root] : []);
  const queue = [...reached];
  while (queue.length) {
    for (const next of links.get(queue.shift())) {
      if (reached.has(next)) continue;
      reached.add(next);
      queue.push(next);
    }
  }
  return {
    nodes: [...nodes.values()].filter((n) => reached.has(n.id)),
    relations: [...relations.values()].filter((r) => reached.has(r.source.id) && reached.has(r.target.id)),
  };
}

const nodeData = (n) => ({ id: n.id, name: n.name, kind: n.kind, entity: n, ...styleOf(n.kind) });
const edgeData = (r) => ({
  id: r.id,
  source: r.source.id,
  target: r.target.id,
  kind: r.kind,
  label: humanize(r.kind),
  relation: r,
});

/** Position of an entity kind in the legend, so a ring of neighbours is grouped by kind. */
function kindRank(kind) {
  const i = state.entityKinds.findIndex((k) => k.name === kind);
  return i < 0 ? state.entityKinds.length : i;
}

/** Replaces the drawn graph by `graph`, keeping the positions of nodes already drawn. */
function draw(graph, { fresh, focus }) {
  const wanted = new Set([...graph.nodes.map((n) => n.id), ...graph.relations.map((r) => r.id)]);
  const nodes = [...graph.nodes].sort(
    (a, b) => kindRank(a.kind) - kindRank(b.kind) || a.name.localeCompare(b.name),
  );
  const anchor = cy.getElementById(focus || '');
  const at = anchor.nonempty() ? anchor.position() : { x: cy.width() / 2, y: cy.height() / 2 };
  let added = 0;
  let removed = 0;
  cy.batch(() => {
    if (fresh) cy.elements().remove();
    const gone = cy.elements().filter((el) => !wanted.has(el.id()));
    removed = gone.nodes().length;
    gone.remove();
    for (const n of nodes) {
      const el = cy.getElementById(n.id);
      if (el.nonempty()) {
        el.data(nodeData(n));
        continue;
      }
      // New nodes start around the node they were reached from.
      const angle = (2 * Math.PI * added++) / nodes.length;
      const position = { x: at.x + 80 * Math.cos(angle), y: at.y + 80 * Math.sin(angle) };
      cy.add({ group: 'nodes', data: nodeData(n), position });
    }
    for (const r of graph.relations) {
      const el = cy.getElementById(r.id);
      if (el.nonempty()) el.data(edgeData(r));
      else cy.add({ group: 'edges', data: edgeData(r) });
    }
    cy.nodes().removeClass('root expanded');
    for (const id of state.expanded) cy.getElementById(id).addClass('expanded');
    cy.getElementById(state.root).addClass('root');
  });
  updateKindCounts();
  showDetails(cy.$(':selected')[0] || null);
  return fresh || added || removed ? layout({ grow: !fresh }) : Promise.resolve();
}

/**
 * Lays the view out. A single neighbourhood becomes a ring around the centre, grouped by
 * kind (two staggered rings when it is large); anything bigger uses the force-directed
 * `cose`, starting from the current positions when `grow`, so an expansion does not
 * reshuffle the whole view.
 */
function layout({ grow = false } = {}) {
  const common = { animate: false, fit: false, nodeDimensionsIncludeLabels: true };
  let options;
  if (state.expanded.length <= 1) {
    const order = new Map(cy.nodes().map((n, i) => [n.id(), i]));
    const twoRings = cy.nodes().length > 25;
    options = {
      ...common,
      name: 'concentric',
      concentric: (n) => (n.id() === state.root ? 3 : twoRings && order.get(n.id()) % 2 ? 1 : 2),
      levelWidth: () => 1,
      startAngle: -Math.PI / 2,
      minNodeSpacing: 20,
      avoidOverlap: true,
    };
  } else {
    options = {
      ...common,
      name: 'cose',
      randomize: !grow,
      idealEdgeLength: () => 90,
      nodeRepulsion: () => 9000,
      edgeElasticity: () => 80,
      gravity: 0.6,
      numIter: 1500,
    };
  }
  const run = cy.layout(options);
  const done = run.promiseOn('layoutstop').then(fitView);
  run.run();
  return track(done);
}

/** Fits the view to the window; a handful of nodes is kept at reading size, not blown up. */
function fitView() {
  cy.fit(undefined, 40);
  if (cy.zoom() > MAX_FIT_ZOOM) {
    cy.zoom(MAX_FIT_ZOOM);
    cy.center();
  }
}

/**
 * Re-queries every expanded node with the current filters and redraws. Resolves to true
 * when drawn, false when the query failed, undefined when a newer refresh took over.
 */
function refresh({ fresh = false, focus = null } = {}) {
  if (!state.root) return Promise.resolve();
  const generation = ++state.generation;
  const variables = (id) => ({ id, kinds: [...state.kinds], asOf: state.asOf });
  setStatus('Loading…', 'busy');
  const queries = state.expanded.map((id) =>
    gql(NEIGHBORHOOD_QUERY, variables(id)).then((d) => d.neighborhood),
  );
  const drawn = Promise.all(queries).then(
    async (subgraphs) => {
      if (generation !== state.generation) return undefined;
      await draw(merge(subgraphs), { fresh, focus });
      setDownloadsEnabled(true);
      const when = state.asOf ? `as of ${state.asOf}` : 'latest';
      setStatus(`${cy.nodes().length} entities · ${cy.edges().length} relations · ${when}`);
      return true;
    },
    (err) => {
      if (generation !== state.generation) return undefined;
      setStatus(`Could not load the neighbourhood: ${err.message}`, 'error');
      if (fresh) setDownloadsEnabled(false);
      return false;
    },
  );
  return track(drawn);
}

/** Centres the view on one entity: only its neighbourhood is drawn. */
async function load(id, { push = true } = {}) {
  state.root = id;
  state.expanded = [id];
  if (push) writeUrl();
  await refresh({ fresh: true });
  const root = cy.getElementById(id);
  if (root.nonempty() && cy.$(':selected').empty()) root.select();
}

async function expand(id) {
  if (state.expanded.includes(id)) return;
  state.expanded.push(id);
  // A node whose neighbourhood cannot be read must not break every later refresh.
  if ((await refresh({ focus: id })) === false) state.expanded = state.expanded.filter((x) => x !== id);
}

function collapse() {
  state.expanded = state.root ? [state.root] : [];
  return refresh({ fresh: true });
}

/** Selects a node or relation by id, as a click would; false when it is not drawn. */
function select(id) {
  const el = cy.getElementById(id);
  if (el.empty()) return false;
  cy.$(':selected').unselect();
  el.select();
  return true;
}

// Cytoscape reports a double tap for any two quick taps; only two on the same node count.
let lastTaps = [null, null];
cy.on('tap', (e) => (lastTaps = [lastTaps[1], e.target === cy ? null : e.target.id()]));
cy.on('tap', 'node', (e) => expand(e.target.id()));
cy.on('dbltap', 'node', (e) => lastTaps[0] === e.target.id() && load(e.target.id()));
cy.on('select', 'node, edge', (e) => showDetails(e.target));
cy.on('unselect', 'node, edge', () => cy.$(':selected').empty() && showDetails(null));
cy.on('mouseover', 'node, edge', () => ($('graph').style.cursor = 'pointer'));
cy.on('mouseout', 'node, edge', () => ($('graph').style.cursor = ''));

// ---------------------------------------------------------------- side panel

function showDetails(el) {
  const panel = $('details');
  let content;
  if (!el || el.removed()) {
    content = emptyDetails();
  } else if (el.isEdge()) {
    const nameOf = (id) => cy.getElementById(id).data('name') || id;
    content = relationDetails(el.data('relation'), { nameOf, select });
  } else {
    const id = el.id();
    content = entityDetails(el.data('entity'), {
      degree: el.connectedEdges(':visible').length,
      expand: state.expanded.includes(id) ? null : () => expand(id),
      centre: id === state.root && state.expanded.length === 1 ? null : () => load(id),
    });
  }
  panel.dataset.selected = el && !el.removed() ? el.id() : '';
  panel.replaceChildren(...content.filter(Boolean));
}

// ---------------------------------------------------------------- controls

function renderLegend() {
  $('legend').replaceChildren(
    ...state.entityKinds.map(({ name, description }) =>
      h(
        'span',
        { class: 'legend-item', title: description || name, 'data-kind': name },
        swatch(name),
        humanize(name),
      ),
    ),
  );
}

function onKindToggle(e) {
  const { value: kind, checked } = e.target;
  if (checked) state.kinds.add(kind);
  else state.kinds.delete(kind);
  // Hide at once; the re-query then fetches what the new filter lets through.
  cy.edges(`[kind = "${kind}"]`).toggleClass('filtered', !checked);
  refresh();
}

function renderKindFilters() {
  for (const label of $('kind-filters').querySelectorAll('label')) label.remove();
  for (const { name, description } of state.relationKinds) {
    const input = h('input', {
      type: 'checkbox',
      id: `kind-${name}`,
      value: name,
      'data-testid': 'kind-filter',
      'data-kind': name,
      checked: state.kinds.has(name),
      onchange: onKindToggle,
    });
    const count = h('span', { class: 'count', 'data-count-for': name });
    $('kind-filters').append(h('label', { title: description || name }, input, humanize(name), count));
  }
}

function updateKindCounts() {
  const counts = {};
  cy.edges().forEach((e) => (counts[e.data('kind')] = (counts[e.data('kind')] || 0) + 1));
  for (const el of document.querySelectorAll('[data-count-for]')) {
    el.textContent = counts[el.dataset.countFor] || '';
  }
}

function defaultKinds() {
  return new Set(state.relationKinds.map((k) => k.name).filter((k) => !HIDDEN_BY_DEFAULT.has(k)));
}

function renderDownloads() {
  $('downloads').replaceChildren(
    ...EXPORTS.map((x) =>
      h(
        'button',
        {
          type: 'button',
          id: `download-${x.format}`,
          'data-testid': `download-${x.format}`,
          'data-format': x.format,
          title: `Download the view as .${x.ext}`,
          disabled: true,
          onclick: () => download(x),
        },
        x.label,
      ),
    ),
  );
}

function setDownloadsEnabled(on) {
  document.querySelectorAll('#downloads button').forEach((b) => (b.disabled = !on));
}

/** Downloads the root's neighbourhood, with the current filters, as a file. */
async function download({ format, ext, mime }) {
  if (!state.root) return;
  try {
    const variables = { id: state.root, kinds: [...state.kinds], asOf: state.asOf, format };
    const data = await track(gql(EXPORT_QUERY, variables));
    const url = URL.createObjectURL(new Blob([data.neighborhood.export], { type: mime }));
    const name = `${state.root.replace(/[^A-Za-z0-9_-]+/g, '_')}${state.asOf ? `-${state.asOf}` : ''}.${ext}`;
    const a = h('a', { href: url, download: name, hidden: true });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  } catch (err) {
    setStatus(`Could not export ${format}: ${err.message}`, 'error');
  }
}

// As of: the slider holds a year, or LATEST for no date; a date from the URL is kept as given.
function showAsOf() {
  const year = state.asOf ? Number(state.asOf.slice(0, 4)) : LATEST;
  $('asof-slider').value = String(Math.min(Math.max(year, YEAR_MIN), LATEST));
  $('asof-value').textContent = state.asOf || 'latest';
}

$('asof-slider').addEventListener('input', (e) => {
  const year = Number(e.target.value);
  $('asof-value').textContent = year >= LATEST ? 'latest' : String(year);
});
$('asof-slider').addEventListener('change', (e) => {
  const year = Number(e.target.value);
  state.asOf = year >= LATEST ? null : String(year);
  showAsOf();
  writeUrl({ replace: true });
  refresh();
});

$('kinds-reset').addEventListener('click', () => {
  state.kinds = defaultKinds();
  renderKindFilters();
  refresh();
});
$('fit-view').addEventListener('click', fitView);
$('relayout').addEventListener('click', () => layout());
$('collapse-view').addEventListener('click', collapse);

// ---------------------------------------------------------------- search

const search = { token: 0, hits: [], active: -1 };

/** Shows the hits; `searched` adds a "No match" line when there are none. */
function renderHits({ searched = false } = {}) {
  const list = $('search-results');
  list.replaceChildren(
    ...search.hits.map((hit, i) =>
      h(
        'li',
        {
          role: 'option',
          id: `search-hit-${i}`,
          'data-testid': 'search-hit',
          'data-id': hit.entity.id,
          'aria-selected': String(i === search.active),
          onpointerdown: (e) => e.preventDefault(), // keep the focus in the input
          onclick: () => pick(hit),
        },
        swatch(hit.entity.kind),
        h('span', { class: 'hit-name' }, hit.entity.name),
        hit.matched !== hit.entity.name && h('span', { class: 'hit-matched' }, hit.matched),
        h('span', { class: 'hit-kind' }, humanize(hit.entity.kind)),
      ),
    ),
  );
  if (searched && !search.hits.length) list.append(h('li', { class: 'no-hits' }, 'No match'));
  list.hidden = list.children.length === 0;
  $('search-input').setAttribute('aria-expanded', String(!list.hidden));
}

async function runSearch() {
  const text = $('search-input').value.trim();
  const token = ++search.token;
  search.hits = [];
  if (text.length < 2) return renderHits();
  try {
    const data = await track(gql(SEARCH_QUERY, { text }));
    if (token !== search.token) return;
    search.hits = data.search;
    search.active = search.hits.length ? 0 : -1;
    renderHits({ searched: true });
  } catch (err) {
    if (token === search.token) setStatus(`Search failed: ${err.message}`, 'error');
  }
}

function closeHits() {
  search.token++;
  search.hits = [];
  renderHits();
}

function pick(hit) {
  closeHits();
  $('search-input').value = hit.entity.name;
  cy.$(':selected').unselect();
  load(hit.entity.id);
}

let searchTimer = 0;
$('search-input').addEventListener('input', () => {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(runSearch, 180);
});
$('search-input').addEventListener('keydown', (e) => {
  if ((e.key === 'ArrowDown' || e.key === 'ArrowUp') && search.hits.length) {
    const step = e.key === 'ArrowDown' ? 1 : -1;
    search.active = (search.active + step + search.hits.length) % search.hits.length;
    renderHits();
    e.preventDefault();
  } else if (e.key === 'Enter' && search.hits[search.active]) {
    pick(search.hits[search.active]);
    e.preventDefault();
  } else if (e.key === 'Escape') {
    closeHits();
  }
});
$('search-input').addEventListener('blur', closeHits);

// ---------------------------------------------------------------- URL (?id=…&asOf=…)

function writeUrl({ replace = false } = {}) {
  const params = new URLSearchParams();
  if (state.root) params.set('id', state.root);
  if (state.asOf) params.set('asOf', state.asOf);
  const query = params.toString();
  const url = query ? `${location.pathname}?${query}` : location.pathname;
  if (replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
}

function loadFromUrl() {
  const params = new URLSearchParams(location.search);
  state.asOf = params.get('asOf') || null;
  showAsOf();
  const id = params.get('id');
  return id ? load(id, { push: false }) : Promise.resolve();
}

window.addEventListener('popstate', loadFromUrl);

// ---------------------------------------------------------------- start

async function start() {
  renderDownloads();
  const vocabulary = await gql(VOCABULARY_QUERY);
  state.relationKinds = vocabulary.relationKinds.enumValues;
  state.entityKinds = vocabulary.entityKinds.enumValues;
  state.kinds = defaultKinds();
  renderKindFilters();
  renderLegend();
  await loadFromUrl();
}

const ready = track(
  start().catch((err) => {
    setStatus(`Could not start: ${err.message}`, 'error');
    throw err;
  }),
);
ready.catch(() => {}); // shown in the status bar; tests await `ready` themselves

window.cyberkgExplorer = { cy, ready, idle, state, load, expand, select };
