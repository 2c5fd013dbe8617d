// Rule 4 on the real data layer: the application is in IndexedDB before the screen says "submitted"
// and before the host is asked to print.
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import type { RxStorage } from 'rxdb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { afterEach, describe, expect, it } from 'vitest';
import type { TerminalApi } from '../../../main/api/terminal-api.js';
import { openTerminalDatabase, type TerminalDatabase } from '../data/database.js';
import { takenOverLimitWaiting$, type TakenOverLimit } from '../data/over-limit.js';
import { prefillValues } from '../form/engine.js';
import { sampleCard, sampleService } from '../test-support/fixtures.js';
import type { SessionEvent, SessionState } from './machine.js';
import { runSubmission } from './submit-flow.js';
import { applicationSchema } from '../../../sync/protocol/application.js';
import { catalogItemSchema, type CatalogItem } from '../../../sync/protocol/catalog.js';
import { STANDARD_COMMITMENT } from '../commitment/commitment-text.js';

const dbs: TerminalDatabase[] = [];
afterEach(async () => {
  await Promise.all(dbs.splice(0).map((d) => d.close()));
});

type Put = TerminalApi['putAttachment'];
const storeAll: Put = async (req) => ({ ok: true, value: { sha256: (req.mediaType === 'image/png' ? 'a' : 'b').repeat(64), size: 100, mediaType: req.mediaType } });

async function setup(print: TerminalApi['printReceipt'], put: Put = storeAll) {
  const data = await openTerminalDatabase({
    terminalId: 'T0001',
    password: 'local-data-key-for-tests',
    baseStorage: getRxStorageDexie({ indexedDB: new IDBFactory(), IDBKeyRange }) as RxStorage<unknown, unknown>,
    name: 'yichuang-flow',
  });
  dbs.push(data);
  const log: string[] = [];
  const stored = async () => (await data.applications.count().exec()) === 1;
  const events: SessionEvent[] = [];
  const deps = {
    data,
    info: { terminalId: 'T0001', displayName: { zh: '一号机', en: 'Terminal 1' } },
    online: false,
    locale: 'zh-CN' as const,
    catalog: [] as CatalogItem[],
    replication: { kick: () => log.push('kick') },
    api: {
      printReceipt: async (receipt: Parameters<TerminalApi['printReceipt']>[0]) => {
        log.push(`print stored=${await stored()}`);
        return print(receipt);
      },
      putAttachment: async (req: Parameters<Put>[0]) => {
        log.push(`put ${req.mediaType} stored=${await stored()}`);
        return put(req);
      },
      recordApplicationEvent: async (event: Parameters<TerminalApi['recordApplicationEvent']>[0]) => {
        log.push(`audit ${event.event} stored=${await stored()}`);
        return null;
      },
    },
    dispatch: (event: SessionEvent) => {
      events.push(event);
      log.push(event.type);
    },
  };
  return { data, deps, events, log, stored };
}

const review = (values = { ...prefillValues(sampleService.form, sampleCard), phone: '13812345678' }): Extract<SessionState, { kind: 'review' }> => ({
  kind: 'review',
  service: sampleService,
  card: sampleCard,
  values,
});

const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
const JPEG = 'data:image/jpeg;base64,/9j/4AAQSkZJRgABAQ==';

/** A service with a page captured and a material deferred (so signed): both kinds of attachment. */
function withImages(): Extract<SessionState, { kind: 'review' }> {
  const base = review();
  const service = {
    ...sampleService,
    materials: [
      { key: 'photo', name: { zh: '照片', en: 'Photo' }, required: true, deferrable: false },
      { key: 'proof', name: { zh: '证明', en: 'Proof' }, required: true, deferrable: true },
    ],
  };
  return {
    ...base,
    service,
    values: { ...base.values, '_material.photo': 'captured', '_page.photo': JPEG, '_material.proof': 'deferred', _signature: PNG },
  };
}

