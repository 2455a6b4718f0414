import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createRedis, JobStatsRecorder, LATENCY_BUCKETS_MS, latencyBucketOf, quantileOf, readJobWindows, redisKeys, WINDOW_MS } from '../src/index.js';

const redis = createRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
const prefix = `test-jobwin-${randomBytes(4).toString('hex')}`;
const keys = redisKeys(prefix);
afterAll(async () => {
  const found = await redis.keys(`${prefix}:*`);
  if (found.length) await redis.del(...found);
  await redis.quit();
});

describe('latency histogram', () => {
  it('puts a latency in the first bucket whose bound holds it, and the slowest in the open last one', () => {
    expect(latencyBucketOf(0)).toBe(0);
    expect(latencyBucketOf(25)).toBe(0);
    expect(latencyBucketOf(26)).toBe(1);
    expect(latencyBucketOf(999_999)).toBe(LATENCY_BUCKETS_MS.length);
  });

  it('interpolates a quantile inside its bucket and floors it in the open one', () => {
    const buckets = new Array<number>(LATENCY_BUCKETS_MS.length + 1).fill(0);
    buckets[2] = 10; // 10 jobs in (50, 100]
    expect(quantileOf(buckets, 0.5)).toBe(75);
    expect(quantileOf(buckets, 1)).toBe(100);
    buckets[LATENCY_BUCKETS_MS.length] = 90; // 90 jobs slower than the last bound
    expect(quantileOf(buckets, 0.99)).toBe(LATENCY_BUCKETS_MS[LATENCY_BUCKETS_MS.length - 1]);
    expect(quantileOf(new Array<number>(13).fill(0), 0.5)).toBe(0);
  });
});

describe('JobStatsRecorder and readJobWindows', () => {
  it('gives per window the jobs finished, failures by code and latency percentiles, idle windows included', async () => {
    const recorder = new JobStatsRecorder(redis, keys, 60_000);
    const t0 = Math.floor(Date.UTC(2026, 0, 1) / WINDOW_MS) * WINDOW_MS;
    // Window 0: 98 jobs at 40 ms, one at 2 s failed with corrupt_media, one timed out at 70 s.
    for (let i = 0; i < 98; i++) recorder.record({ at: t0 + i, latencyMs: 40 });
    recorder.record({ at: t0 + 200, latencyMs: 2_000, failure: 'corrupt_media' });
    recorder.record({ at: t0 + 300, latencyMs: 70_000, failure: 'timeout' });
    // Window 2: one job.
    recorder.record({ at: t0 + 2 * WINDOW_MS + 5, latencyMs: 300 });
    await recorder.close();

    const windows = await readJobWindows(redis, keys, t0, t0 + 3 * WINDOW_MS);
    expect(windows.map((w) => w.start)).toEqual([t0, t0 + WINDOW_MS, t0 + 2 * WINDOW_MS]);
    const [first, idle, third] = windows;
    expect(first).toMatchObject({ finished: 100, failed: 2, failuresByCode: { corrupt_media: 1, timeout: 1 } });
    // 98 of 100 in (25, 50]: the median sits inside that bucket; p99 falls in the (1 s, 2.5 s] bucket.
    expect(first!.latencyMs!.p50).toBeGreaterThan(25);
    expect(first!.latencyMs!.p50).toBeLessThanOrEqual(50);
    expect(first!.latencyMs!.p99).toBeGreaterThan(1_000);
    expect(first!.latencyMs!.p99).toBeLessThanOrEqual(2_500);
    expect(idle).toEqual({ start: t0 + WINDOW_MS, finished: 0, failed: 0, failuresByCode: {}, latencyMs: null });
    expect(third).toMatchObject({ finished: 1, failed: 0 });
    expect(third!.latencyMs!.p50).toBeGreaterThan(250);
    expect(third!.latencyMs!.p50).toBeLessThanOrEqual(500);
    // Kept about a week, not forever.
    const ttl = await redis.ttl(keys.jobStatsWindow(Math.floor(t0 / WINDOW_MS)));
    expect(ttl).toBeGreaterThan(7 * 86_400);
    expect(ttl).toBeLessThanOrEqual(8 * 86_400);
  });
});
