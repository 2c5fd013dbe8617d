// Device-facing types the renderer sees. The host maps driver states onto these.
import type { CardTextFields } from '../../sync/protocol/card-fields.js';

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

/** An identity read from a card, as the renderer sees it: the shared text fields, never the photo bytes. */
export interface CardIdentity extends CardTextFields {
  /** The photo stays on the host; only whether it could be decoded is reported. */
  readonly photo: { readonly decoded: boolean };
  /**
   * How the renderer came to know this person when not from the card reader: a verified identity QR, or an
   * ID number and name typed on the keypad (the weakest: address, nation and photo are unknown). Absent: read
   * from the card by the host.
   */
  readonly identifiedBy?: 'qr' | 'typed';
}

export interface ScanEvent {
  readonly source: 'hid-pos' | 'serial' | 'keyboard-wedge';
  /** AIM symbology identifier without the leading ']' (e.g. 'Q1' for QR), '' when unknown. */
  readonly symbology: string;
  readonly text: string;
}

/**
 * How this terminal captures document pages: through the host (a vendor capture service, or its simulator:
 * captureDocument), or with a UVC camera the screen opens itself (getUserMedia).
 */
export type DocumentCameraInfo =
  | { readonly kind: 'host' }
  | {
      readonly kind: 'uvc';
      /** Part of the camera's label to choose it; the first camera when absent. */
      readonly label?: string;
      readonly width: number;
      readonly height: number;
      readonly mime: 'image/png' | 'image/jpeg';
    };

/**
 * What the screen sees of its UVC document camera (navigator.mediaDevices: enumerateDevices, devicechange,
 * the camera permission and the outcome of opening it). The renderer owns a UVC camera, so it tells the host
 * through reportUvcCamera — only when this changes — and the host reports it as the 'document-camera' device
 * (staff panel, heartbeats). Details are for staff: device counts, labels and DOMException names, nothing personal.
 */
export type UvcCameraState =
  /** A camera is listed (the configured one, when a label is set) and nothing refused it. */
  | { readonly kind: 'present'; readonly label?: string }
  /** No video input at all, or none whose label contains the configured one. */
  | { readonly kind: 'not_found'; readonly detail: string }
  /** The browser or the operating system refuses the camera to this page. */
  | { readonly kind: 'permission_denied'; readonly detail: string }
  /** It is listed but could not be opened: another program holds it (NotReadableError). */
  | { readonly kind: 'in_use'; readonly detail: string };

/** A page from the host-side document camera (高拍仪), as captureDocument returns it. */
export interface CapturedDocument {
  readonly imageBase64: string;
  readonly mime: 'image/png' | 'image/jpeg';
  readonly width: number;
  readonly height: number;
}

/**
 * A key field read from a page by OCR. Returned ONLY when its check digits pass, so it may be offered as
 * prefill — still for the person to confirm, never submitted unseen. Dates are YYYY-MM-DD.
 */
export type DocumentField =
  | { readonly kind: 'resident_id'; readonly value: string; readonly corrected: boolean }
  | { readonly kind: 'uscc'; readonly value: string; readonly corrected: boolean }
  | {
      readonly kind: 'passport_mrz';
      /** The passport number. */
      readonly value: string;
      /** OCR look-alikes (O/0, I/1, S/5, B/8 ...) were read in the position's own alphabet. */
      readonly corrected: boolean;
      readonly nationality: string;
      readonly birthDate: string;
      readonly expiryDate: string;
      readonly sex: 'M' | 'F' | 'X';
      /** MRZ line 2 as checked. */
      readonly mrz: string;
    }
  | {
      readonly kind: 'exit_entry_permit_mrz';
      /** The permit number. */
      readonly value: string;
      readonly corrected: boolean;
      readonly permitType: 'CS' | 'CD';
      readonly birthDate: string;
      readonly expiryDate: string;
      readonly mrz: string;
    };

export interface DocumentOcrReport {
  readonly fields: readonly DocumentField[];
  /** 0–100, the OCR's mean word confidence for the page; below ~60 suggests capturing again. */
  readonly textConfidence: number;
}

/** Generated pages the simulated document camera can have under it (simPlaceDocument). */
export type SimulatedDocumentKind =
  | 'id_card_copy'
  | 'business_licence'
  | 'passport_page'
  | 'exit_entry_permit'
  | 'id_card_copy_wrong_check';
