import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import MailComposer from 'nodemailer/lib/mail-composer';
import { DateTime } from 'luxon';
import { MESSAGE_KINDS, type Letter, type MessageKind } from '../../workflows/dispatch';
import { LANGUAGES } from '../../domain/round-file';
import { messageView, type MessageView } from '../../activities/message-view';
import {
  createRenderer,
  defaultTemplatesDir,
  partsOf,
  readPartials,
  readTemplateSource,
  TemplateError,
  templateFile,
} from '../../activities/render';
import { formatInstant, zoneCity } from '../../activities/time-format';
import { readLinkToken } from '../../domain/link-token';
import { pathIn, templateVariables } from './template-variables';
import { readCalendar } from './read-calendar';
import {
  describeLetter,
  dispatchedLetters,
  findLetter,
  lettersOf,
  renderLetter,
  SECRETARIAT,
  VIEW_SETTINGS,
} from './fixtures';

const templatesDir = defaultTemplatesDir();
const renderer = createRenderer(templatesDir);
const letters = dispatchedLetters();
const render = (letter: Letter) => renderLetter(letter, renderer);
const NBSP = '\u00a0';

describe('message templates', () => {
  it.each(MESSAGE_KINDS)('%s exists in English and French, with every part it needs', (kind) => {
    for (const language of LANGUAGES) {
      expect(fs.existsSync(templateFile(templatesDir, language, kind))).toBe(true);
      const source = readTemplateSource(templatesDir, language, kind);
      for (const part of partsOf(kind)) expect(source[part]?.trim()).toBeTruthy();
    }
  });

  it.each(MESSAGE_KINDS)('%s reads the same variables in English and French, part by part', (kind) => {
    const english = readTemplateSource(templatesDir, 'en', kind);
    const french = readTemplateSource(templatesDir, 'fr', kind);
    for (const part of partsOf(kind)) {
      const variables = templateVariables(english[part]!);
      expect({ part, variables: templateVariables(french[part]!) }).toEqual({ part, variables });
      if (part !== 'subject') expect(variables.length).toBeGreaterThan(2);
    }
  });

  it('the shared partials of both languages carry the same names and variables', () => {
    const english = readPartials(templatesDir, 'en');
    const french = readPartials(templatesDir, 'fr');
    expect(Object.keys(french).sort()).toEqual(Object.keys(english).sort());
    for (const name of Object.keys(english))
      expect(templateVariables(french[name]!)).toEqual(templateVariables(english[name]!));
  });

  it.each(MESSAGE_KINDS)('%s reads only what its view holds, partials included', (kind) => {
    const samples: MessageView[] = lettersOf(kind).map((letter) =>
      messageView(letter.message, letter.to, VIEW_SETTINGS),
    );
    expect(samples.length).toBeGreaterThan(0);
    for (const language of LANGUAGES) {
      const source = readTemplateSource(templatesDir, language, kind);
      const partials = readPartials(templatesDir, language);
      for (const part of partsOf(kind)) {
        const unknown = templateVariables(source[part]!, partials)
          .filter((variable) => !variable.startsWith('@') && !variable.startsWith('> '))
          .map((variable) => ({ variable, status: pathIn(samples, variable) }))
          .filter(({ status }) => status !== 'found');
        expect({ language, part, unknown }).toEqual({ language, part, unknown: [] });
      }
    }
  });
});

