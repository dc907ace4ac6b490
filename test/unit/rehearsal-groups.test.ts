import { togetherGroups } from '../../client/simulation/rehearsal';
import type { TimedAction } from '../../client/simulation/scenario';

const MARCH = '2027-03-12T11:00:00.000Z';
const APRIL = '2027-04-11T14:00:00.000Z';

const submit = (deliverable: string, atInstant = MARCH): TimedAction => ({ at: atInstant, atInstant, action: 'submit', deliverable });

const shape = (groups: TimedAction[][]) =>
  groups.map((group) => group.map((action) => `${action.action} ${'deliverable' in action ? action.deliverable : ''}`.trim()));

describe('the actions a rehearsal sends together', () => {
  it('sends the submissions of one instant for different deliverables together, in the scenario order', () => {
    const groups = togetherGroups([submit('KE/jsr-documents'), submit('GH/jsr-documents'), submit('ZM/jsr-documents'), submit('KE/self-assessment', APRIL)]);
    expect(shape(groups)).toEqual([['submit KE/jsr-documents', 'submit GH/jsr-documents', 'submit ZM/jsr-documents'], ['submit KE/self-assessment']]);
  });

  it('keeps a second submission of one deliverable, and anything that re-plans or changes the round, after the one before', () => {
    const waive: TimedAction = { at: MARCH, atInstant: MARCH, action: 'waive', deliverable: 'GH/jsr-documents', reason: 'no JSR this year' };
    const cancel: TimedAction = { at: MARCH, atInstant: MARCH, action: 'cancel', reason: 'the host withdrew' };
    const groups = togetherGroups([submit('KE/jsr-documents'), submit('KE/jsr-documents'), waive, submit('SL/jsr-documents'), cancel, submit('ZM/jsr-documents')]);
    expect(shape(groups)).toEqual([
      ['submit KE/jsr-documents'],
      ['submit KE/jsr-documents'],
      ['waive GH/jsr-documents'],
      ['submit SL/jsr-documents'],
      ['cancel'],
      ['submit ZM/jsr-documents'],
    ]);
  });
});
