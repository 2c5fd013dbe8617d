// 扫码亮证 trust chain in Debian Chromium: the one verifier (sync/protocol/qr-identity.ts, Web Crypto
// Ed25519) bundled for the browser verifies a QR issued by the real platform against the key set the
// platform publishes, with the platform stopped by then; a changed signature and hostile text are refused.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { IDENTITY_QR_PATHS, residentIdCheckChar } from '../sync/protocol/index.js';
import { startStack, type Stack } from './support/stack.js';

let stack: Stack;
test.beforeAll(async () => {
  stack = await startStack();
});
test.afterAll(async () => {
  await stack?.close();
});

async function verifierBundle(): Promise<string> {
  const out = await build({
    entryPoints: [fileURLToPath(new URL('../sync/protocol/qr-identity.ts', import.meta.url))],
    bundle: true,
    format: 'iife',
    globalName: 'QrIdentity',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  return out.outputFiles[0]!.text;
}

test('a platform-issued identity QR verifies offline in Chromium; tampered and hostile text does not', async ({ page }) => {
  const id = '11010519491231004' + residentIdCheckChar('11010519491231004');
  const { text } = await stack.adminPost<{ text: string }>(IDENTITY_QR_PATHS.issue, { name: '测试丁', idNumber: id, ttlSeconds: 300 });
  const keySet = (await (await fetch(new URL(IDENTITY_QR_PATHS.keys, stack.platformUrl))).json()) as unknown;
  await stack.stopPlatform();

  // A loopback origin, as the renderer has: Web Crypto exists only in a secure context (not about:blank).
  const origin = 'http://127.0.0.1:9/identity-qr';
  await page.route(origin, (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><meta charset="utf-8"><title>identity QR</title>' }));
  await page.goto(origin);
  await page.addScriptTag({ content: await verifierBundle() });
  const [prefix, claims, sig] = text.split('.') as [string, string, string];
  const texts = {
    valid: text,
    flipped: `${prefix}.${claims}.${sig[0] === 'A' ? 'B' : 'A'}${sig.slice(1)}`,
    hostile: `${prefix}.eyJfX3Byb3RvX18iOnsiYWRtaW4iOnRydWV9fQ.${sig}`,
    html: '<img src=x onerror=alert(1)>',
  };
  const results = await page.evaluate(
    async ({ texts, keySet }) => {
      type Verify = (t: string, o: { keys: unknown; now: Date }) => Promise<{ ok: boolean; value?: unknown; error?: { code: string } }>;
      const g = globalThis as unknown as { QrIdentity: { verifyIdentityQr: Verify }; Object: { prototype: Record<string, unknown> } };
      const keys = (keySet as { keys: unknown }).keys;
      const out: Record<string, unknown> = {};
      for (const [k, t] of Object.entries(texts)) {
        const r = await g.QrIdentity.verifyIdentityQr(t, { keys, now: new Date() });
        out[k] = r.ok ? r.value : r.error?.code;
      }
      out.polluted = g.Object.prototype['admin'] ?? null;
      out.secure = (globalThis as unknown as { isSecureContext: boolean }).isSecureContext;
      return out;
    },
    { texts, keySet },
  );
  expect(results).toEqual({
    valid: expect.objectContaining({ name: '测试丁', idNumber: id, cardType: 'resident' }),
    flipped: 'bad_signature',
    hostile: 'malformed',
    html: 'malformed',
    polluted: null,
    secure: true,
  });
});
