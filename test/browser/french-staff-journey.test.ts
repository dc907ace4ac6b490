/**
 * A French-speaking coordinator on a phone, on a real francophone round (dev server, real worker): their
 * session has ended on the round's French page, seen in Chatham's time; they sign in again, send an
 * extension whose reason is only spaces (the browser's `required` lets that through) and a reschedule the
 * round refuses. Each refusal comes in French, names the field by its label, and leads back to the round in
 * French and in Chatham's time; nothing was changed. axe finds no serious violation on either page.
 */
import { expectNoSeriousA11yViolations } from '../harness/browser';
import { staffJourney } from '../harness/staff-journey';

const PASSWORD = 'mot de passe du personnel';

describe('a French coordinator on a phone, refused in French', () => {
  const journey = staffJourney('french-staff', 'fr-2027-r1.yaml', PASSWORD);

  it('signs in again in French, and each refusal names the field and leads back to the round as it was seen', async () => {
    const { browser, baseUrl, roundId } = journey;
    const page = await browser.newPage();
    await page.setViewportSize({ width: 375, height: 667 });
    const roundPage = `${baseUrl}/staff/rounds/${roundId}?lang=fr&tz=Pacific%2FChatham`;
    await page.goto(roundPage);
    await page.getByLabel('Mot de passe').fill(PASSWORD);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.waitForURL(roundPage);
    const before = await page.getByRole('region', { name: 'Qui doit quoi' }).textContent();
    // The round's page in French and Chatham's time, whatever the order of its address's parameters.
    const backOnTheRound = (url: URL) =>
      url.pathname === `/staff/rounds/${roundId}` && url.searchParams.get('lang') === 'fr' && url.searchParams.get('tz') === 'Pacific/Chatham';

    const extend = page.getByRole('group', { name: 'Repousser l’échéance' });
    await extend.getByLabel('Livrable').selectOption('CI/jsr-documents');
    await extend.getByLabel('Nouvelle échéance').fill('2027-03-01');
    await extend.getByLabel('Motif').fill('   ');
    await extend.getByRole('button', { name: 'Repousser l’échéance' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toBe(
      'Le champ « Motif » est vide : remplissez-le et renvoyez le formulaire.',
    );
    await expectNoSeriousA11yViolations(page);
    await page.getByRole('link', { name: 'Retour' }).click();
    await page.waitForURL(backOnTheRound);

    const reschedule = page.getByRole('group', { name: 'Reprogrammer' });
    await reschedule.getByLabel('Événement').selectOption('vc2');
    await reschedule.getByLabel('Nouveau début').fill('mardi prochain');
    await reschedule.getByRole('button', { name: 'Reprogrammer' }).click();
    const refusal = page.getByRole('alert');
    await expect(refusal.textContent()).resolves.toContain('Au sujet du champ « Nouveau début », le cycle a répondu (en anglais) :');
    await expect(refusal.locator('[lang="en"]').textContent()).resolves.toMatch(/^start: "mardi prochain" is not an instant/);
    await expectNoSeriousA11yViolations(page);
    await page.getByRole('link', { name: 'Retour' }).click();
    await page.waitForURL(backOnTheRound);
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('fr');
    // Nothing was changed by either form.
    await expect(page.getByRole('region', { name: 'Qui doit quoi' }).textContent()).resolves.toBe(before);
    await page.close();
  });
});
