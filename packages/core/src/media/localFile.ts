import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { BlobStore } from '../blobs/blobStore.js';
import type { MediaRef } from './kinds.js';
import { readMedia } from './readMedia.js';

/**
 * Runs `fn` with a path to the media's bytes, for tools that read files
 * (ffmpeg, ffprobe): a blob on this host's disk is used in place, one in object
 * storage is copied to a temporary file that is removed afterwards.
 */
export async function withLocalMediaFile<T>(blobs: BlobStore, tenant: string, ref: MediaRef, fn: (file: string) => Promise<T>): Promise<T> {
  const inPlace = 'fileId' in ref ? await blobs.localPath(tenant, ref.fileId) : null;
  if (inPlace) return fn(inPlace);
  const { bytes } = await readMedia(blobs, tenant, ref);
  const file = path.join(os.tmpdir(), `crs-media-${randomUUID()}`);
  await fs.writeFile(file, bytes, { mode: 0o600 });
  try {
    return await fn(file);
  } finally {
    await fs.rm(file, { force: true });
  }
}
