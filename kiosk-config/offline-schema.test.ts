// kiosk-config `offline` (the limits past which a terminal takes no new applications) and `privacy`.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatConfigError, PROFILE_NAMES, profilePath, validateKioskConfig } from './load.js';

const profile = (): Record<string, unknown> => JSON.parse(readFileSync(profilePath('service-hall-kiosk'), 'utf8')) as Record<string, unknown>;

describe('offline limits in kiosk-config', () => {
  it('every profile carries limits (defaults when the file says nothing)', () => {
    for (const name of PROFILE_NAMES) {
      const r = validateKioskConfig(JSON.parse(readFileSync(profilePath(name), 'utf8')));
      if (!r.ok) throw new Error(formatConfigError(r.error));
      expect(r.value.offline.maxQueued).toBeGreaterThan(0);
      expect(r.value.offline.maxOldestAgeMinutes).toBeGreaterThan(0);
    }
    const { offline: _none, ...withoutOffline } = profile();
    const r = validateKioskConfig(withoutOffline);
    if (!r.ok) throw new Error(formatConfigError(r.error));
    expect(r.value.offline).toEqual({ maxQueued: 500, maxOldestAgeMinutes: 4320 });
  });

  it('takes a partial block and fills the rest', () => {
    const r = validateKioskConfig({ ...profile(), offline: { maxQueued: 20 } });
    if (!r.ok) throw new Error(formatConfigError(r.error));
    expect(r.value.offline).toEqual({ maxQueued: 20, maxOldestAgeMinutes: 4320 });
  });

  it('names the field of a zero, a fraction or a misspelt key', () => {
    const problems = (offline: unknown): string => {
      const r = validateKioskConfig({ ...profile(), offline });
      return r.ok ? '' : formatConfigError(r.error);
    };
    expect(problems({ maxQueued: 0 })).toContain('offline.maxQueued');
    expect(problems({ maxOldestAgeMinutes: 1.5 })).toContain('offline.maxOldestAgeMinutes');
    expect(problems({ maxQueue: 10 })).toContain('offline');
  });

  it('privacy.purgeRetentionHours defaults to 24 hours and refuses zero', () => {
    const r = validateKioskConfig(profile());
    if (!r.ok) throw new Error(formatConfigError(r.error));
    expect(r.value.privacy).toEqual({ purgeRetentionHours: 24 });
    const bad = validateKioskConfig({ ...profile(), privacy: { purgeRetentionHours: 0 } });
    expect(bad.ok ? '' : formatConfigError(bad.error)).toContain('privacy.purgeRetentionHours');
  });
});
