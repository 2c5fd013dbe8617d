// Re-enrolment end to end: the platform revokes the terminal; the terminal keeps taking applications; the
// staff corner says it needs enrolling again; staff type a new one-time code; the queue goes out.
import { expect, test, type Page } from '@playwright/test';
import { screenshotOf } from './support/page-shapes.js';
import { startStack, type Stack } from './support/stack.js';

const TERMINAL = 'T-HALL-0001';
const SERVICE_ID = 'svc-social-security-card';
const shots = screenshotOf('re-enrolment');

let stack: Stack;

test.beforeAll(async () => {
  stack = await startStack();
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

test('a revoked terminal keeps its queue; staff enrol it again with a new code and the queue goes out', async ({ page }) => {
  await page.goto(stack.hostUrl);
  await expect(page.getByTestId('connectivity-state')).toContainText('在线', { timeout: 30_000 });

  await stack.adminPost(`/v1/admin/terminals/${TERMINAL}/revoke`, {});
  // The platform restarts: the terminal's live streams reconnect and are refused, its pulls too.
  await stack.stopPlatform();
  await stack.startPlatform();
  await expect(page.getByTestId('enrol-needed')).toContainText('需要重新登记', { timeout: 60_000 });

  // Meanwhile a citizen is served as usual: the application waits on the terminal.
  const number = await applyOnce(page);
  await expect(page.getByTestId('connectivity')).toHaveAttribute('data-waiting', '1');
  await expect(page.getByTestId('enrol-needed')).toContainText('仍保存在本机');
  await page.screenshot(shots('needs-enrolment'));

  // A wrong code is refused in plain words; nothing changes.
  await page.getByTestId('enrol-open').click();
  await page.getByTestId('enrol-code').fill('XXXX-XXXX-XXXX-XXXX');
  // The on-screen keyboard's 完成 closes it; then the staff press 登记.
  await page.getByTestId('osk-done').click();
  await page.getByTestId('enrol-submit').click();
  await expect(page.getByTestId('enrol-outcome')).toContainText('平台不接受此登记码');

  const { code } = await stack.adminPost<{ code: string }>('/v1/admin/enrollment-codes', { terminalId: TERMINAL });
  // Typed as on the on-screen keyboard, which has no dash: the terminal puts them back.
  await page.getByTestId('enrol-code').fill(code.replaceAll('-', ''));
  await page.getByTestId('osk-done').click();
  await page.getByTestId('enrol-submit').click();
  await expect(page.getByTestId('connectivity-state')).toContainText('在线', { timeout: 60_000 });
  await expect(page.getByTestId('enrol-needed')).toHaveCount(0);
  await expect(page.getByTestId('connectivity')).toHaveAttribute('data-waiting', '0', { timeout: 60_000 });
  const list = await stack.adminGet<{ applications: { application: { applicationNumber: string } }[] }>('/v1/admin/applications?limit=500');
  expect(list.applications.filter((a) => a.application.applicationNumber === number)).toHaveLength(1);
});
