import type { BlobInfo, BlobStore } from '../blobs/blobStore.js';
import { FileNotFoundError, InvalidRequestError } from '../errors/index.js';
import type { MediaRef } from './kinds.js';

/**
 * The bytes behind a job's media input, for plugins. The API stores every
 * input before it queues the job, so a worker only ever sees `fileId`.
 */
export async function readMedia(blobs: BlobStore, tenant: string, ref: MediaRef): Promise<{ info: BlobInfo; bytes: Buffer }> {
  if (!('fileId' in ref)) throw new InvalidRequestError('media must be stored before a job is queued; submit it through the API');
  const found = await blobs.get(tenant, ref.fileId);
  if (!found) throw new FileNotFoundError(`file ${ref.fileId} no longer exists (deleted or past the retention period)`);
  return found;
}
