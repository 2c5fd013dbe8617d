// 办件查询 online on PGlite and PostgreSQL: by case code exactly that application; by ID number that
// person's applications from every terminal, newest first, and never anyone else's; no personal data
// in the answer; only signed terminals.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PROGRESS_QUERY_PATHS, progressQueryResponseSchema, type ApplicationDoc } from '../../protocol/index.js';
import { testBackends } from '../testing/backends.js';
import { makeApplication, residentId } from '../testing/fixtures.js';
import { openHarness, TERMINAL_A, TERMINAL_B, type Harness } from '../testing/platform-harness.js';

const PUSH = '/v1/sync/applications/push';
const MINE = residentId('11010519491231002');
const THEIRS = residentId('44030519900721246');

describe.each(testBackends())('progress query on $name', (backend) => {
  describe.skipIf(!backend.available)('', () => {
    let h: Harness;
    let mineA: ApplicationDoc;
    let mineB: ApplicationDoc;
    let theirs: ApplicationDoc;
    beforeEach(async () => {
      h = await openHarness(backend);
      mineA = makeApplication(TERMINAL_A, { applicant: { name: '测试甲', idNumber: MINE, cardType: 'resident' }, submittedAt: '2026-11-20T02:00:00.000Z' });
      mineB = makeApplication(TERMINAL_B, { applicant: { name: '测试甲', idNumber: MINE, cardType: 'resident' }, submittedAt: '2026-11-21T02:00:00.000Z' });
      theirs = makeApplication(TERMINAL_A, { applicant: { name: '测试乙', idNumber: THEIRS, cardType: 'resident' } });
      for (const [terminal, doc] of [[TERMINAL_A, mineA], [TERMINAL_B, mineB], [TERMINAL_A, theirs]] as const) {
        expect((await h.asTerminal(terminal, 'POST', PUSH, [{ newDocumentState: doc }])).statusCode).toBe(200);
      }
    });
    afterEach(async () => {
      await h.close();
    });

    const query = async (body: unknown) => h.asTerminal(TERMINAL_A, 'POST', PROGRESS_QUERY_PATHS.query, body);

    it("by ID number: the person's applications from every terminal, newest first, with the platform's status — never someone else's", async () => {
      expect((await h.asAdmin('POST', `/v1/admin/applications/${mineA.id}/status`, { status: 'in_progress', note: '材料审核中' })).statusCode).toBe(200);
      const res = await query({ idNumber: MINE.toLowerCase() });
      expect(res.statusCode).toBe(200);
      expect(res.headers['cache-control']).toBe('no-store');
      const body = progressQueryResponseSchema.parse(res.json());
      expect(body.applications.map((a) => a.applicationNumber)).toEqual([mineB.applicationNumber, mineA.applicationNumber]);
      expect(body.applications[1]).toMatchObject({ status: 'in_progress', statusNote: '材料审核中' });
      expect(res.body).not.toContain(theirs.applicationNumber);
      // No personal data in the answer.
      for (const secret of [MINE, '测试甲', '13800000000']) expect(res.body).not.toContain(secret);
    });

    it('by case code: exactly that application, whoever pushed it; an unknown number finds nothing', async () => {
      const res = await query({ applicationNumber: mineB.applicationNumber });
      const body = progressQueryResponseSchema.parse(res.json());
      expect(body.applications.map((a) => a.id)).toEqual([mineB.id]);
      expect((await query({ applicationNumber: 'YC-T-NONE-20261122-9999' })).json()).toMatchObject({ applications: [] });
    });

    it('refuses bad input and unsigned requests plainly', async () => {
      expect((await query({ idNumber: `${MINE.slice(0, 17)}${MINE.endsWith('0') ? '1' : '0'}` })).statusCode).toBe(400);
      expect((await query({ applicationNumber: "x' OR '1'='1" })).statusCode).toBe(400);
      expect((await query({ idNumber: MINE, applicationNumber: mineA.applicationNumber })).statusCode).toBe(400);
      expect((await query({})).statusCode).toBe(400);
      const unsigned = await h.app.inject({ method: 'POST', url: PROGRESS_QUERY_PATHS.query, payload: { idNumber: MINE } });
      expect(unsigned.statusCode).toBe(401);
    });
  });
});
