/**
 * What the round workflow tests share: an example round moved so it starts right after the test
 * server's clock, a recorder in place of the message activity, and a worker running the real bundle.
 */
import { timerClearance } from '../../client/simulation/timer-clearance';
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { WorkflowHandle } from '@temporalio/client';
import { readRoundFile } from '../../client/round-file-io';
import { createPlanningActivities } from '../../activities/planning';
import { messageActivities, type RoundActivities } from '../../activities';
import type { temporal } from '@temporalio/proto';
import type { Letter, LetterReceipt, Message, MessageActivities, MessageKind } from '../../workflows/dispatch';
import { deliverablesWorkflowId, roundWorkflowId, type SubmitDeliverableInput } from '../../workflows/messages';
import { exchangeRound } from '../../workflows/round.workflow';
import { buildPlan } from '../../domain/plan';
import type { Plan, PlanDeliverable } from '../../domain/plan-types';
import type { Round } from '../../domain/round-file';
import { validateRound } from '../../domain/validate';
import { submitDeliverable } from '../../workflows/messages';
import { openTimeSkippingEnv, workflowBundle } from '../harness/servers';

export const repoRoot = path.join(__dirname, '..', '..');
export const DAY_MS = 24 * 60 * 60 * 1000;
export const HOUR_MS = 60 * 60 * 1000;

/** Workers of runRound still running, with what their runUntil resolves to. */
const runningWorkers = new Map<Worker, Promise<unknown>>();

/**
 * The time-skipping server, with the round's search attributes registered (the harness does it). Its
 * teardown first stops any worker a timed-out story left running: a worker holding the connection makes
 * the teardown throw and keeps jest from exiting.
 */
export async function openRoundEnv(): Promise<TestWorkflowEnvironment> {
  const env = await openTimeSkippingEnv();
  const teardown = env.teardown.bind(env);
  env.teardown = async () => {
    for (const [worker, stopped] of runningWorkers) {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await stopped.catch(() => undefined);
    }
    runningWorkers.clear();
    await teardown();
  };
  return env;
}

/** An example round file with every date moved by whole days so that vc1 falls `vc1InDays` after `nowMs`. */
export async function exampleRound(name: 'fr-2027-r1' | 'en-2027-r1', nowMs: number, vc1InDays = 21): Promise<Round> {
  return movedRound(path.join(repoRoot, 'examples', `${name}.yaml`), nowMs, vc1InDays);
}

/**
 * A round file of test/fixtures/rounds moved as `exampleRound` moves an example. Moved by whole days, a
 * round keeps its UTC hours but not always its zones' summer time: a test reads local hours off the plan.
 */
export async function fixtureRound(name: string, nowMs: number, vc1InDays = 21): Promise<Round> {
  return movedRound(path.join(repoRoot, 'test', 'fixtures', 'rounds', `${name}.yaml`), nowMs, vc1InDays);
}

async function movedRound(file: string, nowMs: number, vc1InDays: number): Promise<Round> {
  const name = path.basename(file);
  const raw = (await readRoundFile(file)) as Record<string, unknown>;
  const parsed = validateRound(raw);
  if (!parsed.ok) throw new Error(`${name} should be valid: ${JSON.stringify(parsed.errors)}`);
  const round = parsed.round;
  const vc1 = Date.parse(round.schedule.vc1.start);
  const shiftDays = Math.ceil((nowMs + vc1InDays * DAY_MS - vc1) / DAY_MS);
  const instant = (iso: string) => new Date(Date.parse(iso) + shiftDays * DAY_MS).toISOString();
  const date = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + shiftDays * DAY_MS).toISOString().slice(0, 10);
  const { vc1: v1, vc2, visit, vc3 } = round.schedule;
  const moved = validateRound({
    ...round,
    id: `${round.id}-${randomUUID().slice(0, 8)}`,
    schedule: {
      vc1: { ...v1, start: instant(v1.start) },
      vc2: { ...vc2, start: instant(vc2.start) },
      visit: { ...visit, start: date(visit.start), end: date(visit.end) },
      vc3: { ...vc3, start: instant(vc3.start) },
    },
  });
  if (!moved.ok) throw new Error(`moved ${name} should be valid: ${JSON.stringify(moved.errors)}`);
  return moved.round;
}

type UnionToIntersection<U> = (U extends unknown ? (field: U) => void : never) extends (field: infer I) => void ? I : never;
/** Every field any kind carries, each optional: what a test reads off a message whose kind it checked. */
export type AnyMessage = Message & Partial<UnionToIntersection<Message extends infer M ? (M extends Message ? Omit<M, 'kind'> : never) : never>>;

