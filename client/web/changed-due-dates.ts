/**
 * Which due dates the Secretariat changed after the plan was made, read from the round's own letters: the
 * progress gives each deliverable's current date only, while every change the owners are told of goes out
 * as a `deadline-extended` letter about `<id>@<new due date>` (an extension) or
 * `<id>@<new due date>~<event>#<sequence>` (a date moved with its event, workflows/round-changes.ts), or,
 * when a move carried several of a reader's dates, as one `due-dates-moved` letter about
 * `<event>#<sequence>:<id>@<new due date>+<id>@<new due date>…`.
 */
import type { DeliverableProgress, LetterLogEntry } from '../../workflows/messages';

export interface ChangedDueDate {
  /** The event whose move carried the date along (`vc2`); absent for an extension. */
  movedWith?: string;
}

/** The deliverables whose current due date is one a change set, by id: a date changed and then set back by the plan is not. */
export function changedDueDates(
  letters: readonly LetterLogEntry[],
  deliverables: ReadonlyArray<Pick<DeliverableProgress, 'id' | 'dueAt'>>,
): Map<string, ChangedDueDate> {
  const current = new Map(deliverables.map((d) => [d.id, d.dueAt]));
  const changed = new Map<string, ChangedDueDate>();
  // Newest last in the log: the latest change of a date is the one that stands.
  for (const letter of letters) {
    for (const { id, dueAt, movedWith } of datesTold(letter)) {
      const now = current.get(id);
      if (now === undefined || Date.parse(now) !== Date.parse(dueAt)) continue;
      changed.set(id, movedWith ? { movedWith } : {});
    }
  }
  return changed;
}

/** An ISO instant as the workflows write it, after the `@` that ends a deliverable id (which may hold an email's `@` and `+`). */
const TOLD_DATE = /(?:^|\+)(.+?)@(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z)(?=\+|$)/g;

function datesTold(letter: LetterLogEntry): Array<{ id: string; dueAt: string; movedWith?: string }> {
  if (letter.kind === 'deadline-extended') {
    const about = /^(.+)@([^@~]+)(?:~([^#]+)#\d+)?$/.exec(letter.about);
    if (!about) return [];
    const [, id = '', dueAt = '', movedWith] = about;
    return [{ id, dueAt, ...(movedWith ? { movedWith } : {}) }];
  }
  if (letter.kind === 'due-dates-moved') {
    const about = /^([^#:]+)#\d+:(.+)$/.exec(letter.about);
    if (!about) return [];
    const [, movedWith = '', dates = ''] = about;
    return [...dates.matchAll(TOLD_DATE)].map(([, id = '', dueAt = '']) => ({ id, dueAt, movedWith }));
  }
  return [];
}
