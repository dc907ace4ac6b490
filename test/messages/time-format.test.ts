import {
  compactInstant,
  formatCalendarDate,
  formatDueDate,
  formatInstant,
  zoneCity,
} from '../../activities/time-format';
import {
  dayCount,
  deliverableName,
  eventName,
  eventNameWithArticle,
  signature,
} from '../../activities/vocabulary';

describe("times in the reader's zone and language", () => {
  it("a video conference at 13:00 UTC reads 14:00 in N'Djamena and 16:00 in Nairobi, UTC beside it", () => {
    expect(formatInstant('2027-02-10T13:00:00Z', 'Africa/Ndjamena', 'fr')).toEqual({
      date: 'mercredi 10 février 2027',
      time: "14:00 (N'Djamena)",
      utc: '13:00 UTC',
      full: "mercredi 10 février 2027, 14:00 (N'Djamena) – 13:00 UTC",
      shortDate: '10 févr. 2027',
    });
    expect(formatInstant('2027-02-10T13:00:00Z', 'Africa/Nairobi', 'en')).toMatchObject({
      date: 'Wednesday, 10 February 2027',
      time: '16:00 (Nairobi)',
      utc: '13:00 UTC',
    });
  });

  it('names the reader’s city in the letter’s language: Alger and Le Caire in French, Algiers and Cairo in English', () => {
    const at = '2027-02-10T13:00:00Z';
    expect(formatInstant(at, 'Africa/Algiers', 'fr').time).toBe('14:00 (Alger)');
    expect(formatInstant(at, 'Africa/Algiers', 'en').time).toBe('14:00 (Algiers)');
    expect(formatInstant(at, 'Africa/Cairo', 'fr').full).toBe('mercredi 10 février 2027, 15:00 (Le Caire) – 13:00 UTC');
    expect(formatInstant(at, 'Africa/Cairo', 'en').time).toBe('15:00 (Cairo)');
    expect(formatInstant(at, 'Africa/Addis_Ababa', 'fr').time).toBe('16:00 (Addis-Abeba)');
    expect(formatInstant(at, 'Europe/Brussels', 'fr').time).toBe('14:00 (Bruxelles)');
    // Where ICU names the zone by its city, its French spelling (Moscou, Maurice, Cap-Vert).
    expect(formatInstant(at, 'Europe/Moscow', 'fr').time).toBe('16:00 (Moscou)');
    expect(formatInstant(at, 'Indian/Mauritius', 'fr').time).toBe('17:00 (Maurice)');
    expect(formatInstant(at, 'Atlantic/Cape_Verde', 'fr').time).toBe('12:00 (Cap-Vert)');
    // Cities French writes as their inhabitants do keep that spelling, aliases included.
    expect(formatInstant(at, 'Africa/Kinshasa', 'fr').time).toBe('14:00 (Kinshasa)');
    expect(formatInstant(at, 'Africa/Lome', 'fr').time).toBe('13:00 (Lomé)');
    expect(formatInstant(at, 'America/Bogota', 'fr').time).toBe('08:00 (Bogotá)');
    expect(formatInstant(at, 'Egypt', 'fr').time).toBe('15:00 (Le Caire)');
    expect(formatInstant(at, 'Etc/GMT-3', 'fr').time).toBe('16:00 (UTC+3)');
  });

  it('names the UTC date when it is not the local one', () => {
    expect(formatInstant('2027-02-10T23:30:00Z', 'Africa/Nairobi', 'en')).toMatchObject({
      date: 'Thursday, 11 February 2027',
      time: '02:30 (Nairobi)',
      utc: '23:30 UTC, 10 Feb 2027',
    });
  });

  it('writes the first of the month as French does, 1er', () => {
    expect(formatCalendarDate('2027-03-01', 'fr')).toBe('lundi 1er mars 2027');
    expect(formatDueDate('2027-03-01T16:00:00Z', 'Africa/Dakar', 'fr')).toBe('lundi 1er mars 2027');
    expect(formatInstant('2027-03-01T13:00:00Z', 'Africa/Dakar', 'fr').shortDate).toBe('1er mars 2027');
    expect(formatCalendarDate('2027-03-11', 'fr')).toBe('jeudi 11 mars 2027');
    expect(formatCalendarDate('2027-03-21', 'fr')).toBe('dimanche 21 mars 2027');
  });

  it('writes zone cities as their inhabitants do', () => {
    expect(zoneCity('Africa/Ndjamena')).toBe("N'Djamena");
    expect(zoneCity('Africa/Dar_es_Salaam')).toBe('Dar es Salaam');
    expect(zoneCity('Africa/Kinshasa')).toBe('Kinshasa');
    // The id drops the full stop and the apostrophe a Newfoundlander writes.
    expect(zoneCity('America/St_Johns')).toBe("St. John's");
    expect(formatInstant('2027-04-12T20:30:00Z', 'America/St_Johns', 'fr').time).toBe("18:00 (St. John's)");
    expect(zoneCity('America/St_Barthelemy')).toBe('Saint-Barthélemy');
    // The ids are ASCII; Togolese, Brazilian and New Caledonian readers write their cities with accents.
    expect(formatInstant('2027-02-10T13:00:00Z', 'Africa/Lome', 'fr').time).toBe('13:00 (Lomé)');
    expect(formatInstant('2027-02-10T13:00:00Z', 'America/Sao_Paulo', 'en').time).toBe('10:00 (São Paulo)');
    expect(zoneCity('Pacific/Noumea')).toBe('Nouméa');
    expect(zoneCity('America/Bogota')).toBe('Bogotá');
    expect(zoneCity('Indian/Reunion')).toBe('Réunion');
    expect(zoneCity('America/Argentina/Cordoba')).toBe('Córdoba');
  });

  it('names cities as the tz database now spells them, though Intl canonicalises their zones to older ids', () => {
    const cities: Array<[string, string]> = [
      ['Asia/Kathmandu', 'Kathmandu'],
      ['Asia/Kolkata', 'Kolkata'],
      ['Europe/Kyiv', 'Kyiv'],
      ['Asia/Ho_Chi_Minh', 'Ho Chi Minh'],
      ['America/Nuuk', 'Nuuk'],
      ['Asia/Yangon', 'Yangon'],
      ['Africa/Asmara', 'Asmara'],
      ['Atlantic/Faroe', 'Faroe'],
      ['Pacific/Pohnpei', 'Pohnpei'],
      ['Pacific/Chuuk', 'Chuuk'],
      ['Pacific/Kanton', 'Kanton'],
      ['America/Atikokan', 'Atikokan'],
      // A file that still writes the old id, or a zone the tz database folded into Kyiv, reads the same.
      ['Asia/Calcutta', 'Kolkata'],
      ['Europe/Zaporozhye', 'Kyiv'],
      ['America/Indiana/Indianapolis', 'Indianapolis'],
      ['America/Argentina/Buenos_Aires', 'Buenos Aires'],
    ];
    expect(cities.map(([zone]) => [zone, zoneCity(zone)])).toEqual(cities);
    expect(formatInstant('2027-02-10T08:15:00Z', 'Asia/Kathmandu', 'en').time).toBe('14:00 (Kathmandu)');
  });

  it('names zones a round file may spell in another case or by an alias, and Etc/GMT zones by their true offset', () => {
    expect(zoneCity('pacific/kiritimati')).toBe('Kiritimati');
    expect(zoneCity('america/port-au-prince')).toBe('Port-au-Prince');
    expect(zoneCity('US/Pacific')).toBe('Los Angeles');
    // POSIX signs: Etc/GMT+12 is twelve hours behind UTC.
    expect(zoneCity('Etc/GMT+12')).toBe('UTC−12');
    expect(zoneCity('etc/gmt-14')).toBe('UTC+14');
    expect(zoneCity('Etc/GMT')).toBe('UTC');
    expect(formatInstant('2027-01-14T20:00:00Z', 'Etc/GMT+12', 'en').time).toBe('08:00 (UTC−12)');
  });

  it('outbox names sort like the instants they carry', () => {
    expect(compactInstant('2027-02-10T13:00:00.000Z')).toBe('20270210T130000Z');
    expect(compactInstant('2027-02-10T13:00:00+01:00')).toBe('20270210T120000Z');
    expect(['2027-03-01T09:00:00.000Z', '2027-02-28T23:59:59.999Z', '2026-12-31T23:00:00.000Z'].map(compactInstant).sort()).toEqual([
      '20261231T230000Z',
      '20270228T235959Z',
      '20270301T090000Z',
    ]);
    expect(() => compactInstant('soon')).toThrow('not an instant: soon');
  });
});

