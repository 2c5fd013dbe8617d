// The UVC document camera's status on the host. A UVC camera belongs to the screen (getUserMedia), so the
// host cannot look at it: the renderer reports what it sees (UvcCameraState, through reportUvcCamera) and
// this turns it into the same 'document-camera' status report the other devices have — for the staff
// panel, the device-status events and the heartbeats. 'starting' until the screen first reports.
import { sameStatus, type DeviceStatus, type DeviceStatusReport } from '../../sync/protocol/device-health.js';
import type { DocumentCameraConfig } from '../../kiosk-config/types.js';
import type { UvcCameraState } from '../api/devices.js';

export const UVC_CAMERA_DEVICE_ID = 'document-camera';

export interface UvcCameraStatus {
  /** Null unless this terminal's document camera is a UVC one. */
  report(): DeviceStatusReport | null;
  /** Takes the screen's report; false when this terminal has no UVC camera (enabled) to report on. */
  update(state: UvcCameraState): boolean;
  onStatus(listener: (report: DeviceStatusReport) => void): () => void;
}

/** The screen's view as a device status: staff read the code and the detail in the panel. */
export function uvcDeviceStatus(state: UvcCameraState): DeviceStatus {
  switch (state.kind) {
    case 'present':
      return { kind: 'ready' };
    case 'not_found':
      return { kind: 'no_device', detail: state.detail };
    case 'permission_denied':
      return { kind: 'error', code: 'permission_denied', detail: state.detail };
    case 'in_use':
      return { kind: 'error', code: 'in_use', detail: state.detail };
  }
}

export function createUvcCameraStatus(config: DocumentCameraConfig | undefined, now: () => Date = () => new Date()): UvcCameraStatus {
  const isUvc = config?.transport.kind === 'uvc';
  const enabled = isUvc && config.enabled;
  let report: DeviceStatusReport | null = isUvc
    ? {
        deviceId: UVC_CAMERA_DEVICE_ID,
        deviceClass: 'document-camera',
        status: enabled ? { kind: 'starting' } : { kind: 'disabled' },
        since: now().toISOString(),
      }
    : null;
  const listeners = new Set<(r: DeviceStatusReport) => void>();
  return {
    report: () => report,
    update(state) {
      if (!enabled || !report) return false;
      const status = uvcDeviceStatus(state);
      if (sameStatus(report.status, status)) return true;
      const at = now().toISOString();
      // Kept after recovery, as for every device: staff see what went wrong last and when.
      const newError =
        status.kind === 'error' ? `${status.code}: ${status.detail}` : status.kind === 'no_device' ? `no_device: ${status.detail}` : undefined;
      const lastError = newError ?? report.lastError;
      const lastErrorAt = newError !== undefined ? at : report.lastErrorAt;
      report = {
        deviceId: UVC_CAMERA_DEVICE_ID,
        deviceClass: 'document-camera',
        status,
        since: at,
        ...(lastError !== undefined ? { lastError } : {}),
        ...(lastErrorAt !== undefined ? { lastErrorAt } : {}),
      };
      for (const l of listeners) l(report);
      return true;
    },
    onStatus(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
