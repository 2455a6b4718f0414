import { DelayedError, type Job, type Processor } from 'bullmq';
import type { Redis } from 'ioredis';
import { LuaScript, type JobPayload, type RedisKeys } from '@crs/core';

/*
 * Takes a slot when the tenant has fewer than `cap` leases that have not lapsed.
 * A lease outlives the job's timeout, so a worker killed mid-job frees its slot
 * by itself. KEYS[1] running set; ARGV: now, cap, job id, lease end, key TTL ms.
 */
const ACQUIRE = new LuaScript(
  `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('ZSCORE', KEYS[1], ARGV[3]) or redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[2]) then
  redis.call('ZADD', KEYS[1], ARGV[4], ARGV[3])
  redis.call('PEXPIRE', KEYS[1], ARGV[5])
  return 1
end
return 0`,
  1,
);

/** How long a job that found its tenant at the cap waits before it tries again. */
const RETRY_MS = 250;

/**
 * Caps how many jobs of one tenant run at once across every worker, so one
 * tenant's burst cannot take all workers from the others. A job over the cap
 * goes back to the queue, delayed briefly, without using up an attempt.
 */
export function withTenantCap(processor: Processor<JobPayload>, redis: Redis, keys: RedisKeys, cap: number, leaseMs: number): Processor<JobPayload> {
  if (cap <= 0) return processor;
  return async (job: Job<JobPayload>, token?: string, signal?: AbortSignal) => {
    const key = keys.tenantRunning(job.data.tenant);
    const now = Date.now();
    const acquired = await ACQUIRE.run(redis, key, now, cap, job.id!, now + leaseMs, leaseMs * 2);
    if (acquired !== 1) {
      await job.moveToDelayed(Date.now() + RETRY_MS + Math.floor(Math.random() * RETRY_MS), token);
      throw new DelayedError();
    }
    try {
      return await processor(job, token, signal);
    } finally {
      await redis.zrem(key, job.id!);
    }
  };
}
