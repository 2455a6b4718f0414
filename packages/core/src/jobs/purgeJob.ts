import type { Queue } from 'bullmq';
import type { JobStore } from './jobStore.js';

/**
 * Removes a job, its input and its result for good. Returns false when BullMQ
 * refused because the job is running (locked); the caller then marks it deleted
 * and the worker purges it as soon as it stops.
 */
export async function purgeJob(queue: Queue, jobs: JobStore, id: string): Promise<boolean> {
  const removed = await queue.remove(id, { removeChildren: true });
  const job = removed ? null : await queue.getJob(id);
  if (job) return false;
  await jobs.delete(id);
  return true;
}
