#!/usr/bin/env node
// Headless-browser check of the GraphiQL page served by cyberkg.
//
// Usage:
//   node tests/browser/graphiql-check.mjs <base-url> <query> <expected-substring> [screenshot.png]
//
//   base-url            e.g. http://127.0.0.1:8080 (must be 127.0.0.1 or [::1]; host names
//                       such as localhost are not resolved by the browser)
//   query               GraphQL document typed into the query editor
//   expected-substring  text that must appear in the response pane
//   screenshot.png      optional; written on success and on failure
//
// Environment:
//   CHROMIUM            browser executable (default /usr/bin/chromium)
//   CHECK_TIMEOUT_MS    how long to wait for the expected response (default 15000)
//
// The browser is not allowed to reach anything but the local server: every
// host name except 127.0.0.1 fails to resolve, and every request whose host is
// not local is aborted and reported. Any such request fails the check, so the
// page is proven to work offline.
//
// Output: one JSON line on stdout. Exit status 0 = pass, 1 = check failed,
// 2 = usage error.

import { chromium } from 'playwright-core';

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);
const QUERY_EDITOR = '.graphiql-query-editor .CodeMirror';
const RESPONSE_EDITOR = '.graphiql-response .CodeMirror';
const EXECUTE_BUTTON = '.graphiql-execute-button';

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
  console.error(
    'usage: node graphiql-check.mjs <base-url> <query> <expected-substring> [screenshot.png]',
  );
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

