// A person identified by a verified identity QR (扫码亮证) enters the session the way a card does, with
// only what the QR carries: name, ID number and card type. The host verifies the signature offline
// against the platform's cached keys; the renderer never parses the claims itself.
import type { CardIdentity } from '../../../main/api/devices.js';
import type { QrVerifiedIdentity, TerminalApi } from '../../../main/api/terminal-api.js';
import type { Result, UserFacingError } from '../../../sync/protocol/result.js';
import { IDENTITY_QR_PREFIX } from '../../../sync/protocol/qr-identity.js';

/** Only the prefix is looked at here; everything else is the host's verifier's job. */
export function isIdentityQrText(text: string): boolean {
  return text.startsWith(`${IDENTITY_QR_PREFIX}.`);
}

/** GB 11643: digits 7–14 are the birth date, the 17th digit is odd for men and even for women. */
export function cardFromQrIdentity(identity: QrVerifiedIdentity): CardIdentity {
  const id = identity.idNumber;
  const birth = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  return {
    cardType: identity.cardType,
    name: identity.name,
    gender: Number(id[16]) % 2 === 1 ? 'male' : 'female',
    birthDate: birth,
    address: '',
    idNumber: id,
    idNumberValid: true,
    issuer: '',
    validFrom: '',
    validUntil: null,
    // The QR's own lifetime was checked by the verifier; a card's validity is not known from it.
    expired: false,
    photo: { decoded: false },
    identifiedBy: 'qr',
  };
}

export async function identifyByQr(
  api: Pick<TerminalApi, 'verifyIdentityQr'>,
  text: string,
): Promise<Result<CardIdentity, UserFacingError>> {
  const verified = await api.verifyIdentityQr({ text });
  return verified.ok ? { ok: true, value: cardFromQrIdentity(verified.value) } : verified;
}
