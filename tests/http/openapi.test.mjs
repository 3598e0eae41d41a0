// The OpenAPI 3.1 documents at /openapi/<dialect>.json: each validates as OpenAPI 3.1 (the
// @seriousme/openapi-schema-validator package), every example request in them is sent to a running
// Tender as it is and gets its documented status, and the limits they state are the server's:
// a value one past each documented maxLength or maximum is refused naming that field, in the
// dialect's own error format. The reference page is public, script-free and lists the fields.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Validator } from '@seriousme/openapi-schema-validator';
import Ajv2020 from 'ajv/dist/2020.js';
import { startTender, sleep } from './lib/harness.mjs';

// The ids the documents' examples carry in place of the caller's own objects (docs/openapi.md):
// a brand of the company, a client of it, a recurring token (the id of a purchase paid with force_recurring).
const EXAMPLE_BRAND = '00000000-0000-4000-8000-000000000000';
const EXAMPLE_CLIENT = '00000000-0000-4000-8000-000000000001';
const EXAMPLE_TOKEN = '00000000-0000-4000-8000-000000000002';
// The sandbox's approving test card (docs/test-cards.md), for the `paid` setups.
const TEST_CARD = { cardholder_name: 'Ada Lovelace', card_number: '4444333322221111', expires: '12/30', cvc: '123' };

// How each dialect is called, and where its refusal names a field.
const DIALECTS = {
  collect: {
    headers: (key) => ({ authorization: `Bearer ${key}` }),
    fieldStatus: 400,
    namesField: (json, path) => Array.isArray(json?.[path]),
  },
  s2s: {
    headers: (key) => ({ authorization: `Basic ${key}`, 'x-api-key': key }),
    fieldStatus: 400,
    namesField: (json, path) => Array.isArray(json?.errors) && json.errors.some((e) => e.field === path),
  },
  orders: {
    headers: (key) => ({ authorization: 'Basic ' + Buffer.from(`${key}:`).toString('base64') }),
    fieldStatus: 422,
    namesField: (json, path) => Array.isArray(json?.errors?.[path]),
  },
};

let server;
const documents = {};

