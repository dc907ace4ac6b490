/**
 * How the staff pages show a round whose workflow was stopped from outside the round (client/round-stop.ts):
 * its status, when, and Temporal's reason, in place of the running round's figures and actions.
 */
import type { RoundStop, RoundStoppedError } from '../../round-stop';
import { escapeHtml, layout, when } from './pages';
import { staffWords, type StaffLanguage } from './words';

export function stopNotice(stop: RoundStop, zone: string, language: StaffLanguage, planned?: boolean): string {
  const words = staffWords(language);
  const reason = stop.reason ? ` ${words.reason}${words.colon} ${escapeHtml(asSentence(stop.reason))}` : '';
  const never = planned === false ? ` ${words.neverPlanned}` : '';
  return `<p class="notice refused" role="status"><strong>${escapeHtml(words.stoppedOn(words.stopStatus[stop.status], when(stop.stoppedAt, zone, language)))}</strong>${reason}${never} ${words.stoppedNote}</p>`;
}

/**
 * The operator's reason as a sentence of the notice: Temporal keeps it as typed, often without a full stop,
 * and the notice's next sentence would otherwise run on from it ("launched by mistake Nothing more is sent").
 */
export function asSentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?…]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

/** A round's page when the round has no progress to show: it stopped before its plan, or no worker answers for it. */
export function stoppedRoundPage(
  stopped: RoundStoppedError,
  options: { zone: string; csrf: string; language?: StaffLanguage },
): string {
  const language = options.language ?? 'en';
  return layout(stopped.roundId, stopNotice(stopped.stop, options.zone, language, stopped.planned), {
    signedIn: { csrf: options.csrf },
    language,
    zone: options.zone,
  });
}
