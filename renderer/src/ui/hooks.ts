import { useCallback, useEffect, useEffectEvent, useLayoutEffect, useRef, useState, type RefObject } from 'react';
import type { Observable } from 'rxjs';

/** Subscribes to an observable (memoise it); the latest value, or `initial` before the first. */
export function useObservable<T>(source: Observable<T>, initial: T): T {
  const [value, setValue] = useState<T>(initial);
  useEffect(() => {
    const sub = source.subscribe({ next: setValue, error: (e: unknown) => console.error('observable failed', e) });
    return () => sub.unsubscribe();
  }, [source]);
  return value;
}

/** The current time, re-read every `intervalMs` (null: not ticking; the value is then the last read). */
export function useNow(intervalMs: number | null): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    if (intervalMs === null) return;
    setNow(new Date());
    const timer = setInterval(() => setNow(new Date()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/**
 * Window-level key handling for one screen. The handler returns true when it used the key.
 * Keys typed into inputs are left alone unless the handler opts in with `inInputs`.
 */
export function useKeys(handler: (event: KeyboardEvent) => boolean | void, options: { inInputs?: boolean } = {}): void {
  const onKey = useEffectEvent((event: KeyboardEvent) => {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
    const target = event.target as HTMLElement | null;
    const typing = !!target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT' || target.isContentEditable);
    if (typing && !options.inInputs) return;
    // Enter/Space on a focused control is that control's own activation: never a second action.
    const control = !!target && !typing && !!target.closest('button, a[href], [role="button"], [role="radio"], summary');
    if (control && (event.key === 'Enter' || event.key === ' ')) return;
    if (handler(event) === true) event.preventDefault();
  });
  // Layout effect: listening from the moment the screen is committed, so a key pressed right after a
  // screen change is not lost.
  useLayoutEffect(() => {
    const listener = (event: KeyboardEvent) => onKey(event);
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, []);
}

export interface IdleCountdown {
  /** Seconds left while the warning shows; null otherwise. */
  readonly remaining: number | null;
  /** Counts as activity (card events, host events the person caused). */
  poke(): void;
}

/**
 * Idle timeout with a visible countdown: after `timeoutSeconds` without a touch, key or card the session
 * ends; during the last `warnSeconds` the caller shows how long is left.
 */
export function useIdleCountdown(options: {
  active: boolean;
  timeoutSeconds: number;
  warnSeconds: number;
  onTimeout: () => void;
}): IdleCountdown {
  const { active, timeoutSeconds, warnSeconds } = options;
  const lastActivity = useRef(0);
  const [remaining, setRemaining] = useState<number | null>(null);
  const timeout = useEffectEvent(() => options.onTimeout());

  useEffect(() => {
    if (!active) {
      setRemaining(null);
      return;
    }
    lastActivity.current = Date.now();
    const activity = (event: Event) => {
      // The idle dialog's own buttons decide for themselves (else "End now" would count as activity).
      if (event.target instanceof Element && event.target.closest('[data-idle-ignore]')) return;
      lastActivity.current = Date.now();
      setRemaining(null);
    };
    const events = ['pointerdown', 'keydown', 'wheel', 'input'] as const;
    for (const e of events) window.addEventListener(e, activity, { capture: true, passive: true });
    const tick = setInterval(() => {
      const leftMs = timeoutSeconds * 1000 - (Date.now() - lastActivity.current);
      if (leftMs <= 0) {
        setRemaining(null);
        timeout();
      } else if (leftMs <= warnSeconds * 1000) {
        setRemaining(Math.ceil(leftMs / 1000));
      } else {
        setRemaining(null);
      }
    }, 250);
    return () => {
      clearInterval(tick);
      for (const e of events) window.removeEventListener(e, activity, { capture: true });
    };
  }, [active, timeoutSeconds, warnSeconds]);

  const poke = useCallback(() => {
    lastActivity.current = Date.now();
    setRemaining(null);
  }, []);
  return { remaining, poke };
}

/** Counts down from `seconds` while mounted, then calls onDone once. */
export function useCountdown(seconds: number, onDone: () => void): number {
  const [left, setLeft] = useState(seconds);
  const done = useEffectEvent(onDone);
  useEffect(() => {
    const started = Date.now();
    const tick = setInterval(() => {
      const remaining = Math.max(0, seconds - Math.floor((Date.now() - started) / 1000));
      setLeft(remaining);
      if (remaining === 0) {
        clearInterval(tick);
        done();
      }
    }, 250);
    return () => clearInterval(tick);
  }, [seconds]);
  return left;
}

/** Moves focus to the element (a screen's heading) when the screen appears: keyboard and screen-reader users start at the top. */
export function useFocusOnMount<T extends HTMLElement>(): RefObject<T | null> {
  const ref = useRef<T>(null);
  useEffect(() => {
    ref.current?.focus({ preventScroll: false });
  }, []);
  return ref;
}
