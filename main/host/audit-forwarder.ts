// Forwards the host's audit log (audit-log.ts: dataDir/audit/YYYY-MM-DD.jsonl, append-only) to the platform
// in batches. A durable cursor (day and byte offset, in dataDir/audit-forwarded.json beside the log folder,
// which stays the log's alone; written whole then renamed) says
// how far the platform has acknowledged; it moves only after a 200, so a crash or a lost answer resends a
// batch, which the platform stores once: an event's id is its place in the log ("YYYY-MM-DD:offset"). The log
// itself is never changed or deleted here. The events carry no personal data by construction (audit-log.ts).
import { closeSync, existsSync, fstatSync, openSync, readdirSync, readFileSync, readSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { AUDIT_PATHS, MAX_AUDIT_BATCH, MAX_AUDIT_EVENT_BYTES, sha256Hex, type AuditEventRecord } from '../../sync/protocol/index.js';
import type { Result, UserFacingError } from '../../sync/protocol/result.js';
import type { HostSignRequest } from './platform-identity.js';

export const AUDIT_CURSOR_FILE = 'audit-forwarded.json';
const DAY_FILE = /^(\d{4}-\d{2}-\d{2})\.jsonl$/;
/** Read at most this much of a day file per batch (a day of audit is far smaller). */
const READ_LIMIT_BYTES = 2 * 1024 * 1024;

const cursorSchema = z.strictObject({ day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), offset: z.number().int().min(0) });
export type AuditCursor = z.infer<typeof cursorSchema>;

export interface AuditForwarderOptions {
  /** The audit log's directory (AuditLog.dir). */
  readonly dir: string;
  readonly platformUrl: string;
  readonly sign: (req: HostSignRequest) => Promise<Result<Record<string, string>, UserFacingError>>;
  readonly fetch?: typeof fetch;
  /** Between rounds (default 60 s); a round sends batches until the log is caught up or a send fails. */
  readonly intervalMs?: number;
  readonly batchSize?: number;
  readonly log?: (message: string) => void;
}

export type ForwardOutcome =
  | { readonly ok: true; readonly sent: number }
  /** Nothing lost: the cursor stays and the next round tries again. */
  | { readonly ok: false; readonly sent: number; readonly reason: string };

export interface AuditForwarder {
  /** One round now (after any round in progress). */
  forwardNow(): Promise<ForwardOutcome>;
  /** The acknowledged position (null: nothing acknowledged yet). */
  cursor(): AuditCursor | null;
  start(): void;
  stop(): void;
}

interface Batch {
  events: AuditEventRecord[];
  /** Where the cursor goes once the platform acknowledges this batch. */
  next: AuditCursor;
}

