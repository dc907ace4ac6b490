/**
 * When the Secretariat's weekly progress digest goes out: Monday at 08:00 on the host's clock (the
 * Secretariat reads the round in the host's zone), so the week's summary is on the desk when the week
 * starts, whatever the hour and weekday the round happened to be launched at.
 */
import { DateTime } from 'luxon';
import { toUtcIso } from './due-dates';

export const DIGEST_WEEKDAY = 1; // Monday (luxon: 1 = Monday … 7 = Sunday)
export const DIGEST_HOUR = 8;

/**
 * Every digest instant (UTC ISO) strictly before the round completes, from the first Monday after the
 * launch day (never the launch day itself, which already brought the welcome pack): the first digest
 * thus covers at most a week and a day, and each later one the week since the one before.
 */
export function digestInstants(launchedAt: string, completesAt: string, zone: string): string[] {
  const end = DateTime.fromISO(completesAt, { zone });
  const dayAfterLaunch = DateTime.fromISO(launchedAt, { zone }).startOf('day').plus({ days: 1 });
  let monday = dayAfterLaunch
    .plus({ days: (DIGEST_WEEKDAY - dayAfterLaunch.weekday + 7) % 7 })
    .set({ hour: DIGEST_HOUR });
  const instants: string[] = [];
  // Local wall time kept week to week: a DST change moves the UTC instant, not the reader's 08:00.
  for (; monday < end; monday = monday.plus({ weeks: 1 })) instants.push(toUtcIso(monday));
  return instants;
}