describe('submit flow', () => {
  it('inserts, then says submitted and kicks replication, then prints', async () => {
    const { deps, events, log, data } = await setup(async (r) => ({ ok: true, value: { applicationId: r.applicationId, jobId: 'j1', reprint: false } }));
    // Capture what IndexedDB holds at the moment the screen is told "submitted".
    let storedWhenToldSubmitted: Promise<number> | null = null;
    const dispatch = deps.dispatch;
    deps.dispatch = (e) => {
      if (e.type === 'submit-succeeded') storedWhenToldSubmitted = data.applications.count().exec();
      dispatch(e);
    };
    await runSubmission(review(), deps);
    expect(log).toEqual(['submit', 'kick', 'submit-succeeded', 'print stored=true', 'print-succeeded']);
    expect(await storedWhenToldSubmitted).toBe(1);
    const succeeded = events.find((e) => e.type === 'submit-succeeded');
    if (succeeded?.type !== 'submit-succeeded') throw new Error('no submit-succeeded');
    expect(succeeded.application.takenOffline).toBe(true);
    expect(succeeded.application.qrPayload).toBe(`yichuang://case/${succeeded.application.applicationNumber}`);
    const doc = (await data.applications.find().exec())[0]!.toJSON();
    expect(doc).toMatchObject({ status: 'queued', formData: { phone: '13812345678' }, applicant: { name: sampleCard.name } });
  });

  it('an offline limit reached while the person filled it in: still taken and printed, staff told (mark and audit)', async () => {
    const { deps, events, log, data } = await setup(async (r) => ({ ok: true, value: { applicationId: r.applicationId, jobId: 'j1', reprint: false } }));
    const marks: (readonly TakenOverLimit[])[] = [];
    const sub = takenOverLimitWaiting$(data).subscribe((m) => marks.push(m));
    await runSubmission(review(), { ...deps, overLimit: { kind: 'count', waiting: 3, max: 3 } });
    expect(log).toEqual(['submit', 'kick', 'submit-succeeded', 'audit over_offline_limit stored=true', 'print stored=true', 'print-succeeded']);
    const doc = (await data.applications.find().exec())[0]!.toJSON();
    expect(doc).toMatchObject({ status: 'queued', applicant: { name: sampleCard.name } });
    expect(events.find((e) => e.type === 'submit-succeeded')).toBeDefined();
    await new Promise((r) => setTimeout(r, 50));
    expect(marks.at(-1)).toEqual([{ id: doc.id, applicationNumber: doc.applicationNumber, at: doc.submittedAt, limit: 'count' }]);
    // Once it has gone to the platform, staff are no longer asked about it.
    await data.applications.findOne(doc.id).exec().then((d) => d!.incrementalPatch({ status: 'received' }));
    await new Promise((r) => setTimeout(r, 50));
    expect(marks.at(-1)).toEqual([]);
    sub.unsubscribe();
  });

  it('reports a print failure as a value and keeps the application', async () => {
    const error = { code: 'paper_out' as const, message: { zh: '打印机缺纸', en: 'The printer is out of paper' } };
    const { deps, events, stored } = await setup(async () => ({ ok: false, error }));
    await runSubmission(review(), deps);
    expect(events.at(-1)).toMatchObject({ type: 'print-failed', error });
    expect(await stored()).toBe(true);
  });

  it('treats a host that drops during printing as a print failure', async () => {
    const { deps, events } = await setup(async () => {
      throw new Error('terminal host disconnected during printReceipt');
    });
    await runSubmission(review(), deps);
    expect(events.at(-1)).toMatchObject({ type: 'print-failed', error: null });
  });

  it('stores the signature PNG and the captured page in the host first; the application references them', async () => {
    const { deps, log, data } = await setup(async (r) => ({ ok: true, value: { applicationId: r.applicationId, jobId: 'j1', reprint: false } }));
    await runSubmission(withImages(), deps);
    expect(log.slice(0, 3)).toEqual(['submit', 'put image/png stored=false', 'put image/jpeg stored=false']);
    const doc = (await data.applications.find().exec())[0]!.toJSON();
    expect(doc.attachments).toEqual([
      { sha256: 'a'.repeat(64), size: 100, mediaType: 'image/png', kind: 'signature' },
      { sha256: 'b'.repeat(64), size: 100, mediaType: 'image/jpeg', kind: 'material-page', materialId: 'photo' },
    ]);
    // The images are not form data.
    expect(Object.keys(doc.formData).filter((k) => k.startsWith('_'))).toEqual(['_material.photo', '_material.proof', '_commitment']);
  });

  it('the application carries the commitment text as signed: the deferred material, the standard clauses, zh and en', async () => {
    const { deps, data } = await setup(async (r) => ({ ok: true, value: { applicationId: r.applicationId, jobId: 'j1', reprint: false } }));
    await runSubmission(withImages(), deps);
    const doc = (await data.applications.find().exec())[0]!.toJSON();
    expect(doc.schemaVersion).toBe(3);
    expect(doc.commitment).toEqual({
      deferredMaterials: [{ key: 'proof', name: { zh: '证明', en: 'Proof' } }],
      parts: [{ serviceId: sampleService.id, service: null, clauses: STANDARD_COMMITMENT }],
    });
    expect(applicationSchema.safeParse(doc).success).toBe(true);
  });

  it("a bundle's commitment carries its own part and each included service's clauses under its name, as the review page showed them", async () => {
    const { deps, data } = await setup(async (r) => ({ ok: true, value: { applicationId: r.applicationId, jobId: 'j1', reprint: false } }));
    const base = withImages();
    const medical = catalogItemSchema.parse({
      id: 'svc-medical',
      name: { zh: '医保参保登记', en: 'Medical insurance enrolment' },
      department: { zh: '医保局', en: 'Healthcare Security Administration' },
      updatedAt: '2026-01-01T00:00:00Z',
      commitment: [{ zh: '本人未在其他地区参保。', en: 'I am not insured elsewhere.' }],
    });
    const own = [{ zh: '一件事所填信息真实。', en: 'The bundle facts are true.' }];
    const bundle = { ...base.service, id: 'bundle-newborn', kind: 'bundle' as const, includes: ['svc-medical'], commitment: own };
    await runSubmission({ ...base, service: bundle }, { ...deps, catalog: [medical] });
    const doc = (await data.applications.find().exec())[0]!.toJSON();
    expect(doc.commitment?.parts).toEqual([
      { serviceId: 'bundle-newborn', service: null, clauses: own },
      { serviceId: 'svc-medical', service: medical.name, clauses: medical.commitment },
    ]);
  });

  it('no commitment text without a commitment: nothing deferred, nothing signed', async () => {
    const { deps, data } = await setup(async (r) => ({ ok: true, value: { applicationId: r.applicationId, jobId: 'j1', reprint: false } }));
    await runSubmission(review(), deps);
    const doc = (await data.applications.find().exec())[0]!.toJSON();
    expect(doc.commitment).toBeUndefined();
    expect(doc.formData._commitment).toBeUndefined();
  });

  it('an image the host refuses: nothing submitted, nothing printed, the reason shown', async () => {
    const tooLarge = { code: 'too_large' as const, message: { zh: '图片太大', en: 'The image is too large' } };
    const { deps, log, stored, events } = await setup(
      async () => {
        throw new Error('must not print');
      },
      async () => ({ ok: false, error: tooLarge }),
    );
    await runSubmission(withImages(), deps);
    expect(log).toEqual(['submit', 'put image/png stored=false', 'submit-failed']);
    expect(events.at(-1)).toMatchObject({ type: 'submit-failed', reason: 'attachment not stored: too_large', problem: tooLarge });
    expect(await stored()).toBe(false);
  });

  it('never prints nor says submitted when the insert is refused', async () => {
    const { deps, log, stored } = await setup(async () => {
      throw new Error('must not print');
    });
    const bad = { ...review(), card: { ...sampleCard, idNumber: '123' } };
    await runSubmission(bad, deps);
    expect(log).toEqual(['submit', 'submit-failed']);
    expect(await stored()).toBe(false);
  });
});
