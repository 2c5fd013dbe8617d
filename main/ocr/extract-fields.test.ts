import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SYNTHETIC_VALUES } from '../../devices/document-camera/synthetic-documents.js';
import { parseExitEntryPermitMrz, parsePassportMrzLine2 } from '../../sync/protocol/document-numbers.js';
import { validateResidentIdNumber, validateUnifiedSocialCreditCode } from '../../sync/protocol/id-numbers.js';
import { extractDocumentFields, organisationCodeCheckPasses, type ExtractedField } from './extract-fields.js';

const TODAY = new Date('2026-11-22T00:00:00Z');
const ID = SYNTHETIC_VALUES.residentId; // 11010519491231002X
const USCC = SYNTHETIC_VALUES.uscc; // 91110108MA01ABCD5T
const [, TD3_L2] = SYNTHETIC_VALUES.passportMrz;
const PERMIT = SYNTHETIC_VALUES.permitMrz;

const kindsAndValues = (text: string) => extractDocumentFields(text, TODAY).map((f) => [f.kind, f.value]);

describe('extractDocumentFields', () => {
  it('reads an ID number split by spaces and with OCR look-alikes in digit positions', () => {
    const noisy = '公民 身份 号 码 ” 11O1O5 1949I231 OO2x';
    const [field] = extractDocumentFields(noisy, TODAY);
    expect(field).toEqual({ kind: 'resident_id', value: ID, corrected: true });
  });

  it('finds a credit code glued to garbage, reading O as 0 (USCC has no letter O)', () => {
    expect(kindsAndValues('Z1EARE91110108MAO1ABCD5T')).toEqual([['uscc', USCC]]);
    expect(kindsAndValues('统一 社会 信用 代码 9111 0108 MA01 ABCD 5T')).toEqual([['uscc', USCC]]);
  });

  it('reads the passport MRZ line 2 with look-alikes, and only with all check digits passing', () => {
    const noisy = TD3_L2.replace('8502038', '85O2O38').replace('CHN', 'CH N').replace('<<<<', '««');
    const fields = extractDocumentFields(`P<CHNZHANG<<9AN<<<<<\n${noisy}\n`, TODAY);
    expect(fields).toEqual([
      {
        kind: 'passport_mrz',
        value: 'E12345678',
        corrected: true,
        nationality: 'CHN',
        birthDate: '1985-02-03',
        expiryDate: '2031-01-15',
        sex: 'M',
        mrz: TD3_L2,
      },
    ]);
    // One wrong digit that is not a look-alike: nothing is offered.
    expect(extractDocumentFields(TD3_L2.replace('8502038', '8502039'), TODAY)).toEqual([]);
  });

  it('reads an exit-entry permit line whose CS came out as C9', () => {
    const noisy = 'C9' + PERMIT.slice(2);
    expect(extractDocumentFields(noisy, TODAY)).toEqual([
      {
        kind: 'exit_entry_permit_mrz',
        value: 'C12345678',
        corrected: true,
        permitType: 'CS',
        birthDate: '1985-02-03',
        expiryDate: '2030-01-15',
        mrz: PERMIT,
      },
    ]);
  });

  it('offers nothing for a number whose check digit fails', () => {
    expect(kindsAndValues(ID.slice(0, 17) + '1')).toEqual([]);
    expect(kindsAndValues(USCC.slice(0, 17) + 'A')).toEqual([]);
    // GB 32100 check passes but the inner GB 11714 organisation code check does not.
    expect(organisationCodeCheckPasses(USCC.slice(8, 17))).toBe(true);
    expect(organisationCodeCheckPasses('MA01ABCD6')).toBe(false);
  });

  it('reports each field once, in reading order', () => {
    expect(kindsAndValues(`${ID}\n${USCC}\n${ID}\n${PERMIT}`)).toEqual([
      ['resident_id', ID],
      ['uscc', USCC],
      ['exit_entry_permit_mrz', 'C12345678'],
    ]);
  });

  const passesItsChecks = (f: ExtractedField): boolean => {
    switch (f.kind) {
      case 'resident_id':
        return validateResidentIdNumber(f.value, TODAY).ok;
      case 'uscc':
        return validateUnifiedSocialCreditCode(f.value).ok && organisationCodeCheckPasses(f.value.slice(8, 17));
      case 'passport_mrz':
        return parsePassportMrzLine2(f.mrz, TODAY).ok;
      case 'exit_entry_permit_mrz':
        return parseExitEntryPermitMrz(f.mrz, TODAY).ok;
    }
  };

  it('offers only fields that pass their own checks, and never a one-character misreading of the true value (property)', () => {
    // Check digits catch every single changed character of their own field. What they cannot promise is
    // that a misread number is not, by chance, a valid number of another kind; that field still has to
    // pass all of that kind's checks, which the property verifies.
    const truths: Record<string, string> = { [ID]: 'resident_id', [USCC]: 'uscc', [TD3_L2]: 'passport_mrz', [PERMIT]: 'exit_entry_permit_mrz' };
    const trueValue: Record<string, string> = { resident_id: ID, uscc: USCC, passport_mrz: 'E12345678', exit_entry_permit_mrz: 'C12345678' };
    fc.assert(
      fc.property(
        fc.constantFrom(ID, USCC, TD3_L2, PERMIT),
        fc.nat(43),
        fc.constantFrom(...'0123456789ABCDEFGHJKLMNPQRTUWXY'.split('')),
        fc.string({ maxLength: 20 }),
        (value, pos, anyReplacement, noise) => {
          // ICAO's 7-3-1 check cannot tell characters whose values differ by 10 (4 vs E, E vs O, A vs K vs U):
          // a limit of the standard. MRZ lines are therefore mutated in their digit positions, with digits.
          const mrz = value === TD3_L2 || value === PERMIT;
          const replacement = mrz ? String(parseInt(anyReplacement, 36) % 10) : anyReplacement;
          const i = pos % value.length;
          if (mrz && !/\d/.test(value[i]!)) return;
          const mutated = value.slice(0, i) + replacement + value.slice(i + 1);
          for (const f of extractDocumentFields(`${noise}\n${mutated}\n${noise}`, TODAY)) {
            expect(passesItsChecks(f)).toBe(true);
            if (f.kind === truths[value]) expect(f.value).toBe(trueValue[f.kind]);
          }
        },
      ),
      { numRuns: 3000 },
    );
  });
});
