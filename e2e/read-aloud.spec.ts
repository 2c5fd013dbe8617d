// Read-aloud (issue 5, part 9) in Debian Chromium, which has no Web Speech voice: the screen's text goes
// to the host's offline espeak-ng, which really synthesises it (null sink on this machine: the WAV is made
// in memory and its length comes back). Elder mode reads each new screen by itself; the read-aloud button and
// F8 read the screen in the chosen language; the end of a session stops the speech.
import { expect, test, type Page, type WebSocket } from '@playwright/test';
import { startStack, type Stack } from './support/stack.js';

let stack: Stack;
test.beforeAll(async () => {
  stack = await startStack();
});
test.afterAll(async () => {
  await stack?.close();
});

interface SpeechCall {
  readonly id: number;
  readonly text: string;
  readonly lang: string;
}
interface SpeechAnswer {
  readonly ok: boolean;
  readonly value?: { output: string; durationMs: number | null; interrupted: boolean };
}

/** Watches the page's host connection for read-aloud calls and their answers. */
function watchSpeech(page: Page) {
  const calls: SpeechCall[] = [];
  const answers = new Map<number, SpeechAnswer>();
  const stops: number[] = [];
  page.on('websocket', (ws: WebSocket) => {
    ws.on('framesent', ({ payload }) => {
      const frame = JSON.parse(String(payload)) as { id: number; method: string; params: { text: string; lang: string }[] };
      if (frame.method === 'speakText') calls.push({ id: frame.id, text: frame.params[0]!.text, lang: frame.params[0]!.lang });
      if (frame.method === 'stopSpeaking') stops.push(frame.id);
    });
    ws.on('framereceived', ({ payload }) => {
      const frame = JSON.parse(String(payload)) as { id?: number; ok?: boolean; result?: SpeechAnswer };
      if (typeof frame.id === 'number' && calls.some((c) => c.id === frame.id) && frame.ok) answers.set(frame.id, frame.result!);
    });
  });
  /** The latest call and the host's answer to it, once it has come. */
  const last = async (): Promise<{ call: SpeechCall; answer: SpeechAnswer }> => {
    await expect.poll(() => calls.length > 0 && answers.has(calls[calls.length - 1]!.id), { timeout: 30_000 }).toBe(true);
    const call = calls[calls.length - 1]!;
    return { call, answer: answers.get(call.id)! };
  };
  return { calls, stops, last };
}

test('elder mode reads each screen aloud through the host engine, in the chosen language', async ({ page }) => {
  const speech = watchSpeech(page);
  await page.goto(stack.hostUrl);
  await expect(page.getByTestId('attract-start')).toBeVisible();
  expect(await page.evaluate(() => (globalThis as unknown as { speechSynthesis?: { getVoices(): unknown[] } }).speechSynthesis?.getVoices().length ?? 0), 'Debian Chromium has no voice').toBe(0);

  await page.getByTestId('elder-mode-switch').click();
  const first = await speech.last();
  expect(first.call.lang).toBe('zh-CN');
  expect(first.call.text).toMatch(/[\u4e00-\u9fff]/);
  // Real speech came back: seconds of audio for the screen, not an empty WAV.
  expect(first.answer).toMatchObject({ ok: true, value: { output: 'none', interrupted: false } });
  expect(first.answer.value!.durationMs).toBeGreaterThan(1500);
  await expect(page.getByTestId('read-aloud-unavailable')).toHaveCount(0);

  // The next screen is read by itself; a longer screen gives longer speech.
  await page.getByTestId('attract-start').click();
  await expect(page.getByTestId('service-list').locator('button').first()).toBeVisible();
  await expect.poll(() => speech.calls.length).toBeGreaterThan(1);
  const services = await speech.last();
  expect(services.call.text).not.toBe(first.call.text);
  expect(services.answer.ok).toBe(true);

  // English: F8 reads the screen again with the English voice.
  await page.getByTestId('lang-switch').click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  const before = speech.calls.length;
  await page.keyboard.press('F8');
  await expect.poll(() => speech.calls.length).toBeGreaterThan(before);
  const english = await speech.last();
  expect(english.call.lang).toBe('en');
  expect(english.call.text).toMatch(/[A-Za-z]{3}/);
  expect(english.answer).toMatchObject({ ok: true });
  expect(english.answer.value!.durationMs).toBeGreaterThan(1000);

  // Ending the session stops whatever is being said.
  const stopsBefore = speech.stops.length;
  await page.getByTestId('services-back').click();
  await expect(page.getByTestId('attract-start')).toBeVisible();
  await expect.poll(() => speech.stops.length).toBeGreaterThan(stopsBefore);
});

test('the read-aloud button in the normal mode speaks through the host too', async ({ page }) => {
  const speech = watchSpeech(page);
  await page.goto(stack.hostUrl);
  await page.getByTestId('attract-start').click();
  await expect(page.getByTestId('service-list').locator('button').first()).toBeVisible();
  expect(speech.calls).toHaveLength(0); // the normal mode does not read by itself
  await page.getByTestId('read-aloud').click();
  const spoken = await speech.last();
  expect(spoken.answer).toMatchObject({ ok: true, value: { output: 'none' } });
  await expect(page.getByTestId('read-aloud-unavailable')).toHaveCount(0);
});
