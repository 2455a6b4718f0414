import type { Config } from '../config.js';
import type { BlobStore } from './blobStore.js';
import { FsBlobStore } from './fsBlobStore.js';
import { S3BlobStore } from './s3BlobStore.js';

export function createBlobStore(config: Config): BlobStore {
  if (config.blobs.store === 's3') {
    const s3 = config.blobs.s3;
    return new S3BlobStore({
      bucket: s3.bucket!,
      region: s3.region,
      forcePathStyle: s3.forcePathStyle,
      keyPrefix: s3.keyPrefix,
      ...(s3.endpoint ? { endpoint: s3.endpoint } : {}),
    });
  }
  return new FsBlobStore(config.blobs.dir);
}
