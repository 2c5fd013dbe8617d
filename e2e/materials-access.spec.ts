// Materials and the 告知承诺 for everyone (issue 5, parts 4, 5 and 9) in Debian Chromium on the real stack:
// on the touch kiosk in elder mode (large targets, axe, capture + defer + a drawn signature), and on the bank
// teller machine with its keypad alone, in both modes: the Enter walk stops on the material, 2 defers it, and
// the commitment is confirmed with the 1 key (profile `signature: 'keypad-confirm'`), which reaches the
// platform as an explicit confirmation with its time instead of a drawing. A teller machine with a document
// camera: 1 captures, and the number read from the page is accepted with the digit on its "填入" button.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { type PageWindow, screenshotOf } from './support/page-shapes.js';
import { startStack, type Stack } from './support/stack.js';

const shot = screenshotOf('materials-access');

interface AdminApplications {
  applications: { application: { applicationNumber: string; formData: Record<string, string> } }[];
}

async function expectAccessible(page: Page, screen: string, elder: boolean): Promise<void> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  const bad = result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
  expect(bad, `${screen} (${elder ? 'elder' : 'normal'} mode)`).toEqual([]);
  const min = elder ? 64 : 44;
  const small = await page.evaluate((minimum) => {
    const out: string[] = [];
    const els = (globalThis as unknown as PageWindow).document.querySelectorAll('main button, main input:not([type="radio"]), main .choice, main canvas');
    for (const el of Array.from(els)) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      if (r.width < minimum || r.height < minimum) out.push(`${el.getAttribute('data-testid') ?? el.className} ${Math.round(r.width)}x${Math.round(r.height)}`);
    }
    return out;
  }, min);
  expect(small, `targets on ${screen}`).toEqual([]);
  await page.screenshot(shot(`${screen}-${elder ? 'elder' : 'normal'}`));
}

async function platformFormData(stack: Stack, number: string): Promise<Record<string, string> | null> {
  const list = await stack.adminGet<AdminApplications>('/v1/admin/applications?limit=500');
  return list.applications.find((a) => a.application.applicationNumber === number)?.application.formData ?? null;
}

const focusOutline = (page: Page) =>
  page.evaluate(() => {
    const w = globalThis as unknown as PageWindow;
    const el = w.document.activeElement;
    return { testid: el?.getAttribute('data-testid') ?? '', outline: el ? w.getComputedStyle(el).outlineStyle : 'none' };
  });

test.describe('service hall kiosk, elder mode', () => {
  let stack: Stack;
  test.beforeAll(async () => {
    stack = await startStack();
  });
  test.afterAll(async () => {
    await stack?.close();
  });

  async function dev(page: Page, testid: string): Promise<void> {
    if (!(await page.getByTestId('dev-panel').isVisible())) await page.getByTestId('dev-panel-toggle').click();
    await page.getByTestId(testid).click();
    await page.getByTestId('dev-panel-toggle').click();
  }

  test('capture, defer by keyboard, sign: large targets, axe clean', async ({ page }) => {
    test.setTimeout(180_000);
    await page.goto(stack.hostUrl);
    await page.getByTestId('elder-mode-switch').click();
    await page.getByTestId('attract-start').click();
    await page.getByTestId('services-search').fill('jzz');
    await page.getByTestId('service-item-svc-residence-permit').click();
    await dev(page, 'dev-place-card-0');
    await expect(page.getByTestId('service-form')).toBeVisible();

    await dev(page, 'dev-place-document-id_card_copy');
    await page.getByTestId('material-idCard-capture').click();
    await expect(page.getByTestId('ocr-offer-idCard-0')).toHaveAttribute('data-kind', 'resident_id', { timeout: 90_000 });

    // The keyboard reaches the defer button with Tab and works it with Enter; the focus is visible there.
    await page.getByTestId('material-idCard-capture').focus();
    for (let i = 0; i < 10 && (await focusOutline(page)).testid !== 'material-employmentProof-defer'; i++) await page.keyboard.press('Tab');
    const focused = await focusOutline(page);
    expect(focused.testid).toBe('material-employmentProof-defer');
    expect(focused.outline).not.toBe('none');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('material-employmentProof-defer')).toHaveAttribute('aria-pressed', 'true');
    await expectAccessible(page, 'form-materials', true);

    await page.getByTestId('field-currentAddress').fill('幸福路1号');
    await page.getByTestId('field-phone').fill('13800138000');
    await page.getByTestId('field-residenceSince').fill('2020-01-01');
    for (const key of ['residenceBasis', 'delivery']) await page.locator(`[data-testid^="field-${key}-option-"]`).first().click();
    await page.getByTestId('form-next').click();

    await expect(page.getByTestId('commitment')).toHaveAttribute('data-mode', 'drawn');
    // The residence permit's own 告知承诺 from the catalog, not only the standard text.
    await expect(page.getByTestId('commitment-text')).toContainText('本人承诺在三十日内向受理窗口补交就业证明');
    await expectAccessible(page, 'review-commitment', true);
    await page.getByTestId('signature-pad').scrollIntoViewIfNeeded();
    const box = (await page.getByTestId('signature-pad').boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.1, box.y + box.height * 0.5);
    await page.mouse.down();
    for (let i = 1; i <= 15; i++) await page.mouse.move(box.x + box.width * (0.1 + i * 0.05), box.y + box.height * (0.5 - Math.sin(i / 2) * 0.3));
    await page.mouse.up();
    await expect(page.getByTestId('signature-pad')).toHaveAttribute('data-signed', 'true');
    await expectAccessible(page, 'review-signed', true);
    await page.getByTestId('review-submit').click();
    const number = (await page.getByTestId('submitted-number').innerText()).trim();
    await expect.poll(() => platformFormData(stack, number), { timeout: 30_000 }).toMatchObject({ _commitment: 'signed', '_material.employmentProof': 'deferred' });
  });
});

