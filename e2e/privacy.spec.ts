// Identity on screen and the end of a session (issue 5, part 2) in Debian Chromium on the real stack:
// the ID number is masked where it is not needed; after the idle timeout, shown as a countdown, every
// trace of the person has left the screen, the form state and the browser's storage, and the next
// person starts clean. The page clock is driven by Playwright so the 120 s timeout takes no real time.
import { expect, test, type Page } from '@playwright/test';
import { startStack, type Stack } from './support/stack.js';
import { type PageWindow, screenshotOf } from './support/page-shapes.js';

const shot = screenshotOf('privacy');
const NAME = '张三丰';
const ID_BIRTH = '19560412';
const PHONE = '13912345678';
let stack: Stack;

test.beforeAll(async () => {
  stack = await startStack();
});
test.afterAll(async () => {
  await stack?.close();
});

async function placeCard(page: Page, index: number): Promise<void> {
  if (!(await page.getByTestId('dev-panel').isVisible())) await page.getByTestId('dev-panel-toggle').click();
  await page.getByTestId('dev-remove-card').click();
  await page.waitForTimeout(1_000);
  await page.getByTestId(`dev-place-card-${index}`).click();
}

test('idle timeout with a countdown leaves no trace of the person: screen, form state, storage', async ({ page }) => {
  await page.clock.install();
  await page.goto(stack.hostUrl);
  await page.getByTestId('attract-start').click();
  await page.getByTestId('services-search').fill('sbk');
  await page.getByTestId('service-item-svc-social-security-card').click();
  await placeCard(page, 0);
  await expect(page.getByTestId('service-form')).toBeVisible();
  await page.getByTestId('dev-panel-toggle').click();
  // Masked while not being edited: the full number is not on the screen.
  await expect(page.getByTestId('field-idNumber')).toHaveAttribute('data-masked', /.*/);
  await expect(page.locator('main')).not.toContainText(ID_BIRTH);
  await page.getByTestId('field-phone').fill(PHONE);
  await expect(page.getByTestId('field-applicantName')).toHaveValue(NAME);

  // The last seconds are counted down on screen (2:00 timeout, warning in the last 30 s).
  await page.clock.fastForward('01:35');
  await expect(page.getByTestId('idle-dialog')).toBeVisible();
  await expect(page.getByTestId('idle-countdown')).toHaveText(/^\d+$/);
  await page.screenshot(shot('countdown'));
  await page.clock.fastForward('00:30');
  await expect(page.getByTestId('attract-start')).toBeVisible();

  // Screen: nothing of the person, also not in form controls' values.
  const html = await page.content();
  for (const trace of [NAME, ID_BIRTH, PHONE]) expect(html).not.toContain(trace);
  const values = await page.evaluate(() => Array.from((globalThis as unknown as PageWindow).document.querySelectorAll('input, textarea, select'), (e) => e.value ?? '').join('|'));
  for (const trace of [NAME, ID_BIRTH, PHONE]) expect(values).not.toContain(trace);
  // Browser storage the page can reach: nothing personal (applications live encrypted in IndexedDB).
  const storage = await page.evaluate(() => JSON.stringify({ ...(globalThis as unknown as PageWindow).localStorage }) + JSON.stringify({ ...(globalThis as unknown as PageWindow).sessionStorage }));
  for (const trace of [NAME, ID_BIRTH, PHONE]) expect(storage).not.toContain(trace);

  // Form state: the next person choosing the same service starts at identification, and their form
  // holds only their own card's data, no phone number of the one before.
  await page.getByTestId('attract-start').click();
  await expect(page.getByTestId('services-search')).toHaveValue('');
  await page.getByTestId('services-search').fill('sbk');
  await page.getByTestId('service-item-svc-social-security-card').click();
  await expect(page.getByTestId('identify-prompt')).toBeVisible();
  await placeCard(page, 2); // 阿依古丽·测试, a valid resident card
  await expect(page.getByTestId('service-form')).toBeVisible();
  await expect(page.getByTestId('field-phone')).toHaveValue('');
  await expect(page.getByTestId('field-applicantName')).toHaveValue('阿依古丽·测试');
  await page.screenshot(shot('next-person'));
});