describe('human names for keys', () => {
  it('names deliverables and events in each language, with the right French article', () => {
    expect(deliverableName('jsr-documents', 'en')).toBe('JSR country documents');
    expect(deliverableName('jsr-documents', 'fr')).toBe('documents nationaux de la RSC');
    expect(eventName({ id: 'vc2', kind: 'video-conference' }, 'fr')).toBe('deuxième visioconférence');
    expect(eventNameWithArticle({ id: 'debrief-2', kind: 'debrief' }, 'fr')).toBe(
      'le débriefing du soir, jour 2',
    );
    expect(eventNameWithArticle({ id: 'visit', kind: 'visit' }, 'en')).toBe('the country visit');
  });

  it('counts days in words a reader expects, never `0 days`', () => {
    expect(dayCount(1, 'en')).toBe('1 day');
    expect(dayCount(8, 'fr')).toBe('8 jours');
    expect(dayCount(0, 'en')).toBe('less than a day');
    expect(dayCount(0, 'fr')).toBe("moins d'un jour");
  });

  it('signs French emails in French, English ones with the configured sender', () => {
    expect(signature('JSR Exchange Secretariat', 'en')).toBe('JSR Exchange Secretariat');
    expect(signature('JSR Exchange Secretariat', 'fr')).toMatch(/^Le Secrétariat/);
  });
});
