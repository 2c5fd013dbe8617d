export * from './engine.js';
export { nationName } from './nations.js';
export { mergeBundleForm, withMergedForm, type MergedBundleForm } from './bundle.js';
