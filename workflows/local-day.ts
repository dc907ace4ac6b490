/**
 * A reader's calendar day for an instant, from the zone offsets the plan recorded (no time-zone
 * database in workflow code: see domain/zone-offsets.ts).
 */
import type { ZoneOffsets } from '../domain/plan-types';

const MINUTE_MS = 60_000;

export function localDay(instant: string, zone: string, zones: Record<string, ZoneOffsets>): string {
  const offsets = zones[zone] ?? [];
  let offsetMinutes = offsets[0]?.offsetMinutes ?? 0;
  for (const entry of offsets) {
    if (entry.from > instant) break;
    offsetMinutes = entry.offsetMinutes;
  }
  return new Date(Date.parse(instant) + offsetMinutes * MINUTE_MS).toISOString().slice(0, 10);
}
