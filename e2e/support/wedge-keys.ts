// Types as a keyboard-wedge scanner does, with the scanner's own timing: real (trusted) key events sent
// through the DevTools protocol, each stamped `gapMs` after the one before. Chromium gives the page those
// stamps as KeyboardEvent.timeStamp, which is what the detector reads; the events are sent in one go, so a
// loaded test machine cannot stretch the gaps the way awaited keyboard.type() calls do (seen: 7 ms asked,
// 130 ms delivered), while the test still controls them exactly.
import type { Page } from '@playwright/test';

const SUFFIX_KEYS = {
  Enter: { key: 'Enter', code: 'Enter', windowsVirtualKeyCode: 13, text: '\r' },
  Tab: { key: 'Tab', code: 'Tab', windowsVirtualKeyCode: 9, text: '\t' },
} as const;

/** `suffix`: the key sent after the code (default Enter), or false for none. */
export async function wedgeKeys(page: Page, text: string, opts: { gapMs?: number; suffix?: boolean | keyof typeof SUFFIX_KEYS } = {}): Promise<void> {
  const gap = (opts.gapMs ?? 5) / 1000;
  const cdp = await page.context().newCDPSession(page);
  try {
    // Wake the input pipeline first (a Shift press says nothing to the detector): the first event of a
    // session can sit for a few hundred ms on a loaded machine, which no scanner's USB link does.
    await cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', key: 'Shift', code: 'ShiftLeft', windowsVirtualKeyCode: 16 });
    await cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', key: 'Shift', code: 'ShiftLeft', windowsVirtualKeyCode: 16 });
    // Start a little ahead of now, so that no stamp is already older than the detector's gap when it arrives.
    const t0 = Date.now() / 1000 + 0.1;
    const sends: Promise<unknown>[] = [];
    const chars = [...text];
    chars.forEach((ch, i) => {
      const timestamp = t0 + i * gap;
      sends.push(cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', key: ch, text: ch, unmodifiedText: ch, timestamp }));
      sends.push(cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', key: ch, timestamp: timestamp + gap / 2 }));
    });
    const suffix = opts.suffix === false ? null : SUFFIX_KEYS[opts.suffix === true || opts.suffix === undefined ? 'Enter' : opts.suffix];
    if (suffix) {
      const { text: typed, ...key } = suffix;
      const timestamp = t0 + chars.length * gap;
      sends.push(cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', ...key, text: typed, timestamp }));
      sends.push(cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', ...key, timestamp: timestamp + gap / 2 }));
    }
    await Promise.all(sends);
  } finally {
    await cdp.detach();
  }
}
