/**
 * Finds or installs the Chromium that the browser tests drive through playwright-core. The ladder, first
 * rung that works wins:
 *
 *   JSRX_CHROMIUM → `chromium` / `chromium-browser` / `google-chrome` on PATH → as root, `apt-get update`
 *   then `apt-get install -y chromium` (Debian's package) → an error naming what to install
 *
 * Playwright's own browser download is not a rung: these machines reach package registries and Debian's
 * mirrors only, and the distribution's Chromium is what the project's CI images carry anyway.
 *
 * Run directly: `npm run provision` installs it beside the Temporal servers; `npm run provision -- browser`
 * alone (add `--json` for machine-readable output).
 */
import { spawnSync } from 'node:child_process';
import { BrowserProvisionError, findChromium, whichCommand } from './find-browser';

export { BrowserProvisionError };

export const CHROMIUM_APT_PACKAGE = 'chromium';

export interface ProvisionedBrowser {
  browser: 'chromium';
  path: string;
  source: 'env' | 'path' | 'apt-get';
  durationMs: number;
}

export interface BrowserProvisionOptions {
  env?: NodeJS.ProcessEnv;
  /** Progress lines (what is being tried, and how long it took). */
  log?: (line: string) => void;
  /** The effective user id; root alone may run apt-get. Injectable so the refusal can be tested. */
  uid?: number;
}

function tail(text: string, lines = 15): string {
  return text.trim().split('\n').slice(-lines).join('\n');
}

function aptGet(args: string[], env: NodeJS.ProcessEnv): { ok: boolean; output: string } {
  // Non-interactive: a debconf question would otherwise hang a CI run with no terminal.
  const result = spawnSync('apt-get', args, {
    env: { ...env, DEBIAN_FRONTEND: 'noninteractive' },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return {
    ok: result.status === 0,
    output: `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? String(result.error) : ''}`,
  };
}

export function provisionChromium(options: BrowserProvisionOptions = {}): ProvisionedBrowser {
  const env = options.env ?? process.env;
  const log = options.log ?? (() => undefined);
  const uid = options.uid ?? process.getuid?.() ?? -1;
  const started = Date.now();
  const done = (path: string, source: ProvisionedBrowser['source']): ProvisionedBrowser => ({
    browser: 'chromium',
    path,
    source,
    durationMs: Date.now() - started,
  });

  const found = findChromium(env);
  if (found) return done(found.path, found.source);

  const attempts: string[] = [];
  const aptGetPath = whichCommand('apt-get', env);
  if (!aptGetPath) {
    attempts.push('apt-get is not on PATH (not a Debian or Ubuntu machine)');
  } else if (uid !== 0) {
    attempts.push(`not root (uid ${uid}), so apt-get cannot install ${CHROMIUM_APT_PACKAGE}`);
  } else if (env.JSRX_PROVISION_OFFLINE === '1') {
    attempts.push('apt-get disabled by JSRX_PROVISION_OFFLINE=1');
  } else {
    log(`installing Chromium with apt-get (first run only, a minute or two)…`);
    const update = aptGet(['update'], env);
    if (!update.ok) attempts.push(`apt-get update failed:\n${tail(update.output)}`);
    else {
      const install = aptGet(['install', '-y', '--no-install-recommends', CHROMIUM_APT_PACKAGE], env);
      if (!install.ok)
        attempts.push(`apt-get install -y ${CHROMIUM_APT_PACKAGE} failed:\n${tail(install.output)}`);
      else {
        const installed = findChromium(env);
        if (installed) return done(installed.path, 'apt-get');
        attempts.push(`apt-get installed ${CHROMIUM_APT_PACKAGE} but no chromium launcher is on PATH`);
      }
    }
  }

  throw new BrowserProvisionError(
    [
      'Cannot provide Chromium for the browser tests.',
      `Install it (\`sudo apt-get install chromium\` on Debian, \`chromium-browser\` on Ubuntu, or Google Chrome),`,
      'or set JSRX_CHROMIUM=/path/to/chromium.',
      'What was tried:',
      ...attempts.map((attempt) => `  - ${attempt.split('\n').join('\n    ')}`),
    ].join('\n'),
  );
}

export function describeBrowser(found: ProvisionedBrowser): string {
  const how = { env: 'taken from JSRX_CHROMIUM', path: 'found on PATH', 'apt-get': 'installed with apt-get' }[
    found.source
  ];
  return `chromium: ${found.path} (${how}, ${(found.durationMs / 1000).toFixed(1)} s)`;
}

if (require.main === module) {
  try {
    const found = provisionChromium({ log: (line) => process.stderr.write(`provision: ${line}\n`) });
    process.stdout.write(
      process.argv.includes('--json')
        ? `${JSON.stringify(found, null, 2)}\n`
        : `provision: ${describeBrowser(found)}\n`,
    );
  } catch (error) {
    process.stderr.write(
      `${error instanceof BrowserProvisionError ? error.message : String((error as Error)?.stack ?? error)}\n`,
    );
    process.exit(error instanceof BrowserProvisionError ? 2 : 1);
  }
}
