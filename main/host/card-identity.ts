// ParsedCard (driver) → CardIdentity (renderer). The photo bytes and fingerprint stay on the host.
import type { ParsedCard } from '../../devices/id-card/reader.js';
import type { CardIdentity } from '../api/devices.js';

export function toCardIdentity(card: ParsedCard): CardIdentity {
  // Built field by field (never spread): whatever the driver adds later does not leak to the renderer.
  const identity: CardIdentity = {
    cardType: card.cardType,
    name: card.name,
    ...(card.englishName !== undefined ? { englishName: card.englishName } : {}),
    gender: card.gender,
    ...(card.nationCode !== undefined ? { nationCode: card.nationCode } : {}),
    birthDate: card.birthDate,
    address: card.address,
    idNumber: card.idNumber,
    idNumberValid: card.idNumberValid,
    issuer: card.issuer,
    validFrom: card.validFrom,
    validUntil: card.validUntil,
    expired: card.expired,
    photo: { decoded: card.photoBmp !== undefined && card.photoBmp.length > 0 },
  };
  return identity;
}
