import { describe, provisionDevServer, provisionTestServer } from '../../scripts/provision';

/**
 * Runs once per jest run, before any test file: finds or builds both Temporal servers, so the first
 * run on an empty cache pays the build once and every test file after that finds them in the cache.
 */
export default async function globalSetup(): Promise<void> {
  const log = (line: string) => process.stderr.write(`\nprovision: ${line}`);
  for (const provision of [provisionDevServer, provisionTestServer]) {
    const found = await provision({ log });
    process.stderr.write(`\nprovision: ${describe(found)}\n`);
  }
}
