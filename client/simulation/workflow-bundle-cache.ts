/**
 * Bundling the workflows with webpack takes seconds on this machine, longer than the rest of a
 * rehearsal. The bundle depends only on the workflow sources and the locked package versions, so it is kept under
 * .cache/ keyed by their hash and rebuilt only when one of them changes.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { PROJECT_ROOT } from '../../worker/config';
import { WORKFLOW_BUNDLE_PATH, WORKFLOWS_PATH } from '../../worker/workflow-code';

const WORKFLOWS_DIR = path.join(PROJECT_ROOT, 'workflows');

/** The round's workflows: the production build's bundle when running from `dist/`, else the cached bundle of the sources. */
export async function roundWorkflowBundle(): Promise<{ code: string }> {
  if (existsSync(WORKFLOW_BUNDLE_PATH)) return { code: readFileSync(WORKFLOW_BUNDLE_PATH, 'utf8') };
  return cachedWorkflowBundle(WORKFLOWS_PATH);
}

export async function cachedWorkflowBundle(workflowsPath: string, cacheDir = path.join(PROJECT_ROOT, '.cache', 'workflow-bundles')): Promise<{ code: string }> {
  const file = path.join(cacheDir, `${sourcesHash(workflowsPath)}.js`);
  if (existsSync(file)) return { code: readFileSync(file, 'utf8') };
  const { code } = await bundleWorkflowCode({ workflowsPath, logger: quietBundlerLogger });
  mkdirSync(cacheDir, { recursive: true });
  // Written aside then renamed, so a concurrent rehearsal never reads half a bundle.
  const partial = `${file}.${process.pid}.partial`;
  writeFileSync(partial, code);
  renameSync(partial, file);
  return { code };
}

function sourcesHash(workflowsPath: string): string {
  const hash = createHash('sha256');
  hash.update(`entry ${workflowsPath}\n`).update(readFileSync(workflowsPath));
  // The lock file pins the SDK and the libraries workflow code bundles (luxon, zod).
  hash.update(readFileSync(path.join(PROJECT_ROOT, 'package-lock.json')));
  // Workflow code may import from anywhere under workflows/ (plan, validate, messages …).
  for (const file of listFiles(WORKFLOWS_DIR)) hash.update(`${path.relative(WORKFLOWS_DIR, file)}\n`).update(readFileSync(file));
  return hash.digest('hex').slice(0, 20);
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? listFiles(path.join(dir, entry.name)) : [path.join(dir, entry.name)]))
    .sort();
}

/** The bundler's own INFO lines would bury a command's output: only warnings and errors are shown. */
export const quietBundlerLogger = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (message: string) => process.stderr.write(`bundler: ${message}\n`),
  error: (message: string) => process.stderr.write(`bundler: ${message}\n`),
};