async function send(name, method, path, body, query) {
  const res = await fetch(`${server.url}${path}${query ? `?${query}` : ''}`, {
    method: method.toUpperCase(),
    headers: { ...DIALECTS[name].headers(server.company.api_key), 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(20_000),
  });
  const text = await res.text();
  let json;
  try { json = text ? JSON.parse(text) : undefined; } catch { json = undefined; }
  return { status: res.status, json, text };
}

// Every operation of a document: {method, path, op, media (the request body's JSON media type)}.
function operations(doc) {
  const out = [];
  for (const [path, item] of Object.entries(doc.paths))
    for (const [method, op] of Object.entries(item))
      out.push({ method, path, op, media: op.requestBody?.content?.['application/json'] });
  return out;
}

// The placeholders of an example's text replaced by the caller's own objects, made on first use.
async function withOwnIds(name, text) {
  let out = text.replaceAll(EXAMPLE_BRAND, server.company.brand_id);
  if (out.includes(EXAMPLE_CLIENT)) out = out.replaceAll(EXAMPLE_CLIENT, await ownClient(name));
  if (out.includes(EXAMPLE_TOKEN)) out = out.replaceAll(EXAMPLE_TOKEN, await ownRecurringToken(name));
  return out;
}

async function exampleOf(name, { op, media }) {
  const example = media?.examples?.example;
  const query = op['x-tender-example-query'] === undefined ? undefined : await withOwnIds(name, op['x-tender-example-query']);
  if (example) return { body: JSON.parse(await withOwnIds(name, JSON.stringify(example.value))), status: example['x-tender-status'], query };
  if (op['x-tender-example-status'] !== undefined) return { body: undefined, status: op['x-tender-example-status'], query };
  return null;
}

const own = {};
async function ownClient(name) {
  own.client ??= (async () => {
    const res = await send(name, 'post', '/api/v1/clients/', { email: 'own.client@example.com' });
    assert.equal(res.status, 201, res.text);
    return res.json.id;
  })();
  return own.client;
}
async function ownRecurringToken(name) {
  own.token ??= (async () => {
    const res = await send(name, 'post', '/api/v1/purchases/', {
      brand_id: server.company.brand_id, client: { email: 'own.token@example.com' }, force_recurring: true,
      success_redirect: 'https://shop.example.com/paid', failure_redirect: 'https://shop.example.com/failed',
      purchase: { products: [{ name: 'Card on file', price: 100 }] },
    });
    assert.equal(res.status, 201, res.text);
    const paid = await pay(name, res.json);
    assert.equal(paid.is_recurring_token, true, `a recurring token: ${JSON.stringify(paid).slice(0, 300)}`);
    return paid.id;  // a token is the id of the purchase that saved the card
  })();
  return own.token;
}

// Pays a Collect purchase through its direct_post_url with the test card, as a payer's browser
// posts the form; answers the purchase once no operation is pending on it.
async function pay(name, purchase) {
  const res = await fetch(purchase.direct_post_url, {
    method: 'POST', body: new URLSearchParams(TEST_CARD).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' }, redirect: 'manual', signal: AbortSignal.timeout(20_000),
  });
  await res.text();
  assert.equal(res.status, 303, `direct post of ${purchase.id}`);
  for (const deadline = Date.now() + 15_000; ;) {
    const p = (await send(name, 'get', `/api/v1/purchases/${purchase.id}/`)).json;
    if (!p.status.startsWith('pending_')) return p;
    assert.ok(Date.now() < deadline, `purchase ${purchase.id} still ${p.status}`);
    await sleep(100);
  }
}

// Waits for an answer of GET `path` whose results are not empty; answers its first result.
async function firstResult(name, path) {
  for (const deadline = Date.now() + 15_000; ;) {
    const res = await send(name, 'get', path);
    assert.equal(res.status, 200, res.text);
    if (res.json.results.length > 0) return res.json.results[0];
    assert.ok(Date.now() < deadline, `${path} stays empty`);
    await sleep(100);
  }
}

// The values of an operation's path parameters: the fixture's example is sent (or the one
// x-tender-fixture-example gives), then the x-tender-setup it names is done (docs/openapi.md).
async function pathValues(name, doc, entry) {
  const { op } = entry;
  const values = {};
  const exampleNamed = async (operationId) => {
    const fixture = operations(doc).find((o) => o.op.operationId === operationId);
    assert.ok(fixture, `${name}: ${operationId} is an operation of the document`);
    return { fixture, ...(await exampleOf(name, fixture)) };
  };
  if (op['x-tender-fixture']) {
    let { fixture, body, status } = await exampleNamed(op['x-tender-fixture']);
    if (op['x-tender-fixture-example'] !== undefined)
      body = JSON.parse(await withOwnIds(name, JSON.stringify(op['x-tender-fixture-example'])));
    const res = await send(name, fixture.method, fixture.path, body);
    assert.equal(res.status, status, `${name} fixture ${fixture.op.operationId}: ${res.text.slice(0, 500)}`);
    values.id = res.json.id;
    const setup = op['x-tender-setup'];
    if (setup === 'paid' || setup === 'paid_client') {
      const paid = await pay(name, res.json);
      if (setup === 'paid_client') Object.assign(values, { id: paid.client_id, token: paid.id });
    } else if (setup === 'delivery') {
      // The webhook listens to every event: the next purchase's purchase.created is delivered to it.
      const purchase = await exampleNamed('createPurchase');
      const created = await send(name, 'post', purchase.fixture.path, purchase.body);
      assert.equal(created.status, 201, created.text);
      const delivery = await firstResult(name, `/api/v1/webhooks/${values.id}/deliveries/?object_id=${created.json.id}`);
      values.delivery_id = delivery.id;
      if (!entry.path.includes('{delivery_id}')) values.id = delivery.id;
    } else if (setup === 'subscriber') {
      const added = await send(name, 'post', `/api/v1/billing_templates/${values.id}/add_subscriber/`, { client_id: await ownClient(name) });
      assert.equal(added.status, 201, added.text);
      values.client_id = added.json.billing_template_client.id;  // the subscriber's own id
    } else {
      assert.equal(setup, undefined, `${name} ${op.operationId}: a setup this test knows`);
    }
  }
  // A parameter with a list of values takes the first.
  for (const p of op.parameters || [])
    if (p.in === 'path' && values[p.name] === undefined && p.schema?.enum) values[p.name] = p.schema.enum[0];
  return values;
}

// Fields of an object schema (not inside arrays or alternatives) with a limit to step over:
// {path, value} where value is one past the limit.
function overLimits(schema, prefix = '') {
  const out = [];
  for (const [key, s] of Object.entries(schema.properties || {})) {
    const path = prefix ? `${prefix}.${key}` : key;
    const types = [].concat(s.type || []);
    if (types.includes('object') && s.properties) out.push(...overLimits(s, path));
    else if (types.includes('string') && s.maxLength) out.push({ path, value: 'x'.repeat(s.maxLength + 1), limit: `maxLength ${s.maxLength}` });
    else if (types.includes('integer') && s.maximum !== undefined) out.push({ path, value: s.maximum + 1, limit: `maximum ${s.maximum}` });
  }
  return out;
}

function withValue(body, path, value) {
  const copy = structuredClone(body);
  const parts = path.split('.');
  let node = copy;
  for (const part of parts.slice(0, -1)) {
    if (typeof node[part] !== 'object' || node[part] === null) node[part] = {};
    node = node[part];
  }
  node[parts.at(-1)] = value;
  return copy;
}

before(async () => {
  server = await startTender({ env: { TENDER_TEST_CLOCK: '1' } });  // the test clock's operations
  for (const name of Object.keys(DIALECTS)) {
    const res = await fetch(`${server.url}/openapi/${name}.json`);  // no key: the documents are public
    assert.equal(res.status, 200, `/openapi/${name}.json`);
    assert.match(res.headers.get('content-type'), /^application\/json/);
    documents[name] = await res.json();
  }
});

after(async () => { await server?.stop(); });

describe('OpenAPI documents', () => {
  for (const name of Object.keys(DIALECTS)) {
    test(`${name}: a valid OpenAPI 3.1 document`, async () => {
      const doc = documents[name];
      assert.equal(doc.openapi, '3.1.0');
      assert.equal(doc.servers[0].url, server.publicUrl);
      const validator = new Validator();
      const result = await validator.validate(structuredClone(doc));
      assert.ok(result.valid, `${name}: ${JSON.stringify(result.errors, null, 1)?.slice(0, 3000)}`);
      assert.ok(operations(doc).length >= 3, `${name} lists its operations`);
    });

    test(`${name}: every example request matches its own schema and gets its documented status`, async () => {
      const doc = documents[name];
      const ajv = new Ajv2020({ strict: false, validateFormats: false });
      ajv.addSchema({ $id: `${name}.json`, components: doc.components });
      let sent = 0;
      for (const entry of operations(doc)) {
        const example = await exampleOf(name, entry);
        assert.ok(example, `${name} ${entry.method} ${entry.path} has an example`);
        assert.ok(entry.op.responses[String(example.status)], `${name} ${entry.op.operationId}: status ${example.status} is documented`);
        if (entry.media) {
          const validate = ajv.compile(entry.media.schema);
          assert.ok(validate(example.body), `${name} ${entry.op.operationId} example: ${JSON.stringify(validate.errors)}`);
        }
        const values = await pathValues(name, doc, entry);
        const path = entry.path.replace(/\{(\w+)\}/g, (all, p) => {
          assert.ok(values[p] !== undefined, `${name} ${entry.op.operationId}: a value for {${p}}`);
          return encodeURIComponent(values[p]);
        });
        const res = await send(name, entry.method, path, example.body, example.query);
        assert.equal(res.status, example.status, `${name} ${entry.method.toUpperCase()} ${path}: ${res.text.slice(0, 800)}`);
        // The answer is what the document says it is.
        const ref = entry.op.responses[String(example.status)].content?.['application/json']?.schema?.$ref;
        if (ref) {
          const validate = ajv.getSchema(`${name}.json${ref}`);
          assert.ok(validate(res.json), `${name} ${entry.op.operationId} answer against ${ref}: ${JSON.stringify(validate.errors)?.slice(0, 800)}`);
        }
        sent += 1;
      }
      assert.ok(sent >= 3);
    });

    test(`${name}: one past each documented limit is refused, naming the field`, async () => {
      const doc = documents[name];
      const dialect = DIALECTS[name];
      const seen = new Set();
      let checked = 0;
      for (const entry of operations(doc)) {
        if (!entry.media || entry.op['x-tender-fixture']) continue;  // bodies that create, each once
        const key = JSON.stringify(entry.media.schema);
        if (seen.has(key)) continue;
        seen.add(key);
        const { body } = await exampleOf(name, entry);
        for (const { path, value, limit } of overLimits(entry.media.schema)) {
          const res = await send(name, entry.method, entry.path, withValue(body, path, value));
          assert.equal(res.status, dialect.fieldStatus, `${name} ${entry.path} ${path} over ${limit}: ${res.text.slice(0, 500)}`);
          assert.ok(dialect.namesField(res.json, path), `${name} ${entry.path} ${path} over ${limit} names the field: ${res.text.slice(0, 800)}`);
          checked += 1;
        }
      }
      assert.ok(checked >= 5, `${name}: ${checked} limits checked`);
    });
  }
});

describe('reference page', () => {
  test('public HTML without script, listing operations and field limits', async () => {
    const res = await fetch(`${server.url}/openapi/`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type'), /^text\/html/);
    const csp = res.headers.get('content-security-policy');
    assert.match(csp, /default-src 'none'/);
    assert.doesNotMatch(csp, /script-src|unsafe-inline/);
    const html = await res.text();
    assert.doesNotMatch(html, /<script/i);
    for (const name of Object.keys(DIALECTS)) assert.ok(html.includes(`/openapi/${name}.json`), `links ${name}.json`);
    // Every operation of every document is on the page, and a limit from a document is shown.
    for (const doc of Object.values(documents))
      for (const { path } of operations(doc)) assert.ok(html.includes(`<code>${path}</code>`), `page lists ${path}`);
    const merchantTxnRef = documents.s2s.components && documents.s2s.paths['/api/v1/server-to-server-interface/payment']
      .post.requestBody.content['application/json'].schema.properties.merchant_txn_ref.maxLength;
    assert.ok(html.includes(`≤ ${merchantTxnRef} characters`), 'page shows merchant_txn_ref maxLength');
    // A dialect's introduction is shown once, not again under each of its operations.
    for (const doc of Object.values(documents)) {
      const intro = `<p>${doc.info.description}</p>`.replaceAll("'", '&apos;').replaceAll('"', '&quot;');
      assert.equal(html.split(intro).length - 1, 1, `introduction of ${doc.info.title} shown once`);
    }
    const css = await fetch(`${server.url}/openapi/reference.css`);
    assert.equal(css.status, 200);
    assert.match(css.headers.get('content-type'), /^text\/css/);
  });

  test('an unknown document is a 404 JSON message', async () => {
    const res = await fetch(`${server.url}/openapi/nope.json`);
    assert.equal(res.status, 404);
    assert.match((await res.json()).message, /No such document/);
  });
});
