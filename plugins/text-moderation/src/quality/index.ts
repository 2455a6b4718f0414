export * from './cases.js';
export * from './evaluate.js';
