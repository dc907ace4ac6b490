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

/** The workflows the build bundles: the sources, as the tests and `jsrx simulate` bundle them. */
export const WORKFLOWS_ENTRY = path.join(PROJECT_ROOT, 'workflows', 'index.ts');

export async function build(log: (line: string) => void = () => undefined, distDir = DIST_DIR): Promise<void> {
  // A fresh folder: a module deleted from the sources must not linger, compiled, in the image.
  rmSync(distDir, { recursive: true, force: true });
  let started = Date.now();
  compile(distDir);
  log(`compiled into ${path.relative(PROJECT_ROOT, distDir) || '.'}/ in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  started = Date.now();
  // Bundled from the sources, as the tests and `jsrx simulate` do, so production runs the code they checked.
  const size = await bundleWorkflows(WORKFLOWS_ENTRY, path.join(distDir, 'workflow-bundle.js'));
  log(
    `bundled the workflows into ${path.relative(PROJECT_ROOT, distDir) || '.'}/workflow-bundle.js (${(size / 1e6).toFixed(1)} MB) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
}

/**
 * The shipped code (tsconfig.build.json), compiled into `distDir`. `typeCheck: false` emits the same
 * JavaScript without checking the types again (`npm run typecheck` does that), in a fraction of the time.
 */
export function compile(distDir: string, options: { typeCheck?: boolean } = {}): void {
  const tsc = spawnSync(
    process.execPath,
    [
      require.resolve('typescript/bin/tsc'),
      '-p',
      path.join(PROJECT_ROOT, 'tsconfig.build.json'),
      '--outDir',
      distDir,
      ...(options.typeCheck === false ? ['--noCheck'] : []),
    ],
    {
      cwd: PROJECT_ROOT,
      encoding: 'utf8',
    },
  );
  if (tsc.status !== 0) throw new Error(`tsc -p tsconfig.build.json failed:\n${tsc.stdout}${tsc.stderr}`);
}

/**
 * Bundles a workflows module into the one file a worker loads as `workflowBundle`; returns its size in
 * bytes. The rolling-deploy test builds its second worker build with it from an edited copy of the sources.
 */
export async function bundleWorkflows(workflowsPath: string, outFile: string): Promise<number> {
  const { code } = await bundleWorkflowCode({ workflowsPath, logger: quietBundlerLogger });
  writeFileSync(outFile, code);
  return code.length;
}

if (require.main === module) {
  build((line) => process.stdout.write(`build: ${line}\n`)).catch((error: unknown) => {
    process.stderr.write(`build: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
