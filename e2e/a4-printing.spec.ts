// A4 from the screen (issue 3, part 4) on the counter-window profile, whose A4 printer is the simulated
// 'pdf-directory' one: after submitting an application with a deferred material and a signed 告知承诺, the
// person prints the 受理回执, the application form and the 告知承诺书 on A4 from the submitted screen. The PDFs
// the printer wrote are then opened the way a person would read them: text extracted (pdftotext), fonts
// listed (pdffonts: the Noto CJK subset embedded) and the page rendered (pdftoppm: ink on the sheet); the
// Chinese is there, and the ID number only masked. (Glyphs against tofu: main/printing/a4-printing.test.ts.)
// An application without a commitment offers no commitment letter.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { screenshotOf } from './support/page-shapes.js';
import { startStack, type Stack } from './support/stack.js';

const SERVICE_ID = 'svc-residence-permit';
/** Synthetic identity 0 (devices/id-card/synthetic-identities.ts), the card placed by the developer panel. */
const PERSON = { name: '张三丰', idNumber: '110101195003151235', maskedId: '110***********1235', maskedName: '张**' };

/** What a PDF says (pdftotext, spaces of the layout removed), its fonts, and the dark pixels of page 1 at 50 dpi. */
function readPdf(path: string): { text: string; fonts: string; ink: number } {
  const text = execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' }).replace(/[ \u3000]+/g, '');
  const fonts = execFileSync('pdffonts', [path], { encoding: 'utf8' });
  const work = mkdtempSync(join(tmpdir(), 'yichuang-a4-e2e-'));
  try {
    execFileSync('pdftoppm', ['-gray', '-r', '50', '-f', '1', '-l', '1', '-singlefile', path, join(work, 'page')]);
    const pgm = readFileSync(join(work, 'page.pgm'));
    const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(pgm.subarray(0, 40).toString('latin1'))!;
    const ink = pgm.subarray(header[0].length).reduce((n, v) => n + (v < 128 ? 1 : 0), 0);
    return { text, fonts, ink };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
const shot = screenshotOf('a4');

let stack: Stack;
test.beforeAll(async () => {
  stack = await startStack({ profile: 'counter-window' });
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
  await page.getByTestId('signature-pad').scrollIntoViewIfNeeded();
  const box = (await page.getByTestId('signature-pad').boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.1, box.y + box.height * 0.6);
  await page.mouse.down();
  for (let i = 1; i <= 20; i++) await page.mouse.move(box.x + box.width * (0.1 + i * 0.04), box.y + box.height * (0.6 - Math.sin(i / 3) * 0.3));
  await page.mouse.up();
}

async function fillAndReview(page: Page, defer: boolean): Promise<void> {
  await page.goto(stack.hostUrl);
  await page.getByTestId('attract-start').click();
  await page.getByTestId(`service-item-${SERVICE_ID}`).click();
  await dev(page, 'dev-remove-card');
  await page.waitForTimeout(1_000); // longer than the reader's poll: it notices the card is gone
  await dev(page, 'dev-place-card-0');
  await expect(page.getByTestId('service-form')).toBeVisible();
  if (defer) await page.getByTestId('material-employmentProof-defer').click();
  await page.getByTestId('field-currentAddress').fill('幸福路1号');
  await page.getByTestId('field-phone').fill('13800138000');
  await page.getByTestId('field-residenceSince').fill('2020-01-01');
  for (const key of ['residenceBasis', 'delivery']) await page.locator(`[data-testid^="field-${key}-option-"]`).first().click();
  await page.getByTestId('form-next').click();
  await expect(page.getByTestId('review-summary')).toBeVisible();
  if (defer) {
    await sign(page);
    await expect(page.getByTestId('signature-pad')).toHaveAttribute('data-signed', 'true');
  }
  await page.getByTestId('review-submit').click();
  await expect(page.getByTestId('submitted-number')).toBeVisible();
}

test('prints the receipt, the application form and the commitment letter on A4 from the submitted screen', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto(stack.hostUrl);
  await expect(page.getByTestId('device-a4-printer')).toHaveAttribute('data-status', 'ready', { timeout: 30_000 });
  await fillAndReview(page, true);

  for (const [kind, name] of [
    ['receipt', '受理回执'],
    ['application_form', '申请表'],
    ['commitment', '告知承诺书'],
  ] as const) {
    const button = page.getByTestId(`a4-print-${kind}`);
    await expect(button).toHaveText(`打印${name}（A4）`);
    await button.click();
    const status = page.getByTestId(`a4-print-status-${kind}`);
    await expect(status).toHaveAttribute('data-state', 'printed', { timeout: 30_000 });
    await expect(status).toHaveText(`${name}已打印，共 1 页。`);
  }

  // The three sheets as the printer received them (the 'pdf-directory' printer's files in the host's data dir).
  const dir = join(stack.terminalDataDir, 'a4-printed');
  const files = readdirSync(dir);
  expect(files).toHaveLength(3);
  const sheet = (kind: string) => {
    const file = files.find((f) => f.startsWith(`yichuang-${kind}-`));
    expect(file, `${kind} PDF in ${dir}: ${files.join(', ')}`).toBeDefined();
    return readPdf(join(dir, file!));
  };
  for (const [kind, texts] of [
    ['receipt', ['居住证申领受理回执', PERSON.maskedName, PERSON.maskedId, '请妥善保管本回执']],
    ['application_form', ['居住证申领申请表', PERSON.maskedName, PERSON.maskedId, '幸福路1号', '13800138000']],
    ['commitment', ['告知承诺书', `承诺人：${PERSON.name}`, PERSON.maskedId, '本人郑重承诺如下']],
  ] as const) {
    const { text, fonts, ink } = sheet(kind);
    for (const t of texts) expect(text, `${kind}: ${t}`).toContain(t);
    // The full ID number is on no sheet: it leaves the terminal with the person.
    expect(text, kind).not.toContain(PERSON.idNumber);
    expect(fonts, kind).toMatch(/[A-Z]{6}\+NotoSansCJKsc-Regular\s+CID Type 0C\s+Identity-H\s+yes\s+yes\s+yes/);
    expect(ink, `${kind}: the rendered page has ink`).toBeGreaterThan(500);
  }
  // Only the letter the person signs carries the name in full.
  expect(sheet('receipt').text).not.toContain(PERSON.name);
  // The letter says what the person signed on screen, as stored with the application: the deferred material
  // and the service's own clauses (catalog), not the host's standard wording.
  const letter = sheet('commitment').text;
  expect(letter).toContain('以下材料暂未提交：就业或就读证明');
  expect(letter).toContain('1.本人承诺在本地居住及就业');
  expect(letter).toContain('2.本人承诺在三十日内向受理窗口补交');
  expect(letter).toContain('3.如有虚假承诺，本人愿意承担相应的法律责任。');
  expect(letter).not.toContain('本人已知晓行政机关告知的全部内容');

  const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
  await page.screenshot(shot('printed'));

  // In English the same buttons say what they print.
  await page.getByTestId('lang-switch').click();
  await expect(page.getByTestId('a4-print-commitment')).toHaveText('Print the commitment letter (A4)');
});

test('without a commitment, no commitment letter is offered', async ({ page }) => {
  test.setTimeout(120_000);
  await fillAndReview(page, false);
  await expect(page.getByTestId('a4-print-receipt')).toBeVisible();
  await expect(page.getByTestId('a4-print-application_form')).toBeVisible();
  await expect(page.getByTestId('a4-print-commitment')).toHaveCount(0);
});
