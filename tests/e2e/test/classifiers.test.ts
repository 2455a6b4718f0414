import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createRedis } from '@crs/core';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tracesOf } from './helpers/keyspace.js';
import { startProcessStack } from './helpers/processStack.js';
import { eventually, KEYS, REDIS_URL, startStack, type Stack } from './helpers/stack.js';

/** Real labelled data: 400 SWSR comments and one more for the probe (see fixtures/classifier/README.md). */
const FIXTURES = new URL('./fixtures/classifier/', import.meta.url);
const examplesFile = fs.readFileSync(new URL('swsr-sexism.jsonl', FIXTURES));
const examples = examplesFile
  .toString('utf8')
  .split('\n')
  .filter(Boolean)
  .map((line) => JSON.parse(line) as { text: string; label: boolean });
const probe = (JSON.parse(fs.readFileSync(new URL('probe.json', FIXTURES), 'utf8')) as { text: string }).text;

interface Hit {
  category: string;
  source: string;
  lexicon: string;
  start: number;
  end: number;
  score?: number;
}

describe("a tenant's own text classifier, trained by the workers from its labelled examples", () => {
  // Two API + worker hosts on one prefix: the first trains, the second only ever reads the weights from Redis.
  let trainer: Stack;
  let other: Stack;
  let redis: Redis;
  const moderate = (stack: Stack, text: string, key = KEYS.acme) => stack.call('POST', '/v1/text/moderate', { body: { text }, key });
  const ready = (stack: Stack, name: string) =>
    eventually(
      async () => {
        const res = await stack.call('GET', `/v1/text/classifiers/${name}`);
        expect(res.body.status).not.toBe('failed');
        return res.body.status === 'ready' ? res.body : undefined;
      },
      120_000,
      `classifier ${name} to be ready`,
    );

  beforeAll(async () => {
    trainer = await startStack();
    other = await startStack({ prefix: trainer.prefix, env: { WORKER_TASKS: 'text.moderate' } });
    redis = createRedis(REDIS_URL);
  });
  afterAll(async () => {
    redis?.disconnect();
    await trainer?.close();
    await other?.close();
  });

  it('trains from real labelled examples, reports held-out figures, and flags under its category what the built-in model passes', async () => {
    const plain = await moderate(other, probe);
    expect(plain.body.verdict).toBe('pass');

    const created = await trainer.call('POST', '/v1/text/classifiers', { body: { name: 'sexism', category: 'custom', examples } });
    expect(created.status).toBe(202);
    expect(created.headers.get('location')).toBe('/v1/text/classifiers/sexism');
    expect(created.body).toMatchObject({ name: 'sexism', category: 'custom', status: 'queued', progress: 0, examples: 400, figures: null, error: null });
    const again = await trainer.call('POST', '/v1/text/classifiers', { body: { name: 'sexism', examples } });
    expect({ status: again.status, code: again.body.error.code }).toEqual({ status: 409, code: 'already_exists' });

    const done = await ready(trainer, 'sexism');
    const f = done.figures;
    expect(done).toMatchObject({ progress: 100, error: null });
    expect({ train: f.trainExamples, heldOut: f.heldOutExamples }).toEqual({ train: 320, heldOut: 80 });
    expect(f.truePositives + f.falsePositives + f.falseNegatives + f.trueNegatives).toBe(80);
    expect(f.truePositives + f.falseNegatives).toBe(40);
    expect(f.precision).toBeCloseTo(f.truePositives / (f.truePositives + f.falsePositives), 6);
    expect(f.recall).toBeCloseTo(f.truePositives / 40, 6);
    expect(f.f1).toBeGreaterThan(0.5);
    expect(f.split).toMatch(/seeded 80\/20 split stratified by label/);
    // The record is ready a moment before the job that made it is marked finished.
    const job = await eventually(async () => {
      const res = await trainer.call('GET', `/v1/jobs/${done.jobId}`);
      return res.body.status === 'running' ? undefined : res;
    });
    expect(job.body).toMatchObject({ task: 'text.classifier.train', status: 'succeeded' });
    expect(job.body.result.figures).toEqual(f);

    // The trainer's worker stops: the other host, which never trained, scores with the weights it reads from Redis.
    await trainer.host!.close();
    const flagged = await moderate(other, probe);
    expect(flagged.body.verdict).toBe('review');
    expect(flagged.body.labels.find((l: { category: string }) => l.category === 'custom')).toMatchObject({ verdict: 'review', source: 'model' });
    expect(flagged.body.labels.find((l: { category: string }) => l.category === 'abuse').verdict).toBe('pass');
    const hits = (flagged.body.hits as Hit[]).filter((h) => h.lexicon === 'classifier:sexism');
    expect(hits.length).toBeGreaterThan(0);
    for (const h of hits) {
      expect(h).toMatchObject({ category: 'custom', source: 'model' });
      expect(h.score).toBeGreaterThanOrEqual(0.5);
      expect(0 <= h.start && h.start < h.end && h.end <= [...probe].length).toBe(true);
    }
    const asJob = await other.call('POST', '/v1/jobs', { body: { task: 'text.moderate', input: { text: probe } }, headers: { prefer: 'wait=20' } });
    expect(asJob.body.result.verdict).toBe('review');
    expect(asJob.body.result.hits.some((h: Hit) => h.lexicon === 'classifier:sexism')).toBe(true);
    // Only categories asked for are scored.
    const abuseOnly = await other.call('POST', '/v1/text/moderate', { body: { text: probe, categories: ['abuse'] } });
    expect(abuseOnly.body.verdict).toBe('pass');

    // Another tenant neither sees it nor is scored by it.
    expect((await moderate(other, probe, KEYS.globex)).body.verdict).toBe('pass');
    expect((await other.call('GET', '/v1/text/classifiers/sexism', { key: KEYS.globex })).status).toBe(404);
    expect((await other.call('DELETE', '/v1/text/classifiers/sexism', { key: KEYS.globex })).status).toBe(404);
    expect((await other.call('GET', '/v1/text/classifiers', { key: KEYS.globex })).body).toEqual({ classifiers: [] });
    expect((await other.call('GET', '/v1/text/classifiers')).body.classifiers.map((c: { name: string }) => c.name)).toEqual(['sexism']);

    // Trained once, the examples are gone from the blob store; deleting the classifier leaves nothing of it in Redis.
    const blobs = path.join(trainer.config.blobs.dir);
    const stillThere = fs.existsSync(blobs) ? fs.readdirSync(blobs, { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && fs.readFileSync(path.join(e.parentPath, e.name)).includes(examples[0]!.text)) : [];
    expect(stillThere).toEqual([]);
    const needles = ['sexism', done.jobId as string];
    expect(await tracesOf(redis, needles, `${trainer.prefix}:*`)).not.toEqual([]);
    expect((await other.call('DELETE', '/v1/text/classifiers/sexism')).status).toBe(204);
    // What may still name it are the tenant's own moderation results whose hits it made (the jobs and their
    // review items), which go with DELETE /v1/jobs/:id or at the end of the retention period like any other.
    const theirs = [`${trainer.prefix}:text.moderate:`, `${trainer.prefix}:review:`];
    const left = await tracesOf(redis, needles, `${trainer.prefix}:*`);
    expect(left.filter((t) => !theirs.some((p) => t.startsWith(p)) || t.includes(done.jobId as string))).toEqual([]);
    expect(await redis.keys(`${trainer.prefix}:clf:*`)).toEqual([`${trainer.prefix}:clf:acme:version`]);
    expect((await other.call('GET', '/v1/text/classifiers/sexism')).status).toBe(404);
    expect((await moderate(other, probe)).body.verdict).toBe('pass');
  }, 240_000);

  it('takes the examples as an uploaded JSON Lines file, and refuses examples that cannot train', async () => {
    const upload = (bytes: Buffer) => {
      const form = new FormData();
      form.append('file', new Blob([bytes], { type: 'application/x-ndjson' }), 'examples.jsonl');
      return other.call('POST', '/v1/files', { body: form });
    };
    const file = await upload(examplesFile);
    expect(file.status).toBe(201);
    expect(file.body.contentType).toBe('application/x-ndjson');
    const name = `file-${randomBytes(3).toString('hex')}`;
    const created = await other.call('POST', '/v1/text/classifiers', { body: { name, category: 'abuse', examplesFileId: file.body.id } });
    expect(created.status).toBe(202);
    expect(created.body).toMatchObject({ name, category: 'abuse', examples: 400, status: 'queued' });
    // Consumed: the upload is gone once its examples are taken.
    expect((await other.call('GET', `/v1/files/${file.body.id}`)).status).toBe(404);
    expect((await other.call('DELETE', `/v1/text/classifiers/${name}`)).status).toBe(204);

    const refused = async (body: unknown, status: number, code: string, message: RegExp) => {
      const res = await other.call('POST', '/v1/text/classifiers', { body });
      expect({ status: res.status, code: res.body.error.code }).toEqual({ status, code });
      expect(res.body.error.message).toMatch(message);
    };
    await refused({ name: 'few', examples: examples.slice(0, 199) }, 400, 'invalid_examples', /at least 200 examples; got 199/);
    await refused({ name: 'one-label', examples: examples.map((e) => ({ ...e, label: true })) }, 400, 'invalid_examples', /each label needs at least 20/);
    await refused({ name: 'numbers', examples: examples.map((e) => ({ ...e, label: e.label ? 1 : 0 })) }, 400, 'invalid_request', /label must be true .* or false/);
    await refused({ name: 'typo', exmaples: examples }, 400, 'invalid_request', /exmaples is not a known field; did you mean "examples"/);
    await refused({ name: 'Bad Name', examples }, 400, 'invalid_request', /name must be 1–64 lower-case letters/);
    await refused({ name: 'both', examples, examplesFileId: file.body.id }, 400, 'invalid_request', /give the examples one way: examples, examplesFileId or examplesFrom/);
    await refused({ name: 'gone', examplesFileId: file.body.id }, 422, 'file_not_found', /upload the examples to POST \/v1\/files first/);
    const broken = await upload(Buffer.concat([examplesFile, Buffer.from('{"text": "no label"}\n')]));
    await refused({ name: 'broken', examplesFileId: broken.body.id }, 400, 'invalid_examples', /line 401 of the examples file: label: label must be true/);
    expect((await other.call('GET', '/v1/text/classifiers')).body.classifiers).toEqual([]);
  }, 60_000);

  it('trains and scores in the API and worker processes that npm start runs', async () => {
    const stack = await startProcessStack({ plugins: 'text-moderation', tasks: ['text.moderate', 'text.classifier.train'] });
    try {
      expect((await stack.call('POST', '/v1/text/moderate', { body: { text: probe } })).body.verdict).toBe('pass');
      expect((await stack.call('POST', '/v1/text/classifiers', { body: { name: 'sexism', examples } })).status).toBe(202);
      const done = await eventually(
        async () => {
          const res = await stack.call('GET', '/v1/text/classifiers/sexism');
          expect(res.body.status).not.toBe('failed');
          return res.body.status === 'ready' ? res.body : undefined;
        },
        120_000,
        'the classifier to be ready',
      );
      // The same examples and seed give the same figures in any process.
      expect(done.figures).toMatchObject({ trainExamples: 320, heldOutExamples: 80, truePositives: expect.any(Number) });
      const flagged = await stack.call('POST', '/v1/text/moderate', { body: { text: probe } });
      expect(flagged.body.verdict).toBe('review');
      expect(flagged.body.hits.some((h: Hit) => h.lexicon === 'classifier:sexism' && h.category === 'custom')).toBe(true);
      expect((await stack.call('DELETE', '/v1/text/classifiers/sexism')).status).toBe(204);
      expect((await stack.call('POST', '/v1/text/moderate', { body: { text: probe } })).body.verdict).toBe('pass');
    } finally {
      await stack.close();
    }
  }, 240_000);
});

describe("a tenant's own text classifier, trained in one call from its moderators' decisions", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('learns from the review queue what the moderators blocked and passed', async () => {
    const key = KEYS.globex;
    // The tenant sends to its moderators whatever the built-in abuse model finds the least suspicious…
    const thresholds = { abuse: { review: 0.02, block: 0.999 } };
    let positives = 0;
    let negatives = 0;
    for (const example of examples) {
      // One at a time, so the queue's order (and so the seeded split) is the same on every run.
      const res = await stack.call('POST', '/v1/text/moderate', { body: { text: example.text, thresholds }, key });
      expect(res.status).toBe(200);
      // Blocks are not queued for people (the tenant's review settings leave them out).
      if (res.body.verdict !== 'review') continue;
      // …who decide by the data set's own label: sexist comments are blocked as abuse, the rest passed.
      const decision = example.label ? { decision: 'block', categories: ['abuse'] } : { decision: 'pass' };
      const decided = await stack.call('POST', `/v1/jobs/${res.body.jobId}/review`, { body: decision, key });
      expect(decided.status).toBe(200);
      if (example.label) positives++;
      else negatives++;
    }
    expect(positives + negatives).toBeGreaterThanOrEqual(200);

    // Not enough for another category: blocks named abuse say nothing of ads, and passes alone cannot train.
    const tooFew = await stack.call('POST', '/v1/text/classifiers', { body: { name: 'ads', category: 'ad', examplesFrom: 'reviews' }, key });
    expect({ status: tooFew.status, code: tooFew.body.error.code }).toEqual({ status: 400, code: 'invalid_examples' });
    expect(tooFew.body.error.message).toMatch(/review queue/);
    const twoSources = await stack.call('POST', '/v1/text/classifiers', { body: { name: 'x', examplesFrom: 'reviews', examples }, key });
    expect(twoSources.status).toBe(400);

    const created = await stack.call('POST', '/v1/text/classifiers', { body: { name: 'from-reviews', category: 'abuse', examplesFrom: 'reviews' }, key });
    expect(created.status).toBe(202);
    expect(created.body).toMatchObject({ name: 'from-reviews', category: 'abuse', examples: positives + negatives });
    const done = await eventually(
      async () => {
        const res = await stack.call('GET', '/v1/text/classifiers/from-reviews', { key });
        expect(res.body.status).not.toBe('failed');
        return res.body.status === 'ready' ? res.body : undefined;
      },
      120_000,
      'the classifier trained from reviews',
    );
    const f = done.figures;
    expect(f.trainExamples + f.heldOutExamples).toBe(positives + negatives);
    expect(f.truePositives + f.falseNegatives).toBeGreaterThan(0);
    expect(f.f1).toBeGreaterThan(0.5);

    // At the default thresholds the built-in model passes most of these comments; the tenant's classifier now flags
    // under abuse far more of the sexist ones than of the others, and only for that tenant.
    const flaggedShare = async (label: boolean, asKey: string) => {
      let flagged = 0;
      const texts = examples.filter((e) => e.label === label);
      for (const { text } of texts) {
        const res = await stack.call('POST', '/v1/text/moderate', { body: { text }, key: asKey });
        if (res.body.hits.some((h: Hit) => h.lexicon === 'classifier:from-reviews' && h.category === 'abuse' && h.source === 'model')) flagged++;
      }
      return flagged / texts.length;
    };
    const sexist = await flaggedShare(true, key);
    const other = await flaggedShare(false, key);
    expect(sexist).toBeGreaterThan(0.5);
    expect(sexist - other).toBeGreaterThan(0.25);
    expect(await flaggedShare(true, KEYS.acme)).toBe(0);
  }, 300_000);
});
