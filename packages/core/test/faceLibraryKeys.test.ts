import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { createRedis, FaceLibrary, redisKeys, waitForRedis } from '../src/index.js';

/**
 * Redis Cluster routes a Lua script by the keys it is given; a key the script
 * builds itself is not checked and, on another slot, fails there. This test
 * records the keys every face-library script call declares and, through
 * keyspace notifications on a private Redis, every key the calls wrote.
 */
describe('face library scripts declare every key they write', () => {
  let server: ChildProcess;
  let redis: Redis;
  let subscriber: Redis;
  const written = new Set<string>();
  const declared = new Set<string>();

  beforeAll(async () => {
    const port = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as net.AddressInfo).port;
        s.close(() => resolve(p));
      });
    });
    server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--notify-keyspace-events', 'KA'], { stdio: 'ignore' });
    redis = createRedis(`redis://127.0.0.1:${port}`);
    subscriber = createRedis(`redis://127.0.0.1:${port}`);
    await Promise.all([waitForRedis(redis, 10_000), waitForRedis(subscriber, 10_000)]);
    await subscriber.psubscribe('__keyspace@0__:*');
    subscriber.on('pmessage', (_p, channel: string) => written.add(channel.slice('__keyspace@0__:'.length)));
    // Record the keys of each script call as Redis receives them.
    for (const method of ['evalsha', 'eval'] as const) {
      const original = redis[method].bind(redis) as (...a: unknown[]) => Promise<unknown>;
      (redis as unknown as Record<string, unknown>)[method] = (script: unknown, numKeys: number, ...rest: unknown[]) => {
        for (const key of rest.slice(0, numKeys)) declared.add(String(key));
        return original(script, numKeys, ...rest);
      };
    }
  }, 20_000);

  afterAll(async () => {
    subscriber?.disconnect();
    redis?.disconnect();
    server?.kill('SIGKILL');
  });

  it('adds faces, deletes a subject, changes the collection and deletes it touching declared keys only', async () => {
    const library = new FaceLibrary(redis, redisKeys('{t}'));
    await library.createCollection('acme', { id: 'c1', retainImages: true });
    for (const s of ['s1', 's2', 's3']) {
      await library.createSubject('acme', 'c1', { id: s });
      await library.addFace('acme', {
        record: { id: `${s}-f`, collection: 'c1', subjectId: s, createdAt: new Date().toISOString() } as never,
        model: 'm',
        embedding: new Float32Array([1, 2, 3]),
        image: Buffer.from('png'),
      });
    }
    await library.deleteSubject('acme', 'c1', 's3');
    // Only what the scripts write from here on counts.
    await new Promise((r) => setTimeout(r, 100));
    written.clear();
    declared.clear();
    // Making it a watchlist and back rewrites its description and bumps the tenant's watchlist version.
    await library.updateCollection('acme', 'c1', { moderation: { category: 'politics', level: 'review' } });
    expect((await library.watchlists('acme')).watchlists).toEqual([{ id: 'c1', moderation: { category: 'politics', level: 'review' } }]);
    await library.updateCollection('acme', 'c1', { moderation: null, name: 'renamed' });
    expect(await library.getCollection('acme', 'c1')).toMatchObject({ id: 'c1', name: 'renamed', retainImages: true, model: 'm', subjects: 2, faces: 2 });
    expect((await library.watchlists('acme')).watchlists).toEqual([]);
    await new Promise((r) => setTimeout(r, 100));
    expect([...written].filter((k) => !declared.has(k))).toEqual([]);
    expect(await library.watchVersion('acme')).toBe(2);
    await new Promise((r) => setTimeout(r, 100));
    written.clear();
    declared.clear();
    await library.deleteCollection('acme', 'c1');
    await new Promise((r) => setTimeout(r, 100));
    expect(written.size).toBeGreaterThan(0);
    const undeclared = [...written].filter((k) => !declared.has(k));
    expect(undeclared).toEqual([]);
    expect(await redis.keys('{t}:face:acme:c1*')).toEqual([]);
    // Workers reload the tenant's watchlists after a delete.
    expect(await library.watchVersion('acme')).toBe(3);
  });
});
