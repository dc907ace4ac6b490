/**
 * A rehearsal of a round: the real round workflow, the real message activities and templates, on the
 * time-skipping test server, from launch to its end in seconds. Emails go to an outbox folder; the
 * scenario's actions are applied at their simulated instants, through the same updates the CLI sends.
 */
import { randomUUID } from 'node:crypto';
import { Context } from '@temporalio/activity';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { Config } from '../../worker/config';
import { createActivities, createOutboxTransport, createRenderer, parseMailbox } from '../../activities';
import { defaultLanguage } from '../../domain/validate';
import type { RoundOutcome } from '../../workflows/messages';
import type { Round } from '../../domain/round-file';
import { applyRoundAction, queryProgressOf, startRound, type ActionOutcome, type ProgressView, type RoundAction } from '../round-service';
import type { TimedAction } from './scenario';
import { timerClearance } from './timer-clearance';
import { currentWarnings } from '../round-warnings';
import { settleAt } from './settling';
import { openTimeSkippingServer } from './time-skipping-server';
import { cachedWorkflowBundle, roundWorkflowBundle } from './workflow-bundle-cache';
import { resolveLinkSecret } from '../../worker/link-secret';

export interface RehearsalOptions {
  round: Round;
  /** The round file as read, which the workflow receives. */
  input: unknown;
  actions: (launchedAt: string) => TimedAction[];
  outboxDir: string;
  config: Config;
  /** Stop here (an instant, resolved against the plan once launched) instead of at the round's end. */
  until?: (launchedAt: string) => string;
  /** For tests and the bench: other workflows or activities than the real ones. */
  workflowsPath?: string;
  activities?: object;
  /** For the bench: looks at the server (the histories) once the round has ended, before the server stops. */
  inspect?: (env: TestWorkflowEnvironment) => Promise<void>;
  /** Progress lines while the rehearsal runs (stderr). */
  log: (line: string) => void;
}

export interface ActionRecord {
  at: string;
  action: string;
  summary: string;
  outcome: ActionOutcome;
}

export interface RehearsalResult {
  launchedAt: string;
  endedAt: string;
  actions: ActionRecord[];
  progress: ProgressView;
  /** How the workflow ended: its result, the failure message, or still running when stopped `--until`. */
  ending: { ok: true } | { ok: false; message: string } | { ok: true; stoppedAt: string };
}

export async function rehearse(options: RehearsalOptions): Promise<RehearsalResult> {
  const opening = Promise.all([
    openTimeSkippingServer(),
    options.workflowsPath ? cachedWorkflowBundle(options.workflowsPath) : roundWorkflowBundle(),
  ]);
  const config: Config = { ...options.config, mail: { ...options.config.mail, smtpUrl: undefined, outboxDir: options.outboxDir } };
  // The templates of the round's languages compile here while the Java server starts (a second or two of
  // its own CPU), not after; another language would compile at its first letter.
  let mail: ReturnType<typeof rehearsalActivities> | undefined;
  try {
    mail = options.activities ? undefined : rehearsalActivities(config, options.round);
  } catch (error) {
    void opening.then(([env]) => env.teardown()).catch(() => undefined);
    throw error;
  }
  let env: TestWorkflowEnvironment;
  let bundle: { code: string };
  try {
    [env, bundle] = await opening;
  } catch (error) {
    mail?.close();
    throw error;
  }
  try {
    const taskQueue = `rehearsal-${randomUUID()}`;
    const worker = await Worker.create({
      connection: env.nativeConnection,
      namespace: env.namespace ?? 'default',
      taskQueue,
      workflowBundle: bundle,
      activities: options.activities ?? mail?.activities,
    });
    const result = await worker.runUntil(drive(env, taskQueue, options));
    await options.inspect?.(env);
    return result;
  } finally {
    mail?.close();
    await env.teardown();
  }
}

/**
 * The real activities and templates, writing to the rehearsal's outbox, dated in simulated time: a
 * letter the round sends in March 2027 says March 2027 in its Date header and in the manifest.
 */
function rehearsalActivities(config: Config, round: Round): { activities: object; close(): void } {
  const transport = createOutboxTransport(config.mail.outboxDir);
  const languages = new Set([defaultLanguage(round.community), ...round.delegations.map((delegation) => delegation.language)]);
  const renderer = createRenderer(undefined, { languages: [...languages] });
  const activities = createActivities({ renderer, transport, from: parseMailbox(config.mail.from), publicUrl: config.publicUrl, linkSecret: resolveLinkSecret(config), clock: simulatedClock });
  return { activities, close: () => transport.close() };
}

/**
 * The simulated moment of a hand-over. Inside an activity, the instant the server scheduled this
 * attempt is on the time-skipping server's own clock, which has skipped to the round's instant (the
 * hand-over follows it by the activity's few milliseconds); outside an activity there is no simulated
 * clock, so wall time.
 */
export function simulatedClock(): Date {
  const scheduledMs = attemptScheduledMs();
  return scheduledMs === undefined ? new Date() : new Date(scheduledMs);
}

