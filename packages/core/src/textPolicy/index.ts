export * from './schemas.js';
export * from './textPolicyStore.js';