/**
 * What the tests look at in each message the workflows decided to send: the letters of one message
 * (same kind, same identity) gathered with their readers, in the order they were posted.
 */
export interface Sent {
  kind: MessageKind;
  about: string;
  recipients: string[];
  cc: string[];
  decidedAt: string;
  method?: 'REQUEST' | 'CANCEL';
  uid?: string;
  sequence?: number;
  /** The first reader's message (the payload is the same for every reader unless it names their own tasks). */
  dispatch: AnyMessage;
  letters: Letter[];
}

/** Every letter the recording activity received, across the tests of a run (for the template fixtures). */
export const recordedLetters: Letter[] = [];

/** The real planning activities and a recorder in place of the send activity. */
export function recordingActivities(sent: Sent[]): RoundActivities {
  return {
    ...createPlanningActivities(),
    ...messageActivities(async (letter: Letter): Promise<LetterReceipt> => {
      recordLetter(sent, letter);
      return { messageId: `<${letter.message.kind}.${letter.message.about}.${letter.to.email}@test>`, handedOverAt: new Date().toISOString() };
    }),
  };
}

export function recordLetter(sent: Sent[], letter: Letter): void {
  const { message, to } = letter;
  recordedLetters.push(letter);
  const known = sent.find((m) => m.kind === message.kind && m.about === message.about);
  if (known) {
    if (!known.recipients.includes(to.email)) known.recipients.push(to.email);
    known.letters.push(letter);
    return;
  }
  const invite = 'invite' in message ? message.invite : undefined;
  sent.push({
    kind: message.kind,
    about: message.about,
    recipients: [to.email],
    cc: (message.cc ?? []).map((person) => person.email),
    decidedAt: message.decidedAt,
    ...(invite ? { method: invite.method, uid: invite.uid, sequence: invite.sequence } : {}),
    dispatch: message,
    letters: [letter],
  });
}

/**
 * Reminder digests opened into their items (merged across readers), so a test can follow one deliverable
 * or event through its reminders however they were grouped into a reader's day.
 */
export function expandDigests(sent: Sent[]): Sent[] {
  const out: Sent[] = [];
  for (const message of sent) {
    if (message.kind !== 'reminder-digest') {
      out.push(message);
      continue;
    }
    const keys = message.about.slice(message.about.indexOf(':') + 1).split('+');
    (message.dispatch.items ?? []).forEach((item, index) => {
      const about = keys[index] ?? '';
      const known = out.find((m) => m.kind === item.kind && m.about === about);
      if (known) {
        for (const email of message.recipients) if (!known.recipients.includes(email)) known.recipients.push(email);
        return;
      }
      out.push({ ...message, kind: item.kind, about, recipients: [...message.recipients], dispatch: { ...message.dispatch, ...item } as AnyMessage });
    });
  }
  return out;
}

/** Messages in time order; messages decided at the same instant in a stable order. */
export function inOrder(sent: Sent[]): Sent[] {
  return [...sent].sort((a, b) =>
    a.decidedAt !== b.decidedAt ? (a.decidedAt < b.decidedAt ? -1 : 1) : a.about < b.about ? -1 : a.about > b.about ? 1 : a.kind < b.kind ? -1 : 1,
  );
}

export const about = (sent: Sent[], prefix: string) => inOrder(expandDigests(sent)).filter((m) => m.about.startsWith(prefix));
/** Matches an instant within the same minute as `iso` (for what updates decide, at wall-clock speed). */
export const sameMinute = (iso: string) => expect.stringMatching(`^${iso.slice(0, 16)}`);
const DELIVERABLE_KINDS = ['deliverable-request', 'feedback-request', 'deliverable-reminder', 'overdue-notice', 'escalation', 'submission-receipt', 'deliverable-waived', 'deadline-extended'];
/** Everything one deliverable caused: its request, reminders, notices, escalation, extensions and receipt, in time order. */
export const deliverableMessages = (sent: Sent[], id: string) =>
  inOrder(expandDigests(sent)).filter(
    (m) => DELIVERABLE_KINDS.includes(m.kind) && (m.about === id || m.about.startsWith(`${id}#`) || m.about.startsWith(`${id}@`)),
  );
/** A refused update: the client reports "Workflow Update failed", the reason is its cause. */
export const refusedWith = (reason: RegExp) => ({ cause: expect.objectContaining({ message: expect.stringMatching(reason) }) });
export const brief = (messages: Sent[]) => messages.map((m) => [m.kind, m.about, m.decidedAt]);

export interface RoundRun {
  env: TestWorkflowEnvironment;
  round: Round;
  handle: WorkflowHandle<typeof exchangeRound>;
  sent: Sent[];
  /** The plan as the workflow built it (same launch instant). */
  plan: Plan;
  /** Ids submitted so far by `submitOnTime`. */
  submitted: string[];
  /** Moves the test server's clock to `iso` (timers fire on the way). */
  sleepUntil(iso: string): Promise<void>;
  submit(deliverable: PlanDeliverable, by?: string): Promise<unknown>;
}

