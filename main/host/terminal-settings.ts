// Settings operators set on the platform (sync/protocol/terminal-settings.ts), pulled by the host with a signed
// request and applied over the terminal's kiosk-config. Each field is checked on its own: a value this
// terminal cannot accept is refused with a log line naming the field, and the local value stays. The last
// accepted settings are kept in dataDir/platform-settings.json (written whole, then renamed), so a terminal
// that restarts while offline still runs with what the operator set.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { acceptSettings, EMPTY_BODY_SHA256, TERMINAL_SETTINGS_PATHS, type TerminalSettings } from '../../sync/protocol/index.js';
import type { Result, UserFacingError } from '../../sync/protocol/result.js';
import type { HostSignRequest } from './platform-identity.js';

export const PLATFORM_SETTINGS_FILE = 'platform-settings.json';

/** The settings the platform may change, as the host uses them. */
export interface EffectiveSettings {
  readonly idleTimeoutSeconds: number;
  readonly offlineLimits: { readonly maxQueued: number; readonly maxOldestAgeMinutes: number };
  readonly purgeRetentionHours: number;
}

export function applySettings(local: EffectiveSettings, s: TerminalSettings): EffectiveSettings {
  return {
    idleTimeoutSeconds: s.idleTimeoutSeconds ?? local.idleTimeoutSeconds,
    offlineLimits: {
      maxQueued: s.offlineMaxQueued ?? local.offlineLimits.maxQueued,
      maxOldestAgeMinutes: s.offlineMaxOldestAgeMinutes ?? local.offlineLimits.maxOldestAgeMinutes,
    },
    purgeRetentionHours: s.purgeRetentionHours ?? local.purgeRetentionHours,
  };
}

export interface TerminalSettingsOptions {
  readonly dataDir: string;
  readonly platformUrl: string;
  /** From kiosk-config: what applies where the operator set nothing. */
  readonly local: EffectiveSettings;
  readonly sign: (req: HostSignRequest) => Promise<Result<Record<string, string>, UserFacingError>>;
  readonly fetch?: typeof fetch;
  /** Between pulls (default 5 minutes). */
  readonly intervalMs?: number;
  readonly log?: (message: string) => void;
  /** Told when the effective settings change (not on every pull). */
  readonly onChange?: (settings: EffectiveSettings) => void;
}

export interface TerminalSettingsSource {
  current(): EffectiveSettings;
  /** One pull now: ok(changed) or the reason it failed (the settings stay as they were). */
  refresh(): Promise<Result<boolean, string>>;
  start(): void;
  stop(): void;
}

export function createTerminalSettings(opts: TerminalSettingsOptions): TerminalSettingsSource {
  const file = join(opts.dataDir, PLATFORM_SETTINGS_FILE);
  const log = opts.log ?? ((m: string) => console.log(`[host] ${m}`));
  const doFetch = opts.fetch ?? globalThis.fetch.bind(globalThis);
  const url = `${opts.platformUrl.replace(/\/+$/, '')}${TERMINAL_SETTINGS_PATHS.pull}`;
  let timer: NodeJS.Timeout | undefined;
  let first: NodeJS.Timeout | undefined;
  let lastRefusal = '';

  function accept(raw: unknown, from: string): TerminalSettings {
    const { accepted, refused } = acceptSettings(raw);
    const said = refused.map((r) => `${r.field} (${r.reason})`).join(', ');
    // Said when it changes, not on every pull.
    if (refused.length > 0 && said !== lastRefusal) log(`platform settings from ${from}: kept the local value of ${said}`);
    lastRefusal = said;
    return accepted;
  }

  function load(): TerminalSettings {
    if (!existsSync(file)) return {};
    try {
      return accept(JSON.parse(readFileSync(file, 'utf8')), PLATFORM_SETTINGS_FILE);
    } catch (e) {
      log(`${PLATFORM_SETTINGS_FILE} unreadable (${(e as Error).message}): using kiosk-config until the next pull`);
      return {};
    }
  }

  let accepted = load();
  let effective = applySettings(opts.local, accepted);

  const same = (a: EffectiveSettings, b: EffectiveSettings): boolean => JSON.stringify(a) === JSON.stringify(b);

  async function refresh(): Promise<Result<boolean, string>> {
    const signed = await opts.sign({ method: 'GET', url, bodySha256: EMPTY_BODY_SHA256 });
    if (!signed.ok) return { ok: false, error: `not signed: ${signed.error.code}` };
    let body: unknown;
    try {
      const res = await doFetch(url, { headers: signed.value, signal: AbortSignal.timeout(20_000) });
      if (!res.ok) return { ok: false, error: `platform answered ${res.status}` };
      body = await res.json();
    } catch (e) {
      return { ok: false, error: `platform unreachable: ${(e as Error).message}` };
    }
    const settings = (body as { settings?: unknown } | null)?.settings;
    const next = accept(settings ?? {}, 'the platform');
    const tmp = `${file}.tmp`;
    writeFileSync(tmp, JSON.stringify(next), { mode: 0o600 });
    renameSync(tmp, file);
    accepted = next;
    const before = effective;
    effective = applySettings(opts.local, accepted);
    if (same(before, effective)) return { ok: true, value: false };
    log(`platform settings applied: ${JSON.stringify(accepted)}`);
    opts.onChange?.(effective);
    return { ok: true, value: true };
  }

  return {
    current: () => effective,
    refresh,
    start() {
      const every = opts.intervalMs ?? 5 * 60_000;
      const tick = (): void => void refresh().catch((e: unknown) => log(`platform settings pull failed: ${(e as Error).message}`));
      timer = setInterval(tick, every);
      first = setTimeout(tick, Math.min(2000, every));
    },
    stop() {
      clearInterval(timer);
      clearTimeout(first);
    },
  };
}
