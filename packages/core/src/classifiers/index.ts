export * from './classifierStore.js';
export * from './examplesFile.js';
export * from './schemas.js';
