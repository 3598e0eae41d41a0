// Operations endpoints (docs/operations.md): GET /metrics in the Prometheus text format, who may
// read it (loopback clients, or whoever presents --metrics-token), and GET /readyz next to /healthz.
// A purchase is created, read and paid at the hosted checkout, a webhook is delivered, then the
// scrape must show the counters moved, under route PATTERNS, with no company, purchase or key id
// anywhere in it.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import os from 'node:os';
import { api, expectJson, sleep, sqlScalar, startTender, TEST_DATABASE_URL } from './lib/harness.mjs';
import { payAtCheckout } from './lib/checkout_support.mjs';
import { CARD, createWebhook, newPurchase, startReceiver, waitFor } from './lib/hooks_support.mjs';

const UUID_ANYWHERE = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const TOKEN = 'metrics-test-token-4f1d9c2b7a';

// This machine's first non-loopback IPv4 address, to be a client /metrics must refuse.
function externalAddress() {
  for (const addresses of Object.values(os.networkInterfaces())) {
    for (const a of addresses || []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return null;
}

async function scrape(server, headers = {}) {
  const res = await fetch(`${server.url}/metrics`, { headers, signal: AbortSignal.timeout(10_000) });
  return { status: res.status, contentType: res.headers.get('content-type'), text: await res.text(), headers: res.headers };
}

// {name -> {type, help, samples: [{name, labels: {..}, value}]}}; asserts the format line by line.
function parseExposition(text) {
  const families = new Map();
  const samples = [];
  assert.ok(text.endsWith('\n'), 'the exposition ends with a line feed');
  for (const line of text.slice(0, -1).split('\n')) {
    let m;
    if ((m = line.match(/^# HELP (tender_[a-zA-Z0-9_]+) (.+)$/))) {
      assert.ok(!families.get(m[1])?.help, `one HELP for ${m[1]}`);
      families.set(m[1], { ...(families.get(m[1]) || {}), help: m[2] });
    } else if ((m = line.match(/^# TYPE (tender_[a-zA-Z0-9_]+) (counter|gauge|histogram)$/))) {
      assert.ok(!families.get(m[1])?.type, `one TYPE for ${m[1]}`);
      families.set(m[1], { ...(families.get(m[1]) || {}), type: m[2] });
    } else if ((m = line.match(/^(tender_[a-zA-Z0-9_]+)(?:\{(.*)\})? (-?[0-9.e+-]+|\+Inf|-Inf|NaN)$/))) {
      const labels = {};
      if (m[2]) {
        const pair = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(,|$)/y;
        let p;
        while ((p = pair.exec(m[2]))) labels[p[1]] = p[2].replace(/\\n/g, '\n').replace(/\\(.)/g, '$1');
        assert.equal(pair.lastIndex, 0, `labels parse to the end: ${line}`);
      }
      samples.push({ name: m[1], labels, value: Number(m[3].replace('+Inf', 'Infinity')) });
    } else {
      assert.fail(`not a line of the text format: ${JSON.stringify(line)}`);
    }
  }
  for (const [name, f] of families) assert.ok(f.help && f.type, `${name} has HELP and TYPE`);
  return { families, samples };
}

function value(parsed, name, labels = {}) {
  const found = parsed.samples.filter((s) => s.name === name &&
    Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  return found.length === 0 ? undefined : found.reduce((sum, s) => sum + s.value, 0);
}

// Every histogram series: buckets never decrease, +Inf equals _count.
function checkHistograms(parsed) {
  for (const [name, f] of parsed.families) {
    if (f.type !== 'histogram') continue;
    const series = new Map();
    for (const s of parsed.samples.filter((x) => x.name === `${name}_bucket`)) {
      const { le, ...rest } = s.labels;
      const key = JSON.stringify(rest);
      if (!series.has(key)) series.set(key, { labels: rest, buckets: [] });
      series.get(key).buckets.push([le === '+Inf' ? Infinity : Number(le), s.value]);
    }
    for (const { labels, buckets } of series.values()) {
      for (let i = 1; i < buckets.length; i++) {
        assert.ok(buckets[i][0] > buckets[i - 1][0], `${name}: bounds increase`);
        assert.ok(buckets[i][1] >= buckets[i - 1][1], `${name} ${JSON.stringify(labels)}: cumulative buckets never decrease`);
      }
      assert.equal(buckets.at(-1)[0], Infinity, `${name}: the last bucket is +Inf`);
      assert.equal(buckets.at(-1)[1], value(parsed, `${name}_count`, labels), `${name} ${JSON.stringify(labels)}: +Inf == _count`);
      assert.ok(value(parsed, `${name}_sum`, labels) !== undefined, `${name}: _sum present`);
    }
  }
}

describe('GET /metrics and /readyz', () => {
  const external = externalAddress();
  let server;
  let receiver;
  let purchase;
  let webhook;
  before(async () => {
    // On every interface when there is another one, so that a non-loopback client can be refused.
    server = await startTender({ host: external ? '0.0.0.0' : '127.0.0.1' });
    // /down never accepts: its delivery of purchase.created stays pending (the backlog).
    receiver = await startReceiver({ respond: (r) => (r.path === '/down' ? 503 : 200) });
    webhook = await createWebhook(server, { title: 'metrics', callback: `${receiver.url}/hook`, events: ['purchase.paid'] });
    await createWebhook(server, { title: 'down', callback: `${receiver.url}/down`, events: ['purchase.created'] });
    purchase = await newPurchase(server);
    for (let i = 0; i < 3; i++) expectJson(await api(server, 'GET', `/api/v1/purchases/${purchase.id}/`), 200, 'read');
    const paid = await payAtCheckout(server, purchase, CARD);
    assert.equal(paid.status, 303, 'the checkout redirects after the payment');
    await waitFor('the purchase.paid webhook', () => receiver.on('/hook').some((r) => r.eventType === 'purchase.paid'));
    // Recorded once its answer was written back: wait for the attempt's own metric.
    await waitFor('the attempt to be recorded', async () => {
      const { text } = await scrape(server);
      return /tender_webhook_attempts_total\{outcome="accepted"\} [1-9]/.test(text);
    });
    const unmatched = await api(server, 'GET', `/no/such/thing/${purchase.id}`);
    assert.equal(unmatched.status, 404);
  });
  after(async () => {
    await server?.cleanup();
    await receiver?.close();
  });

  test('a loopback client gets the text format, every line valid, every family prefixed tender_', async () => {
    const r = await scrape(server);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.contentType, 'text/plain; version=0.0.4; charset=utf-8');
    const parsed = parseExposition(r.text);
    checkHistograms(parsed);
    for (const name of [
      'tender_http_requests_total', 'tender_http_request_duration_seconds', 'tender_http_requests_in_flight',
      'tender_store_write_duration_seconds', 'tender_store_writes_total',
      'tender_connector_calls_total', 'tender_connector_call_duration_seconds', 'tender_connector_declines_total',
      'tender_webhook_deliveries_pending', 'tender_webhook_oldest_undelivered_event_age_seconds',
      'tender_webhook_attempts_total', 'tender_webhook_dispatch_leader',
      'tender_sweeper_last_pass_age_seconds', 'tender_sweeper_timer_lag_seconds', 'tender_sweeper_leader',
      'tender_process_start_time_seconds',
    ]) assert.ok(parsed.families.has(name), `${name} is exposed`);
  });

  test('requests are counted under their route pattern, and the latency histogram counts each once', async () => {
    const parsed = parseExposition((await scrape(server)).text);
    const read = { route: '/api/v1/purchases/{id}/', method: 'GET' };
    assert.equal(value(parsed, 'tender_http_requests_total', { ...read, status: '200' }), 3);
    assert.equal(value(parsed, 'tender_http_requests_total', { route: '/api/v1/purchases/', method: 'POST', status: '201' }), 1);
    assert.equal(value(parsed, 'tender_http_request_duration_seconds_count', read),
      value(parsed, 'tender_http_requests_total', read), '_count equals the requests of the route');
    assert.ok(value(parsed, 'tender_http_request_duration_seconds_sum', read) > 0);
    assert.ok(value(parsed, 'tender_http_requests_total', { route: '/p/{id}/pay/', method: 'POST' }) >= 1, 'the checkout form post');
    assert.ok(value(parsed, 'tender_http_requests_total', { route: 'unmatched', method: 'GET', status: '404' }) >= 1);
    const routes = new Set(parsed.samples.filter((s) => s.name === 'tender_http_requests_total').map((s) => s.labels.route));
    for (const route of routes) assert.ok(route === 'unmatched' || route.startsWith('/'), `route label ${route}`);
  });

  test('the store, the connector and the webhook dispatcher moved', async () => {
    const parsed = parseExposition((await scrape(server)).text);
    assert.ok(value(parsed, 'tender_store_writes_total', { outcome: 'committed' }) > 0);
    assert.ok(value(parsed, 'tender_store_write_duration_seconds_count') > 0);
    if (TEST_DATABASE_URL) {
      assert.ok(parsed.families.has('tender_store_write_retries_total'), 'PostgreSQL counts its retries');
      assert.ok(!parsed.families.has('tender_store_group_commit_batch_size'), 'no group commit on PostgreSQL');
    } else {
      assert.ok(value(parsed, 'tender_store_group_commit_batch_size_count') > 0, 'group commit batches');
      assert.ok(value(parsed, 'tender_store_group_commit_duration_seconds_count') > 0);
      assert.ok(value(parsed, 'tender_store_group_commit_queue_depth') >= 0);
    }
    assert.ok(value(parsed, 'tender_connector_calls_total', { connector: 'sandbox', operation: 'authorize', outcome: 'approved' }) >= 1);
    assert.ok(value(parsed, 'tender_connector_call_duration_seconds_count', { connector: 'sandbox', operation: 'authorize' }) >= 1);
    assert.ok(value(parsed, 'tender_webhook_attempts_total', { outcome: 'accepted' }) >= 1);
    assert.ok(value(parsed, 'tender_webhook_deliveries_finished_total', { outcome: 'delivered' }) >= 1);
    assert.equal(value(parsed, 'tender_webhook_dispatch_leader'), 1);
    assert.ok(value(parsed, 'tender_webhook_deliveries_pending') >= 0);
    assert.ok(value(parsed, 'tender_webhook_oldest_undelivered_event_age_seconds') >= 0);
    assert.equal(value(parsed, 'tender_sweeper_leader'), 1);
    assert.ok(value(parsed, 'tender_sweeper_last_pass_age_seconds') < 10, 'the sweeper passes every 0.5 s');
    assert.ok(value(parsed, 'tender_webhook_attempts_total', { outcome: 'refused' }) >= 1, 'the 503 of /down');
  });

  test('an undelivered event shows as backlog, and its age grows', async () => {
    const parsed = await waitFor('the backlog to be 2 s old', async () => {
      const p = parseExposition((await scrape(server)).text);
      return value(p, 'tender_webhook_oldest_undelivered_event_age_seconds') >= 2 ? p : null;
    }, { timeoutMs: 10_000, intervalMs: 250 });
    assert.ok(value(parsed, 'tender_webhook_deliveries_pending') >= 1, 'the /down delivery waits for its retry');
    assert.doesNotMatch(server.log(), /scrape refresher failed/, 'every scrape-time read works on this store');
  });

  test('no company, brand, purchase, webhook or key id, and no URL of a client, appears in the metrics', async () => {
    const { text } = await scrape(server);
    for (const secret of [server.company.company_id, server.company.brand_id, server.company.api_key, purchase.id,
      webhook.id, server.second.company_id, receiver.url]) {
      assert.ok(!text.includes(secret), `the metrics do not contain ${secret}`);
    }
    assert.doesNotMatch(text, UUID_ANYWHERE, 'no identifier at all');
  });

  test('a client that is not on loopback is refused', { skip: !external && 'no non-loopback address on this machine' }, async () => {
    const res = await fetch(`http://${external}:${server.port}/metrics`, { signal: AbortSignal.timeout(10_000) });
    const body = await res.text();
    assert.equal(res.status, 403, body);
    assert.ok(!body.includes('tender_'), 'nothing of the metrics in the refusal');
    // A forwarded-for header naming loopback changes nothing: only the socket's peer counts.
    const forwarded = await fetch(`http://${external}:${server.port}/metrics`,
      { headers: { 'x-forwarded-for': '127.0.0.1' }, signal: AbortSignal.timeout(10_000) });
    assert.equal(forwarded.status, 403, await forwarded.text());
    // Liveness and readiness stay open to the load balancer.
    const ready = await fetch(`http://${external}:${server.port}/readyz`, { signal: AbortSignal.timeout(10_000) });
    assert.equal(ready.status, 200, await ready.text());
  });

  test('/readyz is 200 while the store answers at this build\'s schema, 503 otherwise; /healthz stays 200', async () => {
    expectJson(await api(server, 'GET', '/readyz', { key: null }), 200, 'ready');
    assert.deepEqual((await api(server, 'GET', '/readyz', { key: null })).json, { status: 'ready' });
    // A schema newer than the binary (another node's newer build migrated it): not ready.
    const retrying = async (sql) => {
      for (let attempt = 1; ; attempt++) {
        try { return sqlScalar(server, sql); } catch (e) { if (attempt >= 20) throw e; await sleep(100); }
      }
    };
    await retrying('INSERT INTO schema_migrations (version, applied_on) VALUES (999, 0)');
    try {
      const res = await api(server, 'GET', '/readyz', { key: null });
      assert.equal(res.status, 503, res.text);
      assert.equal(res.json.status, 'not_ready');
      assert.match(res.json.reason, /schema is at version 999, newer than this build/);
      expectJson(await api(server, 'GET', '/healthz', { key: null }), 200, 'still alive');
    } finally {
      await retrying('DELETE FROM schema_migrations WHERE version = 999');
    }
    expectJson(await api(server, 'GET', '/readyz', { key: null }), 200, 'ready again');
    assert.match(server.log(), /readiness: not ready: the schema is at version 999/);
  });
});

describe('GET /metrics with a token', () => {
  let server;
  before(async () => {
    server = await startTender({ env: { TENDER_METRICS_TOKEN: TOKEN }, withSecond: false });
  });
  after(async () => { await server?.cleanup(); });

  test('every client must present the token, loopback included; with it the metrics are served', async () => {
    const without = await scrape(server);
    assert.equal(without.status, 401, without.text);
    assert.match(without.headers.get('www-authenticate') || '', /^Bearer/);
    assert.ok(!without.text.includes('tender_'));
    assert.equal((await scrape(server, { authorization: `Bearer ${TOKEN}x` })).status, 401);
    assert.equal((await scrape(server, { authorization: `Bearer ${server.company.api_key}` })).status, 401, 'an API key is not the metrics token');
    const ok = await scrape(server, { authorization: `Bearer ${TOKEN}` });
    assert.equal(ok.status, 200, ok.text);
    parseExposition(ok.text);
    assert.ok(!ok.text.includes(TOKEN));
    assert.ok(!server.log().includes(TOKEN), 'the token is never logged');
  });

  test('a token too short to be a secret stops the server at start', async () => {
    const { runTender, freePort } = await import('./lib/harness.mjs');
    const port = await freePort();
    const r = await runTender(['serve', '--data', server.dataDir, '--listen', `127.0.0.1:${port}`],
      { env: { TENDER_METRICS_TOKEN: 'tooshort' }, timeoutMs: 20_000 });
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /--metrics-token must be 16 to 256 characters long/);
    assert.ok(!r.stderr.includes('tooshort'), 'the refused token is not echoed');
  });
});
