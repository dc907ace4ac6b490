/**
 * Countries of a round: ISO 3166-1 alpha-2 codes and their names in the reader's language.
 *
 * The list of assigned codes is static on purpose: `Intl.DisplayNames` also names user-assigned and
 * withdrawn codes (`XK`, `UK`, `EU`, `YU` …) and its answer depends on the ICU data a Node build ships,
 * so it cannot tell an assigned code from a merely known one.
 */
import type { Language } from './round-file';

const ASSIGNED_CODES = `
  AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE
  BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD
  CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM
  DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF
  GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU
  ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN
  KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME
  MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA
  NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM
  PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI
  SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK
  TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI
  VN VU WF WS YE YT ZA ZM ZW`
  .trim()
  .split(/\s+/);

export const ISO_COUNTRY_CODES: readonly string[] = ASSIGNED_CODES;

export function isAssignedCountryCode(code: string): boolean {
  return ASSIGNED_CODES.includes(code);
}

/**
 * Names already looked up, per language and code. Building an `Intl.DisplayNames` costs more than the
 * lookup itself, and every letter names its round's countries: a worker sending thousands of letters
 * spent about 1% of its CPU here (npm run bench.cluster's profile). The codes are a few hundred at most.
 */
const knownNames = new Map<string, string>();

/** The country's name in the reader's language (`TD` → `Tchad` in French, `Chad` in English). */
export function countryName(code: string, language: Language): string {
  const key = `${language} ${code}`;
  let name = knownNames.get(key);
  if (name === undefined) {
    try {
      name = new Intl.DisplayNames([language], { type: 'region' }).of(code) ?? code;
    } catch {
      // A malformed code makes DisplayNames throw; showing the code beats failing a message.
      name = code;
    }
    // Only well-formed codes are kept: a stream of malformed ones cannot grow the map.
    if (/^[A-Z]{2}$/.test(code)) knownNames.set(key, name);
  }
  return name;
}
