/**
 * What every command prints with: JSON for scripts (`--json`), or text for people, with colours on a
 * terminal only (piped output and NO_COLOR stay plain), and every instant written in one chosen zone.
 */
import Table from 'cli-table3';
import { DateTime, IANAZone } from 'luxon';
import { createColors } from 'picocolors';
import { InputError } from './exit';

export interface Printer {
  json: boolean;
  zone: string;
  colors: ReturnType<typeof createColors>;
  line(text?: string): void;
  /** To stderr, so `--json` output stays parseable. */
  warn(text: string): void;
  /** Prints the value as JSON when `--json` was given, otherwise calls `human`. */
  result(value: unknown, human: () => void): void;
}

export interface CommonOptions {
  json?: boolean;
  tz?: string;
}

export function hostZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** Validates `--tz`; the default is the zone of the machine the command runs on. */
export function resolveZone(tz: string | undefined): string {
  if (tz === undefined) return hostZone();
  if (!IANAZone.isValidZone(tz)) throw new InputError(`--tz ${tz}: not a time zone; use an IANA name such as Africa/Nairobi or UTC`);
  return tz;
}

export function createPrinter(options: CommonOptions, stream: NodeJS.WriteStream = process.stdout): Printer {
  const colorful = Boolean(stream.isTTY) && !process.env.NO_COLOR && !options.json;
  return {
    json: Boolean(options.json),
    zone: resolveZone(options.tz),
    colors: createColors(colorful),
    line: (text = '') => void stream.write(`${text}\n`),
    warn: (text) => void process.stderr.write(`${text}\n`),
    result(value, human) {
      if (this.json) stream.write(`${JSON.stringify(value, null, 2)}\n`);
      else human();
    },
  };
}

/**
 * `Tue 16 Feb 2027 14:00 EAT`, for the coordinator's terminal: the weekday helps people check a date
 * against their calendar. Emails write instants for their reader instead (language, city, UTC beside
 * it): activities/time-format.ts.
 */
export function formatDateTime(iso: string, zone: string): string {
  const instant = DateTime.fromISO(iso, { zone: 'utc' }).setZone(zone);
  if (!instant.isValid) return iso;
  return instant.toFormat('ccc d LLL yyyy HH:mm ZZZZ');
}

export function formatTime(iso: string, zone: string): string {
  const instant = DateTime.fromISO(iso, { zone: 'utc' }).setZone(zone);
  return instant.isValid ? instant.toFormat('HH:mm ZZZZ') : iso;
}

/** A plain table when piped (no box-drawing colours), the same layout on a terminal. */
export function createTable(head: string[], printer: Printer): Table.Table {
  return new Table({
    head,
    // No rule between rows: a round's table has twenty of them and must fit a screen.
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
    style: { head: printer.colors.isColorSupported ? ['cyan'] : [], border: printer.colors.isColorSupported ? ['grey'] : [] },
  });
}
