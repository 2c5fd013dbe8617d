// The UVC document camera (issue 3, part 5) in Debian Chromium: the kiosk configured with documentCamera
// transport 'uvc' opens the camera with getUserMedia. Chromium's fake camera plays a generated page (the
// simulator's synthetic ID card copy, as a Y4M video) — launched for this spec only with
// --use-fake-device-for-media-stream, --use-fake-ui-for-media-stream and --use-file-for-fake-video-capture.
// The person sees the live picture, takes the page, sees it with its size; the host's offline OCR reads the
// captured frame and offers the check-digit-verified ID number. Cancel gives a plain message.
// The screen reports the camera to the host (reportUvcCamera): staff see it in the device panel and the
// platform in the heartbeats — ready with the fake camera, not found with none (device-count=0; found again
// later with the last error kept), permission denied when the browser refuses it.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { chromium, expect, test, type Browser, type Page } from '@playwright/test';
import { syntheticDocumentPdf } from '../devices/document-camera/synthetic-documents.js';
import { screenshotOf } from './support/page-shapes.js';
import { startStack, type Stack } from './support/stack.js';

const SERVICE_ID = 'svc-residence-permit';
const shot = screenshotOf('uvc-camera');
const DEVICES = {
  idCard: { transport: { kind: 'simulated' }, pollIntervalMs: 300 },
  receiptPrinter: { transport: { kind: 'simulated' }, paperWidthMm: 80 },
  qrScanner: { transport: { kind: 'simulated' } },
  a4Printer: { enabled: false },
  documentCamera: { transport: { kind: 'uvc', width: 1280, height: 720, mime: 'image/jpeg' } },
};

/**
 * A grey page (binary PGM from pdftoppm -gray) as a one-frame Y4M video for Chromium's fake camera: the
 * luma plane is the page, chroma is neutral (128); 4:2:0 wants even sides, so an odd last row/column is cut.
 */
function pgmToY4m(pgm: Buffer): Buffer {
  const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(pgm.subarray(0, 64).toString('latin1'));
  if (!header) throw new Error('pdftoppm did not write a binary PGM');
  const [w, h] = [Number(header[1]), Number(header[2])];
  const pixels = pgm.subarray(header[0].length);
  const [W, H] = [w & ~1, h & ~1];
  const y = Buffer.alloc(W * H);
  for (let row = 0; row < H; row++) pixels.copy(y, row * W, row * w, row * w + W);
  const chroma = Buffer.alloc((W / 2) * (H / 2) * 2, 128);
  return Buffer.concat([Buffer.from(`YUV4MPEG2 W${W} H${H} F5:1 Ip A1:1 C420jpeg\nFRAME\n`, 'latin1'), y, chroma]);
}

