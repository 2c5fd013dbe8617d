// Materials, 容缺 and the signed commitment (issue 5, parts 4 and 5) in Debian Chromium on the real stack:
// a page laid under the simulated document camera is captured, shown, read offline, and its ID number
// OFFERED (filled only on a tap); a deferrable material is deferred, so the review asks for the 告知承诺
// with read-aloud and a finger signature, refuses to submit unsigned. The signature (a PNG) and the captured
// page reach the platform as attachments of the application: uploaded by the host, verified by hash, and read
// back by an operator byte for byte.
import { createHash } from 'node:crypto';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import sampleCatalog from '../kiosk-config/catalog/sample-catalog.json' with { type: 'json' };
import type { SignedCommitment } from '../sync/protocol/application.js';
import { ADMIN_TOKEN, startStack, type Stack } from './support/stack.js';

const SERVICE_ID = 'svc-residence-permit';
const shot = (name: string) => ({ path: `e2e/artifacts/screens/materials-${name}.png`, fullPage: true });

interface AttachmentRef {
  sha256: string;
  size: number;
  mediaType: string;
  kind: string;
  materialId?: string;
}

interface AdminApplications {
  applications: { application: { applicationNumber: string; formData: Record<string, string>; schemaVersion: number; attachments: AttachmentRef[]; commitment?: SignedCommitment } }[];
}

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

