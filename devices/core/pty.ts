// A connected pair of pseudo-terminals made by socat: one end for a driver, the other for a simulator
// speaking the device's bytes. Used by the simulated transport and by integration tests, so that the
// real driver code (serialport, framing, timeouts) runs unchanged against a simulator.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

export interface PtyPair {
  readonly a: string;
  readonly b: string;
  close(): Promise<void>;
}

export interface PtyPairOptions {
  /** Stable symlink for end a (socat `link=`), so a "replugged" pair can keep the path a driver was given. */
  readonly linkA?: string;
  readonly linkB?: string;
  readonly socatPath?: string;
  /** How long to wait for socat to announce both ends. */
  readonly startTimeoutMs?: number;
}

const SOCAT = '/usr/bin/socat';
const START_TIMEOUT_MS = 5_000;
const EXIT_TIMEOUT_MS = 2_000;

function ptyAddress(link: string | undefined): string {
  return link === undefined ? 'pty,raw,echo=0' : `pty,raw,echo=0,link=${link}`;
}

export function openPtyPair(opts: PtyPairOptions = {}): Promise<PtyPair> {
  const child = spawn(opts.socatPath ?? SOCAT, ['-d', '-d', ptyAddress(opts.linkA), ptyAddress(opts.linkB)], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let exited = child.exitCode !== null;
  const exitPromise = new Promise<void>((resolve) => {
    child.once('exit', () => {
      exited = true;
      resolve();
    });
  });

  const close = async (): Promise<void> => {
    if (!exited) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), EXIT_TIMEOUT_MS);
      await exitPromise;
      clearTimeout(timer);
    }
  };

  return new Promise<PtyPair>((resolve, reject) => {
    const paths: string[] = [];
    let stderr = '';
    const timer = setTimeout(() => {
      void close();
      reject(new Error(`socat did not announce two ptys within ${opts.startTimeoutMs ?? START_TIMEOUT_MS} ms: ${stderr.slice(-400)}`));
    }, opts.startTimeoutMs ?? START_TIMEOUT_MS);

    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`cannot start socat: ${error.message}`));
    });
    child.once('exit', (code) => {
      if (paths.length < 2) {
        clearTimeout(timer);
        reject(new Error(`socat exited (code ${String(code)}) before both ptys were ready: ${stderr.slice(-400)}`));
      }
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      if (paths.length >= 2) return;
      stderr += chunk;
      // socat -d -d logs "N PTY is /dev/pts/N" once per end, then "starting data transfer loop".
      const found = [...stderr.matchAll(/PTY is (\S+)/g)].map((m) => m[1]!);
      if (found.length >= 2 && /starting data transfer loop/.test(stderr)) {
        paths.push(found[0]!, found[1]!);
        clearTimeout(timer);
        // With link=, callers use the stable symlink; socat creates it before the transfer loop starts.
        const a = opts.linkA !== undefined && existsSync(opts.linkA) ? opts.linkA : found[0]!;
        const b = opts.linkB !== undefined && existsSync(opts.linkB) ? opts.linkB : found[1]!;
        resolve({ a, b, close });
      }
    });
  });
}