/** A test that stands in for the single-letter activity gets the batch activity built on its stand-in, as the worker's is. */
function withBatchesOf(activities: RoundActivities & Partial<MessageActivities>): RoundActivities {
  return { ...activities, ...messageActivities(activities.deliverLetter) };
}

/**
 * A round's result once it has closed. In one whole-suite run, `result()` on a round cancelled from
 * Temporal waited over a minute where the same test takes 3 s alone: the time-skipping server's wait
 * for the close event seemed not to hear of a cancellation. Asking `describe()` beside it each second
 * notices the close either way; the close is then read without waiting.
 */
export async function closedResult<T>(handle: WorkflowHandle, limitMs = 50_000): Promise<T> {
  const deadline = Date.now() + limitMs;
  let waiting = true;
  const closed = (async () => {
    while (waiting && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      if (waiting && (await handle.describe()).status.name !== 'RUNNING') return;
    }
  })();
  try {
    await Promise.race([handle.result().catch(() => undefined), closed]);
  } finally {
    waiting = false;
  }
  return (await handle.result()) as T;
}

/** The activities a workflow's history scheduled, in order, with their decoded input. */
export function scheduledActivities(history: temporal.api.history.v1.IHistory): Array<{ type: string; input: unknown }> {
  return (history.events ?? []).flatMap((event) => {
    const scheduled = event.activityTaskScheduledEventAttributes;
    if (!scheduled) return [];
    const data = scheduled.input?.payloads?.[0]?.data;
    return [{ type: scheduled.activityType?.name ?? '', input: data ? JSON.parse(Buffer.from(data).toString('utf8')) : undefined }];
  });
}

/** Starts the round on a fresh task queue, runs `story` while the worker runs, and returns what was sent. */
export async function runRound(
  env: TestWorkflowEnvironment,
  round: Round,
  story: (run: RoundRun) => Promise<void>,
  activities: object = {},
): Promise<Sent[]> {
  const sent: Sent[] = [];
  const taskQueue = `round-${randomUUID()}`;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: await workflowBundle(path.join(repoRoot, 'workflows', 'index.ts')),
    activities: withBatchesOf({ ...recordingActivities(sent), ...activities }),
  });
  const running = worker.runUntil(async () => {
    const handle = await env.client.workflow.start(exchangeRound, {
      args: [{ round }],
      taskQueue,
      workflowId: roundWorkflowId(round.id),
    });
    const { startTime } = await handle.describe();
    const clearance = timerClearance(env, handle.workflowId);
    const plan = round.delegations.some((d) => d.host) ? buildPlan(round, startTime.toISOString()) : ({} as Plan);
    const run: RoundRun = {
      env,
      round,
      handle,
      sent,
      plan,
      submitted: [],
      async sleepUntil(iso) {
        const now = await env.currentTimeMs();
        if (Date.parse(iso) > now) await env.sleep(Date.parse(iso) - now);
        // What a story does next lands clear of the round's timers due this very instant, as a rehearsal's
        // actions do: an update that cancels a timer the test server fires meanwhile strands the round
        // (client/simulation/timer-clearance.ts).
        await clearance.beforeAction();
      },
      async submit(deliverable, by) {
        const view = await handle.executeUpdate(submitDeliverable, { args: [submission(round, deliverable, by)] });
        run.submitted.push(deliverable.id);
        return view;
      },
    };
    try {
      await story(run);
    } catch (error) {
      // A failed story must not leave its round running on the shared server (children follow their parent).
      await handle.terminate('the test story failed').catch(() => undefined);
      throw error;
    }
    await recordHistories(env, round, handle.workflowId);
  });
  runningWorkers.set(worker, running);
  try {
    await running;
  } finally {
    runningWorkers.delete(worker);
  }
  saveRecordedLetters();
  return sent;
}

/**
 * With JSRX_RECORD_LETTERS=1, one letter of each shape the workflows produced (kind, language, reader's
 * role, invitation update, reason) is kept in test/fixtures/dispatched-letters.json: the template tests
 * render those, never hand-built shapes.
 */