async function expectAccessible(page: Page, screen: string): Promise<void> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes[0]?.target.join(' ')}`);
  expect(bad, screen).toEqual([]);
}

async function sign(page: Page): Promise<void> {
  const box = (await page.getByTestId('signature-pad').boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.1, box.y + box.height * 0.6);
  await page.mouse.down();
  for (let i = 1; i <= 20; i++) await page.mouse.move(box.x + box.width * (0.1 + i * 0.04), box.y + box.height * (0.6 - Math.sin(i / 3) * 0.3));
  await page.mouse.up();
}

test('capture a material (ID number offered, filled on a tap), defer another, sign the commitment, submit', async ({ page }) => {
  test.setTimeout(150_000);
  await page.goto(stack.hostUrl);
  await page.getByTestId('attract-start').click();
  await page.getByTestId(`service-item-${SERVICE_ID}`).click();
  await dev(page, 'dev-place-card-0');
  await expect(page.getByTestId('service-form')).toBeVisible();

  // The ID card copy under the camera: captured, shown, read; the number is offered, not filled.
  await dev(page, 'dev-place-document-id_card_copy');
  await page.getByTestId('material-idCard-capture').click();
  await expect(page.getByTestId('material-idCard-preview')).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId('material-idCard-preview')).toHaveAttribute('src', /^data:image\/(png|jpeg);base64,/);
  const offer = page.getByTestId('ocr-offer-idCard-0');
  await expect(offer).toHaveAttribute('data-kind', 'resident_id', { timeout: 75_000 });
  await expect(offer).toContainText('身份证号码');
  await expect(offer).toContainText('*'); // masked on screen
  const fill = page.getByTestId('ocr-fill-idCard-idNumber');
  await expect(fill).toBeEnabled();
  await fill.click();
  await expect(fill).toBeDisabled();
  await expect(fill).toContainText('已填入');
  await expect(page.getByTestId('material-idCard-state')).toHaveText('已拍摄');

  // 容缺: the employment proof is handed in later.
  await page.getByTestId('material-employmentProof-defer').click();
  await expect(page.getByTestId('material-employmentProof-defer')).toHaveAttribute('aria-pressed', 'true');
  await page.screenshot(shot('form'));
  await expectAccessible(page, 'form with materials');

  await page.getByTestId('field-currentAddress').fill('幸福路1号');
  await page.getByTestId('field-phone').fill('13800138000');
  await page.getByTestId('field-residenceSince').fill('2020-01-01');
  for (const key of ['residenceBasis', 'delivery']) await page.locator(`[data-testid^="field-${key}-option-"]`).first().click();
  await page.getByTestId('form-next').click();

  // Review: the commitment, read aloud on request; no submit without a signature.
  await expect(page.getByTestId('review-material-employmentProof')).toHaveAttribute('data-decision', 'deferred');
  await expect(page.getByTestId('commitment-text')).toContainText('就业');
  await page.getByTestId('commitment-read-aloud').click();
  await page.getByTestId('review-submit').click();
  await expect(page.getByTestId('signature-required')).toBeVisible();
  await expect(page.getByTestId('review-summary')).toBeVisible();

  await sign(page);
  await expect(page.getByTestId('signature-pad')).toHaveAttribute('data-signed', 'true');
  await page.getByTestId('signature-clear').click();
  await expect(page.getByTestId('signature-pad')).not.toHaveAttribute('data-signed', 'true');
  await sign(page);
  await expect(page.getByTestId('signature-pad')).toHaveAttribute('data-signed', 'true');
  await page.screenshot(shot('review-signed'));
  await expectAccessible(page, 'review with commitment');

  // Back to the form and forward again: the captured page and the signature are still there.
  await page.getByTestId('review-edit').click();
  await expect(page.getByTestId('material-idCard-preview')).toBeVisible();
  const capturedPage = (await page.getByTestId('material-idCard-preview').getAttribute('src'))!;
  await page.getByTestId('form-next').click();
  await expect(page.getByTestId('signature-pad')).toHaveAttribute('data-signed', 'true');

  await page.getByTestId('review-submit').click();
  const number = (await page.getByTestId('submitted-number').innerText()).trim();

  // On the platform: the materials decisions and the signed commitment in the form data, the images as attachments.
  let application: AdminApplications['applications'][number]['application'] | undefined;
  await expect
    .poll(async () => {
      const list = await stack.adminGet<AdminApplications>('/v1/admin/applications?limit=500');
      application = list.applications.find((a) => a.application.applicationNumber === number)?.application;
      return application?.formData ?? null;
    }, { timeout: 30_000 })
    .toEqual(expect.objectContaining({ '_material.idCard': 'captured', '_material.employmentProof': 'deferred', _commitment: 'signed' }));
  expect(application!.schemaVersion).toBe(3);
  // The commitment text the person signed travels with the application: the deferred material, the service's clauses.
  const residencePermit = sampleCatalog.find((i) => i.id === SERVICE_ID)!;
  expect(application!.commitment).toEqual({
    deferredMaterials: [{ key: 'employmentProof', name: residencePermit.materials!.find((m) => m.key === 'employmentProof')!.name }],
    parts: [{ serviceId: SERVICE_ID, service: null, clauses: residencePermit.commitment }],
  });
  expect(application!.formData).not.toHaveProperty('_signature');
  const signature = application!.attachments.find((a) => a.kind === 'signature')!;
  const pageRef = application!.attachments.find((a) => a.kind === 'material-page')!;
  expect(signature).toMatchObject({ mediaType: 'image/png', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
  expect(pageRef).toMatchObject({ materialId: 'idCard' });
  expect(application!.attachments).toHaveLength(2);

  const download = async (ref: AttachmentRef): Promise<Buffer> => {
    const res = await fetch(`${stack.platformUrl}/v1/admin/attachments/${ref.sha256}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(ref.mediaType);
    return Buffer.from(await res.arrayBuffer());
  };
  // The operator's copy of the signature: a PNG whose SHA-256 is the one the application references, the
  // pad's size, with ink on it.
  const signaturePng = await download(signature);
  expect(signaturePng.length).toBe(signature.size);
  expect(createHash('sha256').update(signaturePng).digest('hex')).toBe(signature.sha256);
  expect(signaturePng.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  expect([signaturePng.readUInt32BE(16), signaturePng.readUInt32BE(20)]).toEqual([600, 200]);
  // Decoded by Chromium itself (a script string: the e2e project has no DOM types).
  const inked = (await page.evaluate(`(async () => {
    const img = new Image();
    img.src = 'data:image/png;base64,${signaturePng.toString('base64')}';
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.width;
    c.height = img.height;
    const ctx = c.getContext('2d');
    ctx.drawImage(img, 0, 0);
    const px = ctx.getImageData(0, 0, c.width, c.height).data;
    let dark = 0;
    for (let i = 0; i < px.length; i += 4) if (px[i] < 100 && px[i + 3] > 200) dark++;
    return { dark, total: px.length / 4 };
  })()`)) as { dark: number; total: number };
  expect(inked.dark).toBeGreaterThan(300); // the stroke drawn above
  expect(inked.dark).toBeLessThan(inked.total / 4); // on white, not a black box
  // The captured page: byte for byte what the camera gave and the screen showed.
  const pageBytes = await download(pageRef);
  expect(Buffer.compare(pageBytes, Buffer.from(capturedPage.replace(/^data:image\/(png|jpeg);base64,/, ''), 'base64'))).toBe(0);
  expect(createHash('sha256').update(pageBytes).digest('hex')).toBe(pageRef.sha256);
});
