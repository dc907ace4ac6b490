/**
 * The one place tests open a browser: the system Chromium (scripts/provision-browser.ts), driven by
 * playwright-core. One launch per test file (`openBrowser()` in beforeAll, `close()` in afterAll), each
 * with a fresh profile in a temp folder, so no test sees another's cookies.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import axe from 'axe-core';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { findChromium } from '../../scripts/find-browser';

export const ARTIFACTS_DIR = path.resolve(__dirname, '..', 'artifacts');

/**
 * Without the network flags Chromium keeps trying to reach Google's services (updates, sync, field
 * trials, QUIC probes), which floods a closed network with connection attempts.
 */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
] as const;

export interface OpenBrowser {
  context: BrowserContext;
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

export async function openBrowser(): Promise<OpenBrowser> {
  const found = findChromium();
  if (!found)
    throw new Error(
      'No Chromium found: run `npm run provision` (or `npm run provision -- browser`), or set JSRX_CHROMIUM=/path/to/chromium.',
    );
  const profile = mkdtempSync(path.join(tmpdir(), 'jsrx-chromium-'));
  try {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: found.path,
      headless: true,
      args: [...CHROMIUM_ARGS],
      // axe is injected as an inline script; a page's Content-Security-Policy must not refuse it.
      bypassCSP: true,
    });
    return {
      context,
      newPage: () => context.newPage(),
      close: async () => {
        try {
          await context.close();
        } finally {
          rmSync(profile, { recursive: true, force: true });
        }
      },
    };
  } catch (error) {
    rmSync(profile, { recursive: true, force: true });
    throw error;
  }
}

/** A full-page PNG under test/artifacts/ (git-ignored), for a person to look at; returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const file = path.join(ARTIFACTS_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

export interface A11yViolation {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/** Runs axe-core inside the page and returns its serious and critical violations. */
export async function seriousA11yViolations(page: Page): Promise<A11yViolation[]> {
  await page.addScriptTag({ content: axe.source });
  const violations = await page.evaluate(async () => {
    // Runs in the page, where the injected script defined `axe` on the window (tsconfig has no DOM lib).
    const results = await (globalThis as unknown as { axe: typeof axe }).axe.run();
    return results.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact ?? 'unknown',
      help: violation.help,
      targets: violation.nodes.map((node) => node.target.join(' ')),
    }));
  });
  return violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
}

/** The accessibility bar for every page the project serves: no serious or critical axe violation. */
export async function expectNoSeriousA11yViolations(page: Page): Promise<void> {
  expect(await seriousA11yViolations(page)).toEqual([]);
}
