import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createBlobStore, createLogger, createRedis, JobStore, loadConfig, QueueRegistry, redisKeys, type BlobStore } from '@crs/core';
import { startRetentionSweeper } from '../src/retentionSweeper.js';

const prefix = `test-lease-${randomBytes(4).toString('hex')}`;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'crs-lease-'));
const config = loadConfig({ REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', REDIS_PREFIX: prefix, DATA_DIR: dataDir });
const redis = createRedis(config.redis);
const keys = redisKeys(prefix);
const queues = new QueueRegistry({ connection: redis, prefix, retentionSeconds: 60 });

afterAll(async () => {
  await queues.close();
  const left = await redis.keys(`${prefix}:*`);
  if (left.length) await redis.del(...left);
  await redis.quit();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** The real blob store, counting its sweeps: a sweep of the blobs is the last step of every retention sweep. */
function countingBlobs(): { blobs: BlobStore; sweeps: () => number } {
  const blobs = createBlobStore(config);
  let n = 0;
  const sweep = blobs.sweep.bind(blobs);
  blobs.sweep = async (cutoff) => {
    n++;
    return sweep(cutoff);
  };
  return { blobs, sweeps: () => n };
}

describe('retention sweeper lease', () => {
  it('runs one sweep per interval across workers: a second worker skips while the first holds the lease', async () => {
    const logger = createLogger('test', 'silent');
    const deps = { jobs: new JobStore(redis, keys), queues, redis, keys, logger, retentionSeconds: 60, intervalMs: 60_000 };
    const first = countingBlobs();
    const stopFirst = startRetentionSweeper({ ...deps, blobs: first.blobs });
    for (let i = 0; i < 200 && first.sweeps() === 0; i++) await new Promise((r) => setTimeout(r, 25));
    expect(first.sweeps()).toBe(1);

    const second = countingBlobs();
    const stopSecond = startRetentionSweeper({ ...deps, blobs: second.blobs });
    await stopSecond(); // waits for its first tick to finish
    expect(second.sweeps()).toBe(0);
    await stopFirst();

    // Once the lease is gone (it lapses after one interval), the next tick of any worker sweeps.
    await redis.del(keys.retentionLease());
    const third = countingBlobs();
    await startRetentionSweeper({ ...deps, blobs: third.blobs })();
    expect(third.sweeps()).toBe(1);
  });
});
