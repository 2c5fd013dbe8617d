// Device status as the host reports it to the renderer and, in heartbeats, to the platform.
export type DeviceClass = 'id-card' | 'receipt-printer' | 'qr-scanner' | 'a4-printer' | 'document-camera';

/** A typed union, reported only when it changes (ARCHITECTURE rule 3). */
export type DeviceStatus =
  | { readonly kind: 'starting' }
  | { readonly kind: 'ready' }
  | { readonly kind: 'busy' }
  | { readonly kind: 'no_device'; readonly detail: string }
  | { readonly kind: 'paper_near_end' }
  | { readonly kind: 'paper_out' }
  | { readonly kind: 'cover_open' }
  | { readonly kind: 'offline' }
  | { readonly kind: 'error'; readonly code: string; readonly detail: string }
  | { readonly kind: 'disabled' };

export interface DeviceStatusReport {
  readonly deviceId: string;
  readonly deviceClass: DeviceClass;
  readonly status: DeviceStatus;
  /** ISO time of the change. */
  readonly since: string;
  /** Last error seen, kept after recovery for the staff device panel. */
  readonly lastError?: string;
  /** ISO time lastError was seen. */
  readonly lastErrorAt?: string;
}

export function sameStatus(a: DeviceStatus, b: DeviceStatus): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
