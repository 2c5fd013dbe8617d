// Identifying by typing the ID number (issue 5, part 2), only where the service's catalog entry allows it:
// on the touch kiosk with the on-screen keypad (digits and X) and pinyin for the name, and on the bank
// teller machine with its physical keys ('*' types the X). A wrong number is refused next to the field in
// plain words and no session starts; a typed identity prefills only what a number can tell, is marked as
// typed, masked where not needed, and is refused by a service that wants the card. Both modes.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { residentIdCheckChar } from '../sync/protocol/id-numbers.js';
import { screenshotOf } from './support/page-shapes.js';
import { startStack, type Stack } from './support/stack.js';

const shot = screenshotOf('identify-typed');
/** A person's pace on the keypad: digits a few ms apart and an Enter are what a wedge scanner sends. */
const PERSON_DELAY_MS = 80;
const TYPED_SERVICE = 'svc-resident-medical-insurance';
const KEYPAD_SERVICE = 'svc-pension-record-query';
const CARD_SERVICE = 'svc-social-security-card';

/** A synthetic number (not one of the simulated cards), and the same with a wrong check character. */
const FIRST17 = '32010219850612301';
const GOOD_ID = FIRST17 + residentIdCheckChar(FIRST17);
const BAD_CHECK_ID = FIRST17 + (GOOD_ID.endsWith('1') ? '2' : '1');

/** A synthetic number whose check character is X (typed as '*' on a keypad). */
function idEndingInX(): string {
  for (let n = 0; n < 1000; n++) {
    const first17 = `33010619720301${String(n).padStart(3, "0")}`;
    if (residentIdCheckChar(first17) === 'X') return `${first17}X`;
  }
  throw new Error('no X number found');
}

