import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { ApiKeyStore, availabilityOf, availabilityReport, AvailabilityRecorder, createRedis, redisKeys, WINDOW_MS } from '../src/index.js';

const redis = createRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
const prefix = `test-avail-${randomBytes(4).toString('hex')}`;
const keys = redisKeys(prefix);
afterAll(async () => {
  const found = await redis.keys(`${prefix}:*`);
  if (found.length) await redis.del(...found);
  await redis.quit();
});

describe('availabilityOf', () => {
  it('is (1 − Σ window error rate / windows) × 100', () => {
    const windows = [
      { start: 0, valid: 10, failed: 1 }, // 0.1
      { start: 1, valid: 4, failed: 0 }, // 0
      { start: 2, valid: 0, failed: 0 }, // idle: 0
      { start: 3, valid: 5, failed: 5 }, // 1
    ];
    expect(availabilityOf(windows)).toBeCloseTo((1 - 1.1 / 4) * 100, 10); // 72.5
    expect(availabilityOf([])).toBe(100);
    // A failure counted after its request's window cannot push a rate past 1.
    expect(availabilityOf([{ start: 0, valid: 1, failed: 3 }])).toBe(0);
  });
});

describe('AvailabilityRecorder and the report', () => {
  it('computes the figure from a known sequence of successes and failures across windows, per tenant and overall', async () => {
    const recorder = new AvailabilityRecorder(redis, keys, 60_000);
    const t0 = Math.floor(Date.UTC(2026, 0, 1) / WINDOW_MS) * WINDOW_MS;
    const at = (window: number, second: number) => t0 + window * WINDOW_MS + second * 1000;
    // acme: window 0 → 8 ok, 2 service failures (0.2); window 1 → 5 ok (0); window 3 → 1 request whose job failed later (1.0).
    for (let i = 0; i < 8; i++) recorder.record('acme', false, { at: at(0, i) });
    for (let i = 0; i < 2; i++) recorder.record('acme', true, { at: at(0, 30 + i) });
    for (let i = 0; i < 5; i++) recorder.record('acme', false, { at: at(1, i) });
    recorder.record('acme', false, { at: at(3, 1) });
    recorder.record('acme', true, { at: at(3, 50), failedOnly: true });
    // globex: window 0 → 10 ok.
    for (let i = 0; i < 10; i++) recorder.record('globex', false, { at: at(0, i) });
    await recorder.close();

    const acme = await availabilityReport(redis, keys, 'acme', t0, t0 + 4 * WINDOW_MS);
    expect(acme).toMatchObject({ windows: 4, validRequests: 16, failedRequests: 3 });
    expect(acme.availability).toBeCloseTo((1 - (0.2 + 0 + 0 + 1) / 4) * 100, 4); // 70
    expect(acme.series.map((w) => [w.valid, w.failed])).toEqual([[10, 2], [5, 0], [0, 0], [1, 1]]);

    const globex = await availabilityReport(redis, keys, 'globex', t0, t0 + 4 * WINDOW_MS);
    expect(globex.availability).toBe(100);

    const overall = await availabilityReport(redis, keys, null, t0, t0 + 4 * WINDOW_MS);
    // window 0: 3 failed / 20 valid = 0.15; window 3: 1/1.
    expect(overall.availability).toBeCloseTo((1 - (2 / 20 + 1) / 4) * 100, 4);
    expect(overall.validRequests).toBe(26);
  });

  it('keeps counts it could not write and writes them with the next flush', async () => {
    const broken = createRedis('redis://127.0.0.1:1', { failFast: true });
    broken.on('error', () => undefined);
    const recorder = new AvailabilityRecorder(broken, keys, 60_000);
    recorder.record('acme', true, { at: 0 });
    await expect(recorder.flush()).rejects.toBeDefined();
    expect((recorder as unknown as { counter: { pending: Map<number, Map<string, number>> } }).counter.pending.get(0)?.get('f:acme')).toBe(1);
    await recorder.close();
    broken.disconnect();
  });
});

describe('ApiKeyStore QPS', () => {
  it('stores a limit with the key, changes it, and falls back to the default', async () => {
    const store = new ApiKeyStore(redis, keys, [{ tenant: 'static', key: 'static-key-0123456789' }], 7);
    const { key, info } = await store.create('acme', { qps: 20 });
    expect(info.qps).toBe(20);
    expect(await store.resolve(key)).toMatchObject({ tenant: 'acme', qps: 20, id: info.id });
    expect(await store.setQps(info.id, 5)).toBe(true);
    expect((await store.resolve(key))?.qps).toBe(5);
    expect(await store.setQps(info.id, null)).toBe(true);
    expect((await store.resolve(key))?.qps).toBe(7);
    expect((await store.resolve('static-key-0123456789'))?.qps).toBe(7);
    await expect(store.create('acme', { qps: -1 })).rejects.toThrow(/qps/);
  });
});
