export { createTerminalHost, type TerminalHost, type TerminalHostOptions } from './host.js';
export { createAuditLog, type AuditEvent, type AuditLog } from './audit-log.js';
export { loadOrCreateLocalDataKey, LOCAL_DATA_KEY_FILE } from './local-data-key.js';
export { layoutReceipt } from './receipt-layout.js';
export { toCardIdentity } from './card-identity.js';
export { HostRefusal } from './errors.js';
export type { DeviceFactories } from './device-factories.js';
export { ID_CARD_DEVICE_ID, RECEIPT_PRINTER_DEVICE_ID } from './device-manager.js';
