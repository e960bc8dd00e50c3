/*
 * cyberkg explorer: how entities look (colour and shape per kind, legend swatches) and the
 * side panel's content for a selected entity or relation. Builds DOM nodes only; knows
 * nothing about Cytoscape or the server, so the caller passes what the panel needs.
 */

/** Colour and Cytoscape shape per entity kind; unknown kinds fall back to grey circles. */
const ENTITY_STYLE = {
  COUNTRY: { color: '#2563eb', shape: 'ellipse', size: 38 },
  LAW: { color: '#b45309', shape: 'rectangle' },
  POLICY: { color: '#7c3aed', shape: 'round-rectangle' },
  AGENCY: { color: '#059669', shape: 'hexagon' },
  CERT: { color: '#dc2626', shape: 'diamond' },
  CONVENTION: { color: '#0891b2', shape: 'barrel' },
  ORGANIZATION: { color: '#db2777', shape: 'octagon', size: 34 },
  PROGRAM: { color: '#65a30d', shape: 'pentagon' },
  STANDARD: { color: '#ca8a04', shape: 'round-triangle' },
  DOCUMENT: { color: '#64748b', shape: 'rhomboid' },
};
const FALLBACK_STYLE = { color: '#94a3b8', shape: 'ellipse' };

/** { color, shape, size } of an entity kind, as Cytoscape node data. */
export const styleOf = (kind) => ({ size: 28, ...(ENTITY_STYLE[kind] || FALLBACK_STYLE) });

/** "HAS_CERT" → "has cert". */
export const humanize = (kind) => kind.toLowerCase().replace(/_/g, ' ');

/** Builds an element: h('li', { class: 'x', onclick }, 'text', child). */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value == null || value === false) continue;
    if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, value === true ? '' : value);
  }
  el.append(...children.flat(2).filter((c) => c != null && c !== false));
  return el;
}

/** The same shapes as the graph draws, as 16×16 SVG paths. */
const SWATCH_SHAPES = {
  ellipse: ['circle', { cx: 8, cy: 8, r: 7 }],
  rectangle: ['rect', { x: 1, y: 2.5, width: 14, height: 11 }],
  'round-rectangle': ['rect', { x: 1, y: 2.5, width: 14, height: 11, rx: 3 }],
  barrel: ['path', { d: 'M3 1.5H13Q16 8 13 14.5H3Q0 8 3 1.5Z' }],
  hexagon: ['polygon', { points: '4,1.5 12,1.5 15.5,8 12,14.5 4,14.5 0.5,8' }],
  diamond: ['polygon', { points: '8,0.5 15.5,8 8,15.5 0.5,8' }],
  octagon: ['polygon', { points: '5,0.5 11,0.5 15.5,5 15.5,11 11,15.5 5,15.5 0.5,11 0.5,5' }],
  pentagon: ['polygon', { points: '8,0.5 15.5,6 12.5,15.5 3.5,15.5 0.5,6' }],
  'round-triangle': [
    'polygon',
    { points: '8,2 14.5,14 1.5,14', 'stroke-linejoin': 'round', 'stroke-width': 2 },
  ],
  rhomboid: ['polygon', { points: '4.5,2.5 15.5,2.5 11.5,13.5 0.5,13.5' }],
};

/** A small SVG of the shape and colour an entity kind is drawn with. */
export function swatch(kind) {
  const NS = 'http://www.w3.org/2000/svg';
  const { color, shape } = styleOf(kind);
  const [tag, attrs] = SWATCH_SHAPES[shape] || SWATCH_SHAPES.ellipse;
  const svg = document.createElementNS(NS, 'svg');
  svg.setAttribute('viewBox', '0 0 16 16');
  svg.setAttribute('class', 'swatch');
  svg.setAttribute('aria-hidden', 'true');
  const mark = document.createElementNS(NS, tag);
  const paint = attrs['stroke-width'] ? { fill: color, stroke: color } : { fill: color };
  for (const [k, v] of Object.entries({ ...attrs, ...paint })) mark.setAttribute(k, v);
  svg.append(mark);
  return svg;
}

export function emptyDetails() {
  return [h('p', { class: 'empty' }, 'Select a node or a relation to see its details and evidence.')];
}

