// Purge on the shipped local stack (RxDB + Dexie on fake-indexeddb, encrypted). The platform side (the
// platform's copy unchanged, status changes still arriving) is proven against a real platform in
// sync/chaos/purge-after-ack.test.ts.
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import type { RxStorage } from 'rxdb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { sampleCard, sampleService, SAMPLE_ID } from '../test-support/fixtures.js';
import { openTerminalDatabase, type TerminalDatabase } from './database.js';
import type { AttachmentRef } from '../../../sync/protocol/attachment.js';
import { ATTACHMENTS_TO_RELEASE_DOC, purgeAcknowledged, startPurgeSchedule } from './purge.js';
import { submitApplication } from './submit.js';

const open: TerminalDatabase[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((db) => db.close()));
});

async function openDb(): Promise<{ db: TerminalDatabase; indexedDB: IDBFactory }> {
  const indexedDB = new IDBFactory();
  const storage = getRxStorageDexie({ indexedDB, IDBKeyRange }) as RxStorage<unknown, unknown>;
  const db = await openTerminalDatabase({
    terminalId: 'T0001',
    password: 'local-data-key-for-tests',
    baseStorage: storage,
    name: 'purge-test',
  });
  open.push(db);
  return { db, indexedDB };
}

async function submit(db: TerminalDatabase, attachments: AttachmentRef[] = []): Promise<string> {
  const r = await submitApplication(db, {
    attachments,
    terminalId: 'T0001',
    serviceId: sampleService.id,
    applicant: { name: sampleCard.name, idNumber: sampleCard.idNumber, cardType: 'resident' },
    formData: { phone: '13812345678', address: sampleCard.address },
    offline: true,
  });
  if (!r.ok) throw new Error('submit failed');
  return r.value.applicationId;
}

/** What replication does when the platform's acknowledgement is pulled back. */
async function acknowledge(db: TerminalDatabase, id: string): Promise<void> {
  await db.applications
    .findOne(id)
    .exec()
    .then((d) => d!.incrementalPatch({ status: 'received', statusUpdatedAt: '2026-11-22T02:00:00.000Z' }));
}

const at = (ms: number) => () => new Date(Date.parse('2026-11-22T03:00:00.000Z') + ms);
const HOUR = 3_600_000;

const ref = (c: string, kind: AttachmentRef['kind'] = 'signature'): AttachmentRef =>
  kind === 'signature' ? { sha256: c.repeat(64), size: 10, mediaType: 'image/png', kind } : { sha256: c.repeat(64), size: 10, mediaType: 'image/jpeg', kind, materialId: 'm' };

describe('attachments leave with the personal data', () => {
  it('are released only after acknowledgement and retention, and never while another kept application uses them', async () => {
    const { db } = await openDb();
    const shared = ref('c', 'material-page');
    const acked = await submit(db, [ref('a'), shared]);
    await submit(db, [ref('b'), shared]); // still queued: its attachments stay
    await acknowledge(db, acked);
    const released: string[][] = [];
    const releaseAttachments = async (sha256s: string[]) => void released.push(sha256s);

    await purgeAcknowledged(db, { retentionMs: 24 * HOUR, now: at(0), releaseAttachments });
    expect(released).toEqual([]); // acknowledged, but within the retention
    expect(await purgeAcknowledged(db, { retentionMs: 24 * HOUR, now: at(25 * HOUR), releaseAttachments })).toBe(1);
    expect(released).toEqual([['a'.repeat(64)]]);
    // The purged copy still lists its attachments (the platform's record is the same).
    expect((await db.applications.findOne(acked).exec())!.toJSON().attachments).toHaveLength(2);
  });

  it('reports to the host every attachment a kept application references, queued ones included, purged ones not', async () => {
    const { db } = await openDb();
    const acked = await submit(db, [ref('a'), ref('c')]);
    await submit(db, [ref('b'), ref('c')]); // queued, however old: always reported
    await acknowledge(db, acked);
    const reports: string[][] = [];
    const report = async (referenced: string[]) => void reports.push([...referenced].sort());
    await purgeAcknowledged(db, { retentionMs: HOUR, now: at(0), reportAttachmentReferences: report });
    expect(reports.at(-1)).toEqual([ref('a').sha256, ref('b').sha256, ref('c').sha256].sort());
    // After the acknowledged one is purged its own image is no longer referenced; the shared one still is.
    await purgeAcknowledged(db, { retentionMs: HOUR, now: at(2 * HOUR), reportAttachmentReferences: report });
    expect(reports.at(-1)).toEqual([ref('b').sha256, ref('c').sha256].sort());
    // A host that is away does not break the pass.
    await expect(purgeAcknowledged(db, { retentionMs: HOUR, now: at(3 * HOUR), reportAttachmentReferences: async () => Promise.reject(new Error('host away')) })).resolves.toBe(0);
  });

  it('a release the host did not confirm is tried again on the next pass', async () => {
    const { db } = await openDb();
    const id = await submit(db, [ref('d')]);
    await acknowledge(db, id);
    await purgeAcknowledged(db, { retentionMs: 1000, now: at(0) }); // seen acknowledged
    await purgeAcknowledged(db, {
      retentionMs: 1000,
      now: at(1000),
      releaseAttachments: async () => {
        throw new Error('host away');
      },
    });
    expect((await db.db.getLocal<{ sha256s: string[] }>(ATTACHMENTS_TO_RELEASE_DOC))?.get('sha256s')).toEqual(['d'.repeat(64)]);
    const released: string[][] = [];
    await purgeAcknowledged(db, { retentionMs: 1000, now: at(2000), releaseAttachments: async (s) => void released.push(s) });
    expect(released).toEqual([['d'.repeat(64)]]);
    expect((await db.db.getLocal<{ sha256s: string[] }>(ATTACHMENTS_TO_RELEASE_DOC))?.get('sha256s')).toEqual([]);
  });
});

