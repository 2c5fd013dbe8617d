export * from './engine.js';
export { nationName } from './nations.js';
