import { describe, expect, it } from 'vitest';
import { DEV_ADMIN_TOKEN, parsePlatformCli } from './cli-args.js';

describe('platform CLI', () => {
  it('has defaults', () => {
    const r = parsePlatformCli([], {});
    expect(r.ok && r.config).toMatchObject({ port: 7720, host: '127.0.0.1', dataDir: '.data/platform', databaseUrl: undefined, devTerminals: false, adminTokenSource: 'generated' });
  });

  it('reads flags, and the environment overrides them', () => {
    const argv = ['--port', '8000', '--host', '0.0.0.0', '--data-dir', '/tmp/x', '--dev-terminals', '--cors-origin', 'https://a.example'];
    const flags = parsePlatformCli(argv, {});
    expect(flags.ok && flags.config).toMatchObject({ port: 8000, host: '0.0.0.0', dataDir: '/tmp/x', devTerminals: true, adminToken: DEV_ADMIN_TOKEN, corsOrigins: ['https://a.example'] });
    const env = parsePlatformCli(argv, { PORT: '9000', YICHUANG_PLATFORM_DATA: '/data', DATABASE_URL: 'postgres://x/y', YICHUANG_ADMIN_TOKEN: 'from-env-123' });
    expect(env.ok && env.config).toMatchObject({ port: 9000, dataDir: '/data', databaseUrl: 'postgres://x/y', adminToken: 'from-env-123', adminTokenSource: 'env' });
  });

  it('refuses unknown flags and bad ports with usage', () => {
    const unknown = parsePlatformCli(['--prot', '1'], {});
    expect(unknown.ok).toBe(false);
    expect(!unknown.ok && unknown.message).toMatch(/usage/);
    expect(parsePlatformCli(['--port', 'abc'], {}).ok).toBe(false);
    expect(parsePlatformCli([], { PORT: '70000' }).ok).toBe(false);
  });
});