let stack: Stack;
let browser: Browser;
let dir: string;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  // The page the fake camera shows: rendered the way the host's simulator renders it, as a Y4M video.
  dir = mkdtempSync(join(tmpdir(), 'yichuang-uvc-'));
  writeFileSync(join(dir, 'page.pdf'), await syntheticDocumentPdf('id_card_copy'));
  execFileSync('pdftoppm', ['-gray', '-r', '200', '-singlefile', join(dir, 'page.pdf'), join(dir, 'page')]);
  writeFileSync(join(dir, 'page.y4m'), pgmToY4m(readFileSync(join(dir, 'page.pgm'))));
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
      `--use-file-for-fake-video-capture=${join(dir, 'page.y4m')}`,
    ],
  });
  // Heartbeats every 5 s, so the platform's view of the camera can be checked within the test.
  const profile = JSON.parse(readFileSync(new URL('../kiosk-config/profiles/service-hall-kiosk.json', import.meta.url), 'utf8')) as { platform: object };
  stack = await startStack({ configPatch: { devices: DEVICES, platform: { ...profile.platform, heartbeatSeconds: 5 } } });
});
test.afterAll(async () => {
  await stack?.close();
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function toForm(page: Page): Promise<void> {
  await page.goto(stack.hostUrl);
  await page.getByTestId('attract-start').click();
  await page.getByTestId(`service-item-${SERVICE_ID}`).click();
  await page.getByTestId('dev-panel-toggle').click();
  // Take away a card left from an earlier test first: the reader reports a card when it arrives.
  await page.getByTestId('dev-remove-card').click();
  await page.waitForTimeout(1_000);
  await page.getByTestId('dev-place-card-0').click();
  await page.getByTestId('dev-panel-toggle').click();
  await expect(page.getByTestId('service-form')).toBeVisible();
}

test('captures a page from the UVC camera: live preview, the frame with its size, OCR offers the ID number', async () => {
  test.setTimeout(150_000);
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' })).newPage();
  await toForm(page);
  // The screen's camera is the terminal's document camera: found, allowed, and reported ready to the host.
  await expect(page.getByTestId('device-document-camera')).toHaveAttribute('data-status', 'ready', { timeout: 20_000 });
  await page.getByTestId('material-idCard-capture').click();
  const dialog = page.getByTestId('uvc-dialog');
  await expect(dialog).toHaveAttribute('data-state', 'live', { timeout: 20_000 });
  // The live picture is the page under the camera, at its real size.
  const size = await page.getByTestId('uvc-preview').evaluate((v: { videoWidth: number; videoHeight: number }) => [v.videoWidth, v.videoHeight]);
  expect(size[0]).toBeGreaterThan(1000);
  expect(size[1]).toBeGreaterThan(600);
  await expect(page.getByTestId('uvc-take')).toBeFocused();
  const axe = await new AxeBuilder({ page }).include('[data-testid="uvc-dialog"]').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
  await page.screenshot(shot('live'));

  await page.keyboard.press('Enter'); // 拍摄, from the keyboard
  await expect(dialog).toBeHidden();
  const preview = page.getByTestId('material-idCard-preview');
  await expect(preview).toBeVisible();
  await expect(preview).toHaveAttribute('src', /^data:image\/jpeg;base64,/);
  const natural = await preview.evaluate((img: { naturalWidth: number; naturalHeight: number }) => [img.naturalWidth, img.naturalHeight]);
  expect(natural).toEqual(size);
  await expect(page.getByTestId('material-idCard-state')).toHaveText('已拍摄');

  // The host reads the captured frame offline and offers the verified number (masked), filled only on a tap.
  const offer = page.getByTestId('ocr-offer-idCard-0');
  await expect(offer).toHaveAttribute('data-kind', 'resident_id', { timeout: 75_000 });
  await expect(offer).toContainText('*');
  await page.screenshot(shot('captured'));
  await page.context().close();
});

test('cancelling the capture (Escape) closes the camera and says so plainly', async () => {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' })).newPage();
  await toForm(page);
  await page.getByTestId('material-idCard-capture').click();
  await expect(page.getByTestId('uvc-dialog')).toHaveAttribute('data-state', 'live', { timeout: 20_000 });
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('uvc-dialog')).toBeHidden();
  await expect(page.getByTestId('material-idCard')).toContainText('已取消拍摄');
  await expect(page.getByTestId('material-idCard-preview')).toHaveCount(0);
  // It can be opened again at once (the stream was stopped), and cancelled by its button too.
  await page.getByTestId('material-idCard-capture').click();
  await expect(page.getByTestId('uvc-dialog')).toHaveAttribute('data-state', 'live', { timeout: 20_000 });
  await page.getByTestId('uvc-cancel').click();
  await expect(page.getByTestId('uvc-dialog')).toBeHidden();
  await page.context().close();
});

interface TerminalsList {
  terminals: { id: string; devices: { deviceId: string; status: string; lastError?: string }[] | null }[];
}

/** The document camera as the platform has it from the terminal's last heartbeat. */
async function platformCamera(): Promise<{ status: string; lastError?: string } | undefined> {
  const { terminals } = await stack.adminGet<TerminalsList>('/v1/admin/terminals');
  return terminals.flatMap((t) => t.devices ?? []).find((d) => d.deviceId === 'document-camera');
}

async function openDevicePanel(page: Page) {
  await page.getByTestId('device-panel-toggle').click();
  await expect(page.getByTestId('device-panel')).toBeVisible();
  return page.getByTestId('device-row-document-camera');
}

test('without a camera: not found in the staff panel with its last error, in the heartbeat, and a plain message on capture; found again when it is back', async () => {
  test.setTimeout(150_000);
  // Chromium's fake capture with no device at all: the same on every machine, camera or not.
  const bare = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--use-fake-device-for-media-stream=device-count=0', '--use-fake-ui-for-media-stream'],
  });
  try {
    const page = await (await bare.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' })).newPage();
    await page.goto(stack.hostUrl);
    await expect(page.getByTestId('device-document-camera')).toHaveAttribute('data-status', 'no_device', { timeout: 20_000 });
    await expect(page.getByTestId('device-panel-toggle')).toHaveText('设备状态（1 项异常）');
    const row = await openDevicePanel(page);
    await expect(row).toHaveAttribute('data-status', 'no_device');
    await expect(row.getByTestId('device-status')).toHaveText('未连接');
    await expect(row.getByTestId('device-last-error')).toContainText('no_device: enumerateDevices lists no video input');
    await expect(row.getByTestId('device-last-error-at')).toContainText('发生于');
    await page.screenshot(shot('panel-no-camera'));
    await page.keyboard.press('Escape');

    // The platform's monitoring sees it in the next heartbeat, with the error.
    await expect.poll(platformCamera, { timeout: 30_000 }).toMatchObject({ status: 'no_device', lastError: 'no_device: enumerateDevices lists no video input' });

    // The citizen asked to capture gets a plain answer; the rest of the form still works.
    await toForm(page);
    await page.getByTestId('material-idCard-capture').click();
    await expect(page.getByTestId('material-idCard')).toContainText('没有找到高拍仪，请联系工作人员。');
    await expect(page.getByTestId('uvc-dialog')).toHaveCount(0);
    await page.context().close();
  } finally {
    await bare.close();
  }

  // The screen with its camera again: ready, the last error kept for staff, and the platform told.
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' })).newPage();
  await page.goto(stack.hostUrl);
  const row = await openDevicePanel(page);
  await expect(row).toHaveAttribute('data-status', 'ready', { timeout: 20_000 });
  await expect(row.getByTestId('device-last-error')).toContainText('no_device: enumerateDevices lists no video input');
  await expect.poll(platformCamera, { timeout: 30_000 }).toMatchObject({ status: 'ready', lastError: 'no_device: enumerateDevices lists no video input' });
  await page.context().close();
});

