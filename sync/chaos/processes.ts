// The platform and the terminals as real child processes, started and killed with SIGKILL.
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
// node --import tsx, not the tsx binary: the binary is a wrapper around a second node process, and SIGKILL
// must hit the process that does the work.
const NODE_ARGS = ['--import', 'tsx'];

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((r) => child.once('exit', () => r()));
}

export interface PlatformProcessOptions {
  port: number;
  dataDir: string;
  databaseUrl?: string | undefined;
  adminToken: string;
}

export class PlatformProcess {
  private child: ChildProcess | null = null;
  private log: string[] = [];
  constructor(private readonly opts: PlatformProcessOptions) {}

  get running(): boolean {
    return this.child !== null;
  }

  async start(): Promise<void> {
    const env = { ...process.env };
    delete env.DATABASE_URL;
    delete env.YICHUANG_PLATFORM_PORT;
    if (this.opts.databaseUrl) env.DATABASE_URL = this.opts.databaseUrl;
    const args = [
      'sync/server/main.ts',
      '--port',
      String(this.opts.port),
      '--data-dir',
      this.opts.dataDir,
      '--dev-terminals',
      '--admin-token',
      this.opts.adminToken,
    ];
    const child = spawn(process.execPath, [...NODE_ARGS, ...args], {
      cwd: REPO,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    this.log = [];
    const keep = (line: string): void => {
      this.log.push(line);
      if (this.log.length > 50) this.log.shift();
    };
    createInterface({ input: child.stderr! }).on('line', keep);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`platform did not start in 60 s:\n${this.log.join('\n')}`)),
        60_000,
      );
      createInterface({ input: child.stdout! }).on('line', (line) => {
        keep(line);
        if (line.includes('listening on')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`platform exited during start (${code ?? signal}):\n${this.log.join('\n')}`));
      });
    });
  }

  async kill(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = null;
    child.kill('SIGKILL');
    await exited(child);
  }

  /** Graceful stop at the end of a run. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = null;
    child.kill('SIGTERM');
    await Promise.race([exited(child), new Promise((r) => setTimeout(r, 5000))]);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited(child);
    }
  }
}

type TerminalMessage =
  { type: 'ready' } | { type: 'submitted'; id: string } | { type: 'dump'; docs: Record<string, unknown>[] };

export class TerminalProcess {
  private child: ChildProcess | null = null;
  private waiters: ((m: TerminalMessage) => void)[] = [];
  /** Ids the terminal reported as durably written (it told the citizen "submitted"). */
  readonly submitted = new Set<string>();
  private stderr: string[] = [];

  constructor(
    readonly terminalId: string,
    private readonly platformUrl: string,
    private readonly secret: string,
    private readonly storeFile: string,
  ) {}

  get running(): boolean {
    return this.child !== null;
  }

  async start(): Promise<void> {
    const child = spawn(
      process.execPath,
      [
        ...NODE_ARGS,
        'sync/chaos/terminal-process.ts',
        this.platformUrl,
        this.terminalId,
        this.secret,
        this.storeFile,
      ],
      {
        cwd: REPO,
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    this.child = child;
    this.stderr = [];
    createInterface({ input: child.stderr! }).on('line', (l) => {
      this.stderr.push(l);
      if (this.stderr.length > 30) this.stderr.shift();
    });
    createInterface({ input: child.stdout! }).on('line', (line) => {
      let msg: TerminalMessage;
      try {
        msg = JSON.parse(line) as TerminalMessage;
      } catch {
        return;
      }
      if (msg.type === 'submitted') this.submitted.add(msg.id);
      for (const w of this.waiters.splice(0)) w(msg);
    });
    child.once('exit', (code, signal) => {
      if (this.child === child && signal !== 'SIGKILL' && code !== 0) {
        console.error(
          `chaos terminal ${this.terminalId} exited (${code ?? signal}):\n${this.stderr.join('\n')}`,
        );
      }
    });
    await this.next('ready', 60_000);
  }

  private next<T extends TerminalMessage['type']>(
    type: T,
    timeoutMs: number,
  ): Promise<Extract<TerminalMessage, { type: T }>> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(
              `terminal ${this.terminalId}: no ${type} in ${timeoutMs} ms\n${this.stderr.join('\n')}`,
            ),
          ),
        timeoutMs,
      );
      const wait = (m: TerminalMessage): void => {
        if (m.type === type) {
          clearTimeout(timer);
          resolve(m as Extract<TerminalMessage, { type: T }>);
        } else this.waiters.push(wait);
      };
      this.waiters.push(wait);
    });
  }

  submit(count: number): void {
    this.child?.stdin?.write(`${JSON.stringify({ cmd: 'submit', count })}\n`);
  }

  async dump(): Promise<Record<string, unknown>[]> {
    const answer = this.next('dump', 30_000);
    this.child?.stdin?.write(`${JSON.stringify({ cmd: 'dump' })}\n`);
    return (await answer).docs;
  }

  async kill(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = null;
    child.kill('SIGKILL');
    await exited(child);
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    child.stdin?.write(`${JSON.stringify({ cmd: 'stop' })}\n`);
    await Promise.race([exited(child), new Promise((r) => setTimeout(r, 5000))]);
    await this.kill();
  }
}
