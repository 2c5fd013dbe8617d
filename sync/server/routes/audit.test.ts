// Audit events from terminals: signed push, idempotent on (terminal, event id), all-or-nothing, admin listing.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AUDIT_PATHS, type AuditEventRecord, type AuditListEntry } from '../../protocol/index.js';
import { testBackends } from '../testing/backends.js';
import { openHarness, TERMINAL_A, TERMINAL_B, type Harness } from '../testing/platform-harness.js';

const event = (offset: number, type = 'device.status', data: Record<string, unknown> = { deviceId: 'printer', status: 'ready' }): AuditEventRecord => ({
  id: `2026-11-22:${offset}`,
  at: '2026-11-22T03:00:00.000Z',
  type,
  data,
});

describe.each(testBackends())('audit events on $name', (backend) => {
  describe.skipIf(!backend.available)('', () => {
    let h: Harness;
    beforeEach(async () => {
      h = await openHarness(backend);
    });
    afterEach(async () => {
      await h.close();
    });

    const list = async (query = ''): Promise<{ events: AuditListEntry[]; last: number }> => {
      const res = await h.asAdmin('GET', `${AUDIT_PATHS.adminList}${query}`);
      expect(res.statusCode).toBe(200);
      return res.json() as { events: AuditListEntry[]; last: number };
    };

    it('stores a batch once: a resent batch (lost acknowledgement) only counts duplicates', async () => {
      const events = [event(0), event(120, 'card.present', { deviceId: 'reader', cardType: 'resident', idNumberValid: true, expired: false })];
      const first = await h.asTerminal(TERMINAL_A, 'POST', AUDIT_PATHS.push, { events });
      expect(first.statusCode).toBe(200);
      expect(first.json()).toEqual({ stored: 2, duplicates: 0 });
      const again = await h.asTerminal(TERMINAL_A, 'POST', AUDIT_PATHS.push, { events: [...events, event(240)] });
      expect(again.json()).toEqual({ stored: 1, duplicates: 2 });
      // The same id from another terminal is another event.
      expect((await h.asTerminal(TERMINAL_B, 'POST', AUDIT_PATHS.push, { events: [event(0)] })).json()).toEqual({ stored: 1, duplicates: 0 });

      const all = await list();
      expect(all.events.map((e) => [e.terminalId, e.event.id])).toEqual([
        [TERMINAL_A, '2026-11-22:0'],
        [TERMINAL_A, '2026-11-22:120'],
        [TERMINAL_A, '2026-11-22:240'],
        [TERMINAL_B, '2026-11-22:0'],
      ]);
      expect(all.events[1]!.event).toEqual(events[1]);
    });

    it('lists by terminal and type, and pages with after=last', async () => {
      await h.asTerminal(TERMINAL_A, 'POST', AUDIT_PATHS.push, { events: [event(0), event(1, 'print', { outcome: 'printed' }), event(2)] });
      await h.asTerminal(TERMINAL_B, 'POST', AUDIT_PATHS.push, { events: [event(0, 'print', { outcome: 'failed' })] });
      expect((await list(`?terminalId=${TERMINAL_A}&type=print`)).events.map((e) => e.event.data)).toEqual([{ outcome: 'printed' }]);
      const page1 = await list('?limit=2');
      expect(page1.events).toHaveLength(2);
      const page2 = await list(`?limit=2&after=${page1.last}`);
      expect(page2.events.map((e) => e.terminalId)).toEqual([TERMINAL_A, TERMINAL_B]);
      expect((await list(`?after=${page2.last}`)).events).toEqual([]);
    });

    it('refuses a malformed batch whole, naming the field; nothing of it is stored', async () => {
      const bad = await h.asTerminal(TERMINAL_A, 'POST', AUDIT_PATHS.push, { events: [event(0), { ...event(1), id: 'yesterday' }] });
      expect(bad.statusCode).toBe(400);
      expect(bad.json()).toMatchObject({ error: 'invalid_request', field: 'events.1.id' });
      const big = await h.asTerminal(TERMINAL_A, 'POST', AUDIT_PATHS.push, { events: [event(0, 'scan', { text: 'x'.repeat(5000) })] });
      expect(big.statusCode).toBe(400);
      expect((await list()).events).toEqual([]);
    });

    it('needs a signed terminal to push and the operator token to list', async () => {
      const unsigned = await h.app.inject({ method: 'POST', url: AUDIT_PATHS.push, payload: { events: [event(0)] } });
      expect(unsigned.statusCode).toBe(401);
      expect((await h.asTerminal('T-NOBODY', 'POST', AUDIT_PATHS.push, { events: [event(0)] })).statusCode).toBe(401);
      expect((await h.app.inject({ method: 'GET', url: AUDIT_PATHS.adminList })).statusCode).toBe(401);
    });
  });
});
