// Submitting an application: a durable local insert. It resolves only after RxDB's write to IndexedDB
// has committed, so the caller may then tell the person "submitted" and print (ARCHITECTURE rule 4).
// Replication pushes it to the platform later, idempotent on the client-generated id.
import { APPLICATION_SCHEMA_VERSION, applicationSchema, type Applicant, type SignedCommitment } from '../../../sync/protocol/application.js';
import type { AttachmentRef } from '../../../sync/protocol/attachment.js';
import { err, ok, type Result } from '../../../sync/protocol/result.js';
import type { ApplicationRecord, TerminalDatabase } from './database.js';

export const APPLICATION_SEQ_DOC = 'application-seq';

export interface SubmitInput {
  readonly terminalId: string;
  readonly serviceId: string;
  readonly applicant: Applicant;
  readonly formData: Readonly<Record<string, string>>;
  /** The signature PNG and captured pages, already stored by the host (TerminalApi.putAttachment). */
  readonly attachments?: readonly AttachmentRef[];
  /** The 告知承诺 text signed or confirmed by key (commitment/commitment-text.ts signedCommitment); with formData._commitment. */
  readonly commitment?: SignedCommitment;
  /** Whether the platform was unreachable when the person submitted. */
  readonly offline: boolean;
  readonly now?: Date;
  readonly newId?: () => string;
}

export interface SubmitReceipt {
  readonly applicationId: string;
  readonly applicationNumber: string;
  readonly submittedAt: string;
  readonly takenOffline: boolean;
}

export type SubmitFailure =
  | { readonly code: 'invalid'; readonly detail: string }
  | { readonly code: 'storage'; readonly detail: string };

/** YYYYMMDD in the terminal's local time (the day the citizen sees on the receipt). */
export function localDay(date: Date): string {
  const y = date.getFullYear();
  const m = String(date.getMonth() + 1).padStart(2, '0');
  const d = String(date.getDate()).padStart(2, '0');
  return `${y}${m}${d}`;
}

export function formatApplicationNumber(terminalId: string, day: string, seq: number): string {
  return `YC-${terminalId}-${day}-${String(seq).padStart(4, '0')}`;
}

/** A v4 UUID; falls back to getRandomValues where randomUUID is unavailable (non-secure contexts). */
export function newClientId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

interface SeqState {
  day: string;
  seq: number;
}

/** The highest sequence of the day among stored applications (e.g. pulled back after a local wipe). */
async function highestStoredSeq(tdb: TerminalDatabase, prefix: string): Promise<number> {
  const docs = await tdb.applications.find().exec();
  let highest = 0;
  for (const doc of docs) {
    const number = doc.applicationNumber;
    if (!number.startsWith(prefix)) continue;
    const seq = Number(number.slice(prefix.length));
    if (Number.isInteger(seq) && seq > highest) highest = seq;
  }
  return highest;
}

/**
 * Takes the next number of the day. The counter is written before the application, so a failed insert
 * leaves a gap, never a duplicate; submits are serialised per database (see submitApplication). Numbers
 * already stored for the day count too, so a counter lost with a wiped profile does not restart at 0001
 * once replication has pulled this terminal's applications back.
 */
async function takeNextSeq(tdb: TerminalDatabase, terminalId: string, day: string): Promise<number> {
  const current = await tdb.db.getLocal<SeqState>(APPLICATION_SEQ_DOC);
  const counted = current && (current.get('day') as string) === day ? (current.get('seq') as number) : 0;
  const stored = await highestStoredSeq(tdb, formatApplicationNumber(terminalId, day, 0).slice(0, -4));
  const seq = Math.max(counted, stored) + 1;
  await tdb.db.upsertLocal<SeqState>(APPLICATION_SEQ_DOC, { day, seq });
  return seq;
}

const queues = new WeakMap<TerminalDatabase, Promise<unknown>>();

function serialised<T>(tdb: TerminalDatabase, task: () => Promise<T>): Promise<T> {
  const previous = queues.get(tdb) ?? Promise.resolve();
  const next = previous.then(task, task);
  queues.set(
    tdb,
    next.catch(() => undefined),
  );
  return next;
}

export function submitApplication(tdb: TerminalDatabase, input: SubmitInput): Promise<Result<SubmitReceipt, SubmitFailure>> {
  return serialised(tdb, async () => {
    const now = input.now ?? new Date();
    let seq: number;
    try {
      seq = await takeNextSeq(tdb, input.terminalId, localDay(now));
    } catch (error) {
      return err({ code: 'storage', detail: describe(error) } as const);
    }
    const candidate = {
      id: (input.newId ?? newClientId)(),
      applicationNumber: formatApplicationNumber(input.terminalId, localDay(now), seq),
      terminalId: input.terminalId,
      serviceId: input.serviceId,
      applicant: { ...input.applicant },
      formData: { ...input.formData },
      submittedAt: now.toISOString(),
      takenOffline: input.offline,
      status: 'queued' as const,
      statusNote: '',
      statusUpdatedAt: '',
      schemaVersion: APPLICATION_SCHEMA_VERSION,
      attachments: (input.attachments ?? []).map((a) => ({ ...a })),
      ...(input.commitment ? { commitment: structuredClone(input.commitment) } : {}),
    };
    const parsed = applicationSchema.safeParse(candidate);
    if (!parsed.success) {
      // Field paths only: the values are personal data and never go into logs.
      const detail = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      return err({ code: 'invalid', detail } as const);
    }
    const { _deleted: _ignored, ...record } = parsed.data;
    try {
      await tdb.applications.insert(record satisfies ApplicationRecord);
    } catch (error) {
      return err({ code: 'storage', detail: describe(error) } as const);
    }
    return ok({
      applicationId: record.id,
      applicationNumber: record.applicationNumber,
      submittedAt: record.submittedAt,
      takenOffline: record.takenOffline,
    });
  });
}

function describe(error: unknown): string {
  if (error && typeof error === 'object' && 'code' in error) return `${String((error as { code: unknown }).code)}`;
  return error instanceof Error ? error.name : 'unknown';
}
