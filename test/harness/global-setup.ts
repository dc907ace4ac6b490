import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '@jest/types';
import { describeBrowser, provisionChromium } from '../../scripts/provision-browser';
import { describe, provisionDevServer, provisionTestServer } from '../../scripts/provision';

const BROWSER_TESTS = path.resolve(__dirname, '..', 'browser');

/** Whether this run selects a file under test/browser/: only those need Chromium, so only they pay its install. */
function runIncludesBrowserTests(globalConfig: Config.GlobalConfig): boolean {
  const files = readdirSync(BROWSER_TESTS).filter((name) => name.endsWith('.test.ts'));
  const patterns = globalConfig.testPathPatterns;
  if (!patterns.isSet()) return files.length > 0;
  const selected = patterns.toExecutor({ rootDir: globalConfig.rootDir });
  return files.some((name) => selected.isMatch(path.join(BROWSER_TESTS, name)));
}

/**
 * Runs once per jest run, before any test file: finds or builds both Temporal servers, so the first
 * run on an empty cache pays the build once and every test file after that finds them in the cache;
 * and, when the run includes browser tests, finds or installs Chromium.
 */
export default async function globalSetup(globalConfig: Config.GlobalConfig): Promise<void> {
  const log = (line: string) => process.stderr.write(`\nprovision: ${line}`);
  for (const provision of [provisionDevServer, provisionTestServer]) {
    const found = await provision({ log });
    process.stderr.write(`\nprovision: ${describe(found)}\n`);
  }
  if (runIncludesBrowserTests(globalConfig))
    process.stderr.write(`\nprovision: ${describeBrowser(provisionChromium({ log }))}\n`);
}