export function createAuditForwarder(opts: AuditForwarderOptions): AuditForwarder {
  const cursorFile = join(dirname(opts.dir), AUDIT_CURSOR_FILE);
  const doFetch = opts.fetch ?? globalThis.fetch.bind(globalThis);
  const batchSize = Math.min(opts.batchSize ?? MAX_AUDIT_BATCH, MAX_AUDIT_BATCH);
  const log = opts.log ?? ((m: string) => console.log(`[audit] ${m}`));
  const url = `${opts.platformUrl.replace(/\/+$/, '')}${AUDIT_PATHS.push}`;
  let timer: NodeJS.Timeout | undefined;
  let first: NodeJS.Timeout | undefined;
  let chain: Promise<ForwardOutcome> = Promise.resolve({ ok: true, sent: 0 });
  let stopped = false;

  function readCursor(): AuditCursor | null {
    if (!existsSync(cursorFile)) return null;
    try {
      return cursorSchema.parse(JSON.parse(readFileSync(cursorFile, 'utf8')));
    } catch (e) {
      // Starting over is safe: the platform ignores events it already has.
      log(`${AUDIT_CURSOR_FILE} unreadable (${(e as Error).message}): forwarding from the start of the log`);
      return null;
    }
  }

  function saveCursor(c: AuditCursor): void {
    const tmp = `${cursorFile}.tmp`;
    writeFileSync(tmp, JSON.stringify(c), { mode: 0o600 });
    renameSync(tmp, cursorFile);
  }

  /** Complete lines of one day file from `offset`, each with its own offset. */
  function linesFrom(day: string, offset: number): { text: string; start: number; end: number }[] {
    const fd = openSync(join(opts.dir, `${day}.jsonl`), 'r');
    try {
      const size = fstatSync(fd).size;
      const length = Math.min(size - offset, READ_LIMIT_BYTES);
      if (length <= 0) return [];
      const buf = Buffer.alloc(length);
      readSync(fd, buf, 0, length, offset);
      const lines: { text: string; start: number; end: number }[] = [];
      let start = 0;
      for (let nl = buf.indexOf(0x0a); nl >= 0; nl = buf.indexOf(0x0a, start)) {
        // A line still being written has no newline yet: it waits for the next round.
        lines.push({ text: buf.subarray(start, nl).toString('utf8'), start: offset + start, end: offset + nl + 1 });
        start = nl + 1;
      }
      return lines;
    } finally {
      closeSync(fd);
    }
  }

  function toEvent(day: string, line: { text: string; start: number }): AuditEventRecord | null {
    try {
      const { at, type, ...data } = JSON.parse(line.text) as Record<string, unknown>;
      if (typeof at !== 'string' || typeof type !== 'string' || line.text.length > MAX_AUDIT_EVENT_BYTES - 200) return null;
      return { id: `${day}:${line.start}`, at, type, data };
    } catch {
      return null;
    }
  }

  function nextBatch(from: AuditCursor | null): Batch | null {
    const days = readdirSync(opts.dir)
      .map((f) => DAY_FILE.exec(f)?.[1])
      .filter((d): d is string => d !== undefined && (from === null || d >= from.day))
      .sort();
    const events: AuditEventRecord[] = [];
    let next: AuditCursor | null = from;
    for (const day of days) {
      const lines = linesFrom(day, from !== null && day === from.day ? from.offset : 0);
      for (const line of lines) {
        if (events.length >= batchSize) return { events, next: next! };
        const event = toEvent(day, line);
        // A damaged line (a crash mid-write) is skipped, never sent, and never blocks the log behind it.
        if (event) events.push(event);
        else log(`skipping an unreadable line in ${day}.jsonl at byte ${line.start}`);
        next = { day, offset: line.end };
      }
    }
    return next === null || (from !== null && next.day === from.day && next.offset === from.offset) ? null : { events, next };
  }

  async function send(events: AuditEventRecord[]): Promise<string | null> {
    const body = JSON.stringify({ events });
    const signed = await opts.sign({ method: 'POST', url, bodySha256: await sha256Hex(body) });
    if (!signed.ok) return `not signed: ${signed.error.code}`;
    try {
      const res = await doFetch(url, {
        method: 'POST',
        headers: { ...signed.value, 'content-type': 'application/json' },
        body,
        signal: AbortSignal.timeout(20_000),
      });
      if (res.ok) return null;
      return `platform answered ${res.status} ${(await res.text().catch(() => '')).slice(0, 300)}`;
    } catch (e) {
      return `platform unreachable: ${(e as Error).message}`;
    }
  }

  async function round(): Promise<ForwardOutcome> {
    let sent = 0;
    for (;;) {
      if (stopped) return { ok: true, sent };
      const batch = nextBatch(readCursor());
      if (batch === null) return { ok: true, sent };
      if (batch.events.length > 0) {
        const failure = await send(batch.events);
        if (failure !== null) return { ok: false, sent, reason: failure };
        sent += batch.events.length;
      }
      saveCursor(batch.next);
    }
  }

  const forwardNow = (): Promise<ForwardOutcome> => {
    chain = chain.catch(() => ({ ok: true, sent: 0 }) as const).then(round);
    return chain;
  };

  return {
    forwardNow,
    cursor: readCursor,
    start() {
      stopped = false;
      const every = opts.intervalMs ?? 60_000;
      let lastReason: string | null = null;
      const tick = (): void => {
        void forwardNow().then((o) => {
          // Said once per kind of failure, not every round: an offline terminal is normal.
          if (!o.ok && o.reason !== lastReason) log(`forwarding paused: ${o.reason}`);
          lastReason = o.ok ? null : o.reason;
        });
      };
      timer = setInterval(tick, every);
      first = setTimeout(tick, Math.min(5000, every));
    },
    stop() {
      stopped = true;
      clearInterval(timer);
      clearTimeout(first);
    },
  };
}