describe('purge after acknowledgement', () => {
  it('keeps an acknowledged application for the retention, then keeps only what a progress query needs', async () => {
    const { db } = await openDb();
    const id = await submit(db);
    await acknowledge(db, id);
    const original = (await db.applications.findOne(id).exec())!.toJSON();

    expect(await purgeAcknowledged(db, { retentionMs: 24 * HOUR, now: at(0) })).toBe(0);
    expect(await purgeAcknowledged(db, { retentionMs: 24 * HOUR, now: at(24 * HOUR - 1) })).toBe(0);
    expect((await db.applications.findOne(id).exec())!.toJSON().applicant.name).toBe(sampleCard.name);

    expect(await purgeAcknowledged(db, { retentionMs: 24 * HOUR, now: at(24 * HOUR) })).toBe(1);
    const purged = (await db.applications.findOne(id).exec())!.toJSON();
    expect(purged).toMatchObject({
      id,
      applicationNumber: original.applicationNumber,
      serviceId: sampleService.id,
      status: 'received',
      submittedAt: original.submittedAt,
      formData: {},
    });
    expect(purged.applicant.name).not.toBe(sampleCard.name);
    expect(purged.applicant.name.startsWith(Array.from(sampleCard.name)[0]!)).toBe(true);
    expect(purged.applicant.idNumber).toBe(`${SAMPLE_ID.slice(0, 3)}${'*'.repeat(11)}${SAMPLE_ID.slice(-4)}`);
    // A second pass changes nothing.
    expect(await purgeAcknowledged(db, { retentionMs: 24 * HOUR, now: at(48 * HOUR) })).toBe(0);
  });

  it('never purges a queued (unacknowledged) application, however old', async () => {
    const { db } = await openDb();
    const queued = await submit(db);
    const acked = await submit(db);
    await acknowledge(db, acked);
    expect(await purgeAcknowledged(db, { retentionMs: 0, now: at(365 * 24 * HOUR) })).toBe(1);
    const q = (await db.applications.findOne(queued).exec())!.toJSON();
    expect(q.status).toBe('queued');
    expect(q.applicant.idNumber).toBe(SAMPLE_ID);
    expect(q.formData.phone).toBe('13812345678');
  });

  it('counts retention from acknowledgement, not from submission', async () => {
    const { db } = await openDb();
    const id = await submit(db);
    // Queued for days (offline): passes run but the clock for it has not started.
    await purgeAcknowledged(db, { retentionMs: HOUR, now: at(0) });
    await purgeAcknowledged(db, { retentionMs: HOUR, now: at(72 * HOUR) });
    await acknowledge(db, id);
    expect(await purgeAcknowledged(db, { retentionMs: HOUR, now: at(72 * HOUR + 1) })).toBe(0);
    expect(await purgeAcknowledged(db, { retentionMs: HOUR, now: at(73 * HOUR + 1) })).toBe(1);
  });

  it('the schedule purges on its interval and stops', async () => {
    const { db } = await openDb();
    const id = await submit(db);
    await acknowledge(db, id);
    const schedule = startPurgeSchedule(db, { retentionMs: 0, intervalMs: 20 });
    await expect
      .poll(async () => (await db.applications.findOne(id).exec())!.toJSON().formData, { timeout: 3000 })
      .toEqual({});
    schedule.stop();
    expect(await schedule.runNow()).toBe(0);
  });

  it('the schedule reports attachment references on its first pass, then at most once per interval', async () => {
    const { db } = await openDb();
    await submit(db, [ref('e')]);
    const reports: string[][] = [];
    const schedule = startPurgeSchedule(db, {
      retentionMs: HOUR,
      intervalMs: 10_000,
      referencesIntervalMs: 60_000,
      reportAttachmentReferences: async (referenced) => void reports.push(referenced),
    });
    await expect.poll(() => reports.length, { timeout: 3000 }).toBe(1);
    expect(reports[0]).toEqual([ref('e').sha256]);
    await schedule.runNow();
    await schedule.runNow();
    expect(reports).toHaveLength(1);
    schedule.stop();
  });
});
