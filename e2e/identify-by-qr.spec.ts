// 扫码亮证 (issue 5, part 2) on the real stack: the platform issues a signed identity QR (standing in for
// the citizen's mobile app), the simulated scanner sends it through the host's real serial driver, the
// host verifies it offline against the platform's cached key, and the form is prefilled from it.
// A tampered code is refused with a plain message and nothing of it is shown.
import { expect, test, type Page } from '@playwright/test';
import { screenshotOf } from './support/page-shapes.js';
import { startStack, type Stack } from './support/stack.js';

const SERVICE_ID = 'svc-social-security-card';
const PERSON = { name: '张三丰', idNumber: '110101195003151235' };
const shot = screenshotOf('identify-by-qr');

let stack: Stack;
test.beforeAll(async () => {
  stack = await startStack();
});
test.afterAll(async () => {
  await stack?.close();
});

async function scan(page: Page, text: string): Promise<void> {
  if (!(await page.getByTestId('dev-panel').isVisible())) await page.getByTestId('dev-panel-toggle').click();
  await page.getByTestId('dev-scan-input').fill(text);
  await page.getByTestId('dev-scan-send').click();
}

async function toIdentify(page: Page): Promise<void> {
  await page.goto(stack.hostUrl);
  await page.getByTestId('attract-start').click();
  await page.getByTestId(`service-item-${SERVICE_ID}`).click();
  await expect(page.getByTestId('identify-prompt')).toBeVisible();
}

test('a verified identity QR identifies the person like a card and prefills the form', async ({ page }) => {
  const issued = await stack.adminPost<{ text: string }>('/v1/admin/identity-qr', PERSON);
  await toIdentify(page);
  await scan(page, issued.text);
  await expect(page.getByTestId('service-form')).toBeVisible();
  await expect(page.getByTestId('field-applicantName')).toHaveValue(PERSON.name);
  await page.screenshot(shot('form'));

  // A screenshot of the same code cannot be used a second time at this terminal.
  await page.getByTestId('session-cancel').click();
  await toIdentify(page);
  await scan(page, issued.text);
  await expect(page.getByTestId('scan-problem')).toContainText('已经在本机用过');
  await expect(page.getByTestId('identify-prompt')).toBeVisible();
  await page.screenshot(shot('replayed'));
});

test('a tampered identity QR is refused plainly, and the person can still tap the card', async ({ page }) => {
  const issued = await stack.adminPost<{ text: string }>('/v1/admin/identity-qr', PERSON);
  // Change one character of the signature part.
  const last = issued.text.at(-2) === 'A' ? 'B' : 'A';
  const tampered = issued.text.slice(0, -2) + last + issued.text.slice(-1);
  await toIdentify(page);
  await scan(page, tampered);
  await expect(page.getByTestId('scan-problem')).toBeVisible();
  await expect(page.getByTestId('scan-problem')).not.toContainText(tampered.slice(6, 30));
  await expect(page.getByTestId('identify-prompt')).toBeVisible();
  await page.screenshot(shot('refused'));
});
