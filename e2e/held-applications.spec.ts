// Held applications end to end, in Debian Chromium on the real stack: the platform's attachment limit is lower
// than the signature image (an operator set it so), so the upload is refused for good (413). The application is
// held, not retried forever; the staff corner says why in plain words, in Chinese and in English; staff hand it
// over to the counter (marked, still kept); the operator raises the limit; staff send it again and it arrives
// once, with its signature. Both staff actions reach the platform's audit trail.
import { expect, test, type Page } from '@playwright/test';
import { screenshotOf } from './support/page-shapes.js';
import { startStack, type Stack } from './support/stack.js';

const SERVICE_ID = 'svc-residence-permit';
const shots = screenshotOf('held-applications');

interface AdminApplications {
  applications: { application: { id: string; applicationNumber: string; attachments: { sha256: string; kind: string }[] } }[];
}

let stack: Stack;
test.beforeAll(async () => {
  // The platform's smallest allowed limit: a drawn signature (a 600×200 PNG) is larger.
  stack = await startStack({ platformEnv: { YICHUANG_MAX_ATTACHMENT_BYTES: '1024' } });
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
  const box = (await page.getByTestId('signature-pad').boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.1, box.y + box.height * 0.6);
  await page.mouse.down();
  for (let i = 1; i <= 20; i++) await page.mouse.move(box.x + box.width * (0.1 + i * 0.04), box.y + box.height * (0.6 - Math.sin(i / 3) * 0.3));
  await page.mouse.up();
}

/** A residence-permit application with a deferred material, so the commitment is signed: one signature attachment. */
async function applyWithSignature(page: Page): Promise<string> {
  await page.getByTestId('attract-start').click();
  await page.getByTestId(`service-item-${SERVICE_ID}`).click();
  await dev(page, 'dev-place-card-0');
  await expect(page.getByTestId('service-form')).toBeVisible();
  await page.getByTestId('material-employmentProof-defer').click();
  await page.getByTestId('field-currentAddress').fill('幸福路1号');
  await page.getByTestId('field-phone').fill('13800138000');
  await page.getByTestId('field-residenceSince').fill('2020-01-01');
  for (const key of ['residenceBasis', 'delivery']) await page.locator(`[data-testid^="field-${key}-option-"]`).first().click();
  await page.getByTestId('form-next').click();
  // Submitting unsigned brings the signature pad into view and asks for it.
  await page.getByTestId('review-submit').click();
  await expect(page.getByTestId('signature-required')).toBeVisible();
  await sign(page);
  await expect(page.getByTestId('signature-pad')).toHaveAttribute('data-signed', 'true');
  await page.getByTestId('review-submit').click();
  await expect(page.getByTestId('submitted-number')).toBeVisible();
  const number = (await page.getByTestId('submitted-number').innerText()).trim();
  await page.getByTestId('submitted-finish').click();
  await dev(page, 'dev-remove-card');
  await expect(page.getByTestId('attract-start')).toBeVisible({ timeout: 20_000 });
  return number;
}

test('an attachment over the platform limit holds its application; staff see why, hand it over, and send it again once the limit is raised', async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto(stack.hostUrl);
  await expect(page.getByTestId('connectivity-state')).toContainText('在线', { timeout: 30_000 });

  const number = await applyWithSignature(page);

  // Held, not waiting: the platform refused the signature for good; the application is still on the terminal.
  const corner = page.getByTestId('connectivity');
  await expect(corner).toHaveAttribute('data-held', '1', { timeout: 60_000 });
  await expect(corner).toHaveAttribute('data-waiting', '0');
  await page.getByTestId('connectivity-held-summary').click();
  const item = page.locator('[data-testid^="held-"][data-code]');
  await expect(item).toHaveCount(1);
  await expect(item).toHaveAttribute('data-code', 'attachment_too_large');
  await expect(item).toContainText(number);
  await expect(item).toContainText('附件（签名或材料图片）超过平台允许的大小；平台调高上限后可重新发送。');
  await expect(item).toContainText('limit of 1024 bytes');
  await expect(page.getByTestId('connectivity-held-summary')).toContainText('1 件被平台退回');
  await page.screenshot(shots('held-zh'));
  // The same in English for staff who read it.
  await page.getByTestId('lang-switch').click();
  await expect(item).toContainText("An attachment (signature or page image) is over the platform's size limit; send it again once the platform's limit is raised.");
  await expect(page.getByTestId('connectivity-held-summary')).toContainText('1 refused by the platform');
  await page.screenshot(shots('held-en'));
  await page.getByTestId('lang-switch').click();

  // Nothing reached the platform, and it is not retried behind the staff's back.
  const onPlatform = async () =>
    (await stack.adminGet<AdminApplications>('/v1/admin/applications?limit=500')).applications.filter((a) => a.application.applicationNumber === number);
  expect(await onPlatform()).toHaveLength(0);

  // Staff hand it over to the counter: marked with the time, still listed and kept.
  const id = ((await item.getAttribute('data-testid')) ?? '').replace(/^held-/, '');
  await page.getByTestId(`held-handover-${id}`).click();
  await expect(page.getByTestId(`held-handed-over-${id}`)).toContainText('已转人工窗口办理');
  await expect(page.getByTestId(`held-handed-over-${id}`)).toContainText('仍保留在本机');
  await expect(page.getByTestId(`held-handover-${id}`)).toHaveCount(0);
  await expect(corner).toHaveAttribute('data-held', '1');

  // Sent again before the cause is fixed: refused again, said so.
  await page.getByTestId(`held-resend-${id}`).click();
  await expect(page.getByTestId('held-outcome')).toHaveAttribute('data-outcome', 'held');
  await expect(page.getByTestId('held-outcome')).toContainText('平台再次拒收');

  // The operator raises the limit (back to the default); staff send it again: it arrives once, with its signature.
  await stack.stopPlatform();
  await stack.startPlatform({});
  await expect(page.getByTestId('connectivity-state')).toContainText('在线', { timeout: 60_000 });
  await page.getByTestId(`held-resend-${id}`).click();
  await expect(page.getByTestId('held-outcome')).toHaveAttribute('data-outcome', 'sent', { timeout: 30_000 });
  await expect(page.getByTestId('held-outcome')).toContainText('已重新发送，平台已接收');
  await expect(corner).toHaveAttribute('data-held', '0');
  await page.screenshot(shots('resent'));
  const arrived = await onPlatform();
  expect(arrived).toHaveLength(1);
  expect(arrived[0]!.application.id).toBe(id);
  expect(arrived[0]!.application.attachments.map((a) => a.kind)).toEqual(['signature']);

  // The audit trail (forwarded by the host about once a minute) has the hold and both staff actions, no content.
  await expect
    .poll(
      async () => {
        const { events } = await stack.adminGet<{ events: { event: { data: Record<string, unknown> } }[] }>('/v1/admin/audit?type=application&limit=100');
        return events.map((e) => `${String(e.event.data.event)}:${String(e.event.data.outcome ?? e.event.data.code ?? '')}`);
      },
      { timeout: 100_000, intervals: [5_000] },
    )
    .toEqual(expect.arrayContaining(['held:attachment_too_large', 'handed_over:attachment_too_large', 'resent:held', 'resent:sent']));
});
