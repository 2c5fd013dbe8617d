import { describe, expect, it } from 'vitest';
import { createPlatformHttp, PlatformRequestError } from './platform-http.js';

const opts = (impl: typeof fetch) => ({ platformUrl: 'http://platform.test/', terminalId: 'T-1', terminalKey: 'k'.repeat(20), fetch: impl });

describe('platform http', () => {
  it('sends the terminal headers and query, and parses JSON', async () => {
    let seen: { url: string; headers: Record<string, string> } | undefined;
    const http = createPlatformHttp(
      opts(async (input, init) => {
        seen = { url: String(input), headers: init?.headers as Record<string, string> };
        return new Response('{"documents":[],"checkpoint":{"seq":0}}', { status: 200 });
      }),
    );
    expect(await http.get('/v1/sync/catalog/pull', { checkpoint: 5, limit: 10 })).toEqual({ documents: [], checkpoint: { seq: 0 } });
    expect(seen?.url).toBe('http://platform.test/v1/sync/catalog/pull?checkpoint=5&limit=10');
    expect(seen?.headers).toMatchObject({ 'x-yichuang-terminal': 'T-1', 'x-yichuang-terminal-key': 'k'.repeat(20) });
  });

  it('turns refusals and network failures into PlatformRequestError with a reason', async () => {
    const refused = createPlatformHttp(opts(async () => new Response('{"error":"bad_credential","message":"terminal key does not match"}', { status: 401 })));
    await expect(refused.post('/x', [])).rejects.toThrow(/401 bad_credential/);
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
