// The walking skeleton's journey in Debian Chromium, on the real product: platform (PGlite), terminal
// host with its real drivers talking to simulated devices over socat pty pairs, renderer with RxDB on
// IndexedDB. Then the offline case: platform stopped, application taken, platform back, arrives once.
import { expect, test, type Page } from '@playwright/test';
import { startStack, type Stack } from './support/stack.js';

const SERVICE_ID = 'svc-social-security-card';
const shots = (name: string) => ({ path: `e2e/artifacts/screens/journey-${name}.png`, fullPage: true });

interface AdminApplications {
  applications: { application: { id: string; applicationNumber: string; status: string; terminalId: string }; seq: number }[];
}

let stack: Stack;

test.beforeAll(async () => {
  stack = await startStack();
});

test.afterAll(async () => {
  await stack?.close();
});

async function placeCard(page: Page, index: number): Promise<void> {
  const panel = page.getByTestId('dev-panel');
  if (!(await panel.isVisible())) await page.getByTestId('dev-panel-toggle').click();
  await page.getByTestId(`dev-place-card-${index}`).click();
}

async function removeCard(page: Page): Promise<void> {
  const panel = page.getByTestId('dev-panel');
  if (!(await panel.isVisible())) await page.getByTestId('dev-panel-toggle').click();
  await page.getByTestId('dev-remove-card').click();
}

/** Attract → service → card → form (with one wrong answer corrected) → review → submit. Returns the number. */
async function applyForSocialSecurityCard(page: Page, label: string): Promise<string> {
  await page.getByTestId('attract-start').click();
  await expect(page.getByTestId('service-list')).toBeVisible();
  await page.screenshot(shots(`${label}-services`));
  await page.getByTestId(`service-item-${SERVICE_ID}`).click();

  await expect(page.getByTestId('identify-prompt')).toBeVisible();
  await placeCard(page, 0);
  await expect(page.getByTestId('service-form')).toBeVisible();
  // Prefilled from the card.
  await expect(page.getByTestId('field-applicantName')).toHaveValue('张三丰');
  await page.screenshot(shots(`${label}-form`));

  // A wrong phone number is refused next to the field, in plain words.
  await page.getByTestId('field-phone').fill('12345');
  await page.getByTestId('form-next').click();
  await expect(page.getByTestId('field-error-phone')).toBeVisible();
  await expect(page.getByTestId('field-error-phone')).toContainText('手机');
  await page.getByTestId('field-phone').fill('13800138000');
  for (const key of ['cardBank', 'delivery']) {
    await page.locator(`[data-testid^="field-${key}-option-"]`).first().click();
  }
  await page.getByTestId('form-next').click();

  await expect(page.getByTestId('review-summary')).toBeVisible();
  // The ID number is masked on the review page.
  await expect(page.getByTestId('review-id-number')).toContainText('*');
  await expect(page.getByTestId('review-id-number')).not.toContainText('19560412');
  await page.screenshot(shots(`${label}-review`));
  await page.getByTestId('review-submit').click();

  await expect(page.getByTestId('submitted-number')).toBeVisible();
  const number = (await page.getByTestId('submitted-number').innerText()).trim();
  expect(number).toMatch(/^YC-/);
  await page.screenshot(shots(`${label}-submitted`));
  return number;
}

async function platformCopies(number: string): Promise<number> {
  const list = await stack.adminGet<AdminApplications>('/v1/admin/applications?limit=500');
  return list.applications.filter((a) => a.application.applicationNumber === number).length;
}

test('a citizen applies at the kiosk: card, form, submit, receipt, session cleared', async ({ page }) => {
  await page.goto(stack.hostUrl);
  await expect(page.getByTestId('attract-start')).toBeVisible();
  await expect(page.getByTestId('connectivity-state')).toContainText('在线');
  await page.screenshot(shots('attract'));

  const number = await applyForSocialSecurityCard(page, 'online');

  // The receipt came out of the (simulated) printer with the number and a QR code.
  await expect(page.getByTestId('print-status')).toContainText('已打印', { timeout: 20_000 });
  await page.getByTestId('dev-refresh-receipts').click();
  await expect(page.getByTestId('receipt-text').last()).toContainText(number);

  // It reached the platform exactly once, and nobody is left waiting.
  await expect.poll(() => platformCopies(number), { timeout: 30_000 }).toBe(1);
  await expect(page.getByTestId('connectivity-waiting')).toContainText('0', { timeout: 30_000 });

  await page.getByTestId('submitted-finish').click();
  await removeCard(page);
  await expect(page.getByTestId('attract-start')).toBeVisible({ timeout: 20_000 });
  // Every trace of the person has left the screen.
  await expect(page.locator('body')).not.toContainText('张三丰');
  await expect(page.locator('body')).not.toContainText(number);
});

test('an expired card is refused with a plain message and a way forward', async ({ page }) => {
  await page.goto(stack.hostUrl);
  await page.getByTestId('attract-start').click();
  await page.getByTestId(`service-item-${SERVICE_ID}`).click();
  await expect(page.getByTestId('identify-prompt')).toBeVisible();
  await placeCard(page, 1);
  await expect(page.getByTestId('identify-problem')).toContainText('过期');
  await page.screenshot(shots('expired-card'));
  await removeCard(page);
  await expect(page.getByTestId('identify-choose-other')).toBeVisible();
});

test('offline: the terminal takes the application and forwards it exactly once when the platform is back', async ({
  page,
}) => {
  await page.goto(stack.hostUrl);
  await expect(page.getByTestId('connectivity-state')).toContainText('在线');
  await stack.stopPlatform();
  await expect(page.getByTestId('connectivity-state')).toContainText('离线', { timeout: 30_000 });

  const number = await applyForSocialSecurityCard(page, 'offline');
  await expect(page.getByTestId('submitted-offline')).toBeVisible();
  await expect(page.getByTestId('connectivity-waiting')).toContainText('1');
  await page.screenshot(shots('offline-waiting'));

  await stack.startPlatform();
  await expect(page.getByTestId('connectivity-state')).toContainText('在线', { timeout: 60_000 });
  await expect(page.getByTestId('connectivity-waiting')).toContainText('0', { timeout: 60_000 });
  await expect.poll(() => platformCopies(number), { timeout: 30_000 }).toBe(1);
  // The first application is still there once too: nothing lost, nothing duplicated.
  const all = await stack.adminGet<AdminApplications>('/v1/admin/applications?limit=500');
  const numbers = all.applications.map((a) => a.application.applicationNumber);
  expect(new Set(numbers).size).toBe(numbers.length);
  expect(numbers.length).toBe(2);
});
