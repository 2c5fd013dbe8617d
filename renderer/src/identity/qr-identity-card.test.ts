import { describe, expect, it } from 'vitest';
import { cardFromQrIdentity, identifyByQr, isIdentityQrText } from './qr-identity-card.js';

const ID_MALE = '110101195003151235';
const ID_FEMALE = '440305199007212462';

describe('identity QR → session identity', () => {
  it('recognises only the YCID1 prefix', () => {
    expect(isIdentityQrText('YCID1.abc.def')).toBe(true);
    expect(isIdentityQrText('yichuang://case/YC-1')).toBe(false);
    expect(isIdentityQrText('YCID10.abc')).toBe(false);
  });

  it('takes the birth date and gender from the ID number, and nothing the QR does not carry', () => {
    const man = cardFromQrIdentity({ name: '张三丰', idNumber: ID_MALE, cardType: 'resident', expiresAt: '2026-11-22T04:30:00Z' });
    expect(man).toMatchObject({ name: '张三丰', idNumber: ID_MALE, birthDate: '1950-03-15', gender: 'male', address: '', idNumberValid: true, expired: false });
    const woman = cardFromQrIdentity({ name: '李小梅', idNumber: ID_FEMALE, cardType: 'resident', expiresAt: '2026-11-22T04:30:00Z' });
    expect(woman.gender).toBe('female');
  });

  it('passes the verifier’s refusal through unchanged', async () => {
    const error = { code: 'bad_signature', message: { zh: '二维码签名无效', en: 'The QR code signature is not valid' } };
    const api = { verifyIdentityQr: async () => ({ ok: false as const, error }) };
    expect(await identifyByQr(api as never, 'YCID1.x.y')).toEqual({ ok: false, error });
  });
});
