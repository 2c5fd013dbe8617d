export * from './database.js';
export * from './catalog.js';
export * from './submit.js';
export * from './replication.js';
export * from './review.js';
