// Finding a service (issue 5, part 1) in Debian Chromium on the real stack: search as you type in
// Chinese, full pinyin and initials; browse the 一件事 bundles, by life event and by department; in the
// normal and the elder mode (larger type, five choices per page).
import { expect, test, type Page } from '@playwright/test';
import { startStack, type Stack } from './support/stack.js';
import { type PageWindow, screenshotOf } from './support/page-shapes.js';

const shot = screenshotOf('finding');
let stack: Stack;

test.beforeAll(async () => {
  stack = await startStack();
});
test.afterAll(async () => {
  await stack?.close();
});

async function openServices(page: Page): Promise<void> {
  await page.goto(stack.hostUrl);
  await page.getByTestId('attract-start').click();
  await expect(page.getByTestId('service-item-svc-social-security-card')).toBeVisible();
}

test('search forgives: pinyin initials, full pinyin, Chinese with a character left out, results as you type', async ({ page }) => {
  await openServices(page);
  const box = page.getByTestId('services-search');
  const list = page.getByTestId('service-list');

  await box.pressSequentially('sbk');
  await expect(list.locator('button').first()).toHaveAttribute('data-testid', 'service-item-svc-social-security-card');
  await expect(page.getByTestId('services-search-count')).toContainText('找到');
  await page.screenshot(shot('search-initials'));

  await box.fill('');
  await box.pressSequentially('shebao');
  await expect(page.getByTestId('service-item-svc-social-security-card')).toBeVisible();

  await box.fill('社障卡');
  await expect(page.getByTestId('service-item-svc-social-security-card')).toBeVisible();

  // An everyday word the catalog left out of the service's keywords: 公租房 for 公共租赁住房.
  await box.fill('公租房');
  await expect(list.locator('button[data-testid^="service-item-"]').first()).toBeVisible();

  await box.fill('qqqzzz');
  await expect(page.getByTestId('services-search-count')).toContainText('没有找到');
  await expect(list).toHaveCount(1);
  await expect(list.locator('button')).toHaveCount(0);

  // Choosing a search result goes on to identification, like choosing from the list.
  await page.getByTestId('services-search-clear').click();
  await box.pressSequentially('sbk');
  // Typed keys reach the field once the wedge-scanner detector has seen they are typing (≤ ~100 ms): wait
  // for the filtered list before tapping, as a person sees it.
  await expect(box).toHaveValue('sbk');
  await expect(list.locator('button').first()).toHaveAttribute('data-testid', 'service-item-svc-social-security-card');
  await page.getByTestId('service-item-svc-social-security-card').click();
  await expect(page.getByTestId('identify-prompt')).toBeVisible();
});

test('browse: 一件事 bundles as one thing, by life event, by department', async ({ page }) => {
  await openServices(page);
  await page.getByTestId('services-tab-bundles').click();
  const bundle = page.getByTestId('service-item-bundle-newborn');
  await expect(bundle).toBeVisible();
  await expect(bundle).toHaveAttribute('data-kind', 'bundle');
  await expect(page.getByTestId('service-bundle-includes-bundle-newborn')).toContainText('社会保障卡');
  // Only bundles on this tab.
  for (const item of await page.getByTestId('service-list').locator('button').all()) await expect(item).toHaveAttribute('data-kind', 'bundle');
  await page.screenshot(shot('bundles'));

  await page.getByTestId('services-tab-life-events').click();
  await expect(page.getByTestId('life-event-list')).toBeVisible();
  await page.screenshot(shot('life-events'));
  await page.getByTestId('life-event-birth').click();
  await expect(page.getByTestId('services-heading')).toHaveText('生孩子');
  await expect(page.getByTestId('service-item-bundle-newborn')).toBeVisible();
  await expect(page.getByTestId('service-item-svc-residence-permit')).toHaveCount(0);
  await page.getByTestId('services-back').click();
  await expect(page.getByTestId('life-event-list')).toBeVisible();

  await page.getByTestId('services-tab-departments').click();
  await page.getByTestId('department-public-security-bureau').click();
  await expect(page.getByTestId('services-heading')).toHaveText('公安局');
  await expect(page.getByTestId('service-item-svc-residence-permit')).toBeVisible();
  await page.screenshot(shot('department'));
});

test('elder mode: larger type, five choices a page, turned off again when the session ends', async ({ page }) => {
  await openServices(page);
  const normalSize = await page.getByTestId('services-heading').evaluate((h) => parseFloat((globalThis as unknown as PageWindow).getComputedStyle(h).fontSize));
  await page.getByTestId('elder-mode-switch').click();
  await expect(page.getByTestId('elder-mode-switch')).toHaveAttribute('aria-pressed', 'true');
  const elderSize = await page.getByTestId('services-heading').evaluate((h) => parseFloat((globalThis as unknown as PageWindow).getComputedStyle(h).fontSize));
  expect(elderSize).toBeGreaterThan(normalSize * 1.2);
  await expect(page.getByTestId('service-list').locator('button')).toHaveCount(5);
  await expect(page.getByTestId('services-page')).toContainText('第 1/');
  await page.screenshot(shot('elder-page-1'));
  await page.getByTestId('services-next-page').click();
  await expect(page.getByTestId('services-page')).toContainText('第 2/');
  // Search works in elder mode too, five results a page.
  await page.getByTestId('services-search').pressSequentially('yibao');
  await expect(page.getByTestId('service-list').locator('button')).toHaveCount(5);
  await page.screenshot(shot('elder-search'));
  await page.getByTestId('osk-done').click(); // the on-screen keyboard's 完成
  await expect(page.getByTestId('osk')).toHaveCount(0);

  await page.getByTestId('services-back').click(); // clears the search
  await page.getByTestId('services-back').click(); // home: the session ends
  await expect(page.getByTestId('attract-start')).toBeVisible();
  await expect(page.getByTestId('elder-mode-switch')).toHaveAttribute('aria-pressed', 'false');
});
