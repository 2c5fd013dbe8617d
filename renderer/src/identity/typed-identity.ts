// A person identified by typing their ID number on the keypad (only where the service's catalog entry
// allows 'typed'). It is the weakest identity: nothing proves the person holds the number, so the name
// must be typed too, and nothing is taken from a card that was never read — no address, no nation, no
// photo. Birth date and gender follow from a GB 11643-valid number itself. Pure; tested directly.
import type { CardIdentity } from '../../../main/api/devices.js';
import { validateResidentIdNumber, type IdNumberProblem } from '../../../sync/protocol/id-numbers.js';
import type { MessageKey } from '../i18n/index.js';

/** The form engine's words for each problem, so the keypad and the form say the same thing. */
export const TYPED_ID_MESSAGES: Readonly<Record<IdNumberProblem, MessageKey>> = {
  length: 'form.error.idLength',
  characters: 'form.error.idCharacters',
  region: 'form.error.idRegion',
  birth_date: 'form.error.idBirthDate',
  check_digit: 'form.error.idCheckDigit',
};

export const MAX_TYPED_NAME_LENGTH = 30;

export type TypedIdentityProblems = Partial<Record<'idNumber' | 'name', MessageKey>>;

/** C0/C1 controls and line separators never belong in a name. */
function hasControlChars(s: string): boolean {
  return Array.from(s).some((ch) => {
    const c = ch.codePointAt(0)!;
    return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c === 0x2028 || c === 0x2029;
  });
}

export function checkTypedName(raw: string): MessageKey | null {
  const name = raw.trim();
  if (name === '') return 'identify.typed.nameRequired';
  if (Array.from(name).length > MAX_TYPED_NAME_LENGTH || hasControlChars(name) || /\d/.test(name)) return 'identify.typed.nameInvalid';
  return null;
}

export function checkTypedIdNumber(raw: string, today: Date = new Date()): MessageKey | null {
  const result = validateResidentIdNumber(raw, today);
  return result.ok ? null : TYPED_ID_MESSAGES[result.error];
}

/** The session identity for a typed number and name, or the problem next to each field. */
export function typedIdentity(
  rawIdNumber: string,
  rawName: string,
  today: Date = new Date(),
): { ok: true; value: CardIdentity } | { ok: false; problems: TypedIdentityProblems } {
  const problems: TypedIdentityProblems = {};
  const id = validateResidentIdNumber(rawIdNumber, today);
  if (!id.ok) problems.idNumber = TYPED_ID_MESSAGES[id.error];
  const nameProblem = checkTypedName(rawName);
  if (nameProblem) problems.name = nameProblem;
  if (!id.ok || nameProblem) return { ok: false, problems };
  const number = id.value;
  return {
    ok: true,
    value: {
      cardType: 'resident',
      name: rawName.trim(),
      gender: Number(number[16]) % 2 === 1 ? 'male' : 'female',
      birthDate: `${number.slice(6, 10)}-${number.slice(10, 12)}-${number.slice(12, 14)}`,
      address: '',
      idNumber: number,
      idNumberValid: true,
      issuer: '',
      validFrom: '',
      validUntil: null,
      expired: false,
      photo: { decoded: false },
      identifiedBy: 'typed',
    },
  };
}

/**
 * A physical keypad has no X key: the last character of an ID number may also be typed as '*' (the
 * key beside 0 on teller keypads) or a lower-case x. Anything else that is not a digit is dropped.
 */
export function keypadIdInput(current: string, key: string): string | null {
  if (/^\d$/.test(key)) return current.length < 18 ? current + key : current;
  if (key === 'X' || key === 'x' || key === '*') return current.length === 17 ? `${current}X` : current;
  return null;
}