function field(label, value, testid, className) {
  if (value == null || value === '') return [];
  return [h('dt', {}, label), h('dd', { 'data-testid': testid, class: className }, String(value))];
}

function qualifierValue(value) {
  if (Array.isArray(value)) return value.join(', ');
  if (value && typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function evidenceItem(ev) {
  const doc = ev.document || {};
  return h(
    'li',
    { class: 'evidence', 'data-testid': 'evidence-item' },
    h(
      'div',
      { class: 'evidence-doc', 'data-testid': 'evidence-document', title: doc.id || '' },
      doc.title || doc.id || 'Unknown document',
      doc.published &&
        h('span', { class: 'published', 'data-testid': 'evidence-published' }, ` · ${doc.published}`),
    ),
    ev.section &&
      h(
        'div',
        { class: 'evidence-section' },
        'Section ',
        h('span', { 'data-testid': 'evidence-section' }, ev.section),
      ),
    h('blockquote', { 'data-testid': 'evidence-excerpt' }, ev.excerpt),
    h(
      'div',
      { class: 'evidence-meta' },
      h('span', { 'data-testid': 'evidence-method' }, ev.method),
      h('span', { 'data-testid': 'evidence-confidence' }, `confidence ${Number(ev.confidence).toFixed(2)}`),
      ev.rule && h('span', { 'data-testid': 'evidence-rule' }, `rule ${ev.rule}`),
    ),
  );
}

/**
 * The panel for a relation: kind, source → target, dates, qualifiers and every piece of
 * evidence. `nameOf(id)` gives an end's display name, `select(id)` selects it in the graph.
 */
export function relationDetails(r, { nameOf, select }) {
  const end = (id) =>
    h('button', { type: 'button', class: 'link', title: id, onclick: () => select(id) }, nameOf(id));
  const qualifiers = Object.entries(r.qualifiers || {});
  return [
    h(
      'div',
      { class: 'detail-head' },
      h('span', { class: 'badge edge', 'data-testid': 'detail-kind' }, r.kind),
    ),
    h(
      'h3',
      { class: 'relation-ends', 'data-testid': 'detail-ends' },
      end(r.source.id),
      h('span', { class: 'arrow' }, ' → '),
      end(r.target.id),
    ),
    h(
      'dl',
      {},
      field('Id', r.id, 'detail-id', 'id'),
      field('Since', r.since, 'detail-since'),
      field('Until', r.until, 'detail-until'),
      field('First reported', r.firstReported, 'detail-first-reported'),
    ),
    qualifiers.length > 0 && [
      h('h4', {}, 'Qualifiers'),
      h(
        'dl',
        { 'data-testid': 'detail-qualifiers' },
        qualifiers.map(([k, v]) => field(k, qualifierValue(v), `qualifier-${k}`)),
      ),
    ],
    h('h4', {}, `Evidence (${r.evidence.length})`),
    h('ol', { class: 'evidence-list', 'data-testid': 'evidence-list' }, r.evidence.map(evidenceItem)),
  ].flat();
}

/**
 * The panel for an entity: kind, name, id, aliases and the Expand / Centre here buttons.
 * `degree` is the number of its relations in view; `expand` and `centre` are null when
 * the action would change nothing.
 */
export function entityDetails(n, { degree, expand, centre }) {
  return [
    h(
      'div',
      { class: 'detail-head' },
      swatch(n.kind),
      h('span', { class: 'badge', 'data-testid': 'detail-kind' }, n.kind),
    ),
    h('h3', { 'data-testid': 'detail-name' }, n.name),
    h(
      'dl',
      {},
      field('Id', n.id, 'detail-id', 'id'),
      field('Aliases', (n.aliases || []).join(' · ') || '—', 'detail-aliases'),
      field('Relations in view', degree, 'detail-degree'),
    ),
    h(
      'div',
      { class: 'detail-actions' },
      h(
        'button',
        {
          type: 'button',
          id: 'expand-node',
          'data-testid': 'expand-node',
          disabled: !expand,
          onclick: expand,
        },
        'Expand',
      ),
      h(
        'button',
        {
          type: 'button',
          id: 'recenter-node',
          'data-testid': 'recenter-node',
          disabled: !centre,
          onclick: centre,
        },
        'Centre here',
      ),
    ),
  ];
}
