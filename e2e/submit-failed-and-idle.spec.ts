// Two screens a person meets when something does not go to plan (issue 5, parts 2, 6 and 9), in Debian
// Chromium on the real stack, in normal and elder mode, each kept as a screenshot artefact with axe and
// target sizes checked:
// - submit failed: the host cannot store the signature (its attachments folder is made unusable, as a broken
//   disk would: a file where the folder should be), so nothing is submitted and the person is told why in their
//   language; once storage works again, "try again" submits the same application, once;
// - the idle countdown: the last seconds before an unattended session ends (page clock driven by Playwright),
//   and "continue" keeps the person's session and what they typed.
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { type PageWindow, screenshotOf } from './support/page-shapes.js';
import { startStack, type Stack } from './support/stack.js';

const shot = screenshotOf('submit-failed-and-idle');
const SERVICE_ID = 'svc-medical-insurance-transfer';

interface AdminApplications {
  applications: { application: { applicationNumber: string; serviceId: string; formData: Record<string, string>; commitment?: unknown } }[];
}

let stack: Stack;
test.beforeAll(async () => {
  stack = await startStack();
});
test.afterAll(async () => {
  await stack?.close();
});

async function expectAccessible(page: Page, screen: string, elder: boolean): Promise<void> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  const bad = result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
  expect(bad, `${screen} (${elder ? 'elder' : 'normal'} mode)`).toEqual([]);
  const min = elder ? 64 : 44;
  const small = await page.evaluate((minimum) => {
    const out: string[] = [];
    const els = (globalThis as unknown as PageWindow).document.querySelectorAll('main button, main input:not([type="radio"]), main .choice, [role="alertdialog"] button');
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

async function dev(page: Page, testid: string): Promise<void> {
  if (!(await page.getByTestId('dev-panel').isVisible())) await page.getByTestId('dev-panel-toggle').click();
  await page.getByTestId(testid).click();
  await page.getByTestId('dev-panel-toggle').click();
}

/** From the waiting screen to the filled-in form of the medical insurance transfer, card 0 placed. */
async function openForm(page: Page, elder: boolean, phone: string): Promise<void> {
  await page.goto(stack.hostUrl);
  if (elder) {
    await page.getByTestId('elder-mode-switch').click();
    await expect(page.getByTestId('elder-mode-switch')).toHaveAttribute('aria-pressed', 'true');
  }
  await page.getByTestId('attract-start').click();
  await page.getByTestId('services-search').fill('医保转移');
  await page.getByTestId('osk-done').click(); // the on-screen keyboard opened for the search box
  await page.getByTestId(`service-item-${SERVICE_ID}`).click();
  await expect(page.getByTestId('identify-prompt')).toBeVisible();
  await dev(page, 'dev-remove-card');
  await page.waitForTimeout(1_000); // longer than the reader's poll: it notices the card is gone
  await dev(page, 'dev-place-card-0');
  await expect(page.getByTestId('service-form')).toBeVisible();
  await page.getByTestId('field-phone').fill(phone);
  await page.getByTestId('field-fromRegion').fill('北京市');
  await page.getByTestId('field-toRegion').fill('天津市');
  await page.locator('[data-testid^="field-insuranceKind-option-"]').first().click();
}

for (const elder of [false, true]) {
  const mode = elder ? 'elder' : 'normal';

  test(`submit failed: the signature cannot be stored, the person is told why, and trying again submits once (${mode} mode)`, async ({ page }) => {
    test.setTimeout(120_000);
    await openForm(page, elder, '13800138000');
    await page.getByTestId('material-insuranceCertificate-defer').click();
    await page.getByTestId('form-next').click();
    await expect(page.getByTestId('commitment')).toHaveAttribute('data-mode', 'drawn');
    await page.getByTestId('signature-pad').scrollIntoViewIfNeeded();
    const box = (await page.getByTestId('signature-pad').boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.1, box.y + box.height * 0.5);
    await page.mouse.down();
    for (let i = 1; i <= 15; i++) await page.mouse.move(box.x + box.width * (0.1 + i * 0.05), box.y + box.height * (0.5 - Math.sin(i / 2) * 0.3));
    await page.mouse.up();
    await expect(page.getByTestId('signature-pad')).toHaveAttribute('data-signed', 'true');

    // The host's attachments folder (main/host/attachment-store.ts) becomes a file: no image can be written.
    const folder = join(stack.terminalDataDir, 'attachments');
    const moved = `${folder}.moved-${mode}`;
    renameSync(folder, moved);
    writeFileSync(folder, 'not a folder');
    try {
      await page.getByTestId('review-submit').click();
      await expect(page.getByTestId('submit-failed')).toBeVisible({ timeout: 20_000 });
      await expect(page.getByTestId('submit-failed-problem')).toHaveText('图片未能保存在本机，请联系工作人员。');
      await expect(page.getByTestId('submitted-number')).toHaveCount(0);
      await expectAccessible(page, 'submit-failed', elder);
      // The same screen in English.
      await page.getByTestId('lang-switch').click();
      await expect(page.getByTestId('submit-failed-problem')).toHaveText('The image could not be stored on this terminal; please ask a member of staff.');
      await expectAccessible(page, 'submit-failed-en', elder);
      await page.getByTestId('lang-switch').click();
    } finally {
      rmSync(folder, { force: true });
      renameSync(moved, folder);
    }

    // Storage works again: the same application goes in, once, with its signature and commitment.
    await page.getByTestId('submit-retry').click();
    const number = (await page.getByTestId('submitted-number').innerText({ timeout: 20_000 })).trim();
    let found: AdminApplications['applications'] = [];
    await expect
      .poll(async () => {
        const list = await stack.adminGet<AdminApplications>('/v1/admin/applications?limit=500');
        found = list.applications.filter((a) => a.application.applicationNumber === number);
        return found.length;
      }, { timeout: 30_000 })
      .toBe(1);
    expect(found[0]!.application).toMatchObject({ serviceId: SERVICE_ID, formData: { _commitment: 'signed', '_material.insuranceCertificate': 'deferred' } });
    expect(found[0]!.application.commitment).toBeDefined();
  });

  test(`idle countdown: the last seconds are shown, and continuing keeps the session (${mode} mode)`, async ({ page }) => {
    test.setTimeout(120_000);
    await page.clock.install();
    await openForm(page, elder, '13912345678');
    // The profile's 120 s (twice that in elder mode); the warning shows in the last 30 s.
    await page.clock.fastForward(elder ? '03:35' : '01:35');
    await expect(page.getByTestId('idle-dialog')).toBeVisible();
    const left = Number(await page.getByTestId('idle-countdown').innerText());
    expect(left).toBeGreaterThan(0);
    expect(left).toBeLessThanOrEqual(30);
    await expect(page.getByTestId('idle-stay')).toBeFocused();
    await expectAccessible(page, 'idle-countdown', elder);
    // It counts down on screen.
    await page.clock.fastForward('00:05');
    await expect.poll(async () => Number(await page.getByTestId('idle-countdown').innerText())).toBeLessThan(left);

    // Continue: the dialog goes, the person's form is as they left it.
    await page.getByTestId('idle-stay').click();
    await expect(page.getByTestId('idle-dialog')).toHaveCount(0);
    await expect(page.getByTestId('field-phone')).toHaveValue('13912345678');
    await expect(page.getByTestId('service-form')).toBeVisible();
  });
}
