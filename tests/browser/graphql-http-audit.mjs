#!/usr/bin/env node
// The GraphQL-over-HTTP conformance audits of the `graphql-http` package, run against a
// cyberkg server.
//
// Usage:
//   node tests/browser/graphql-http-audit.mjs <graphql-url>
//
//   graphql-url  e.g. http://127.0.0.1:8080/graphql (the endpoint itself, not the base)
//
// Every audit of serverAudits({ url }) runs in turn, never two at once, so a failure is
// the server's answer to that one request and not a side effect of load.
//
// Output: one JSON line per audit on stdout,
//   {"id":"4655","name":"MUST accept ...","status":"error","reason":"...","httpStatus":200}
// where status is
//   ok      the audit passed
//   error   a MUST of the specification is not met
//   warn    a SHOULD is not met
//   notice  a MAY is not met
//   fatal   the audit could not run (connection refused, body unreadable); reason says why
// "reason" and "httpStatus" are present when the audit did not pass (httpStatus only when
// a response arrived).
//
// Exit status: 0 whatever the audits found (the caller decides what fails), 2 on bad
// arguments.

import { serverAudits } from 'graphql-http';

const url = process.argv[2];
if (!url || !/^https?:\/\//.test(url)) {
  console.error('usage: node graphql-http-audit.mjs <graphql-url>');
  process.exit(2);
}

for (const { id, name, fn } of serverAudits({ url })) {
  let line;
  try {
    const result = await fn();
    line = { id: result.id, name: result.name, status: result.status };
    if (result.status !== 'ok') {
      line.reason = result.reason;
      if (result.response && typeof result.response.status === 'number') {
        line.httpStatus = result.response.status;
      }
    }
  } catch (err) {
    // The audit library throws only what is not an assertion about the response.
    const cause = err && err.cause ? `: ${err.cause.message ?? err.cause}` : '';
    line = { id, name, status: 'fatal', reason: `${err?.message ?? err}${cause}` };
  }
  console.log(JSON.stringify(line));
}