function attemptScheduledMs(): number | undefined {
  try {
    const scheduledMs = Context.current().info.currentAttemptScheduledTimestampMs;
    return scheduledMs > 0 ? scheduledMs : undefined;
  } catch {
    return undefined; // not inside an activity
  }
}

async function drive(env: TestWorkflowEnvironment, taskQueue: string, options: RehearsalOptions): Promise<RehearsalResult> {
  const now = async () => new Date(await env.currentTimeMs()).toISOString();
  const launchedAt = await now();
  const handle = await startRound(env.client, options.round, options.input, taskQueue);
  options.log(`launched ${options.round.id} at ${launchedAt} (simulated)`);
  const records: ActionRecord[] = [];
  const clearance = timerClearance(env, handle.workflowId);
  const until = options.until?.(launchedAt);
  const actions = options.actions(launchedAt).filter((candidate) => !until || candidate.atInstant <= until);
  for (const group of togetherGroups(actions)) {
    const wait = Date.parse(group[0]!.atInstant) - (await env.currentTimeMs());
    if (wait > 0) await env.sleep(wait);
    await clearance.beforeAction();
    const outcomes = await Promise.all(group.map((action) => applyRoundAction(handle, toRoundAction(action, options.round))));
    const at = await now();
    group.forEach((action, index) => {
      const outcome = outcomes[index]!;
      const summary = describeAction(action);
      records.push({ at, action: action.action, summary, outcome });
      options.log(`${action.atInstant} ${summary}: ${outcome.accepted ? 'accepted' : `refused (${outcome.reason})`}`);
    });
  }
  let ending: RehearsalResult['ending'] = { ok: true };
  let endedAt: string;
  let progress: ProgressView | undefined;
  if (until) {
    const wait = Date.parse(until) - (await env.currentTimeMs());
    if (wait > 0) await env.sleep(wait);
    if (!(await settleAt(env, handle.workflowId, until))) {
      options.log(`the round was still at work on ${until} after a minute; its letters of that instant may be missing`);
    }
    ending = { ok: true, stoppedAt: until };
    endedAt = await now();
  } else {
    // Awaiting the result lets the server skip time to the round's end. The server's clock may run on
    // past it (nothing is left to wait for), so the end is the round's own.
    try {
      const outcome = (await handle.result()) as RoundOutcome;
      endedAt = outcome.endedAt;
      progress = outcome.progress;
    } catch (error) {
      ending = { ok: false, message: (error as Error).message };
      endedAt = await now();
    }
  }
  // A closed round answers a query only by replaying its whole history: its result carries the same answer.
  const final = progress ?? (await queryProgressOf(handle));
  return { launchedAt, endedAt, actions: records, progress: { ...final, warnings: currentWarnings(final) }, ending };
}

/**
 * The actions in order, the submissions of one instant for different deliverables sent together: the
 * round takes them in one go, as it would delegations' submissions arriving at once, and whatever order
 * it takes them in, each one's outcome is the same. Anything else (a waiver, an extension or a reschedule,
 * which re-plan the round; a replacement; a cancellation; two submissions of one deliverable) waits for
 * the one before, in the scenario's order.
 */
export function togetherGroups(actions: TimedAction[]): TimedAction[][] {
  const groups: TimedAction[][] = [];
  for (const action of actions) {
    const group = groups.at(-1);
    const subject = deliverableOf(action);
    const joins =
      group !== undefined &&
      subject !== undefined &&
      group[0]!.atInstant === action.atInstant &&
      group.every((other) => deliverableOf(other) !== undefined && deliverableOf(other) !== subject);
    if (joins) group.push(action);
    else groups.push([action]);
  }
  return groups;
}

function deliverableOf(action: TimedAction): string | undefined {
  return action.action === 'submit' ? action.deliverable : undefined;
}

export function describeAction(action: TimedAction): string {
  switch (action.action) {
    case 'submit':
      return `submit ${action.deliverable}`;
    case 'waive':
      return `waive ${action.deliverable}`;
    case 'extend':
      return `extend ${action.deliverable} to ${action.dueAt}`;
    case 'reschedule':
      return `reschedule ${action.event}${action.start ? ` to ${action.start}` : ''}`;
    case 'replace':
      return `replace ${action.leaving} (${action.country}) by ${action.newcomer.email}`;
    case 'cancel':
      return 'cancel the round';
  }
}

/** Fills in what a scenario may leave out: who submits (the owner's first participant) and a reference. */
export function toRoundAction(action: TimedAction, round: Round): RoundAction {
  const { at: _at, atInstant: _atInstant, ...rest } = action;
  if (rest.action !== 'submit') return rest;
  const [owner, , participant] = rest.deliverable.split('/');
  const delegation = round.delegations.find((candidate) => candidate.country === owner?.toUpperCase());
  const by = rest.by ?? participant ?? delegation?.participants[0]?.email ?? round.secretariat.coordinator.email;
  return { action: 'submit', deliverable: rest.deliverable, by, reference: rest.reference ?? `https://docs.example.org/${round.id}/${rest.deliverable}` };
}
