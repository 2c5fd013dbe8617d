import { describe, expect, it } from 'vitest';
import { FakeIdCardReader } from './fake.js';
import type { CardEvent } from './reader.js';
import { SYNTHETIC_IDENTITIES } from './synthetic-identities.js';

describe('FakeIdCardReader', () => {
  it('emits present, removed and errors the way the driver does', async () => {
    const fake = new FakeIdCardReader('fake', () => new Date('2026-11-22T00:00:00Z'));
    const events: CardEvent[] = [];
    fake.onCard((e) => events.push(e));
    await fake.start();
    expect(fake.status()).toEqual({ kind: 'ready' });
    const card = fake.placeCard(SYNTHETIC_IDENTITIES[1]!);
    expect(card).toMatchObject({ name: '李小梅', expired: true, idNumberValid: true });
    fake.placeCard(SYNTHETIC_IDENTITIES[0]!);
    fake.removeCard();
    fake.removeCard();
    fake.failRead({ code: 'read_failed', message: { zh: '读取失败', en: 'Read failed' } });
    expect(events.map((e) => e.type)).toEqual(['card-present', 'card-removed', 'card-present', 'card-removed', 'card-error']);
  });
});
