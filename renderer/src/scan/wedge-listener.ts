// Keyboard-wedge scanners in the renderer: every keydown of the page goes through the pure detector
// (sync/protocol/keyboard-wedge.ts) before anything else sees it. A fast burst ending in Enter becomes the
// same 'scan' event the host sends for its own scanners (source 'keyboard-wedge'); a person typing gets
// their keys, in order, a few tens of milliseconds later.
//
// How no keystroke of a scan leaks into the focused field: a character key is held back (its keydown
// cancelled, so the browser never types it) until the detector has decided. Keys it decides were typing
// are put back where they were going, each as a synthetic keydown on the element that had the focus (its
// own handlers and window key handlers such as the keypad's see it) and, unless a handler took it, typed
// into a text field (execCommand('insertText') fires the beforeinput/input events React listens to, and
// honours the caret, selection and maxlength) or, for a Space on a button or radio, a click. Named keys (Tab, arrows, Backspace,
// Enter after typing, F7...) are never held: the held characters go in first, then the key acts natively.
// Keys with Ctrl/Alt/Meta and IME composition pass through untouched.
import { KeyboardWedgeDetector, type WedgeOptions, type WedgeOutput } from '../../../sync/protocol/keyboard-wedge.js';
import type { TerminalEvent } from '../../../main/api/terminal-api.js';

export type WedgeEvent = Extract<TerminalEvent, { type: 'scan' } | { type: 'scan-error' }>;

/** Real time without a key after which held keys are typing (a person's key shows at most this late). */
const REAL_QUIET_MS = 100;

/** A release timer this late was held up by a busy page ... */
const LATE_TIMER_MS = 25;
/** ... and then waits this much longer for keys that were stuck behind the work. */
const STALL_GRACE_MS = 60;

/** Synthetic keydowns this listener dispatched itself: they pass through it. */
const replayed = new WeakSet<Event>();

function isTextField(el: Element | null): el is HTMLInputElement | HTMLTextAreaElement | HTMLElement {
  if (!el) return false;
  if (el instanceof HTMLTextAreaElement) return !el.readOnly && !el.disabled;
  if (el instanceof HTMLInputElement) {
    const textTypes = ['text', 'search', 'tel', 'url', 'email', 'password', 'number', ''];
    return textTypes.includes(el.type) && !el.readOnly && !el.disabled;
  }
  return el instanceof HTMLElement && el.isContentEditable;
}

const ACTIVATES_ON_SPACE = 'button, [role="button"], [role="radio"], [role="checkbox"], input[type="radio"], input[type="checkbox"], summary';

/**
 * Starts listening on `target` (the window). Returns the function that stops it (dropping any held keys).
 * `onEvent` gets each scan or refusal; it must treat the text as untrusted (never as HTML).
 */
