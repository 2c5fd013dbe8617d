// The on-screen keyboard of touch kiosks (issue 5, part 3) in Debian Chromium on the real stack: letters
// for the search (which itself understands pinyin initials), digits for a phone, digits and X for an ID
// number, pinyin with candidates for an address. Only taps on the keyboard type.
import { expect, test, type Page } from '@playwright/test';
import { startStack, type Stack } from './support/stack.js';

const shot = (name: string) => ({ path: `e2e/artifacts/screens/keyboard-${name}.png`, fullPage: false });
let stack: Stack;

test.beforeAll(async () => {
  stack = await startStack();
});
test.afterAll(async () => {
  await stack?.close();
});

async function tap(page: Page, keys: string): Promise<void> {
  for (const key of keys) await page.getByTestId(`osk-key-${key}`).click();
}

for (const elder of [false, true]) {
  test(`typing by touch alone: search, phone, ID number with X, Chinese by pinyin (${elder ? 'elder' : 'normal'} mode)`, async ({ page }) => {
    await page.goto(stack.hostUrl);
    if (elder) await page.getByTestId('elder-mode-switch').click();
    await page.getByTestId('attract-start').click();
    await page.getByTestId('services-search').click();
    await expect(page.getByTestId('osk')).toHaveAttribute('data-layout', 'letters');
    await tap(page, 'SBK');
    await expect(page.getByTestId('services-search')).toHaveValue('SBK');
    await expect(page.getByTestId('service-item-svc-social-security-card')).toBeVisible();
    await page.screenshot(shot(`search-${elder ? 'elder' : 'normal'}`));
    await page.getByTestId('osk-done').click();
    await expect(page.getByTestId('osk')).toHaveCount(0);
    await page.getByTestId('service-item-svc-social-security-card').click();

    if (!(await page.getByTestId('dev-panel').isVisible())) await page.getByTestId('dev-panel-toggle').click();
    await page.getByTestId('dev-remove-card').click();
    await page.waitForTimeout(1_000);
    await page.getByTestId('dev-place-card-0').click();
    await expect(page.getByTestId('service-form')).toBeVisible();
    await page.getByTestId('dev-panel-toggle').click();

    await page.getByTestId('field-phone').click();
    await expect(page.getByTestId('osk')).toHaveAttribute('data-layout', 'numeric');
    await tap(page, '13800138000');
    await expect(page.getByTestId('field-phone')).toHaveValue('13800138000');

    await page.getByTestId('field-guardianIdNumber').click();
    await expect(page.getByTestId('osk')).toHaveAttribute('data-layout', 'id');
    await tap(page, 'X'); // not as the first character
    await tap(page, '11010119900307803X');
    await expect(page.getByTestId('field-guardianIdNumber')).toHaveValue('11010119900307803X');

    await page.getByTestId('field-mailingAddress').click();
    await expect(page.getByTestId('osk')).toHaveAttribute('data-layout', 'pinyin');
    await tap(page, 'jiedao');
    await expect(page.getByTestId('osk-composing')).toHaveText('jiedao');
    await expect(page.getByTestId('osk-candidate-0')).toHaveText('街道');
    await page.screenshot(shot(`pinyin-${elder ? 'elder' : 'normal'}`));
    await page.getByTestId('osk-candidate-0').click();
    await tap(page, 'jd'); // initials of a word
    await expect(page.getByTestId('osk-candidates')).toContainText('街道');
    await page.getByTestId('osk-backspace').click();
    await page.getByTestId('osk-backspace').click();
    await page.getByTestId('osk-switch').click();
    await tap(page, '12');
    await expect(page.getByTestId('field-mailingAddress')).toHaveValue('街道12');
  });
}