describe('the letters the workflows dispatched', () => {
  it('hold every kind in both languages, and both readers of an escalation', () => {
    const held = new Set(letters.map((letter) => `${letter.message.kind}/${letter.to.language}`));
    const missing = MESSAGE_KINDS.flatMap((kind) =>
      LANGUAGES.map((language) => `${kind}/${language}`),
    ).filter((key) => !held.has(key));
    expect(missing).toEqual([]);
    const escalationReaders = lettersOf('escalation').map((letter) => letter.to.role);
    expect(escalationReaders).toEqual(expect.arrayContaining(['coordinator', 'coordinating-agency']));
  });

  it.each(letters.map((letter) => [describeLetter(letter), letter] as const))(
    '%s renders in its reader’s language with no hole',
    (_label, letter) => {
      const { rendered, calendar } = render(letter);
      for (const part of [rendered.subject, rendered.text, rendered.html, rendered.calendar ?? '']) {
        expect(part).not.toMatch(/undefined|\bnull\b|\[object Object\]|NaN|Invalid DateTime|\{\{/);
      }
      expect(rendered.text).not.toMatch(/<\/?[a-z]+[ >]/);
      expect(rendered.text).toContain(letter.to.name);
      expect(rendered.text).toContain(letter.to.language === 'fr' ? 'Bonjour' : 'Dear');
      expect(rendered.html).toContain(`<html lang="${letter.to.language}">`);
      // Light for slow connections: no remote images, fonts or stylesheets.
      expect(rendered.html).not.toMatch(/<img|<link|@import|url\(|<script/i);
      expect(calendar === undefined).toBe(
        letter.message.kind !== 'invitation' && letter.message.kind !== 'invitation-cancelled',
      );
    },
  );

  it.each(letters.map((letter) => [describeLetter(letter), letter] as const))(
    '%s names in its subject what it is about and its date',
    (_label, letter) => {
      const { view, rendered } = render(letter);
      for (const expected of subjectNames(view))
        expect(rendered.subject.toLowerCase()).toContain(expected.toLowerCase());
    },
  );

  it('every email stays under 100 KB with its calendar part', async () => {
    for (const letter of letters) {
      const { rendered, calendar } = render(letter);
      const mime = await new MailComposer({
        from: SECRETARIAT,
        to: { name: letter.to.name, address: letter.to.email },
        subject: rendered.subject,
        text: rendered.text,
        html: rendered.html,
        ...(calendar ? { icalEvent: { method: calendar.method, content: calendar.content } } : {}),
      })
        .compile()
        .build();
      expect({ letter: describeLetter(letter), bytes: mime.length < 100_000 }).toEqual({
        letter: describeLetter(letter),
        bytes: true,
      });
    }
  });
});

/** What a subject must name: the deliverable or the event, and its date, for the kinds that have one. */
function subjectNames(view: MessageView): string[] {
  switch (view.kind) {
    case 'deliverable-request':
    case 'feedback-request':
    case 'deliverable-reminder':
    case 'overdue-notice':
    case 'escalation':
    case 'deliverable-waived':
    case 'deadline-extended':
      return [view.deliverable.name, view.deliverable.due];
    case 'submission-receipt':
      return [view.deliverable.name];
    case 'invitation':
    case 'invitation-cancelled':
    case 'event-reminder':
    case 'visit-logistics':
      return [
        view.event.isVisit ? view.event.firstDay! : `${view.event.start.date}, ${view.event.start.time}`,
      ];
    case 'reminder-digest':
      return [view.several ? `${view.count} ` : '', view.generatedOn, view.first.Name, view.first.date];
    case 'progress-digest':
      return [view.generatedOn];
    default:
      return [view.round.title];
  }
}

describe('strict rendering', () => {
  const reminder = findLetter('deliverable-reminder', 'at all');

  it('a letter that lacks a field its kind requires fails, naming the variable, the kind and the language', () => {
    const { name: _name, ...nameless } = reminder.to;
    const view = messageView(reminder.message, nameless as Letter['to'], VIEW_SETTINGS);
    const attempt = () => renderer.render(view.kind, view);
    expect(attempt).toThrow(TemplateError);
    expect(attempt).toThrow(
      new RegExp(`deliverable-reminder in ${reminder.to.language}.*missing variable "recipient\\.name"`),
    );
  });

  it('a letter whose deliverable lost its due date cannot be described, and says which kind in which language', () => {
    const { dueAt: _dueAt, ...undated } = reminder.message.deliverable;
    const broken = { ...reminder.message, deliverable: undated } as Letter['message'];
    expect(() => messageView(broken, reminder.to, VIEW_SETTINGS)).toThrow(
      new RegExp(`deliverable-reminder in ${reminder.to.language}.*not an ISO instant`),
    );
  });

  describe('a template that reads what its kind does not carry', () => {
    const withEnglishText = (kind: MessageKind, edit: (text: string) => string) => {
      const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'jsrx-templates-'));
      fs.cpSync(templatesDir, copy, { recursive: true });
      const file = templateFile(copy, 'en', kind);
      fs.writeFileSync(
        file,
        fs.readFileSync(file, 'utf8').replace('{{> signoff-text}}', edit('{{> signoff-text}}')),
      );
      return createRenderer(copy);
    };
    const english = findLetter('deliverable-reminder', 'in English', (letter) => letter.to.language === 'en');
    const view = messageView(english.message, english.to, VIEW_SETTINGS);

    it('fails when it writes a variable the view does not have', () => {
      const broken = withEnglishText(
        'deliverable-reminder',
        (signoff) => `{{deliverable.venue}}\n  ${signoff}`,
      );
      expect(() => broken.render(view.kind, view)).toThrow(
        'cannot render deliverable-reminder in en, text part: missing variable "deliverable.venue"',
      );
    });

    it('fails when it tests a variable the view does not have (a typo in an #if is not quietly false)', () => {
      const broken = withEnglishText(
        'deliverable-reminder',
        (signoff) => `{{#if deliverable.waivedReasn}}x{{/if}}\n  ${signoff}`,
      );
      expect(() => broken.render(view.kind, view)).toThrow(/missing variable "deliverable\.waivedReasn"/);
    });

    it('fails when it writes an optional value outside an #if that guards it', () => {
      const broken = withEnglishText(
        'deliverable-reminder',
        (signoff) => `{{deliverable.waivedReason}}\n  ${signoff}`,
      );
      expect(() => broken.render(view.kind, view)).toThrow(/missing variable "deliverable\.waivedReason"/);
    });
  });

  describe('languages compiled at once, and the others at their first letter', () => {
    const english = findLetter('deliverable-reminder', 'in English', (letter) => letter.to.language === 'en');
    const french = findLetter('deliverable-reminder', 'in French', (letter) => letter.to.language === 'fr');
    const englishView = messageView(english.message, english.to, VIEW_SETTINGS);
    const frenchView = messageView(french.message, french.to, VIEW_SETTINGS);
    const withBrokenFrench = () => {
      const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'jsrx-templates-'));
      fs.cpSync(templatesDir, copy, { recursive: true });
      fs.writeFileSync(templateFile(copy, 'fr', 'welcome'), '---\nsubject: {{#if}}\n---\n');
      return copy;
    };

    it('a renderer of every language refuses a malformed template when it is made (the worker fails at start)', () => {
      expect(() => createRenderer(withBrokenFrench())).toThrow();
    });

    it('a renderer of English alone is made without reading the French templates, and compiles them at the first French letter', () => {
      const englishOnly = createRenderer(withBrokenFrench(), { languages: ['en'] });
      expect(englishOnly.render(englishView.kind, englishView)).toEqual(renderer.render(englishView.kind, englishView));
      expect(() => englishOnly.render(frenchView.kind, frenchView)).toThrow();
      const fresh = createRenderer(templatesDir, { languages: ['en'] });
      expect(fresh.render(frenchView.kind, frenchView)).toEqual(renderer.render(frenchView.kind, frenchView));
    });
  });
});

