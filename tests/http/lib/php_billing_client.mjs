// Requests exactly as CHIP's official PHP SDK builds its billing calls, so the tests can say they
// send what a merchant's PHP code sends. Sources (read through the code search, not copied):
//   CHIPAsia/chip-php-sdk lib/Resource/BillingResource.php @ b751b0fa (SDK 2.0.x), lines cited per
//   method; transport lib/Http/GuzzleClient.php @ f05c6b90: base URI ".../api/v1/" (l.27), only
//   `Authorization: Bearer <key>` (l.47-50), bodies through Guzzle's `json` option (PHP
//   json_encode: "/" escaped as "\/", Content-Type application/json, no Accept header).
//   Models: lib/Model/Billing/BillingTemplate.php drops only nulls (false and 0 are sent);
//   lib/Model/Billing/BillingTemplateClient.php l.68 `array_filter((array) $this)` drops every
//   falsy value, so a subscriber body is just {"client_id": ...} unless a flag is true.
import { api } from './harness.mjs';

const phpJson = (value) => JSON.stringify(value).replace(/\//g, '\\/');

// BillingTemplate fields in the model's declaration order, nulls left out (jsonSerialize).
const TEMPLATE_FIELDS = ['type', 'id', 'created_on', 'updated_on', 'clients', 'purchase', 'company_id',
  'number_of_billing_cycles', 'is_test', 'user_id', 'brand_id', 'title', 'is_subscription', 'invoice_issued',
  'invoice_due', 'invoice_skip_capture', 'invoice_send_receipt', 'subscription_period', 'subscription_period_units',
  'subscription_due_period', 'subscription_due_period_units', 'subscription_charge_period_end',
  'subscription_trial_periods', 'subscription_active', 'subscription_has_active_clients', 'force_recurring'];
const CLIENT_FIELDS = ['type', 'id', 'created_on', 'updated_on', 'client_id', 'number_of_billing_cycles_passed', 'status',
  'subscription_billing_scheduled_on', 'payment_method_whitelist', 'send_invoice_on_charge_failure',
  'send_invoice_on_add_subscriber', 'send_receipt'];

export function templateModel(fields) {
  const out = {};
  for (const k of TEMPLATE_FIELDS) if (fields[k] !== undefined && fields[k] !== null) out[k] = fields[k];
  return out;
}
export function clientModel(fields) {
  const out = {};
  for (const k of CLIENT_FIELDS) {
    const v = fields[k];
    if (v && !(Array.isArray(v) && v.length === 0)) out[k] = v;  // array_filter: falsy values go
  }
  return out;
}

export class PhpBillingClient {
  constructor(server, key) {
    this.server = server;
    this.key = key ?? server.company.api_key;
  }
  request(method, path, model) {
    const url = /^https?:/.test(path) ? path : `${this.server.url}/api/v1/${path}`;
    const opts = { key: this.key, headers: { accept: null } };
    if (model !== undefined) opts.rawBody = phpJson(model);
    return api(this.server, method, url, opts);
  }
  create(template) { return this.request('POST', 'billing/', templateModel(template)); }                          // l.24-29
  createTemplate(template) { return this.request('POST', 'billing_templates/', templateModel(template)); }         // l.31-38
  listTemplates() { return this.request('GET', 'billing_templates/'); }                                            // l.40-45
  async iterateTemplates() {                                                                                       // l.50-63
    const all = [];
    for (let url = 'billing_templates/'; url !== null;) {
      const res = await this.request('GET', url);
      if (res.status !== 200) throw new Error(`${url}: ${res.status} ${res.text}`);
      all.push(...(res.json.results ?? []));
      url = res.json.next ?? null;
    }
    return all;
  }
  getTemplate(id) { return this.request('GET', `billing_templates/${id}/`); }                                     // l.66-71
  updateTemplate(id, template) { return this.request('PUT', `billing_templates/${id}/`, templateModel(template)); } // l.73-80
  deleteTemplate(id) { return this.request('DELETE', `billing_templates/${id}/`); }                               // l.82-85
  sendInvoice(id, client) { return this.request('POST', `billing_templates/${id}/send_invoice/`, clientModel(client)); }     // l.87-94
  addSubscriber(id, client) { return this.request('POST', `billing_templates/${id}/add_subscriber/`, clientModel(client)); } // l.96-103
  listClients(id) { return this.request('GET', `billing_templates/${id}/clients/`); }                            // l.105-110
  getClient(id, clientId) { return this.request('GET', `billing_templates/${id}/clients/${clientId}/`); }        // l.131-136
  updateClient(id, clientId, client) {                                                                             // l.138-145
    return this.request('PATCH', `billing_templates/${id}/clients/${clientId}/`, clientModel(client));
  }
}
