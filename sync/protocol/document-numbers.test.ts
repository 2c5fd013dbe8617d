import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildExitEntryPermitMrz,
  buildPassportMrz,
  mrzCheckDigit,
  mrzCharValue,
  parseExitEntryPermitMrz,
  parsePassportMrz,
} from './document-numbers.js';

const TODAY = new Date('2026-11-22T00:00:00Z');
// The specimen in ICAO Doc 9303 part 4.
const ICAO_L1 = 'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<';
const ICAO_L2 = 'L898902C36UTO7408122F1204159ZE184226B<<<<<10';

describe('MRZ check digits', () => {
  it('values characters as ICAO says: < = 0, digits, A–Z = 10–35', () => {
    expect(mrzCharValue('<')).toBe(0);
    expect(mrzCharValue('7')).toBe(7);
    expect(mrzCharValue('A')).toBe(10);
    expect(mrzCharValue('Z')).toBe(35);
    expect(mrzCharValue('a')).toBe(-1);
  });

  it('computes the ICAO specimen check digits', () => {
    expect(mrzCheckDigit('L898902C3')).toBe(6);
    expect(mrzCheckDigit('740812')).toBe(2);
    expect(mrzCheckDigit('120415')).toBe(9);
    expect(mrzCheckDigit('ZE184226B<<<<<')).toBe(1);
  });

  it('parses the ICAO specimen passport with every check passing', () => {
    const r = parsePassportMrz(ICAO_L1, ICAO_L2, TODAY);
    expect(r).toMatchObject({
      ok: true,
      value: {
        surname: 'ERIKSSON',
        givenNames: 'ANNA MARIA',
        documentNumber: 'L898902C3',
        nationality: 'UTO',
        birthDate: '1974-08-12',
        sex: 'F',
        personalNumber: 'ZE184226B',
      },
    });
  });

  it('names the failing check', () => {
    expect(parsePassportMrz(ICAO_L1, 'L898902C37' + ICAO_L2.slice(10), TODAY)).toEqual({ ok: false, error: 'document_number_check' });
    expect(parsePassportMrz(ICAO_L1, ICAO_L2.slice(0, 43) + '9', TODAY)).toEqual({ ok: false, error: 'composite_check' });
    expect(parsePassportMrz(ICAO_L1, ICAO_L2.slice(0, 43), TODAY)).toEqual({ ok: false, error: 'length' });
    expect(parsePassportMrz(ICAO_L1, ICAO_L2.replace('UTO', 'uTO'), TODAY)).toEqual({ ok: false, error: 'characters' });
  });

  it('parses an exit-entry permit line and refuses a wrong composite', () => {
    const line = buildExitEntryPermitMrz({ permitType: 'CS', documentNumber: 'C12345678', expiry: '300115', birth: '850203' });
    expect(line).toHaveLength(30);
    expect(parseExitEntryPermitMrz(line, TODAY)).toEqual({
      ok: true,
      value: { line, permitType: 'CS', documentNumber: 'C12345678', expiryDate: '2030-01-15', birthDate: '1985-02-03' },
    });
    const bad = line.slice(0, 29) + String((Number(line[29]) + 1) % 10);
    expect(parseExitEntryPermitMrz(bad, TODAY)).toEqual({ ok: false, error: 'composite_check' });
    expect(parseExitEntryPermitMrz('CX' + line.slice(2), TODAY)).toEqual({ ok: false, error: 'format' });
  });

  const date = fc
    .tuple(fc.integer({ min: 0, max: 99 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }))
    .map(([y, m, d]) => [y, m, d].map((n) => String(n).padStart(2, '0')).join(''));
  const docNo = fc.stringMatching(/^[A-Z][0-9A-Z]{8}$/);

  it('round-trips built passports, and any single changed character in line 2 is caught', () => {
    fc.assert(
      fc.property(docNo, date, date, fc.constantFrom('M', 'F') as fc.Arbitrary<'M' | 'F'>, fc.nat(43), fc.nat(9), (doc, birth, expiry, sex, pos, bump) => {
        const [l1, l2] = buildPassportMrz({
          issuingState: 'CHN',
          surname: 'ZHANG',
          givenNames: 'SAN',
          documentNumber: doc,
          nationality: 'CHN',
          birth,
          sex,
          expiry,
        });
        const good = parsePassportMrz(l1, l2, TODAY);
        expect(good.ok).toBe(true);
        // Replace one digit of a checked numeric field by another digit: the weights 7-3-1 are all prime to 10.
        const c = l2[pos]!;
        if (!/\d/.test(c) || (pos >= 10 && pos <= 12) || pos === 20 || (pos >= 28 && pos <= 42)) return;
        const changed = String((Number(c) + 1 + (bump % 9)) % 10);
        const mutated = l2.slice(0, pos) + changed + l2.slice(pos + 1);
        expect(parsePassportMrz(l1, mutated, TODAY).ok).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it('round-trips built exit-entry permit lines; a digit swapped in any checked field is caught', () => {
    fc.assert(
      fc.property(fc.constantFrom('CS', 'CD') as fc.Arbitrary<'CS' | 'CD'>, docNo, date, date, fc.nat(29), (type, doc, expiry, birth, pos) => {
        const line = buildExitEntryPermitMrz({ permitType: type, documentNumber: doc, expiry, birth });
        expect(parseExitEntryPermitMrz(line, TODAY).ok).toBe(true);
        const c = line[pos]!;
        if (!/\d/.test(c) || pos < 2) return;
        const mutated = line.slice(0, pos) + String((Number(c) + 5) % 10) + line.slice(pos + 1);
        expect(parseExitEntryPermitMrz(mutated, TODAY).ok).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });
});
