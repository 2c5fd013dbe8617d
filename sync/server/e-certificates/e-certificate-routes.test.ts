// 一证通办 route on PGlite and PostgreSQL: only a signed terminal gets answers; a synthetic person's
// certificates come back in the protocol's shape; an unknown person gets none; a bad number is refused
// without echoing it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { E_CERTIFICATE_PATHS, eCertificateLookupResponseSchema } from '../../protocol/index.js';
import { testBackends } from '../testing/backends.js';
import { residentId } from '../testing/fixtures.js';
import { openHarness, TERMINAL_A, type Harness } from '../testing/platform-harness.js';
import { SYNTHETIC_AYIGULI, SYNTHETIC_ZHANG } from './synthetic-library.js';

describe.each(testBackends())('e-certificates on $name', (backend) => {
  describe.skipIf(!backend.available)('', () => {
    let h: Harness;
    beforeEach(async () => {
      h = await openHarness(backend);
    });
    afterEach(async () => {
      await h.close();
    });

    it("returns a synthetic person's certificates (household register, marriage, business licence), never cached", async () => {
      const res = await h.asTerminal(TERMINAL_A, 'POST', E_CERTIFICATE_PATHS.lookup, { idNumber: SYNTHETIC_ZHANG });
      expect(res.statusCode).toBe(200);
      expect(res.headers['cache-control']).toBe('no-store');
      const body = eCertificateLookupResponseSchema.parse(res.json());
      expect(body.certificates.map((c) => c.kind).sort()).toEqual(['business_licence', 'hukou', 'marriage']);
      expect(body.certificates.find((c) => c.kind === 'business_licence')?.fields.uscc).toBe('91110101MA01RX7K3F');
      // Another person gets their own, and only theirs.
      const other = eCertificateLookupResponseSchema.parse((await h.asTerminal(TERMINAL_A, 'POST', E_CERTIFICATE_PATHS.lookup, { idNumber: SYNTHETIC_AYIGULI })).json());
      expect(other.certificates.every((c) => c.holderName === '阿依古丽·测试')).toBe(true);
      expect(other.certificates.map((c) => c.kind)).not.toContain('marriage');
    });

    it('an unknown person has no certificates', async () => {
      const res = await h.asTerminal(TERMINAL_A, 'POST', E_CERTIFICATE_PATHS.lookup, { idNumber: residentId('32010219850612301') });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ certificates: [] });
    });

    it('refuses an unsigned or unknown terminal, and a number that fails GB 11643 without echoing it', async () => {
      const unsigned = await h.app.inject({ method: 'POST', url: E_CERTIFICATE_PATHS.lookup, payload: { idNumber: SYNTHETIC_ZHANG } });
      expect(unsigned.statusCode).toBe(401);
      const stranger = await h.asTerminal('T-NOT-ENROLLED', 'POST', E_CERTIFICATE_PATHS.lookup, { idNumber: SYNTHETIC_ZHANG });
      expect(stranger.statusCode).toBe(401);
      const bad = `${SYNTHETIC_ZHANG.slice(0, 17)}0`;
      const res = await h.asTerminal(TERMINAL_A, 'POST', E_CERTIFICATE_PATHS.lookup, { idNumber: bad });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ field: 'idNumber' });
      expect(res.body).not.toContain(bad);
      const extra = await h.asTerminal(TERMINAL_A, 'POST', E_CERTIFICATE_PATHS.lookup, { idNumber: SYNTHETIC_ZHANG, name: 'x' });
      expect(extra.statusCode).toBe(400);
    });
  });
});
