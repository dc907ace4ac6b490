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

/** One short line: the local time (HH:MM), what happened, to whom; problems say so first. */
export function humanLine(entry: LogEntry, timeZone?: string): string {
  const when = new Date(Number(entry.timestampNanos / 1_000_000n));
  const time = new Intl.DateTimeFormat('en-GB', {
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone,
  }).format(when);
  const meta = (entry.meta ?? {}) as Record<string, unknown>;
  const letter = `${String(meta.kind)} ${String(meta.about)} → ${String(meta.to)}`;
  switch (entry.message) {
    case LETTER_EVENTS.sent:
      return `${time} sent ${letter}`;
    case LETTER_EVENTS.refused:
      return `${time} FAILED ${letter}: ${String(meta.reason)} (not retried; the round records it)`;
    case LETTER_EVENTS.deferred:
      return `${time} retrying ${letter}: ${String(meta.reason)}`;
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
  return new DefaultLogger(level, (entry) => write(format === 'human' ? humanLine(entry) : jsonLine(entry)));
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
