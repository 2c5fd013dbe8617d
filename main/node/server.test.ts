import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { profilePath, validateKioskConfig } from '../../kiosk-config/load.js';
import type { KioskConfig } from '../../kiosk-config/types.js';
import { WS_PATH, WS_TOKEN_PARAM, type HostToRendererFrame } from '../api/rpc-wire.js';
import { fakeRig, SAMPLE_CARD, type FakeRig } from '../host/test-fakes.js';
import { injectToken, startHostServer, type RunningHostServer } from './server.js';

const INDEX = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><script type="module" src="/assets/app.js"></script></head><body><div id="root"></div></body></html>`;

let dir: string;
let rig: FakeRig;
let server: RunningHostServer | null = null;

function config(): KioskConfig {
  const raw = JSON.parse(readFileSync(profilePath('service-hall-kiosk'), 'utf8')) as Record<string, unknown>;
  const loaded = validateKioskConfig({
    ...raw,
    platform: { url: 'https://platform.example.gov.cn/api', key: 'dev-terminal-key-0001' },
  });
  if (!loaded.ok) throw new Error('bad test config');
  return loaded.value;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'yichuang-server-'));
  mkdirSync(join(dir, 'renderer', 'assets'), { recursive: true });
  writeFileSync(join(dir, 'renderer', 'index.html'), INDEX);
  writeFileSync(join(dir, 'renderer', 'assets', 'app.js'), 'console.log("app")');
  rig = fakeRig();
});
afterEach(async () => {
  await server?.close();
  server = null;
  rmSync(dir, { recursive: true, force: true });
});

async function start(rendererDir = join(dir, 'renderer')): Promise<RunningHostServer> {
  server = await startHostServer({
    config: config(),
    dataDir: join(dir, 'data'),
    port: 0,
    rendererDir,
    hostOptions: { factories: rig.factories },
    log: () => undefined,
  });
  return server;
}

interface Got {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}
function get(port: number, path: string, headers: Record<string, string> = {}): Promise<Got> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('startHostServer', () => {
  it('serves index.html with this boot’s token and strict headers, bound to 127.0.0.1', async () => {
    const s = await start();
    expect(s.url).toBe(`http://127.0.0.1:${s.port}/`);
    const res = await get(s.port, '/');
    expect(res.status).toBe(200);
    expect(res.body).toContain(`<meta name="yichuang-token" content="${s.token}">`);
    expect(res.headers['cache-control']).toBe('no-store');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain(`ws://127.0.0.1:${s.port}`);
    expect(csp).toContain('https://platform.example.gov.cn');
    expect(csp).toContain('wss://platform.example.gov.cn');
    expect(csp).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(s.http.server.address()).toMatchObject({ address: '127.0.0.1' });
  });

  it('serves assets, falls back to the app for page routes, and 404s the rest', async () => {
    const s = await start();
    const asset = await get(s.port, '/assets/app.js');
    expect(asset.status).toBe(200);
    expect(asset.body).toBe('console.log("app")');
    expect(asset.headers['content-security-policy']).toBeDefined();
    const route = await get(s.port, '/apply/residence-permit', { accept: 'text/html' });
    expect(route.status).toBe(200);
    expect(route.body).toContain(s.token);
    expect((await get(s.port, '/missing.js')).status).toBe(404);
    expect([403, 404]).toContain((await get(s.port, '/../../etc/passwd')).status);
    expect([403, 404]).toContain((await get(s.port, '/assets/%2e%2e/%2e%2e/package.json')).status);
  });

  it('answers only to its own host names (DNS rebinding)', async () => {
    const s = await start();
    expect((await get(s.port, '/', { host: `evil.example:${s.port}` })).status).toBe(421);
    expect((await get(s.port, '/', { host: `localhost:${s.port}` })).status).toBe(200);
  });

  it('says plainly when the renderer is not built, and serves it once it is', async () => {
    const s = await start(join(dir, 'nowhere'));
    const res = await get(s.port, '/');
    expect(res.status).toBe(503);
    expect(res.body).toContain('npm run build');
    mkdirSync(join(dir, 'nowhere', 'assets'), { recursive: true });
    writeFileSync(join(dir, 'nowhere', 'index.html'), INDEX);
    writeFileSync(join(dir, 'nowhere', 'assets', 'app.js'), '1');
    const built = await get(s.port, '/');
    expect(built.status).toBe(200);
    expect(built.body).toContain(s.token);
    expect((await get(s.port, '/assets/app.js')).body).toBe('1');
  });

  it('serves the API over the WebSocket with the token from the page, with events', async () => {
    const s = await start();
    const token = /name="yichuang-token" content="([^"]+)"/.exec((await get(s.port, '/')).body)?.[1];
    expect(token).toBe(s.token);
    const client = new WebSocket(`ws://127.0.0.1:${s.port}${WS_PATH}?${WS_TOKEN_PARAM}=${token}`, {
      origin: `http://127.0.0.1:${s.port}`,
    });
    const frames: HostToRendererFrame[] = [];
    client.on('message', (d) => frames.push(JSON.parse(String(d)) as HostToRendererFrame));
    await new Promise((r, j) => {
      client.on('open', r);
      client.on('error', j);
    });
    client.send(JSON.stringify({ id: 1, method: 'getTerminalInfo', params: [] }));
    rig.readers[0]!.emitCard({ type: 'card-present', card: SAMPLE_CARD });
    await expect.poll(() => frames.length).toBe(2);
    const info = frames.find((f) => 'id' in f);
    expect(info).toMatchObject({ id: 1, ok: true, result: { terminalId: 'T-HALL-0001', simulation: true } });
    const card = frames.find((f) => 'event' in f);
    expect(card).toMatchObject({ event: { type: 'card-present', card: { photo: { decoded: false } } } });
    expect(JSON.stringify(card)).not.toContain('photoWlt');
    client.terminate();
  });

  it('carries a camera-sized image to ocrDocument in one frame and answers it', async () => {
    const s = await start();
    const client = new WebSocket(`ws://127.0.0.1:${s.port}${WS_PATH}?${WS_TOKEN_PARAM}=${s.token}`, {
      origin: `http://127.0.0.1:${s.port}`,
    });
    const frames: HostToRendererFrame[] = [];
    client.on('message', (d) => frames.push(JSON.parse(String(d)) as HostToRendererFrame));
    await new Promise((r, j) => {
      client.on('open', r);
      client.on('error', j);
    });
    // 3 MB of bytes that are not an image: far over a 1 MB frame limit, well under the 20 MB image limit.
    const imageBase64 = Buffer.alloc(3 * 1024 * 1024, 7).toString('base64');
    client.send(JSON.stringify({ id: 9, method: 'ocrDocument', params: [{ imageBase64 }] }));
    await expect.poll(() => frames.find((f) => 'id' in f && f.id === 9), { timeout: 15_000 }).toBeDefined();
    // Answered with a known failure (not an image), the connection still open.
    expect(frames.find((f) => 'id' in f && f.id === 9)).toMatchObject({ ok: true, result: { ok: false } });
    expect(client.readyState).toBe(WebSocket.OPEN);
    client.terminate();
  });

  it('refuses a second server on the same port', async () => {
    const s = await start();
    await expect(
      startHostServer({
        config: config(),
        dataDir: join(dir, 'data2'),
        port: s.port,
        hostOptions: { factories: rig.factories },
        log: () => undefined,
      }),
    ).rejects.toMatchObject({ code: 'EADDRINUSE' });
  });
});

