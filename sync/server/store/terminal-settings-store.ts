// Operator-set terminal settings: a default and per-terminal overrides (sync/protocol/terminal-settings.ts).
import { DEFAULT_SETTINGS_SCOPE, type TerminalSettings, type TerminalSettingsResponse } from '../../protocol/index.js';
import type { Queryable } from '../db/types.js';

export interface StoredSettings {
  scope: string;
  settings: TerminalSettings;
  updatedAt: string;
}

/** Replaces the scope's settings whole (a field left out goes back to the terminal's own config). */
export async function putTerminalSettings(db: Queryable, scope: string, settings: TerminalSettings): Promise<StoredSettings> {
  const r = await db.query<{ updated_at: Date | string }>(
    `INSERT INTO terminal_settings (scope, settings, updated_at) VALUES ($1, $2::jsonb, now())
     ON CONFLICT (scope) DO UPDATE SET settings = EXCLUDED.settings, updated_at = EXCLUDED.updated_at
     RETURNING updated_at`,
    [scope, JSON.stringify(settings)],
  );
  return { scope, settings, updatedAt: new Date(r.rows[0]!.updated_at).toISOString() };
}

export async function listTerminalSettings(db: Queryable): Promise<StoredSettings[]> {
  const r = await db.query<{ scope: string; settings: TerminalSettings; updated_at: Date | string }>(
    `SELECT scope, settings, updated_at FROM terminal_settings ORDER BY scope = $1 DESC, scope`,
    [DEFAULT_SETTINGS_SCOPE],
  );
  return r.rows.map((row) => ({ scope: row.scope, settings: row.settings, updatedAt: new Date(row.updated_at).toISOString() }));
}

/** What applies to one terminal: the default, then its own on top. */
export async function effectiveTerminalSettings(db: Queryable, terminalId: string): Promise<TerminalSettingsResponse> {
  const r = await db.query<{ scope: string; settings: Record<string, unknown>; updated_at: Date | string }>(
    `SELECT scope, settings, updated_at FROM terminal_settings WHERE scope = $1 OR scope = $2`,
    [DEFAULT_SETTINGS_SCOPE, terminalId],
  );
  const base = r.rows.find((row) => row.scope === DEFAULT_SETTINGS_SCOPE);
  const own = r.rows.find((row) => row.scope === terminalId);
  const times = r.rows.map((row) => new Date(row.updated_at).getTime());
  return {
    settings: { ...(base?.settings ?? {}), ...(own?.settings ?? {}) },
    updatedAt: times.length > 0 ? new Date(Math.max(...times)).toISOString() : null,
  };
}
