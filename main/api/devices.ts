// Device-facing types the renderer sees. The host maps driver states onto these.
import type { CardType } from '../../sync/protocol/catalog.js';

import type { DeviceStatusReport } from '../../sync/protocol/device-health.js';

export type { DeviceClass, DeviceStatus, DeviceStatusReport } from '../../sync/protocol/device-health.js';

/** One device in a health snapshot: its status report plus how often it had to be re-opened. */
export interface DeviceHealthEntry extends DeviceStatusReport {
  /** Times it came back to ready after being lost (unplugged, erred, offline). */
  readonly reopenCount: number;
  /** Times the host dropped a wedged driver and made a fresh one. */
  readonly driverRestarts: number;
}

/** For the platform heartbeat (host.getDeviceHealth()) and the staff device panel. */
export interface DeviceHealthSnapshot {
  /** ISO time the snapshot was taken. */
  readonly at: string;
  readonly devices: readonly DeviceHealthEntry[];
}

/** An identity read from a card, as the renderer sees it. Dates are YYYY-MM-DD. */
export interface CardIdentity {
  readonly cardType: CardType;
  readonly name: string;
  /** Foreigner's cards carry an English name. */
  readonly englishName?: string;
  readonly gender: 'male' | 'female' | 'unknown' | 'unstated';
  readonly nationCode?: string;
  readonly birthDate: string;
  readonly address: string;
  readonly idNumber: string;
  readonly idNumberValid: boolean;
  readonly issuer: string;
  readonly validFrom: string;
  /** null = 长期 (no expiry). */
  readonly validUntil: string | null;
  readonly expired: boolean;
  /** The photo stays on the host; only whether it could be decoded is reported. */
  readonly photo: { readonly decoded: boolean };
}

export interface ScanEvent {
  readonly source: 'hid-pos' | 'serial' | 'keyboard-wedge';
  /** AIM symbology identifier without the leading ']' (e.g. 'Q1' for QR), '' when unknown. */
  readonly symbology: string;
  readonly text: string;
}
