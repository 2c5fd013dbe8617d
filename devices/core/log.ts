// Driver logs: structured, and by rule free of personal data (no names, no ID numbers, no payloads).
export interface DeviceLogEntry {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly deviceId: string;
  readonly event: string;
  readonly detail?: string;
}

export type DeviceLogger = (entry: DeviceLogEntry) => void;

export const silentLogger: DeviceLogger = () => {};