export function listenForWedgeScans(
  target: Window,
  onEvent: (event: WedgeEvent) => void,
  options: WedgeOptions = {},
): () => void {
  const detector = new KeyboardWedgeDetector(options);
  const doc = target.document;
  /** Where held keys were going: the focused element when the first of them was pressed. */
  let heldFor: Element | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let lastHandled = Number.NEGATIVE_INFINITY;

  const putBack = (keys: readonly string[]): void => {
    if (keys.length === 0) return;
    const focused = doc.activeElement;
    const into = focused && focused !== doc.body ? focused : heldFor;
    // The field they were typed in is gone (the screen changed): there is nowhere sensible to put them.
    if (into && !into.isConnected) return;
    const at = into ?? doc.body;
    for (const key of keys) {
      // The element's own key handlers see the key first (a keypad field turns '*' into X, a list takes a
      // digit); only what none of them took is typed, as the browser would have.
      const event = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, composed: true });
      replayed.add(event);
      if (!at.dispatchEvent(event)) continue;
      if (isTextField(at)) {
        if (doc.activeElement !== at) (at as HTMLElement).focus();
        doc.execCommand('insertText', false, key);
      } else if (key === ' ' && at instanceof HTMLElement && at.matches(ACTIVATES_ON_SPACE)) at.click();
    }
  };

  const deliver = (outputs: readonly WedgeOutput[], current: string | null): boolean => {
    let swallowCurrent = false;
    let givenBack = false;
    for (const out of outputs) {
      switch (out.kind) {
        case 'typing': {
          // The key being pressed comes last when the detector lets it through: it acts natively.
          givenBack = current !== null && out.keys.at(-1) === current;
          putBack(givenBack ? out.keys.slice(0, -1) : out.keys);
          break;
        }
        case 'scan':
          swallowCurrent = true;
          onEvent({ type: 'scan', scan: { source: 'keyboard-wedge', symbology: out.symbology, text: out.text } });
          break;
        case 'refused':
          swallowCurrent = true;
          onEvent({ type: 'scan-error', error: { code: out.code, message: out.message, detail: `keyboard-wedge burst of ${out.length} characters` } });
          break;
      }
    }
    return swallowCurrent && !givenBack;
  };

  // Held keys go back as typing once no key has come for REAL_QUIET_MS of real time. Whether keys belong
  // to one burst is judged by their timestamps (feed() does that as each key comes); this timer only ends a
  // burst that had no suffix, and waits on the real clock because a busy page gets its key events late and
  // in clumps, stamped long before they are handled.
  const schedule = (): void => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    if (detector.releaseAt === null) return;
    const due = Math.max(target.performance.now(), lastHandled + REAL_QUIET_MS);
    timer = setTimeout(() => {
      timer = null;
      const now = target.performance.now();
      // A timer that runs late means the page was busy: keys may have been waiting behind that work, and
      // the quiet it measured is the page's, not the scanner's. Give them a moment to arrive first.
      if (now - due > LATE_TIMER_MS) {
        lastHandled = now - REAL_QUIET_MS + STALL_GRACE_MS;
        return schedule();
      }
      if (now - lastHandled < REAL_QUIET_MS) return schedule();
      deliver(detector.tick(Number.POSITIVE_INFINITY), null);
    }, due - target.performance.now());
  };

  const onKeyDown = (event: KeyboardEvent): void => {
    if (replayed.has(event) || !event.isTrusted) return;
    if (event.isComposing || event.ctrlKey || event.altKey || event.metaKey) {
      // A shortcut or an IME: whatever was held goes in first, then the key acts as usual.
      deliver(detector.tick(Number.POSITIVE_INFINITY), null);
      schedule();
      return;
    }
    if (detector.releaseAt === null) heldFor = doc.activeElement;
    lastHandled = target.performance.now();
    const outputs = detector.feed(event.key, event.timeStamp, { repeat: event.repeat, code: event.code });
    const held = detector.releaseAt !== null && [...event.key].length === 1 && !event.repeat;
    const swallow = deliver(outputs, held ? null : event.key);
    if (held || swallow) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
    schedule();
  };
  const onKeyUp = (event: KeyboardEvent): void => {
    if (!replayed.has(event)) detector.keyUp(event.code);
  };
  // A touch or click ends any burst (a scanner cannot click): keys typed before it go in before it acts,
  // into the field they were typed in, as they would have without the detector.
  const onPointerDown = (): void => {
    if (detector.releaseAt === null) return;
    deliver(detector.tick(Number.POSITIVE_INFINITY), null);
    schedule();
  };

  // Capture phase on the window: before React's root listener and every other handler.
  target.addEventListener('keydown', onKeyDown, { capture: true });
  target.addEventListener('keyup', onKeyUp, { capture: true });
  target.addEventListener('pointerdown', onPointerDown, { capture: true });
  return () => {
    target.removeEventListener('pointerdown', onPointerDown, { capture: true });
    target.removeEventListener('keydown', onKeyDown, { capture: true });
    target.removeEventListener('keyup', onKeyUp, { capture: true });
    if (timer !== null) clearTimeout(timer);
    detector.reset();
  };
}
