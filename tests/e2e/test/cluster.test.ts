import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedis, FaceLibrary, loadConfig, primaries, redisKeys, type Config } from '@crs/core';
import type { Redis } from 'ioredis';
import { startCluster, type ClusterSet } from './helpers/redisTopology.js';
import { startStack, testEnv, type Stack } from './helpers/stack.js';

/** Every key under the prefix, gathered from every primary of the cluster. */
async function keysUnder(redis: Redis, prefix: string): Promise<string[]> {
  const out: string[] = [];
  for (const node of primaries(redis)) out.push(...(await node.keys(`${prefix}:*`)));
  return out.sort();
}

describe('Redis Cluster (three primaries on loopback)', () => {
  let cluster: ClusterSet;
  let stack: Stack;
  let config: Config;
  let redis: Redis;
  const prefix = `{test-${randomBytes(4).toString('hex')}}`;

  beforeAll(async () => {
    cluster = await startCluster();
    const env = { REDIS_CLUSTER_NODES: cluster.ports.map((p) => `127.0.0.1:${p}`).join(',') };
    stack = await startStack({ prefix, env });
    config = loadConfig(testEnv(prefix, env));
    redis = createRedis(config.redis);
  }, 60_000);

  afterAll(async () => {
    redis?.disconnect();
    await stack?.close();
    await cluster?.stop();
  });

  it('connects through the Cluster client and sees three primaries', () => {
    expect(primaries(redis)).toHaveLength(3);
  });

  it('runs a job end to end, synchronously and by polling', async () => {
    const sync = await stack.call('POST', '/v1/jobs', { body: { task: 'text.moderate', input: { text: 'hello cluster' } }, headers: { prefer: 'wait=20' } });
    expect(sync.status).toBe(200);
    expect(sync.body.status).toBe('succeeded');
    const queued = await stack.call('POST', '/v1/jobs', { body: { task: 'text.moderate', input: { text: 'again, by polling' } } });
    expect(queued.status).toBe(202);
    let view;
    for (let i = 0; i < 200; i++) {
      view = (await stack.call('GET', `/v1/jobs/${queued.body.id}`)).body;
      if (view.status === 'succeeded') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(view.status).toBe('succeeded');
    const list = await stack.call('GET', '/v1/jobs');
    expect(list.status).toBe(200);
    const del = await stack.call('DELETE', `/v1/jobs/${queued.body.id}`);
    expect(del.status).toBeLessThan(300);
    expect((await stack.call('GET', `/v1/jobs/${queued.body.id}`)).status).toBe(404);
  });

  it('adds faces to a library, reads its vectors for search, and deletes the whole collection without a trace', async () => {
    const library = new FaceLibrary(redis, redisKeys(prefix));
    const tenant = 'acme';
    await library.createCollection(tenant, { id: 'staff', retainImages: true });
    for (const subject of ['ana', 'bo']) {
      await library.createSubject(tenant, 'staff', { id: subject });
      for (let i = 0; i < 2; i++) {
        const embedding = Float32Array.from({ length: 8 }, (_, j) => (subject === 'ana' ? 1 : -1) * (j + i + 1));
        await library.addFace(tenant, {
          record: { id: `${subject}-${i}`, collection: 'staff', subjectId: subject, createdAt: new Date().toISOString() } as never,
          model: 'test-model',
          embedding,
          image: Buffer.from('png'),
        });
      }
    }
    const vectors = await library.vectors(tenant, 'staff');
    expect(vectors.faceIds.sort()).toEqual(['ana-0', 'ana-1', 'bo-0', 'bo-1']);
    expect(new Set(vectors.subjectIds)).toEqual(new Set(['ana', 'bo']));
    await library.deleteSubject(tenant, 'staff', 'bo');
    expect((await library.vectors(tenant, 'staff')).faceIds.sort()).toEqual(['ana-0', 'ana-1']);

    await library.deleteCollection(tenant, 'staff');
    const left = (await keysUnder(redis, prefix)).filter((k) => k.includes(':face:'));
    expect(left).toEqual([]);
  });

  it('compacts the append-only file of every primary (npm run ops -- compact-aof)', async () => {
    const root = path.resolve(import.meta.dirname, '../../..');
    const { stdout } = await promisify(execFile)('node', [path.join(root, 'scripts/ops.mjs'), 'compact-aof'], {
      env: { ...process.env, REDIS_CLUSTER_NODES: cluster.ports.map((p) => `127.0.0.1:${p}`).join(','), REDIS_PREFIX: prefix },
    });
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(3);
    for (const port of cluster.ports) expect(lines.some((l) => l.startsWith(`127.0.0.1:${port}: `))).toBe(true);
  }, 60_000);
});
