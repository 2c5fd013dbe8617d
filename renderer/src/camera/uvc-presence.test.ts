// The screen's watch on its UVC camera, against an in-memory navigator.mediaDevices and permissions (the
// real browser path is e2e/uvc-camera.spec.ts): every change of what staff should see is reported once,
// nothing else is.
import { describe, expect, it } from 'vitest';
import type { UvcCameraState } from '../../../main/api/devices.js';
import { createUvcPresence } from './uvc-presence.js';
import type { UvcSettings } from './uvc-camera.js';

const SETTINGS: UvcSettings = { kind: 'uvc', width: 1280, height: 720, mime: 'image/jpeg' };

class FakeMedia extends EventTarget {
  cameras: { label: string }[] = [];
  /** What the next getUserMedia does: open, or throw a DOMException of this name. */
  next: 'open' | string = 'open';
  opened = 0;
  async enumerateDevices(): Promise<MediaDeviceInfo[]> {
    return this.cameras.map((c, i) => ({ kind: 'videoinput', label: c.label, deviceId: `cam${i}`, groupId: 'g' }) as unknown as MediaDeviceInfo);
  }
  async getUserMedia(): Promise<MediaStream> {
    if (this.next !== 'open') throw new DOMException('refused', this.next);
    this.opened++;
    return { getTracks: () => [{ stop() {} }] } as unknown as MediaStream;
  }
  plug(cameras: { label: string }[]): void {
    this.cameras = cameras;
    this.dispatchEvent(new Event('devicechange'));
  }
}

class FakePermission extends EventTarget {
  constructor(public state: PermissionState) {
    super();
  }
  set(state: PermissionState): void {
    this.state = state;
    this.dispatchEvent(new Event('change'));
  }
}

function watch(media: FakeMedia, permission: FakePermission | null, settings: UvcSettings = SETTINGS) {
  const reports: UvcCameraState[] = [];
  const presence = createUvcPresence({
    settings,
    media: media as unknown as MediaDevices,
    permissions: permission ? ({ query: async () => permission } as unknown as Permissions) : undefined,
    report: async (state) => {
      reports.push(state);
    },
  });
  return { presence, reports };
}

const settle = () => new Promise((r) => setTimeout(r, 10));

describe('UVC camera presence', () => {
  it('reports not found with no camera, present when one is plugged in, and not found again when it goes', async () => {
    const media = new FakeMedia();
    const { presence, reports } = watch(media, new FakePermission('prompt'));
    await presence.start();
    expect(reports).toEqual([{ kind: 'not_found', detail: 'enumerateDevices lists no video input' }]);
    media.plug([{ label: '' }]);
    await settle();
    media.plug([{ label: '' }]); // a second camera event that changes nothing is not reported
    await settle();
    media.plug([]);
    await settle();
    expect(reports.map((r) => r.kind)).toEqual(['not_found', 'present', 'not_found']);
    // Permission not yet granted: no probe ever opens the camera (no prompt on the citizen's screen).
    expect(media.opened).toBe(0);
    presence.stop();
  });

  it('probes once at start when the camera is already allowed, and reports a camera another program holds', async () => {
    const media = new FakeMedia();
    media.cameras = [{ label: 'USB Document Camera' }];
    media.next = 'NotReadableError';
    const { presence, reports } = watch(media, new FakePermission('granted'));
    await presence.start();
    expect(reports).toEqual([{ kind: 'present', label: 'USB Document Camera' }, { kind: 'in_use', detail: 'getUserMedia: NotReadableError' }]);
    // The other program lets go: the next capture opens it, and it is present again.
    media.next = 'open';
    const opened = await presence.open();
    expect(opened.ok).toBe(true);
    await settle();
    expect(reports.at(-1)).toEqual({ kind: 'present', label: 'USB Document Camera' });
    expect(reports).toHaveLength(3);
    presence.stop();
  });

  it('reports a refused permission, from the permission state or from a capture, until it is granted', async () => {
    const media = new FakeMedia();
    media.cameras = [{ label: '' }];
    const permission = new FakePermission('denied');
    const { presence, reports } = watch(media, permission);
    await presence.start();
    expect(reports).toEqual([{ kind: 'permission_denied', detail: 'camera permission state: denied' }]);
    permission.set('granted');
    expect(reports.at(-1)).toEqual({ kind: 'present' });

    // No permission API at all: a capture refused by the browser tells it.
    const other = new FakeMedia();
    other.cameras = [{ label: '' }];
    other.next = 'NotAllowedError';
    const second = watch(other, null);
    await second.presence.start();
    expect(second.reports).toEqual([{ kind: 'present' }]);
    expect((await second.presence.open()).ok).toBe(false);
    expect(second.reports.at(-1)).toEqual({ kind: 'permission_denied', detail: 'getUserMedia: NotAllowedError' });
    presence.stop();
    second.presence.stop();
  });

  it('looks for the configured camera by label once labels are listed', async () => {
    const media = new FakeMedia();
    media.cameras = [{ label: 'Integrated Webcam' }];
    const { presence, reports } = watch(media, new FakePermission('prompt'), { ...SETTINGS, label: 'Document' });
    await presence.start();
    expect(reports).toEqual([{ kind: 'not_found', detail: 'no camera whose label contains "Document" among 1' }]);
    media.plug([{ label: 'Integrated Webcam' }, { label: 'Eloam Document Camera' }]);
    await settle();
    expect(reports.at(-1)).toEqual({ kind: 'present', label: 'Eloam Document Camera' });
    presence.stop();
  });

  it('started, stopped and started again at once (React StrictMode) reports once and follows changes', async () => {
    const media = new FakeMedia();
    media.cameras = [{ label: 'USB Document Camera' }];
    const { presence, reports } = watch(media, new FakePermission('granted'));
    const first = presence.start();
    presence.stop();
    await Promise.all([first, presence.start()]);
    expect(reports).toEqual([{ kind: 'present', label: 'USB Document Camera' }]);
    expect(media.opened).toBe(1); // one probe, not two
    media.plug([]);
    await settle();
    expect(reports.at(-1)).toEqual({ kind: 'not_found', detail: 'enumerateDevices lists no video input' });
    presence.stop();
  });

  it('says so when the page has no mediaDevices at all (not a secure context)', async () => {
    const reports: UvcCameraState[] = [];
    const presence = createUvcPresence({ settings: SETTINGS, media: undefined, report: async (s) => void reports.push(s) });
    await presence.start();
    expect(reports).toEqual([{ kind: 'not_found', detail: 'navigator.mediaDevices is not available (not a secure context?)' }]);
  });

  it('sends again what did not arrive, and everything again when the host connection comes back', async () => {
    const media = new FakeMedia();
    media.cameras = [{ label: '' }];
    let hostUp = false;
    const reports: UvcCameraState[] = [];
    const presence = createUvcPresence({
      settings: SETTINGS,
      media: media as unknown as MediaDevices,
      report: async (s) => {
        if (!hostUp) throw new Error('host away');
        reports.push(s);
      },
    });
    await presence.start();
    await settle();
    expect(reports).toEqual([]);
    hostUp = true;
    presence.resend();
    presence.resend(); // a restarted host forgot it: sent again on every reconnection
    expect(reports).toEqual([{ kind: 'present' }, { kind: 'present' }]);
    presence.stop();
  });
});
