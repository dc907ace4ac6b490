import { createRenderer } from '../../activities/render';
import { findLetter, renderLetter } from './fixtures';

const renderer = createRenderer();
const flat = (text: string) => text.replace(/\s+/g, ' ');

describe('the escalation of one of the Secretariat’s own deliverables', () => {
  const recorded = findLetter('escalation', 'to the coordinator', (l) => l.to.role === 'coordinator');
  const ofSecretariat = (language: 'en' | 'fr') => ({
    ...recorded,
    to: { ...recorded.to, language },
    message: { ...recorded.message, cc: [], deliverable: { ...recorded.message.deliverable, owner: 'secretariat' as const, key: 'vc1-notes' as const } },
  });

  it('speaks of the Secretariat, not of a delegation, in English', () => {
    const { rendered } = renderLetter(ofSecretariat('en'), renderer);
    for (const part of [rendered.subject, flat(rendered.text), flat(rendered.html)]) {
      expect(part).not.toMatch(/delegation/i);
      expect(part).not.toContain('The Secretariat');
    }
    expect(flat(rendered.text)).toContain('overdue notices to the Secretariat: notes of the first video conference.');
  });

  it('speaks of the Secretariat, not of a delegation, in French', () => {
    const { rendered } = renderLetter(ofSecretariat('fr'), renderer);
    for (const part of [rendered.subject, flat(rendered.text), flat(rendered.html)]) {
      expect(part).not.toMatch(/délégation/i);
      expect(part).not.toContain('(Le Secrétariat)');
    }
    expect(flat(rendered.text)).toContain('envoyés au Secrétariat');
  });

  it('still names the delegation for a delegation’s deliverable', () => {
    const { rendered } = renderLetter(recorded, renderer);
    expect(flat(rendered.text)).toMatch(/délégation|delegation/);
  });
});

describe('a reminder digest that carries the escalation of one of the Secretariat’s own deliverables', () => {
  const recorded = findLetter('reminder-digest', 'to the coordinator with an escalation', (l) => l.to.role === 'coordinator' && l.message.items.some((item) => item.kind === 'escalation'));

  it('says no more notices go out, without naming a delegation, in both languages', () => {
    const items = recorded.message.items.map((item) =>
      item.kind === 'escalation' ? { ...item, deliverable: { ...item.deliverable, owner: 'secretariat' as const, key: 'vc2-notes' as const } } : item,
    );
    for (const [language, expected, wrong] of [
      ['en', 'now yours to follow up, no more automatic notices go out about it', 'the delegation gets no more notices'],
      ['fr', "le suivi vous revient, plus aucun avis automatique n'est envoyé à ce sujet", 'la délégation ne reçoit plus'],
    ] as const) {
      const { rendered } = renderLetter({ ...recorded, to: { ...recorded.to, language }, message: { ...recorded.message, items } }, renderer);
      expect(flat(rendered.text)).toContain(expected);
      expect(flat(rendered.text)).not.toContain(wrong);
      expect(flat(rendered.html)).toContain(expected);
    }
  });
});
