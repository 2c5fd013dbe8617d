// The ID card reader as the host sees it. Implemented by the serial SAM driver (driver.ts, used for
// both a real reader and the simulator on a pty pair) and by an in-memory fake for unit tests.
import type { CardType } from '../../sync/protocol/catalog.js';
import type { UserFacingError } from '../../sync/protocol/result.js';
import type { Device, Unsubscribe } from '../core/device.js';

export interface ParsedCard {
  readonly cardType: CardType;
  readonly name: string;
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
  readonly validFrom: string;
  /** null = 长期 (no expiry). */
  readonly validUntil: string | null;
  readonly expired: boolean;
  /** HK/Macau/Taiwan residence permit: permit number and issue count. */
  readonly permitNumber?: string;
  readonly issueCount?: number;
  /** WLT-encoded photo, kept as bytes; decoded through a pluggable decoder when one is installed. */
  readonly photoWlt: Uint8Array;
  readonly photoBmp?: Uint8Array;
  readonly fingerprint?: Uint8Array;
}

export type CardEvent =
  | { readonly type: 'card-present'; readonly card: ParsedCard }
  | { readonly type: 'card-removed' }
  /** A card was on the reader but could not be read or parsed; the loop goes on. */
  | { readonly type: 'card-error'; readonly error: UserFacingError };

export interface IdCardReader extends Device {
  onCard(listener: (event: CardEvent) => void): Unsubscribe;
}

/** Vendor WLT decoders plug in here; none is installed by default. */
export interface PhotoDecoder {
  decode(wlt: Uint8Array): Promise<Uint8Array | null>;
}
