import { DelayedError, UnrecoverableError, type Job, type Processor, type Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { RedisKeys, WebhookDelivery } from '@crs/core';

/**
 * How long an event waits before it looks again whether the events raised
 * before it are done; the event before it wakes it sooner when it finishes.
 */
const WAIT_MS = 1_000;

/**
 * Delivers each job's events in the order they were raised: an event goes only
 * when every earlier event of the same job has been delivered or given up
 * (410, refused, attempts exhausted). A receiver that is down for a while thus
 * gets `job.progress` before `job.completed`, never the other way round.
 * The order is the job's list in Redis (`webhookSequence`), written when the
 * event is queued.
 */
export function inJobOrder<R>(processor: Processor<WebhookDelivery, R>, redis: Redis, keys: RedisKeys, queue: () => Queue): Processor<WebhookDelivery, R> {
  return async (job: Job<WebhookDelivery>, token?: string) => {
    const sequence = keys.webhookSequence(job.data.jobId);
    for (;;) {
      const head = await redis.lindex(sequence, 0);
      if (!head || head === job.id) break;
      const earlier = await queue().getJob(head);
      const state = earlier ? await earlier.getState() : 'unknown';
      if (state === 'completed' || state === 'failed' || state === 'unknown') {
        // Finished without clearing its place (a crash between delivery and clean-up): clear it now.
        await redis.lrem(sequence, 0, head);
        continue;
      }
      await job.moveToDelayed(Date.now() + WAIT_MS, token);
      throw new DelayedError();
    }
    let final = true;
    try {
      return await processor(job, token);
    } catch (err) {
      final = err instanceof UnrecoverableError || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      throw err;
    } finally {
      if (final) {
        await redis.lrem(sequence, 0, job.id!);
        await wakeNext(redis, sequence, queue());
      }
    }
  };
}

/**
 * Lets the job's next event go now instead of at its next look. Only an event
 * that has never been attempted waits for its turn; one with attempts behind it
 * waits for its retry backoff, which is not cut short.
 */
async function wakeNext(redis: Redis, sequence: string, queue: Queue): Promise<void> {
  const next = await redis.lindex(sequence, 0);
  const job = next ? await queue.getJob(next) : undefined;
  if (job && job.attemptsMade === 0 && (await job.isDelayed())) await job.promote().catch(() => undefined);
}