test.describe('bank teller machine, keypad only', () => {
  let stack: Stack;
  test.beforeAll(async () => {
    stack = await startStack({ profile: 'bank-teller-machine' });
  });
  test.afterAll(async () => {
    await stack?.close();
  });

  async function placeCard(page: Page): Promise<void> {
    if (!(await page.getByTestId('dev-panel').isVisible())) await page.getByTestId('dev-panel-toggle').press('Enter');
    await page.getByTestId('dev-remove-card').press('Enter');
    await page.waitForTimeout(1_000);
    await page.getByTestId('dev-place-card-0').press('Enter');
    await page.getByTestId('dev-panel-toggle').press('Enter');
    await page.evaluate(() => (globalThis as unknown as PageWindow).document.activeElement?.blur?.());
  }

  for (const elder of [false, true]) {
    test(`defer a material and confirm the commitment by key (${elder ? 'elder' : 'normal'} mode)`, async ({ page }) => {
      test.setTimeout(150_000);
      const SERVICE = 'service-item-svc-medical-insurance-transfer';
      const spoken: string[] = [];
      page.on('websocket', (ws) =>
        ws.on('framesent', ({ payload }) => {
          const frame = JSON.parse(String(payload)) as { method: string; params: { text?: string }[] };
          if (frame.method === 'speakText') spoken.push(frame.params[0]?.text ?? '');
        }),
      );
      await page.goto(stack.hostUrl);
      await expect(page.getByTestId('attract-start')).toBeVisible();
      // F7 on the waiting screen switches elder mode (it does not start); then any key starts.
      if (elder) {
        await page.keyboard.press('F7');
        await expect(page.getByTestId('elder-mode-switch')).toHaveAttribute('aria-pressed', 'true');
        await expect(page.getByTestId('attract-start')).toBeVisible();
      }
      await page.keyboard.press('5');
      await expect(page.getByTestId('service-list')).toBeVisible();
      // 0 turns the page until the service is shown; its digit chooses it.
      // A key outside a text field reaches the page once the wedge-scanner detector has seen it is no scan
      // (up to ~100 ms later): wait that long before looking, or the page is turned twice.
      for (let i = 0; i < 20 && !(await page.getByTestId(SERVICE).isVisible()); i++) {
        await page.keyboard.press('0');
        await page.waitForTimeout(250);
      }
      const digit = (await page.getByTestId(SERVICE).locator('.service-item__key').innerText()).trim();
      await page.keyboard.press(digit);
      await expect(page.getByTestId('identify-prompt')).toBeVisible();
      await placeCard(page);
      await expect(page.getByTestId('service-form')).toBeVisible();
      // No document camera on this machine: nothing offers to capture.
      await expect(page.getByTestId('material-insuranceCertificate-capture')).toHaveCount(0);
      await expect(page.getByTestId('materials-keypad-hint')).toBeVisible();

      // Enter walks the fields still to fill, then stops on the material that can be deferred.
      await page.keyboard.press('Enter');
      const focusedKey = () =>
        page.evaluate(() => {
          const el = (globalThis as unknown as PageWindow).document.activeElement;
          return el?.getAttribute('name') ?? el?.getAttribute('data-field-key') ?? el?.getAttribute('data-material-key') ?? '';
        });
      for (let step = 0; step < 8; step++) {
        const key = await focusedKey();
        if (key === 'insuranceCertificate') break;
        // At a person's pace: eleven keys a few ms apart and an Enter is what a wedge scanner sends (a scan).
        if (key === 'phone') await page.keyboard.type('13800138000', { delay: 80 });
        else if (key) await page.keyboard.press('1');
        await page.keyboard.press('Enter');
      }
      expect(await focusedKey()).toBe('insuranceCertificate');
      expect((await focusOutline(page)).outline, 'focus visible on the material').not.toBe('none');
      await page.keyboard.press('2');
      await expect(page.getByTestId('material-insuranceCertificate')).toHaveAttribute('data-decision', 'deferred');
      await expectAccessible(page, 'keypad-form-materials', elder);
      await page.keyboard.press('2'); // undo, then again: the key toggles
      await expect(page.getByTestId('material-insuranceCertificate')).toHaveAttribute('data-decision', 'none');
      await page.keyboard.press('2');
      await expect(page.getByTestId('material-insuranceCertificate')).toHaveAttribute('data-decision', 'deferred');
      await page.keyboard.press('Enter');

      // Review: the commitment to confirm by key; Enter before confirming is refused with a plain message.
      await expect(page.getByTestId('review-summary')).toBeVisible();
      await expect(page.getByTestId('commitment')).toHaveAttribute('data-mode', 'keypad-confirm');
      await expect(page.getByTestId('signature-pad')).toHaveCount(0);
      await page.keyboard.press('Enter');
      await expect(page.getByTestId('signature-required')).toBeVisible();
      await expect(page.getByTestId('review-summary')).toBeVisible();
      await expectAccessible(page, 'keypad-review-commitment', elder);
      // 2 reads the commitment aloud (the host's engine: this Chromium has no voice).
      await page.keyboard.press('2');
      await expect(page.getByTestId('commitment-text')).toContainText('未在转入地以外的其他地区重复参加基本医疗保险');
      await expect.poll(() => spoken.some((text) => text.startsWith('告知承诺书') && text.includes('参保凭证') && text.includes('重复参加基本医疗保险'))).toBe(true);
      const before = Date.now();
      await page.keyboard.press('1');
      await expect(page.getByTestId('commitment-confirmed')).toBeVisible();
      const at = Date.parse((await page.getByTestId('commitment-confirmed').getAttribute('data-confirmed-at'))!);
      expect(at).toBeGreaterThanOrEqual(before - 1000);
      expect(at).toBeLessThanOrEqual(Date.now() + 1000);
      await expectAccessible(page, 'keypad-review-confirmed', elder);
      await page.keyboard.press('Enter');
      const number = (await page.getByTestId('submitted-number').innerText()).trim();

      const formData = await expect
        .poll(() => platformFormData(stack, number), { timeout: 30_000 })
        .toMatchObject({ '_material.insuranceCertificate': 'deferred', _commitment: 'keypad-confirmed', _commitmentConfirmedAt: new Date(at).toISOString() })
        .then(() => platformFormData(stack, number));
      expect(formData!['_signature']).toBeUndefined();
    });
  }
});

