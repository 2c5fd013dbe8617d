// 好差评 (issue 5, part 8) in Debian Chromium on the real stack: after a service, five levels in one tap;
// below 基本满意 the person is asked why (choices + optional text); skipping is always possible.
import { expect, test, type Page } from '@playwright/test';
import { startStack, type Stack } from './support/stack.js';

const shot = (name: string) => ({ path: `e2e/artifacts/screens/rating-${name}.png`, fullPage: true });
let stack: Stack;

test.beforeAll(async () => {
  stack = await startStack();
});
test.afterAll(async () => {
  await stack?.close();
});

interface PlatformReview {
  serviceId: string;
  applicationId?: string;
  level: number;
  reasons: string[];
  text: string;
}

async function platformReviews(): Promise<PlatformReview[]> {
  const body = await stack.adminGet<{ reviews: (PlatformReview | { review: PlatformReview })[] }>('/v1/admin/reviews');
  return body.reviews.map((r) => ('review' in r ? r.review : r));
}

async function applyAndFinish(page: Page, elder: boolean): Promise<void> {
  await page.goto(stack.hostUrl);
  if (elder) await page.getByTestId('elder-mode-switch').click();
  await page.getByTestId('attract-start').click();
  await page.getByTestId('services-search').fill('sbk');
  await page.getByTestId('service-item-svc-social-security-card').click();
  if (!(await page.getByTestId('dev-panel').isVisible())) await page.getByTestId('dev-panel-toggle').click();
  await page.getByTestId('dev-remove-card').click();
  await page.waitForTimeout(1_000);
  await page.getByTestId('dev-place-card-0').click();
  await expect(page.getByTestId('service-form')).toBeVisible();
  await page.getByTestId('dev-panel-toggle').click();
  await page.getByTestId('field-phone').fill('13800138000');
  for (const key of ['cardBank', 'delivery']) await page.locator(`[data-testid^="field-${key}-option-"]`).first().click();
  await page.getByTestId('form-next').click();
  await page.getByTestId('review-submit').click();
  await expect(page.getByTestId('print-status')).toHaveAttribute('data-state', /printed|failed/, { timeout: 30_000 });
  await page.getByTestId('submitted-finish').click();
  await expect(page.getByTestId('rating')).toBeVisible();
}

test('a rating below 基本满意 asks why; the countdown waits; thanks after sending', async ({ page }) => {
  await page.clock.install();
  await applyAndFinish(page, false);
  for (const level of [5, 4, 3, 2, 1]) await expect(page.getByTestId(`rating-level-${level}`)).toBeVisible();
  await expect(page.getByTestId('rating-level-5')).toHaveText('非常满意');
  await page.screenshot(shot('levels-normal'));
  await page.getByTestId('rating-level-2').click();
  await expect(page.getByTestId('rating-reasons')).toBeVisible();
  // A reason is needed before sending (skipping stays possible).
  await expect(page.getByTestId('rating-send')).toBeDisabled();
  await expect(page.getByTestId('rating-skip')).toBeEnabled();
  await page.getByTestId('rating-reason-too-slow').click();
  await expect(page.getByTestId('rating-reason-too-slow')).toHaveAttribute('aria-pressed', 'true');
  await page.getByTestId('rating-text').fill('排队的人太多');
  await page.screenshot(shot('reasons-normal'));
  // No countdown while answering: still here long after the done screen would have gone home.
  await page.clock.fastForward('00:30');
  await expect(page.getByTestId('rating-reasons')).toBeVisible();
  await page.getByTestId('rating-send').click();
  await expect(page.getByTestId('rating-thanks')).toBeVisible();
  // Stored on the terminal and pushed to the platform: the level, the reason and the words.
  await expect
    .poll(async () => (await platformReviews()).filter((r) => r.level === 2).map((r) => [r.serviceId, r.reasons, r.text]), { timeout: 30_000 })
    .toEqual([['svc-social-security-card', ['too-slow'], '排队的人太多']]);
  await expect(page.getByTestId('rating')).toHaveCount(0);
  await page.getByTestId('done-home').click();
  await expect(page.getByTestId('attract-start')).toBeVisible();
});

test('elder mode: one tap on 非常满意 is the whole rating; skipping is one tap too', async ({ page }) => {
  await applyAndFinish(page, true);
  await page.screenshot(shot('levels-elder'));
  await page.getByTestId('rating-level-5').click();
  await expect(page.getByTestId('rating-thanks')).toBeVisible();
  await expect.poll(async () => (await platformReviews()).filter((r) => r.level === 5).length, { timeout: 30_000 }).toBe(1);
  await expect(page.getByTestId('rating-reasons')).toHaveCount(0);

  await applyAndFinish(page, true);
  await page.getByTestId('rating-skip').click();
  await expect(page.getByTestId('attract-start')).toBeVisible();
});
