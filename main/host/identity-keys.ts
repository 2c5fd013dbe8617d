// The platform's identity-QR public keys, kept in the host's data folder so a scanned 扫码亮证 QR is
// verified with no network at all. Fetched on start and then periodically (GET /v1/keys/identity, public,
// no terminal credential needed); a failed fetch keeps the cached set. The keys are public, so the
// file is not secret, but it is trust material: only a set that passes the schema replaces it.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { IDENTITY_QR_PATHS, identityKeySetSchema, type IdentityPublicKey } from '../../sync/protocol/index.js';

export const IDENTITY_KEYS_FILE = 'identity-keys.json';

export interface IdentityKeyCacheOptions {
  readonly dataDir: string;
  readonly platformUrl: string;
  readonly fetch?: typeof fetch;
  /** Between successful refreshes (default 10 min: a rotated key is published a day ahead of need). */
  readonly refreshMs?: number;
  /** After a failed refresh (default 30 s). */
  readonly retryMs?: number;
  readonly log?: (message: string) => void;
}

export interface IdentityKeyCache {
  keys(): readonly IdentityPublicKey[];
  /** Fetches the key set now; true when a new set was stored. Never throws. */
  refresh(): Promise<boolean>;
  start(): void;
  stop(): void;
}

const FETCH_TIMEOUT_MS = 10_000;

export function createIdentityKeyCache(opts: IdentityKeyCacheOptions): IdentityKeyCache {
  const file = join(opts.dataDir, IDENTITY_KEYS_FILE);
  const doFetch = opts.fetch ?? fetch;
  const log = opts.log ?? ((m: string) => console.log(`[host] ${m}`));
  const refreshMs = opts.refreshMs ?? 10 * 60_000;
  const retryMs = opts.retryMs ?? 30_000;
  let keys: readonly IdentityPublicKey[] = load();
  let timer: NodeJS.Timeout | undefined;
  let stopped = true;

  function load(): readonly IdentityPublicKey[] {
    if (!existsSync(file)) return [];
    try {
      return identityKeySetSchema.parse(JSON.parse(readFileSync(file, 'utf8'))).keys;
    } catch {
      log(`identity keys: ${IDENTITY_KEYS_FILE} is not a valid key set; ignored until the next refresh`);
      return [];
    }
  }

  async function refresh(): Promise<boolean> {
    try {
      const url = new URL(IDENTITY_QR_PATHS.keys, opts.platformUrl);
      const res = await doFetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), headers: { accept: 'application/json' } });
      if (!res.ok) {
        log(`identity keys: platform answered ${res.status}; keeping ${keys.length} cached key(s)`);
        return false;
      }
      const parsed = identityKeySetSchema.safeParse(await res.json());
      if (!parsed.success || parsed.data.keys.length === 0) {
        log(`identity keys: platform sent no valid key set; keeping ${keys.length} cached key(s)`);
        return false;
      }
      const tmp = `${file}.tmp`;
      writeFileSync(tmp, `${JSON.stringify(parsed.data)}\n`, { mode: 0o600 });
      renameSync(tmp, file);
      keys = parsed.data.keys;
      return true;
    } catch (e) {
      log(`identity keys: refresh failed (${(e as Error).name}); keeping ${keys.length} cached key(s)`);
      return false;
    }
  }

  function schedule(ms: number): void {
    if (stopped) return;
    timer = setTimeout(() => {
      void refresh().then((fresh) => schedule(fresh ? refreshMs : retryMs));
    }, ms);
    timer.unref();
  }

  return {
    keys: () => keys,
    refresh,
    start() {
      if (!stopped) return;
      stopped = false;
      schedule(0);
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
