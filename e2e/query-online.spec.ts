// 办件查询 online (issue 5, part 7) on the real stack: the kiosk asks the platform (signed by its host) as
// well as its own collection, so an application the same person made at ANOTHER terminal shows with the
// platform's current status — by the ID card and by the receipt QR. Another person's never shows. Offline,
// the terminal says it shows only what it keeps, and the other terminal's application is not there.
import { expect, test, type Page } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import {
  deriveSigningKey,
  ENROLLMENT_PATHS,
  newNonce,
  sha256Hex,
  signRequest,
} from '../sync/protocol/index.js';
import { screenshotOf } from './support/page-shapes.js';
import { startStack, type Stack } from './support/stack.js';

const shot = screenshotOf('query-online');
const OTHER_TERMINAL = 'T-BANK-0001';
/** Card 0 of the simulated reader. */
const ZHANG = { name: '张三丰', idNumber: '110101195003151235' };
const SOMEONE_ELSE = { name: '李小梅', idNumber: '440305199007212462' };

let stack: Stack;
test.beforeAll(async () => {
  stack = await startStack();
});
test.afterAll(async () => {
  await stack?.close();
});

/** The other terminal (a bank teller machine) enrols with the dev code and pushes applications, signed. */
async function pushFromOtherTerminal(applicants: readonly { name: string; idNumber: string }[]): Promise<{ id: string; applicationNumber: string }[]> {
  const enrol = await fetch(`${stack.platformUrl}${ENROLLMENT_PATHS.enroll}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ terminalId: OTHER_TERMINAL, code: 'dev-enrollment-code-0001', publicInfo: { version: 'e2e' } }),
  });
  expect(enrol.status).toBe(200);
  const { credential } = (await enrol.json()) as { credential: string };
  const key = await deriveSigningKey(credential);
  const docs = applicants.map((applicant, i) => ({
    id: randomUUID(),
    applicationNumber: `YC-${OTHER_TERMINAL}-20261121-000${i + 1}`,
    terminalId: OTHER_TERMINAL,
    serviceId: 'svc-pension-record-query',
    applicant: { ...applicant, cardType: 'resident' },
    formData: { years: 'all' },
    submittedAt: `2026-11-21T0${i + 1}:00:00.000Z`,
    takenOffline: false,
    status: 'queued',
    statusNote: '',
    statusUpdatedAt: '',
    schemaVersion: 1,
    attachments: [],
    _deleted: false,
  }));
  const path = '/v1/sync/applications/push';
  const body = JSON.stringify(docs.map((d) => ({ newDocumentState: d })));
  const headers = await signRequest(key, OTHER_TERMINAL, { method: 'POST', pathAndQuery: path, bodySha256: await sha256Hex(body) }, Date.now(), newNonce());
  const pushed = await fetch(`${stack.platformUrl}${path}`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body });
  expect(pushed.status).toBe(200);
  return docs;
}

async function devPanel(page: Page): Promise<void> {
  if (!(await page.getByTestId('dev-panel').isVisible())) await page.getByTestId('dev-panel-toggle').click();
}

test('online: the person’s application from another terminal shows with the platform’s status; offline it cannot', async ({ page }) => {
  const [mine, theirs] = await pushFromOtherTerminal([ZHANG, SOMEONE_ELSE]);
  await stack.adminPost(`/v1/admin/applications/${mine!.id}/status`, { status: 'in_progress', note: '材料审核中' });

  await page.goto(stack.hostUrl);
  await expect(page.getByTestId('connectivity-state')).toContainText('在线');
  await page.getByTestId('attract-query').click();
  await devPanel(page);
  await page.getByTestId('dev-remove-card').click();
  await page.waitForTimeout(1_000);
  await page.getByTestId('dev-place-card-0').click();
  const item = page.getByTestId(`query-item-${mine!.applicationNumber}`);
  await expect(item).toHaveAttribute('data-source', 'platform');
  await expect(item.getByTestId('query-item-status')).toHaveText('办理中');
  await expect(item.getByTestId('query-item-note')).toHaveText('材料审核中');
  await expect(item.getByTestId('query-item-updated')).not.toContainText('离线');
  await expect(page.getByTestId(`query-item-${theirs!.applicationNumber}`)).toHaveCount(0);
  await page.screenshot(shot('by-card'));

  // The receipt QR of that application, scanned here: exactly that one.
  await page.getByTestId('dev-scan-input').fill(`yichuang://case/${mine!.applicationNumber}`);
  await page.getByTestId('dev-scan-send').click();
  await expect(page.getByTestId('query-heading')).toContainText(mine!.applicationNumber);
  await expect(page.getByTestId(`query-item-${mine!.applicationNumber}`)).toHaveAttribute('data-source', 'platform');
  await expect(page.getByTestId('query-results').locator('li')).toHaveCount(1);

  // Offline: nothing from the platform; the screen says what it shows.
  await stack.stopPlatform();
  await expect(page.getByTestId('connectivity-state')).toContainText('离线', { timeout: 30_000 });
  await page.getByTestId('dev-remove-card').click();
  await page.waitForTimeout(1_000);
  await page.getByTestId('dev-place-card-0').click();
  await expect(page.getByTestId('query-heading')).toContainText('张');
  await expect(page.getByTestId('query-offline')).toBeVisible();
  await expect(page.getByTestId(`query-item-${mine!.applicationNumber}`)).toHaveCount(0);
  await page.screenshot(shot('offline'));
  await stack.startPlatform();
});
