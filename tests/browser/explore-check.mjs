#!/usr/bin/env node
// Headless-browser check of the graph explorer (/explore) served by cyberkg.
//
// Usage:
//   node tests/browser/explore-check.mjs <base-url> [screenshot.png]
//
//   base-url        e.g. http://127.0.0.1:8080 (must be 127.0.0.1 or [::1]; host names
//                   such as localhost are not resolved by the browser)
//   screenshot.png  optional; written (1400×900) once the evidence panel shows the
//                   selected relation, or at the point of failure
//
// Environment:
//   CHROMIUM            browser executable (default /usr/bin/chromium)
//   CHECK_TIMEOUT_MS    how long to wait for each step (default 15000)
//
// What it does, against the seed data:
//   1. opens /explore, types "Tajikistan" in the search box and picks the country:TJ hit;
//   2. checks that "Shanghai Cooperation Organization" (org:sco) and "China" (country:CN)
//      are drawn, expanding Tajikistan by clicking it if they are not;
//   3. clicks the relation COOPERATES_WITH:country:TJ->country:CN and checks that the
//      evidence panel shows section 1.5.1 and the excerpt of the joint declaration;
//   4. downloads the view in each of the 7 export formats through the page's buttons;
//   5. moves the "as of" slider to 2010 and checks that the view was queried again with it;
//   6. checks that Cytoscape's cy.add() accepts the CYTOSCAPE_JSON export of
//      neighborhood(id: "country:TJ", depth: 1), with one element per node and relation;
//   7. opens /explore?id=country:TJ&asOf=2015 and checks that the linked view is drawn.
//
// The browser is not allowed to reach anything but the local server: every host name
// except 127.0.0.1 fails to resolve, and every request whose host is not local is
// aborted and reported. Any such request, any uncaught page error and any local
// document/script/stylesheet that fails to load fails the check.
//
// Output: one JSON line on stdout. Exit status 0 = pass, 1 = check failed,
// 2 = usage error.

import { readFile } from 'node:fs/promises';
import { chromium } from 'playwright-core';

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

const ROOT_ID = 'country:TJ';
const EXPECTED_NODES = { 'org:sco': 'Shanghai Cooperation Organization', 'country:CN': 'China' };
const EDGE_ID = 'COOPERATES_WITH:country:TJ->country:CN';
const EXPECTED_SECTION = '1.5.1';
const EXPECTED_EXCERPT = 'China and Tajikistan, in a joint declaration';
const AS_OF_YEAR = '2010';
const EXPORT_FILES = {
  CYTOSCAPE_JSON: '.cyjs.json',
  GRAPHML: '.graphml',
  GEXF: '.gexf',
  DOT: '.dot',
  D3_JSON: '.d3.json',
  JSONLD: '.jsonld',
  NTRIPLES: '.nt',
};

const SEL = {
  search: '[data-testid="search-input"]',
  hit: (id) => `[data-testid="search-hit"][data-id="${id}"]`,
  panel: '[data-testid="evidence-panel"]',
  section: '[data-testid="evidence-panel"] [data-testid="evidence-section"]',
  excerpt: '[data-testid="evidence-panel"] [data-testid="evidence-excerpt"]',
  kind: '[data-testid="evidence-panel"] [data-testid="detail-kind"]',
  slider: '[data-testid="asof-slider"]',
  sliderValue: '[data-testid="asof-value"]',
  download: (format) => `[data-testid="download-${format}"]`,
};

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1',
];

function usage(msg) {
  if (msg) console.error(`error: ${msg}`);
  console.error('usage: node explore-check.mjs <base-url> [screenshot.png]');
  process.exit(2);
}

function isLocalUrl(raw) {
  let u;
  try {
    u = new URL(raw);
  } catch {
    return false;
  }
  // data:, blob: and about: URLs never touch the network.
  if (u.protocol === 'data:' || u.protocol === 'blob:' || u.protocol === 'about:') return true;
  return LOCAL_HOSTS.has(u.hostname);
}

