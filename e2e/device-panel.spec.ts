// The staff device panel (issue 3, part 6) in Debian Chromium on the real stack: the simulated ID card
// reader is unplugged (its pty pair closed, as a USB reader vanishes), the panel shows it with the driver's
// error and since when; plugged back in, the real driver re-opens it and the panel shows it ready again,
// keeping the last error. Keyboard only, in both languages, and axe-clean while open.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { startStack, type Stack } from './support/stack.js';
import { screenshotOf } from './support/page-shapes.js';

const shot = screenshotOf('device-panel');

async function expectAccessible(page: Page): Promise<void> {
  const result = await new AxeBuilder({ page }).include('[data-testid="device-panel"]').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  const bad = result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
  expect(bad).toEqual([]);
}

let stack: Stack;
test.beforeAll(async () => {
  stack = await startStack();
});
test.afterAll(async () => {
  await stack?.close();
});

test('an unplugged reader shows in the staff panel with its error and since when, then recovers', async ({ page }) => {
  await page.goto(stack.hostUrl);
  await expect(page.getByTestId('attract-start')).toBeVisible();
  await expect(page.getByTestId('device-id-card')).toHaveAttribute('data-status', 'ready', { timeout: 30_000 });

  // Staff open the panel from the keyboard: it takes focus, lists every device, and is axe-clean.
  const toggle = page.getByTestId('device-panel-toggle');
  await toggle.focus();
  await page.keyboard.press('Enter');
  const panel = page.getByTestId('device-panel');
  await expect(panel).toBeVisible();
  await expect(page.locator('#device-panel-title')).toBeFocused();
  const reader = page.getByTestId('device-row-id-card');
  await expect(reader).toHaveAttribute('data-status', 'ready');
  await expect(reader.getByTestId('device-last-error')).toHaveText('无');
  await expect(page.getByTestId('device-row-receipt-printer')).toBeVisible();
  await expect(page.getByTestId('device-row-qr-scanner')).toBeVisible();
  await expectAccessible(page);

  // Unplug the reader through the developer panel (the simulator's port disappears).
  await page.getByTestId('dev-panel-toggle').press('Enter');
  await page.getByTestId('dev-plug-id-card').press('Enter');
  await expect(reader).toHaveAttribute('data-status', /no_device|error/, { timeout: 20_000 });
  await expect(reader.getByTestId('device-status')).toHaveText(/未连接|故障/);
  // The driver's precise message names what went wrong, with the time it happened.
  await expect(reader.getByTestId('device-last-error')).toContainText(/no_device|closed|not_found|io_error|error/);
  await expect(reader.getByTestId('device-last-error-at')).toContainText('发生于');
  await expect(toggle).toHaveText(/1 项异常/);
  await expect(page.getByTestId('device-id-card')).toHaveAttribute('data-status', /no_device|error/);
  await expectAccessible(page);
  await page.screenshot(shot('unplugged'));
  const errorText = await reader.getByTestId('device-last-error').textContent();

  // In English too.
  await page.getByTestId('lang-switch').click();
  await expect(reader.getByTestId('device-status')).toHaveText(/not connected|fault|error/i);
  await expect(reader.getByTestId('device-last-error-at')).toContainText('at ');
  await expect(toggle).toHaveText(/1 need attention/);
  await page.getByTestId('lang-switch').click();

  // Plugged back in at the same path: the real driver re-opens it by itself.
  await page.getByTestId('dev-plug-id-card').press('Enter');
  await expect(reader).toHaveAttribute('data-status', 'ready', { timeout: 30_000 });
  await expect(reader.getByTestId('device-status')).toHaveText('正常');
  // The last error stays for staff, with its time, after recovery.
  await expect(reader.getByTestId('device-last-error')).toHaveText(errorText ?? '');
  await expect(toggle).toHaveText('设备状态');
  await page.screenshot(shot('recovered'));

  // Escape closes the panel and gives the focus back to its button.
  await reader.click();
  await page.keyboard.press('Escape');
  await expect(panel).toBeHidden();
  await expect(toggle).toBeFocused();
});
