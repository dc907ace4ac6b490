/**
 * The language of the person at the terminal, for what `jsrx` writes for them to open elsewhere (a
 * report's CSV). The staff dashboard takes the page's `?lang=`, then the browser's preference; here the
 * option comes first, then the locale, read as the C library does (LC_ALL, then LC_MESSAGES, then LANG).
 */
import type { Language } from '../domain/round-file';

export function readerLanguage(option: Language | undefined, env: NodeJS.ProcessEnv = process.env): Language {
  if (option) return option;
  const locale = [env.LC_ALL, env.LC_MESSAGES, env.LANG].find((value) => value !== undefined && value !== '');
  return locale?.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}
