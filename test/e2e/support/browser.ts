import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

import { ROOT } from '../../../src/paths.js';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
export const SCREENSHOTS = path.join(ROOT, 'test-results', 'screenshots');

/** Debian's chromium (scripts/ensure-chromium.sh installs it), headless, without background network traffic. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-gpu',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Runs axe-core in the page (WCAG 2.1 A/AA) and returns every violation, whatever its impact (minor ones too). */
export async function axeViolations(page: Page): Promise<string[]> {
  // evaluated over CDP, so the page's CSP (own scripts only) stays on while axe runs
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: AxeViolation[] }> } }
    ).axe;
    const r = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return r.violations;
  });
  return violations.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help} at ${v.nodes
        .map((n) => n.target.join(' '))
        .slice(0, 3)
        .join(', ')}`,
  );
}

/**
 * Opens a page in the context and collects its JavaScript errors (uncaught exceptions and console errors). With
 * `ignoreFailedLoads`, the console's "Failed to load resource" lines are left out: 4xx answers a test provokes.
 */
export async function pageWithErrors(
  context: BrowserContext,
  { ignoreFailedLoads = false } = {},
): Promise<{ page: Page; errors: string[] }> {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    if (ignoreFailedLoads && m.text().startsWith('Failed to load resource')) return;
    errors.push(m.text());
  });
  return { page, errors };
}

/** The id (or tag name) of the element that has the focus. */
export function focusedId(page: Page): Promise<string> {
  return page.evaluate(() => document.activeElement?.id || document.activeElement?.tagName.toLowerCase() || '');
}

/** Saves a full-page screenshot as test-results/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Logs in through the login page and waits for the role's start page. */
export async function login(page: Page, baseUrl: string, username: string, password = 'demo'): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('Användarnamn').fill(username);
  await page.getByLabel('Lösenord').fill(password);
  await Promise.all([
    page.waitForURL((url) => url.pathname !== '/login' && url.pathname !== '/'),
    page.getByRole('button', { name: 'Logga in' }).click(),
  ]);
}
