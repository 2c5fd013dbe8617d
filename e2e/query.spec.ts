// 办件查询 (issue 5, part 7) in Debian Chromium on the real stack: an application is submitted, then
// found again by scanning its receipt QR through the simulated scanner; the platform's operator changes
// its status and the screen follows; a hostile QR gets a plain message and is never shown; tapping the
// ID card lists the holder's applications; offline, the last known status says so.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { startStack, type Stack } from './support/stack.js';

const SERVICE_ID = 'svc-social-security-card';
const shot = (name: string) => ({ path: `e2e/artifacts/screens/query-${name}.png`, fullPage: true });

interface AdminApplications {
  applications: { application: { id: string; applicationNumber: string; status: string } }[];
}

let stack: Stack;
test.beforeAll(async () => {
  stack = await startStack();
});
test.afterAll(async () => {
  await stack?.close();
});

async function devPanel(page: Page): Promise<void> {
  if (!(await page.getByTestId('dev-panel').isVisible())) await page.getByTestId('dev-panel-toggle').click();
}

async function scan(page: Page, text: string): Promise<void> {
  await devPanel(page);
  await page.getByTestId('dev-scan-input').fill(text);
  await page.getByTestId('dev-scan-send').click();
}

async function expectAccessible(page: Page, screen: string): Promise<void> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes[0]?.target.join(' ')}`);
  expect(bad, screen).toEqual([]);
}

async function submitOne(page: Page): Promise<string> {
  await page.getByTestId('attract-start').click();
  await page.getByTestId(`service-item-${SERVICE_ID}`).click();
  await devPanel(page);
  await page.getByTestId('dev-place-card-0').click();
  await expect(page.getByTestId('service-form')).toBeVisible();
  await page.getByTestId('field-phone').fill('13800138000');
  for (const key of ['cardBank', 'delivery']) await page.locator(`[data-testid^="field-${key}-option-"]`).first().click();
  await page.getByTestId('form-next').click();
  await page.getByTestId('review-submit').click();
  const number = (await page.getByTestId('submitted-number').innerText()).trim();
  await page.getByTestId('submitted-finish').click();
  await page.getByTestId('done-home').click();
  // The attract screen closes the developer panel: open it again only once it has.
  await expect(page.getByTestId('attract-start')).toBeVisible();
  await expect(page.getByTestId('dev-panel')).toBeHidden();
  await devPanel(page);
  await page.getByTestId('dev-remove-card').click();
  await expect(page.getByTestId('attract-start')).toBeVisible();
  return number;
}

test('progress query: receipt QR, status changed by the operator, hostile QR, ID card, offline', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto(stack.hostUrl);
  await expect(page.getByTestId('connectivity-state')).toContainText('在线');
  const number = await submitOne(page);

  // The receipt's QR, scanned on the attract screen, opens the query for that application.
  await scan(page, `yichuang://case/${number}`);
  await expect(page.getByTestId('query')).toBeVisible();
  const item = page.getByTestId(`query-item-${number}`);
  await expect(item.getByTestId('query-item-status')).toHaveText(/已收到，等待受理|已提交，等待发送/);
  await expect(item.getByTestId('query-item-status')).toHaveText('已收到，等待受理', { timeout: 30_000 });
  await expect(item.getByTestId('query-item-updated')).toContainText('最后更新于');
  await expect(item.getByTestId('query-item-updated')).not.toContainText('离线');

  // The operator accepts it on the platform; the status reaches the screen while the person looks.
  const list = await stack.adminGet<AdminApplications>('/v1/admin/applications?limit=500');
  const id = list.applications.find((a) => a.application.applicationNumber === number)!.application.id;
  await stack.adminPost(`/v1/admin/applications/${id}/status`, { status: 'accepted', note: '请于三个工作日后领取' });
  await expect(item.getByTestId('query-item-status')).toHaveText('已受理', { timeout: 30_000 });
  await expect(item.getByTestId('query-item-note')).toHaveText('请于三个工作日后领取');
  await page.getByTestId('dev-panel-toggle').click();
  await page.screenshot(shot('by-number'));
  await expectAccessible(page, 'query by number');

  // A hostile code: a plain message, its text never on screen, the last result still there.
  const hostile = '<img src=x onerror="document.body.dataset.pwned=1">';
  await scan(page, hostile);
  await expect(page.getByTestId('query-problem')).toHaveAttribute('data-problem', 'not-ours');
  await expect(page.getByTestId('query-problem')).toContainText('不是本系统的办件回执');
  await expect(page.locator('main')).not.toContainText('onerror');
  expect(await page.locator('body').getAttribute('data-pwned')).toBeNull();
  await scan(page, 'yichuang://case/<script>x</script>');
  await expect(page.getByTestId('query-problem')).toHaveAttribute('data-problem', 'malformed');

  // By ID card: home, 办件查询, place the card → that person's applications, name masked.
  await page.getByTestId('query-home').click();
  await expect(page.getByTestId('dev-panel')).toBeHidden();
  await page.getByTestId('attract-query').click();
  await expect(page.getByTestId('query-prompt')).toBeVisible();
  await expectAccessible(page, 'query prompt');
  await devPanel(page);
  await page.getByTestId('dev-place-card-0').click();
  await expect(page.getByTestId('query-heading')).toContainText('张**');
  await expect(page.getByTestId(`query-item-${number}`).getByTestId('query-item-status')).toHaveText('已受理');
  await page.screenshot(shot('by-card'));

  // Offline: the stored status, saying when it was last known.
  await stack.stopPlatform();
  await expect(page.getByTestId('query-offline')).toBeVisible({ timeout: 45_000 });
  await expect(page.getByTestId(`query-item-${number}`).getByTestId('query-item-updated')).toContainText('（离线）');
  await page.screenshot(shot('offline'));
  await page.getByTestId('dev-remove-card').click();
  await page.getByTestId('query-home').click();
  await expect(page.getByTestId('attract-start')).toBeVisible();
  await expect(page.locator('body')).not.toContainText(number);
  await stack.startPlatform();
});
