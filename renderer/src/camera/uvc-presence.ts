// Whether the screen's UVC document camera is there and usable, for staff and the platform: the host
// cannot see a camera the renderer owns, so this watches navigator.mediaDevices (enumerateDevices and
// devicechange), the camera permission (and its changes), and how each opening of the camera went, and
// tells the host the resulting UvcCameraState — only when it changes (and again when the host connection
// comes back, since a restarted host has forgotten it).
//
// 'in use' (another program holds the camera) can only be learnt by opening it: a capture does, and so does
// one short probe at start when the camera permission is already granted (so the probe can never put a
// permission prompt on the citizen's screen). A failed opening counts until an opening succeeds, the device
// list changes, or (for a refusal) the permission becomes granted.
import type { UvcCameraState } from '../../../main/api/devices.js';
import type { Result, UserFacingError } from '../../../sync/protocol/result.js';
import { openUvcStream, type UvcErrorCode, type UvcSettings } from './uvc-camera.js';

export interface UvcPresenceOptions {
  readonly settings: UvcSettings;
  /** navigator.mediaDevices (undefined outside a secure context). */
  readonly media: MediaDevices | undefined;
  /** navigator.permissions, when the browser has it. */
  readonly permissions?: Permissions | undefined;
  /** Sends a state to the host; a rejection means it did not arrive (it is sent again on resend()). */
  readonly report: (state: UvcCameraState) => Promise<unknown>;
}

export interface UvcPresence {
  /** First look (and probe), then follows device and permission changes. */
  start(): Promise<void>;
  stop(): void;
  /** Opens the camera for a capture (as openUvcStream) and notes how that went. */
  open(): Promise<Result<MediaStream, UserFacingError<UvcErrorCode>>>;
  /** The host (re)connected: tell it the current state again. */
  resend(): void;
  /** The state last worked out; null before the first look. */
  current(): UvcCameraState | null;
}

type OpenFailure = Exclude<UvcCameraState, { kind: 'present' }>;

/** What a failed opening says about the camera; null for failures that say nothing about it. */
function openFailure(error: UserFacingError<UvcErrorCode>): OpenFailure | null {
  const detail = error.detail ?? error.code;
  switch (error.code) {
    case 'camera_denied':
      return { kind: 'permission_denied', detail };
    case 'camera_busy':
      return { kind: 'in_use', detail };
    case 'no_device':
      return { kind: 'not_found', detail };
    default:
      return null;
  }
}

export function createUvcPresence(options: UvcPresenceOptions): UvcPresence {
  const { settings, media, permissions } = options;
  let cameras: readonly MediaDeviceInfo[] | null = null;
  let permission: PermissionState | 'unknown' = 'unknown';
  let lastOpen: OpenFailure | null = null;
  let state: UvcCameraState | null = null;
  /** JSON of the state the host has acknowledged receiving (null: it must be told). */
  let sent: string | null = null;
  let stopped = false;
  /** Each start() is a generation; a start overtaken by stop() (React's StrictMode runs effects twice) bails out. */
  let generation = 0;
  let listing = 0;
  let permissionStatus: PermissionStatus | null = null;

  const compute = (): UvcCameraState => {
    if (!media?.enumerateDevices || !media.getUserMedia)
      return { kind: 'not_found', detail: 'navigator.mediaDevices is not available (not a secure context?)' };
    const listed = cameras ?? [];
    if (listed.length === 0) return { kind: 'not_found', detail: 'enumerateDevices lists no video input' };
    let chosen: MediaDeviceInfo | undefined = listed[0];
    // Labels are only listed once the camera has been allowed; without them any camera may be the one.
    if (settings.label !== undefined && listed.some((d) => d.label !== '')) {
      const wanted = settings.label.toLowerCase();
      chosen = listed.find((d) => d.label.toLowerCase().includes(wanted));
      if (!chosen) return { kind: 'not_found', detail: `no camera whose label contains "${settings.label}" among ${listed.length}` };
    }
    if (permission === 'denied') return { kind: 'permission_denied', detail: 'camera permission state: denied' };
    if (lastOpen) return lastOpen;
    return chosen?.label ? { kind: 'present', label: chosen.label.slice(0, 200) } : { kind: 'present' };
  };

  const send = (): void => {
    if (stopped || !state) return;
    const json = JSON.stringify(state);
    if (json === sent) return;
    sent = json;
    options.report(state).catch(() => {
      // Not delivered (host away): forget it was sent, so the next change or resend() tries again.
      if (sent === json) sent = null;
    });
  };

  const update = (): void => {
    state = compute();
    send();
  };

  const list = async (): Promise<void> => {
    if (!media?.enumerateDevices) return;
    const mine = ++listing;
    try {
      const devices = await media.enumerateDevices();
      // A later listing (a second devicechange) has the last word.
      if (mine === listing) cameras = devices.filter((d) => d.kind === 'videoinput');
    } catch {
      if (mine === listing) cameras = [];
    }
  };

  const onDeviceChange = (): void => {
    void list().then(() => {
      // The camera was plugged in or out: an earlier 'not found' or 'in use' from opening it may be stale.
      if (lastOpen?.kind !== 'permission_denied') lastOpen = null;
      update();
    });
  };

  const onPermissionChange = (): void => {
    if (!permissionStatus) return;
    permission = permissionStatus.state;
    if (permission === 'granted' && lastOpen?.kind === 'permission_denied') lastOpen = null;
    update();
  };

  const noteOpen = (opened: Result<MediaStream, UserFacingError<UvcErrorCode>>): void => {
    if (opened.ok) {
      lastOpen = null;
      // Opened, so allowed: the list now has the cameras' labels.
      void list().then(update);
    } else lastOpen = openFailure(opened.error) ?? lastOpen;
    update();
  };

  return {
    async start() {
      const mine = ++generation;
      stopped = false;
      const current = (): boolean => mine === generation && !stopped;
      if (media?.addEventListener) media.addEventListener('devicechange', onDeviceChange);
      try {
        const status = (await permissions?.query({ name: 'camera' as PermissionName })) ?? null;
        if (status && current()) {
          permissionStatus = status;
          permission = status.state;
          status.addEventListener('change', onPermissionChange);
        }
      } catch {
        permission = 'unknown'; // a browser that cannot say: openings will tell
      }
      await list();
      if (!current()) return;
      update();
      // Allowed already: a short probe finds a camera another program holds, before a citizen needs it.
      if (permission === 'granted' && state?.kind === 'present') {
        const probed = await openUvcStream(settings, media);
        if (probed.ok) probed.value.getTracks().forEach((track) => track.stop());
        if (current()) noteOpen(probed);
      }
    },
    stop() {
      stopped = true;
      generation++;
      media?.removeEventListener?.('devicechange', onDeviceChange);
      permissionStatus?.removeEventListener('change', onPermissionChange);
    },
    async open() {
      const opened = await openUvcStream(settings, media);
      noteOpen(opened);
      return opened;
    },
    resend() {
      sent = null;
      send();
    },
    current: () => state,
  };
}
