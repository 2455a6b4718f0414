export * from './exportDecisions.js';
export * from './reviewable.js';
export * from './reviewKeys.js';
export * from './reviewStore.js';
export * from './schemas.js';
