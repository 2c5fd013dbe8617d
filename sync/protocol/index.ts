export * from './result.js';
export * from './id-numbers.js';
export * from './bilingual.js';
export * from './catalog.js';
export * from './application.js';
export * from './replication.js';
export * from './device-health.js';
export * from './rxdb-schemas.js';
