import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import {
  ClassifierStore,
  createRedis,
  encodeExamples,
  examplesProblem,
  looksLikeJsonLines,
  parseExamples,
  redisKeys,
  type StoredClassifier,
} from '../src/index.js';

const prefix = `test-clf-${randomBytes(4).toString('hex')}`;
const redis = createRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
const keys = redisKeys(prefix);
const store = new ClassifierStore(redis, keys);

afterAll(async () => {
  const left = await redis.keys(`${prefix}:*`);
  if (left.length) await redis.del(...left);
  redis.disconnect();
});

const record = (name: string, id = `clf_${name}`): StoredClassifier => ({
  name,
  category: 'custom',
  status: 'queued',
  progress: 0,
  examples: 200,
  jobId: `job-${name}`,
  createdAt: new Date().toISOString(),
  updatedAt: new Date().toISOString(),
  figures: null,
  error: null,
  id,
  examplesFile: 'blob',
});

describe('examples files', () => {
  it('reads JSON Lines examples and names the first line that is not one', () => {
    const bytes = encodeExamples([{ text: '你好', label: false }, { text: 'a "quoted"\nline', label: true }]);
    expect(looksLikeJsonLines(bytes)).toBe(true);
    expect(parseExamples(bytes)).toEqual([{ text: '你好', label: false }, { text: 'a "quoted"\nline', label: true }]);
    expect(looksLikeJsonLines(Buffer.from('text, label\n'))).toBe(false);
    expect(looksLikeJsonLines(Buffer.from([0x7b, 0xff, 0xfe]))).toBe(false);
    expect(() => parseExamples(Buffer.from('{"text":"a","label":true}\n\n{"text":"b","label":1}'))).toThrow(/line 3 of the examples file: label: label must be true/);
    expect(() => parseExamples(Buffer.from('{"text":"a","label":true,"weight":2}'))).toThrow(expect.objectContaining({ code: 'invalid_examples' }));
    expect(() => parseExamples(Buffer.from('{"text":'))).toThrow(/line 1 of the examples file is not JSON/);
  });

  it('says when examples cannot train a classifier', () => {
    const of = (yes: number, no: number) => [...Array.from({ length: yes }, () => ({ text: 'y', label: true })), ...Array.from({ length: no }, () => ({ text: 'n', label: false }))];
    expect(examplesProblem(of(100, 99))).toMatch(/at least 200 examples; got 199/);
    expect(examplesProblem(of(19, 300))).toMatch(/each label needs at least 20 examples; got 19 labelled true and 300 labelled false/);
    expect(examplesProblem(of(20, 180))).toBeNull();
  });
});

describe('the classifier store', () => {
  it('creates a name once, writes only the training it was made for, and deletes record and weights together', async () => {
    await store.create('acme', record('spam'));
    await expect(store.create('acme', record('spam'))).rejects.toMatchObject({ code: 'already_exists' });
    expect(await store.update('acme', 'spam', 'clf_other', { status: 'training' })).toBe(false);
    expect((await store.get('acme', 'spam')).status).toBe('queued');
    const before = await store.version('acme');
    expect(await store.update('acme', 'spam', 'clf_spam', { status: 'ready', examplesFile: null }, Buffer.from([1, 2, 3]))).toBe(true);
    expect(await store.version('acme')).toBe(before + 1);
    const ready = await store.ready('acme');
    expect(ready.classifiers.map((c) => [c.record.name, [...c.weights]])).toEqual([['spam', [1, 2, 3]]]);
    await expect(store.get('globex', 'spam')).rejects.toMatchObject({ code: 'not_found' });
    expect((await store.delete('acme', 'spam')).id).toBe('clf_spam');
    expect(await redis.exists(keys.classifierWeights('acme', 'spam'), keys.classifiers('acme'))).toBe(0);
    expect(await store.version('acme')).toBe(before + 2);
    await expect(store.delete('acme', 'spam')).rejects.toMatchObject({ code: 'not_found' });
  });

  it('holds at most 20 classifiers per tenant', async () => {
    for (let i = 0; i < 20; i++) await store.create('full', record(`c${i}`));
    await expect(store.create('full', record('c20'))).rejects.toMatchObject({ code: 'limit_exceeded' });
    expect((await store.list('full')).length).toBe(20);
  });
});
