import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { BlobStore } from '../blobs/blobStore.js';
import { redisKeys } from '../keys.js';
import { terminalMessageIds } from '../webhooks/events.js';
import { eraseJobTraces } from './eraseJobTraces.js';
import type { JobStore } from './jobStore.js';

export interface PurgeDeps {
  /** The job's own task queue. */
  queue: Queue;
  /** The webhook queue, whose messages name the job. */
  webhooks: Queue;
  jobs: JobStore;
  blobs: BlobStore;
}

/**
 * Removes a job for good: its BullMQ job and child jobs (video frames), its input, result and media,
 * its webhook messages (pending, and the delivered terminal ones kept to stop duplicates), and every
 * key of ours that names it, and the event-stream entries that name it. Call it only once the job is marked deleted, so nothing new is raised or
 * stored for it meanwhile. Returns false when BullMQ refused because the job or one of its children is
 * running (locked): the worker purges it when it stops, and the reconciler if that worker dies.
 */
export async function purgeJob(deps: PurgeDeps, id: string): Promise<boolean> {
  const removed = await deps.queue.remove(id, { removeChildren: true });
  if (!removed && (await deps.queue.getJob(id))) return false;
  const record = await deps.jobs.get(id);
  if (record?.media) await Promise.all(record.media.map((blob) => deps.blobs.delete(record.tenant, blob)));
  await removeWebhookMessages(deps.webhooks, id);
  await deps.jobs.delete(id, record?.tenant);
  await eraseJobTraces(deps.queue, deps.webhooks, id);
  return true;
}

/**
 * Every webhook message of the job that is still stored: those waiting their turn (the job's
 * sequence) and the terminal ones. One being sent right now is locked and stays; its sender finds
 * the job deleted, sends nothing and removes it.
 */
async function removeWebhookMessages(webhooks: Queue, id: string): Promise<void> {
  const client = (await webhooks.client) as unknown as Redis;
  const pending = await client.lrange(redisKeys(webhooks.opts.prefix ?? 'bull').webhookSequence(id), 0, -1);
  await Promise.all([...new Set([...pending, ...terminalMessageIds(id)])].map((msgId) => webhooks.remove(msgId).catch(() => 0)));
}
