// Purging on the terminal against a real platform: the platform's copy stays byte-for-byte what the citizen
// submitted, later status changes still reach the purged copy without bringing personal data back, and
// queued applications keep flowing. (The local rules - retention, queued never purged - are unit-tested in
// renderer/src/data/purge.test.ts.)
import type { AddressInfo } from 'node:net';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import type { RxStorage } from 'rxdb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { openTerminalDatabase, type TerminalDatabase } from '../../renderer/src/data/database.js';
import { purgeAcknowledged } from '../../renderer/src/data/purge.js';
import { submitApplication } from '../../renderer/src/data/submit.js';
import { canonicalJson } from '../protocol/application-ownership.js';
import type { ApplicationDoc } from '../protocol/application.js';
import type { TerminalReplication } from '../client/index.js';
import { testBackends } from '../server/testing/backends.js';
import { residentId } from '../server/testing/fixtures.js';
import { openHarness, TERMINAL_A, type Harness } from '../server/testing/platform-harness.js';
import { startTerminalClient } from './terminal-client.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function platformCopy(h: Harness, id: string): Promise<ApplicationDoc | undefined> {
  const res = await h.asAdmin('GET', `/v1/admin/applications?terminalId=${TERMINAL_A}&limit=500`);
  const list = (res.json() as { applications: { application: ApplicationDoc }[] }).applications;
  return list.find((a) => a.application.id === id)?.application;
}

async function local(tdb: TerminalDatabase, id: string) {
  return (await tdb.applications.findOne(id).exec())?.toJSON();
}

for (const backend of testBackends()) {
  describe.skipIf(!backend.available)(
    `purge after acknowledgement against the platform (${backend.name})`,
    () => {
      it('leaves the platform copy unchanged and still receives status changes, without personal data', async () => {
        const h = await openHarness(backend);
        cleanups.push(() => h.close());
        await h.app.listen({ port: 0, host: '127.0.0.1' });
        const url = `http://127.0.0.1:${(h.app.server.address() as AddressInfo).port}`;

        const indexedDB = new IDBFactory();
        const tdb = await openTerminalDatabase({
          terminalId: TERMINAL_A,
          password: 'local-data-key-for-tests',
          baseStorage: getRxStorageDexie({ indexedDB, IDBKeyRange }) as RxStorage<unknown, unknown>,
          name: 'purge-platform',
        });
        cleanups.push(() => tdb.close());
        const rep: TerminalReplication = startTerminalClient({
          platformUrl: url,
          credential: { terminalId: TERMINAL_A, secret: h.terminals[TERMINAL_A]!.credential },
          catalog: tdb.catalog,
          applications: tdb.applications,
          retry: { initialMs: 50, maxMs: 200 },
          pollIntervalMs: 100,
        });
        cleanups.push(() => rep.stop());

        const submit = async (): Promise<string> => {
          const r = await submitApplication(tdb, {
            terminalId: TERMINAL_A,
            serviceId: 'svc-residence-permit',
            applicant: { name: '王秀英', idNumber: residentId(), cardType: 'resident' },
            formData: { phone: '13812345678', currentAddress: '测试路1号' },
            offline: false,
          });
          if (!r.ok) throw new Error('submit failed');
          return r.value.applicationId;
        };

        const id = await submit();
        await expect.poll(async () => (await local(tdb, id))?.status, { timeout: 10_000 }).toBe('received');
        const before = await platformCopy(h, id);
        expect(before?.applicant.name).toBe('王秀英');

        expect(await purgeAcknowledged(tdb, { retentionMs: 0 })).toBe(1);
        expect((await local(tdb, id))?.formData).toEqual({});
        // Let replication run several rounds: nothing of the purged copy may reach the platform.
        rep.kick();
        await new Promise((r) => setTimeout(r, 600));
        await rep.awaitInSync();
        expect(canonicalJson(await platformCopy(h, id))).toBe(canonicalJson(before));

        // The operator moves it on: the status arrives, the personal data does not come back.
        const moved = await h.asAdmin('POST', `/v1/admin/applications/${id}/status`, {
          status: 'accepted',
          note: '已受理',
        });
        expect(moved.statusCode).toBe(200);
        await expect.poll(async () => (await local(tdb, id))?.status, { timeout: 10_000 }).toBe('accepted');
        const after = await local(tdb, id);
        expect(after).toMatchObject({ statusNote: '已受理', formData: {} });
        expect(after?.applicant.name).toBe('王**');
        expect(JSON.stringify(after)).not.toContain(before!.applicant.idNumber);

        // Applications taken afterwards are pushed as usual; the platform copy is still untouched.
        const next = await submit();
        await expect
          .poll(async () => (await platformCopy(h, next))?.applicant.name, { timeout: 10_000 })
          .toBe('王秀英');
        const platformNow = await platformCopy(h, id);
        expect(canonicalJson({ ...platformNow, status: 'x', statusNote: '', statusUpdatedAt: '' })).toBe(
          canonicalJson({ ...before, status: 'x', statusNote: '', statusUpdatedAt: '' }),
        );
      }, 40_000);
    },
  );
}
