export * from './faceLibrary.js';
export * from './packedEmbedding.js';
export * from './schemas.js';
export * from './watchlistCache.js';
