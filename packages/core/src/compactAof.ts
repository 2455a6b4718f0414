import type { Redis } from 'ioredis';

export type CompactOutcome =
  | { done: true; seconds: number }
  | { done: false; reason: 'aof_disabled' | 'rewrite_failed' | 'timed_out' };

const field = (info: string, name: string) => new RegExp(`^${name}:(.*)$`, 'm').exec(info)?.[1]?.trim();

/**
 * Rewrites Redis's append-only file (BGREWRITEAOF) and waits for the rewrite
 * to finish. Deleted keys stay in the AOF as the commands that wrote them
 * until the file is rewritten from the live data; after deletions that must be
 * final (a person's data), this is the step that makes them final on disk.
 */
export async function compactAppendOnlyFile(redis: Redis, timeoutMs = 600_000): Promise<CompactOutcome> {
  const before = await redis.info('persistence');
  if (field(before, 'aof_enabled') !== '1') return { done: false, reason: 'aof_disabled' };
  const started = Date.now();
  try {
    await redis.bgrewriteaof();
  } catch (err) {
    // A rewrite already running would not hold the latest deletions: schedule one after it.
    if (!/already in progress/i.test((err as Error).message)) throw err;
    await redis.bgrewriteaof().catch(() => undefined);
  }
  for (;;) {
    await new Promise((r) => setTimeout(r, 100));
    const info = await redis.info('persistence');
    if (field(info, 'aof_rewrite_in_progress') === '0' && field(info, 'aof_rewrite_scheduled') === '0') {
      if (field(info, 'aof_last_bgrewrite_status') !== 'ok') return { done: false, reason: 'rewrite_failed' };
      return { done: true, seconds: (Date.now() - started) / 1000 };
    }
    if (Date.now() - started > timeoutMs) return { done: false, reason: 'timed_out' };
  }
}
