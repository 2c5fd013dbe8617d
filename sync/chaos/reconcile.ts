// After the faults stop: is every application a terminal took on the platform exactly once, byte-for-byte
// equal in what the terminal owns (its attachment references included), does the platform hold every referenced
// attachment with exactly the referenced hash, and did every operator status change reach its terminal?
import { APPLICATION_CONTENT_FIELDS, canonicalJson } from '../protocol/application-ownership.js';
import type { ApplicationDoc } from '../protocol/application.js';

export const STATUS_PROGRESSION = ['received', 'accepted', 'in_progress', 'completed'] as const;
export const statusRank = (s: string): number =>
  STATUS_PROGRESSION.indexOf(s as (typeof STATUS_PROGRESSION)[number]);

export interface TerminalView {
  terminalId: string;
  /** Ids the terminal reported durably written. */
  submitted: ReadonlySet<string>;
  /** Its local documents after the run. */
  local: readonly Record<string, unknown>[];
}

export interface ReconcileReport {
  submitted: number;
  onPlatform: number;
  /** Attachment references checked against the bytes the platform serves. */
  attachments: number;
  problems: string[];
}

const content = (doc: unknown): string => {
  const src = doc as Record<string, unknown>;
  return canonicalJson(Object.fromEntries(APPLICATION_CONTENT_FIELDS.map((f) => [f, src[f]])));
};

export function reconcile(
  terminals: readonly TerminalView[],
  platform: readonly ApplicationDoc[],
  /** id -> highest status the operator was told succeeded */
  confirmedStatus: ReadonlyMap<string, string>,
  /** sha256 -> the SHA-256 of the bytes the platform serves for it (null: it has none) */
  attachmentsOnPlatform: ReadonlyMap<string, string | null> = new Map(),
): ReconcileReport {
  const problems: string[] = [];
  let attachments = 0;
  for (const doc of platform) {
    for (const ref of doc.attachments ?? []) {
      attachments++;
      const served = attachmentsOnPlatform.get(ref.sha256);
      if (served === undefined || served === null) problems.push(`attachment ${ref.sha256} of ${doc.id} is not on the platform`);
      else if (served !== ref.sha256) problems.push(`attachment ${ref.sha256} of ${doc.id}: the platform serves bytes hashing to ${served}`);
    }
  }
  const byId = new Map<string, ApplicationDoc[]>();
  const byNumber = new Map<string, number>();
  for (const doc of platform) {
    byId.set(doc.id, [...(byId.get(doc.id) ?? []), doc]);
    byNumber.set(doc.applicationNumber, (byNumber.get(doc.applicationNumber) ?? 0) + 1);
  }
  for (const [id, docs] of byId)
    if (docs.length > 1) problems.push(`duplicate on platform: id ${id} x${docs.length}`);
  for (const [n, count] of byNumber)
    if (count > 1) problems.push(`duplicate application number on platform: ${n} x${count}`);

  let submitted = 0;
  for (const t of terminals) {
    const local = new Map(t.local.map((d) => [d.id as string, d]));
    for (const id of t.submitted) {
      submitted++;
      if (!local.has(id))
        problems.push(
          `${t.terminalId}: lost on the terminal (reported submitted, gone after restart): ${id}`,
        );
      if (!byId.has(id)) problems.push(`${t.terminalId}: never reached the platform: ${id}`);
    }
    for (const doc of t.local) {
      const id = doc.id as string;
      const master = byId.get(id)?.[0];
      if (doc.status === 'queued') problems.push(`${t.terminalId}: still queued after healing: ${id}`);
      if (!master) {
        problems.push(`${t.terminalId}: local application not on the platform: ${id}`);
        continue;
      }
      if (content(doc) !== content(master))
        problems.push(`${t.terminalId}: content differs from the platform's copy: ${id}`);
      if (doc.status !== master.status || (doc.statusNote ?? '') !== master.statusNote) {
        problems.push(
          `${t.terminalId}: status ${String(doc.status)} on the terminal, ${master.status} on the platform: ${id}`,
        );
      }
    }
  }
  for (const [id, status] of confirmedStatus) {
    const master = byId.get(id)?.[0];
    if (!master || statusRank(master.status) < statusRank(status)) {
      problems.push(
        `operator change to ${status} missing on the platform: ${id} (has ${master?.status ?? 'nothing'})`,
      );
    }
  }
  return { submitted, onPlatform: platform.length, attachments, problems };
}
