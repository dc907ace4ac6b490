/**
 * A pure function that remembers its answers. luxon asks Intl for every date it formats or moves across
 * a zone (about a third of a millisecond each), and a round's plan, its letters and its pages compute the
 * same few dozen instants again and again (a worker launching rounds spent about 6% of its CPU formatting
 * them and 4% planning: npm run bench.cluster's profile). The answers are shared: callers must not
 * change them. Cleared, not evicted one by one, when full: a worker serves rounds for months.
 */
export function remembered<A extends string[], R>(format: (...args: A) => R, limit = 20_000): (...args: A) => R {
  const kept = new Map<string, R>();
  return (...args) => {
    const key = args.join('|');
    let value = kept.get(key);
    if (value === undefined) {
      if (kept.size >= limit) kept.clear();
      value = format(...args);
      kept.set(key, value);
    }
    return value;
  };
}
