/**
 * Structured logs for the worker: one JSON object per line on stdout (level, time, message and the
 * SDK's metadata: workflow id, activity type, attempt …), which log shippers read without a parser.
 * Installed into the SDK's Runtime, so core's own logs and the workflow/activity `log` calls all come
 * through here.
 */
import { DefaultLogger, type LogEntry, type LogLevel } from '@temporalio/worker';

export function jsonLine(entry: LogEntry): string {
  const time = new Date(Number(entry.timestampNanos / 1_000_000n)).toISOString();
  return JSON.stringify({ time, level: entry.level, message: entry.message, ...serialisable(entry.meta) });
}

export function createJsonLogger(level: LogLevel, write: (line: string) => void = (line) => process.stdout.write(`${line}\n`)): DefaultLogger {
  return new DefaultLogger(level, (entry) => write(jsonLine(entry)));
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
