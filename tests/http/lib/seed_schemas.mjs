// The Collect seed's own OpenAPI schemas (tests/http/spec/collect.openapi.yaml), compiled once per
// test process with Ajv (JSON Schema 2020-12, as OpenAPI 3.1 is; `nullable` as OpenAPI 3.0 reads
// it). harness.mjs's api() runs collectViolations() on every JSON answer it receives, so every
// HTTP suite checks every Collect object Tender shows against the seed's schema: each Purchase, in
// every status (its ClientDetails, PurchaseDetails, PaymentDetails and IssuerDetails with it), each
// Client (`type: "client"`, against ClientDetails) and each refund Payment (`type: "payment"`,
// against PaymentDetails), and every 400 against the seed's `400` response; webhook payloads are
// checked by the tests that receive them. A key the schema types without `nullable` must hold a
// value of that type or be absent, and enums one of their values (formats are not checked: the
// seed names some, such as IP and URL, no validator knows). A violation fails the request's test at once, naming the path and the rule.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';
import YAML from 'yaml';

const here = path.dirname(fileURLToPath(import.meta.url));
const SPEC_PATH = path.join(here, '..', 'spec', 'collect.openapi.yaml');

let validators = null;

// OpenAPI 3.0's `nullable: true` as JSON Schema says it: null is one more allowed value (the seed
// also puts it beside `allOf: [$ref]`, where Ajv's own `nullable` needs a `type`).
function nullableAsSchema(node) {
  if (Array.isArray(node)) return node.map(nullableAsSchema);
  if (!node || typeof node !== 'object') return node;
  const out = {};
  for (const [k, v] of Object.entries(node)) out[k] = nullableAsSchema(v);
  if (out.nullable !== true) return out;
  delete out.nullable;
  if (typeof out.type === 'string' && !out.enum) return { ...out, type: [out.type, 'null'] };
  return { anyOf: [out, { type: 'null' }] };
}

function load() {
  const spec = nullableAsSchema(YAML.parse(fs.readFileSync(SPEC_PATH, 'utf8')));
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
  ajv.addKeyword({ keyword: 'example' });
  // The seeds disagree on Purchase.product: the capture page's schema lists only "purchases",
  // the create page (seed 002) lists four, billing's three among them. The wider list is checked.
  spec.components.schemas.Purchase.properties.product.enum =
    ['purchases', 'billing_invoices', 'billing_subscriptions', 'billing_subscriptions_invoice'];
  ajv.addSchema({ $id: 'collect', components: spec.components });
  const schema = (name) => ajv.getSchema(`collect#/components/schemas/${name}`);
  const error = ajv.compile(spec.components.responses['400'].content['application/json'].schema);
  return { purchase: schema('Purchase'), client: schema('ClientDetails'), payment: schema('PaymentDetails'), error };
}

// Every object in `body` that says it is a Collect object with a seed schema ([object, where, type]):
// the body itself, list results, and objects nested under a key (add_subscriber's `purchase`).
function* objectsIn(body, where = '') {
  if (!body || typeof body !== 'object') return;
  if (Array.isArray(body)) {
    for (const [i, item] of body.entries()) yield* objectsIn(item, `${where}[${i}]`);
    return;
  }
  if (['purchase', 'client', 'payment'].includes(body.type) && typeof body.id === 'string') {
    yield [body, where || '(body)', body.type];
    return;
  }
  for (const key of ['results', 'purchase', 'billing_template_client']) {
    if (body[key] && typeof body[key] === 'object') yield* objectsIn(body[key], `${where}.${key}`);
  }
}

// The schema violations of the Collect objects in a JSON answer (or a webhook payload), as
// readable lines.
export function collectViolations(body) {
  validators ??= load();
  const problems = [];
  for (const [object, where, type] of objectsIn(body)) {
    const validate = validators[type];
    if (validate(object)) continue;
    for (const e of validate.errors) {
      const value = e.instancePath.split('/').slice(1).reduce((o, k) => (o == null ? o : o[k]), object);
      problems.push(`${where}${e.instancePath || ''} ${e.message} (${type}: ${e.schemaPath}); value ${JSON.stringify(value)?.slice(0, 120)}`);
    }
  }
  return problems;
}

// The violations of a Collect error answer against the seed's `400` response schema (a JSON
// object; its example's `__all__` is checked by the tests that read errors as the clients do).
export function errorViolations(body) {
  validators ??= load();
  if (validators.error(body)) return [];
  return validators.error.errors.map((e) => `(error body) ${e.message} (${e.schemaPath})`);
}
