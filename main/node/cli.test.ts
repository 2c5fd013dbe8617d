import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { profilePath } from '../../kiosk-config/load.js';
import { DEFAULT_PORT, parseCli } from './options.js';
import { REPO_ROOT } from './server.js';

const TSX = join(REPO_ROOT, 'node_modules', '.bin', 'tsx');
const ENTRY = join(REPO_ROOT, 'main', 'node', 'index.ts');

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'yichuang-cli-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the entry; `until` (on stdout) sends SIGTERM once seen. */
function run(args: string[], opts: { until?: RegExp; env?: NodeJS.ProcessEnv } = {}): Promise<Run> {
  return new Promise((resolvePromise) => {
    const child = spawn(TSX, [ENTRY, ...args], {
      cwd: dir,
      env: { ...process.env, ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let signalled = false;
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
      if (opts.until && !signalled && opts.until.test(stdout)) {
        signalled = true;
        child.kill('SIGTERM');
      }
    });
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, stdout, stderr });
    });
  });
}

function profileWith(patch: (raw: Record<string, unknown>) => void): string {
  const raw = JSON.parse(readFileSync(profilePath('service-hall-kiosk'), 'utf8')) as Record<string, unknown>;
  patch(raw);
  const path = join(dir, 'kiosk.json');
  writeFileSync(path, JSON.stringify(raw));
  return path;
}

describe('parseCli', () => {
  it('defaults to the service-hall profile on 127.0.0.1:7710 with .data/terminal', () => {
    const p = parseCli([], {}, '/srv/yc');
    expect(p).toEqual({
      kind: 'run',
      options: {
        port: DEFAULT_PORT,
        host: '127.0.0.1',
        configPath: profilePath('service-hall-kiosk'),
        dataDir: '/srv/yc/.data/terminal',
      },
    });
  });

  it('takes flags over environment, environment over defaults', () => {
    const env = {
      YICHUANG_HOST_PORT: '7801',
      YICHUANG_PROFILE: 'counter-window',
      YICHUANG_PLATFORM_URL: 'http://p.example',
      YICHUANG_DATA: '/var/yc',
    };
    expect(parseCli([], env, '/x')).toMatchObject({
      options: {
        port: 7801,
        configPath: profilePath('counter-window'),
        platformUrl: 'http://p.example',
        dataDir: '/var/yc',
      },
    });
    expect(
      parseCli(
        ['--port', '7900', '--config=k.json', '--data-dir', 'd', '--platform-url', 'http://q.example'],
        env,
        '/x',
      ),
    ).toMatchObject({
      options: { port: 7900, configPath: '/x/k.json', platformUrl: 'http://q.example', dataDir: '/x/d' },
    });
    expect(parseCli(['--profile', 'bank_teller_machine'], { YICHUANG_CONFIG: '/etc/yc.json' })).toMatchObject(
      {
        options: { configPath: profilePath('bank-teller-machine') },
      },
    );
  });

  it('refuses bad usage', () => {
    expect(parseCli(['--port', 'x'], {})).toMatchObject({ kind: 'usage-error' });
    expect(parseCli(['--bogus'], {})).toMatchObject({ kind: 'usage-error' });
    expect(parseCli(['--config', 'a.json', '--profile', 'counter-window'], {})).toMatchObject({
      kind: 'usage-error',
    });
    expect(parseCli(['--profile', 'atm'], {})).toMatchObject({
      kind: 'usage-error',
      message: expect.stringContaining('service-hall-kiosk'),
    });
    expect(parseCli(['--port'], {})).toMatchObject({ kind: 'usage-error' });
    expect(parseCli(['--help'], {})).toEqual({ kind: 'help' });
  });
});

describe('node entry', () => {
  it('exits 78 naming the bad field, and never starts', async () => {
    const config = profileWith((raw) => {
      (raw.session as Record<string, unknown>).idleTimeoutSeconds = 5;
    });
    const r = await run(['--config', config, '--port', '0']);
    expect(r.code).toBe(78);
    expect(r.stderr).toContain('session.idleTimeoutSeconds');
    expect(r.stdout).not.toContain('listening');
  });

  it('exits 78 for a bad --platform-url and for a missing config file', async () => {
    const bad = await run(['--profile', 'service-hall-kiosk', '--platform-url', 'not a url', '--port', '0']);
    expect(bad.code).toBe(78);
    expect(bad.stderr).toContain('platform.url');
    const missing = await run(['--config', join(dir, 'nope.json'), '--port', '0']);
    expect(missing.code).toBe(78);
    expect(missing.stderr).toContain('nope.json');
  });

  it('exits 64 on bad usage', async () => {
    expect((await run(['--bogus'])).code).toBe(64);
  });

  it('starts, prints its URL, and stops cleanly on SIGTERM', async () => {
    const config = profileWith((raw) => {
      raw.devices = {};
    });
    const r = await run(['--config', config, '--port', '0', '--data-dir', 'host-data'], {
      until: /listening on http:\/\/127\.0\.0\.1:\d+\//,
    });
    expect(r.stdout).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+\//);
    expect(r.stdout).toContain('SIGTERM: stopping');
    expect(r.code).toBe(0);
    const audit = readFileSync(
      join(resolve(dir, 'host-data'), 'audit', `${new Date().toISOString().slice(0, 10)}.jsonl`),
      'utf8',
    );
    expect(audit).toContain('"type":"host.stop","reason":"SIGTERM"');
  });
});
