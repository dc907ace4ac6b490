/**
 * Which workflow code a worker runs. The production build (`npm run build`) bundles the workflows once
 * into `dist/workflow-bundle.js`, beside the compiled worker, so a worker started from `dist/` loads that
 * file and never runs webpack (seconds of CPU and hundreds of MB per start, and webpack is not needed
 * at run time). From the sources there is no such file beside the code, and the worker bundles
 * `workflows/index.ts` itself, so a development worker never runs a stale bundle.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { CODE_ROOT } from './config';

/** The bundle the production build writes, looked for beside the running code only. */
export const WORKFLOW_BUNDLE_PATH = path.join(CODE_ROOT, 'workflow-bundle.js');

/** The workflows module in the running code's own flavour: `.ts` from the sources, `.js` from `dist/`. */
export const WORKFLOWS_PATH = path.join(CODE_ROOT, 'workflows', `index${path.extname(__filename)}`);

export type WorkflowCode = { workflowBundle: { codePath: string } } | { workflowsPath: string };

export function workflowCode(bundlePath = WORKFLOW_BUNDLE_PATH): WorkflowCode {
  return existsSync(bundlePath)
    ? { workflowBundle: { codePath: bundlePath } }
    : { workflowsPath: WORKFLOWS_PATH };
}
