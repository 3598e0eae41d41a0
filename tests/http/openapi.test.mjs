// The OpenAPI 3.1 documents at /openapi/<dialect>.json: each validates as OpenAPI 3.1 (the
// @seriousme/openapi-schema-validator package), every example request in them is sent to a running
// Tender as it is and gets its documented status, and the limits they state are the server's:
// a value one past each documented maxLength or maximum is refused naming that field, in the
// dialect's own error format. The reference page is public, script-free and lists the fields.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Validator } from '@seriousme/openapi-schema-validator';
import Ajv2020 from 'ajv/dist/2020.js';
import { startTender } from './lib/harness.mjs';

// The brand id the documents' examples carry: a reader puts a brand of their own company there.
const EXAMPLE_BRAND = '00000000-0000-4000-8000-000000000000';

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

async function send(name, method, path, body) {
  const res = await fetch(`${server.url}${path}`, {
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

function exampleOf({ op, media }) {
  const example = media?.examples?.example;
  if (example) return { body: JSON.parse(JSON.stringify(example.value).replaceAll(EXAMPLE_BRAND, server.company.brand_id)), status: example['x-tender-status'] };
  if (op['x-tender-example-status'] !== undefined) return { body: undefined, status: op['x-tender-example-status'] };
  return null;
}

// The example of the fixture operation, sent; its answer's id is the {id} of the operation.
async function fixtureId(name, doc, operationId) {
  const fixture = operations(doc).find((o) => o.op.operationId === operationId);
  assert.ok(fixture, `${name}: fixture ${operationId} is an operation of the document`);
  const { body, status } = exampleOf(fixture);
  const res = await send(name, fixture.method, fixture.path, body);
  assert.equal(res.status, status, `${name} fixture ${operationId}: ${res.text.slice(0, 500)}`);
  return res.json.id;
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
  server = await startTender();
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
      let sent = 0;
      for (const entry of operations(doc)) {
        const example = exampleOf(entry);
        assert.ok(example, `${name} ${entry.method} ${entry.path} has an example`);
        assert.ok(entry.op.responses[String(example.status)], `${name} ${entry.op.operationId}: status ${example.status} is documented`);
        if (entry.media) {
          const validate = ajv.compile(entry.media.schema);
          assert.ok(validate(example.body), `${name} ${entry.op.operationId} example: ${JSON.stringify(validate.errors)}`);
        }
        let path = entry.path;
        if (path.includes('{id}')) path = path.replace('{id}', await fixtureId(name, doc, entry.op['x-tender-fixture']));
        const res = await send(name, entry.method, path, example.body);
        assert.equal(res.status, example.status, `${name} ${entry.method.toUpperCase()} ${path}: ${res.text.slice(0, 800)}`);
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
        const { body } = exampleOf(entry);
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
