import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CatalogItem, PullResponse } from '../../protocol/index.js';
import { testBackends } from '../testing/backends.js';
import { makeCatalogItem } from '../testing/fixtures.js';
import { openHarness, TERMINAL_A, type Harness } from '../testing/platform-harness.js';

describe.each(testBackends())('catalog on $name', (backend) => {
  describe.skipIf(!backend.available)('', () => {
    let h: Harness;
    beforeEach(async () => {
      h = await openHarness(backend);
    });
    afterEach(async () => {
      await h.close();
    });

    const pull = async (checkpoint: number, limit = 100) => {
      const res = await h.asTerminal(TERMINAL_A, 'GET', `/v1/sync/catalog/pull?checkpoint=${checkpoint}&limit=${limit}`);
      expect(res.statusCode).toBe(200);
      return res.json() as PullResponse<CatalogItem>;
    };

    it('publishes items and terminals pull them in sequence order, page by page', async () => {
      const pub = await h.asAdmin('POST', '/v1/admin/catalog', { items: ['a', 'b', 'c'].map((id) => makeCatalogItem(id)) });
      expect(pub.statusCode).toBe(200);
      expect(pub.json()).toMatchObject({ published: 3 });

      const first = await pull(0, 2);
      expect(first.documents.map((d) => d.id)).toEqual(['a', 'b']);
      expect(first.documents[0]).toMatchObject({ kind: 'service', highFrequency: false, _deleted: false }); // defaults applied
      const second = await pull(first.checkpoint.seq, 2);
      expect(second.documents.map((d) => d.id)).toEqual(['c']);
      const empty = await pull(second.checkpoint.seq, 2);
      expect(empty).toEqual({ documents: [], checkpoint: second.checkpoint });

      // Republishing moves the item after the checkpoint, withdrawing too.
      await h.asAdmin('POST', '/v1/admin/catalog', { items: [makeCatalogItem('a', { _deleted: true })] });
      const again = await pull(second.checkpoint.seq);
      expect(again.documents).toHaveLength(1);
      expect(again.documents[0]).toMatchObject({ id: 'a', _deleted: true });
    });

    it('refuses a bad item with the field path and stores nothing', async () => {
      const res = await h.asAdmin('POST', '/v1/admin/catalog', {
        items: [makeCatalogItem('ok'), { ...makeCatalogItem('bad'), name: { zh: '坏' } }],
      });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ field: 'items.1.name.en' });
      expect((await pull(0)).documents).toEqual([]);
    });

    it('requires the operator token to publish', async () => {
      const none = await h.app.inject({ method: 'POST', url: '/v1/admin/catalog', payload: { items: [makeCatalogItem('x')] } });
      expect(none.statusCode).toBe(401);
      expect(none.json()).toMatchObject({ error: 'admin_token_required' });
      const wrong = await h.app.inject({
        method: 'POST',
        url: '/v1/admin/catalog',
        headers: { authorization: 'Bearer wrong-token-123' },
        payload: { items: [makeCatalogItem('x')] },
      });
      expect(wrong.statusCode).toBe(401);
      expect(wrong.json()).toMatchObject({ error: 'bad_admin_token' });
    });

    it('rejects a bad checkpoint or limit naming the parameter', async () => {
      const bad = await h.asTerminal(TERMINAL_A, 'GET', '/v1/sync/catalog/pull?checkpoint=-1');
      expect(bad.statusCode).toBe(400);
      expect(bad.json()).toMatchObject({ error: 'invalid_request', field: 'checkpoint' });
      const big = await h.asTerminal(TERMINAL_A, 'GET', '/v1/sync/catalog/pull?limit=100000');
      expect(big.statusCode).toBe(400);
      expect(big.json()).toMatchObject({ field: 'limit' });
    });
  });
});
