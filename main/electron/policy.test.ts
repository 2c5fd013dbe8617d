import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  APP_ORIGIN,
  attachUrl,
  hostArgs,
  permissionAllowed,
  sameOrigin,
  schemeAllowed,
  serveRendererFile,
} from './policy.js';

describe('origins', () => {
  it('treats app://yichuang as one origin (Node calls its URL.origin "null")', () => {
    expect(sameOrigin('app://yichuang/apply?x=1', APP_ORIGIN)).toBe(true);
    expect(sameOrigin('app://other/', APP_ORIGIN)).toBe(false);
    expect(sameOrigin('https://yichuang/', APP_ORIGIN)).toBe(false);
    expect(sameOrigin('null', APP_ORIGIN)).toBe(false);
    expect(sameOrigin('http://127.0.0.1:7710/x', 'http://127.0.0.1:7710')).toBe(true);
    expect(sameOrigin('http://127.0.0.1:7711/x', 'http://127.0.0.1:7710')).toBe(false);
  });

  it('accepts only a loopback http URL for attach mode', () => {
    expect(attachUrl(undefined)).toBeNull();
    expect(attachUrl('http://127.0.0.1:7710')).toBe('http://127.0.0.1:7710/');
    expect(() => attachUrl('https://example.com')).toThrow(/loopback/);
    expect(() => attachUrl('http://10.0.0.2:7710')).toThrow(/loopback/);
  });
});

describe('permissions', () => {
  const ask = (permission: string, requestingUrl: string, mediaTypes?: string[]) =>
    permissionAllowed({
      permission,
      pageOrigin: APP_ORIGIN,
      requestingUrl,
      ...(mediaTypes ? { mediaTypes } : {}),
    });

  it('grants the camera and persistent storage to our page only', () => {
    expect(ask('media', 'app://yichuang/scan', ['video'])).toBe(true);
    expect(ask('persistent-storage', 'app://yichuang/')).toBe(true);
    expect(ask('media', 'https://evil.example/', ['video'])).toBe(false);
  });

  it('denies the microphone and everything else', () => {
    expect(ask('media', 'app://yichuang/', ['audio'])).toBe(false);
    expect(ask('media', 'app://yichuang/', ['video', 'audio'])).toBe(false);
    expect(ask('media', 'app://yichuang/', [])).toBe(false);
    for (const p of [
      'geolocation',
      'notifications',
      'openExternal',
      'display-capture',
      'serial',
      'usb',
      'hid',
      'clipboard-read',
      'fullscreen',
      'unknown',
    ]) {
      expect(ask(p, 'app://yichuang/')).toBe(false);
    }
  });

  it('lets the page load only expected schemes', () => {
    expect(schemeAllowed('app://yichuang/assets/a.js')).toBe(true);
    expect(schemeAllowed('https://platform.example/api')).toBe(true);
    expect(schemeAllowed('file:///etc/passwd')).toBe(false);
    expect(schemeAllowed('chrome://settings')).toBe(false);
  });
});

describe('hostArgs', () => {
  it('keeps the host flags and drops Chromium switches', () => {
    expect(
      hostArgs([
        '.',
        '--no-sandbox',
        '--profile',
        'counter-window',
        '--data-dir=/d',
        '--enable-logging',
        '--platform-url',
        'http://p',
      ]),
    ).toEqual(['--profile', 'counter-window', '--data-dir=/d', '--platform-url', 'http://p']);
  });
});

describe('serveRendererFile', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'yichuang-electron-'));
    mkdirSync(join(dir, 'renderer', 'assets'), { recursive: true });
    writeFileSync(join(dir, 'renderer', 'index.html'), '<html>app</html>');
    writeFileSync(join(dir, 'renderer', 'assets', 'a.js'), 'js');
    writeFileSync(join(dir, 'secret.txt'), 'secret');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const serve = (url: string, method = 'GET') =>
    serveRendererFile(new Request(url, { method }), join(dir, 'renderer'), "default-src 'self'");

  it('serves files and the app for client routes, with the CSP', async () => {
    const index = await serve('app://yichuang/');
    expect(await index.text()).toBe('<html>app</html>');
    expect(index.headers.get('content-security-policy')).toBe("default-src 'self'");
    expect(index.headers.get('x-frame-options')).toBe('DENY');
    const js = await serve('app://yichuang/assets/a.js');
    expect(js.headers.get('content-type')).toContain('text/javascript');
    expect(await js.text()).toBe('js');
    expect(await (await serve('app://yichuang/apply/residence')).text()).toBe('<html>app</html>');
  });

  it('never leaves the renderer folder, and serves nothing but GET/HEAD on our host', async () => {
    expect((await serve('app://yichuang/../secret.txt')).status).toBe(404);
    expect((await serve('app://yichuang/%2e%2e/secret.txt')).status).toBe(404);
    expect((await serve('app://yichuang/assets/%2e%2e%2f..%2fsecret.txt')).status).toBe(404);
    expect((await serve('app://yichuang/%E0%A4%A')).status).toBe(404);
    expect((await serve('app://other/index.html')).status).toBe(404);
    expect((await serve('app://yichuang/assets/a.js', 'POST')).status).toBe(404);
    expect((await serve('app://yichuang/missing.js')).status).toBe(404);
  });
});
