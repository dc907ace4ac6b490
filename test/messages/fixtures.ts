/**
 * The letters the message tests render are the ones the workflows dispatched: the workflow tests write
 * one letter of each shape they dispatch to `test/fixtures/dispatched-letters.json` when run with
 * `JSRX_RECORD_LETTERS=1` (test/workflows/round-every-news.test.ts makes every kind go out in both
 * languages). Nothing here is built by hand.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Letter, MessageKind, MessageOf } from '../../workflows/dispatch';
import { messageView, type MessageView, type ViewSettings } from '../../activities/message-view';
import type { RenderedMessage, Renderer } from '../../activities/render';
import { invitationCalendar, type CalendarFile } from '../../activities/invitation';

export const SECRETARIAT = {
  name: 'JSR Exchange Secretariat',
  email: 'secretariat@jsr-exchange.example.org',
};
export const PUBLIC_URL = 'https://jsr-exchange.example.org';
export const LINK_SECRET = 'test-link-secret-0123456789abcdef0123456789abcdef';
export const VIEW_SETTINGS: ViewSettings = { publicUrl: PUBLIC_URL, linkSecret: LINK_SECRET, sender: SECRETARIAT };

export const LETTERS_FILE = path.resolve(__dirname, '..', 'fixtures', 'dispatched-letters.json');

let cached: Letter[] | undefined;

/** Every recorded letter, in the order the workflows dispatched them. */
export function dispatchedLetters(): Letter[] {
  if (cached) return cached;
  const parsed = JSON.parse(fs.readFileSync(LETTERS_FILE, 'utf8')) as Letter[] | { letters: Letter[] };
  const letters = Array.isArray(parsed) ? parsed : parsed.letters;
  if (!Array.isArray(letters) || letters.length === 0)
    throw new Error(`${LETTERS_FILE}: no letters (expected Letter[] or { letters: Letter[] })`);
  cached = letters;
  return letters;
}

/** A letter of one kind, with its message narrowed to that kind. */
export interface LetterOf<K extends MessageKind> {
  message: MessageOf<K>;
  to: Letter['to'];
}

export function lettersOf<K extends MessageKind>(kind: K): Array<LetterOf<K>> {
  return dispatchedLetters().filter((letter): letter is LetterOf<K> => letter.message.kind === kind);
}

/**
 * The first letter of a kind that matches, or a failure that says what the recording lacks: these are
 * situations the workflows must produce, so a recording without one is a gap in the workflow tests.
 */
export function findLetter<K extends MessageKind>(
  kind: K,
  description: string,
  matches: (letter: LetterOf<K>) => boolean = () => true,
): LetterOf<K> {
  const found = lettersOf(kind).find(matches);
  if (!found) throw new Error(`${path.basename(LETTERS_FILE)} has no ${kind} letter ${description}`);
  return found;
}

/** A short label for a test title: `escalation to coordinator awa.diallo@example.org (fr)`. */
export function describeLetter(letter: Letter): string {
  return `${letter.message.kind} ${letter.message.about} to ${letter.to.role} ${letter.to.email} (${letter.to.language})`;
}

export interface RenderedLetter {
  view: MessageView;
  rendered: RenderedMessage;
  /** The calendar part, for an invitation or its cancellation. */
  calendar?: CalendarFile;
}

/** Renders one letter as the message activity does: its view, its three parts, its calendar file. */
export function renderLetter(letter: Letter, renderer: Renderer): RenderedLetter {
  const view = messageView(letter.message, letter.to, VIEW_SETTINGS);
  const rendered = renderer.render(view.kind, view);
  const calendar = invitationCalendar({ message: letter.message, view, rendered, organizer: SECRETARIAT });
  return calendar ? { view, rendered, calendar } : { view, rendered };
}
