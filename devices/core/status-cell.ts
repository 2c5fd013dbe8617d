// Holds a device's current status and tells listeners only when it changes (ARCHITECTURE rule 3).
import { sameStatus, type DeviceStatus } from '../../sync/protocol/device-health.js';
import type { Unsubscribe } from './device.js';
import { Listeners } from './listeners.js';

export class StatusCell {
  private current: DeviceStatus;
  private readonly listeners = new Listeners<DeviceStatus>();

  constructor(initial: DeviceStatus = { kind: 'starting' }) {
    this.current = initial;
  }

  get(): DeviceStatus {
    return this.current;
  }

  set(next: DeviceStatus): void {
    if (sameStatus(this.current, next)) return;
    this.current = next;
    this.listeners.emit(next);
  }

  subscribe(listener: (status: DeviceStatus) => void): Unsubscribe {
    return this.listeners.add(listener);
  }
}
