import type { Redis } from 'ioredis';
import type { RedisKeys } from '../keys.js';

/**
 * Which tasks have a live worker. Each worker announces the tasks it serves and
 * renews the announcement before its lease lapses, so a worker that dies
 * without a word drops out by itself; the API's readiness asks who is there.
 */
export class TaskWorkers {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  /** Records (or renews) `workerId` as serving `tasks` until `leaseMs` from now. */
  async announce(workerId: string, tasks: readonly string[], leaseMs: number): Promise<void> {
    const now = Date.now();
    const pipeline = this.redis.pipeline();
    for (const task of tasks) {
      const key = this.keys.taskWorkers(task);
      pipeline.zremrangebyscore(key, '-inf', now);
      pipeline.zadd(key, now + leaseMs, workerId);
      pipeline.pexpire(key, leaseMs);
    }
    await pipeline.exec();
  }

  /** A worker shutting down says so at once instead of waiting for its lease. */
  async withdraw(workerId: string, tasks: readonly string[]): Promise<void> {
    const pipeline = this.redis.pipeline();
    for (const task of tasks) pipeline.zrem(this.keys.taskWorkers(task), workerId);
    await pipeline.exec();
  }

  /** The ones among `tasks` that no live worker serves. */
  async withoutWorker(tasks: readonly string[]): Promise<string[]> {
    const now = Date.now();
    const pipeline = this.redis.pipeline();
    for (const task of tasks) pipeline.zcount(this.keys.taskWorkers(task), now, '+inf');
    const counts = (await pipeline.exec()) ?? [];
    return tasks.filter((_, i) => {
      const [err, count] = counts[i] ?? [];
      if (err) throw err;
      return Number(count) === 0;
    });
  }
}
