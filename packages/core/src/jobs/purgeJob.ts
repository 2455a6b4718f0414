import type { Queue } from 'bullmq';
import type { BlobStore } from '../blobs/blobStore.js';
import { eraseJobTraces } from './eraseJobTraces.js';
import type { JobStore } from './jobStore.js';

/**
 * Removes a job, its input, its result and the media stored for it, for good.
 * Returns false when BullMQ refused because the job is running (locked); the
 * caller then marks it deleted and the worker purges it as soon as it stops.
 */
export async function purgeJob(queue: Queue, jobs: JobStore, blobs: BlobStore, id: string): Promise<boolean> {
  const removed = await queue.remove(id, { removeChildren: true });
  const job = removed ? null : await queue.getJob(id);
  if (job) return false;
  const record = await jobs.get(id);
  if (record?.media) await Promise.all(record.media.map((blob) => blobs.delete(record.tenant, blob)));
  await jobs.delete(id, record?.tenant);
  await eraseJobTraces(queue, id);
  return true;
}
