/**
 * A round whose planning (a local activity) outlasts its first workflow task: the SDK completes tasks
 * while the planning runs, and the planning's marker and the round's next decisions land in later
 * tasks. A replay resolves the planning from its marker early and can run on into a later task's
 * decisions; a decision there that asked `patched()` found no answer yet (an `npm start` restart failed
 * so, now and then: the planning's marker had closed the first task alone). The round now asks its one
 * `patched()` question first thing, so its marker is in the first task whatever the planning takes.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { temporal } from '@temporalio/proto';
import { createPlanningActivities } from '../../activities/planning';
import { workflowBundle } from '../harness/servers';
import { DAY_MS, exampleRound, openRoundEnv, repoRoot, runRound } from './round-fixture';

let env: TestWorkflowEnvironment;

beforeAll(async () => {
  env = await openRoundEnv();
});

afterAll(async () => {
  await env?.teardown();
});

/** Beyond 80% of the default 10 s workflow task timeout, where the SDK completes the task while a local activity still runs. */
const SLOW_PLANNING_MS = 9_000;

it('replays a round whose planning outlasted its first workflow task', async () => {
  const round = await exampleRound('fr-2027-r1', await env.currentTimeMs());
  const planning = createPlanningActivities();
  let history: temporal.api.history.v1.IHistory | undefined;
  let workflowId = '';
  await runRound(
    env,
    round,
    async (r) => {
      await r.sleepUntil(new Date(Date.parse(r.plan.launchedAt) + DAY_MS).toISOString());
      history = await r.handle.fetchHistory();
      workflowId = r.handle.workflowId;
      await r.handle.terminate('the story is told');
    },
    {
      async planRound(input: Parameters<typeof planning.planRound>[0]) {
        await sleep(SLOW_PLANNING_MS);
        return planning.planRound(input);
      },
    },
  );
  const events = history?.events ?? [];
  const { EVENT_TYPE_WORKFLOW_TASK_COMPLETED: completed } = temporal.api.enums.v1.EventType;
  // The shape that matters: a workflow task completed while the planning still ran, its marker in a later task.
  const planningMarker = events.findIndex((event) => event.markerRecordedEventAttributes?.markerName === 'core_local_activity');
  const tasksBefore = events.slice(0, planningMarker).filter((event) => Number(event.eventType) === completed).length;
  expect(planningMarker).toBeGreaterThan(0);
  expect(tasksBefore).toBeGreaterThan(1);
  expect(events.some((event) => event.activityTaskScheduledEventAttributes?.activityType?.name === 'deliverLetters')).toBe(true);
  // What keeps any such replay safe: the batches' patch marker is recorded in the first task, before the planning.
  const patchMarker = events.findIndex((event) => event.markerRecordedEventAttributes?.markerName === 'core_patch');
  const firstTaskEnd = events.findIndex((event) => Number(event.eventType) === completed);
  expect(patchMarker).toBe(firstTaskEnd + 1);

  await expect(
    Worker.runReplayHistory({ workflowBundle: await workflowBundle(path.join(repoRoot, 'workflows', 'index.ts')) }, history!, workflowId),
  ).resolves.toBeUndefined();
}, 120_000);
