// Rule 4 on the real data layer: the application is in IndexedDB before the screen says "submitted"
// and before the host is asked to print.
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import type { RxStorage } from 'rxdb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { afterEach, describe, expect, it } from 'vitest';
import type { TerminalApi } from '../../../main/api/terminal-api.js';
import { openTerminalDatabase, type TerminalDatabase } from '../data/database.js';
import { prefillValues } from '../form/engine.js';
import { sampleCard, sampleService } from '../test-support/fixtures.js';
import type { SessionEvent, SessionState } from './machine.js';
import { runSubmission } from './submit-flow.js';

const dbs: TerminalDatabase[] = [];
afterEach(async () => {
  await Promise.all(dbs.splice(0).map((d) => d.close()));
});

async function setup(print: TerminalApi['printReceipt']) {
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
    replication: { kick: () => log.push('kick') },
    api: {
      printReceipt: async (receipt: Parameters<TerminalApi['printReceipt']>[0]) => {
        log.push(`print stored=${await stored()}`);
        return print(receipt);
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