function saveRecordedLetters(): void {
  if (process.env.JSRX_RECORD_LETTERS !== '1') return;
  const file = path.join(repoRoot, 'test', 'fixtures', 'dispatched-letters.json');
  let kept: Letter[];
  try {
    const existing = JSON.parse(readFileSync(file, 'utf8')) as Letter[] | { provisional?: boolean; letters: Letter[] };
    kept = Array.isArray(existing) ? existing : existing.provisional ? [] : existing.letters;
  } catch {
    kept = [];
  }
  const shape = ({ message, to }: Letter) =>
    [
      message.kind,
      to.language,
      to.role,
      'invite' in message ? `${message.invite.method}:${message.invite.sequence > 0}` : '',
      'reason' in message && message.reason ? 'reason' : '',
      'movedWith' in message && message.movedWith ? `moved-with:${message.movedWith.kind}` : '',
      message.kind === 'reminder-digest' ? message.items.map((item) => item.kind).sort().join(',') : '',
      'event' in message ? message.event.kind : '',
      'invite' in message ? message.invite.event.kind : '',
      // Lists that templates loop over: kept once empty and once filled, with each status they show.
      'escalated' in message ? `escalated:${message.escalated.length > 0}` : '',
      'progress' in message ? [...new Set(message.progress.map((item) => item.status))].sort().join(',') : '',
      'documents' in message ? `documents:${message.documents.length > 0}` : '',
      'tasks' in message ? `tasks:${message.tasks.length > 0}` : '',
    ].join('|');
  const shapes = new Set(kept.map(shape));
  for (const letter of recordedLetters) {
    if (shapes.has(shape(letter))) continue;
    shapes.add(shape(letter));
    kept.push(letter);
  }
  kept.sort((a, b) => shape(a).localeCompare(shape(b)));
  writeFileSync(file, `${JSON.stringify(kept, null, 1)}\n`);
  recordedLetters.length = 0;
}

export function submission(round: Round, deliverable: PlanDeliverable, by?: string): SubmitDeliverableInput {
  const owner = round.delegations.find((d) => d.country === deliverable.owner);
  const submitter = by ?? deliverable.participant ?? owner?.participants[0]?.email ?? round.secretariat.coordinator.email;
  return {
    delegation: deliverable.owner,
    key: deliverable.key,
    ...(deliverable.participant ? { participant: deliverable.participant } : {}),
    by: submitter,
    reference: `https://files.example.org/${deliverable.id}.pdf`,
  };
}

/**
 * Submits every deliverable of `run.plan` one day before it is due, except those `late` picks (left to
 * the story), up to `until` if given. Remembers what it submitted, so a story can call it again later.
 */
export async function submitOnTime(
  run: RoundRun,
  options: { late?: (d: PlanDeliverable) => boolean; until?: string } = {},
): Promise<void> {
  const dayBefore = (d: PlanDeliverable) => new Date(Date.parse(d.dueAt) - DAY_MS).toISOString();
  const onTime = run.plan.deliverables.filter(
    (d) => !run.submitted.includes(d.id) && !options.late?.(d) && (!options.until || dayBefore(d) <= options.until),
  );
  const instants = [...new Set(onTime.map(dayBefore))].sort();
  for (const instant of instants) {
    await run.sleepUntil(instant);
    for (const deliverable of onTime.filter((d) => dayBefore(d) === instant)) {
      await run.submit(deliverable);
    }
  }
}

/**
 * With JSRX_RECORD_HISTORIES=<release>, the round's and its children's histories are written to
 * test/histories/<release>/, next to the folders of earlier releases (each must keep replaying).
 */
export function historiesFolder(): string | undefined {
  const release = process.env.JSRX_RECORD_HISTORIES?.trim();
  if (!release) return undefined;
  if (!/^[a-z0-9][a-z0-9-]*$/.test(release))
    throw new Error(`JSRX_RECORD_HISTORIES=${release}: name the release in lower case, digits and dashes, for example 3-welcome-names-the-host`);
  return path.join(repoRoot, 'test', 'histories', release);
}

async function recordHistories(env: TestWorkflowEnvironment, round: Round, roundWorkflow: string): Promise<void> {
  const folder = historiesFolder();
  const name = folder ? expect.getState().currentTestName : undefined;
  if (!folder || !name) return;
  mkdirSync(folder, { recursive: true });
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 80);
  const owners = ['secretariat', ...round.delegations.map((d) => d.country)];
  const ids = [roundWorkflow, ...owners.map((owner) => deliverablesWorkflowId(round.id, owner))];
  for (const [index, workflowId] of ids.entries()) {
    // A round refused at launch has no children.
    const history = await env.client.workflow.getHandle(workflowId).fetchHistory().catch(() => undefined);
    if (!history) continue;
    const suffix = index === 0 ? 'round' : owners[index - 1]?.toLowerCase();
    // protobufjs's own toJSON (enum names, 64-bit numbers as strings), which historyFromJSON reads back.
    writeFileSync(path.join(folder, `${slug}.${suffix}.json`), `${JSON.stringify({ workflowId, history })}\n`);
  }
}
