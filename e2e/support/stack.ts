// Starts the real product for a browser test: the central platform (PGlite in a temp folder) and the
// terminal host with simulated peripherals, each as its own process, exactly as `npm start` runs them.
// The platform can be stopped and restarted with its data to test the offline path.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ADMIN_TOKEN = 'e2e-admin-token-0123456789';
const repoRoot = new URL('../..', import.meta.url).pathname;
const tsx = join(repoRoot, 'node_modules/.bin/tsx');

export interface Stack {
  readonly hostUrl: string;
  readonly platformUrl: string;
  /** The terminal host's --data-dir (audit, a4-printed/ PDFs of the 'pdf-directory' printer, ...). */
  readonly terminalDataDir: string;
  stopPlatform(): Promise<void>;
  /** Starts the platform again with its data; `env` replaces the platform environment given at start. */
  startPlatform(env?: Record<string, string>): Promise<void>;
  adminGet<T>(path: string): Promise<T>;
  adminPost<T>(path: string, body: unknown): Promise<T>;
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

async function waitFor(url: string, what: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${what} exited with ${child.exitCode}:\n${output()}`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${what} did not answer at ${url} within 60 s:\n${output()}`);
}

function launch(args: string[], env: Record<string, string>): { child: ChildProcess; output: () => string } {
  let out = '';
  const child = spawn(tsx, args, { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  return { child, output: () => out.slice(-4000) };
}

async function stopChild(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

const PORT_TAKEN = /already in use|EADDRINUSE/;

/**
 * Launches a server on a port that was free a moment ago. Another process (a parallel test run) may take the
 * port between our probe and the child's listen; then the child exits saying so and we try again, with a new
 * port when `pickPort` allows it, otherwise the same one after a pause.
 */
async function launchListening(
  what: string,
  pickPort: () => Promise<number>,
  start: (port: number) => { child: ChildProcess; output: () => string; readyUrl: string },
): Promise<{ child: ChildProcess; output: () => string; port: number }> {
  for (let attempt = 1; ; attempt++) {
    const port = await pickPort();
    const launched = start(port);
    try {
      await waitFor(launched.readyUrl, what, launched.child, launched.output);
      return { ...launched, port };
    } catch (e) {
      if (attempt >= 5 || !PORT_TAKEN.test(launched.output())) throw e;
      await new Promise((r) => setTimeout(r, 300 * attempt));
    }
  }
}

export interface StackOptions {
  profile?: string;
  /** Top-level kiosk-config sections to replace in the profile (e.g. { offline: { maxQueued: 1 } }). */
  configPatch?: Record<string, unknown>;
  /** Extra platform environment (e.g. { YICHUANG_MAX_ATTACHMENT_BYTES: '1024' }). */
  platformEnv?: Record<string, string>;
}

export async function startStack(opts: StackOptions = {}): Promise<Stack> {
  const dir = mkdtempSync(join(tmpdir(), 'yichuang-e2e-'));
  let platform: { child: ChildProcess; output: () => string } | undefined;
  let platformEnv = opts.platformEnv ?? {};

  const launchPlatform = (port: number) => ({
    ...launch(
      ['sync/server/main.ts', '--port', String(port), '--data-dir', join(dir, 'platform'), '--dev-terminals'],
      { ...platformEnv, YICHUANG_ADMIN_TOKEN: ADMIN_TOKEN },
    ),
    readyUrl: `http://127.0.0.1:${port}/health`,
  });
  // First start: any free port. A restart keeps the port: the host was told this URL.
  const first = await launchListening('platform', freePort, launchPlatform);
  platform = first;
  const platformPort = first.port;
  const platformUrl = `http://127.0.0.1:${platformPort}`;
  const startPlatform = async (env?: Record<string, string>): Promise<void> => {
    if (env) platformEnv = env;
    platform = await launchListening('platform', () => Promise.resolve(platformPort), launchPlatform);
  };
  const stopPlatform = async (): Promise<void> => stopChild(platform?.child);

  const profile = opts.profile ?? 'service-hall-kiosk';
  let configArgs = ['--profile', profile];
  if (opts.configPatch) {
    const configPath = join(dir, 'kiosk.json');
    const raw = JSON.parse(readFileSync(join(repoRoot, 'kiosk-config/profiles', `${profile}.json`), 'utf8')) as Record<string, unknown>;
    writeFileSync(configPath, JSON.stringify({ ...raw, ...opts.configPatch }, null, 2));
    configArgs = ['--config', configPath];
  }
  const host = await launchListening('terminal host', freePort, (port) => ({
    ...launch(
      [
        'main/node/index.ts',
        '--port', String(port),
        ...configArgs,
        '--platform-url', platformUrl,
        '--data-dir', join(dir, 'terminal'),
      ],
      // Read-aloud to the null sink (a WAV in memory): silent and the same on machines with a sound card.
      { YICHUANG_SPEECH_OUTPUT: 'none' },
    ),
    readyUrl: `http://127.0.0.1:${port}/`,
  }));
  const hostUrl = `http://127.0.0.1:${host.port}`;

  const admin = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${platformUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };

  return {
    hostUrl,
    platformUrl,
    terminalDataDir: join(dir, 'terminal'),
    stopPlatform,
    startPlatform,
    adminGet: (path) => admin('GET', path),
    adminPost: (path, body) => admin('POST', path, body),
    close: async () => {
      await stopChild(host.child);
      await stopPlatform();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
