// 一件事 (issue 5, part 3 "for a bundle, one merged form") in Debian Chromium on the real stack: the
// retirement bundle asks a question several of its services need once, takes one application with the
// bundle's id, and the platform receives exactly that one application.
import { expect, test, type Page } from '@playwright/test';
import { startStack, type Stack } from './support/stack.js';

const shot = (name: string) => ({ path: `e2e/artifacts/screens/bundle-${name}.png`, fullPage: true });
let stack: Stack;

test.beforeAll(async () => {
  stack = await startStack();
});
test.afterAll(async () => {
  await stack?.close();
});

/** Answers whatever the form says is missing, one field at a time, until the review appears. */
async function answerEverything(page: Page): Promise<void> {
  for (let i = 0; i < 40; i++) {
    await page.getByTestId('form-next').click();
    if (await page.getByTestId('review-summary').isVisible()) return;
    const error = page.locator('[data-testid^="field-error-"]').first();
    await expect(error).toBeVisible();
    const key = (await error.getAttribute('data-testid'))!.slice('field-error-'.length);
    const radios = page.locator(`[data-testid^="field-${key}-option-"]`);
    if ((await radios.count()) > 0) {
      await radios.first().click();
      continue;
    }
    const field = page.getByTestId(`field-${key}`);
    if ((await field.evaluate((el) => (el as unknown as { tagName: string }).tagName)) === 'SELECT') {
      await field.selectOption({ index: 1 });
    } else if ((await field.getAttribute('type')) === 'date') {
      await field.fill('2026-10-01');
    } else if (/phone/i.test(key)) {
      await field.fill('13800138000');
    } else if ((await field.getAttribute('inputmode')) === 'numeric' || (await field.getAttribute('inputmode')) === 'decimal') {
      await field.fill('12');
    } else {
      await field.fill(/account/i.test(key) ? '6222020200112233445' : '测试单位');
    }
  }
  throw new Error('the form never reached the review');
}

test('retirement 一件事: one merged form, each shared question once, one application with the bundle id', async ({ page }) => {
  await page.goto(stack.hostUrl);
  await page.getByTestId('attract-start').click();
  await page.getByTestId('services-tab-bundles').click();
  await expect(page.getByTestId('service-bundle-includes-bundle-retirement')).toContainText('3');
  await page.getByTestId('service-item-bundle-retirement').click();
  if (!(await page.getByTestId('dev-panel').isVisible())) await page.getByTestId('dev-panel-toggle').click();
  await page.getByTestId('dev-place-card-0').click();
  await expect(page.getByTestId('service-form')).toBeVisible();
  await page.getByTestId('dev-panel-toggle').click();

  // Questions from every included service are there, each once: phone and retirementDate are needed by
  // several services (same key, same type).
  for (const key of ['employerName', 'retirementType', 'contributionYears', 'withdrawalReason']) {
    await expect(page.getByTestId(`field-${key}`).or(page.locator(`[data-testid^="field-${key}-option-"]`).first())).toBeVisible();
  }
  await expect(page.getByTestId('field-phone')).toHaveCount(1);
  await expect(page.getByTestId('field-retirementDate')).toHaveCount(1);
  await page.screenshot(shot('merged-form'));

  await answerEverything(page);
  await page.screenshot(shot('review'));
  await page.getByTestId('review-submit').click();
  const number = (await page.getByTestId('submitted-number').innerText()).trim();

  await expect
    .poll(async () => {
      const list = await stack.adminGet<{ applications: { application: { applicationNumber: string; serviceId: string; formData: Record<string, string> } }[] }>('/v1/admin/applications?limit=500');
      return list.applications.filter((a) => a.application.applicationNumber === number).map((a) => a.application.serviceId);
    }, { timeout: 30_000 })
    .toEqual(['bundle-retirement']);
});
