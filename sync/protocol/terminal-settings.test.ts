import { describe, expect, it } from 'vitest';
import { acceptSettings } from './terminal-settings.js';

describe('terminal settings from the platform', () => {
  it('takes good values and refuses bad ones field by field, naming why', () => {
    const r = acceptSettings({ idleTimeoutSeconds: 5, offlineMaxQueued: 50, purgeRetentionHours: 'one day', colour: 'red' });
    expect(r.accepted).toEqual({ offlineMaxQueued: 50 });
    expect(r.refused.map((x) => x.field).sort()).toEqual(['colour', 'idleTimeoutSeconds', 'purgeRetentionHours']);
    expect(r.refused.find((x) => x.field === 'colour')?.reason).toContain('not a setting');
  });

  it('refuses something that is not an object at all', () => {
    expect(acceptSettings([1, 2])).toEqual({ accepted: {}, refused: [{ field: '(root)', reason: 'not an object' }] });
  });
});
