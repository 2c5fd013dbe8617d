// Terminal settings set by operators on the platform and pulled by terminals (issue 4: "terminal
// configuration (pulled)"). A default for every terminal and an override per terminal; the terminal applies
// them over its kiosk-config, field by field: a value it cannot accept is refused (and logged) and the local
// value kept. Only operational knobs live here; devices, identity and the platform URL stay in kiosk-config.
import { z } from 'zod';

export const TERMINAL_SETTINGS_PATHS = {
  /** Signed terminal GET: the settings that apply to the caller (default merged with its own). */
  pull: '/v1/terminals/settings',
  /** Operator PUT/GET: `default` or a terminal id. */
  admin: (scope: string) => `/v1/admin/terminal-settings/${encodeURIComponent(scope)}`,
  adminList: '/v1/admin/terminal-settings',
} as const;

export const DEFAULT_SETTINGS_SCOPE = 'default';

/** Each field is optional: only what the operator set is sent; everything else stays as kiosk-config says. */
export const terminalSettingsSchema = z.strictObject({
  /** session.idleTimeoutSeconds */
  idleTimeoutSeconds: z.number().int().min(15).max(3600).optional(),
  /** offline.maxQueued */
  offlineMaxQueued: z.number().int().min(1).max(100_000).optional(),
  /** offline.maxOldestAgeMinutes */
  offlineMaxOldestAgeMinutes: z.number().int().min(1).max(43_200).optional(),
  /** privacy.purgeRetentionHours: personal data kept this long after the platform acknowledged it. */
  purgeRetentionHours: z.number().int().min(1).max(2160).optional(),
});
export type TerminalSettings = z.infer<typeof terminalSettingsSchema>;
export const TERMINAL_SETTING_KEYS = Object.keys(terminalSettingsSchema.shape) as (keyof TerminalSettings)[];

export interface TerminalSettingsResponse {
  /** Default merged with the terminal's own (its own wins). Unknown to the terminal's version: ignored there. */
  settings: Record<string, unknown>;
  /** When the newest of the two was set (ISO); null when the operator set nothing. */
  updatedAt: string | null;
}

/**
 * What the terminal accepts of what the platform sent: each field checked on its own, so one bad value
 * does not throw away the good ones. `refused` names the fields kept local, with the reason (for the log).
 */
export function acceptSettings(raw: unknown): { accepted: TerminalSettings; refused: { field: string; reason: string }[] } {
  const accepted: Record<string, unknown> = {};
  const refused: { field: string; reason: string }[] = [];
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { accepted: {}, refused: [{ field: '(root)', reason: 'not an object' }] };
  }
  for (const [field, value] of Object.entries(raw)) {
    const shape = terminalSettingsSchema.shape as Record<string, z.ZodType | undefined>;
    const schema = shape[field];
    if (!schema) {
      refused.push({ field, reason: 'not a setting this terminal knows' });
      continue;
    }
    const r = schema.safeParse(value);
    if (r.success && r.data !== undefined) accepted[field] = r.data;
    else if (!r.success) refused.push({ field, reason: r.error.issues[0]?.message ?? 'invalid' });
  }
  return { accepted: accepted as TerminalSettings, refused };
}
