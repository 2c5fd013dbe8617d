export * from './terminal-api.js';
export * from './devices.js';
export * from './receipt.js';
export * from './rpc-wire.js';
export * from './speech.js';
export * from './attachments.js';
