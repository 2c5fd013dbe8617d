import { describe, expect, it } from 'vitest';
import { DEV_ADMIN_TOKEN, parsePlatformCli } from './cli-args.js';

describe('platform CLI', () => {
  it('has defaults', () => {
    const r = parsePlatformCli([], {});
    expect(r.ok && r.config).toMatchObject({ port: 7720, host: '127.0.0.1', dataDir: '.data/platform', databaseUrl: undefined, devTerminals: false, adminTokenSource: 'generated' });
  });

  it('reads flags; the environment fills in only where no flag is given', () => {
    const argv = ['--port', '8000', '--host', '0.0.0.0', '--data-dir', '/tmp/x', '--dev-terminals', '--cors-origin', 'https://a.example'];
    const flags = parsePlatformCli(argv, {});
    expect(flags.ok && flags.config).toMatchObject({ port: 8000, host: '0.0.0.0', dataDir: '/tmp/x', devTerminals: true, adminToken: DEV_ADMIN_TOKEN, corsOrigins: ['https://a.example'] });
    const env = { YICHUANG_PLATFORM_PORT: '9000', YICHUANG_PLATFORM_DATA: '/data', DATABASE_URL: 'postgres://x/y', YICHUANG_ADMIN_TOKEN: 'from-env-123' };
    const flagsWin = parsePlatformCli(argv, env);
    expect(flagsWin.ok && flagsWin.config).toMatchObject({ port: 8000, dataDir: '/tmp/x', databaseUrl: 'postgres://x/y', adminToken: 'from-env-123', adminTokenSource: 'env' });
    const envOnly = parsePlatformCli([], env);
    expect(envOnly.ok && envOnly.config).toMatchObject({ port: 9000, dataDir: '/data' });
    // A generic PORT (set by many CI systems) does not move the platform.
    const generic = parsePlatformCli([], { PORT: '9999' });
    expect(generic.ok && generic.config.port).toBe(7720);
  });

  it('logs requests only when asked (--log-requests or YICHUANG_LOG_REQUESTS=1): off by default', () => {
    const config = (argv: string[], env: Record<string, string> = {}) => {
      const r = parsePlatformCli(argv, env);
      return r.ok ? r.config.logRequests : 'refused';
    };
    expect(config([])).toBe(false);
    expect(config(['--log-requests'])).toBe(true);
    expect(config([], { YICHUANG_LOG_REQUESTS: '1' })).toBe(true);
    expect(config([], { YICHUANG_LOG_REQUESTS: '0' })).toBe(false);
  });

  it('refuses unknown flags and bad ports with usage', () => {
    const unknown = parsePlatformCli(['--prot', '1'], {});
    expect(unknown.ok).toBe(false);
    expect(!unknown.ok && unknown.message).toMatch(/usage/);
    expect(parsePlatformCli(['--port', 'abc'], {}).ok).toBe(false);
    expect(parsePlatformCli([], { YICHUANG_PLATFORM_PORT: '70000' }).ok).toBe(false);
  });

  it('takes the attachment size limit from YICHUANG_MAX_ATTACHMENT_BYTES (default 10 MiB), refusing nonsense', () => {
    const d = parsePlatformCli([], {});
    expect(d.ok && d.config.maxAttachmentBytes).toBe(10 * 1024 * 1024);
    const set = parsePlatformCli([], { YICHUANG_MAX_ATTACHMENT_BYTES: '2097152' });
    expect(set.ok && set.config.maxAttachmentBytes).toBe(2097152);
    const bad = parsePlatformCli([], { YICHUANG_MAX_ATTACHMENT_BYTES: '10MB' });
    expect(!bad.ok && bad.message).toMatch(/YICHUANG_MAX_ATTACHMENT_BYTES/);
  });
});
