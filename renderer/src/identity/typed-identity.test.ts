import { describe, expect, it } from 'vitest';
import { residentIdCheckChar } from '../../../sync/protocol/id-numbers.js';
import { checkTypedIdNumber, keypadIdInput, typedIdentity } from './typed-identity.js';

const TODAY = new Date('2026-11-22T00:00:00Z');
const valid = (first17: string) => first17 + residentIdCheckChar(first17);
const WOMAN = valid('44030519900721246');

describe('typed identity', () => {
  it('builds a weak identity from a valid number and a typed name: birth date and gender from the number, nothing else', () => {
    const r = typedIdentity(` ${WOMAN.toLowerCase()} `, '  李小梅 ', TODAY);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toMatchObject({
      name: '李小梅',
      idNumber: WOMAN,
      birthDate: '1990-07-21',
      gender: 'female',
      address: '',
      identifiedBy: 'typed',
      photo: { decoded: false },
    });
    expect(r.value.nationCode).toBeUndefined();
  });

  it('names what is wrong with the number: length, region, date, check digit', () => {
    expect(checkTypedIdNumber('11010519491231', TODAY)).toBe('form.error.idLength');
    expect(checkTypedIdNumber(valid('99010519491231002'), TODAY)).toBe('form.error.idRegion');
    expect(checkTypedIdNumber(valid('11010519491331002'), TODAY)).toBe('form.error.idBirthDate');
    expect(checkTypedIdNumber(valid('11010520991231002'), TODAY)).toBe('form.error.idBirthDate');
    const wrongCheck = WOMAN.slice(0, 17) + (WOMAN[17] === '1' ? '2' : '1');
    expect(checkTypedIdNumber(wrongCheck, TODAY)).toBe('form.error.idCheckDigit');
  });

  it('needs a name, and refuses digits or control characters in it', () => {
    expect(typedIdentity(WOMAN, '', TODAY)).toEqual({ ok: false, problems: { name: 'identify.typed.nameRequired' } });
    expect(typedIdentity(WOMAN, '李1', TODAY)).toEqual({ ok: false, problems: { name: 'identify.typed.nameInvalid' } });
    expect(typedIdentity(WOMAN, '李\u2028梅', TODAY)).toEqual({ ok: false, problems: { name: 'identify.typed.nameInvalid' } });
    expect(typedIdentity('123', '', TODAY)).toEqual({
      ok: false,
      problems: { idNumber: 'form.error.idLength', name: 'identify.typed.nameRequired' },
    });
  });

  it('keypad: digits up to 18, X (or * or x) only as the 18th character, other keys not ours', () => {
    expect(keypadIdInput('', '1')).toBe('1');
    expect(keypadIdInput('1'.repeat(18), '1')).toBe('1'.repeat(18));
    expect(keypadIdInput('1'.repeat(5), '*')).toBe('1'.repeat(5));
    expect(keypadIdInput('1'.repeat(17), '*')).toBe(`${'1'.repeat(17)}X`);
    expect(keypadIdInput('1'.repeat(17), 'x')).toBe(`${'1'.repeat(17)}X`);
    expect(keypadIdInput('1', 'Enter')).toBeNull();
  });
});
