/** A reader in a zone and a language, and the reading of a letter decided at an instant, for view tests. */
import type { Recipient } from '../../workflows/dispatch';
import type { Reading } from '../../activities/view-parts';

export const reader = (timezone: string, language: 'en' | 'fr' = 'en'): Recipient => ({
  name: 'Reader',
  email: 'reader@example.org',
  role: 'participant',
  country: 'US',
  language,
  timezone,
});

export const reading = (timezone: string, decidedAt: string, language: 'en' | 'fr' = 'en'): Reading => ({
  to: reader(timezone, language),
  language,
  zone: timezone,
  decidedAt,
});
