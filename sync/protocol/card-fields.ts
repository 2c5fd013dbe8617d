// The text fields of an identity card, as every reader of them agrees: the host's driver (which adds the photo
// and fingerprint bytes) and the renderer (which gets only whether the photo decoded). Defined once here.
import type { CardType } from './catalog.js';

export interface CardTextFields {
  readonly cardType: CardType;
  readonly name: string;
  /** Foreigner's cards carry an English name. */
  readonly englishName?: string;
  readonly gender: 'male' | 'female' | 'unknown' | 'unstated';
  readonly nationCode?: string;
  /** YYYY-MM-DD */
  readonly birthDate: string;
  readonly address: string;
  /** ID number, permanent residence card number, or residence permit number. */
  readonly idNumber: string;
  readonly idNumberValid: boolean;
  readonly issuer: string;
  /** YYYY-MM-DD */
  readonly validFrom: string;
  /** null = 长期 (no expiry). */
  readonly validUntil: string | null;
  readonly expired: boolean;
}
