// Accessibility (issue 5, part 9) in Debian Chromium on the real stack: axe-core on every screen of a
// whole journey, in the normal and the elder mode, no serious or critical violation; touch targets of
// at least 44 px (64 px in elder mode); 办件查询 too. Then the bank teller machine: a whole journey by keypad
// alone, in both modes, with the same checks on every screen. Each checked screen is kept as a screenshot:
// e2e/artifacts/screens/a11y-<screen>-<normal|elder>.png (materials and the commitment: materials-access.spec.ts).
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { startStack, type Stack } from './support/stack.js';
import { type PageWindow, screenshotOf } from './support/page-shapes.js';

const shot = screenshotOf('a11y');

async function expectAccessible(page: Page, screen: string, elder: boolean): Promise<void> {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  const bad = result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join(', ')}`,
    );
  expect(bad, `${screen} (${elder ? 'elder' : 'normal'} mode)`).toEqual([]);
  const min = elder ? 64 : 44;
  // Every control a person can touch, visible now; the developer panel (simulation only) is staff's.
  const small = await page.evaluate((minimum) => {
    const out: string[] = [];
    for (const el of Array.from(
      (globalThis as unknown as PageWindow).document.querySelectorAll(
        'main button, main input:not([type="radio"]), main select, main .choice, header button',
      ),
    )) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      if (r.width < minimum || r.height < minimum)
        out.push(
          `${el.getAttribute('data-testid') ?? el.className} ${Math.round(r.width)}x${Math.round(r.height)}`,
        );
    }
    return out;
  }, min);
  expect(small, `touch targets on ${screen}`).toEqual([]);
  await page.screenshot(shot(`${screen}-${elder ? 'elder' : 'normal'}`));
}

async function placeCard(page: Page, index: number): Promise<void> {
  if (!(await page.getByTestId('dev-panel').isVisible()))
    await page.getByTestId('dev-panel-toggle').press('Enter');
  // Take away a card left from an earlier test first: the reader reports a card when it arrives.
  await page.getByTestId('dev-remove-card').press('Enter');
  await page.waitForTimeout(1_000); // longer than the reader's poll interval: it notices the card is gone
  await page.getByTestId(`dev-place-card-${index}`).press('Enter');
  await page.getByTestId('dev-panel-toggle').press('Enter');
  // The simulated reader is staff's tool: its focus must not stay where the citizen's keys go next.
  await page.evaluate(() => (globalThis as unknown as PageWindow).document.activeElement?.blur?.());
}

test.describe('kiosk, touch', () => {
  let stack: Stack;
  test.beforeAll(async () => {
    stack = await startStack();
  });
  test.afterAll(async () => {
    await stack?.close();
  });

  for (const elder of [false, true]) {
    test(`every screen passes axe and the target sizes (${elder ? 'elder' : 'normal'} mode)`, async ({
      page,
    }) => {
      await page.goto(stack.hostUrl);
      await expect(page.getByTestId('attract-start')).toBeVisible();
      if (elder) await page.getByTestId('elder-mode-switch').click();
      await expectAccessible(page, 'attract', elder);
      await page.getByTestId('attract-start').click();
      await expect(page.getByTestId('service-list').locator('button').first()).toBeVisible();
      await expectAccessible(page, 'services', elder);
      await page.getByTestId('services-tab-life-events').click();
      await expectAccessible(page, 'life-events', elder);
      await page.getByTestId('services-search').fill('sbk');
      await expect(page.getByTestId('services-search-count')).toBeVisible();
      await expectAccessible(page, 'search', elder);
      await page.getByTestId('service-item-svc-social-security-card').click();
      await expect(page.getByTestId('identify-prompt')).toBeVisible();
      await expectAccessible(page, 'identify', elder);
      await placeCard(page, 0);
      await expect(page.getByTestId('service-form')).toBeVisible();
      await page.getByTestId('form-next').click(); // shows the errors: they must be accessible too
      await expect(page.getByTestId('form-errors-summary')).toBeVisible();
      await expectAccessible(page, 'form', elder);
      await page.getByTestId('field-phone').fill('13800138000');
      for (const key of ['cardBank', 'delivery'])
        await page.locator(`[data-testid^="field-${key}-option-"]`).first().click();
      await page.getByTestId('form-next').click();
      await expect(page.getByTestId('review-summary')).toBeVisible();
      await expectAccessible(page, 'review', elder);
      await page.getByTestId('review-submit').click();
      await expect(page.getByTestId('print-status')).toHaveAttribute('data-state', /printed|failed/, {
        timeout: 30_000,
      });
      await expectAccessible(page, 'submitted', elder);
      await page.getByTestId('submitted-finish').click();
      await expect(page.getByTestId('done')).toBeVisible();
      await expectAccessible(page, 'done', elder);
    });

    test(`办件查询 passes axe and the target sizes (${elder ? 'elder' : 'normal'} mode)`, async ({
      page,
    }) => {
      await page.goto(stack.hostUrl);
      await expect(page.getByTestId('attract-start')).toBeVisible();
      if (elder) await page.getByTestId('elder-mode-switch').click();
      await page.getByTestId('attract-query').click();
      await expect(page.getByTestId('query-prompt')).toBeVisible();
      await expectAccessible(page, 'query', elder);
      await placeCard(page, 0);
      await expect(page.getByTestId('query-heading')).toBeVisible();
      await expectAccessible(page, 'query-results', elder);
    });
  }
});

test.describe('bank teller machine, keypad only', () => {
  let stack: Stack;
  test.beforeAll(async () => {
    stack = await startStack({ profile: 'bank-teller-machine' });
  });
  test.afterAll(async () => {
    await stack?.close();
  });

  for (const elder of [false, true]) {
    test(`a whole application with keys alone, focus always visible, every screen passes axe (${elder ? 'elder' : 'normal'} mode)`, async ({
      page,
    }) => {
      await page.goto(stack.hostUrl);
      await expect(page.getByTestId('attract-start')).toBeVisible();
      if (elder) {
        await page.keyboard.press('F7'); // on the waiting screen too: switches, does not start
        await expect(page.getByTestId('elder-mode-switch')).toHaveAttribute('aria-pressed', 'true');
      }
      await expectAccessible(page, 'keypad-attract', elder);
      await page.keyboard.press('5'); // any key starts
      await expect(page.getByTestId('service-list')).toBeVisible();
      // F2: the bundles; F1: back to all services. The digit shown on the item chooses it.
      await page.keyboard.press('F2');
      await expect(page.getByTestId('services-tab-bundles')).toHaveAttribute('aria-pressed', 'true');
      await page.keyboard.press('F1');
      await expect(page.getByTestId('services-tab-popular')).toHaveAttribute('aria-pressed', 'true');
      // Elder mode shows five a page: 0 turns the page (wait for the wedge-scanner detector to let the key through).
      for (
        let turn = 0;
        turn < 12 && !(await page.getByTestId('service-item-svc-social-security-card').isVisible());
        turn++
      ) {
        await page.keyboard.press('0');
        await page.waitForTimeout(250);
      }
      const digit = (
        await page
          .getByTestId('service-item-svc-social-security-card')
          .locator('.service-item__key')
          .innerText()
      ).trim();
      await expectAccessible(page, 'keypad-services', elder);
      await page.keyboard.press(digit);
      await expect(page.getByTestId('identify-prompt')).toBeVisible();
      await expectAccessible(page, 'keypad-identify', elder);
      await placeCard(page, 0); // the card reader, operated by keys too
      await expect(page.getByTestId('service-form')).toBeVisible();
      await expectAccessible(page, 'keypad-form', elder);

      // Enter walks to the next field still needing an answer; digits type the phone, pick the choices.
      await page.keyboard.press('Enter');
      const focusedKey = () =>
        page.evaluate(
          () =>
            (globalThis as unknown as PageWindow).document.activeElement?.getAttribute('name') ??
            (globalThis as unknown as PageWindow).document.activeElement?.getAttribute('data-field-key') ??
            '',
        );
      for (let step = 0; step < 8 && !(await page.getByTestId('review-summary').isVisible()); step++) {
        const key = await focusedKey();
        const outline = await page.evaluate(
          () =>
            (globalThis as unknown as PageWindow).getComputedStyle(
              (globalThis as unknown as PageWindow).document.activeElement,
            ).outlineStyle,
        );
        expect(outline, `focus visible on ${key}`).not.toBe('none');
        // At a person's pace: eleven keys a few ms apart and an Enter is what a wedge scanner sends (a scan).
        if (key === 'phone') await page.keyboard.type('13800138000', { delay: 80 });
        else if (key) await page.keyboard.press('1');
        await page.keyboard.press('Enter');
      }
      await expect(page.getByTestId('review-summary')).toBeVisible();
      await expectAccessible(page, 'keypad-review', elder);
      await page.keyboard.press('Enter'); // submit
      await expect(page.getByTestId('submitted-number')).toBeVisible();
      await expect(page.getByTestId('print-status')).toHaveAttribute('data-state', /printed|failed/, {
        timeout: 30_000,
      });
      await expectAccessible(page, 'keypad-submitted', elder);
      await page.keyboard.press('Enter'); // finish
      await expect(page.getByTestId('done')).toBeVisible();
      await expectAccessible(page, 'keypad-done', elder);
    });
  }
});
