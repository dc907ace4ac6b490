/**
 * The worker's logs, in one of two forms. For machines: one JSON object per line on stdout (level, time,
 * message and the SDK's metadata: workflow id, activity type, attempt …), which log shippers read
 * without a parser. For a person watching the terminal (`npm start`): one short line per event, who was
 * sent what and what failed (`14:02 sent invitation vc1#0 → m.saleh@example.td`). Installed into the
 * SDK's Runtime, so core's own logs and the workflow/activity `log` calls all come through here.
 */
import { DefaultLogger, type LogEntry, type LogLevel } from '@temporalio/worker';
import { LETTER_EVENTS } from '../activities/deliver';

export type LogFormat = 'json' | 'human';

export function jsonLine(entry: LogEntry): string {
  const time = new Date(Number(entry.timestampNanos / 1_000_000n)).toISOString();
  return JSON.stringify({ time, level: entry.level, message: entry.message, ...serialisable(entry.meta) });
}

/**
 * JSRX_LOG_FORMAT when it is set; else readable lines on a terminal and JSON anywhere else (a pipe, a
 * file, a container's log driver), so nothing that collects logs ever gets the human form by surprise.
 */
export function chooseLogFormat(asked: LogFormat | undefined, isTTY: boolean | undefined): LogFormat {
  return asked ?? (isTTY ? 'human' : 'json');
}

/** Metadata the SDK adds to every activity and workflow line: useful to a machine, noise on a terminal. */
const SDK_FIELDS = new Set([
  'sdkComponent',
  'taskQueue',
  'namespace',
  'workflowId',
  'runId',
  'workflowType',
  'activityId',
  'activityType',
  'attempt',
  'isLocal',
  'taskToken',
]);

/** The local time as HH:MM, the way every human line starts. */
export function clockTime(when: Date, timeZone?: string): string {
  return new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone }).format(when);
}

/** A letter as the terminal names it: its kind, what it is about when that adds anything, its reader. */
function letterText(meta: Record<string, unknown>): string {
  const kind = String(meta.kind);
  const about = String(meta.about);
  // A welcome is about "welcome", a round-completed about "completed": saying it twice tells nothing.
  const said = about === kind || kind.endsWith(`-${about}`);
  return `${kind}${said ? '' : ` ${about}`} → ${String(meta.to)}`;
}

/**
 * webpack's build report, which the SDK logs at INFO when a worker bundles its workflows at start: a
 * screenful of module sizes. The terminal gets the SDK's one-line "Workflow bundle created" after it
 * instead; JSON keeps it whole. Errors are never hidden (the SDK logs a failed build at ERROR).
 */
function isBundlerReport(entry: LogEntry): boolean {
  return entry.level === 'INFO' && entry.message.startsWith('asset workflow-bundle-') && /\bwebpack\b/.test(entry.message);
}

/** One short line: the local time (HH:MM), what happened, to whom; problems say so first. Nothing for noise. */
export function humanLine(entry: LogEntry, timeZone?: string): string | undefined {
  if (isBundlerReport(entry)) return undefined;
  const time = clockTime(new Date(Number(entry.timestampNanos / 1_000_000n)), timeZone);
  const meta = (entry.meta ?? {}) as Record<string, unknown>;
  switch (entry.message) {
    case LETTER_EVENTS.sent:
      return `${time} sent ${letterText(meta)}`;
    case LETTER_EVENTS.refused:
      return `${time} FAILED ${letterText(meta)}: ${String(meta.reason)} (not retried; the round records it)`;
    case LETTER_EVENTS.deferred:
      return `${time} retrying ${letterText(meta)}: ${String(meta.reason)}`;
    default: {
      const details = Object.entries(serialisable(entry.meta))
        .filter(([key]) => !SDK_FIELDS.has(key))
        .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
      const level = entry.level === 'WARN' || entry.level === 'ERROR' ? `${entry.level} ` : '';
      return `${time} ${level}${entry.message}${details.length > 0 ? ` (${details.join(', ')})` : ''}`;
    }
  }
}

export function createLogger(
  level: LogLevel,
  format: LogFormat,
  write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): DefaultLogger {
  return new DefaultLogger(level, (entry) => {
    const line = format === 'human' ? humanLine(entry) : jsonLine(entry);
    if (line !== undefined) write(line);
  });
}

const PINO_PROBLEMS: Record<number, string> = { 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };

/**
 * The web service's records (fastify writes pino's JSON) as the same short lines, for a terminal.
 * Fastify's own "Server listening at …" is left out: the service prints its addresses and links itself.
 */
export function webHumanLine(record: string, timeZone?: string): string | undefined {
  let parsed: { level?: number; time?: number; msg?: string; err?: { message?: string } };
  try {
    parsed = JSON.parse(record) as typeof parsed;
  } catch {
    return record.trimEnd() || undefined;
  }
  const message = parsed.msg ?? '';
  if (message.startsWith('Server listening at ')) return undefined;
  const level = PINO_PROBLEMS[parsed.level ?? 30];
  const reason = parsed.err?.message && !message.includes(parsed.err.message) ? `: ${parsed.err.message}` : '';
  return `${clockTime(new Date(parsed.time ?? Date.now()), timeZone)} web: ${level ? `${level} ` : ''}${message}${reason}`;
}

/** A stream for fastify's logger that writes each record in the chosen form. */
export function webLogStream(
  format: LogFormat,
  write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): { write(chunk: string): void } {
  return {
    write(chunk) {
      for (const record of chunk.split('\n')) {
        if (record.trim() === '') continue;
        const line = format === 'human' ? webHumanLine(record) : record;
        if (line !== undefined) write(line);
      }
    },
  };
}

export function createJsonLogger(level: LogLevel, write?: (line: string) => void): DefaultLogger {
  return createLogger(level, 'json', write);
}

// Errors do not survive JSON.stringify (their fields are not enumerable); keep their message and stack.
function serialisable(meta: LogEntry['meta']): Record<string, unknown> {
  if (!meta) return {};
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(meta)) {
    if (value instanceof Error) out[key] = { name: value.name, message: value.message, stack: value.stack };
    else if (typeof value === 'bigint') out[key] = value.toString();
    else out[key] = value;
  }
  return out;
}
