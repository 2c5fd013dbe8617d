// Offline limits, end to end on the real product: with the platform stopped, the terminal takes
// applications until its configured limit (here one waiting application), then refuses new ones before the
// citizen starts, sending them to the counter; staff see "N waiting, oldest M minutes". When the platform is
// back the queue drains and services open again by themselves.
import { expect, test, type Page } from '@playwright/test';
import { screenshotOf } from './support/page-shapes.js';
import { startStack, type Stack } from './support/stack.js';

const SERVICE_ID = 'svc-social-security-card';
const shots = screenshotOf('offline-limits');

let stack: Stack;

test.beforeAll(async () => {
  stack = await startStack({ configPatch: { offline: { maxQueued: 1, maxOldestAgeMinutes: 600 } } });
});

test.afterAll(async () => {
  await stack?.close();
});

async function devPanel(page: Page): Promise<void> {
  if (!(await page.getByTestId('dev-panel').isVisible())) await page.getByTestId('dev-panel-toggle').click();
}

async function applyOnce(page: Page): Promise<string> {
  await page.getByTestId('attract-start').click();
  await page.getByTestId(`service-item-${SERVICE_ID}`).click();
  await expect(page.getByTestId('identify-prompt')).toBeVisible();
  await devPanel(page);
  await page.getByTestId('dev-place-card-0').click();
  await expect(page.getByTestId('service-form')).toBeVisible();
  await page.getByTestId('field-phone').fill('13800138000');
  for (const key of ['cardBank', 'delivery']) await page.locator(`[data-testid^="field-${key}-option-"]`).first().click();
  await page.getByTestId('form-next').click();
  await page.getByTestId('review-submit').click();
  await expect(page.getByTestId('submitted-number')).toBeVisible();
  const number = (await page.getByTestId('submitted-number').innerText()).trim();
  await page.getByTestId('submitted-finish').click();
  await devPanel(page);
  await page.getByTestId('dev-remove-card').click();
  await expect(page.getByTestId('attract-start')).toBeVisible({ timeout: 20_000 });
  return number;
}

test('at the offline limit the citizen is sent to the counter before starting; when the platform is back, services open again', async ({ page }) => {
  await page.goto(stack.hostUrl);
  await expect(page.getByTestId('connectivity-state')).toContainText('在线', { timeout: 30_000 });
  await stack.stopPlatform();
  await expect(page.getByTestId('connectivity-state')).toContainText('离线', { timeout: 30_000 });

  // Below the limit the terminal takes the application offline.
  const number = await applyOnce(page);
  await expect(page.getByTestId('connectivity-waiting')).toContainText('1 件待发送');
  // Staff see how long the oldest has waited (just now).
  await expect(page.getByTestId('connectivity-oldest')).toContainText('最早一件已等 0 分钟');

  // The limit is reached: the next person is told before choosing anything, in Chinese and in English.
  await page.getByTestId('attract-start').click();
  await expect(page.getByTestId('services-queue-full')).toContainText('请到人工窗口办理，或稍后再试');
  await expect(page.getByTestId(`service-item-${SERVICE_ID}`)).toBeDisabled();
  await page.screenshot(shots('queue-full-zh'));
  await page.getByTestId('lang-switch').click();
  await expect(page.getByTestId('services-queue-full')).toContainText('Please go to a service counter, or try again later.');
  await expect(page.getByTestId('connectivity-oldest')).toContainText('oldest 0 min');
  await page.screenshot(shots('queue-full-en'));

  // The platform comes back: the queue drains, the notice goes and the services open, without a reload.
  await stack.startPlatform();
  await expect(page.getByTestId('connectivity')).toHaveAttribute('data-waiting', '0', { timeout: 60_000 });
  await expect(page.getByTestId('services-queue-full')).toHaveCount(0);
  await expect(page.getByTestId('connectivity-oldest')).toHaveCount(0);
  await expect(page.getByTestId(`service-item-${SERVICE_ID}`)).toBeEnabled();
  const list = await stack.adminGet<{ applications: { application: { applicationNumber: string } }[] }>('/v1/admin/applications?limit=500');
  expect(list.applications.filter((a) => a.application.applicationNumber === number)).toHaveLength(1);
});
