/**
 * The UTC offsets of the round's time zones over its life, written into the plan. The workflow groups a
 * reader's reminders by their local day; reading the offset from the recorded plan instead of a
 * time-zone database keeps that decision the same on every replay, whatever tzdata the worker ships.
 */
import { DateTime, IANAZone } from 'luxon';
import type { ZoneOffsets } from './plan-types';

const DAY_MS = 86_400_000;

/**
 * Offsets already found, by zone and span: the same round is planned several times in one process (the
 * check of a rehearsal, its scenario, its planning activity, each revision). Bounded, as a worker runs
 * for months.
 */
const found = new Map<string, ZoneOffsets>();
const FOUND_KEPT = 500;

/** Offsets in force from each instant on, for `zone`, between `from` and `until` (ISO instants). */
export function zoneOffsets(zone: string, from: string, until: string): ZoneOffsets {
  const start = DateTime.fromISO(from, { zone: 'utc' }).setZone(zone).startOf('day');
  const end = DateTime.fromISO(until, { zone: 'utc' }).plus({ days: 2 }).toMillis();
  // The offsets depend on the local day `from` falls on, not on its hour.
  const key = `${zone} ${start.toMillis()} ${end}`;
  let offsets = found.get(key);
  if (!offsets) {
    offsets = probeOffsets(zone, start, end);
    if (found.size >= FOUND_KEPT) found.clear();
    found.set(key, offsets);
  }
  // Copies: a plan is its holder's to change.
  return offsets.map((offset) => ({ ...offset }));
}

function probeOffsets(zone: string, start: DateTime, end: number): ZoneOffsets {
  const offsets: ZoneOffsets = [{ from: start.toUTC().toISO()!, offsetMinutes: start.offset }];
  // Zone transitions happen at most a few times a year; a daily probe finds each one's day, then an
  // hourly probe finds its hour (transitions fall on the hour in every zone a round can use).
  // The daily probe reads the zone's offset 24 hours on rather than building the next local midnight:
  // the same offset 24 hours apart means no transition in between (two are never a day apart), so the
  // next midnight is exactly 24 hours on. Only a day with a transition is walked with luxon's calendar
  // arithmetic. A plan probes about 200 days in each of its zones: this took a tenth of a second of CPU
  // per round launched (npm run bench.cluster's profile).
  const tz = start.isValid ? IANAZone.create(zone) : undefined;
  let dayMs = start.toMillis();
  let offset = start.offset;
  while (dayMs < end) {
    if (tz && tz.offset(dayMs + DAY_MS) === offset) {
      dayMs += DAY_MS;
      continue;
    }
    const day = DateTime.fromMillis(dayMs, { zone });
    const next = day.plus({ days: 1 });
    if (next.offset !== day.offset) {
      let hour = day;
      while (hour.plus({ hours: 1 }).offset === day.offset) hour = hour.plus({ hours: 1 });
      const change = hour.plus({ hours: 1 });
      offsets.push({ from: change.toUTC().toISO()!, offsetMinutes: change.offset });
    }
    dayMs = next.toMillis();
    offset = next.offset;
  }
  return offsets;
}
