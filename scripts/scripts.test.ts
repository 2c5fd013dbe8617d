// The developer scripts through their real path: bash, Debian's PostgreSQL, a real connection.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function run(
  script: string,
  args: readonly string[],
): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('bash', [join(root, 'scripts', script), ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('scripts/start.sh options (checked before anything starts)', () => {
  it('--help lists the options', () => {
    const r = run('start.sh', ['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('--profile NAME');
    expect(r.stdout).toContain('--platform-port N');
  });

  it('refuses an unknown option and a bad port with usage status 64', () => {
    const unknown = run('start.sh', ['--profil', 'x']);
    expect(unknown.status).toBe(64);
    expect(unknown.stderr).toContain('unknown option --profil');
    const port = run('start.sh', ['--host-port', 'seventy']);
    expect(port.status).toBe(64);
    expect(port.stderr).toContain("a port must be a number 1..65535, got 'seventy'");
  });
});

describe('scripts/ensure-system-deps.sh', () => {
  it('refuses an unknown set', () => {
    const r = run('ensure-system-deps.sh', ['everything']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('usage:');
  });
});

const hasPostgres =
  existsSync('/usr/lib/postgresql') &&
  readdirSync('/usr/lib/postgresql').some((v) => existsSync(`/usr/lib/postgresql/${v}/bin/pg_ctl`));

describe.skipIf(!hasPostgres)('scripts/pg-test-cluster.sh', () => {
  it('starts a cluster one can use, and stop removes it', async () => {
    const started = run('pg-test-cluster.sh', ['start']);
    expect(started.status, started.stderr).toBe(0);
    const url = /^TEST_DATABASE_URL=(postgres:\/\/postgres@127\.0\.0\.1:\d+\/postgres)$/m.exec(
      started.stdout,
    )?.[1];
    const dir = /^PG_TEST_DIR=(.+)$/m.exec(started.stdout)?.[1];
    expect(url).toBeDefined();
    expect(dir).toBeDefined();
    try {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      const { rows } = await client.query<{ ok: number }>('select 1 as ok');
      await client.end();
      expect(rows).toEqual([{ ok: 1 }]);
    } finally {
      const stopped = run('pg-test-cluster.sh', ['stop', dir!]);
      expect(stopped.status, stopped.stderr).toBe(0);
    }
    expect(existsSync(dir!)).toBe(false);
  });

  it('refuses to remove a directory it did not create', () => {
    const r = run('pg-test-cluster.sh', ['stop', '/tmp']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('refusing to remove /tmp');
  });
});
