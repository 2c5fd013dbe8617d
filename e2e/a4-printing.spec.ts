// A4 from the screen (issue 3, part 4) on the counter-window profile, whose A4 printer is the simulated
// 'pdf-directory' one: after submitting an application with a deferred material and a signed 告知承诺, the
// person prints the 受理回执, the application form and the 告知承诺书 on A4 from the submitted screen. (The
// PDFs themselves are checked by rendering in main/host/host.health.test.ts.) An application without a
// commitment offers no commitment letter.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { screenshotOf } from './support/page-shapes.js';
import { startStack, type Stack } from './support/stack.js';

const SERVICE_ID = 'svc-residence-permit';
const shot = screenshotOf('a4');

let stack: Stack;
test.beforeAll(async () => {
  stack = await startStack({ profile: 'counter-window' });
});
test.afterAll(async () => {
  await stack?.close();
});

async function dev(page: Page, testid: string): Promise<void> {
  if (!(await page.getByTestId('dev-panel').isVisible())) await page.getByTestId('dev-panel-toggle').click();
  await page.getByTestId(testid).click();
  await page.getByTestId('dev-panel-toggle').click();
}

async function sign(page: Page): Promise<void> {
  await page.getByTestId('signature-pad').scrollIntoViewIfNeeded();
  const box = (await page.getByTestId('signature-pad').boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.1, box.y + box.height * 0.6);
  await page.mouse.down();
  for (let i = 1; i <= 20; i++) await page.mouse.move(box.x + box.width * (0.1 + i * 0.04), box.y + box.height * (0.6 - Math.sin(i / 3) * 0.3));
  await page.mouse.up();
}

async function fillAndReview(page: Page, defer: boolean): Promise<void> {
  await page.goto(stack.hostUrl);
  await page.getByTestId('attract-start').click();
  await page.getByTestId(`service-item-${SERVICE_ID}`).click();
  await dev(page, 'dev-remove-card');
  await page.waitForTimeout(1_000); // longer than the reader's poll: it notices the card is gone
  await dev(page, 'dev-place-card-0');
  await expect(page.getByTestId('service-form')).toBeVisible();
  if (defer) await page.getByTestId('material-employmentProof-defer').click();
  await page.getByTestId('field-currentAddress').fill('幸福路1号');
  await page.getByTestId('field-phone').fill('13800138000');
  await page.getByTestId('field-residenceSince').fill('2020-01-01');
  for (const key of ['residenceBasis', 'delivery']) await page.locator(`[data-testid^="field-${key}-option-"]`).first().click();
  await page.getByTestId('form-next').click();
  await expect(page.getByTestId('review-summary')).toBeVisible();
  if (defer) {
    await sign(page);
    await expect(page.getByTestId('signature-pad')).toHaveAttribute('data-signed', 'true');
  }
  await page.getByTestId('review-submit').click();
  await expect(page.getByTestId('submitted-number')).toBeVisible();
}

test('prints the receipt, the application form and the commitment letter on A4 from the submitted screen', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto(stack.hostUrl);
  await expect(page.getByTestId('device-a4-printer')).toHaveAttribute('data-status', 'ready', { timeout: 30_000 });
  await fillAndReview(page, true);

  for (const [kind, name] of [
    ['receipt', '受理回执'],
    ['application_form', '申请表'],
    ['commitment', '告知承诺书'],
  ] as const) {
    const button = page.getByTestId(`a4-print-${kind}`);
    await expect(button).toHaveText(`打印${name}（A4）`);
    await button.click();
    const status = page.getByTestId(`a4-print-status-${kind}`);
    await expect(status).toHaveAttribute('data-state', 'printed', { timeout: 30_000 });
    await expect(status).toHaveText(`${name}已打印，共 1 页。`);
  }
  const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
  await page.screenshot(shot('printed'));

  // In English the same buttons say what they print.
  await page.getByTestId('lang-switch').click();
  await expect(page.getByTestId('a4-print-commitment')).toHaveText('Print the commitment letter (A4)');
});

test('without a commitment, no commitment letter is offered', async ({ page }) => {
  test.setTimeout(120_000);
  await fillAndReview(page, false);
  await expect(page.getByTestId('a4-print-receipt')).toBeVisible();
  await expect(page.getByTestId('a4-print-application_form')).toBeVisible();
  await expect(page.getByTestId('a4-print-commitment')).toHaveCount(0);
});
