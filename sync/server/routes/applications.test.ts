import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApplicationDoc, PullResponse } from '../../protocol/index.js';
import { testBackends } from '../testing/backends.js';
import { makeApplication } from '../testing/fixtures.js';
import { openHarness, TERMINAL_A, TERMINAL_B, type Harness } from '../testing/platform-harness.js';

const PUSH = '/v1/sync/applications/push';

describe.each(testBackends())('applications on $name', (backend) => {
  describe.skipIf(!backend.available)('', () => {
    let h: Harness;
    beforeEach(async () => {
      h = await openHarness(backend);
    });
    afterEach(async () => {
      await h.close();
    });

    const push = async (terminalId: string, rows: { assumedMasterState?: ApplicationDoc | null; newDocumentState: unknown }[]) =>
      h.asTerminal(terminalId, 'POST', PUSH, rows);
    const pull = async (terminalId: string, checkpoint = 0) => {
      const res = await h.asTerminal(terminalId, 'GET', `/v1/sync/applications/pull?checkpoint=${checkpoint}`);
      expect(res.statusCode).toBe(200);
      return res.json() as PullResponse<ApplicationDoc>;
    };
    const listAll = async () => {
      const res = await h.asAdmin('GET', '/v1/admin/applications');
      expect(res.statusCode).toBe(200);
      return (res.json() as { applications: { application: ApplicationDoc; seq: number }[] }).applications;
    };

    it('stores a pushed application once, as received, and it flows back by pull', async () => {
      const doc = makeApplication(TERMINAL_A);
      const first = await push(TERMINAL_A, [{ assumedMasterState: null, newDocumentState: doc }]);
      expect(first.statusCode).toBe(200);
      expect(first.json()).toEqual([]);

      const pulled = await pull(TERMINAL_A);
      expect(pulled.documents).toHaveLength(1);
      expect(pulled.documents[0]).toMatchObject({ ...doc, status: 'received', statusUpdatedAt: expect.any(String) });
      expect(pulled.documents[0]!.statusUpdatedAt).not.toBe('');
    });

    it('keeps the commitment text a version-3 application carries and shows it to staff; version 1 and 2 still accepted', async () => {
      const commitment = {
        deferredMaterials: [{ key: 'proof', name: { zh: '居住证明', en: 'Proof of residence' } }],
        parts: [{ serviceId: 'svc-residence-permit', service: null, clauses: [{ zh: '本人承诺所填信息真实。', en: 'I promise the facts given are true.' }] }],
      };
      const v3 = makeApplication(TERMINAL_A, { schemaVersion: 3, formData: { phone: '13800000000', '_material.proof': 'deferred', _commitment: 'keypad-confirmed', _commitmentConfirmedAt: '2026-11-22T01:59:00.000Z' }, commitment });
      const v2 = makeApplication(TERMINAL_A, { schemaVersion: 2, formData: { phone: '13800000000', _commitment: 'signed' } });
      const v1 = makeApplication(TERMINAL_A);
      const res = await push(TERMINAL_A, [v3, v2, v1].map((doc) => ({ assumedMasterState: null, newDocumentState: doc })));
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual([]);
      const listed = await listAll();
      expect(listed.find((a) => a.application.id === v3.id)?.application.commitment).toEqual(commitment);
      expect(listed.find((a) => a.application.id === v2.id)?.application.commitment).toBeUndefined();
      expect(listed).toHaveLength(3);
      expect((await pull(TERMINAL_A)).documents.find((d) => d.id === v3.id)?.commitment).toEqual(commitment);

      // A version-3 commitment without its text is refused, naming the field; nothing is stored.
      const bare = makeApplication(TERMINAL_A, { schemaVersion: 3, formData: { _commitment: 'signed' } });
      const refused = await push(TERMINAL_A, [{ assumedMasterState: null, newDocumentState: bare }]);
      expect(refused.statusCode).toBe(400);
      expect(refused.body).toContain('commitment');
      expect(await listAll()).toHaveLength(3);
    });

    it('push twice → stored once; a re-push after a lost ack is not a conflict and the state flows back again', async () => {
      const doc = makeApplication(TERMINAL_A);
      await push(TERMINAL_A, [{ newDocumentState: doc }]);
      const afterFirst = await pull(TERMINAL_A);

      // The terminal never saw the ack, so it pushes the same document with the same (absent) assumption.
      const again = await push(TERMINAL_A, [{ assumedMasterState: null, newDocumentState: doc }]);
      expect(again.statusCode).toBe(200);
      expect(again.json()).toEqual([]);
      expect(await listAll()).toHaveLength(1);

      // It may already have pulled past the first version, so the platform's state is re-sent after the checkpoint.
      const later = await pull(TERMINAL_A, afterFirst.checkpoint.seq);
      expect(later.documents.map((d) => [d.id, d.status])).toEqual([[doc.id, 'received']]);

      // Once the terminal holds the platform's state, pushing it again changes nothing.
      const master = later.documents[0]!;
      const same = await push(TERMINAL_A, [{ assumedMasterState: master, newDocumentState: master }]);
      expect(same.json()).toEqual([]);
      expect(await pull(TERMINAL_A, later.checkpoint.seq)).toEqual({ documents: [], checkpoint: later.checkpoint });
    });

    it('two copies of the same document in one batch are stored once', async () => {
      const doc = makeApplication(TERMINAL_A);
      const res = await push(TERMINAL_A, [{ newDocumentState: doc }, { newDocumentState: doc }]);
      expect(res.json()).toEqual([]);
      expect(await listAll()).toHaveLength(1);
    });

    it('concurrent pushes of the same new document store it once, without errors', async () => {
      const doc = makeApplication(TERMINAL_A);
      const results = await Promise.all(Array.from({ length: 6 }, () => push(TERMINAL_A, [{ newDocumentState: doc }])));
      expect(results.map((r) => r.statusCode)).toEqual([200, 200, 200, 200, 200, 200]);
      expect(results.map((r) => r.json())).toEqual(results.map(() => []));
      expect(await listAll()).toHaveLength(1);
    });

    it('returns the master state for a row whose assumption is stale and whose content differs', async () => {
      const doc = makeApplication(TERMINAL_A);
      await push(TERMINAL_A, [{ newDocumentState: doc }]);
      const changed = { ...doc, formData: { ...doc.formData, phone: '13900000000' } };
      const res = await push(TERMINAL_A, [{ assumedMasterState: null, newDocumentState: changed }]);
      expect(res.statusCode).toBe(200);
      const conflicts = res.json() as ApplicationDoc[];
      expect(conflicts).toHaveLength(1);
      expect(conflicts[0]).toMatchObject({ id: doc.id, status: 'received', formData: doc.formData });
      expect((await listAll())[0]!.application.formData).toEqual(doc.formData);
    });

    it('takes new content when the assumption matches, keeping the platform status', async () => {
      const doc = makeApplication(TERMINAL_A);
      await push(TERMINAL_A, [{ newDocumentState: doc }]);
      const master = (await pull(TERMINAL_A)).documents[0]!;
      const changed = { ...master, formData: { ...master.formData, phone: '13900000000' }, status: 'queued' as const };
      const res = await push(TERMINAL_A, [{ assumedMasterState: master, newDocumentState: changed }]);
      expect(res.json()).toEqual([]);
      const stored = (await listAll())[0]!.application;
      expect(stored.formData.phone).toBe('13900000000');
      expect(stored.status).toBe('received');
    });

    it('refuses a bad document with 400 naming the field, and stores nothing of the batch', async () => {
      const good = makeApplication(TERMINAL_A);
      const bad = makeApplication(TERMINAL_A, { applicant: { name: '测试', idNumber: '110105194912310020', cardType: 'resident' } });
      const res = await push(TERMINAL_A, [{ newDocumentState: good }, { newDocumentState: bad }]);
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ error: 'invalid_document', field: 'applicant.idNumber' });
      expect(JSON.stringify(res.json())).not.toContain('110105194912310020');
      expect(await listAll()).toEqual([]);

      const noId = await push(TERMINAL_A, [{ newDocumentState: { ...good, id: 'not-a-uuid' } }]);
      expect(noId.json()).toMatchObject({ field: 'id' });
      const notArray = await h.asTerminal(TERMINAL_A, 'POST', PUSH, { newDocumentState: good });
      expect(notArray.statusCode).toBe(400);
    });

    it("refuses documents of another terminal (403, field terminalId) and pulls only the caller's", async () => {
      const mine = makeApplication(TERMINAL_A);
      const theirs = makeApplication(TERMINAL_B);
      const wrong = await push(TERMINAL_A, [{ newDocumentState: mine }, { newDocumentState: theirs }]);
      expect(wrong.statusCode).toBe(403);
      expect(wrong.json()).toMatchObject({ error: 'terminal_mismatch', field: 'terminalId' });
      expect(await listAll()).toEqual([]);

      await push(TERMINAL_A, [{ newDocumentState: mine }]);
      await push(TERMINAL_B, [{ newDocumentState: theirs }]);
      expect((await pull(TERMINAL_A)).documents.map((d) => d.id)).toEqual([mine.id]);
      expect((await pull(TERMINAL_B)).documents.map((d) => d.id)).toEqual([theirs.id]);
    });

    it('a terminal can neither delete an application nor set its status', async () => {
      const doc = makeApplication(TERMINAL_A);
      await push(TERMINAL_A, [{ newDocumentState: doc }]);
      const master = (await pull(TERMINAL_A)).documents[0]!;
      await push(TERMINAL_A, [{ assumedMasterState: master, newDocumentState: { ...master, _deleted: true, status: 'completed' } }]);
      const stored = (await listAll())[0]!.application;
      expect(stored).toMatchObject({ _deleted: false, status: 'received' });
    });

    it('an operator status change bumps the sequence and flows back on pull', async () => {
      const doc = makeApplication(TERMINAL_A);
      await push(TERMINAL_A, [{ newDocumentState: doc }]);
      const before = await pull(TERMINAL_A);

      const res = await h.asAdmin('POST', `/v1/admin/applications/${doc.id}/status`, { status: 'correction_needed', note: '请补充材料' });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ id: doc.id, status: 'correction_needed', statusNote: '请补充材料' });

      const after = await pull(TERMINAL_A, before.checkpoint.seq);
      expect(after.documents).toHaveLength(1);
      expect(after.documents[0]).toMatchObject({ id: doc.id, status: 'correction_needed', statusNote: '请补充材料', applicant: doc.applicant });
      expect(after.checkpoint.seq).toBeGreaterThan(before.checkpoint.seq);

      // A stale push from the terminal with the same content does not undo the operator's status.
      await push(TERMINAL_A, [{ assumedMasterState: before.documents[0]!, newDocumentState: doc }]);
      expect((await listAll())[0]!.application.status).toBe('correction_needed');
    });

    it('status changes: 404 unknown id, 400 bad status, 409 after a final status, 401 without token', async () => {
      const doc = makeApplication(TERMINAL_A);
      await push(TERMINAL_A, [{ newDocumentState: doc }]);
      const url = `/v1/admin/applications/${doc.id}/status`;
      expect((await h.asAdmin('POST', '/v1/admin/applications/00000000-0000-4000-8000-000000000000/status', { status: 'accepted' })).statusCode).toBe(404);
      const bad = await h.asAdmin('POST', url, { status: 'received' });
      expect(bad.statusCode).toBe(400);
      expect(bad.json()).toMatchObject({ field: 'status' });
      expect((await h.asAdmin('POST', url, { status: 'completed', note: '已办结' })).statusCode).toBe(200);
      const final = await h.asAdmin('POST', url, { status: 'in_progress' });
      expect(final.statusCode).toBe(409);
      expect(final.json()).toMatchObject({ error: 'final_status' });
      expect((await h.app.inject({ method: 'POST', url, payload: { status: 'accepted' } })).statusCode).toBe(401);
    });

    it('lists applications for operators, filtered by terminal and status', async () => {
      const a = makeApplication(TERMINAL_A);
      const b = makeApplication(TERMINAL_B);
      await push(TERMINAL_A, [{ newDocumentState: a }]);
      await push(TERMINAL_B, [{ newDocumentState: b }]);
      await h.asAdmin('POST', `/v1/admin/applications/${b.id}/status`, { status: 'accepted' });
      const byTerminal = await h.asAdmin('GET', `/v1/admin/applications?terminalId=${TERMINAL_A}`);
      expect((byTerminal.json() as { applications: { application: ApplicationDoc }[] }).applications.map((x) => x.application.id)).toEqual([a.id]);
      const byStatus = await h.asAdmin('GET', '/v1/admin/applications?status=accepted');
      const listed = (byStatus.json() as { applications: { application: ApplicationDoc; seq: number; receivedAt: string }[] }).applications;
      expect(listed.map((x) => x.application.id)).toEqual([b.id]);
      expect(listed[0]!.receivedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
      expect((await h.app.inject({ method: 'GET', url: '/v1/admin/applications' })).statusCode).toBe(401);
    });
  });
});
