// What every device driver offers the host, whatever its transport (real port, simulator on a pty
// pair, or an in-memory fake in unit tests). See ARCHITECTURE rules 2 and 3.
import type { DeviceStatus } from '../../sync/protocol/device-health.js';

export type Unsubscribe = () => void;

export interface Device {
  readonly deviceId: string;
  /** Current status; listeners are told only when it changes. */
  status(): DeviceStatus;
  onStatus(listener: (status: DeviceStatus) => void): Unsubscribe;
  /** Opens the transport and starts the driver's loop. Errors become statuses, never throws. */
  start(): Promise<void>;
  /** Closes the transport; idempotent. */
  stop(): Promise<void>;
}