/** axe-core: no serious or critical violation on the screen as it is now. */
async function expectAccessible(page: Page, screen: string): Promise<void> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes[0]?.target.join(' ')}`);
  expect(bad, screen).toEqual([]);
}

async function tap(page: Page, keys: string): Promise<void> {
  for (const key of keys) await page.getByTestId(`osk-key-${key}`).click();
}

/** Pinyin on the on-screen keyboard, then the candidate with this text. */
async function tapPinyin(page: Page, pinyin: string, character: string): Promise<void> {
  await tap(page, pinyin);
  await page.getByTestId('osk-candidates').getByRole('button', { name: character, exact: true }).click();
}

test.describe('touch kiosk', () => {
  let stack: Stack;
  test.beforeAll(async () => {
    stack = await startStack();
  });
  test.afterAll(async () => {
    await stack?.close();
  });

  for (const elder of [false, true]) {
    const mode = elder ? 'elder' : 'normal';
    test(`types the ID number and name on the on-screen keys; a wrong number starts nothing (${mode} mode)`, async ({ page }) => {
      await page.goto(stack.hostUrl);
      if (elder) await page.getByTestId('elder-mode-switch').click();
      await page.getByTestId('attract-start').click();
      await page.getByTestId('services-search').fill('居民医保');
      await page.getByTestId('osk-done').click();
      await page.getByTestId(`service-item-${TYPED_SERVICE}`).click();
      await expect(page.getByTestId('identify-prompt')).toBeVisible();
      await page.getByTestId('identify-type-id').click();
      await expect(page.getByTestId('osk')).toHaveAttribute('data-layout', 'id');

      // A number with a wrong check digit: refused next to the field, in plain words; no form.
      await tap(page, BAD_CHECK_ID);
      await expect(page.getByTestId('identify-typed-id')).toHaveValue(BAD_CHECK_ID);
      await page.getByTestId('identify-typed-name').click();
      await expect(page.getByTestId('osk')).toHaveAttribute('data-layout', 'pinyin');
      await tapPinyin(page, 'wang', '王');
      await tapPinyin(page, 'fang', '芳');
      await expect(page.getByTestId('identify-typed-name')).toHaveValue('王芳');
      // Not being edited: the number is masked.
      await expect(page.getByTestId('identify-typed-id')).toHaveAttribute('data-masked', 'true');
      await expect(page.getByTestId('identify-typed-id')).not.toHaveValue(BAD_CHECK_ID);
      await page.getByTestId('osk-done').click();
      await page.getByTestId('identify-typed-submit').click();
      await expect(page.getByTestId('identify-typed-id-error')).toContainText('身份证号码有误');
      await expect(page.getByTestId('service-form')).toHaveCount(0);
      await expect(page.locator('.app')).toHaveAttribute('data-session', 'identify');
      await page.screenshot(shot(`touch-invalid-${mode}`));
      await expectAccessible(page, `typed identity with a problem (${mode})`);

      // Corrected on the keypad: the last character again.
      await page.getByTestId('identify-typed-id').click();
      await page.getByTestId('osk-backspace').click();
      await tap(page, GOOD_ID.slice(-1));
      await expect(page.getByTestId('identify-typed-id-error')).toHaveCount(0);
      await page.getByTestId('osk-done').click();
      await page.getByTestId('identify-typed-submit').click();

      await expect(page.getByTestId('service-form')).toBeVisible();
      await expect(page.getByTestId('field-applicantName')).toHaveValue('王芳');
      await expect(page.getByTestId('field-applicantName-from')).toHaveText('来自您输入的号码');
      await expect(page.getByTestId('field-idNumber')).toHaveAttribute('data-masked', 'true');
      await expect(page.getByTestId('field-idNumber')).toHaveValue(/^320\*+\d{3}[\dX]$/);
      // Only the card's chip knows the address: the person fills it in.
      await expect(page.getByTestId('field-address')).toHaveValue('');
      await page.screenshot(shot(`touch-form-${mode}`));

      // A service that wants the card refuses the typed identity, and says which ways it takes.
      await page.getByTestId('form-back').click();
      await page.getByTestId('services-search').fill('社保卡');
      await page.getByTestId('osk-done').click();
      await page.getByTestId(`service-item-${CARD_SERVICE}`).click();
      await expect(page.getByTestId('identify-problem')).toHaveAttribute('data-problem', 'method-not-allowed');
      await expect(page.getByTestId('identify-problem')).toContainText('不能输入号码办理');
      await expect(page.getByTestId('identify-problem')).toContainText('身份证');
      await expect(page.getByTestId('identify-type-id')).toHaveCount(0);
      await page.screenshot(shot(`touch-refused-${mode}`));
      await expectAccessible(page, `identify refused (${mode})`);

      await page.getByTestId('session-cancel').click();
      await expect(page.getByTestId('attract-start')).toBeVisible();
      await expect(page.locator('body')).not.toContainText('王芳');
      await expect(page.locator('body')).not.toContainText(GOOD_ID.slice(-4));
    });
  }
});

test.describe('bank teller machine, keypad only', () => {
  let stack: Stack;
  test.beforeAll(async () => {
    stack = await startStack({ profile: 'bank-teller-machine' });
  });
  test.afterAll(async () => {
    await stack?.close();
  });

  /** Digits choose a service on the page; 0 turns the page. */
  async function chooseByKeys(page: Page, serviceId: string): Promise<void> {
    const item = page.getByTestId(`service-item-${serviceId}`);
    // A key outside a text field reaches the page once the wedge-scanner detector has seen it is no scan
    // (up to ~100 ms later): wait that long before looking, or the page is turned twice.
    for (let turn = 0; turn < 20 && !(await item.isVisible()); turn++) {
      await page.keyboard.press('0');
      await page.waitForTimeout(250);
    }
    const digit = (await item.locator('.service-item__key').innerText()).trim();
    await page.keyboard.press(digit);
  }

  for (const elder of [false, true]) {
    const mode = elder ? 'elder' : 'normal';
    test(`types the ID number with the machine's keys ('*' for X) and applies (${mode} mode)`, async ({ page }) => {
      const idWithX = idEndingInX();
      await page.goto(stack.hostUrl);
      await expect(page.getByTestId('attract-start')).toBeVisible();
      await page.keyboard.press('5');
      if (elder) await page.keyboard.press('F7');
      await chooseByKeys(page, KEYPAD_SERVICE);
      await expect(page.getByTestId('identify-type-id')).toContainText('确认键');
      await page.keyboard.press('Enter');
      await expect(page.getByTestId('identify-typed-id')).toBeFocused();

      // A number with an impossible region: the message speaks about the number only.
      await page.keyboard.type(`99${idWithX.slice(2, 17)}`, { delay: PERSON_DELAY_MS });
      await page.keyboard.press('*');
      await page.keyboard.press('Enter');
      await expect(page.getByTestId('identify-typed-id-error')).toContainText('前两位');
      await expect(page.getByTestId('identify-typed-name-error')).toHaveCount(0);
      await expect(page.getByTestId('service-form')).toHaveCount(0);
      await page.screenshot(shot(`keypad-invalid-${mode}`));

      for (let i = 0; i < 18; i++) await page.keyboard.press('Backspace');
      await page.keyboard.type(idWithX.slice(0, 17), { delay: PERSON_DELAY_MS });
      await page.keyboard.press('*');
      await expect(page.getByTestId('identify-typed-id')).toHaveValue(idWithX);
      await page.keyboard.press('Enter');
      await expect(page.getByTestId('identify-typed-name')).toBeFocused();
      // The number is masked once the person has moved on.
      await expect(page.getByTestId('identify-typed-id')).toHaveAttribute('data-masked', 'true');
      // The name arrives as text input (the teller machine's input method); Enter goes on.
      await page.keyboard.insertText('王芳');
      await page.keyboard.press('Enter');

      await expect(page.getByTestId('service-form')).toBeVisible();
      await expect(page.getByTestId('field-applicantName')).toHaveValue('王芳');
      await expect(page.getByTestId('field-idNumber')).toHaveValue(/^330\*+\d{3}X$/);
      await page.keyboard.press('Enter');
      for (let step = 0; step < 6 && !(await page.getByTestId('review-summary').isVisible()); step++) {
        await page.keyboard.press('1');
        await page.keyboard.press('Enter');
      }
      await expect(page.getByTestId('review-summary')).toBeVisible();
      await expect(page.getByTestId('review-id-number')).not.toContainText(idWithX.slice(6, 14));
      await page.screenshot(shot(`keypad-review-${mode}`));
      await page.keyboard.press('Enter');
      await expect(page.getByTestId('submitted-number')).toBeVisible();
      const number = (await page.getByTestId('submitted-number').innerText()).trim();

      // The platform has it under the typed number, once.
      await expect
        .poll(
          async () => {
            const list = await stack.adminGet<{ applications: { application: { applicationNumber: string; applicant: { idNumber: string; name: string } } }[] }>(
              '/v1/admin/applications?limit=500',
            );
            return list.applications.filter((a) => a.application.applicationNumber === number).map((a) => a.application.applicant.idNumber);
          },
          { timeout: 30_000 },
        )
        .toEqual([idWithX]);
    });
  }
});
