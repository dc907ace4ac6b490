/**
 * A plan as people read it: each phase with its start, the events in it, and what is due in it; then
 * each owner's list of deliverables. Every instant is written in the reader's chosen zone.
 */
import type { Plan, PlanDeliverable, PlanEvent } from '../domain/plan-types';
import { formatEventWhen } from './event-when';
import { DateTime } from 'luxon';
import { formatDateTime, formatTime, type Printer } from './output';

export function printTimeline(plan: Plan, printer: Printer): void {
  const { bold, dim, cyan } = printer.colors;
  const zone = printer.zone;
  printer.line(bold(`Timeline of ${plan.roundId} (times in ${zone})`));
  for (const phase of plan.phases) {
    printer.line();
    printer.line(`${bold(cyan(phase.phase.padEnd(11)))} from ${formatDateTime(phase.startsAt, zone)}`);
    for (const event of plan.events.filter((candidate) => candidate.phase === phase.phase)) {
      printer.line(`  ${describeEvent(event, zone)}`);
    }
    for (const group of groupByDue(plan.deliverables.filter((deliverable) => deliverable.phase === phase.phase))) {
      const optional = group.optional ? dim(' (optional)') : '';
      printer.line(`  due ${formatDateTime(group.dueAt, zone)}  ${group.key}${optional}  ${dim(group.owners.join(', '))}`);
    }
    if (phase.phase === 'prep-2') printer.line(`  peer documents pack by ${formatDateTime(plan.peerDocumentsPackAt, zone)}`);
  }
  printer.line();
  printer.line(bold('Who owes what'));
  const owners = [...new Set(plan.deliverables.map((deliverable) => deliverable.owner))];
  for (const owner of owners) {
    printer.line(`  ${bold(owner)}`);
    for (const deliverable of plan.deliverables.filter((candidate) => candidate.owner === owner)) {
      const who = deliverable.participant ? ` ${dim(deliverable.participant)}` : '';
      printer.line(`    ${formatDateTime(deliverable.dueAt, zone)}  ${deliverable.key}${who}`);
    }
  }
}

function describeEvent(event: PlanEvent, zone: string): string {
  if (event.kind === 'visit' && event.allDay) {
    const place = [event.venue, event.city].filter(Boolean).join(', ');
    return `visit ${formatEventWhen(event, zone)}, ${place}`;
  }
  if (event.kind === 'debrief') return `${event.id} ${formatDateTime(event.start, zone)}`;
  // An end on a later day in this zone carries its date: `23:00 to 01:00` alone reads as the same day.
  const sameDay = localDay(event.start, zone) === localDay(event.end, zone);
  const end = sameDay ? formatTime(event.end, zone) : formatDateTime(event.end, zone);
  return `${event.id} ${formatDateTime(event.start, zone)} to ${end}${event.joinUrl ? `  ${event.joinUrl}` : ''}`;
}

interface DueGroup {
  key: string;
  dueAt: string;
  optional: boolean;
  owners: string[];
}

// One line for "each delegation owes X by the same date" instead of four (or eight, per participant).
function groupByDue(deliverables: PlanDeliverable[]): DueGroup[] {
  const groups: DueGroup[] = [];
  for (const deliverable of deliverables) {
    const owner = deliverable.owner;
    const group = groups.find((candidate) => candidate.key === deliverable.key && candidate.dueAt === deliverable.dueAt);
    if (group) {
      if (!group.owners.includes(owner)) group.owners.push(owner);
    } else {
      groups.push({ key: deliverable.key, dueAt: deliverable.dueAt, optional: deliverable.optional, owners: [owner] });
    }
  }
  return groups;
}

function localDay(iso: string, zone: string): string | null {
  return DateTime.fromISO(iso, { zone: 'utc' }).setZone(zone).toISODate();
}
