// Headless Chromium for the browser suites: playwright-core driving the system's Chromium
// (/usr/bin/chromium or CHROMIUM_PATH; no browser is ever downloaded), and where the suites save
// their full-page screenshots (test-artifacts/screenshots/, or under TENDER_TEST_ARTIFACTS).
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let chromium;
try {
  ({ chromium } = await import('playwright-core'));
} catch (e) {
  throw new Error(`playwright-core is not installed: run \`npm ci --prefix tests\` (${e.message})`);
}

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const SHOTS = path.join(process.env.TENDER_TEST_ARTIFACTS || path.join(REPO_ROOT, 'test-artifacts'), 'screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];
export const NAV_TIMEOUT_MS = 20_000;

// The browser, with the screenshot directory made.
export async function launchChromium() {
  await fs.mkdir(SHOTS, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

export async function shot(page, name) {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}
