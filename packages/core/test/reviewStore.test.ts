import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { createRedis, exportDecisions, JobStore, redisKeys, ReviewStore, waitForRedis, type Label } from '../src/index.js';

const prefix = `crs-reviews-test-${randomUUID()}`;
const keys = redisKeys(prefix);
let redis: Redis;
let jobs: JobStore;
let reviews: ReviewStore;

const ad: Label = { category: 'ad', score: 0.6, verdict: 'review' };
const result = (verdict: string, labels: Label[] = [ad]) => ({ verdict, labels, hits: [{ category: 'ad', word: '加微信', lexicon: 'ad', start: 0, end: 3, matched: '加微信', evasion: [], source: 'lexicon' }] });

/** A job record as the API writes it, then the finished job as the worker files it. */
async function finished(tenant: string, verdict: string, at: number, options: { task?: string; input?: unknown; labels?: Label[] } = {}) {
  const id = randomUUID();
  await jobs.create({ id, tenant, task: options.task ?? 'text.moderate', createdAt: at - 5 });
  const filed = await reviews.record({ id, tenant, task: options.task ?? 'text.moderate', input: options.input ?? { text: `text ${id}` }, result: result(verdict, options.labels), finishedAt: at });
  return { id, filed };
}

async function keysNaming(id: string): Promise<string[]> {
  const out: string[] = [];
  let cursor = '0';
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    for (const key of found) {
      const type = await redis.type(key);
      const members = type === 'zset' ? await redis.zrange(key, 0, -1) : type === 'hash' ? Object.values(await redis.hgetall(key)) : [];
      if (key.includes(id) || members.some((m) => m.includes(id))) out.push(key);
    }
  } while (cursor !== '0');
  return out;
}

describe('ReviewStore', () => {
  beforeAll(async () => {
    redis = createRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    await waitForRedis(redis, 10_000);
    jobs = new JobStore(redis, keys);
    reviews = new ReviewStore(redis, keys, 3_600);
  });
  afterAll(async () => {
    const found = await redis.keys(`${prefix}:*`);
    if (found.length) await redis.del(...found);
    redis.disconnect();
  });

  it('files review verdicts, block verdicts only when the tenant includes them, and never pass', async () => {
    const now = Date.now();
    expect((await finished('t1', 'review', now)).filed).toBe(true);
    expect((await finished('t1', 'pass', now)).filed).toBe(false);
    expect((await finished('t1', 'block', now)).filed).toBe(false);
    await reviews.setSettings('t1', { includeBlock: true });
    expect((await finished('t1', 'block', now)).filed).toBe(true);
    expect((await finished('t1', 'review', now, { task: 'image.ocr' })).filed).toBe(false);
    // A job deleted (or gone) before it is filed leaves nothing.
    const id = randomUUID();
    expect(await reviews.record({ id, tenant: 't1', task: 'text.moderate', input: { text: 'x' }, result: result('review'), finishedAt: now })).toBe(false);
    expect(await keysNaming(id)).toEqual([]);
  });

  it('keeps a decision when the job is filed again, and moves the item between the sets', async () => {
    const { id } = await finished('t2', 'review', Date.now(), { input: { image: { fileId: 'f-1' } }, task: 'image.moderate' });
    expect((await reviews.get(id, 't2'))?.evidence).toMatchObject({ fileId: 'f-1' });
    expect(await reviews.get(id, 'other')).toBeNull();
    const decided = await reviews.decide(id, 't2', { decision: 'block', categories: ['ad', 'ad', 'porn'], note: 'n' }, 'key1', 1_000);
    expect(decided?.decision).toEqual({ decision: 'block', categories: ['ad', 'porn'], note: 'n', by: 'key1', at: new Date(1_000).toISOString() });
    await reviews.record({ id, tenant: 't2', task: 'image.moderate', input: {}, result: result('review'), finishedAt: Date.now() });
    expect((await reviews.get(id, 't2'))?.status).toBe('decided');
    expect((await reviews.page('t2', { status: 'pending', count: 10 })).items).toEqual([]);
    expect((await reviews.page('t2', { status: 'decided', category: 'porn', count: 10 })).items.map((i) => i.jobId)).toEqual([id]);
    // A new decision leaves the categories of the one it replaces.
    await reviews.decide(id, 't2', { decision: 'pass' }, 'key2', 2_000);
    expect((await reviews.page('t2', { status: 'decided', category: 'porn', count: 10 })).items).toEqual([]);
    expect((await reviews.page('t2', { status: 'decided', category: 'ad', count: 10 })).items.map((i) => i.jobId)).toEqual([id]);
    expect(await reviews.summary('t2')).toEqual({ pending: 0, decided: 1, pendingByCategory: {} });
  });

  it('pages newest first through equal times without losing or repeating an item, by task and category', async () => {
    const at = Date.now();
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) ids.push((await finished('t3', 'review', i < 4 ? at : at - 1_000)).id);
    await finished('t3', 'review', at, { task: 'image.moderate', input: { image: { fileId: 'f' } }, labels: [{ category: 'porn', score: 0.7, verdict: 'review' }] });
    const seen: string[] = [];
    let cursor;
    do {
      const page = await reviews.page('t3', { status: 'pending', task: 'text.moderate', count: 3, ...(cursor ? { cursor } : {}) });
      expect(page.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.items.map((i) => i.jobId));
      cursor = page.next;
    } while (cursor);
    expect([...seen].sort()).toEqual([...ids].sort());
    expect(new Set(seen.slice(0, 4))).toEqual(new Set(ids.slice(0, 4)));
    expect((await reviews.page('t3', { status: 'pending', category: 'ad', task: 'image.moderate', count: 10 })).items).toEqual([]);
    expect(await reviews.summary('t3')).toEqual({ pending: 8, decided: 0, pendingByCategory: { ad: 7, porn: 1 } });
  });

  it('goes with the job: JobStore.delete leaves no key naming it, with or without the tenant', async () => {
    const { id } = await finished('t4', 'review', Date.now());
    await reviews.decide(id, 't4', { decision: 'block', categories: ['abuse'] }, 'k', Date.now());
    expect(await keysNaming(id)).not.toEqual([]);
    await jobs.delete(id, 't4');
    expect(await keysNaming(id)).toEqual([]);
    const other = await finished('t4', 'review', Date.now());
    await redis.del(keys.job(other.id));
    await jobs.delete(other.id);
    expect(await keysNaming(other.id)).toEqual([]);
    // A decision on a job that is gone records nothing.
    expect(await reviews.decide(other.id, 't4', { decision: 'pass' }, 'k', Date.now())).toBeNull();
  });

  it('exports the decided texts as training examples', async () => {
    const { id } = await finished('t5', 'review', Date.now(), { input: { text: '加微信 领取' } });
    await finished('t5', 'review', Date.now(), { task: 'image.moderate', input: { image: { fileId: 'f' } } });
    const media = (await reviews.page('t5', { status: 'pending', task: 'image.moderate', count: 1 })).items[0]!;
    await reviews.decide(media.jobId, 't5', { decision: 'pass' }, 'k', Date.now());
    expect(await exportDecisions(reviews, 't5')).toEqual([]);
    await reviews.decide(id, 't5', { decision: 'block', categories: ['ad'] }, 'k', Date.now());
    expect(await exportDecisions(reviews, 't5')).toEqual([{ text: '加微信 领取', label: 'block', categories: ['ad'] }]);
  });
});
