/**
 * Worker builds for the rolling-deploy test, laid out as an operator ships them: a release folder holding
 * `dist/` (the compiled code and `dist/workflow-bundle.js`, as `npm run build` makes them), `templates/`
 * and `node_modules/` (symlinked to the project's: the test installs nothing). The worker started from
 * `<release>/dist/worker/main.js` loads the bundle beside it (worker/workflow-code.ts).
 *
 * A second build differs from the first only in its workflow code: the sources of workflows/ copied
 * into a scratch folder, edited there, and bundled like the real ones. workflows/ itself is never touched.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { bundleWorkflows, compile } from '../../scripts/build';
import { projectRoot } from '../cli/run-jsrx';

export interface WorkerBuild {
  /** The release folder: `dist/`, `templates/`, `node_modules/`. */
  root: string;
  /** What the worker loads as its `workflowBundle`. */
  bundlePath: string;
  /** Argument list for `node`: the built worker. */
  workerArgs: string[];
}

function release(root: string): WorkerBuild {
  for (const shared of ['templates', 'node_modules']) {
    if (!existsSync(path.join(root, shared))) symlinkSync(path.join(projectRoot, shared), path.join(root, shared), 'dir');
  }
  return {
    root,
    bundlePath: path.join(root, 'dist', 'workflow-bundle.js'),
    workerArgs: [path.join(root, 'dist', 'worker', 'main.js')],
  };
}

/**
 * Today's code, built the way `npm run build` builds it, into `root`; without its type check (the
 * JavaScript emitted is the same, and `npm test` checks the types first).
 */
export async function buildRelease(root: string): Promise<WorkerBuild> {
  mkdirSync(root, { recursive: true });
  compile(path.join(root, 'dist'), { typeCheck: false });
  await bundleWorkflows(path.join(projectRoot, 'workflows', 'index.ts'), path.join(root, 'dist', 'workflow-bundle.js'));
  return release(root);
}

/** A textual edit of one file of workflows/; `anchor` must occur exactly once, or the build refuses. */
export interface WorkflowEdit {
  file: string;
  anchor: string;
  replacement: string;
}

/**
 * The sources of workflows/ copied under `folder` with the edits applied, beside links to domain/ (its
 * types) and node_modules/ so the bundler resolves every import as it does for the real folder. Returns
 * the entry to bundle.
 */
export function editedWorkflowSources(folder: string, edits: WorkflowEdit[]): string {
  mkdirSync(folder, { recursive: true });
  cpSync(path.join(projectRoot, 'workflows'), path.join(folder, 'workflows'), { recursive: true });
  for (const shared of ['domain', 'node_modules'])
    symlinkSync(path.join(projectRoot, shared), path.join(folder, shared), 'dir');
  for (const edit of edits) {
    const file = path.join(folder, 'workflows', edit.file);
    const text = readFileSync(file, 'utf8');
    const found = text.split(edit.anchor).length - 1;
    if (found !== 1)
      throw new Error(`workflows/${edit.file}: the edit's anchor occurs ${found} times, expected once: ${JSON.stringify(edit.anchor)}`);
    writeFileSync(file, text.replace(edit.anchor, () => edit.replacement));
  }
  return path.join(folder, 'workflows', 'index.ts');
}

/** A new build of `base`: the same compiled code, the workflow bundle of `workflowsPath`. */
export async function rebuildWithWorkflows(base: WorkerBuild, root: string, workflowsPath: string): Promise<WorkerBuild> {
  mkdirSync(root, { recursive: true });
  cpSync(path.join(base.root, 'dist'), path.join(root, 'dist'), { recursive: true });
  await bundleWorkflows(workflowsPath, path.join(root, 'dist', 'workflow-bundle.js'));
  return release(root);
}
