/**
 * Generated update payloads for the property tests: each field of each update either right (taken
 * from the round, so many payloads get past the form and reach the round's own checks), missing, of
 * the wrong type, too long, deeply nested, or joined by fields nobody asked for; and sometimes the
 * whole payload is not a mapping at all.
 */
import fc from 'fast-check';

export type UpdateKind = 'submit' | 'waive' | 'extend' | 'reschedule' | 'replace' | 'cancel';

export interface RoundFacts {
  countries: string[];
  emails: string[];
  keys: string[];
}

export interface GeneratedUpdate {
  kind: UpdateKind;
  payload: unknown;
}

const OMIT = Symbol('omit');

const nested = fc.integer({ min: 5, max: 500 }).map((depth) => {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i += 1) value = i % 2 === 0 ? [value] : { deeper: value };
  return value;
});

const junk: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, false, 0, -1, 1e308, -0.5, '', '   ', '\u0000', '\u202e', 'null', '{}', [], {}),
  fc.integer(),
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 4 }),
  fc.integer({ min: 65, max: 5000 }).map((length) => 'x'.repeat(length)),
  nested,
);

/** A field: mostly right, else junk, else left out. */
function field<T>(right: fc.Arbitrary<T>): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 3, arbitrary: right },
    { weight: 2, arbitrary: junk },
    { weight: 1, arbitrary: fc.constant(OMIT) },
  );
}

function payload(fields: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<unknown> {
  const extra = fc.dictionary(
    fc.oneof(
      fc.constantFrom('__proto__', 'constructor', 'toString', 'admin', 'status'),
      fc.string({ minLength: 1, maxLength: 10 }),
    ),
    junk,
    { maxKeys: 2 },
  );
  const shaped = fc
    .tuple(
      fc.record(fields),
      fc.oneof({ weight: 4, arbitrary: fc.constant({}) }, { weight: 1, arbitrary: extra }),
    )
    .map(([record, more]) => {
      const out: Record<string, unknown> = {};
      for (const [name, value] of Object.entries(record)) if (value !== OMIT) out[name] = value;
      // Extra fields come after the right ones; defineProperty so a `__proto__` key is a plain field, as JSON.parse makes it.
      for (const [name, value] of Object.entries(more))
        if (!(name in out))
          Object.defineProperty(out, name, { value, enumerable: true, writable: true, configurable: true });
      return out;
    });
  return fc.oneof({ weight: 9, arbitrary: shaped }, { weight: 1, arbitrary: junk });
}

export function updatePayload(
  facts: RoundFacts,
  kinds: UpdateKind[] = ['submit', 'waive', 'extend', 'reschedule', 'replace', 'cancel'],
): fc.Arbitrary<GeneratedUpdate> {
  const delegation = fc.oneof(
    fc.constantFrom(...facts.countries, 'secretariat', 'SECRETARIAT'),
    fc.constantFrom(...facts.countries).map((c) => c.toLowerCase()),
  );
  const key = fc.constantFrom(...facts.keys, 'not-a-deliverable');
  const email = fc.oneof(
    fc.constantFrom(...facts.emails),
    fc.constantFrom(...facts.emails).map((e) => ` ${e.toUpperCase()} `),
    fc.constant('someone@example.org'),
  );
  const text = fc.string({ minLength: 1, maxLength: 60 });
  const instant = fc.oneof(
    fc
      .date({ min: new Date('2020-01-01'), max: new Date('2035-01-01'), noInvalidDate: true })
      .map((d) => d.toISOString()),
    fc.constantFrom('2027-02-30T11:00:00Z', '2027-03-24T13:00:00+01:00', '2027-03-24', 'tomorrow'),
  );
  const day = fc.oneof(
    instant.map((i) => i.slice(0, 10)),
    fc.constantFrom('2027-13-01', '2027-04-31'),
  );
  const byKind: Record<UpdateKind, fc.Arbitrary<unknown>> = {
    submit: payload({
      delegation: field(delegation),
      key: field(key),
      participant: field(email),
      by: field(email),
      reference: field(text),
    }),
    waive: payload({
      delegation: field(delegation),
      key: field(key),
      participant: field(email),
      reason: field(text),
      by: field(email),
    }),
    extend: payload({
      delegation: field(delegation),
      key: field(key),
      participant: field(email),
      dueAt: field(fc.oneof(instant, day)),
      reason: field(text),
    }),
    reschedule: payload({
      event: field(fc.constantFrom('vc1', 'vc2', 'visit', 'vc3', 'vc4')),
      start: field(fc.oneof(instant, day)),
      end: field(day),
      durationMinutes: field(fc.integer({ min: -10, max: 2000 })),
      joinUrl: field(fc.oneof(fc.webUrl(), text)),
      reason: field(text),
    }),
    replace: payload({
      delegation: field(delegation),
      leaving: field(email),
      newcomer: field(payload({ name: field(text), email: field(fc.oneof(email, fc.emailAddress())) })),
    }),
    cancel: payload({ reason: field(text) }),
  };
  return fc.constantFrom(...kinds).chain((kind) => byKind[kind].map((p) => ({ kind, payload: p })));
}
