// Follows one collection's live stream (server-sent events over a signed fetch: EventSource cannot
// send the signature headers). Every (re)connection and every 'change' event is reported, so the
// caller can tell RxDB to re-pull (pull.stream$ 'RESYNC'): after a gap nothing is assumed.
import { backoffDelay, type RetryPolicy, Waker } from './backoff.js';
import type { PlatformHttp } from './platform-http.js';

/** The platform writes a keepalive every 15 s; silence for longer than this means a dead link. */
const SILENCE_LIMIT_MS = 40_000;

export interface LiveStreamOptions {
  http: PlatformHttp;
  path: string;
  retry: RetryPolicy;
  /** Connected (after a 'ready' event): pull now, something may have been missed. */
  onConnected(): void;
  /** The platform has news. */
  onChange(): void;
  onDisconnected(reason: string): void;
}

export interface LiveStream {
  readonly connected: boolean;
  /** Reconnect at once if waiting (network back, staff pressed sync). */
  kick(): void;
  stop(): void;
}

export function followLiveStream(opts: LiveStreamOptions): LiveStream {
  let stopped = false;
  let connected = false;
  let current: AbortController | null = null;
  const waker = new Waker();

  async function once(): Promise<void> {
    const abort = new AbortController();
    current = abort;
    let silence: ReturnType<typeof setTimeout> | undefined;
    const resetSilence = (): void => {
      clearTimeout(silence);
      silence = setTimeout(() => abort.abort(new Error('live stream silent')), SILENCE_LIMIT_MS);
    };
    try {
      resetSilence();
      const res = await opts.http.openStream(opts.path, abort.signal);
      if (!res.body) throw new Error('live stream has no body');
      const reader = res.body.getReader();
      const decoder = new TextDecoder();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        resetSilence();
        buffer += decoder.decode(value, { stream: true }).replace(/\r\n?/g, '\n');
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: ?(.*)$/m.exec(block)?.[1];
          if (event === 'ready') {
            connected = true;
            opts.onConnected();
          } else if (event === 'change') {
            opts.onChange();
          }
        }
      }
      throw new Error('live stream ended');
    } finally {
      clearTimeout(silence);
      current = null;
      abort.abort();
    }
  }

  void (async () => {
    for (let attempt = 0; !stopped; ) {
      try {
        await once();
      } catch (e) {
        const wasConnected = connected;
        connected = false;
        if (stopped) return;
        opts.onDisconnected((e as Error).message);
        // A stream that had connected starts over with a short wait; failures to connect back off.
        attempt = wasConnected ? 0 : attempt + 1;
        await waker.wait(backoffDelay(attempt, opts.retry));
      }
    }
  })();

  return {
    get connected() {
      return connected;
    },
    kick: () => waker.wakeAll(),
    stop() {
      stopped = true;
      current?.abort();
      waker.wakeAll();
    },
  };
}
