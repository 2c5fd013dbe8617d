import { describe, expect, it } from 'vitest';
import { createPlatformHttp, PlatformRequestError } from './platform-http.js';

const signed: { method: string; url: string; bodySha256: string }[] = [];
const opts = (impl: typeof fetch) => ({
  platformUrl: 'http://platform.test/',
  sign: async (req: { method: string; url: string; bodySha256: string }) => {
    signed.push(req);
    return { 'x-yichuang-terminal': 'T-1', 'x-yichuang-signature': 'f'.repeat(64) };
  },
  fetch: impl,
});

describe('platform http', () => {
  it('signs each request (the exact URL and body hash) and sends the signer\'s headers, and parses JSON', async () => {
    let seen: { url: string; headers: Record<string, string> } | undefined;
    const http = createPlatformHttp(
      opts(async (input, init) => {
        seen = { url: String(input), headers: init?.headers as Record<string, string> };
        return new Response('{"documents":[],"checkpoint":{"seq":0}}', { status: 200 });
      }),
    );
    expect(await http.get('/v1/sync/catalog/pull', { checkpoint: 5, limit: 10 })).toEqual({ documents: [], checkpoint: { seq: 0 } });
    expect(seen?.url).toBe('http://platform.test/v1/sync/catalog/pull?checkpoint=5&limit=10');
    expect(seen?.headers).toMatchObject({ 'x-yichuang-terminal': 'T-1', 'x-yichuang-signature': 'f'.repeat(64) });
    expect(signed.at(-1)).toEqual({
      method: 'GET',
      url: 'http://platform.test/v1/sync/catalog/pull?checkpoint=5&limit=10',
      bodySha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    });
    await http.post('/v1/sync/applications/push', []).catch(() => undefined);
    // sha256('[]')
    expect(signed.at(-1)?.bodySha256).toBe('4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945');
  });

  it('a signer that fails (terminal not enrolled yet) is a request failure, not a crash', async () => {
    const http = createPlatformHttp({
      ...opts(async () => new Response('{}')),
      sign: async () => {
        throw new Error('not enrolled');
      },
    });
    const e = await http.get('/x', {}).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(PlatformRequestError);
    expect((e as Error).message).toMatch(/not signed: not enrolled/);
  });

  it('turns refusals and network failures into PlatformRequestError with a reason', async () => {
    const refused = createPlatformHttp(opts(async () => new Response('{"error":"bad_signature","message":"signature does not match the request"}', { status: 401 })));
    await expect(refused.post('/x', [])).rejects.toThrow(/401 bad_signature/);
    const down = createPlatformHttp(
      opts(async () => {
        throw new TypeError('fetch failed');
      }),
    );
    const e = await down.get('/x', {}).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(PlatformRequestError);
    expect((e as PlatformRequestError).status).toBe(0);
  });
});
