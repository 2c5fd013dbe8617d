// Deletes orphaned attachment files: images the host stored (dataDir/attachments/<sha>.enc) for an application
// that was never stored (the insert failed, the renderer crashed, the person's session ended after a capture).
// Nothing else deletes them: the purge releases only the attachments of stored applications.
//
// The host cannot see the applications (they live in the renderer's RxDB), so the renderer reports every hash its
// stored, not yet purged applications reference (TerminalApi.reportAttachmentReferences). The report is kept in
// dataDir/attachment-references.json, so a sweep on the next start uses it too. A file is deleted only if
//   - it is not in the report, and
//   - it was last stored (mtime; the store touches it again when the same bytes are stored again) more than the
//     grace period before the report was made.
// So an application stored after the report (its images were stored shortly before it, well within the grace
// period) keeps its files, however old the report is when the sweep runs; and every application not yet
// acknowledged is in the report, so its files are never touched.
import { closeSync, existsSync, fsyncSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { sha256HexSchema } from '../../sync/protocol/request-signing.js';
import { ATTACHMENTS_DIR } from './attachment-store.js';

export const ATTACHMENT_REFERENCES_FILE = 'attachment-references.json';
/** Far longer than any session between storing an image and storing its application. */
export const DEFAULT_ORPHAN_GRACE_MS = 24 * 60 * 60 * 1000;
/** How often the host sweeps (with the newest report). */
export const DEFAULT_SWEEP_INTERVAL_MS = 60 * 60 * 1000;

const reportSchema = z.object({
  reportedAt: z.string().datetime(),
  referenced: z.array(sha256HexSchema),
});
export type AttachmentReferenceReport = z.infer<typeof reportSchema>;

export interface SweepResult {
  readonly deleted: number;
  readonly kept: number;
  /** Why nothing was swept (no report yet, or an unreadable one). */
  readonly skipped?: 'no_report' | 'bad_report';
}

export interface AttachmentSweeper {
  /** Keeps the renderer's report (durably) and sweeps with it. */
  report(referenced: readonly string[], now?: Date): SweepResult;
  /** Sweeps with the last kept report (none yet: nothing is deleted). */
  sweep(): SweepResult;
}

export function createAttachmentSweeper(opts: { dataDir: string; graceMs?: number; log?: (line: string) => void }): AttachmentSweeper {
  const dir = join(opts.dataDir, ATTACHMENTS_DIR);
  const reportFile = join(opts.dataDir, ATTACHMENT_REFERENCES_FILE);
  const graceMs = opts.graceMs ?? DEFAULT_ORPHAN_GRACE_MS;
  const log = opts.log ?? ((line: string) => console.warn(line));

  const readReport = (): AttachmentReferenceReport | 'none' | 'bad' => {
    if (!existsSync(reportFile)) return 'none';
    try {
      const parsed = reportSchema.safeParse(JSON.parse(readFileSync(reportFile, 'utf8')));
      return parsed.success ? parsed.data : 'bad';
    } catch {
      return 'bad';
    }
  };

  const writeReport = (report: AttachmentReferenceReport): void => {
    const tmp = `${reportFile}.${process.pid}.tmp`;
    const fd = openSync(tmp, 'w', 0o600);
    try {
      writeSync(fd, JSON.stringify(report));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, reportFile);
  };

  const sweepWith = (report: AttachmentReferenceReport): SweepResult => {
    const referenced = new Set(report.referenced);
    const cutoff = Date.parse(report.reportedAt) - graceMs;
    let deleted = 0;
    let kept = 0;
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return { deleted: 0, kept: 0 };
    }
    for (const name of names) {
      const m = /^([0-9a-f]{64})\.enc$/.exec(name);
      if (!m) continue; // a temporary file of a write in progress, or something not ours
      const file = join(dir, name);
      if (referenced.has(m[1]!)) {
        kept++;
        continue;
      }
      let mtimeMs: number;
      try {
        mtimeMs = statSync(file).mtimeMs;
      } catch {
        continue; // gone meanwhile (released)
      }
      if (mtimeMs >= cutoff) {
        kept++;
        continue;
      }
      rmSync(file, { force: true });
      deleted++;
    }
    return { deleted, kept };
  };

  return {
    report(referencedList, now = new Date()) {
      const report: AttachmentReferenceReport = { reportedAt: now.toISOString(), referenced: [...new Set(referencedList)].sort() };
      try {
        writeReport(report);
      } catch (e) {
        // Not kept: this sweep still uses it; the next start simply has the older report (or none).
        log(`[attachments] reference report not kept: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      }
      return sweepWith(report);
    },
    sweep() {
      const report = readReport();
      if (report === 'none') return { deleted: 0, kept: 0, skipped: 'no_report' };
      if (report === 'bad') {
        log(`[attachments] ${ATTACHMENT_REFERENCES_FILE} is unreadable: nothing swept until the renderer reports again`);
        return { deleted: 0, kept: 0, skipped: 'bad_report' };
      }
      return sweepWith(report);
    },
  };
}
