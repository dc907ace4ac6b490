/**
 * What happens during a rehearsal (`jsrx simulate --scenario`): a list of timed actions, each at an ISO
 * instant or at an offset from an event of the plan (`vc2-3d`, `visit-end+2d`, `launch+36h`), doing
 * what a coordinator or a delegation would do through the CLI. Two built-ins need no file:
 * `on-time` (every deliverable submitted a day before it is due) and `silent` (nobody submits).
 */
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { z } from 'zod';
import type { Plan } from '../../domain/plan-types';
import { InputError } from '../exit';

const OFFSET = /^(launch|vc1|vc2|vc3|visit|visit-end)(?:([+-])(\d+)([dh]))?$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/;
const HOUR_MS = 60 * 60 * 1000;

const at = z
  .string()
  .refine((text) => OFFSET.test(text) || INSTANT.test(text), 'write an ISO instant with its offset (2027-03-20T09:00:00Z) or an event offset (vc2-3d, visit-end+2d, launch+36h)');

const person = z.object({ name: z.string().min(1), email: z.string().min(3) });

export const scenarioActionSchema = z.discriminatedUnion('action', [
  z.object({ at, action: z.literal('submit'), deliverable: z.string().min(1), by: z.string().optional(), reference: z.string().optional() }),
  z.object({ at, action: z.literal('waive'), deliverable: z.string().min(1), reason: z.string().min(1), by: z.string().optional() }),
  z.object({ at, action: z.literal('extend'), deliverable: z.string().min(1), dueAt: z.string().min(1), reason: z.string().min(1), by: z.string().optional() }),
  z.object({
    at,
    action: z.literal('reschedule'),
    event: z.enum(['vc1', 'vc2', 'visit', 'vc3']),
    start: z.string().min(1),
    end: z.string().optional(),
    durationMinutes: z.number().int().positive().optional(),
    joinUrl: z.string().optional(),
    reason: z.string().optional(),
  }),
  z.object({ at, action: z.literal('replace'), country: z.string().min(2), leaving: z.string().min(3), newcomer: person }),
  z.object({ at, action: z.literal('cancel'), reason: z.string().min(1) }),
]);
export type ScenarioAction = z.infer<typeof scenarioActionSchema>;

export const scenarioFileSchema = z.array(scenarioActionSchema);

/** An action with its instant resolved against the plan. */
export type TimedAction = ScenarioAction & { atInstant: string };

export type ScenarioChoice = { kind: 'on-time' } | { kind: 'silent' } | { kind: 'file'; actions: ScenarioAction[]; file: string };

export async function loadScenario(choice: string | undefined): Promise<ScenarioChoice> {
  if (choice === undefined || choice === 'on-time') return { kind: 'on-time' };
  if (choice === 'silent') return { kind: 'silent' };
  let text: string;
  try {
    text = await readFile(choice, 'utf8');
  } catch {
    throw new InputError(`--scenario ${choice}: not on-time, silent, or a readable scenario file`);
  }
  return parseScenario(text, choice);
}

/** A scenario file's text: its actions, or an InputError naming the file and every problem in it. */
export function parseScenario(text: string, choice: string): ScenarioChoice & { kind: 'file' } {
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (error) {
    throw new InputError(`${choice}: YAML syntax error: ${(error as Error).message.split('\n')[0]}`);
  }
  // A bare list, or `actions:` under a map (room for a title or notes next to it).
  const list = raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as { actions?: unknown }).actions : raw;
  const parsed = scenarioFileSchema.safeParse(list);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issuePath(issue.path)}: ${issueMessage(issue, list)}`);
    throw new InputError(`${choice}: not a valid scenario:\n${problems.join('\n')}`);
  }
  return { kind: 'file', actions: parsed.data, file: choice };
}

/** `actions[1].newcomer.email`, as the round file's problems name their fields. */
function issuePath(path: PropertyKey[]): string {
  if (path.length === 0) return '(file)';
  return path.reduce<string>((text, key) => (typeof key === 'number' ? `${text}[${key}]` : `${text}.${String(key)}`), 'actions');
}

/** zod's "expected string, received undefined" for a field left out says what to add instead. */
function issueMessage(issue: z.core.$ZodIssue, list: unknown): string {
  const field = issue.path.at(-1);
  const index = issue.path[0];
  const missing = issue.code === 'invalid_type' && typeof field === 'string' && Array.isArray(list) && typeof index === 'number' && (list[index] as Record<string, unknown> | undefined)?.[field] === undefined;
  if (!missing) return issue.message;
  const action = (list[index as number] as { action?: unknown }).action;
  return `missing: a ${typeof action === 'string' ? action : 'scenario'} action needs its ${field}`;
}

/** The instant of `at` (or of the option named `field`, such as `--until`), against the plan the round was launched with. */
export function resolveAt(text: string, plan: Plan, field = 'at'): string {
  const match = OFFSET.exec(text);
  if (!INSTANT.test(text) && !match) throw new InputError(`${field}: ${text}: not an instant or an event offset`);
  let ms = Date.parse(text);
  if (match) {
    const [, anchor, sign, amount, unit] = match;
    const base = anchorInstant(anchor as string, plan);
    const hours = amount ? Number(amount) * (unit === 'd' ? 24 : 1) * (sign === '-' ? -1 : 1) : 0;
    ms = Date.parse(base) + hours * HOUR_MS;
  }
  // `2027-02-30T09:00Z` has the shape of an instant but is no day (Date.parse rolls it into March);
  // `launch-999999999d` is before any calendar.
  const instant = new Date(ms);
  if (Number.isNaN(instant.getTime()) || (!match && !isCalendarDay(text))) {
    throw new InputError(`${field}: ${text}: not a real instant: write a date that exists, or an offset of a few days`);
  }
  return instant.toISOString();
}

function isCalendarDay(text: string): boolean {
  const [year, month, day] = text.slice(0, 10).split('-').map(Number) as [number, number, number];
  return month >= 1 && month <= 12 && day >= 1 && new Date(Date.UTC(year, month - 1, day)).getUTCDate() === day;
}

function anchorInstant(anchor: string, plan: Plan): string {
  if (anchor === 'launch') return plan.launchedAt;
  const eventId = anchor === 'visit-end' ? 'visit' : anchor;
  const event = plan.events.find((candidate) => candidate.id === eventId);
  if (!event) throw new InputError(`at: the plan has no event ${eventId}`);
  return anchor === 'visit-end' ? event.end : event.start;
}

/** The actions of a scenario in time order, each with its instant. */
export function timedActions(choice: ScenarioChoice, plan: Plan): TimedAction[] {
  const actions: TimedAction[] =
    choice.kind === 'silent'
      ? []
      : choice.kind === 'on-time'
        ? plan.deliverables.map((deliverable) => ({
            action: 'submit' as const,
            at: deliverable.dueAt,
            deliverable: deliverable.id,
            // A day early, or at launch for one due within a day of it.
            atInstant: latest(new Date(Date.parse(deliverable.dueAt) - 24 * HOUR_MS).toISOString(), plan.launchedAt),
          }))
        : choice.actions.map((action) => ({ ...action, atInstant: resolveAt(action.at, plan) }));
  const late = actions.find((action) => action.atInstant < plan.launchedAt);
  if (late) throw new InputError(`scenario action ${late.action} at ${late.at} falls before the launch (${plan.launchedAt})`);
  // Stable: two actions at the same instant keep the file's order.
  return actions.sort((a, b) => (a.atInstant < b.atInstant ? -1 : a.atInstant > b.atInstant ? 1 : 0));
}

function latest(a: string, b: string): string {
  return a > b ? a : b;
}
