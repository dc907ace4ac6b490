/**
 * The dashboard's action forms read into the RoundAction the CLI sends (client/round-service.ts): a
 * missing field or a bad deliverable id is refused here, before the round is asked.
 */
import { SCHEDULED_EVENTS, type ScheduledEventKey } from '../../../domain/plan-types';
import { InputError } from '../../exit';
import { parseDeliverableId, type RoundAction } from '../../round-service';

export type Form = Record<string, string | undefined>;

/** A field left empty (or only spaces, which `required` lets through): the page names it by its label. */
export class MissingFieldError extends InputError {
  override name = 'MissingFieldError';
  constructor(readonly field: string) {
    super(`${field} is missing: fill it in`);
  }
}

export function actionFrom(form: Form): RoundAction {
  const field = (name: string): string => {
    const value = form[name]?.trim();
    if (!value) throw new MissingFieldError(name);
    return value;
  };
  const optional = (name: string) => form[name]?.trim() || undefined;
  switch (form.action) {
    case 'submit':
      return {
        action: 'submit',
        deliverable: checkedDeliverable(field('deliverable')),
        by: field('by'),
        reference: field('reference'),
      };
    case 'waive':
      return {
        action: 'waive',
        deliverable: checkedDeliverable(field('deliverable')),
        reason: field('reason'),
      };
    case 'extend':
      return {
        action: 'extend',
        deliverable: checkedDeliverable(field('deliverable')),
        dueAt: field('dueAt'),
        reason: field('reason'),
      };
    case 'reschedule': {
      const event = field('event');
      if (!(SCHEDULED_EVENTS as readonly string[]).includes(event))
        throw new InputError(`event ${event}: choose one of ${SCHEDULED_EVENTS.join(', ')}`);
      const end = optional('end');
      const reason = optional('reason');
      return {
        action: 'reschedule',
        event: event as ScheduledEventKey,
        start: field('start'),
        ...(end ? { end } : {}),
        ...(reason ? { reason } : {}),
      };
    }
    case 'replace':
      return {
        action: 'replace',
        country: field('country').toUpperCase(),
        leaving: field('leaving'),
        newcomer: { name: field('name'), email: field('email') },
      };
    case 'cancel':
      return { action: 'cancel', reason: field('reason') };
    default:
      throw new InputError('unknown action: submit, waive, extend, reschedule, replace or cancel');
  }
}

/** The same reading of `OWNER/KEY` as the CLI's, so a bad id is refused before the round is asked. */
function checkedDeliverable(id: string): string {
  parseDeliverableId(id);
  return id;
}
