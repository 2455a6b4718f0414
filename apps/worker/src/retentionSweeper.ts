import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { primaries, trimEventsBefore, type BlobStore, type JobStore, type Logger, type QueueRegistry, type RedisKeys } from '@crs/core';
import { startPeriodic } from './periodic.js';

export interface RetentionDeps {
  blobs: BlobStore;
  jobs: JobStore;
  queues: QueueRegistry;
  redis: Redis;
  keys: RedisKeys;
  logger: Logger;
  retentionSeconds: number;
  intervalMs: number;
}

/**
 * Deletes what is past the retention period for good: finished BullMQ jobs
 * (with their inputs and results), the queues' event-stream entries (which
 * name jobs and carry results), call-record and review index entries and media. Job
 * records, review items and idempotency keys expire by themselves. BullMQ's own age-based removal only runs when
 * another job finishes, so an idle queue would keep old data without this.
 * Every worker process runs one, but one sweep per interval runs across all of
 * them: a tick sweeps only when it takes the lease (SET NX for one interval),
 * so a hundred workers do not each walk every queue. A sweeper that dies leaves
 * the lease to lapse. Sweeps are idempotent, so one that outlasts its lease and
 * overlaps the next does no harm. Returns a stop function.
 */
export function startRetentionSweeper(deps: RetentionDeps): () => Promise<void> {
  const me = randomUUID();
  const sweep = async () => {
    const leased = await deps.redis.set(deps.keys.retentionLease(), me, 'PX', deps.intervalMs, 'NX');
    if (leased !== 'OK') return;
    const cutoff = Date.now() - deps.retentionSeconds * 1000;
    let removed = 0;
    for (const queue of deps.queues.all()) {
      for (const state of ['completed', 'failed'] as const) {
        // clean() takes a grace period in ms and removes at most `limit` jobs per call.
        for (let i = 0; i < 100; i++) {
          const ids = await queue.clean(deps.retentionSeconds * 1000, 1000, state);
          removed += ids.length;
          if (ids.length < 1000) break;
        }
      }
      await trimEventsBefore(queue, cutoff);
    }
    // SCAN walks one node's keyspace: in a Cluster, every primary's in turn. Call records and review
    // sets are scored by time; review items themselves expire by themselves, like job records.
    for (const node of primaries(deps.redis)) {
      for (const pattern of [deps.keys.tenantJobsPattern(), deps.keys.reviewIndexPattern()]) {
        let cursor = '0';
        do {
          const [next, indexKeys] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
          cursor = next;
          for (const key of indexKeys) await deps.redis.zremrangebyscore(key, '-inf', `(${cutoff}`);
        } while (cursor !== '0');
      }
    }
    const blobs = await deps.blobs.sweep(cutoff);
    if (removed || blobs) deps.logger.info({ jobs: removed, media: blobs }, 'data past retention deleted');
  };
  return startPeriodic(sweep, deps.intervalMs, deps.logger, 'retention sweep failed; retrying at the next interval');
}
