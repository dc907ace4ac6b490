/**
 * A coordinator at a desk, with the keyboard alone, replaces a Kenyan participant who left on a real
 * round (dev server, real worker) and types the newcomer's address wrong: it belongs to a Ghanaian
 * participant, and the round refuses it. The refusal page brings the replacement form back as it was
 * filled in (delegation, who left, the newcomer's name and address), so only the address is corrected
 * before sending again; before, its one way forward was Back, which reopened the round with every form
 * empty. The second try is accepted and the newcomer is in the delegation.
 */
import { findProgress } from '../../client/round-service';
import { expectNoSeriousA11yViolations } from '../harness/browser';
import { staffJourney } from '../harness/staff-journey';

const PASSWORD = 'staff password for the replacement';

describe('a refused replacement comes back filled in', () => {
  const journey = staffJourney('refused-action', 'en-2027-r1.yaml', PASSWORD);

  it('keeps what the coordinator typed, so only the wrong address is corrected', async () => {
    const { browser, baseUrl, roundId, live } = journey;
    const page = await browser.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${baseUrl}/staff/rounds/${roundId}?tz=Africa%2FNairobi`);
    await page.getByLabel('Password').focus();
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/staff\/rounds\//);

    const typeInto = async (form: ReturnType<typeof page.getByRole>, label: string, text: string) => {
      await form.getByLabel(label, { exact: true }).focus();
      await page.keyboard.type(text);
    };
    const replace = page.getByRole('group', { name: 'Replace a participant' });
    await replace.getByLabel('Delegation').focus();
    await page.keyboard.press('Home');
    await typeInto(replace, 'Who left (email)', 'm.achieng@example.ke');
    await typeInto(replace, 'Newcomer’s name', 'Wanjiku Njoroge');
    await typeInto(replace, 'Newcomer’s email', 'k.asante@example.gh');
    await replace.getByRole('button', { name: 'Replace a participant' }).focus();
    await page.keyboard.press('Enter');

    await expect(page.getByRole('alert').textContent()).resolves.toContain('About “Newcomer’s email”, the round answered:');
    const again = page.getByRole('group', { name: 'Replace a participant' });
    await expect(again.getByLabel('Delegation').inputValue()).resolves.toBe('KE');
    await expect(again.getByLabel('Who left (email)').inputValue()).resolves.toBe('m.achieng@example.ke');
    await expect(again.getByLabel('Newcomer’s name').inputValue()).resolves.toBe('Wanjiku Njoroge');
    await expect(again.getByLabel('Newcomer’s email').inputValue()).resolves.toBe('k.asante@example.gh');
    await expectNoSeriousA11yViolations(page);

    await again.getByLabel('Newcomer’s email').fill('');
    await typeInto(again, 'Newcomer’s email', 'w.njoroge@example.ke');
    await again.getByRole('button', { name: 'Replace a participant' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.searchParams.get('done') === 'replace: accepted');
    // Back on the round as it was seen, in Nairobi's time.
    expect(new URL(page.url()).searchParams.get('tz')).toBe('Africa/Nairobi');
    const kenya = (await findProgress(live.env.client, roundId))?.delegations.find((d) => d.country === 'KE');
    expect(kenya?.participants.map((p) => p.email)).toEqual(['p.kamau@example.ke', 'w.njoroge@example.ke']);
    await page.close();
  });
});
