// Command line and environment of sync/server/main.ts. Pure, so it is tested without starting anything.
// Precedence, as specified for the platform: environment > flags > defaults.
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { DEFAULT_MAX_ATTACHMENT_BYTES } from '../protocol/attachment.js';

export interface PlatformCliConfig {
  port: number;
  host: string;
  /** PGlite folder (unused when databaseUrl is set). */
  dataDir: string;
  databaseUrl: string | undefined;
  adminToken: string;
  /** How the admin token was chosen; a generated one is printed so the operator can use it. */
  adminTokenSource: 'env' | 'flag' | 'dev-default' | 'generated';
  devTerminals: boolean;
  corsOrigins: string[];
  /** Largest attachment accepted, bytes (YICHUANG_MAX_ATTACHMENT_BYTES; default 10 MiB). */
  maxAttachmentBytes: number;
  /**
   * Log every request at info (two lines each). Off by default: at thousands of requests a second the
   * logging alone costs a large share of a core (docs/scaling.md). Errors are logged either way.
   */
  logRequests: boolean;
}

export const DEFAULT_PORT = 7720;
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_DATA_DIR = '.data/platform';
/** Only with --dev-terminals: a known token for local development and tests. */
export const DEV_ADMIN_TOKEN = 'dev-admin-token';

export const USAGE = `usage: tsx sync/server/main.ts [--port 7720] [--host 127.0.0.1] [--data-dir .data/platform]
       [--dev-terminals] [--admin-token <token>] [--cors-origin <origin> ...] [--log-requests]
environment (used where no flag is given): YICHUANG_PLATFORM_PORT, DATABASE_URL, YICHUANG_PLATFORM_DATA, YICHUANG_ADMIN_TOKEN,
YICHUANG_MAX_ATTACHMENT_BYTES (largest attachment upload, default 10485760), YICHUANG_LOG_REQUESTS=1`;

export type CliResult = { ok: true; config: PlatformCliConfig } | { ok: false; message: string };

export function parsePlatformCli(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): CliResult {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'data-dir': { type: 'string' },
        'dev-terminals': { type: 'boolean', default: false },
        'admin-token': { type: 'string' },
        'cors-origin': { type: 'string', multiple: true },
        'log-requests': { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    return { ok: false, message: `${(e as Error).message}\n${USAGE}` };
  }
  if (values.help) return { ok: false, message: USAGE };

  const portText = values.port ?? nonEmpty(env.YICHUANG_PLATFORM_PORT) ?? String(DEFAULT_PORT);
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port < 0 || port > 65535) return { ok: false, message: `port must be 0-65535, got ${portText}` };

  const devTerminals = values['dev-terminals'] === true;
  const envToken = nonEmpty(env.YICHUANG_ADMIN_TOKEN);
  const flagToken = nonEmpty(values['admin-token']);
  const [adminToken, adminTokenSource]: [string, PlatformCliConfig['adminTokenSource']] = flagToken
    ? [flagToken, 'flag']
    : envToken
      ? [envToken, 'env']
      : devTerminals
        ? [DEV_ADMIN_TOKEN, 'dev-default']
        : [randomBytes(18).toString('base64url'), 'generated'];
  if (adminToken.length < 8) return { ok: false, message: 'admin token must be at least 8 characters' };
  const maxText = nonEmpty(env.YICHUANG_MAX_ATTACHMENT_BYTES) ?? String(DEFAULT_MAX_ATTACHMENT_BYTES);
  const maxAttachmentBytes = Number(maxText);
  if (!/^\d+$/.test(maxText) || maxAttachmentBytes < 1024 || maxAttachmentBytes > 1024 * 1024 * 1024) {
    return { ok: false, message: `YICHUANG_MAX_ATTACHMENT_BYTES must be 1024-1073741824 bytes, got ${maxText}` };
  }

  return {
    ok: true,
    config: {
      port,
      host: values.host ?? DEFAULT_HOST,
      dataDir: values['data-dir'] ?? nonEmpty(env.YICHUANG_PLATFORM_DATA) ?? DEFAULT_DATA_DIR,
      databaseUrl: nonEmpty(env.DATABASE_URL),
      adminToken,
      adminTokenSource,
      devTerminals,
      corsOrigins: values['cors-origin'] ?? [],
      maxAttachmentBytes,
      logRequests: values['log-requests'] === true || nonEmpty(env.YICHUANG_LOG_REQUESTS) === '1',
    },
  };
}

function nonEmpty(v: string | undefined): string | undefined {
  return v === undefined || v.trim() === '' ? undefined : v.trim();
}