async function main() {
  const [baseArg, query, expected, screenshot] = process.argv.slice(2);
  if (!baseArg || query === undefined || expected === undefined) usage();
  if (expected === '') usage('expected-substring must not be empty');

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
  const pageUrl = new URL('graphiql', base.href.endsWith('/') ? base.href : `${base.href}/`).href;

  const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
  const timeoutMs = Number(process.env.CHECK_TIMEOUT_MS || 15000);
  const started = Date.now();

  const blocked = []; // non-local requests that were aborted
  const pageErrors = []; // uncaught exceptions in the page
  const consoleErrors = []; // console.error output (reported, not fatal)
  const failedResources = []; // local document/script/stylesheet loads that failed
  const httpFailed = new Set(); // URLs already reported with an HTTP error status

  const summary = {
    ok: false,
    url: pageUrl,
    query,
    expected,
    endpoint: null,
    httpStatus: null,
    response: null,
    blocked,
    pageErrors,
    consoleErrors,
    failedResources,
    browser: null,
    screenshot: screenshot || null,
    elapsedMs: 0,
    error: null,
  };

  let browser;
  let page;
  try {
    browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
    summary.browser = browser.version();

    const context = await browser.newContext({
      viewport: { width: 1280, height: 800 },
      serviceWorkers: 'block',
    });
    await context.route('**/*', (route) => {
      const req = route.request();
      if (isLocalUrl(req.url())) return route.continue();
      blocked.push(`${req.method()} ${req.url()}`);
      return route.abort('blockedbyclient');
    });

    page = await context.newPage();
    page.on('pageerror', (err) => pageErrors.push(String(err && err.stack ? err.stack : err)));
    page.on('console', (msg) => {
      if (msg.type() === 'error') consoleErrors.push(truncate(msg.text(), 500));
    });
    page.on('websocket', (ws) => {
      if (!isLocalUrl(ws.url())) blocked.push(`WEBSOCKET ${ws.url()}`);
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

    const nav = await page.goto(pageUrl, { waitUntil: 'load', timeout: 30000 });
    if (!nav || !nav.ok()) {
      throw new Error(`GET ${pageUrl} returned ${nav ? `HTTP ${nav.status()}` : 'no response'}`);
    }

    // Wait for GraphiQL to render its query editor (CodeMirror 5 instance).
    await page
      .waitForFunction(
        (sel) => {
          const el = document.querySelector(sel);
          return !!(el && el.CodeMirror);
        },
        QUERY_EDITOR,
        { timeout: 15000 },
      )
      .catch(() => {
        throw new Error(`GraphiQL query editor (${QUERY_EDITOR}) did not appear within 15 s`);
      });
    await page.waitForSelector(EXECUTE_BUTTON, { state: 'visible', timeout: 5000 });

    // Replace the editor content. setValue fires CodeMirror's change event,
    // which GraphiQL listens to, so the new text becomes the query to run.
    await page.click(QUERY_EDITOR);
    await page.evaluate(
      ({ sel, q }) => {
        const cm = document.querySelector(sel).CodeMirror;
        cm.setValue(q);
        cm.focus();
      },
      { sel: QUERY_EDITOR, q: query },
    );
    const typed = await page.evaluate((sel) => document.querySelector(sel).CodeMirror.getValue(), QUERY_EDITOR);
    if (typed !== query) throw new Error('could not set the query editor content');

    // Clear the response pane so that nothing shown before the run (for
    // example an introspection error) can satisfy the check.
    await page.evaluate((sel) => {
      const el = document.querySelector(sel);
      if (el && el.CodeMirror) el.CodeMirror.setValue('');
    }, RESPONSE_EDITOR);

    // The run must actually send this query to the GraphQL endpoint.
    const sent = page.waitForResponse(
      (res) => {
        const req = res.request();
        if (req.method() !== 'POST' || !isLocalUrl(res.url())) return false;
        try {
          return JSON.parse(req.postData() || '{}').query === query;
        } catch {
          return false;
        }
      },
      { timeout: timeoutMs },
    );
    sent.catch(() => {}); // handled below

    await page.click(EXECUTE_BUTTON);

    const graphqlResponse = await sent.catch(() => null);
    if (!graphqlResponse) {
      throw new Error(`clicking ${EXECUTE_BUTTON} did not POST the query within ${timeoutMs} ms`);
    }
    summary.endpoint = graphqlResponse.url();
    summary.httpStatus = graphqlResponse.status();

    const readResponse = () =>
      page
        .evaluate((sel) => {
          const el = document.querySelector(sel);
          if (el && el.CodeMirror) return el.CodeMirror.getValue();
          const pane = document.querySelector('.graphiql-response');
          return pane ? pane.innerText : '';
        }, RESPONSE_EDITOR)
        .catch(() => '');

    const found = await page
      .waitForFunction(
        ({ sel, want }) => {
          const el = document.querySelector(sel);
          const text = el && el.CodeMirror ? el.CodeMirror.getValue() : '';
          return text.includes(want);
        },
        { sel: RESPONSE_EDITOR, want: expected },
        { timeout: timeoutMs, polling: 100 },
      )
      .then(() => true)
      .catch(() => false);

    summary.response = truncate(await readResponse());
    if (!found) {
      throw new Error(
        `expected text ${JSON.stringify(expected)} not found in the response pane within ${timeoutMs} ms`,
      );
    }
    if (pageErrors.length) throw new Error(`${pageErrors.length} uncaught error(s) in the page`);
    if (failedResources.length) throw new Error(`${failedResources.length} page resource(s) failed to load`);
    if (blocked.length) throw new Error(`${blocked.length} request(s) to non-local hosts were blocked`);

    summary.ok = true;
  } catch (err) {
    summary.error = err && err.message ? err.message : String(err);
  } finally {
    if (page && screenshot) {
      await page.screenshot({ path: screenshot, fullPage: false }).catch((e) => {
        summary.screenshot = null;
        if (!summary.error) summary.error = `screenshot failed: ${e.message}`;
        summary.ok = false;
      });
    }
    if (browser) await browser.close().catch(() => {});
  }

  summary.elapsedMs = Date.now() - started;
  console.log(JSON.stringify(summary));

  if (!summary.ok) {
    console.error(`FAIL: ${summary.error}`);
    if (blocked.length) console.error(`blocked requests:\n  ${blocked.join('\n  ')}`);
    if (pageErrors.length) console.error(`page errors:\n  ${pageErrors.join('\n  ')}`);
    if (failedResources.length) console.error(`failed resources:\n  ${failedResources.join('\n  ')}`);
    if (summary.response !== null) console.error(`response pane:\n${summary.response}`);
    process.exit(1);
  }
  console.error(`PASS: ${JSON.stringify(expected)} found in the response (${summary.elapsedMs} ms)`);
}

main().catch((err) => {
  console.error(`FAIL: ${err && err.stack ? err.stack : err}`);
  process.exit(1);
});
