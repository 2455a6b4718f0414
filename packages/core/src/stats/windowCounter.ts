import type { Redis } from 'ioredis';

/**
 * Counters in one Redis hash per 5-minute window, buffered in memory and
 * written every `flushMs`: counting costs no Redis round trip, and counts that
 * could not be written (Redis away) go with the next flush.
 */
export class WindowCounter {
  private pending = new Map<number, Map<string, number>>();
  private readonly timer: NodeJS.Timeout;
  private flushing: Promise<void> | null = null;

  constructor(
    private readonly redis: Redis,
    private readonly keyOf: (window: number) => string,
    private readonly keepSeconds: number,
    flushMs = 1_000,
  ) {
    this.timer = setInterval(() => void this.flush().catch(() => undefined), flushMs);
    this.timer.unref();
  }

  add(window: number, field: string, n = 1): void {
    let counts = this.pending.get(window);
    if (!counts) this.pending.set(window, (counts = new Map()));
    counts.set(field, (counts.get(field) ?? 0) + n);
  }

  flush(): Promise<void> {
    if (this.flushing) return this.flushing;
    const batch = this.pending;
    if (batch.size === 0) return Promise.resolve();
    this.pending = new Map();
    const multi = this.redis.multi();
    for (const [window, counts] of batch) {
      const key = this.keyOf(window);
      for (const [f, n] of counts) multi.hincrby(key, f, n);
      multi.expire(key, this.keepSeconds);
    }
    this.flushing = multi
      .exec()
      .then(() => undefined)
      .catch((err: unknown) => {
        // Put the counts back; they go with the next flush.
        for (const [window, counts] of batch) for (const [f, n] of counts) this.add(window, f, n);
        throw err;
      })
      .finally(() => {
        this.flushing = null;
      });
    return this.flushing;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush().catch(() => undefined);
  }
}