// A teller machine fitted with a document camera: after a capture, the number read from the page is offered
// as prefill, and the keypad accepts the offer with the digit shown on its button while the material keeps
// the visible focus.
test.describe('bank teller machine with a document camera, keypad only', () => {
  let stack: Stack;
  test.beforeAll(async () => {
    stack = await startStack({
      profile: 'bank-teller-machine',
      configPatch: {
        devices: {
          idCard: { transport: { kind: 'simulated' }, pollIntervalMs: 300 },
          receiptPrinter: { transport: { kind: 'simulated' }, paperWidthMm: 80 },
          qrScanner: { transport: { kind: 'simulated' } },
          documentCamera: { transport: { kind: 'simulated' } },
          a4Printer: { enabled: false },
        },
      },
    });
  });
  test.afterAll(async () => {
    await stack?.close();
  });

  /** Works the developer panel by keys only (Enter on its buttons), then leaves the focus nowhere. */
  async function devByKeys(page: Page, testids: readonly string[]): Promise<void> {
    if (!(await page.getByTestId('dev-panel').isVisible())) await page.getByTestId('dev-panel-toggle').press('Enter');
    for (const id of testids) {
      await page.getByTestId(id).press('Enter');
      if (id === 'dev-remove-card') await page.waitForTimeout(1_000);
    }
    await page.getByTestId('dev-panel-toggle').press('Enter');
    await page.evaluate(() => (globalThis as unknown as PageWindow).document.activeElement?.blur?.());
  }

  // The field shows ID numbers masked when not being edited: the card's (synthetic identity 0, …1235) and the
  // one the synthetic ID card copy carries (devices/document-camera, 11010519491231002X).
  const CARD_ID = /^110\*+1235$/;
  const OCR_ID = /^110\*+002X$/;

  for (const elder of [false, true]) {
    test(`capture a page and accept the number it offers by key (${elder ? 'elder' : 'normal'} mode)`, async ({ page }) => {
      test.setTimeout(240_000);
      const SERVICE = 'service-item-svc-medical-insurance-transfer';
      await page.goto(stack.hostUrl);
      await expect(page.getByTestId('attract-start')).toBeVisible();
      if (elder) {
        await page.keyboard.press('F7');
        await expect(page.getByTestId('elder-mode-switch')).toHaveAttribute('aria-pressed', 'true');
      }
      await page.keyboard.press('5');
      await expect(page.getByTestId('service-list')).toBeVisible();
      for (let i = 0; i < 20 && !(await page.getByTestId(SERVICE).isVisible()); i++) {
        await page.keyboard.press('0');
        await page.waitForTimeout(250);
      }
      await page.keyboard.press((await page.getByTestId(SERVICE).locator('.service-item__key').innerText()).trim());
      await expect(page.getByTestId('identify-prompt')).toBeVisible();
      await devByKeys(page, ['dev-remove-card', 'dev-place-card-0']);
      await expect(page.getByTestId('service-form')).toBeVisible();
      await expect(page.getByTestId('field-idNumber')).toHaveValue(CARD_ID);
      // The ID card copy lies under the camera before the person gets to it.
      await devByKeys(page, ['dev-place-document-id_card_copy']);
      await expect(page.getByTestId('material-idCard-capture')).toBeVisible();

      // Enter walks the fields still to fill, then stops on the first material (the camera makes it actionable).
      await page.keyboard.press('Enter');
      const focusedKey = () =>
        page.evaluate(() => {
          const el = (globalThis as unknown as PageWindow).document.activeElement;
          return el?.getAttribute('name') ?? el?.getAttribute('data-field-key') ?? el?.getAttribute('data-material-key') ?? '';
        });
      for (let step = 0; step < 8; step++) {
        const key = await focusedKey();
        if (key === 'idCard') break;
        if (key === 'phone') await page.keyboard.type('13800138000', { delay: 80 });
        else if (key) await page.keyboard.press('1');
        await page.keyboard.press('Enter');
      }
      expect(await focusedKey()).toBe('idCard');

      // 1 captures; the page is read and its ID number offered, with the key that accepts it on the button.
      await page.keyboard.press('1');
      await expect(page.getByTestId('ocr-offer-idCard-0')).toHaveAttribute('data-kind', 'resident_id', { timeout: 120_000 });
      const fill = page.getByTestId('ocr-fill-idCard-idNumber');
      await expect(fill).toHaveAttribute('data-key', '3');
      await expect(fill.locator('.key-hint')).toHaveText('3');
      await expect(fill).toBeInViewport();
      // The focus is still on the material, visibly: the keys act on it.
      expect(await focusedKey()).toBe('idCard');
      expect((await focusOutline(page)).outline, 'focus visible on the material with the offer').not.toBe('none');
      await expect(page.getByTestId('field-idNumber')).toHaveValue(CARD_ID); // offered, not filled
      await expectAccessible(page, 'keypad-ocr-offer', elder);

      await page.keyboard.press('3');
      await expect(fill).toBeDisabled();
      await expect(fill).toContainText('已填入');
      await expect(fill.locator('.key-hint')).toHaveCount(0);
      await expect(page.getByTestId('field-idNumber')).toHaveValue(OCR_ID);
      expect(await focusedKey()).toBe('idCard');
      expect((await focusOutline(page)).outline).not.toBe('none');
      await expectAccessible(page, 'keypad-ocr-filled', elder);
      // Pressing 3 again changes nothing; 1 and 2 still mean capture and defer (idCard cannot be deferred).
      await page.keyboard.press('3');
      await expect(page.getByTestId('field-idNumber')).toHaveValue(OCR_ID);

      // Enter goes on: the next material, then the review shows the number taken from the page.
      await page.keyboard.press('Enter');
      expect(await focusedKey()).toBe('insuranceCertificate');
      await page.keyboard.press('Enter');
      await expect(page.getByTestId('review-summary')).toBeVisible();
      await expect(page.getByTestId('review-field-idNumber')).toContainText('002X');
    });
  }
});
