/**
 * The SDK's activity logger inside an activity (it carries the workflow and activity ids), and a
 * silent stand-in outside one (the CLI's preview, unit tests), where the SDK's `log` would throw.
 */
import { Context, log } from '@temporalio/activity';

type Fields = Record<string, unknown>;
export interface ActivityLog {
  info(message: string, fields?: Fields): void;
  warn(message: string, fields?: Fields): void;
}

const silent: ActivityLog = { info: () => undefined, warn: () => undefined };

export function activityLog(): ActivityLog {
  try {
    Context.current();
    return log;
  } catch {
    return silent;
  }
}
