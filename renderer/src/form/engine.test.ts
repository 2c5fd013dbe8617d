import { describe, expect, it } from 'vitest';
import type { FormField } from '../../../sync/protocol/catalog.js';
import { en } from '../i18n/en.js';
import { translate } from '../i18n/translate.js';
import { zhCN } from '../i18n/zh-CN.js';
import { sampleCard, sampleService, SAMPLE_ID, validResidentId } from '../test-support/fixtures.js';
import { displayValue, isMaskedWhileNotEditing, normalizeValues, prefilledKeys, prefillValues, validateField, validateForm } from './engine.js';

const field = (partial: Partial<FormField> & Pick<FormField, 'type'>): FormField => ({
  key: 'f',
  label: { zh: '字段', en: 'Field' },
  required: true,
  ...partial,
});
const today = new Date('2026-11-22T00:00:00Z');

describe('prefill', () => {
  it('takes each declared source from the card', () => {
    const values = prefillValues(sampleService.form, sampleCard);
    expect(values).toEqual({
      name: '张三丰',
      idNumber: SAMPLE_ID,
      phone: '',
      gender: 'male',
      nation: '汉',
      address: '北京市朝阳区建国路1号',
      postcode: '',
      lostOn: '',
    });
  });

  it('gives every field an empty string without a card', () => {
    expect(Object.values(prefillValues(sampleService.form, null)).every((v) => v === '')).toBe(true);
  });

  it('writes gender as a word in a free-text field and drops select values that are not options', () => {
    const text = field({ key: 'g', type: 'text', prefill: 'card.gender' });
    const select = field({ key: 's', type: 'select', prefill: 'card.gender', options: [{ value: 'F', label: { zh: '女', en: 'F' } }] });
    expect(prefillValues([text, select], sampleCard)).toEqual({ g: '男', s: '' });
  });

  it('knows which values still come from the card', () => {
    const values = { ...prefillValues(sampleService.form, sampleCard), address: '改过的地址' };
    const keys = prefilledKeys(sampleService.form, sampleCard, values);
    expect(keys.has('name')).toBe(true);
    expect(keys.has('address')).toBe(false);
    expect(keys.has('phone')).toBe(false);
  });
});

describe('validation', () => {
  it('requires required fields, not optional ones', () => {
    expect(validateField(field({ type: 'text' }), '  ')).toEqual({ message: 'form.error.required' });
    expect(validateField(field({ type: 'text', required: false }), '')).toBeNull();
  });

  it('checks ID numbers with GB 11643 and names the problem', () => {
    const f = field({ type: 'idNumber' });
    expect(validateField(f, SAMPLE_ID, today)).toBeNull();
    expect(validateField(f, SAMPLE_ID.toLowerCase(), today)).toBeNull();
    expect(validateField(f, '1234', today)?.message).toBe('form.error.idLength');
    expect(validateField(f, '11010519491231002A', today)?.message).toBe('form.error.idCharacters');
    expect(validateField(f, validResidentId('00010519491231002'), today)?.message).toBe('form.error.idRegion');
    expect(validateField(f, validResidentId('11010519491331002'), today)?.message).toBe('form.error.idBirthDate');
    const wrongCheck = SAMPLE_ID.slice(0, 17) + (SAMPLE_ID[17] === '1' ? '2' : '1');
    expect(validateField(f, wrongCheck, today)?.message).toBe('form.error.idCheckDigit');
  });

  it('accepts mobile and landline numbers as people type them', () => {
    const f = field({ type: 'phone' });
    for (const ok of ['13812345678', '138 1234 5678', '+86 138-1234-5678', '010-12345678', '0755 1234567']) {
      expect(validateField(f, ok), ok).toBeNull();
    }
    for (const bad of ['12345', '23812345678', '1381234567a']) {
      expect(validateField(f, bad)?.message, bad).toBe('form.error.phone');
    }
  });

  it('checks maxLength in characters (not UTF-16 units) and reports the limit', () => {
    const f = field({ type: 'text', maxLength: 3 });
    expect(validateField(f, '张三丰')).toBeNull();
    expect(validateField(f, '张三丰人')).toEqual({ message: 'form.error.tooLong', vars: { max: 3 } });
  });

  it('checks declared patterns, dates, numbers and select options', () => {
    expect(validateField(field({ type: 'text', pattern: '^\\d{6}$' }), '10002')?.message).toBe('form.error.pattern');
    expect(validateField(field({ type: 'text', pattern: '^\\d{6}$' }), '100020')).toBeNull();
    expect(validateField(field({ type: 'text', pattern: '([' }), 'anything')).toBeNull();
    expect(validateField(field({ type: 'date' }), '2026-02-30')?.message).toBe('form.error.date');
    expect(validateField(field({ type: 'date' }), '2024-02-29')).toBeNull();
    expect(validateField(field({ type: 'number' }), '12a')?.message).toBe('form.error.number');
    const select = field({ type: 'select', options: [{ value: 'a', label: { zh: '甲', en: 'A' } }] });
    expect(validateField(select, 'b')?.message).toBe('form.error.select');
    expect(validateField(select, 'a')).toBeNull();
  });

  it('validates a whole form prefilled from a valid card down to what the person must add', () => {
    const values = prefillValues(sampleService.form, sampleCard);
    expect(Object.keys(validateForm(sampleService.form, values, today))).toEqual(['phone']);
    expect(validateForm(sampleService.form, { ...values, phone: '13812345678' }, today)).toEqual({});
  });

  it('has words for every problem in both languages, with the limit filled in', () => {
    const problem = validateField(field({ type: 'text', maxLength: 5 }), '一二三四五六')!;
    expect(translate('zh-CN', problem.message, problem.vars)).toBe('最多填写 5 个字。');
    expect(translate('en', problem.message, problem.vars)).toBe('Please use at most 5 characters.');
    for (const key of Object.keys(zhCN).filter((k) => k.startsWith('form.error.'))) {
      expect(en[key as keyof typeof en]).toBeTruthy();
    }
  });
});

describe('masking and normalising', () => {
  it('masks ID numbers and card names where they are not being edited', () => {
    const [name, idNumber, phone] = sampleService.form as [FormField, FormField, FormField];
    expect(displayValue(idNumber, SAMPLE_ID)).toBe(`${SAMPLE_ID.slice(0, 3)}***********${SAMPLE_ID.slice(-4)}`);
    expect(displayValue(name, '张三丰')).toBe('张**');
    expect(displayValue(phone, '13812345678')).toBe('13812345678');
    expect(displayValue(idNumber, '')).toBe('');
    // On the form only ID numbers hide while not edited; the person checks their own name in full.
    expect(isMaskedWhileNotEditing(idNumber)).toBe(true);
    expect(isMaskedWhileNotEditing(name)).toBe(false);
  });

  it('stores trimmed values, upper-case ID numbers and phones without spaces', () => {
    const values = { ...prefillValues(sampleService.form, sampleCard), idNumber: ` ${SAMPLE_ID.toLowerCase()} `, phone: '138 1234 5678' };
    const out = normalizeValues(sampleService.form, values);
    expect(out.idNumber).toBe(SAMPLE_ID);
    expect(out.phone).toBe('13812345678');
  });
});
