export * from './blobStore.js';
export * from './createBlobStore.js';
export * from './fsBlobStore.js';
export * from './s3BlobStore.js';
export * from './measure.js';
export * from './fileUrl.js';