test('a camera the browser refuses: permission denied in the staff panel, and a plain message to the citizen', async () => {
  test.setTimeout(120_000);
  // A fake camera but no automatic consent: the headless browser refuses the page the camera.
  const refusing = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--use-fake-device-for-media-stream'],
  });
  try {
    const page = await (await refusing.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' })).newPage();
    await page.goto(stack.hostUrl);
    // Listed, not yet asked for: present (nothing has refused it yet, and no prompt is ever forced on a citizen).
    await expect(page.getByTestId('device-document-camera')).toHaveAttribute('data-status', 'ready', { timeout: 20_000 });
    await toForm(page);
    await page.getByTestId('material-idCard-capture').click();
    await expect(page.getByTestId('material-idCard')).toContainText('无法使用高拍仪（没有使用权限），请联系工作人员。');
    await expect(page.getByTestId('device-document-camera')).toHaveAttribute('data-status', 'error');
    const row = await openDevicePanel(page);
    await expect(row.getByTestId('device-status')).toHaveText('故障');
    await expect(row.getByTestId('device-last-error')).toContainText('permission_denied:');
    await expect.poll(platformCamera, { timeout: 30_000 }).toMatchObject({ status: 'error', lastError: expect.stringContaining('permission_denied:') });
    await page.context().close();
  } finally {
    await refusing.close();
  }
});