describe('injectToken', () => {
  it('puts the meta right after <head>, and keeps the token to safe characters', () => {
    expect(injectToken('<html><head lang="x"><title>t</title></head></html>', 'abc')).toBe(
      '<html><head lang="x">\n    <meta name="yichuang-token" content="abc"><title>t</title></head></html>',
    );
    expect(injectToken('<head>', 'a"><script>')).toContain('content="ascript"');
  });
});

describe('startHostServer with the real simulated devices', () => {
  it('carries a simulated card from the pty-driven reader to a WebSocket client', async () => {
    server = await startHostServer({
      config: config(),
      dataDir: join(dir, 'data'),
      port: 0,
      rendererDir: join(dir, 'renderer'),
      log: () => undefined,
    });
    const s = server;
    const client = new WebSocket(`ws://127.0.0.1:${s.port}${WS_PATH}?${WS_TOKEN_PARAM}=${s.token}`, {
      origin: `http://127.0.0.1:${s.port}`,
    });
    const frames: HostToRendererFrame[] = [];
    client.on('message', (d) => frames.push(JSON.parse(String(d)) as HostToRendererFrame));
    await new Promise((r, j) => {
      client.on('open', r);
      client.on('error', j);
    });
    let id = 0;
    const call = async (method: string, params: unknown[] = []): Promise<unknown> => {
      const myId = ++id;
      client.send(JSON.stringify({ id: myId, method, params }));
      await expect.poll(() => frames.some((f) => 'id' in f && f.id === myId), { timeout: 10_000 }).toBe(true);
      const res = frames.find((f) => 'id' in f && f.id === myId);
      return res && 'ok' in res && res.ok ? res.result : res;
    };
    await expect
      .poll(
        async () =>
          ((await call('getDeviceStatuses')) as { status: { kind: string } }[]).map((r) => r.status.kind),
        { timeout: 10_000 },
      )
      .toEqual(['ready', 'ready', 'ready', 'disabled', 'ready']); // card reader, receipt printer, QR scanner, A4 printer (off), document camera
    expect(await call('simPlaceCard', [{ index: 0 }])).toEqual({ ok: true, value: null });
    await expect
      .poll(() => frames.find((f) => 'event' in f && f.event.type === 'card-present'), { timeout: 10_000 })
      .toBeDefined();
    const card = frames.find((f) => 'event' in f && f.event.type === 'card-present');
    expect(JSON.stringify(card)).not.toMatch(/photoWlt|fingerprint/);
    client.terminate();
  });
});
