import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { writeField, encodeTextBlock } from './text-block-encoder.js';
import { SYNTHETIC_IDENTITIES, type SyntheticIdentity } from './synthetic-identities.js';
import { chinaToday, parseTextBlock, type CardText } from './text-block.js';

const NOW = () => new Date('2026-11-22T02:00:00Z');

function identity(layout: SyntheticIdentity['layout'], index = 0): SyntheticIdentity {
  const found = SYNTHETIC_IDENTITIES.filter((i) => i.layout === layout)[index];
  if (!found) throw new Error(`no synthetic ${layout}`);
  return found;
}

function parse(block: Uint8Array): CardText {
  const result = parseTextBlock(block, { now: NOW });
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.detail}`);
  return result.value;
}

describe('text block: resident ID card', () => {
  it('parses every field, dates as YYYY-MM-DD, 长期 as null', () => {
    const card = parse(encodeTextBlock(SYNTHETIC_IDENTITIES[0]!));
    expect(card).toMatchObject({
      cardType: 'resident',
      name: '张三丰',
      gender: 'male',
      nationCode: '01',
      birthDate: '1950-03-15',
      address: '北京市东城区示例胡同1号',
      idNumberValid: true,
      issuer: '北京市公安局东城分局',
      validFrom: '2010-04-01',
      validUntil: null,
      expired: false,
    });
    expect(card.idNumber).toMatch(/^11010119500315123[\dX]$/);
  });

  it('computes expiry against the injected clock, valid through the last day (China time)', () => {
    const expired = parse(encodeTextBlock(SYNTHETIC_IDENTITIES[1]!));
    expect(expired).toMatchObject({ gender: 'female', validUntil: '2020-05-01', expired: true });
    const block = encodeTextBlock(SYNTHETIC_IDENTITIES[1]!);
    // 2020-05-01 16:30 UTC is already 2020-05-02 in China.
    const lastDay = parseTextBlock(block, { now: () => new Date('2020-05-01T15:59:00Z') });
    expect(lastDay.ok && lastDay.value.expired).toBe(false);
    const dayAfter = parseTextBlock(block, { now: () => new Date('2020-05-01T16:30:00Z') });
    expect(dayAfter.ok && dayAfter.value.expired).toBe(true);
    expect(chinaToday(new Date('2020-05-01T16:30:00Z'))).toBe('2020-05-02');
  });

  it('flags a wrong check digit without failing the read', () => {
    const block = encodeTextBlock(SYNTHETIC_IDENTITIES[0]!);
    const card = parse(block);
    const wrong = card.idNumber.slice(0, 17) + (card.idNumber[17] === '0' ? '1' : '0');
    writeField(block, [122, 36], wrong);
    expect(parse(block).idNumberValid).toBe(false);
  });

  it('rejects an impossible date, naming the field but not the value', () => {
    const block = encodeTextBlock(SYNTHETIC_IDENTITIES[0]!);
    writeField(block, [36, 16], '19500231');
    const result = parseTextBlock(block, { now: NOW });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('unreadable_card');
      expect(result.error.detail).toContain('birthDate');
      expect(result.error.detail).not.toContain('19500231');
    }
  });

  it('rejects a bad gender or nation code and a wrong-sized block', () => {
    const block = encodeTextBlock(SYNTHETIC_IDENTITIES[0]!);
    writeField(block, [30, 2], '7');
    expect(parseTextBlock(block, { now: NOW }).ok).toBe(false);
    const nation = encodeTextBlock(SYNTHETIC_IDENTITIES[0]!);
    writeField(nation, [32, 4], '77');
    expect(parseTextBlock(nation, { now: NOW }).ok).toBe(false);
    expect(parseTextBlock(new Uint8Array(255), { now: NOW }).ok).toBe(false);
  });
});

describe('text block: other card types by the flag at offset 248', () => {
  it('parses the HK/Macau/Taiwan residence permit (J) with permit number and issue count', () => {
    const card = parse(encodeTextBlock(identity('hmt')));
    expect(card).toMatchObject({
      cardType: 'hmt_residence',
      typeFlag: 'J',
      name: '陈家明',
      birthDate: '1992-08-08',
      idNumberValid: true,
      permitNumber: 'H00000001',
      issueCount: 1,
      validUntil: '2027-01-10',
      expired: false,
    });
    expect(card.nationCode).toBeUndefined();
  });

  it('parses the 2023 foreigner’s permanent residence ID card (Y)', () => {
    const card = parse(encodeTextBlock(identity('foreigner-2023')));
    expect(card).toMatchObject({
      cardType: 'foreign_permanent',
      typeFlag: 'Y',
      name: '史密斯约翰',
      englishName: 'SMITH, JOHN EXAMPLE',
      nationCode: 'USA',
      birthDate: '1980-01-01',
      idNumberValid: true,
      validFrom: '2023-12-01',
      validUntil: '2033-12-01',
    });
  });

  it('joins a long English name split across offsets 52 and 220 on a Y card', () => {
    const base = identity('foreigner-2023');
    if (base.layout !== 'foreigner-2023') throw new Error('layout');
    const longName = 'VANDERBERGHE-LONGNAME, ALEXANDRA MARIA TESTING';
    const card = parse(encodeTextBlock({ ...base, fields: { ...base.fields, englishName: longName } }));
    expect(card.englishName).toBe(longName);
  });

  it('parses the old foreigner’s permanent residence card (I)', () => {
    const card = parse(encodeTextBlock(identity('foreigner-old')));
    expect(card).toMatchObject({
      cardType: 'foreign_permanent',
      typeFlag: 'I',
      name: '金敏俊',
      englishName: 'KIM, MINJUN SAMPLE',
      nationCode: 'KOR',
      idNumber: 'KOR318506120123',
      idNumberValid: true,
      birthDate: '1985-06-12',
      issuer: '3100',
    });
  });

  it('rejects an unknown type flag instead of guessing a layout', () => {
    const block = encodeTextBlock(SYNTHETIC_IDENTITIES[0]!);
    writeField(block, [248, 2], 'Q');
    const result = parseTextBlock(block, { now: NOW });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('unknown_card_type');
      expect(result.error.detail).toContain('U+0051');
      expect(result.error.message.zh).toMatch(/证件类型/);
    }
  });

  it('every synthetic identity parses, with a valid number and a label', () => {
    expect(SYNTHETIC_IDENTITIES.length).toBeGreaterThanOrEqual(4);
    for (const id of SYNTHETIC_IDENTITIES) {
      const card = parse(encodeTextBlock(id));
      expect(card.idNumberValid, id.label).toBe(true);
      expect(id.label).toMatch(/\(.+\)/);
    }
    const cards = SYNTHETIC_IDENTITIES.map((i) => parse(encodeTextBlock(i)));
    expect(cards.some((c) => c.expired)).toBe(true);
    expect(cards.some((c) => c.validUntil === null)).toBe(true);
  });
});

describe('text block, property-based', () => {
  const FUZZ_RUNS = Number(process.env['FUZZ_RUNS'] ?? 2_000);

  it('never throws on arbitrary bytes: a card, or a typed error', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 256, maxLength: 256 }), fc.constantFrom(' ', 'I', 'Y', 'J', 'Q'), (block, flag) => {
        writeField(block, [248, 2], flag);
        const result = parseTextBlock(block, { now: NOW });
        if (!result.ok) expect(['unknown_card_type', 'unreadable_card']).toContain(result.error.code);
      }),
      { numRuns: FUZZ_RUNS },
    );
  });

  it('never puts a field value into an error detail', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SYNTHETIC_IDENTITIES), fc.integer({ min: 0, max: 247 }), fc.integer({ min: 1, max: 0xffff }), (id, at, unit) => {
        const block = encodeTextBlock(id);
        const even = at - (at % 2);
        block[even] = unit & 0xff;
        block[even + 1] = unit >> 8;
        const result = parseTextBlock(block, { now: NOW });
        if (!result.ok) {
          const detail = result.error.detail ?? '';
          expect(detail).not.toContain(id.fields.idNumber.slice(0, 10));
          expect(detail).not.toContain(id.fields.birth);
          if ('name' in id.fields) expect(detail).not.toContain(id.fields.name);
        }
      }),
      { numRuns: FUZZ_RUNS },
    );
  });
});
