export * from './cases.js';
export * from './evaluate.js';
export * from './devSplits.js';
