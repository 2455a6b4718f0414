import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { BlobStore } from '../blobs/blobStore.js';
import { FileNotFoundError, InvalidRequestError } from '../errors/index.js';
import type { MediaRef } from './kinds.js';

/**
 * Runs `fn` with a path to the media's bytes, for tools that read files
 * (ffmpeg, ffprobe): a blob on this host's disk is used in place, one in object
 * storage is streamed to a temporary file (never whole in memory) that is
 * removed afterwards.
 */
export async function withLocalMediaFile<T>(blobs: BlobStore, tenant: string, ref: MediaRef, fn: (file: string) => Promise<T>): Promise<T> {
  if (!('fileId' in ref)) throw new InvalidRequestError('media must be stored before a job is queued; submit it through the API');
  const inPlace = await blobs.localPath(tenant, ref.fileId);
  if (inPlace) return fn(inPlace);
  const found = await blobs.getStream(tenant, ref.fileId);
  if (!found) throw new FileNotFoundError(`file ${ref.fileId} no longer exists (deleted or past the retention period)`);
  const file = path.join(os.tmpdir(), `crs-media-${randomUUID()}`);
  try {
    await pipeline(found.body, createWriteStream(file, { mode: 0o600 }));
    return await fn(file);
  } finally {
    await fs.rm(file, { force: true });
  }
}
