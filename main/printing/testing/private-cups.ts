// Test helper: a private CUPS scheduler in a temporary directory on a random port, with a cups-pdf queue,
// so tests print through real CUPS without touching the system's scheduler or its queues.
// Resolves to a reason instead when cupsd cannot run here (not installed, not root, sandbox).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PrivateCups {
  /** For CUPS_SERVER / CupsA4Printer's `server`. */
  readonly server: string;
  /** Adds a cups-pdf queue (output lands in the job user's ~/PDF, as cups-pdf is configured on Debian). */
  addPdfQueue(name: string): void;
  stop(): Promise<void>;
}

const CUPSD = '/usr/sbin/cupsd';
const CUPS_PDF_BACKEND = '/usr/lib/cups/backend/cups-pdf';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export async function startPrivateCups(): Promise<PrivateCups | { readonly unavailable: string }> {
  if (!existsSync(CUPSD)) return { unavailable: `${CUPSD} not installed (apt-get install cups cups-bsd printer-driver-cups-pdf)` };
  if (!existsSync(CUPS_PDF_BACKEND)) return { unavailable: `${CUPS_PDF_BACKEND} not installed (apt-get install printer-driver-cups-pdf)` };
  // cupsd runs backends such as cups-pdf (mode 0700) as root only.
  if (process.getuid?.() !== 0) return { unavailable: 'cupsd with the cups-pdf backend needs root here' };
  const dir = mkdtempSync(join(tmpdir(), 'yichuang-cups-'));
  for (const d of ['spool', 'cache', 'state', 'ppd']) mkdirSync(join(dir, d));
  const port = await freePort();
  const server = `127.0.0.1:${port}`;
  writeFileSync(
    join(dir, 'cupsd.conf'),
    [
      `Listen ${server}`,
      'LogLevel warn',
      'WebInterface No',
      'DefaultAuthType None',
      '<Location />\n  Order allow,deny\n  Allow all\n</Location>',
      '<Location /admin>\n  Order allow,deny\n  Allow all\n</Location>',
      '<Policy default>\n  <Limit All>\n    Order deny,allow\n  </Limit>\n</Policy>',
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(dir, 'cups-files.conf'),
    [`ServerRoot ${dir}`, `RequestRoot ${dir}/spool`, `CacheDir ${dir}/cache`, `StateDir ${dir}/state`, `TempDir ${dir}/spool`, 'ErrorLog stderr', `AccessLog ${dir}/access_log`, `PageLog ${dir}/page_log`, ''].join('\n'),
  );
  const child: ChildProcess = spawn(CUPSD, ['-f', '-c', join(dir, 'cupsd.conf'), '-s', join(dir, 'cups-files.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr?.setEncoding('utf8').on('data', (c: string) => (log = (log + c).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 3_000);
      await exited;
      clearTimeout(t);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const env = { ...process.env, CUPS_SERVER: server };
  for (let i = 0; i < 50; i++) {
    if (child.exitCode !== null) break;
    if (spawnSync('lpstat', ['-r'], { env, encoding: 'utf8' }).stdout.includes('is running')) {
      return {
        server,
        addPdfQueue(name) {
          const r = spawnSync('lpadmin', ['-p', name, '-E', '-v', 'cups-pdf:/', '-m', 'lsb/usr/cups-pdf/CUPS-PDF_noopt.ppd'], { env, encoding: 'utf8' });
          if (r.status !== 0) throw new Error(`lpadmin -p ${name}: ${r.stderr}`);
        },
        stop,
      };
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await stop();
  return { unavailable: `cupsd did not start in this sandbox: ${log.split('\n').filter(Boolean).slice(-3).join(' | ')}` };
}
