// Keyboard-wedge scanners (issue 3, part 2) in Debian Chromium on the real stack. The test types as a
// wedge scanner does — real key events 5 ms apart, then Enter (support/wedge-keys.ts) — and the app takes it as the same scan
// the host's scanners deliver: a receipt QR opens the progress query, a platform-issued identity QR
// identifies the person. A person typing slowly into a field keeps their typing; a scan made while a field
// has the focus leaves nothing in it.
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { type PageWindow, screenshotOf } from './support/page-shapes.js';
import { startStack, type Stack } from './support/stack.js';
import { wedgeKeys } from './support/wedge-keys.js';

const SERVICE_ID = 'svc-social-security-card';
const PERSON = { name: '张三丰', idNumber: '110101195003151235' };
const shot = screenshotOf('keyboard-wedge');
/** A wedge scanner's pace: a key every few milliseconds, then the suffix (Enter). */
const SCANNER_DELAY_MS = 5;
/** A quick person: still far slower between keys than a scanner. */
const PERSON_DELAY_MS = 120;

let stack: Stack;
test.beforeAll(async () => {
  stack = await startStack();
});
test.afterAll(async () => {
  await stack?.close();
});

async function wedgeScan(page: Page, text: string): Promise<void> {
  await wedgeKeys(page, text, { gapMs: SCANNER_DELAY_MS });
}

async function blur(page: Page): Promise<void> {
  await page.evaluate(() => (globalThis as unknown as PageWindow).document.activeElement?.blur?.());
}

test('a receipt QR scanned by a wedge scanner on the start screen opens the progress query', async ({ page }) => {
  await page.goto(stack.hostUrl);
  await expect(page.getByTestId('attract-start')).toBeVisible();
  await blur(page);
  await wedgeScan(page, 'yichuang://case/YC-E2E-20261122-0001');
  await expect(page.getByTestId('query')).toBeVisible();
  // The whole code arrived as one scan: the query is for exactly that number.
  await expect(page.getByTestId('query-heading')).toContainText('YC-E2E-20261122-0001');
  await expect(page.getByTestId('query-none')).toBeVisible();
  await expect(page.getByTestId('query-problem')).toHaveCount(0);
  await page.screenshot(shot('query'));
});

test('an identity QR from a wedge scanner identifies the person; slow typing in a field stays typing; a scan in a field leaves nothing there', async ({ page }) => {
  const issued = await stack.adminPost<{ text: string }>('/v1/admin/identity-qr', PERSON);
  await page.goto(stack.hostUrl);
  await page.getByTestId('attract-start').click();
  await page.getByTestId(`service-item-${SERVICE_ID}`).click();
  await expect(page.getByTestId('identify-prompt')).toBeVisible();
  await blur(page);
  await wedgeScan(page, issued.text);
  await expect(page.getByTestId('service-form')).toBeVisible();
  await expect(page.getByTestId('field-applicantName')).toHaveValue(PERSON.name);

  // A person types the phone number and an Enter, key by key: it is typing, all of it, in order.
  const phone = page.getByTestId('field-phone');
  await phone.click();
  await phone.pressSequentially('13800138000', { delay: PERSON_DELAY_MS });
  await expect(phone).toHaveValue('13800138000');

  // A receipt QR scanned while the phone field has the focus: its keys never reach the field.
  await wedgeScan(page, 'yichuang://case/YC-E2E-20261122-0001');
  await page.waitForTimeout(500);
  await expect(phone).toHaveValue('13800138000');
  await expect(phone).toBeFocused();
  // And the person goes on typing where they were.
  await phone.press('Backspace');
  await phone.pressSequentially('1', { delay: PERSON_DELAY_MS });
  await expect(phone).toHaveValue('13800138001');
  await page.screenshot(shot('form'));
});

test('keys at scanner speed without the suffix are typing: they reach the field in order', async ({ page }) => {
  await page.goto(stack.hostUrl);
  await page.getByTestId('attract-start').click();
  const search = page.getByTestId('services-search');
  await search.click();
  // A burst that does not end in Enter is no scan: after the burst its keys are released as typing (a
  // missed scan can be re-done, a mistaken one cannot) — here, a quick search.
  await wedgeKeys(page, 'shebao', { gapMs: SCANNER_DELAY_MS, suffix: false });
  await expect(search).toHaveValue('shebao');
  await expect(page.getByTestId('services-search-count')).toBeVisible();
});

// devices.keyboardWedge in kiosk-config: a terminal whose scanner is slower (a key every 40 ms) and ends its
// codes with Tab. The screen gets the thresholds through TerminalInfo.
test.describe('a terminal configured for a slow scanner ending in Tab', () => {
  const SLOW_SCANNER_MS = 40;
  let slow: Stack;
  test.beforeAll(async () => {
    const raw = JSON.parse(readFileSync(new URL('../kiosk-config/profiles/service-hall-kiosk.json', import.meta.url), 'utf8')) as { devices: object };
    slow = await startStack({ configPatch: { devices: { ...raw.devices, keyboardWedge: { maxInterKeyMs: 50, suffix: 'Tab' } } } });
  });
  test.afterAll(async () => {
    await slow?.close();
  });

  async function searchField(page: Page, url: string) {
    await page.goto(url);
    await page.getByTestId('attract-start').click();
    const search = page.getByTestId('services-search');
    await search.click();
    return search;
  }

  test('takes its 40 ms scan ending in Tab; the same keys are typing where the scanner is not configured so', async ({ page }) => {
    await page.goto(slow.hostUrl);
    await expect(page.getByTestId('attract-start')).toBeVisible();
    await blur(page);
    await wedgeKeys(page, 'yichuang://case/YC-E2E-20261122-0002', { gapMs: SLOW_SCANNER_MS, suffix: 'Tab' });
    await expect(page.getByTestId('query-heading')).toContainText('YC-E2E-20261122-0002');

    // Ended by Enter, which this scanner does not send, the same pace is typing: it reaches the field.
    let search = await searchField(page, slow.hostUrl);
    await wedgeKeys(page, 'shebao', { gapMs: SLOW_SCANNER_MS, suffix: 'Enter' });
    await expect(search).toHaveValue('shebao');

    // The terminal with today's thresholds (30 ms, Enter) takes a 40 ms burst ending in Tab for typing.
    search = await searchField(page, stack.hostUrl);
    await wedgeKeys(page, 'shebao', { gapMs: SLOW_SCANNER_MS, suffix: 'Tab' });
    await expect(search).toHaveValue('shebao');
    await expect(page.getByTestId('query')).toHaveCount(0);
  });
});
