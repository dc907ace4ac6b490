import fs from 'node:fs';
import { MESSAGE_KINDS } from '../../workflows/dispatch';
import { LANGUAGES } from '../../domain/round-file';
import { composeMessage, createRenderer } from '../../activities';
import {
  defaultTemplatesDir,
  readPartials,
  readTemplateSource,
  TEMPLATE_PARTS,
  templateFile,
} from '../../activities/render';
import { templateVariables } from './template-variables';
import { PUBLIC_URL, SECRETARIAT, people, sampleDispatch } from './fixtures';

const templatesDir = defaultTemplatesDir();
const renderer = createRenderer(templatesDir);
const compose = (kind: (typeof MESSAGE_KINDS)[number], recipient = people.wanjiru) =>
  composeMessage(sampleDispatch(kind, { recipients: [recipient] }), recipient, {
    renderer,
    from: SECRETARIAT,
    publicUrl: PUBLIC_URL,
  });

describe('message templates', () => {
  it.each(MESSAGE_KINDS)(
    '%s exists in English and French with a subject, a text body and an HTML body',
    (kind) => {
      for (const language of LANGUAGES) {
        expect(fs.existsSync(templateFile(templatesDir, language, kind))).toBe(true);
        const source = readTemplateSource(templatesDir, language, kind);
        for (const part of TEMPLATE_PARTS) expect(source[part].trim()).not.toBe('');
      }
    },
  );

  it.each(MESSAGE_KINDS)('%s reads the same variables in English and French, part by part', (kind) => {
    const english = readTemplateSource(templatesDir, 'en', kind);
    const french = readTemplateSource(templatesDir, 'fr', kind);
    for (const part of TEMPLATE_PARTS) {
      const variables = templateVariables(english[part]);
      expect({ part, variables: templateVariables(french[part]) }).toEqual({ part, variables });
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

  it.each(MESSAGE_KINDS)(
    '%s renders in both languages with no hole and no markup in the text part',
    (kind) => {
      for (const recipient of [people.wanjiru, people.mahamat]) {
        const { rendered } = compose(kind, recipient);
        for (const part of [rendered.subject, rendered.text, rendered.html]) {
          expect(part).not.toMatch(/undefined|null|\[object Object\]|NaN|\{\{/);
        }
        expect(rendered.text).not.toMatch(/<\/?[a-z]+[ >]/);
        expect(rendered.text).toContain(recipient.name);
        expect(rendered.html).toContain(`<html lang="${recipient.language}">`);
        // Light for slow connections: no remote images, fonts or stylesheets.
        expect(rendered.html).not.toMatch(/<img|<link|@import|url\(/i);
      }
    },
  );

  it('French messages address the reader formally, with accents', () => {
    const { rendered } = compose('deliverable-reminder', people.mahamat);
    expect(rendered.text).toContain('Bonjour Mahamat Saleh,');
    expect(rendered.text).toMatch(/vous/);
    expect(rendered.text).not.toMatch(/\btu\b|\bton\b|\bta\b|\btes\b/);
    expect(rendered.text).toContain('documents nationaux de la RSC');
    expect(rendered.text).toContain("Si l'envoi est déjà en cours");
  });

  it('reminder subjects name the deliverable or the event and its date', () => {
    expect(compose('deliverable-reminder').rendered.subject).toBe(
      'Reminder: JSR country documents due Sunday, 7 March 2027',
    );
    expect(compose('deliverable-reminder', people.mahamat).rendered.subject).toBe(
      'Rappel : Documents nationaux de la RSC, à remettre le dimanche 7 mars 2027',
    );
    expect(compose('overdue-notice').rendered.subject).toBe(
      'Overdue: JSR country documents (due Sunday, 7 March 2027)',
    );
    expect(compose('event-reminder').rendered.subject).toBe(
      'Reminder: First video conference on Wednesday, 10 February 2027, 16:00 (Nairobi)',
    );
    expect(compose('event-reminder', people.mahamat).rendered.subject).toBe(
      "Rappel : Première visioconférence le mercredi 10 février 2027, 14:00 (N'Djamena)",
    );
  });

  it("writes a VC at 13:00 UTC in each reader's zone, with UTC beside it", () => {
    const inNdjamena = compose('invitation', people.mahamat).rendered.text;
    const inNairobi = compose('invitation', people.wanjiru).rendered.text;
    expect(inNdjamena).toContain("mercredi 10 février 2027, de 14:00 (N'Djamena) à 16:00 (N'Djamena)");
    expect(inNdjamena).toContain('En UTC : de 13:00 UTC à 15:00 UTC');
    expect(inNairobi).toContain('Wednesday, 10 February 2027, 16:00 (Nairobi) to 18:00 (Nairobi)');
    expect(inNairobi).toContain('In UTC: 13:00 UTC to 15:00 UTC');
  });

  it('gives each participant a personal submission link, plain in the text part', () => {
    const { rendered } = compose('deliverable-request', people.wanjiru);
    expect(rendered.text).toContain(
      'https://jsr-exchange.example.org/rounds/fr-2027-r1/delegations/KE?as=w.kamau%40example.ke',
    );
    expect(compose('escalation', people.awa).rendered.text).toContain(
      'https://jsr-exchange.example.org/rounds/fr-2027-r1\n',
    );
  });
});