const truncate = (s, n = 2000) => (s.length > n ? `${s.slice(0, n)}…` : s);

/** The operation name and variables of a POST /graphql request, or null. */
function graphqlCall(req) {
  if (req.method() !== 'POST' || !isLocalUrl(req.url()) || new URL(req.url()).pathname !== '/graphql') {
    return null;
  }
  try {
    const body = JSON.parse(req.postData() || '{}');
    const op = /^\s*(?:query|mutation)\s+(\w+)/.exec(body.query || '');
    return { operation: op ? op[1] : null, variables: body.variables || {} };
  } catch {
    return null;
  }
}

async function main() {
  const [baseArg, screenshot, extra] = process.argv.slice(2);
  if (!baseArg || extra !== undefined) usage();

  let base;
  try {
    base = new URL(baseArg);
  } catch {
    usage(`invalid base URL: ${baseArg}`);
  }
  if (base.hostname === 'localhost') {
    // The browser resolves no host names at all (see --host-resolver-rules).
    usage('use http://127.0.0.1:PORT instead of localhost (host name resolution is disabled)');
  }
  if (!LOCAL_HOSTS.has(base.hostname)) {
    usage(`base URL must point at 127.0.0.1 or [::1], got ${base.hostname}`);
  }
  const baseHref = base.href.endsWith('/') ? base.href : `${base.href}/`;
  const pageUrl = new URL('explore', baseHref).href;

  const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
  const timeout = Number(process.env.CHECK_TIMEOUT_MS || 15000);
  const started = Date.now();

  const blocked = []; // non-local requests that were aborted
  const pageErrors = []; // uncaught exceptions in the page
  const consoleErrors = []; // console.error output (reported, not fatal)
  const failedResources = []; // local document/script/stylesheet loads that failed
  const httpFailed = new Set(); // URLs already reported with an HTTP error status
  const graphqlCalls = []; // operation names of the page's POST /graphql requests

  const summary = {
    ok: false,
    url: pageUrl,
    step: null,
    drawn: null,
    edgeSelectedBy: null,
    evidence: null,
    downloads: [],
    asOf: null,
    cytoscapeExport: null,
    deepLink: null,
    graphqlCalls,
    blocked,
    pageErrors,
    consoleErrors,
    failedResources,
    browser: null,
    screenshot: null,
    elapsedMs: 0,
    error: null,
  };

  let browser;
  let page;
  const step = (name) => {
    summary.step = name;
  };
  const takeScreenshot = async () => {
    if (!page || !screenshot) return;
    await page.screenshot({ path: screenshot, fullPage: false });
    summary.screenshot = screenshot;
  };

  try {
    browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
    summary.browser = browser.version();

    const context = await browser.newContext({
      viewport: { width: 1400, height: 900 },
      serviceWorkers: 'block',
      acceptDownloads: true,
    });
    await context.route('**/*', (route) => {
      const req = route.request();
      if (isLocalUrl(req.url())) return route.continue();
      blocked.push(`${req.method()} ${req.url()}`);
      return route.abort('blockedbyclient');
    });

    page = await context.newPage();
    page.setDefaultTimeout(timeout);
    page.on('pageerror', (err) => pageErrors.push(String(err && err.stack ? err.stack : err)));
    page.on('console', (msg) => {
      if (msg.type() === 'error') consoleErrors.push(truncate(msg.text(), 500));
    });
    page.on('websocket', (ws) => {
      if (!isLocalUrl(ws.url())) blocked.push(`WEBSOCKET ${ws.url()}`);
    });
    page.on('request', (req) => {
      const call = graphqlCall(req);
      if (call) graphqlCalls.push(call.operation || '(anonymous)');
    });
    page.on('requestfailed', (req) => {
      const type = req.resourceType();
      if (httpFailed.has(req.url())) return;
      if (isLocalUrl(req.url()) && ['document', 'script', 'stylesheet'].includes(type)) {
        failedResources.push(`${type} ${req.url()}: ${req.failure()?.errorText}`);
      }
    });
    page.on('response', (res) => {
      const type = res.request().resourceType();
      if (res.status() >= 400 && ['document', 'script', 'stylesheet'].includes(type)) {
        httpFailed.add(res.url());
        failedResources.push(`${type} ${res.url()}: HTTP ${res.status()}`);
      }
    });

    // Waits for the explorer's start-up and for every query and layout in flight.
    const settle = () =>
      page.evaluate(async () => {
        await window.cyberkgExplorer.ready;
        await window.cyberkgExplorer.idle();
      });
    const open = async (url) => {
      const nav = await page.goto(url, { waitUntil: 'load', timeout: 30000 });
      if (!nav || !nav.ok())
        throw new Error(`GET ${url} returned ${nav ? `HTTP ${nav.status()}` : 'no response'}`);
      await page.waitForFunction(() => window.cyberkgExplorer && window.cyberkgExplorer.cy, null, {
        timeout,
      });
      await settle().catch((e) => {
        throw new Error(`the explorer did not start: ${e.message}`);
      });
    };

    step('open /explore');
    await open(pageUrl);

    step('search "Tajikistan"');
    await page.locator(SEL.search).pressSequentially('Tajikistan', { delay: 15 });
    await page.locator(SEL.hit(ROOT_ID)).click();
    await page.waitForFunction((id) => window.cyberkgExplorer.cy.getElementById(id).nonempty(), ROOT_ID, {
      timeout,
    });
    await settle();

    step('check the drawn neighbourhood');
    const drawn = () =>
      page.evaluate((want) => {
        const { cy } = window.cyberkgExplorer;
        const found = {};
        for (const id of Object.keys(want)) {
          const n = cy.getElementById(id);
          found[id] = n.nonempty() && n.visible() ? n.data('name') : null;
        }
        return { found, nodes: cy.nodes().length, edges: cy.edges().length };
      }, EXPECTED_NODES);
    let view = await drawn();
    let expanded = false;
    if (Object.values(view.found).some((name) => name === null)) {
      // Not in the first view: expand Tajikistan by clicking its node.
      const at = await renderedPosition(page, ROOT_ID);
      await page.mouse.click(at.x, at.y);
      await settle();
      expanded = true;
      view = await drawn();
    }
    summary.drawn = { ...view, expanded };
    for (const [id, name] of Object.entries(EXPECTED_NODES)) {
      if (view.found[id] !== name) {
        throw new Error(`node ${id} "${name}" is not drawn (found ${JSON.stringify(view.found[id])})`);
      }
    }

    step(`select ${EDGE_ID}`);
    const hasEdge = await page.evaluate(
      (id) => window.cyberkgExplorer.cy.getElementById(id).visible(),
      EDGE_ID,
    );
    if (!hasEdge) throw new Error(`relation ${EDGE_ID} is not drawn`);
    const mid = await renderedPosition(page, EDGE_ID);
    await page.mouse.click(mid.x, mid.y);
    summary.edgeSelectedBy = 'click';
    const clicked = await page.evaluate(
      (id) => window.cyberkgExplorer.cy.getElementById(id).selected(),
      EDGE_ID,
    );
    if (!clicked) {
      // Something drawn over the relation's midpoint took the click; select it as a
      // click would, so the panel is still checked.
      summary.edgeSelectedBy = 'api';
      await page.evaluate((id) => window.cyberkgExplorer.select(id), EDGE_ID);
    }
    await page.waitForFunction(
      ({ sel, id }) => document.querySelector(sel)?.dataset.selected === id,
      { sel: SEL.panel, id: EDGE_ID },
      { timeout },
    );

    step('check the evidence panel');
    const evidence = await page.evaluate(
      (sel) => {
        const texts = (s) => [...document.querySelectorAll(s)].map((el) => el.textContent.trim());
        return {
          kind: texts(sel.kind)[0] || null,
          sections: texts(sel.section),
          excerpts: texts(sel.excerpt),
        };
      },
      { kind: SEL.kind, section: SEL.section, excerpt: SEL.excerpt },
    );
    summary.evidence = {
      kind: evidence.kind,
      sections: evidence.sections,
      excerpts: evidence.excerpts.map((e) => truncate(e, 200)),
    };
    if (evidence.kind !== 'COOPERATES_WITH') {
      throw new Error(`the panel shows kind ${JSON.stringify(evidence.kind)}, not COOPERATES_WITH`);
    }
    if (!evidence.sections.includes(EXPECTED_SECTION)) {
      throw new Error(
        `section ${EXPECTED_SECTION} not in the evidence panel (${JSON.stringify(evidence.sections)})`,
      );
    }
    if (!evidence.excerpts.some((e) => e.startsWith(EXPECTED_EXCERPT))) {
      throw new Error(`no excerpt starting ${JSON.stringify(EXPECTED_EXCERPT)} in the evidence panel`);
    }
    await page.locator(SEL.panel).evaluate((el) => el.scrollTo(0, 0));
    await takeScreenshot();

    step('download the view in every export format');
    for (const [format, suffix] of Object.entries(EXPORT_FILES)) {
      const [download] = await Promise.all([
        page.waitForEvent('download', { timeout }),
        page.locator(SEL.download(format)).click(),
      ]);
      const file = download.suggestedFilename();
      const path = await download.path();
      const text = path ? await readFile(path, 'utf8') : '';
      summary.downloads.push({ format, file, bytes: Buffer.byteLength(text) });
      if (!file.endsWith(suffix)) throw new Error(`${format} download is named ${file}, expected *${suffix}`);
      if (!text.trim()) throw new Error(`${format} download is empty`);
      if (format.endsWith('JSON') || format === 'JSONLD') JSON.parse(text);
    }

    step(`move the as-of slider to ${AS_OF_YEAR}`);
    const edgesBefore = await edgeIds(page);
    const requery = page.waitForResponse(
      (res) => {
        const call = graphqlCall(res.request());
        return call && call.operation !== 'ExplorerExport' && call.variables.asOf === AS_OF_YEAR;
      },
      { timeout },
    );
    requery.catch(() => {}); // awaited below
    await page.locator(SEL.slider).evaluate((el, year) => {
      el.value = year;
      el.dispatchEvent(new Event('input', { bubbles: true }));
      el.dispatchEvent(new Event('change', { bubbles: true }));
    }, AS_OF_YEAR);
    const res = await requery.catch(() => null);
    if (!res) throw new Error(`moving the slider to ${AS_OF_YEAR} sent no query with asOf "${AS_OF_YEAR}"`);
    const body = await res.json().catch(() => null);
    if (!res.ok() || !body || body.errors) {
      throw new Error(
        `the asOf query failed: HTTP ${res.status()} ${truncate(JSON.stringify(body?.errors ?? body), 300)}`,
      );
    }
    await settle();
    const edgesAfter = await edgeIds(page);
    const label = (await page.locator(SEL.sliderValue).textContent()).trim();
    summary.asOf = {
      requested: true,
      label,
      edgesBefore: edgesBefore.length,
      edgesAfter: edgesAfter.length,
      edgeSetChanged: edgesBefore.join('\n') !== edgesAfter.join('\n'),
      pageUrl: page.url(),
    };
    if (label !== AS_OF_YEAR) throw new Error(`the slider shows ${JSON.stringify(label)}, not ${AS_OF_YEAR}`);

    step('check cy.add() accepts the CYTOSCAPE_JSON export');
    summary.cytoscapeExport = await page.evaluate(async (id) => {
      const query = `{ neighborhood(id: "${id}", depth: 1) { nodes { id } relations { id } export(format: CYTOSCAPE_JSON) } }`;
      const res = await fetch('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query }),
      });
      const body = await res.json();
      if (body.errors) return { error: JSON.stringify(body.errors) };
      const sub = body.data.neighborhood;
      const parsed = JSON.parse(sub.export);
      const headless = cytoscape({ headless: true });
      headless.add(parsed.elements ?? parsed);
      return {
        nodes: headless.nodes().length,
        edges: headless.edges().length,
        expectedNodes: sub.nodes.length,
        expectedEdges: sub.relations.length,
      };
    }, ROOT_ID);
    const cx = summary.cytoscapeExport;
    if (cx.error) throw new Error(`the export query failed: ${truncate(cx.error, 300)}`);
    if (cx.nodes !== cx.expectedNodes || cx.edges !== cx.expectedEdges) {
      throw new Error(
        `cy.add(export) gave ${cx.nodes} nodes / ${cx.edges} edges, the Subgraph has ${cx.expectedNodes} / ${cx.expectedEdges}`,
      );
    }
    if (cx.nodes === 0) throw new Error('the CYTOSCAPE_JSON export is empty');

    step('open a linked view');
    const linked = `${pageUrl}?id=${encodeURIComponent(ROOT_ID)}&asOf=2015`;
    await open(linked);
    summary.deepLink = await page.evaluate((id) => {
      const { cy, state } = window.cyberkgExplorer;
      return {
        root: cy.getElementById(id).nonempty() ? id : null,
        asOf: state.asOf,
        label: document.querySelector('[data-testid="asof-value"]').textContent.trim(),
        nodes: cy.nodes().length,
      };
    }, ROOT_ID);
    if (summary.deepLink.root !== ROOT_ID || summary.deepLink.label !== '2015') {
      throw new Error(
        `?id=${ROOT_ID}&asOf=2015 did not open that view (${JSON.stringify(summary.deepLink)})`,
      );
    }

    step('final checks');
    if (pageErrors.length) throw new Error(`${pageErrors.length} uncaught error(s) in the page`);
    if (failedResources.length) throw new Error(`${failedResources.length} page resource(s) failed to load`);
    if (blocked.length) throw new Error(`${blocked.length} request(s) to non-local hosts were blocked`);

    summary.step = null;
    summary.ok = true;
  } catch (err) {
    summary.error = err && err.message ? err.message : String(err);
    if (!summary.screenshot) await takeScreenshot().catch(() => {});
  } finally {
    if (browser) await browser.close().catch(() => {});
  }

  summary.elapsedMs = Date.now() - started;
  console.log(JSON.stringify(summary));

  if (!summary.ok) {
    console.error(`FAIL (${summary.step}): ${summary.error}`);
    if (blocked.length) console.error(`blocked requests:\n  ${blocked.join('\n  ')}`);
    if (pageErrors.length) console.error(`page errors:\n  ${pageErrors.join('\n  ')}`);
    if (failedResources.length) console.error(`failed resources:\n  ${failedResources.join('\n  ')}`);
    process.exit(1);
  }
  console.error(
    `PASS: explorer drew ${ROOT_ID}, showed the evidence of ${EDGE_ID} (${summary.elapsedMs} ms)`,
  );
}

/** Page coordinates of a node's centre or an edge's midpoint. */
function renderedPosition(page, id) {
  return page.evaluate((elementId) => {
    const { cy } = window.cyberkgExplorer;
    const el = cy.getElementById(elementId);
    const p = el.isEdge() ? el.renderedMidpoint() : el.renderedPosition();
    const box = cy.container().getBoundingClientRect();
    return { x: box.left + p.x, y: box.top + p.y };
  }, id);
}

function edgeIds(page) {
  return page.evaluate(() =>
    window.cyberkgExplorer.cy
      .edges()
      .map((e) => e.id())
      .sort(),
  );
}

main().catch((err) => {
  console.error(`FAIL: ${err && err.stack ? err.stack : err}`);
  process.exit(1);
});
