/**
 * `npm run build`: the production build. Compiles the shipped code (tsconfig.build.json) into a fresh
 * `dist/`, then bundles the workflows once into `dist/workflow-bundle.js`, which the worker loads
 * instead of running webpack at every start (worker/workflow-code.ts). What `dist/` needs at run time is
 * in `dependencies` only: the build itself may use devDependencies (TypeScript, swc), the result may not.
 */
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { PROJECT_ROOT } from '../worker/config';
import { quietBundlerLogger } from '../client/simulation/workflow-bundle-cache';

export const DIST_DIR = path.join(PROJECT_ROOT, 'dist');

export async function build(log: (line: string) => void = () => undefined): Promise<void> {
  // A fresh folder: a module deleted from the sources must not linger, compiled, in the image.
  rmSync(DIST_DIR, { recursive: true, force: true });
  let started = Date.now();
  const tsc = spawnSync(
    process.execPath,
    [require.resolve('typescript/bin/tsc'), '-p', path.join(PROJECT_ROOT, 'tsconfig.build.json')],
    {
      cwd: PROJECT_ROOT,
      encoding: 'utf8',
    },
  );
  if (tsc.status !== 0) throw new Error(`tsc -p tsconfig.build.json failed:\n${tsc.stdout}${tsc.stderr}`);
  log(`compiled into dist/ in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  started = Date.now();
  // Bundled from the sources, as the tests and `jsrx simulate` do, so production runs the code they checked.
  const { code } = await bundleWorkflowCode({
    workflowsPath: path.join(PROJECT_ROOT, 'workflows', 'index.ts'),
    logger: quietBundlerLogger,
  });
  writeFileSync(path.join(DIST_DIR, 'workflow-bundle.js'), code);
  log(
    `bundled the workflows into dist/workflow-bundle.js (${(code.length / 1e6).toFixed(1)} MB) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
}

if (require.main === module) {
  build((line) => process.stdout.write(`build: ${line}\n`)).catch((error: unknown) => {
    process.stderr.write(`build: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