describe('what each kind tells its reader', () => {
  it('a moved event says the coordinator moved it and why, in the email and in the calendar entry', () => {
    for (const language of LANGUAGES) {
      const moved = findLetter(
        'invitation',
        `in ${language} with a raised sequence and a reason`,
        (letter) =>
          letter.to.language === language && letter.message.invite.sequence > 0 && !!letter.message.reason,
      );
      const { rendered, calendar } = render(moved);
      const sentence =
        language === 'fr'
          ? `La coordination a déplacé cet événement${NBSP}: ${moved.message.reason}`
          : `The coordinator moved this event: ${moved.message.reason}`;
      expect(rendered.subject).toMatch(language === 'fr' ? /^Invitation mise à jour/ : /^Updated invitation/);
      expect(rendered.text).toContain(sentence);
      expect(rendered.calendar).toContain(sentence);
      expect(calendar?.method).toBe('REQUEST');
    }
  });

  it('a newcomer’s first invitation to an event is an invitation, not an update, though its SEQUENCE is past 0', () => {
    for (const language of LANGUAGES) {
      const raised = findLetter(
        'invitation',
        `in ${language} with a raised sequence`,
        (letter) => letter.to.language === language && letter.message.invite.sequence > 0,
      );
      const { reason: _reason, ...withoutReason } = raised.message;
      const first = { ...raised, message: { ...withoutReason, firstForReader: true as const } };
      const { rendered, calendar } = render(first);
      expect(rendered.subject).toMatch(/^Invitation\W/);
      expect(rendered.subject).not.toMatch(/mise à jour|Updated/);
      expect(rendered.text).not.toMatch(/moved this event|a déplacé cet événement/);
      // The calendar still reads it as the event's current version.
      expect(readCalendar(calendar!.content).sequence).toBe(raised.message.invite.sequence);
    }
  });

  it('a cancellation sent to someone who left says the event goes on without them', () => {
    const leaver = findLetter(
      'invitation-cancelled',
      'to one person who left',
      (letter) => letter.message.invite.attendees.length === 1,
    );
    const { rendered } = render(leaver);
    expect(rendered.text).toMatch(
      leaver.to.language === 'fr' ? /a lieu pour les autres/ : /goes ahead for the others/,
    );
    const cancelled = findLetter(
      'invitation-cancelled',
      'of the whole event',
      (l) => l.message.invite.attendees.length > 1,
    );
    expect(render(cancelled).rendered.text).toMatch(/will not take place|n'aura pas lieu/);
  });

  it('a peer documents pack with nothing in it says no document came in yet, not that the delegations shared theirs', () => {
    for (const language of LANGUAGES) {
      const empty = findLetter('peer-documents', `in ${language} with no document`, (l) => l.to.language === language && l.message.documents.length === 0);
      const { rendered } = render(empty);
      for (const part of [rendered.subject, rendered.text, rendered.html]) {
        expect(part).not.toMatch(/have shared|ready to read|ont partagé|prêts à lire/);
      }
      expect(rendered.subject).toMatch(/not (yet )?received|pas encore reçus/);
      expect(rendered.text).toMatch(/No delegation has shared|Aucune délégation n'a encore partagé/);
      const full = findLetter('peer-documents', `in ${language} with documents`, (l) => l.to.language === language && l.message.documents.length > 0);
      expect(render(full).rendered.text).toMatch(/have shared|ont partagé/);
    }
  });

  it('the feedback request names its due date in its subject and body', () => {
    for (const letter of lettersOf('feedback-request')) {
      const { view, rendered } = render(letter);
      if (view.kind !== 'feedback-request') throw new Error('not a feedback request');
      expect(view.deliverable.due).not.toBe('');
      expect(rendered.subject).toContain(view.deliverable.due);
      expect(rendered.text).toContain(view.deliverable.due);
    }
  });

  it('an escalation hands the item to the coordinator and names the agency in copy; the agency’s copy says who follows up', () => {
    const toCoordinator = findLetter('escalation', 'to the coordinator', (l) => l.to.role === 'coordinator');
    const coordinatorText = render(toCoordinator).rendered.text;
    expect(coordinatorText).toMatch(/yours to follow up|Le suivi vous revient/);
    for (const copied of toCoordinator.message.cc ?? []) expect(coordinatorText).toContain(copied.name);

    const toAgency = findLetter(
      'escalation',
      'to a coordinating agency',
      (l) => l.to.role === 'coordinating-agency',
    );
    const agencyText = render(toAgency).rendered.text;
    expect(agencyText).toContain(toAgency.message.round.coordinator.name);
    expect(agencyText).toMatch(/coordinating agency|agence de coordination/);
    expect(agencyText).not.toMatch(/yours to follow up|Le suivi vous revient/);
  });

  it('a reminder digest lists every item of the day with its date, the soonest named in the subject', () => {
    for (const letter of lettersOf('reminder-digest')) {
      const { view, rendered } = render(letter);
      if (view.kind !== 'reminder-digest') throw new Error('not a digest');
      expect(view.items).toHaveLength(letter.message.items.length);
      for (const item of view.items) {
        expect(rendered.text).toContain(item.Name);
        expect(rendered.text).toContain(item.date);
      }
      if (view.several) {
        expect(rendered.subject).toMatch(new RegExp(`^${view.count} (reminders|rappels)`));
        // The subject counts what it leaves out, in the reader's language and number.
        const others = view.count - 1;
        expect(rendered.subject).toMatch(
          letter.to.language === 'en'
            ? new RegExp(` and ${others} ${others === 1 ? 'other' : 'others'}$`)
            : new RegExp(`, et ${others} ${others === 1 ? 'autre' : 'autres'}$`),
        );
      }
      expect(rendered.subject).toContain(`${view.first.Name}`);
    }
  });

  it('a reminder digest gives an event’s hour with UTC in brackets, as every letter does; the visit by its days', () => {
    let timed = 0;
    for (const letter of lettersOf('reminder-digest')) {
      const { rendered } = render(letter);
      for (const item of letter.message.items) {
        if (item.kind !== 'event-reminder' || item.event.kind === 'visit') continue;
        const start = formatInstant(item.event.start, letter.to.timezone, letter.to.language);
        const line = `${start.date}, ${start.time} (${start.utc})`;
        expect(rendered.text).toContain(line);
        expect(rendered.html).toContain(line.replace(/'/g, '&#x27;'));
        timed++;
      }
    }
    expect(timed).toBeGreaterThan(0);
  });

  it('the progress digest shows escalated items apart: the coordinator owns them, no more notices go out', () => {
    const digest = findLetter(
      'progress-digest',
      'with an escalated item',
      (l) => l.message.escalated.length > 0,
    );
    const { view, rendered } = render(digest);
    if (view.kind !== 'progress-digest') throw new Error('not a progress digest');
    expect(view.escalated.length).toBeGreaterThan(0);
    const [escalatedPart, rest] = rendered.text.split(/Overdue, still reminded|En retard, encore relancés/);
    const line = `${view.escalated[0]!.ownerName}${digest.to.language === 'fr' ? `${NBSP}:` : ':'} ${view.escalated[0]!.name}`;
    expect(escalatedPart).toContain(line);
    expect(rest!.split(/Due in the next|Attendus dans/)[0]).not.toContain(line);
  });

  it('a waiver says the item is no longer expected and gives the reason', () => {
    for (const letter of lettersOf('deliverable-waived')) {
      const { rendered } = render(letter);
      if (letter.message.deliverable.waivedReason)
        expect(rendered.text).toContain(letter.message.deliverable.waivedReason);
      expect(rendered.text).toMatch(/no longer expected|n'est plus attendu/);
    }
  });

  it('the end-of-round summary counts what never came in as not received: nothing is still expected once the round is over', () => {
    const completed = lettersOf('round-completed');
    expect(completed.length).toBeGreaterThan(0);
    for (const letter of completed) {
      const { rendered } = render(letter);
      expect(rendered.text).toMatch(/never received \d+|jamais reçus \d+/);
      expect(rendered.text).not.toMatch(/still open|encore attendus/);
    }
  });

  it('an extension gives the old due date, the new one and the reason, and says the reminders move', () => {
    const letters = lettersOf('deadline-extended');
    expect(letters.length).toBeGreaterThan(0);
    for (const letter of letters) {
      const { view, rendered } = render(letter);
      if (view.kind !== 'deadline-extended') throw new Error('not an extension');
      for (const text of [rendered.text, rendered.html]) {
        expect(text).toContain(view.previousDue);
        expect(text).toContain(view.deliverable.due);
        expect(text).toContain(letter.message.reason);
      }
      expect(view.previousDue).not.toBe(view.deliverable.due);
      expect(rendered.text).toMatch(/reminders move with it|Les rappels suivent/);
    }
  });

  it('a move that carries several of a reader’s due dates lists each, its new date and its old one, in one letter', () => {
    const letters = lettersOf('due-dates-moved');
    expect(new Set(letters.map((letter) => letter.to.language))).toEqual(new Set(['en', 'fr']));
    for (const letter of letters) {
      const { view, rendered } = render(letter);
      if (view.kind !== 'due-dates-moved') throw new Error('not a move of several dates');
      expect(view.moves.length).toBeGreaterThan(1);
      for (const text of [rendered.text, rendered.html]) {
        expect(text).toContain(view.movedWith);
        for (const move of view.moves) {
          // The HTML part escapes an apostrophe (l'outil) in a name.
          expect(text).toContain(text === rendered.text ? move.deliverable.Name : move.deliverable.Name.replace(/'/g, '&#x27;'));
          expect(text).toContain(move.deliverable.due);
          expect(text).toContain(move.previousDue);
        }
      }
      expect(rendered.subject).toContain(`${view.moves.length} `);
      expect(rendered.text).toMatch(/reminders move with them|Les rappels suivent/);
    }
  });

  it('a late JSR document goes to the peers as an update of the pack, as a link', () => {
    for (const letter of lettersOf('peer-documents-update')) {
      const { rendered } = render(letter);
      for (const document of letter.message.documents) {
        expect(rendered.text).toContain(document.reference);
        expect(rendered.html).toContain(`href="${document.reference}"`);
      }
      expect(rendered.text).toMatch(
        /after the peer documents were sent|après l'envoi des documents des pairs/,
      );
    }
  });

  it('French messages address the reader formally, with accents and no-break spaces, and are signed in French', () => {
    const letter = findLetter('deliverable-reminder', 'in French', (l) => l.to.language === 'fr');
    const { rendered } = render(letter);
    expect(rendered.text).toContain(`Bonjour ${letter.to.name},`);
    expect(rendered.text).toMatch(/vous/);
    expect(rendered.text).not.toMatch(/\btu\b|\bton\b|\bta\b|\btes\b/);
    expect(rendered.text).toContain('à remettre');
    expect(rendered.subject).toMatch(new RegExp(`^Rappel${NBSP}:`));
    expect(rendered.text).not.toMatch(/ [:;?!]/);
    expect(rendered.text).toContain('Bien cordialement,\nLe Secrétariat');
    expect(rendered.text).not.toContain(SECRETARIAT.name);
  });

  it("writes a video conference in each reader's zone, with UTC beside it", () => {
    const invitations = lettersOf('invitation').filter(
      (l) => l.message.invite.event.kind === 'video-conference',
    );
    const zones = new Set(invitations.map((letter) => letter.to.timezone));
    expect(zones.size).toBeGreaterThan(1);
    for (const letter of invitations) {
      const { view, rendered } = render(letter);
      if (view.kind !== 'invitation') throw new Error('not an invitation');
      const local = DateTime.fromISO(letter.message.invite.event.start).setZone(letter.to.timezone);
      expect(rendered.text).toContain(`${local.toFormat('HH:mm')} (${zoneCity(letter.to.timezone)})`);
      expect(rendered.text).toContain(
        `${DateTime.fromISO(letter.message.invite.event.start, { zone: 'utc' }).toFormat('HH:mm')} UTC`,
      );
      expect(view.event.start.time).toContain(zoneCity(letter.to.timezone));
    }
  });

  it('gives a participant a personal link signed for them, and the Secretariat the round page', () => {
    const participant = findLetter(
      'deliverable-request',
      'to a participant',
      (l) => l.to.role === 'participant',
    );
    const token = /\/p\/([A-Za-z0-9_.-]+)/.exec(render(participant).rendered.text)?.[1] ?? '';
    expect(readLinkToken(VIEW_SETTINGS.linkSecret, token)).toEqual({
      roundId: participant.message.round.roundId,
      delegation: participant.to.country,
      email: participant.to.email.toLowerCase(),
    });
    expect(readLinkToken('another secret', token)).toBeUndefined();
    const coordinator = findLetter('escalation', 'to the coordinator', (l) => l.to.role === 'coordinator');
    expect(render(coordinator).rendered.text).toContain(`/rounds/${coordinator.message.round.roundId}\n`);
  });
});
