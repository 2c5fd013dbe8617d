// The ID card reader as the host sees it. Implemented by the serial SAM driver (driver.ts, used for
// both a real reader and the simulator on a pty pair) and by an in-memory fake for unit tests.
import type { CardTextFields } from '../../sync/protocol/card-fields.js';
import type { UserFacingError } from '../../sync/protocol/result.js';
import type { Device, Unsubscribe } from '../core/device.js';

/** A card as the driver reads it: the shared text fields plus what stays on the host. */
export interface ParsedCard extends CardTextFields {
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
