export * from './combination.js';
export * from './schemas.js';
export * from './textPolicyStore.js';
